"""``antrean ikm record|report`` and ``antrean survey``: the handlers through a parser built
here (``app.cli.survey_cmd``), and the same commands as real processes once ``app/cli/main.py``
wires them in (skipped until then, saying so)."""

from __future__ import annotations

import argparse
import inspect
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.bootstrap import Core
from app.cli.args import CliParser, Types, UsageError
from app.cli.output import Output
from app.cli.survey_cmd import add_survey_parsers
from app.domain.errors import InvalidSetting, InvalidTransition, KnownError, NotFound
from app.domain.ikm import InvalidAnswers
from tests.e2e.test_cli import js, run
from tests.support.databases import sqlite_file_url

TODAY = "2026-11-23"
ROW_KEYS = {
    "code",
    "name_id",
    "name_en",
    "respondents",
    "nrr",
    "ikm",
    "grade",
    "grade_label_id",
    "grade_label_en",
    "ikm_0111",
    "difference_0111",
}


def parser(lang: str = "id") -> CliParser:
    t = Types(lang)
    common = CliParser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    top = CliParser(prog="antrean", parents=[common])
    top.add_argument("--lang", choices=["id", "en"], default="id")
    add_survey_parsers(top.add_subparsers(dest="command"), common, t)
    return top


def call(core: Core, capsys: pytest.CaptureFixture[str], *words: str) -> dict[str, Any]:
    args = parser().parse_args([*words, "--json"])
    args.handler(core, args, Output(json_mode=True, lang="id"))
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def _staff(fn: Callable[..., Any]) -> dict[str, Any]:
    if "actor" not in inspect.signature(fn).parameters:
        return {}
    from app.domain.roles import Actor, Role

    return {"actor": Actor(user_id=None, username="cli-test", role=Role.ADMIN)}


def test_record_and_report_in_process(core: Core, capsys: pytest.CaptureFixture[str]) -> None:
    core.queue.issue_ticket("A", printed=False)
    core.queue.call_next(2, **_staff(core.queue.call_next))
    number = core.queue.finish(2, **_staff(core.queue.finish)).display
    done = call(core, capsys, "ikm", "record", "--service", "A", "--answers", "4,4,3,4,4,3,4,4,4")
    assert done["ok"] and set(done["result"]) == {"id", "at", "service", "business_date", "ticket"}
    linked = call(
        core, capsys, "ikm", "record", "--service", "a", "--answers", "4,4,4,4,4,4,4,4,4",
        "--ticket", number.lower().replace("-", ""),
    )  # fmt: skip
    assert linked["result"]["ticket"] == number
    report = call(core, capsys, "ikm", "report", "--from", TODAY, "--to", TODAY)["result"]
    assert set(report) == {"date_from", "date_to", "service", "weight", "services", "total"}
    assert report["weight"] == "1/9" and report["service"] is None
    assert [s["code"] for s in report["services"]] == ["A", "B", "C", "D", "E"]
    a = report["services"][0]
    assert set(a) == ROW_KEYS and a["respondents"] == 2
    assert a["nrr"] == {"U1": 4.0, "U2": 4.0, "U3": 3.5, "U4": 4.0, "U5": 4.0,
                        "U6": 3.5, "U7": 4.0, "U8": 4.0, "U9": 4.0}  # fmt: skip
    assert a["ikm"] == 97.22 and a["grade"] == "A" and a["grade_label_id"] == "Sangat Baik"
    assert a["ikm_0111"] == 97.13 and a["difference_0111"] == 0.09  # 97.125 half up
    assert report["services"][1]["nrr"] is None and report["services"][1]["ikm"] is None
    assert report["total"]["respondents"] == 2 and report["total"]["ikm"] == 97.22
    one = call(core, capsys, "ikm", "report", "--from", TODAY, "--to", TODAY, "--service", "B")
    assert [s["code"] for s in one["result"]["services"]] == ["B"]


def test_text_report(core: Core, capsys: pytest.CaptureFixture[str]) -> None:
    for answers in ("4,4,4,4,4,4,4,4,4",) * 3 + ("3,3,3,3,3,3,3,3,3", "3,3,3,3,3,3,2,2,2"):
        call(core, capsys, "ikm", "record", "--service", "C", "--answers", answers)
    args = parser().parse_args(["ikm", "report", "--from", TODAY, "--to", TODAY])
    args.handler(core, args, Output(json_mode=False, lang="id"))
    text = capsys.readouterr().out
    assert "88.33 A Sangat Baik" in text
    assert "Bobot tepat 1/9" in text and "88.25 (0.08 lebih rendah)" in text
    args.handler(core, args, Output(json_mode=False, lang="en"))
    assert "With the rounded weight 0.111 the index would be 88.25" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("words", "error"),
    [
        (["record", "--service", "A", "--answers", "4,4,3"], InvalidAnswers),
        (["record", "--service", "A", "--answers", "4,4,3,4,4,3,4,4,5"], InvalidAnswers),
        (["record", "--service", "Q", "--answers", "4,4,3,4,4,3,4,4,4"], NotFound),
        (["record", "--service", "A", "--answers", "4,4,3,4,4,3,4,4,4", "--ticket", "A7"],
         NotFound),
        (["report", "--from", TODAY, "--to", "2026-11-01"], InvalidSetting),
        (["report", "--from", TODAY, "--to", TODAY, "--service", "Q"], NotFound),
    ],
)  # fmt: skip
def test_refusals_in_process(core: Core, words: list[str], error: type[KnownError]) -> None:
    args = parser().parse_args(["ikm", *words])
    with pytest.raises(error) as caught:
        args.handler(core, args, Output(json_mode=True, lang="id"))
    assert caught.value.exit_code in (2, 4)


def test_a_ticket_not_finished_is_refused(core: Core) -> None:
    number = core.queue.issue_ticket("A", printed=False).ticket.display
    args = parser().parse_args(
        ["ikm", "record", "--service", "A", "--answers", "4,4,4,4,4,4,4,4,4", "--ticket", number]
    )
    with pytest.raises(InvalidTransition) as caught:
        args.handler(core, args, Output(json_mode=True, lang="en"))
    assert caught.value.exit_code == 5


def test_usage_errors_are_said_in_the_language() -> None:
    with pytest.raises(UsageError):
        parser().parse_args(["ikm", "report", "--from", "2026-02-30", "--to", TODAY])
    with pytest.raises(UsageError):
        parser("en").parse_args(["survey", "--counter", "0"])
    args = parser().parse_args(["survey", "--counter", "3", "--lang", "en", "--timeout", "30"])
    assert (args.counter, args.survey_lang, args.timeout, args.standalone) == (3, "en", 30, True)
    assert parser().parse_args(["survey", "--counter", "3"]).timeout == 60
    with pytest.raises(UsageError):
        parser().parse_args(["survey", "--counter", "3", "--timeout", "5"])


def _wired() -> bool:
    from app.cli.main import build_parser

    try:
        build_parser().parse_args(["ikm", "report", "--from", TODAY, "--to", TODAY])
    except (UsageError, SystemExit):
        return False
    return True


needs_wiring = pytest.mark.skipif(
    not _wired(),
    reason="`antrean ikm`/`antrean survey` are not wired into app/cli/main.py yet "
    "(add: from app.cli.survey_cmd import add_survey_parsers; add_survey_parsers(sub, common, t))",
)


@needs_wiring
def test_ikm_as_a_real_process(tmp_path: Path) -> None:
    db = sqlite_file_url(tmp_path)
    run(db, "init", env_dir=tmp_path)
    done = js(
        run(db, "ikm", "record", "--service", "A", "--answers", "4,4,3,4,4,3,4,4,4", "--json",
            env_dir=tmp_path)
    )  # fmt: skip
    assert done["ok"]
    day = done["result"]["business_date"]  # type: ignore[index]
    report = js(run(db, "ikm", "report", "--from", day, "--to", day, "--json", env_dir=tmp_path))
    total = report["result"]["total"]  # type: ignore[index]
    assert total["respondents"] == 1 and total["ikm"] == 94.44 and total["grade"] == "A"
    bad = run(db, "ikm", "record", "--service", "A", "--answers", "4,4", env_dir=tmp_path,
              check_rc=2)  # fmt: skip
    assert bad.stderr.startswith("Galat:") and "9 jawaban" in bad.stderr
    missing = run(db, "--json", "ikm", "record", "--service", "Q", "--answers",
                  "4,4,3,4,4,3,4,4,4", env_dir=tmp_path, check_rc=4)  # fmt: skip
    assert js(missing)["error"]["code"] == "not_found"  # type: ignore[index]
    text = run(db, "--lang", "en", "ikm", "report", "--from", day, "--to", day, env_dir=tmp_path)
    assert "94.44 A Very good" in text.stdout


@needs_wiring
def test_survey_names_a_counter_that_exists(tmp_path: Path) -> None:
    db = sqlite_file_url(tmp_path)
    run(db, "init", env_dir=tmp_path)
    gone = run(db, "survey", "--counter", "42", env_dir=tmp_path, check_rc=4)
    assert "Loket 42 tidak ada" in gone.stderr
