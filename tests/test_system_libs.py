"""Missing system libraries: one line naming the package, never a traceback; the README's
set-up line installs what CI installs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from app import cli, system_libs
from app.errors import user_message
from app.system_libs import install_hint, missing_library

ROOT = Path(__file__).resolve().parent.parent


def _apt_packages(text: str) -> list[str]:
    block = re.search(r"apt-get install((?:[^\n\\]|\\\n)*)", text)
    assert block is not None
    words = block.group(1).replace("\\\n", " ").split()
    return sorted(w for w in words if re.fullmatch(r"[a-z0-9][a-z0-9.+-]+", w))


def test_readme_set_up_line_installs_what_ci_installs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _apt_packages(readme) == _apt_packages(ci)
    # Every library the check can name has a package on both distributions.
    assert {"libpulse0", "libportaudio2"} <= set(_apt_packages(ci))


@pytest.mark.parametrize(
    ("error", "library"),
    [
        (
            ImportError("libpulse.so.0: cannot open shared object file: No such file"),
            "libpulse.so.0",
        ),
        (OSError("PortAudio library not found"), "libportaudio.so.2"),
        (OSError("libxcb-icccm.so.4: cannot open shared object file"), "libxcb-icccm.so.4"),
        (ImportError("No module named 'PySide6'"), None),
        (ValueError("libpulse.so.0: cannot open shared object file"), None),
    ],
)
def test_missing_library_is_read_from_the_loader_message(
    error: BaseException, library: str | None
) -> None:
    assert missing_library(error) == library


def test_install_hint_names_the_package_of_the_distribution() -> None:
    assert "sudo apt-get install libpulse0`" in install_hint("libpulse.so.0", distribution="debian")
    assert "sudo dnf install pulseaudio-libs`" in install_hint(
        "libpulse.so.0", distribution="fedora"
    )
    both = install_hint("libxcb-icccm.so.4", "libxcb-keysyms.so.1", distribution="")
    assert "apt-get install libxcb-icccm4 libxcb-keysyms1" in both
    assert "dnf install xcb-util-wm xcb-util-keysyms" in both
    assert "libfoo.so.9" in install_hint("libfoo.so.9", distribution="debian")


def test_check_gathers_missing_libraries_into_one_install_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    failures = {
        "needed_a": ImportError("libpulse.so.0: cannot open shared object file"),
        "needed_b": OSError("PortAudio library not found"),
        "optional": OSError("PortAudio library not found"),
        "broken": ImportError("undefined symbol: foo"),
    }
    monkeypatch.setattr(system_libs, "_load_error", failures.get)
    monkeypatch.setitem(
        system_libs._MODULES,
        "test",
        {"needed_a": "", "needed_b": "", "optional": "the mic stays off", "fine": "", "broken": ""},
    )
    monkeypatch.setattr(system_libs, "_distribution", lambda: "debian")
    needed, optional = system_libs.check("test")
    assert needed[0].endswith("`sudo apt-get install libpulse0 libportaudio2`")
    assert needed[1] == "broken cannot be loaded: undefined symbol: foo"
    assert optional == [
        "the system library libportaudio.so.2 is missing: install with "
        "`sudo apt-get install libportaudio2` (the mic stays off until then)"
    ]


def test_check_passes_on_this_machine() -> None:
    """The suite runs, so everything it needs loads: the check must agree (exit 0)."""
    result = subprocess.run(
        [sys.executable, "-m", "app.system_libs", "--for", "test"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_the_window_command_reports_a_missing_library_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def missing(name: str) -> None:
        raise ImportError("libxkbcommon.so.0: cannot open shared object file: No such file")

    monkeypatch.setattr(cli.importlib, "import_module", missing)
    monkeypatch.setattr(system_libs, "_distribution", lambda: "debian")
    with pytest.raises(cli.CliError, match="sudo apt-get install libxkbcommon0"):
        cli._import_ui("app.ui.app")


def test_the_window_plugin_is_checked_before_qt_would_abort(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import app.ui.app  # the real module: only the plugin check fails

    monkeypatch.setattr(system_libs, "window_missing", lambda: ["libxcb-icccm.so.4"])
    monkeypatch.setattr(system_libs, "_distribution", lambda: "fedora")
    with pytest.raises(cli.CliError, match="sudo dnf install xcb-util-wm"):
        cli._import_ui(app.ui.app.__name__)


def test_offscreen_needs_no_window_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert system_libs.window_missing() == []


def test_user_message_turns_a_missing_library_into_its_fix() -> None:
    message = user_message(OSError("PortAudio library not found"))
    assert message is not None and "libportaudio2" in message


def test_qt_libraries_are_checked_without_loading_qt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt's modules are asked of the dynamic loader (ldd), never imported here."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the wheels bring Qt's libraries on Windows and macOS")
    monkeypatch.setattr(system_libs, "_unresolved", lambda path: ["libpulse.so.0"])
    error = system_libs._load_error("PySide6.QtMultimedia")
    assert error is not None and missing_library(error) == "libpulse.so.0"
    monkeypatch.setattr(system_libs, "_unresolved", lambda path: [])
    assert system_libs._load_error("PySide6.QtWidgets") is None
