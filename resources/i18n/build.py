"""Rebuild the Qt translations: extract texts (.ts) and compile them (.qm).

    .venv/bin/python resources/i18n/build.py            # every window area
    .venv/bin/python resources/i18n/build.py kiosk      # one area
    .venv/bin/python resources/i18n/build.py --check    # fail on anything that would ship wrong

Texts are written in Indonesian in the sources (``self.tr("Selesai")``); for each area
``ui/<area>`` that calls ``tr()``/``translate()`` this runs ``pyside6-lupdate`` into
``resources/i18n/<area>_<lang>.ts`` (existing translations are kept, vanished texts dropped),
then ``pyside6-lrelease`` into ``<area>_<lang>.qm``. Translators edit the .ts files (by hand
or in Qt Linguist, ``pyside6-linguist``) and run this again. Both tools ship with
PySide6-Essentials next to the Python interpreter.

``--check`` changes no file here: it extracts into a temporary copy and lists every text
without a translation (including texts added to the code since the last build), every
context that is no class of its area (Qt would never look the text up there: ``w.tr()`` in
a module-level function is extracted under ``w``), a context used by two areas, and a .qm
older than its .ts. It exits 1 when it found any.
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LANGS = ("en",)
# A call with a literal first argument: self.tr("..."), translate("Context", ...), and
# QT_TRANSLATE_NOOP("Context", ...); not a mention in a docstring.
_TR_CALL = re.compile(r"\b(?:tr|translate|QT_TRANSLATE_NOOP)\(\s*[\"']")


@dataclass(frozen=True, slots=True)
class Message:
    context: str
    source: str
    translation: str | None  # None: not translated yet


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


def sources(area: str) -> list[Path]:
    return sorted((ROOT / "ui" / area).glob("*.py"))


def ts_path(area: str, lang: str, folder: Path = HERE) -> Path:
    return folder / f"{area}_{lang}.ts"


def extract(area: str, lang: str, ts: Path) -> None:
    """Update ``ts`` with the texts of ``ui/<area>`` (keeping its translations)."""
    files = [str(p.relative_to(ROOT)) for p in sources(area)]
    lupdate = [tool("pyside6-lupdate"), "-no-obsolete", "-source-language", "id_ID"]
    subprocess.run(
        [*lupdate, "-target-language", _locale(lang), *files, "-ts", str(ts)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def compile_qm(ts: Path, qm: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True
    )


def build(area: str, lang: str) -> Path:
    ts = ts_path(area, lang)
    qm = ts.with_suffix(".qm")
    extract(area, lang, ts)
    compile_qm(ts, qm)
    return qm


def messages(ts: Path) -> list[Message]:
    """Every text of ``ts`` with its translation (None when missing or unfinished)."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            element = message.find("translation")
            text = None
            if element is not None and element.get("type") not in ("unfinished", "vanished"):
                forms = [f.text or "" for f in element.iter("numerusform")]
                text = (" | ".join(forms) if all(forms) else None) if forms else element.text
            found.append(Message(name, message.findtext("source") or "", text or None))
    return found


def unfinished(ts: Path) -> int:
    return sum(m.translation is None for m in messages(ts))


def classes(area: str) -> set[str]:
    """The classes defined in ``ui/<area>``: the contexts ``tr()`` can be looked up under."""
    names = set()
    for path in sources(area):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        names |= {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
    return names


def problems(selected: list[str] | None = None) -> list[str]:
    """What would ship wrong in the translations of ``selected`` areas (default: all), one
    line each; writes only into a temporary folder."""
    found: list[str] = []
    owner: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="antrean-i18n-") as tmp:
        for area in selected or areas():
            known = classes(area)
            for lang in LANGS:
                ts = ts_path(area, lang)
                fresh = ts_path(area, lang, Path(tmp))
                if ts.exists():
                    shutil.copyfile(ts, fresh)
                extract(area, lang, fresh)
                for m in messages(fresh):
                    if m.translation is None:
                        found.append(f"{ts.name}: {m.context}: no translation for {m.source!r}")
                for context in sorted({m.context for m in messages(fresh)}):
                    if context not in known:
                        found.append(
                            f"{ts.name}: context {context!r} is no class of ui/{area}; Qt looks "
                            "texts up under the caller's class (outside a class, use "
                            'QCoreApplication.translate("<Class>", ...))'
                        )
                    elif owner.setdefault(context, area) != area:
                        found.append(
                            f"{ts.name}: context {context!r} is also used by "
                            f"ui/{owner[context]}; one area's translator would change the other"
                        )
                found += _stale_qm(ts, Path(tmp))
    return found


def _stale_qm(ts: Path, tmp: Path) -> list[str]:
    qm = ts.with_suffix(".qm")
    if not ts.exists() or not qm.exists():
        return [f"{qm.name} is missing: run resources/i18n/build.py"]
    again = tmp / f"compiled-{qm.name}"
    compile_qm(ts, again)
    if again.read_bytes() != qm.read_bytes():
        return [f"{qm.name} does not match {ts.name}: run resources/i18n/build.py"]
    return []


def _locale(lang: str) -> str:
    return {"en": "en_US"}.get(lang, lang)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild the .ts and .qm translation files.")
    parser.add_argument("areas", nargs="*", help="window areas (default: all that use tr())")
    parser.add_argument(
        "--check", action="store_true", help="change nothing; fail on untranslated texts"
    )
    args = parser.parse_args(argv)
    if args.check:
        found = problems(args.areas or None)
        for line in found:
            print(line)
        print(f"{len(found)} problem(s)" if found else "translations complete")
        return 1 if found else 0
    for area in args.areas or areas():
        for lang in LANGS:
            qm = build(area, lang)
            todo = unfinished(qm.with_suffix(".ts"))
            note = f" ({todo} untranslated)" if todo else ""
            print(f"{qm.relative_to(ROOT)}{note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
