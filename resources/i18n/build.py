"""Rebuild the Qt translations: extract texts (.ts) and compile them (.qm).

    .venv/bin/python resources/i18n/build.py            # every window area
    .venv/bin/python resources/i18n/build.py kiosk      # one area
    .venv/bin/python resources/i18n/build.py --check    # fail if a text lacks a translation

Texts are written in Indonesian in the sources (``self.tr("Selesai")``); for each area
``ui/<area>`` that calls ``tr()``/``translate()`` this runs ``pyside6-lupdate`` into
``resources/i18n/<area>_<lang>.ts`` (existing translations are kept, vanished texts dropped),
then ``pyside6-lrelease`` into ``<area>_<lang>.qm``. Translators edit the .ts files (by hand
or in Qt Linguist, ``pyside6-linguist``) and run this again. Both tools ship with
PySide6-Essentials next to the Python interpreter.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LANGS = ("en",)
_TR_CALL = re.compile(r"\b(?:tr|translate)\(")


def tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6-Essentials in this environment")
    return found


def areas() -> list[str]:
    found = []
    for package in sorted((ROOT / "ui").iterdir()):
        sources = sorted(package.glob("*.py")) if package.is_dir() else []
        if any(_TR_CALL.search(p.read_text(encoding="utf-8")) for p in sources):
            found.append(package.name)
    return found


def build(area: str, lang: str) -> Path:
    sources = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "ui" / area).glob("*.py"))]
    ts = HERE / f"{area}_{lang}.ts"
    qm = HERE / f"{area}_{lang}.qm"
    lupdate = [tool("pyside6-lupdate"), "-no-obsolete", "-source-language", "id_ID"]
    subprocess.run(
        [*lupdate, "-target-language", _locale(lang), *sources, "-ts", str(ts)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True
    )
    return qm


def unfinished(ts: Path) -> int:
    return ts.read_text(encoding="utf-8").count('type="unfinished"')


def _locale(lang: str) -> str:
    return {"en": "en_US"}.get(lang, lang)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild the .ts and .qm translation files.")
    parser.add_argument("areas", nargs="*", help="window areas (default: all that use tr())")
    parser.add_argument("--check", action="store_true", help="fail on untranslated texts")
    args = parser.parse_args(argv)
    missing = 0
    for area in args.areas or areas():
        for lang in LANGS:
            qm = build(area, lang)
            todo = unfinished(qm.with_suffix(".ts"))
            missing += todo
            note = f" ({todo} untranslated)" if todo else ""
            print(f"{qm.relative_to(ROOT)}{note}")
    return 1 if args.check and missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
