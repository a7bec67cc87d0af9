"""Indonesian (and English) reading of ticket calls."""

from __future__ import annotations

import re

import pytest

from app.domain.announcement import (
    LETTER_NAMES_ID,
    MAX_COUNTER,
    MAX_NUMBER,
    PHRASE_CLIPS,
    announcement_text,
    clip_words,
    digits_en,
    digits_id,
    letter_clip,
    letter_name,
    number_clips_en,
    number_clips_id,
    number_words_en,
    number_words_id,
    split_display,
)

KNOWN_ID = {
    0: "nol",
    1: "satu",
    2: "dua",
    9: "sembilan",
    10: "sepuluh",
    11: "sebelas",
    12: "dua belas",
    15: "lima belas",
    19: "sembilan belas",
    20: "dua puluh",
    21: "dua puluh satu",
    45: "empat puluh lima",
    70: "tujuh puluh",
    99: "sembilan puluh sembilan",
    100: "seratus",
    101: "seratus satu",
    110: "seratus sepuluh",
    111: "seratus sebelas",
    118: "seratus delapan belas",
    123: "seratus dua puluh tiga",
    200: "dua ratus",
    234: "dua ratus tiga puluh empat",
    305: "tiga ratus lima",
    410: "empat ratus sepuluh",
    511: "lima ratus sebelas",
    617: "enam ratus tujuh belas",
    800: "delapan ratus",
    999: "sembilan ratus sembilan puluh sembilan",
}

KNOWN_EN = {
    0: "zero",
    5: "five",
    13: "thirteen",
    20: "twenty",
    42: "forty-two",
    100: "one hundred",
    105: "one hundred five",
    119: "one hundred nineteen",
    123: "one hundred twenty-three",
    990: "nine hundred ninety",
    999: "nine hundred ninety-nine",
}

_ONES = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]


def read_back_id(words: str) -> int:
    """An independent reader of Indonesian number words, strict about the canonical form."""
    tokens = words.split()
    total = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        fixed = {"seratus": 100, "sepuluh": 10, "sebelas": 11}
        if token in fixed:
            total += fixed[token]
            i += 1
            continue
        digit = _ONES.index(token)
        assert digit >= 1 or words == "nol", f"'nol' inside {words!r}"
        multiplier = {"ratus": 100, "puluh": 10}.get(nxt or "", 0)
        if nxt == "belas":
            total += 10 + digit
            i += 2
        elif multiplier:
            assert digit >= 2, f"'satu {nxt}' is not Indonesian ({words!r})"
            total += digit * multiplier
            i += 2
        else:
            total += digit
            i += 1
    return total


@pytest.mark.parametrize(("n", "words"), sorted(KNOWN_ID.items()))
def test_known_indonesian_numbers(n: int, words: str) -> None:
    assert number_words_id(n) == words


@pytest.mark.parametrize(("n", "words"), sorted(KNOWN_EN.items()))
def test_known_english_numbers(n: int, words: str) -> None:
    assert number_words_en(n) == words


def test_every_number_reads_back_and_joins_from_the_clip_set() -> None:
    clip_set_id = clip_words("id")
    clip_set_en = clip_words("en")
    seen: set[str] = set()
    for n in range(0, MAX_NUMBER + 1):
        words = number_words_id(n)
        assert read_back_id(words) == n, words
        assert words not in seen
        seen.add(words)
        clips = number_clips_id(n)
        assert " ".join(clip_set_id[key] for key in clips) == words
        assert ("seratus" in clips) == (100 <= n < 200)
        en_clips = number_clips_en(n)
        joined = " ".join(clip_set_en[key] for key in en_clips)
        assert joined == number_words_en(n).replace("-", " ")
    number_clip_keys = {k for k in clip_set_id if not k.startswith("letter_")}
    assert len(number_clip_keys - set(PHRASE_CLIPS["id"])) == 16  # the whole vocabulary


def test_numbers_out_of_range_are_refused() -> None:
    for bad in (-1, 1000):
        with pytest.raises(ValueError, match="0..999"):
            number_words_id(bad)
    with pytest.raises(ValueError, match="int"):
        number_words_id(True)


def test_digit_by_digit() -> None:
    assert digits_id("005") == "nol nol lima"
    assert digits_id("120") == "satu dua nol"
    assert digits_en("005") == "zero zero five"
    for bad in ("", "1a", "-1", "٣"):
        with pytest.raises(ValueError, match="digits"):
            digits_id(bad)


def test_letter_names() -> None:
    assert "".join(sorted(LETTER_NAMES_ID)) == "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    expected = "a be ce de e ef ge ha i je ka el em en o pe ki er es te u fe we eks ye zet"
    assert " ".join(letter_name(c) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == expected
    assert letter_name("k") == "ka"
    assert letter_name("W", "en") == "double you"
    assert letter_clip("Q") == "letter_q"
    with pytest.raises(ValueError, match="one letter"):
        letter_name("AB")


def test_the_hall_sentence_in_both_styles() -> None:
    digits = announcement_text("A-005", 3)
    assert digits.sentence == "Nomor antrean A nol nol lima, silakan menuju loket tiga."
    assert digits.tts_text == "Nomor antrean, a, nol nol lima. Silakan menuju loket tiga."
    assert digits.clips == (
        "nomor_antrean", "letter_a", "0", "0", "5", "silakan_menuju_loket", "3",
    )  # fmt: skip
    words = announcement_text("B-123", 12, style="words")
    assert (
        words.sentence == "Nomor antrean B seratus dua puluh tiga, silakan menuju loket dua belas."
    )
    assert words.clips == (
        "nomor_antrean", "letter_b", "seratus", "2", "puluh", "3", "silakan_menuju_loket", "2",
        "belas",
    )  # fmt: skip
    assert announcement_text("K-005", 3, style="words").sentence.startswith("Nomor antrean K lima,")
    assert ", ka, " in announcement_text("K-005", 3).tts_text


def test_english_and_recall() -> None:
    en = announcement_text("A-005", 3, lang="en")
    assert en.sentence == "Ticket number A zero zero five, please proceed to counter three."
    assert en.lang == "en"
    recall = announcement_text("A-005", 3, recall=True)
    assert recall.sentence == (
        "Panggilan ulang, nomor antrean A nol nol lima, silakan menuju loket tiga."
    )
    assert recall.clips[0] == "panggilan_ulang"
    assert recall.clips[1:] == announcement_text("A-005", 3).clips
    en_recall = announcement_text("C-042", 21, style="words", lang="en", recall=True)
    assert en_recall.sentence == (
        "Repeated call, ticket number C forty-two, please proceed to counter twenty-one."
    )


@pytest.mark.parametrize("style", ["digits", "words"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_ticket_and_counter_has_text_and_clips(style: str, lang: str) -> None:
    vocabulary = clip_words(lang)
    for n in range(1, MAX_NUMBER + 1):
        display = f"{'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[n % 26]}-{n:03d}"
        counter = n % MAX_COUNTER + 1
        text = announcement_text(display, counter, style=style, lang=lang)
        assert set(text.clips) <= set(vocabulary)
        spoken = " ".join(vocabulary[k] for k in text.clips if not k.startswith("letter_"))
        plain = re.sub(r"[,.\-]", " ", text.sentence).split()
        letter = display[0]
        assert plain[2] == letter
        assert spoken.split() == plain[:2] + plain[3:]  # the clips say the sentence
        assert text.sentence.endswith(".")
        if lang == "id":
            number_part = text.sentence.split(",")[0].split(" ", 3)[3]
            if style == "words":
                assert read_back_id(number_part) == n
            else:
                assert number_part == digits_id(f"{n:03d}")
            assert text.sentence.split("loket ")[1] == number_words_id(counter) + "."


def test_counters_read_as_words() -> None:
    for counter in range(1, MAX_COUNTER + 1):
        text = announcement_text("A-001", counter)
        assert text.sentence.endswith(f"loket {number_words_id(counter)}.")
        assert read_back_id(number_words_id(counter)) == counter
    assert announcement_text("A-001", 12).sentence.endswith("loket dua belas.")


@pytest.mark.parametrize("display", ["AA-005", "A-0005", "", "A-000", "A-0", "7-005", "A-"])
def test_bad_displays_are_refused(display: str) -> None:
    with pytest.raises(ValueError, match=re.escape("expected e.g. A-005")):
        announcement_text(display, 1)


@pytest.mark.parametrize("display", ["A005", "a-005", " A 5 ", "A-5"])
def test_the_one_ticket_grammar_reads_typed_numbers_canonically(display: str) -> None:
    """The same grammar as every lookup (app.domain.numbering.parse_display)."""
    assert announcement_text(display, 1) == announcement_text("A-005", 1)


def test_bad_counter_style_lang_are_refused() -> None:
    for counter in (0, 100, -3):
        with pytest.raises(ValueError, match=r"counter must be an int in 1\.\.99"):
            announcement_text("A-001", counter)
    with pytest.raises(ValueError, match="counter"):
        announcement_text("A-001", True)
    with pytest.raises(ValueError, match="style"):
        announcement_text("A-001", 1, style="spelled")
    with pytest.raises(ValueError, match="lang"):
        announcement_text("A-001", 1, lang="fr")
    assert split_display("Z-7") == ("Z", "007")
