"""The command line in English shows no Indonesian: a sample of refusals (each exit code a
person meets), read on stderr, in text mode.

Indonesian is recognised by the catalog's Indonesian texts (every msgid whose English differs,
its ``{fields}`` as wildcards) and by common Indonesian words that no English message uses.
Hall data (service names are the seeded English ones here) is English in this mode too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.e2e.test_cli import run, run_as
from tests.support.databases import sqlite_file_url
from ui.common.resources import resource_path

_WORDS = re.compile(
    r"\b(?:tidak|sudah|belum|dengan|untuk|yang|dari|sedang|silakan|ditemukan|habis|kosong|"
    r"nomor|layanan|loket|pengguna|kata sandi|basis data|tanggal|galat|masuk dulu|harus)\b",
    re.IGNORECASE,
)


def _catalog_patterns() -> list[re.Pattern[str]]:
    with open(resource_path("locale", "en", "LC_MESSAGES", "antrean.po"), "rb") as f:
        catalog = read_po(f)
    patterns = []
    for m in catalog:
        if not isinstance(m.id, str) or not m.string or m.id == m.string:
            continue
        pieces = [p for p in re.split(r"\{[^}]*\}", m.id) if p.strip()]
        if sum(len(p.split()) for p in pieces) < 3:  # short words: the word list covers them
            continue
        patterns.append(re.compile(".+?".join(re.escape(p.strip()) for p in pieces), re.S))
    return patterns


def _indonesian_in(text: str, patterns: list[re.Pattern[str]]) -> list[str]:
    found = [f"word {w!r}" for w in _WORDS.findall(text)]
    found += [f"catalog text {p.pattern!r}" for p in patterns if p.search(text)]
    return found


@pytest.fixture
def db(tmp_path: Path) -> str:
    return sqlite_file_url(tmp_path)


def test_refusals_in_english_have_no_indonesian(db: str, tmp_path: Path) -> None:
    run(db, "init", env_dir=tmp_path)
    run(db, "counter", "pause", "--counter", "2", env_dir=tmp_path)
    run(db, "service", "set", "C", "--quota", "1", env_dir=tmp_path)
    en = ("--lang", "en")
    refusals = {
        "queue empty": (3, (*en, "call", "next", "--counter", "1")),
        "nothing to finish": (5, (*en, "call", "finish", "--counter", "1")),
        "(the one ticket of C's quota)": (0, ("ticket", "issue", "--service", "C")),
        "unknown service": (4, (*en, "ticket", "issue", "--service", "Z")),
        "paused counter": (5, (*en, "call", "next", "--counter", "2")),
        "quota": (6, (*en, "ticket", "issue", "--service", "C")),
        "bad date": (2, (*en, "ticket", "list", "--date", "2026-02-30")),
        "counter out of range": (2, (*en, "call", "next", "--counter", str(2**64))),
        "bad quota": (2, (*en, "service", "set", "A", "--quota", "lots")),
        "unknown command": (2, (*en, "ticket", "frobnicate")),
    }
    patterns = _catalog_patterns()
    problems: list[str] = []
    for what, (code, argv) in refusals.items():
        done = run(db, *argv, env_dir=tmp_path, check_rc=code)
        if code == 0:
            continue
        assert done.stderr.strip(), what
        problems += [
            f"{what}: {p} in {done.stderr!r}" for p in _indonesian_in(done.stderr, patterns)
        ]
    anonymous = run_as(db, *en, "call", "next", "--counter", "1", env_dir=tmp_path)
    assert anonymous.returncode == 9, anonymous.stdout + anonymous.stderr
    problems += [
        f"sign-in required: {p} in {anonymous.stderr!r}"
        for p in _indonesian_in(anonymous.stderr, patterns)
    ]
    assert problems == []


def test_the_detector_sees_indonesian(db: str, tmp_path: Path) -> None:
    run(db, "init", env_dir=tmp_path)
    done = run(db, "call", "next", "--counter", "1", env_dir=tmp_path, check_rc=3)
    assert _indonesian_in(done.stderr, _catalog_patterns())


def test_status_says_why_a_service_is_closed_in_the_language_asked(db: str, tmp_path: Path) -> None:
    run(db, "init", env_dir=tmp_path)
    run(db, "service", "set", "C", "--quota", "1", env_dir=tmp_path)
    run(db, "ticket", "issue", "--service", "C", env_dir=tmp_path)
    english = run(db, "--lang", "en", "status", env_dir=tmp_path).stdout
    line_en = next(line for line in english.splitlines() if line.startswith("C "))
    assert "1" in line_en and _indonesian_in(line_en, _catalog_patterns()) == [], line_en
    indonesian = run(db, "status", env_dir=tmp_path).stdout
    line_id = next(line for line in indonesian.splitlines() if line.startswith("C "))
    assert "Kuota 1 nomor hari ini habis" in line_id
    assert line_en.split()[-1] != line_id.split()[-1]
    js = json.loads(run(db, "status", "--json", env_dir=tmp_path).stdout)
    c = next(s for s in js["result"] if s["code"] == "C")
    assert c["closed_reason"]["id"] == "Kuota 1 nomor hari ini habis"
    assert c["closed_reason"]["en"] and c["closed_reason"]["en"] != c["closed_reason"]["id"]
    assert "closed_reason_en" not in c
    a = next(s for s in js["result"] if s["code"] == "A")
    assert a["closed_reason"] is None
