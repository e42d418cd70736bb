"""The layering in ARCHITECTURE.md, checked on the code: no app imports one above it.

Every import in every module of an app (inside functions too) is read with `ast`, so a new
upward import fails here, whoever writes it.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each package and the project packages it may import (besides itself). From the bottom up.
MAY_IMPORT = {
    "core": set(),
    "search": {"core"},
    "reviews": {"core"},
    "learning": {"core", "reviews", "search"},
    "printing": {"core", "reviews", "search", "learning"},
    "alerts": {"core", "reviews", "search", "learning"},
    "api": {"core", "reviews", "search", "learning"},
    "reviews_site": {"core", "reviews", "search", "learning", "printing", "alerts", "api"},
    "benchmarks": {"core", "reviews", "search", "learning", "printing", "alerts", "api", "reviews_site"},
}


def imported_packages(path):
    """The top-level names a module imports (absolute imports only; relative ones stay inside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name.split(".")[0], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0], node.lineno


def modules(package):
    return sorted(path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts)


@pytest.mark.parametrize("package", MAY_IMPORT)
def test_no_app_imports_one_above_it(package):
    project = set(MAY_IMPORT)
    upward = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in modules(package)
        for name, line in imported_packages(path)
        if name in project and name != package and name not in MAY_IMPORT[package]
    ]
    assert not upward, "\n".join(upward)


def test_every_project_package_has_a_place_in_the_layers():
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests"}
    assert packages == set(MAY_IMPORT)
