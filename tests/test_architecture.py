"""The import rule of ARCHITECTURE.md: feature apps reach each other only via honors and portal."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["portal", "honors", "volunteers", "pledges", "activities"]
ALLOWED = {
    "portal": set(),
    "honors": {"portal"},
    "volunteers": {"honors", "portal"},
    "pledges": {"honors", "portal"},
    "activities": {"honors", "portal"},
}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_app_imports_only_what_the_architecture_allows(app):
    offenders = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        forbidden = imported_apps(path) - ALLOWED[app] - {app}
        if forbidden:
            offenders.append(f"{path.relative_to(ROOT)} imports {sorted(forbidden)}")
    assert not offenders, "\n".join(offenders)
