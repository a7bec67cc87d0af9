"""The IKM arithmetic of PermenPANRB 14/2017: exact figures, the grade bounds, the answers."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.ikm import (
    ANSWER_LABELS,
    CODES,
    ELEMENTS,
    GRADES,
    InvalidAnswers,
    grade_for,
    parse_answers,
    round2,
    summarize,
    summarize_answers,
    validate_answers,
)


def _answers(*scores: int) -> dict[str, int]:
    return dict(zip(CODES, scores, strict=True))


def test_nine_elements_in_the_regulations_order() -> None:
    assert CODES == ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")
    names = [e.name_id for e in ELEMENTS]
    assert names[0] == "Persyaratan" and names[2] == "Waktu penyelesaian"
    assert names[7] == "Sarana dan prasarana" and names[8].startswith("Penanganan pengaduan")
    assert all(e.question_id.endswith("?") and e.question("en").endswith("?") for e in ELEMENTS)
    assert [a.label_id for a in ANSWER_LABELS] == [
        "Tidak baik",
        "Kurang baik",
        "Baik",
        "Sangat baik",
    ]


def test_one_respondent_exact_figures() -> None:
    summary = summarize_answers([_answers(4, 4, 3, 4, 4, 3, 4, 4, 4)])
    assert summary.respondents == 1
    assert summary.nrr == tuple(Fraction(s) for s in (4, 4, 3, 4, 4, 3, 4, 4, 4))
    assert summary.index == Fraction(850, 9)  # 34/9 × 25 = 94.444…
    assert summary.index_rounded == Decimal("94.44")
    assert summary.index_0111_rounded == Decimal("94.35")  # 34 × 0.111 × 25 = 94.35
    assert summary.difference_0111 == Decimal("0.09")
    assert summary.grade is not None and summary.grade.letter == "A"


def test_the_rounded_weight_can_cost_a_grade() -> None:
    # Five respondents, 159 points of 180: exactly 88.33 (A); with 0.111, 88.245 → 88.25 (B).
    rows = [_answers(*[4] * 9)] * 3 + [_answers(*[3] * 9), _answers(3, 3, 3, 3, 3, 3, 2, 2, 2)]
    summary = summarize_answers(rows)
    assert sum(summary.sums) == 159
    assert summary.index == Fraction(159 * 25, 45)
    assert summary.index_rounded == Decimal("88.33")
    assert summary.index_0111 == Fraction("88.245")
    assert summary.index_0111_rounded == Decimal("88.25")
    assert summary.grade is not None and summary.grade.letter == "A"
    assert summary.grade_0111 is not None and summary.grade_0111.letter == "B"


def test_the_extremes() -> None:
    worst = summarize_answers([_answers(*[1] * 9)] * 3)
    best = summarize_answers([_answers(*[4] * 9)] * 3)
    assert worst.index == 25 and worst.grade is not None and worst.grade.letter == "D"
    assert best.index == 100 and best.grade is not None and best.grade.letter == "A"
    assert best.index_0111_rounded == Decimal("99.90")


def test_no_respondents_no_figures() -> None:
    empty = summarize(0, [0] * 9)
    assert empty.nrr is None and empty.index is None and empty.grade is None
    assert empty.index_rounded is None and empty.difference_0111 is None


def test_impossible_sums_are_refused() -> None:
    with pytest.raises(ValueError):
        summarize(2, [9] * 9)
    with pytest.raises(ValueError):
        summarize(2, [2] * 8)


@pytest.mark.parametrize(
    ("index", "letter"),
    [
        (100, "A"),
        (88.31, "A"),
        (88.305, "A"),  # rounds half up to 88.31
        (88.3049, "B"),
        (88.30, "B"),
        (76.61, "B"),
        (76.605, "B"),
        (76.6049, "C"),
        (76.60, "C"),
        (65.00, "C"),
        (64.995, "C"),  # 65.00
        (64.9949, "D"),
        (64.99, "D"),
        (25, "D"),
        (Fraction(176611, 2000), "A"),  # 88.3055 exactly
        (Decimal("88.305"), "A"),
    ],
)
def test_grade_bounds(index: float | Fraction | Decimal, letter: str) -> None:
    assert grade_for(index).letter == letter


@pytest.mark.parametrize("index", [24.99, 24.994, 100.005, 101, -1])
def test_outside_the_scale_is_an_error(index: float) -> None:
    with pytest.raises(ValueError):
        grade_for(index)


def test_every_cent_has_exactly_one_grade() -> None:
    labels = {g.letter: g.label_id for g in GRADES}
    assert labels == {"A": "Sangat Baik", "B": "Baik", "C": "Kurang Baik", "D": "Tidak Baik"}
    for cents in range(2500, 10001):
        value = Decimal(cents) / 100
        assert sum(g.low <= value <= g.high for g in GRADES) == 1, value


def test_round2_is_half_up() -> None:
    assert round2(Fraction(1, 200)) == Decimal("0.01")
    assert round2(88.305) == Decimal("88.31")
    assert round2(Decimal("76.6049")) == Decimal("76.60")


@pytest.mark.parametrize(
    "bad",
    [
        [4] * 8,
        [4] * 10,
        [4] * 8 + [0],
        [4] * 8 + [5],
        [4] * 8 + [True],
        [4] * 8 + ["4"],
        [4] * 8 + [3.0],
    ],
)
def test_bad_answer_lists(bad: list[object]) -> None:
    with pytest.raises(InvalidAnswers) as err:
        validate_answers(bad)
    assert err.value.exit_code == 2 and err.value.message_id and err.value.message_en


def test_answers_by_code() -> None:
    assert validate_answers(_answers(*[2] * 9)) == {c: 2 for c in CODES}
    with pytest.raises(InvalidAnswers):
        validate_answers({c: 2 for c in CODES[:8]})
    with pytest.raises(InvalidAnswers):
        validate_answers({**{c: 2 for c in CODES}, "U10": 2})


def test_parse_answers() -> None:
    assert parse_answers("4,4,3,4,4,3,4,4,4") == _answers(4, 4, 3, 4, 4, 3, 4, 4, 4)
    assert parse_answers(" 1, 2,3,4,1,2,3,4,1 ")["U2"] == 2
    for bad in ("4,4", "4,4,3,4,4,3,4,4,x", "4,4,3,4,4,3,4,4,10", "", "4;4;3;4;4;3;4;4;4"):
        with pytest.raises(InvalidAnswers):
            parse_answers(bad)


answer_sets = st.lists(
    st.lists(st.integers(1, 4), min_size=9, max_size=9).map(lambda s: _answers(*s)),
    min_size=1,
    max_size=60,
)


@given(answer_sets)
def test_index_matches_a_plain_computation(rows: list[dict[str, int]]) -> None:
    summary = summarize_answers(rows)
    n = len(rows)
    nrr = [sum(r[c] for r in rows) / n for c in CODES]
    plain = sum(v * (1 / 9) for v in nrr) * 25
    assert summary.index is not None and summary.index_0111 is not None
    assert abs(float(summary.index) - plain) < 1e-9
    assert 25 <= summary.index <= 100
    # The 0.111 weight is exactly 0.1 % low, whatever the answers.
    assert summary.index_0111 == summary.index * Fraction(999, 1000)
    assert summary.difference_0111 is not None and Decimal(0) <= summary.difference_0111
    assert summary.difference_0111 <= Decimal("0.11")


@given(answer_sets, st.randoms())
def test_order_of_respondents_does_not_matter(rows: list[dict[str, int]], rnd: object) -> None:
    shuffled = list(rows)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert summarize_answers(shuffled) == summarize_answers(rows)
