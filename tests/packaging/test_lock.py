"""The checked-in ``uv.lock`` installs from wheels only on Windows (Python 3.11 and 3.12) and
resolves on Linux. Read offline from the file: nothing here touches the network.

Refresh the lock after changing dependencies in pyproject.toml: ``.venv/bin/uv lock`` (or
``uv lock --upgrade`` to take new releases), then run this test (README, "Install").
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from packaging.markers import Marker
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import parse_wheel_filename

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "uv.lock"
# What an installed hall PC or HQ needs: the app, PostgreSQL and HQ (not the test tools).
EXTRAS = ("postgres", "hq")

PythonVersion = tuple[int, int]


def _environment(platform: str, python: PythonVersion) -> dict[str, str]:
    version = f"{python[0]}.{python[1]}"
    windows = platform == "win32"
    return {
        "sys_platform": platform,
        "platform_system": "Windows" if windows else "Linux",
        "os_name": "nt" if windows else "posix",
        "platform_machine": "AMD64" if windows else "x86_64",
        "python_version": version,
        "python_full_version": f"{version}.0",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "extra": "",
    }


def _lock() -> dict[str, Any]:
    with LOCK.open("rb") as f:
        return tomllib.load(f)


def _applies(marker: str | None, env: dict[str, str]) -> bool:
    return marker is None or Marker(marker).evaluate(env)


def _closure(lock: dict[str, Any], env: dict[str, str]) -> Iterator[dict[str, Any]]:
    """Every locked package an install of ``antrean[postgres,hq]`` takes in ``env``."""
    packages: dict[str, list[dict[str, Any]]] = {}
    for package in lock["package"]:
        packages.setdefault(package["name"], []).append(package)

    def pick(dep: dict[str, Any]) -> dict[str, Any]:
        candidates = packages[dep["name"]]
        if "version" in dep:
            candidates = [p for p in candidates if p["version"] == dep["version"]]
        wanted = [p for p in candidates if _forks_match(p, env)]
        assert len(wanted) == 1, f"{dep['name']}: {len(wanted)} locked versions fit {env}"
        return wanted[0]

    root = packages["antrean"][0]
    todo: list[tuple[dict[str, Any], tuple[str, ...]]] = [(root, EXTRAS)]
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    while todo:
        package, extras = todo.pop()
        key = (package["name"], package["version"], extras)
        if key in seen:
            continue
        seen.add(key)
        if package is not root:
            yield package
        deps = list(package.get("dependencies", []))
        for extra in extras:
            deps += package.get("optional-dependencies", {}).get(extra, [])
        for dep in deps:
            if _applies(dep.get("marker"), env):
                todo.append((pick(dep), tuple(dep.get("extra", ()))))


def _forks_match(package: dict[str, Any], env: dict[str, str]) -> bool:
    forks = package.get("resolution-markers")
    return not forks or any(Marker(m).evaluate(env) for m in forks)


def _supported(python: PythonVersion, platform: str) -> set[Tag]:
    interpreter = f"cp{python[0]}{python[1]}"
    return set(cpython_tags(python, platforms=[platform])) | set(
        compatible_tags(python, interpreter, platforms=[platform])
    )


@pytest.mark.parametrize("python", [(3, 11), (3, 12)], ids=["py311", "py312"])
def test_windows_installs_from_wheels_only(python: PythonVersion) -> None:
    tags = _supported(python, "win_amd64")
    taken = list(_closure(_lock(), _environment("win32", python)))
    names = {p["name"] for p in taken}
    assert {"pyside6-essentials", "pywin32", "libusb-package", "psycopg-binary"} <= names
    without_wheel = []
    for package in taken:
        assert "registry" in package["source"], f"{package['name']} is not from an index"
        wheels = [parse_wheel_filename(w["url"].rsplit("/", 1)[1]) for w in package["wheels"]]
        if not any(tags & set(wheel_tags) for *_, wheel_tags in wheels):
            without_wheel.append(f"{package['name']} {package['version']}")
    assert without_wheel == [], f"would build from source on Windows {python}: {without_wheel}"


@pytest.mark.parametrize("python", [(3, 11), (3, 12)], ids=["py311", "py312"])
def test_linux_resolves(python: PythonVersion) -> None:
    # Any glibc from 2.17 (manylinux2014) to 2.39 (Ubuntu 24.04).
    platforms = [f"manylinux_2_{minor}_x86_64" for minor in range(17, 40)]
    tags: set[Tag] = set()
    for platform in [*platforms, "manylinux2014_x86_64", "linux_x86_64"]:
        tags |= _supported(python, platform)
    taken = list(_closure(_lock(), _environment("linux", python)))
    names = {p["name"] for p in taken}
    assert "pywin32" not in names
    assert {"pyside6-essentials", "sqlalchemy", "fastapi"} <= names
    for package in taken:
        wheels = [parse_wheel_filename(w["url"].rsplit("/", 1)[1]) for w in package["wheels"]]
        has_wheel = any(tags & set(wheel_tags) for *_, wheel_tags in wheels)
        assert has_wheel or "sdist" in package, f"{package['name']} cannot be installed"


def test_lock_matches_pyproject() -> None:
    """The lock was made from the current dependency list (refresh it with `uv lock`)."""
    with (ROOT / "pyproject.toml").open("rb") as f:
        project = tomllib.load(f)["project"]
    root = next(p for p in _lock()["package"] if p["name"] == "antrean")
    locked = {
        (r["name"], r.get("specifier", ""), r.get("marker", ""))
        for r in root["metadata"]["requires-dist"]
    }
    declared_names = {
        d.split(";")[0].split("[")[0].split(">")[0].split("=")[0].split("<")[0].strip().lower()
        for d in project["dependencies"]
    }
    assert declared_names <= {name for name, _, _ in locked}
