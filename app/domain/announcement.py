"""What the hall says when a ticket is called: Indonesian (and English) number reading.

Pure functions only. ``announcement_text`` gives three views of one call:

* ``sentence`` - the sentence shown on screen or printed ("Nomor antrean A nol nol lima, ...");
* ``tts_text`` - the same sentence written for a speech engine (letters as spoken names, commas
  where a pause helps), so the engine does not spell or swallow them;
* ``clips`` - the keys of recorded clips that, played in order, say the same thing.

Clip keys per language (one WAV per key, ``<clip dir>/<lang>/<key>.wav``):

* Indonesian: ``"0"``..``"9"`` (nol..sembilan), ``"sepuluh"``, ``"sebelas"``, ``"belas"``,
  ``"puluh"``, ``"seratus"``, ``"ratus"``; every number 1-999 is a join of these
  (123 = seratus + 2 + puluh + 3; 217 = 2 + ratus + 7 + belas).
* English: ``"0"``..``"19"``, ``"20"``, ``"30"``..``"90"``, ``"hundred"``
  (123 = 1 + hundred + 20 + 3).
* Both: ``letter_a``..``letter_z`` and the phrase clips in ``PHRASE_CLIPS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from app.domain.numbering import MAX_COUNTER, MAX_NUMBER, parse_display

Style = Literal["digits", "words"]
Lang = Literal["id", "en"]

STYLES: tuple[str, ...] = get_args(Style)
LANGS: tuple[str, ...] = get_args(Lang)
REPEAT_RANGE = (1, 3)  # how many times a call is said after the chime


@dataclass(frozen=True, slots=True)
class SpeechStyle:
    """How calls are said: digit by digit or as a number, in which language, how often.

    The one home of these limits: the per-PC settings (``[speech]``) and the speech worker
    both use it. Raises ValueError for a value outside them.
    """

    style: str = "digits"  # "digits": "A nol nol lima"; "words": "A lima"
    lang: str = "id"
    repeat: int = 1
    gap_s: float = 0.4  # seconds between repeats

    def __post_init__(self) -> None:
        if self.style not in STYLES:
            raise ValueError(f"style must be one of {', '.join(STYLES)}, got {self.style!r}")
        if self.lang not in LANGS:
            raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {self.lang!r}")
        if not REPEAT_RANGE[0] <= self.repeat <= REPEAT_RANGE[1]:
            raise ValueError(f"repeat must be in {REPEAT_RANGE[0]}..{REPEAT_RANGE[1]}")
        if not 0 <= self.gap_s <= 10:
            raise ValueError(f"gap_s must be 0..10 s, got {self.gap_s}")


_ONES_ID = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_SMALL_EN = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_TENS_EN = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

LETTER_NAMES_ID: dict[str, str] = {
    "A": "a", "B": "be", "C": "ce", "D": "de", "E": "e", "F": "ef", "G": "ge", "H": "ha",
    "I": "i", "J": "je", "K": "ka", "L": "el", "M": "em", "N": "en", "O": "o", "P": "pe",
    "Q": "ki", "R": "er", "S": "es", "T": "te", "U": "u", "V": "fe", "W": "we", "X": "eks",
    "Y": "ye", "Z": "zet",
}  # fmt: skip
LETTER_NAMES_EN: dict[str, str] = {
    "A": "ay", "B": "bee", "C": "see", "D": "dee", "E": "ee", "F": "ef", "G": "jee",
    "H": "aitch", "I": "eye", "J": "jay", "K": "kay", "L": "el", "M": "em", "N": "en",
    "O": "oh", "P": "pee", "Q": "cue", "R": "ar", "S": "ess", "T": "tee", "U": "you",
    "V": "vee", "W": "double you", "X": "ex", "Y": "why", "Z": "zed",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Phrases:
    number: str  # "Nomor antrean"
    proceed: str  # "silakan menuju loket"
    recall: str  # "Panggilan ulang"
    number_clip: str
    proceed_clip: str
    recall_clip: str


_PHRASES: dict[str, _Phrases] = {
    "id": _Phrases(
        "Nomor antrean", "silakan menuju loket", "Panggilan ulang",
        "nomor_antrean", "silakan_menuju_loket", "panggilan_ulang",
    ),
    "en": _Phrases(
        "Ticket number", "please proceed to counter", "Repeated call",
        "ticket_number", "please_proceed_to_counter", "repeated_call",
    ),
}  # fmt: skip

PHRASE_CLIPS: dict[str, dict[str, str]] = {
    lang: {p.number_clip: p.number, p.proceed_clip: p.proceed, p.recall_clip: p.recall}
    for lang, p in _PHRASES.items()
}
"""Per language: phrase clip key -> the words it says."""


@dataclass(frozen=True, slots=True)
class AnnouncementText:
    sentence: str
    tts_text: str
    clips: tuple[str, ...]
    lang: str


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------


def _check_number(n: int, low: int = 0, high: int = MAX_NUMBER) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"number must be an int, got {n!r}")
    if not low <= n <= high:
        raise ValueError(f"number must be in {low}..{high}, got {n}")


def number_clips_id(n: int) -> tuple[str, ...]:
    """Indonesian clip keys for ``n`` in 0..999 (see the module doc for the clip set)."""
    _check_number(n)
    if n < 10:
        return (str(n),)
    hundreds, rest = divmod(n, 100)
    head: tuple[str, ...] = ()
    if hundreds == 1:
        head = ("seratus",)
    elif hundreds > 1:
        head = (str(hundreds), "ratus")
    return head + _below_hundred_clips_id(rest)


def _below_hundred_clips_id(n: int) -> tuple[str, ...]:
    tens, ones = divmod(n, 10)
    if n == 0:
        return ()
    if n < 10:
        return (str(n),)
    if n == 10:
        return ("sepuluh",)
    if n == 11:
        return ("sebelas",)
    if tens == 1:
        return (str(ones), "belas")
    return (str(tens), "puluh") + ((str(ones),) if ones else ())


_CLIP_WORDS_ID: dict[str, str] = {str(d): word for d, word in enumerate(_ONES_ID)} | {
    "sepuluh": "sepuluh",
    "sebelas": "sebelas",
    "belas": "belas",
    "puluh": "puluh",
    "seratus": "seratus",
    "ratus": "ratus",
}


def number_words_id(n: int) -> str:
    """Indonesian words for ``n`` in 0..999: 234 -> "dua ratus tiga puluh empat"."""
    return " ".join(_CLIP_WORDS_ID[key] for key in number_clips_id(n))


def number_clips_en(n: int) -> tuple[str, ...]:
    """English clip keys for ``n`` in 0..999: 123 -> ("1", "hundred", "20", "3")."""
    _check_number(n)
    hundreds, rest = divmod(n, 100)
    head: tuple[str, ...] = (str(hundreds), "hundred") if hundreds else ()
    if rest == 0:
        return head or ("0",)
    if rest < 20:
        return head + (str(rest),)
    tens, ones = divmod(rest, 10)
    return head + (str(tens * 10),) + ((str(ones),) if ones else ())


def number_words_en(n: int) -> str:
    """English words for ``n`` in 0..999: 123 -> "one hundred twenty-three"."""
    _check_number(n)
    hundreds, rest = divmod(n, 100)
    parts: list[str] = [f"{_SMALL_EN[hundreds]} hundred"] if hundreds else []
    if rest or not hundreds:
        if rest < 20:
            parts.append(_SMALL_EN[rest])
        else:
            tens, ones = divmod(rest, 10)
            parts.append(_TENS_EN[tens] + (f"-{_SMALL_EN[ones]}" if ones else ""))
    return " ".join(parts)


def _check_digits(digits: str) -> None:
    if not digits or not all(c in "0123456789" for c in digits):
        raise ValueError(f"expected a string of digits 0-9, got {digits!r}")


def digits_id(digits: str) -> str:
    """Digit by digit in Indonesian: "005" -> "nol nol lima"."""
    _check_digits(digits)
    return " ".join(_ONES_ID[int(c)] for c in digits)


def digits_en(digits: str) -> str:
    """Digit by digit in English: "005" -> "zero zero five"."""
    _check_digits(digits)
    return " ".join(_SMALL_EN[int(c)] for c in digits)


def letter_name(letter: str, lang: str = "id") -> str:
    """The spoken name of a letter A-Z: "K" -> "ka" (id), "kay" (en)."""
    names = LETTER_NAMES_ID if _check_lang(lang) == "id" else LETTER_NAMES_EN
    try:
        return names[letter.upper()]
    except KeyError:
        raise ValueError(f"expected one letter A-Z, got {letter!r}") from None


def letter_clip(letter: str) -> str:
    """Clip key of a letter: "K" -> "letter_k"."""
    letter_name(letter)  # validates
    return f"letter_{letter.lower()}"


# ---------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    return lang


def split_display(display: str) -> tuple[str, str]:
    """ "A-005" → ("A", "005"): the letter and the three digits as they are read out.

    Accepts what ``app.domain.numbering.parse_display`` accepts; ValueError otherwise.
    """
    if not isinstance(display, str):
        raise ValueError(f"not a ticket number: {display!r} (expected e.g. A-005)")
    code, number = parse_display(display)
    return code, f"{number:03d}"


def _number_reading(digits: str, style: str, lang: str) -> tuple[str, tuple[str, ...]]:
    """Words and clip keys for the ticket number, in the hall's style."""
    if style == "digits":
        words = digits_id(digits) if lang == "id" else digits_en(digits)
        return words, tuple(digits)
    value = int(digits)
    if lang == "id":
        return number_words_id(value), number_clips_id(value)
    return number_words_en(value), number_clips_en(value)


def announcement_text(
    display: str,
    counter: int,
    style: str = "digits",
    lang: str = "id",
    recall: bool = False,
) -> AnnouncementText:
    """The call of ticket ``display`` to ``counter`` as sentence, TTS text and clip keys.

    >>> announcement_text("A-005", 3).sentence
    'Nomor antrean A nol nol lima, silakan menuju loket tiga.'
    """
    letter, digits = split_display(display)
    if style not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}, got {style!r}")
    _check_lang(lang)
    try:
        _check_number(counter, 1, MAX_COUNTER)
    except ValueError:
        raise ValueError(f"counter must be an int in 1..{MAX_COUNTER}, got {counter!r}") from None

    phrases = _PHRASES[lang]
    number_words, number_keys = _number_reading(digits, style, lang)
    if lang == "id":
        counter_words, counter_keys = number_words_id(counter), number_clips_id(counter)
    else:
        counter_words, counter_keys = number_words_en(counter), number_clips_en(counter)

    body = f"{phrases.number} {letter} {number_words}, {phrases.proceed} {counter_words}."
    spoken = (
        f"{phrases.number}, {letter_name(letter, lang)}, {number_words}. "
        f"{phrases.proceed.capitalize()} {counter_words}."
    )
    clips = (phrases.number_clip, letter_clip(letter), *number_keys, phrases.proceed_clip)
    clips += counter_keys
    if recall:
        body = f"{phrases.recall}, {body[0].lower()}{body[1:]}"
        spoken = f"{phrases.recall}. {spoken}"
        clips = (phrases.recall_clip, *clips)
    return AnnouncementText(sentence=body, tts_text=spoken, clips=clips, lang=lang)


def clip_words(lang: str) -> dict[str, str]:
    """Every clip key of ``lang`` with the words it says (for recording a clip set)."""
    _check_lang(lang)
    names = LETTER_NAMES_ID if lang == "id" else LETTER_NAMES_EN
    words: dict[str, str] = {f"letter_{k.lower()}": v for k, v in names.items()}
    if lang == "id":
        words |= _CLIP_WORDS_ID
    else:
        words |= {str(n): _SMALL_EN[n] for n in range(20)}
        words |= {str(t * 10): _TENS_EN[t] for t in range(2, 10)}
        words["hundred"] = "hundred"
    return words | PHRASE_CLIPS[lang]
