"""The citizen satisfaction index (IKM) of PermenPANRB No. 14 Tahun 2017.

Source: Peraturan Menteri PANRB No. 14 Tahun 2017 tentang Pedoman Penyusunan Survei Kepuasan
Masyarakat Unit Penyelenggara Pelayanan Publik, Lampiran: the minimum scope of nine elements
(*unsur*): Persyaratan; Sistem, Mekanisme, dan Prosedur; Waktu Penyelesaian; Biaya/Tarif;
Produk Spesifikasi Jenis Pelayanan; Kompetensi Pelaksana; Perilaku Pelaksana; Sarana dan
prasarana; Penanganan Pengaduan, Saran dan Masukan. The codes U1–U9 follow the order the
halls' survey forms and HQ's reports use (U8 facilities, U9 complaint handling); the
regulation's scope list names the last two the other way round, and the wire schema carries
only the codes, so every hall must use the same order. Each answer scores 1 (tidak baik) …
4 (sangat baik).

Shapes:

* answers of one respondent: ``{"U1": 4, …, "U9": 3}``, each 1–4 (``validate_answers``);
* per element, NRR = sum of its scores / respondents (a ``Fraction``, exact);
* IKM = Σ (NRR × 1/9) × 25, on 25–100. The regulation writes the weight as "1/9 = 0,11" and
  some halls' spreadsheets use 0.111; both shrink the index (0.111: by 0.1 %, 0.11: by 1 %),
  which can cost a grade near a bound. This module computes with the exact 1/9 and reports the
  0.111 figure beside it as a difference (``IkmSummary.index_0111``);
* the grade from the index rounded to two decimals, half up (``round2``), as the regulation
  tabulates its intervals: A 88.31–100 Sangat Baik, B 76.61–88.30 Baik, C 65.00–76.60 Kurang
  Baik, D 25.00–64.99 Tidak Baik. So 88.305 → 88.31 → A, 88.3049 → 88.30 → B, 64.995 →
  65.00 → C. Rounded, every index falls in exactly one interval (no gaps between them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Final

from app.domain.errors import KnownError
from app.i18n import N_, gettext


class InvalidAnswers(KnownError):
    """Survey answers that are not nine scores of 1–4 (a usage error, exit 2)."""

    code = "invalid_answers"
    exit_code = 2


@dataclass(frozen=True, slots=True)
class Element:
    """One element (*unsur*) of the survey: its code, name and the plain question asked."""

    code: str  # "U1".."U9"
    name_id: str  # Indonesian, a catalog msgid (N_)
    question_id: str

    def name(self, lang: str = "id") -> str:
        return gettext(self.name_id, lang)

    def question(self, lang: str = "id") -> str:
        return gettext(self.question_id, lang)


ELEMENTS: Final[tuple[Element, ...]] = (
    Element(
        "U1",
        N_("Persyaratan"),
        N_("Bagaimana kejelasan dan kesesuaian persyaratan layanan ini?"),
    ),
    Element(
        "U2",
        N_("Sistem, mekanisme, dan prosedur"),
        N_("Bagaimana kemudahan prosedur pelayanan?"),
    ),
    Element(
        "U3",
        N_("Waktu penyelesaian"),
        N_("Bagaimana kecepatan waktu pelayanan?"),
    ),
    Element(
        "U4",
        N_("Biaya/tarif"),
        N_("Bagaimana kesesuaian biaya dengan tarif resmi (atau gratis)?"),
    ),
    Element(
        "U5",
        N_("Produk spesifikasi jenis pelayanan"),
        N_("Bagaimana hasil layanan yang Anda terima?"),
    ),
    Element(
        "U6",
        N_("Kompetensi pelaksana"),
        N_("Bagaimana kemampuan petugas dalam melayani?"),
    ),
    Element(
        "U7",
        N_("Perilaku pelaksana"),
        N_("Bagaimana kesopanan dan keramahan petugas?"),
    ),
    Element(
        "U8",
        N_("Sarana dan prasarana"),
        N_("Bagaimana sarana dan prasarana (ruang tunggu, toilet, parkir)?"),
    ),
    Element(
        "U9",
        N_("Penanganan pengaduan, saran dan masukan"),
        N_("Bagaimana layanan pengaduan, saran, dan masukan di sini?"),
    ),
)
CODES: Final[tuple[str, ...]] = tuple(e.code for e in ELEMENTS)
SCORES: Final[tuple[int, ...]] = (1, 2, 3, 4)


@dataclass(frozen=True, slots=True)
class AnswerLabel:
    score: int
    label_id: str  # Indonesian, a catalog msgid (N_)

    def label(self, lang: str = "id") -> str:
        return gettext(self.label_id, lang)


ANSWER_LABELS: Final[tuple[AnswerLabel, ...]] = (
    AnswerLabel(1, N_("Tidak baik")),
    AnswerLabel(2, N_("Kurang baik")),
    AnswerLabel(3, N_("Baik")),
    AnswerLabel(4, N_("Sangat baik")),
)

EXACT_WEIGHT: Final = Fraction(1, 9)
ROUNDED_WEIGHT: Final = Fraction(111, 1000)  # 0.111, as some halls' spreadsheets have it
SCALE: Final = 25
_CENT: Final = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Grade:
    """A grade (*mutu pelayanan*) and the closed interval of rounded indices it covers."""

    letter: str
    label_id: str  # Indonesian, a catalog msgid (N_)
    low: Decimal
    high: Decimal

    @property
    def label_en(self) -> str:
        return self.label("en")

    def label(self, lang: str = "id") -> str:
        return gettext(self.label_id, lang)


GRADES: Final[tuple[Grade, ...]] = (
    Grade("A", N_("Sangat Baik"), Decimal("88.31"), Decimal("100.00")),
    Grade("B", N_("Baik"), Decimal("76.61"), Decimal("88.30")),
    Grade("C", N_("Kurang Baik"), Decimal("65.00"), Decimal("76.60")),
    Grade("D", N_("Tidak Baik"), Decimal("25.00"), Decimal("64.99")),
)


def round2(value: Fraction | Decimal | float | int) -> Decimal:
    """``value`` to two decimals, half up (88.305 → 88.31). A float is read as the decimal
    it prints as (``88.305`` means 88.305, not the binary number nearest to it)."""
    if isinstance(value, float):
        exact = Decimal(repr(value))
    elif isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        # Decimal division is correct to 28 digits: ample for a half-up to 2 decimals unless
        # the value sits within 1e-26 of a tie, which a fraction of answer sums cannot.
    else:
        exact = Decimal(value)
    return exact.quantize(_CENT, rounding=ROUND_HALF_UP)


def grade_for(index: Fraction | Decimal | float | int) -> Grade:
    """The grade of an IKM ``index`` (25–100), by its value rounded with ``round2``.

    Raises ``ValueError`` outside 25–100.
    """
    rounded = round2(index)
    for grade in GRADES:
        if grade.low <= rounded <= grade.high:
            return grade
    raise ValueError(f"an IKM index is 25–100, not {index}")


def validate_answers(answers: Mapping[str, object] | Sequence[object]) -> dict[str, int]:
    """``{"U1": s1, …, "U9": s9}`` from a mapping with exactly the nine codes or a sequence
    of nine scores in element order; every score an int 1–4. Raises ``InvalidAnswers``."""
    if isinstance(answers, Mapping):
        keys = set(answers)
        if keys != set(CODES):
            raise InvalidAnswers(
                N_("Jawaban harus untuk sembilan unsur U1–U9."),
                got=sorted(str(k) for k in keys),
            )
        values = [answers[c] for c in CODES]
    else:
        values = list(answers)
        if len(values) != len(CODES):
            raise InvalidAnswers(
                N_("Harus ada 9 jawaban (ada {values})."),
                values=len(values),
            )
    checked: dict[str, int] = {}
    for code, value in zip(CODES, values, strict=True):
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCORES:
            raise InvalidAnswers(
                N_("Jawaban {code} harus 1, 2, 3 atau 4 (bukan {value!r})."),
                code=code,
                value=value,
            )
        checked[code] = value
    return checked


def parse_answers(text: str) -> dict[str, int]:
    """``"4,4,3,4,4,3,4,4,4"`` (commas, optional spaces) → validated answers."""
    parts = [p.strip() for p in text.split(",")]
    scores: list[object] = []
    for part in parts:
        scores.append(int(part) if part.isdigit() and len(part) == 1 else part)
    return validate_answers(scores)


@dataclass(frozen=True, slots=True)
class IkmSummary:
    """The survey of ``respondents`` people, with the figures the regulation asks for.

    ``sums`` per element in ``CODES`` order; ``nrr`` = sums / respondents (exact); ``index``
    = Σ nrr × 1/9 × 25 (exact, 25–100); ``index_0111`` the same with the weight 0.111.
    With no respondents every figure is None.
    """

    respondents: int
    sums: tuple[int, ...]
    nrr: tuple[Fraction, ...] | None
    index: Fraction | None
    index_0111: Fraction | None

    @property
    def index_rounded(self) -> Decimal | None:
        return None if self.index is None else round2(self.index)

    @property
    def index_0111_rounded(self) -> Decimal | None:
        return None if self.index_0111 is None else round2(self.index_0111)

    @property
    def difference_0111(self) -> Decimal | None:
        """How much lower the 0.111 weight makes the index (rounded figures, ≥ 0)."""
        if self.index_rounded is None or self.index_0111_rounded is None:
            return None
        return self.index_rounded - self.index_0111_rounded

    @property
    def grade(self) -> Grade | None:
        return None if self.index is None else grade_for(self.index)

    @property
    def grade_0111(self) -> Grade | None:
        return None if self.index_0111 is None else grade_for(max(self.index_0111, Fraction(25)))


def index_with_weight(nrr: Sequence[Fraction], weight: Fraction) -> Fraction:
    """Σ (NRR × ``weight``) × 25: the IKM as the regulation's formula reads with ``weight``."""
    return sum((value * weight for value in nrr), Fraction(0)) * SCALE


def summarize(respondents: int, sums: Sequence[int]) -> IkmSummary:
    """The figures from ``respondents`` and the per-element score sums (as SQL gives them).

    Raises ``ValueError`` for sums impossible with that many respondents.
    """
    if respondents < 0 or len(sums) != len(CODES):
        raise ValueError(f"{respondents} respondents with {len(sums)} sums")
    if any(not respondents <= s <= 4 * respondents for s in sums):
        raise ValueError(f"sums {list(sums)} impossible for {respondents} respondents")
    if respondents == 0:
        return IkmSummary(0, tuple(sums), None, None, None)
    nrr = tuple(Fraction(s, respondents) for s in sums)
    return IkmSummary(
        respondents,
        tuple(sums),
        nrr,
        index_with_weight(nrr, EXACT_WEIGHT),
        index_with_weight(nrr, ROUNDED_WEIGHT),
    )


def summarize_answers(rows: Iterable[Mapping[str, int]]) -> IkmSummary:
    """The figures of individual answer sets (each validated)."""
    sums = [0] * len(CODES)
    count = 0
    for row in rows:
        checked = validate_answers(row)
        count += 1
        for i, code in enumerate(CODES):
            sums[i] += checked[code]
    return summarize(count, sums)
