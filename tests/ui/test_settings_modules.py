"""Settings in the GUI: one module per job, titles declared once with the fields."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

from app.config import Settings

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "app" / "ui"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module is not None
    }


def _literals(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


#: Retyped titles still to be replaced by the field's own (this list only shrinks).
RETYPED: dict[str, list[str]] = {}


def test_field_titles_are_only_declared_with_the_fields() -> None:
    """No UI module retypes a field's title: they show ``spec.title`` (from app/config.py)."""
    titles = {f.metadata["title"] for f in dataclasses.fields(Settings)}
    assert len(titles) > 30
    retyped = {
        str(path.relative_to(ROOT)): sorted(titles & _literals(path))
        for path in sorted(UI.rglob("*.py"))
        if titles & _literals(path)
    }
    assert retyped == RETYPED


def test_the_wizard_takes_its_editors_from_the_widgets_module_not_from_a_dialog() -> None:
    first_run = _imports(UI / "dialogs" / "first_run.py")
    assert "app.ui.settings.editors" in first_run and "app.ui.settings.devices" in first_run
    assert "app.ui.dialogs.settings" not in first_run
    # each job in its module: the widgets know no dialog, device probing knows no widget
    assert not any(m.startswith("app.ui.dialogs.settings") for m in _imports(
        UI / "settings" / "editors.py"
    ))  # fmt: skip
    assert "app.ui.settings.editors" not in _imports(UI / "settings" / "devices.py")


def test_background_work_in_these_dialogs_goes_through_run_task() -> None:
    """No relay QObject of their own, no thread started by hand: the one idiom."""
    for name in ("settings.py", "first_run.py", "privacy.py", "copy_history.py"):
        source = (UI / "dialogs" / name).read_text(encoding="utf-8")
        assert "Signal(" not in source or name == "settings.py", name  # the dialog's own
        assert "threading.Thread(" not in source and "_pool.start(" not in source, name
    devices = (UI / "settings" / "devices.py").read_text(encoding="utf-8")
    assert "run_task(" in devices


def test_a_field_title_is_looked_up_not_retyped(qapp: object) -> None:
    from app.settings_check import field_specs
    from app.ui.settings.editors import field_title

    spec = next(s for s in field_specs() if s.name == "auto_switch_on_mention")
    assert field_title("auto_switch_on_mention") == field_title(spec) == spec.title  # English
