"""Imports point one way (docs/architecture.md). A wrong arrow fails here, with its line."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# package prefix -> prefixes it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "app.domain": (
        "app.services",
        "app.storage",
        "app.sync",
        "app.bootstrap",
        "app.cli",
        "ui",
        "hardware",
        "hq",
        "sqlalchemy",
        "PySide6",
        "httpx",
        "escpos",
        "pyttsx3",
    ),
    "app.ports": (
        "app.services",
        "app.storage",
        "app.sync",
        "ui",
        "hardware",
        "hq",
        "sqlalchemy",
        "PySide6",
    ),
    "app.storage": (
        "app.services",
        "app.sync",
        "app.bootstrap",
        "app.cli",
        "ui",
        "hardware",
        "hq",
        "PySide6",
    ),
    "app.services": (
        "app.bootstrap",
        "app.cli",
        "ui",
        "hardware",
        "hq",
        "PySide6",
        "escpos",
        "pyttsx3",
    ),
    "app.sync": ("app.services", "app.bootstrap", "app.cli", "ui", "hardware", "hq", "PySide6"),
    "hardware": (
        "app.services",
        "app.storage",
        "app.sync",
        "app.bootstrap",
        "app.cli",
        "ui",
        "hq",
        "sqlalchemy",
        "PySide6",
    ),
    "ui": (
        "app.storage",
        "app.sync.sql_outbox",
        "app.cli",
        "hq",
        "sqlalchemy",
        "escpos",
        "pyttsx3",
        "usb",
        "psycopg",
    ),
    "hq": (
        "app.services",
        "app.storage",
        "app.domain",
        "app.bootstrap",
        "app.cli",
        "ui",
        "hardware",
        "PySide6",
    ),
}


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _matches(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def test_imports_point_down() -> None:
    wrong = []
    for top in ("app", "ui", "hardware", "hq"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            mod = module_name(path)
            rules = [bad for owner, bad in FORBIDDEN.items() if _matches(mod, owner)]
            for lineno, imported in imports_of(path):
                for bad in rules:
                    hit = [b for b in bad if _matches(imported, b)]
                    if hit:
                        wrong.append(f"{path.relative_to(ROOT)}:{lineno} {mod} -> {imported}")
    assert not wrong, "imports against the layering:\n" + "\n".join(wrong)


def test_domain_is_plain_python() -> None:
    for path in (ROOT / "app" / "domain").rglob("*.py"):
        for _, imported in imports_of(path):
            top = imported.split(".")[0]
            # pydantic validates the settings model (app/domain/config.py); it does no IO.
            assert (
                top in {"app", "__future__", "pydantic"}
                or top in __import__("sys").stdlib_module_names
            ), f"{path.name} imports {imported}"
