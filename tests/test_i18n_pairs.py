"""No Indonesian/English pairs in the product's code: user-facing text goes through the catalog.

There is one translation mechanism (``app/i18n.py``, docs/architecture.md): a text is written
once, in Indonesian, marked with ``N_()``/``self.tr()``, and its English lives in
``resources/locale/en/LC_MESSAGES/antrean.po``. This test reads the product's sources
(``app``, ``ui``, ``hardware``, ``hq``) and fails on the ways a second mechanism creeps back:

* ``inline choice``: a comparison of a language with ``"id"``/``"en"`` (``a if lang == "id"
  else b``, ``if self.lang == "en":``). The one place that chooses by language is
  ``app.i18n.pick`` (for values that are data in two languages) and ``app.i18n.other``.
* ``direct Bilingual``: ``Bilingual(id, en)`` built by hand; ``Bilingual.of(N_("…"), …)``
  reads the catalog, ``Bilingual.data(x_id, x_en)`` wraps two data columns.
* ``literal data``: ``pick(lang, "…", "…")`` or ``Bilingual.data("…", "…")`` with a written
  text: texts are msgids, only data is picked.
* ``English name``: a variable, attribute, parameter, field or keyword named ``*_en`` (the
  English half of a pair: ``why_en=``, ``text_en = …``), unless it names a data column
  (``DATA_NAMES``).
* ``language dict``: a dict literal keyed by ``"id"`` and ``"en"`` whose values are not
  ``N_()`` msgids.

``ALLOWED_FILES`` lists the deliberate exceptions, each with its reason.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("app", "ui", "hardware", "hq")

# Names ending in ``_en`` that hold *data* in two languages, not a text of the program.
DATA_NAMES = {
    # a service's name and description: database columns name_id/name_en,
    # description_id/description_en (and the admin's fields that edit them)
    "name_en",
    "description_en",
    "service_name_en",
    "custom_en",
    # the hall's own running text and subtitle in English (settings the admin types)
    "marquee_en",
    "subtitle_en",
}

# Whole files that may choose by language, with the reason.
ALLOWED_FILES = {
    # The one helper: ``pick`` and ``other`` are where a language is compared.
    "app/i18n.py": "the one place that chooses by language",
    # ``Bilingual`` itself: ``of``/``data``/``both`` build it.
    "app/domain/wording.py": "builds Bilingual",
    # Spoken announcements: Indonesian by rule (DOMAIN.md), an English speech style for the
    # hall that asks for it; number words and clip names per language are a speech table,
    # not catalog text (a recorded clip has no msgid).
    "app/domain/announcement.py": "speech tables per language",
    # Day and month names, the time separator and the decimal mark: one data table, read by
    # one function each (long_date, clock_time, decimal_text).
    "app/domain/calendar_names.py": "calendar and number conventions table",
}

TOOLS = ("screenshots.py",)
_MACHINE = re.compile(
    r"[a-z0-9_.-]*"
)  # a voice id, a key, a code: not a text  # ui/<area>/screenshots.py: tools beside the windows


def sources() -> Iterator[tuple[str, ast.Module]]:
    for package in PRODUCT:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name in TOOLS:
                continue
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _is_lang_code(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value in ("id", "en")


def _mentions_lang(node: ast.AST) -> bool:
    return "lang" in ast.unparse(node).lower()


def _written(node: ast.AST) -> bool:
    """A text written in the code (not data): a non-empty string literal or an f-string."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value != ""
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Tuple | ast.List) and any(_written(e) for e in node.elts)
    )


def _text_like(node: ast.AST) -> bool:
    """A written text for a person (not a machine value such as a voice id "english")."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and not _MACHINE.fullmatch(node.value)
    if isinstance(node, ast.Dict):
        return any(v is not None and _text_like(v) for v in node.values)
    if isinstance(node, ast.Tuple | ast.List):
        return any(_text_like(e) for e in node.elts)
    return isinstance(node, ast.JoinedStr)


def _sentence(node: ast.AST) -> bool:
    """A string or f-string whose written part has words (a space)."""
    if isinstance(node, ast.JoinedStr):
        return any(_sentence(v) for v in node.values)
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value


def _call_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return f"{_call_name(func.value)}.{func.attr}"
    return ""


def _english_name(name: str) -> bool:
    return name.lower().endswith("_en") and name.lower() not in DATA_NAMES


def _names_bound(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Name):
        yield node.id
    elif isinstance(node, ast.Attribute):
        yield node.attr
    elif isinstance(node, ast.Tuple | ast.List):
        for element in node.elts:
            yield from _names_bound(element)


def findings(tree: ast.Module) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Compare) and isinstance(node.ops[0], ast.Eq | ast.NotEq):
            sides = [node.left, *node.comparators]
            if any(_is_lang_code(s) for s in sides) and any(_mentions_lang(s) for s in sides):
                yield line, f"inline choice: {ast.unparse(node)}"
        elif isinstance(node, ast.Call):
            name = _call_name(node.func)
            if name == "Bilingual":
                yield line, f"direct Bilingual: {ast.unparse(node)[:60]}"
            values = node.args[1:3] if name in ("pick", "i18n.pick") else []
            values = node.args[0:2] if name == "Bilingual.data" else values
            if any(_written(v) for v in values):
                yield line, f"literal data: {ast.unparse(node)[:60]}"
            for keyword in node.keywords:
                if keyword.arg and _english_name(keyword.arg):
                    yield line, f"English name: {keyword.arg}="
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for bound in _names_bound(target):
                    if _english_name(bound):
                        yield line, f"English name: {bound}"
        elif isinstance(node, ast.arg) and _english_name(node.arg):
            yield line, f"English name: parameter {node.arg}"
        elif isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if {"id", "en"} <= keys and any(_text_like(v) for v in node.values):
                yield line, "language dict: {'id': ..., 'en': ...}"
        elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
            elements = node.value.elts
            if len(elements) == 2 and all(_sentence(e) for e in elements):
                yield line, f"pair literal: {ast.unparse(node)[:60]}"


def _all_findings() -> dict[str, list[tuple[int, str]]]:
    found: dict[str, list[tuple[int, str]]] = {}
    for path, tree in sources():
        if path in ALLOWED_FILES:
            continue
        hits = sorted(set(findings(tree)))
        if hits:
            found[path] = hits
    return found


@pytest.fixture(scope="module")
def found() -> dict[str, list[tuple[int, str]]]:
    return _all_findings()


def test_user_facing_code_has_no_language_pairs(found: dict[str, list[tuple[int, str]]]) -> None:
    wrong = [f"{path}:{line}: {what}" for path, hits in found.items() for line, what in hits]
    assert not wrong, (
        "write the text once in Indonesian and mark it (N_(), self.tr(), Bilingual.of); "
        "choose data columns with app.i18n.pick:\n" + "\n".join(wrong)
    )


def test_the_allowlists_name_files_that_exist() -> None:
    missing = [p for p in ALLOWED_FILES if not (ROOT / p).exists()]
    assert not missing, missing


@pytest.mark.parametrize(
    "code",
    [
        'x = a if lang == "id" else b',
        'if self.lang == "en":\n    pass',
        'm = Bilingual("Halo", "Hello")',
        'n = pick(lang, "Senin", "Monday")',
        'n = Bilingual.data(f"{n} menit", f"{n} minutes")',
        'raise KnownError(N_("{why_id}"), why_id=a, why_en=b)',
        'text_id, text_en = "detik", "seconds"',
        "def f(why_id: str, why_en: str) -> None: ...",
        'WORDS = {"id": "PRIORITAS", "en": "PRIORITY"}',
        'def f():\n    return (f"Terkirim {n} data.", f"Sent {n} records.")',
    ],
)
def test_each_kind_of_pair_is_found(code: str) -> None:
    assert list(findings(ast.parse(code))), code


@pytest.mark.parametrize(
    "code",
    [
        "name = pick(lang, service.name_id, service.name_en)",
        'x = Bilingual.of(N_("Loket {n} tutup."), n=3)',
        "name = Bilingual.data(service.name_id, service.name_en)",
        'NAMES = {"id": N_("Indonesia"), "en": N_("Inggris")}',
        "log.warning('failed: %s', exc.message_en)",
        'VOICES = {"id": "indonesian", "en": "english"}',
        'labels = {"id": self.tr("Indonesia"), "en": self.tr("Inggris")}',
    ],
)
def test_catalog_texts_and_data_are_not_findings(code: str) -> None:
    assert not list(findings(ast.parse(code))), code


def test_the_hq_dashboard_has_every_text_in_both_languages() -> None:
    """HQ's dashboard runs in the browser and keeps its own table (``T.id``, ``T.en``)."""
    script = (ROOT / "hq" / "static" / "app.js").read_text(encoding="utf-8")
    tables = {
        lang: set(re.findall(r"\b(\w+):\s*\"", body))
        for lang, body in re.findall(r"\n  (id|en): \{\n(.*?)\n  \},", script, re.S)
    }
    assert set(tables) == {"id", "en"} and len(tables["id"]) > 20, tables.keys()
    assert tables["id"] == tables["en"], tables["id"] ^ tables["en"]
