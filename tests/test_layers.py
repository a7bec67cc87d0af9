"""Imports point one way (docs/architecture.md). A wrong arrow fails here, with its line.

Each rule is stated once:

* ``FORBIDDEN``: what each layer of the product never imports (the domain no SQLAlchemy or Qt,
  services no Qt or drivers, windows no storage or drivers, ...).
* The entry points are the top of the import graph. They are ``app/cli`` (the ``antrean``
  commands) and ``app/bootstrap.py`` (the one composition root); they stay inside ``app``
  rather than in a package of their own, so this test names them. Only they import ``ui`` and
  ``hardware``, and nothing imports them. ``ui`` and ``hardware`` import themselves freely.
* A window area (``ui.kiosk``, ``ui.counter``, ``ui.display``) never imports another area;
  what two areas share lives in ``ui.common``, which imports no area.
* ``hq`` imports from ``app`` only the wire schema, ``app.sync.payload``, the statistics'
  definitions built on it, ``app.sync.facts``, and the catalog reader ``app.i18n`` (its
  command's messages); those modules load
  nothing from ``app`` but the enums it names (``app.domain.model``) and the ticket lifecycle
  table HQ's replay follows (``app.domain.lifecycle``, with the errors it raises).

The product is ``app``, ``ui``, ``hardware`` and ``hq``. Tools outside it (``tests``, ``bench``,
``docs/make_screenshots.py``, ``resources/generate_sounds.py``) may import anything. The
screenshot scripts beside their windows (``ui/<area>/screenshots.py``, run by
``docs/make_screenshots.py``) are tools too: they may build a throw-away ``Core``
(``app.bootstrap``) and a recording printer (``hardware``).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("app", "ui", "hardware", "hq")
ENTRY_POINTS = ("app.cli", "app.bootstrap")
AREAS = tuple(
    sorted(
        p.name
        for p in (ROOT / "ui").iterdir()
        if p.is_dir() and p.name not in ("common", "__pycache__")
    )
)
SCREENSHOT_SCRIPTS = tuple(f"ui.{area}.screenshots" for area in AREAS)
WIRE_SCHEMA = "app.sync.payload"
# The statistics' definitions, shared by HQ and the hall's reports (one implementation).
SHARED_FACTS = "app.sync.facts"
# And the translation catalog reader (standard library only) for the HQ command's messages.
HQ_MAY_IMPORT = {WIRE_SCHEMA, SHARED_FACTS, "app.i18n"}
# What ``import app.sync.payload`` may load from app: the packages on the way, and the enums.
# The lifecycle table comes along: HQ's replay closes tickets where the hall's table does.
WIRE_SCHEMA_LOADS = {
    "app",
    "app.sync",
    WIRE_SCHEMA,
    SHARED_FACTS,
    "app.domain",
    "app.domain.model",
    "app.domain.lifecycle",
    "app.domain.errors",
    "app.i18n",  # the errors' message templates are marked with its N_ (standard library only)
    "app.domain.wording",  # the lifecycle's refusals name a status in both languages (app.i18n)
}

# package prefix -> prefixes it must never import (ui, hardware and the entry points: see above)
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "app.domain": (
        "app.services",
        "app.storage",
        "app.sync",
        "hq",
        "sqlalchemy",
        "PySide6",
        "httpx",
        "escpos",
        "pyttsx3",
    ),
    "app.ports": ("app.services", "app.storage", "app.sync", "hq", "sqlalchemy", "PySide6"),
    "app.storage": ("app.services", "app.sync", "hq", "PySide6"),
    "app.services": ("hq", "PySide6", "escpos", "pyttsx3"),
    "app.sync": ("app.services", "hq", "PySide6"),
    "hardware": ("app.services", "app.storage", "app.sync", "hq", "sqlalchemy", "PySide6"),
    "ui": (
        "app.storage",
        "app.sync.sql_outbox",
        "hq",
        "sqlalchemy",
        "escpos",
        "pyttsx3",
        "usb",
        "psycopg",
    ),
    "hq": ("PySide6",),
}


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def module_path(name: str) -> Path | None:
    """The file of the product module ``name`` (a package's ``__init__.py``), if it exists."""
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, at any depth (also inside functions and TYPE_CHECKING),
    relative imports resolved; ``from a import b`` names ``a`` and, when it is a module, ``a.b``."""
    mod = module_name(path)
    package = mod.split(".") if path.name == "__init__.py" else mod.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, *([node.module] if node.module else [])])
            found.append((node.lineno, name))
            for alias in node.names:
                if module_path(f"{name}.{alias.name}") is not None:
                    found.append((node.lineno, f"{name}.{alias.name}"))
    return found


def product_imports() -> Iterator[tuple[str, str, int, str]]:
    """(file, module, line, imported) for every import in the product."""
    for top in PRODUCT:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            mod = module_name(path)
            for lineno, imported in imports_of(path):
                yield str(path.relative_to(ROOT)), mod, lineno, imported


def _matches(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _any(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(_matches(name, p) for p in prefixes)


def test_imports_point_down() -> None:
    wrong = []
    for where, mod, lineno, imported in product_imports():
        rules = [bad for owner, bad in FORBIDDEN.items() if _matches(mod, owner)]
        if any(_any(imported, bad) for bad in rules):
            wrong.append(f"{where}:{lineno} {mod} -> {imported}")
    assert not wrong, "imports against the layering:\n" + "\n".join(wrong)


def test_only_the_entry_points_import_ui_and_hardware_and_nothing_imports_them() -> None:
    wrong = []
    for where, mod, lineno, imported in product_imports():
        if _any(mod, ENTRY_POINTS):
            continue
        tools = ("app.bootstrap", "hardware") if mod in SCREENSHOT_SCRIPTS else ()
        for top in ("ui", "hardware", *ENTRY_POINTS):
            if _matches(imported, top) and not _matches(mod, top) and not _any(imported, tools):
                wrong.append(f"{where}:{lineno} {mod} -> {imported}")
    assert not wrong, "only app/cli and app/bootstrap.py import these:\n" + "\n".join(wrong)


def test_a_window_area_imports_no_other_area() -> None:
    assert {"kiosk", "counter", "display"} <= set(AREAS)
    wrong = []
    for where, mod, lineno, imported in product_imports():
        if not _matches(mod, "ui"):
            continue
        own = mod.split(".")[1] if mod.count(".") else None
        others = tuple(f"ui.{area}" for area in AREAS if area != own)
        if _any(imported, others):
            wrong.append(f"{where}:{lineno} {mod} -> {imported}")
    assert not wrong, "share through ui.common instead:\n" + "\n".join(wrong)


def test_hq_shares_only_the_wire_schema() -> None:
    from_app = {
        f"{where}:{lineno} {imported}"
        for where, mod, lineno, imported in product_imports()
        if _matches(mod, "hq") and _matches(imported, "app") and imported not in HQ_MAY_IMPORT
    }
    assert not from_app, f"hq imports from app only {HQ_MAY_IMPORT}:\n" + "\n".join(from_app)
    loaded, todo = set(), sorted(HQ_MAY_IMPORT)
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):  # importing a.b.c runs a and a.b first
            step = ".".join(parts[:i])
            path = module_path(step)
            if step in loaded or path is None:
                continue
            loaded.add(step)
            todo += [imp for _, imp in imports_of(path) if _matches(imp, "app")]
    more = sorted(loaded - WIRE_SCHEMA_LOADS)
    assert not more, f"importing {sorted(HQ_MAY_IMPORT)} also loads {more}"


def test_domain_is_plain_python() -> None:
    for path in (ROOT / "app" / "domain").rglob("*.py"):
        for _, imported in imports_of(path):
            top = imported.split(".")[0]
            # pydantic validates the settings model (app/domain/config.py); it does no IO.
            assert top in {"app", "__future__", "pydantic"} or top in sys.stdlib_module_names, (
                f"{path.name} imports {imported}"
            )
