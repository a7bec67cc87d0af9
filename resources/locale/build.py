"""Rebuild the gettext catalog: extract every user-facing text, update the .po, compile the .mo.

    .venv/bin/python resources/locale/build.py            # extract + update + compile
    .venv/bin/python resources/locale/build.py --check    # change nothing; fail on problems

Texts are written in Indonesian in the sources: ``self.tr("Selesai")`` and
``QCoreApplication.translate("<Class>", "...")`` in the Qt windows, ``N_("...")`` (and
``_("...")``) elsewhere. Babel extracts them from ``app``, ``ui``, ``hardware`` and ``hq``
(keywords ``tr``, ``translate:2``, ``QT_TRANSLATE_NOOP:2``, ``N_``, ``_``) and merges them into
``resources/locale/<lang>/LC_MESSAGES/antrean.po`` (translations kept, vanished texts
dropped, ``msgctxt "<Class>"`` entries kept for a text two windows translate differently);
the .po is compiled into ``antrean.mo`` next to it, which is committed: the program reads it
with the standard library's ``gettext`` and needs no Babel. Translators edit the .po (by hand
or in any .po editor) and run this again. It also writes ``resources/locale/contexts.json``:
each ``tr()`` context (class) with its window area, for the Qt bridge's per-area translators.

``--check`` writes nothing: it lists every text without a translation (texts added to the
code since the last build included), every ``tr()`` outside a class and every
``translate("<Context>", ...)`` whose context is no class of its area (Qt would look the
text up under another name), a context used by two areas, and a .po, .mo or contexts.json
that differs from what a build would write. It exits 1 when it found any.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DOMAIN = "antrean"
LANGS = ("en",)
PACKAGES = ("app", "ui", "hardware", "hq")
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "tr": None,
    "translate": (2,),
    "QT_TRANSLATE_NOOP": (2,),
    "N_": None,
    "_": None,
}
_QT_CALLS = ("tr", "translate", "QT_TRANSLATE_NOOP")


@dataclass(frozen=True, slots=True)
class Use:
    """One Qt text: where it is, the context Qt looks it up under (None: outside a class)."""

    area: str
    path: str
    line: int
    context: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Message:
    context: str | None  # a msgctxt; None for a plain msgid
    source: str
    translation: str | None  # None: not translated yet


def messages(lang: str = "en") -> list[Message]:
    """Every entry of the .po of ``lang``."""
    with open(po_path(lang), "rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    return [
        Message(m.context, m.id, (m.string or None) if not m.fuzzy else None)
        for m in catalog
        if isinstance(m.id, str) and m.id and isinstance(m.string, str)
    ]


def po_path(lang: str) -> Path:
    return HERE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def sources() -> list[Path]:
    found: list[Path] = []
    for package in PACKAGES:
        found += sorted((ROOT / package).rglob("*.py"))
    return [p for p in found if "__pycache__" not in p.parts]


def template() -> Catalog:
    """Every marked text of the sources, with its locations."""
    catalog = Catalog(domain=DOMAIN, project="Antrean", charset="utf-8")
    keywords = {k: (v if v is not None else (1,)) for k, v in KEYWORDS.items()}
    for path in sources():
        relative = path.relative_to(ROOT).as_posix()
        for line, text, comments, _context in extract_from_file(
            "python", str(path), keywords=keywords, comment_tags=("i18n:",), strip_comment_tags=True
        ):
            if isinstance(text, str) and text:
                catalog.add(text, locations=[(relative, line)], auto_comments=comments)
    return catalog


def qt_uses() -> list[Use]:
    """Every ``tr()``/``translate()``/``QT_TRANSLATE_NOOP()`` with a literal text in ``ui``."""
    found: list[Use] = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        area = path.relative_to(ROOT / "ui").parts[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        found += _uses_in(tree, area, path.relative_to(ROOT).as_posix(), None)
    return found


def _uses_in(node: ast.AST, area: str, path: str, klass: str | None) -> list[Use]:
    found: list[Use] = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.ClassDef):
            found += _uses_in(child, area, path, child.name)
            continue
        if isinstance(child, ast.Call):
            name = _call_name(child.func)
            args = child.args
            literal = [a.value if isinstance(a, ast.Constant) else None for a in args]
            if name == "tr" and literal[:1] and isinstance(literal[0], str):
                found.append(Use(area, path, child.lineno, klass, literal[0]))
            elif name in ("translate", "QT_TRANSLATE_NOOP") and len(literal) >= 2:
                context, text = literal[0], literal[1]
                if isinstance(context, str) and isinstance(text, str):
                    found.append(Use(area, path, child.lineno, context, text))
        found += _uses_in(child, area, path, klass)
    return found


def _call_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def classes(area: str) -> set[str]:
    """The classes defined in ``ui/<area>``: the contexts ``tr()`` can be looked up under."""
    names: set[str] = set()
    for path in sorted((ROOT / "ui" / area).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        names |= {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
    return names


def contexts(uses: list[Use]) -> dict[str, str]:
    """Each context → its area (the first area seen, when two share one: see ``problems``)."""
    found: dict[str, str] = {}
    for use in uses:
        if use.context is not None:
            found.setdefault(use.context, use.area)
    return dict(sorted(found.items()))


def updated(lang: str, fresh: Catalog, uses: list[Use]) -> Catalog:
    """The .po of ``lang`` merged with ``fresh``.

    A text the .po translates per context (``msgctxt``) keeps those entries and gets one for
    each new ``tr()`` context using it, and a plain entry only when it is also used outside
    Qt (``N_()``): PySide's ``self.tr()`` asks under each class of the instance's MRO in
    turn, so a plain entry would answer for a subclass before the class holding the text.
    """
    path = po_path(lang)
    if path.exists():
        with open(path, "rb") as f:
            catalog = read_po(f, locale=lang, domain=DOMAIN)
    else:
        catalog = Catalog(locale=lang, domain=DOMAIN, project="Antrean", charset="utf-8")
    per_context: dict[str, set[str]] = {}
    for message in catalog:
        if isinstance(message.id, str) and message.id and message.context:
            per_context.setdefault(message.id, set()).add(message.context)
    qt_at = {(u.path, u.line): u for u in uses}
    merged = Catalog(domain=DOMAIN, project="Antrean", charset="utf-8")
    for message in fresh:
        text = message.id
        if not isinstance(text, str) or not text:
            continue
        kept = per_context.get(text)
        if kept is None:
            merged.add(text, locations=message.locations, auto_comments=message.auto_comments)
            continue
        qt = [qt_at.get((path, line)) for path, line in message.locations]
        for context in sorted(kept | {u.context for u in qt if u and u.context}):
            merged.add(text, context=context, locations=message.locations)
        if any(u is None for u in qt):
            merged.add(text, locations=message.locations, auto_comments=message.auto_comments)
    catalog.update(merged, no_fuzzy_matching=True, update_creation_date=False)
    catalog.obsolete.clear()
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, include_lineno=False)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def contexts_bytes(uses: list[Use]) -> bytes:
    return (json.dumps(contexts(uses), indent=1) + "\n").encode("utf-8")


def untranslated(catalog: Catalog) -> list[str]:
    return [
        f"{catalog.locale}: no translation for {m.id!r}"
        + (f" (msgctxt {m.context!r})" if m.context else "")
        for m in catalog
        if m.id and (not m.string or m.fuzzy)
    ]


def context_problems(uses: list[Use]) -> list[str]:
    found: list[str] = []
    known = {area: classes(area) for area in sorted({u.area for u in uses})}
    owner: dict[str, str] = {}
    for use in uses:
        where = f"{use.path}:{use.line}"
        if use.context is None:
            found.append(
                f"{where}: tr({use.text!r}) outside a class; Qt looks texts up under the "
                'caller\'s class (outside a class, use QCoreApplication.translate("<Class>", ...))'
            )
        elif use.context not in known[use.area]:
            found.append(f"{where}: context {use.context!r} is no class of ui/{use.area}")
        elif owner.setdefault(use.context, use.area) != use.area:
            found.append(
                f"{where}: context {use.context!r} is also used by ui/{owner[use.context]}; "
                "one area's translator would change the other"
            )
    return list(dict.fromkeys(found))


def problems() -> list[str]:
    """What would ship wrong, one line each; writes nothing."""
    uses = qt_uses()
    found = context_problems(uses)
    fresh = template()
    for lang in LANGS:
        catalog = updated(lang, fresh, uses)
        found += untranslated(catalog)
        po = po_path(lang)
        if not po.exists() or po.read_bytes() != po_bytes(catalog):
            found.append(f"{po.relative_to(ROOT)} is not up to date: run resources/locale/build.py")
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
            found.append(f"{mo.relative_to(ROOT)} is not up to date: run resources/locale/build.py")
    data = HERE / "contexts.json"
    if not data.exists() or data.read_bytes() != contexts_bytes(uses):
        found.append(f"{data.relative_to(ROOT)} is not up to date: run resources/locale/build.py")
    return found


def build() -> list[str]:
    """Write the .po, .mo and contexts.json; return one line per file (with its untranslated
    count)."""
    uses = qt_uses()
    fresh = template()
    lines: list[str] = []
    for lang in LANGS:
        catalog = updated(lang, fresh, uses)
        po = po_path(lang)
        po.parent.mkdir(parents=True, exist_ok=True)
        po.write_bytes(po_bytes(catalog))
        po.with_suffix(".mo").write_bytes(mo_bytes(catalog))
        todo = len(untranslated(catalog))
        entries = sum(1 for m in catalog if m.id)
        note = f", {todo} untranslated" if todo else ""
        lines.append(f"{po.relative_to(ROOT)}: {entries} texts{note}")
    (HERE / "contexts.json").write_bytes(contexts_bytes(uses))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild the gettext catalog (.po and .mo).")
    parser.add_argument(
        "--check", action="store_true", help="change nothing; fail on untranslated texts"
    )
    args = parser.parse_args(argv)
    if args.check:
        found = problems()
        for line in found:
            print(line)
        print(f"{len(found)} problem(s)" if found else "translations complete")
        return 1 if found else 0
    for line in build():
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
