"""Qt stays in app/ui: no other module imports PySide6 (checked on the source)."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
QT_MODULES = ("PySide6", "shiboken6", "pyqtgraph")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_only_app_ui_imports_qt() -> None:
    offenders = []
    for path in APP.rglob("*.py"):
        if (APP / "ui") in path.parents:
            continue
        for name in _imports(path):
            if name.split(".")[0] in QT_MODULES:
                offenders.append(f"{path.relative_to(APP.parent)} imports {name}")
    assert offenders == []


def test_domain_never_imports_the_ui() -> None:
    offenders = [
        str(path.relative_to(APP.parent))
        for path in APP.rglob("*.py")
        if (APP / "ui") not in path.parents
        and path.name != "cli.py"
        and any(n == "app.ui" or n.startswith("app.ui.") for n in _imports(path))
    ]
    assert offenders == []


def test_the_check_finds_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("def f():\n    from PySide6.QtCore import QObject\n", encoding="utf-8")
    assert "PySide6.QtCore" in _imports(sample)
