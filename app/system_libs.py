"""System libraries the app's native parts need, and how to install a missing one.

The Python wheels bring their own code, but on Linux Qt, PortAudio and the Qt window
plugin link to libraries of the operating system. When one is absent the import fails
with a line such as ``libpulse.so.0: cannot open shared object file``; this module turns
that into one sentence naming the package to install on the user's distribution.

``python -m app.system_libs [--for test|app]`` checks the libraries before ``make test``
and ``make demo`` and prints one line per missing package (exit 1 when one the target
needs is missing). Qt-free: it loads libraries with ``importlib`` and ``ctypes`` only.
"""

from __future__ import annotations

import argparse
import ctypes
import importlib
import importlib.util
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SystemPackage:
    """Who provides one shared library: the Debian/Ubuntu and the Fedora package."""

    debian: str
    fedora: str


#: Shared library -> the package that provides it (only libraries a wheel does not bring).
PACKAGES: dict[str, SystemPackage] = {
    "libpulse.so.0": SystemPackage("libpulse0", "pulseaudio-libs"),
    "libportaudio.so.2": SystemPackage("libportaudio2", "portaudio"),
    "libxcb-icccm.so.4": SystemPackage("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": SystemPackage("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-cursor.so.0": SystemPackage("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-image.so.0": SystemPackage("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": SystemPackage("libxcb-render-util0", "xcb-util-renderutil"),
    "libxkbcommon.so.0": SystemPackage("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": SystemPackage("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libEGL.so.1": SystemPackage("libegl1", "libglvnd-egl"),
    "libGL.so.1": SystemPackage("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": SystemPackage("libopengl0", "libglvnd-opengl"),
    "libglib-2.0.so.0": SystemPackage("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": SystemPackage("libglib2.0-0", "glib2"),
    "libfontconfig.so.1": SystemPackage("libfontconfig1", "fontconfig"),
    "libdbus-1.so.3": SystemPackage("libdbus-1-3", "dbus-libs"),
}

#: sounddevice says this (an OSError without a file name) when PortAudio is absent.
_PORTAUDIO_MESSAGE = "PortAudio library not found"
_SONAME = re.compile(r"(lib[\w.+-]+?\.so(?:\.\d+)*)\s*:")


def missing_library(exc: BaseException) -> str | None:
    """The shared library whose absence caused ``exc`` (ImportError/OSError), if any."""
    if not isinstance(exc, (ImportError, OSError)):
        return None
    text = str(exc)
    if _PORTAUDIO_MESSAGE in text:
        return "libportaudio.so.2"
    match = _SONAME.search(text)
    if match and ("cannot open shared object" in text or "not found" in text):
        return match.group(1)
    return None


def _distribution() -> str:
    """ "debian" (Debian, Ubuntu and derivatives), "fedora" (Fedora, RHEL) or ""."""
    try:
        text = Path("/etc/os-release").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    ids = " ".join(
        line.split("=", 1)[1].strip().strip('"').lower()
        for line in text.splitlines()
        if line.startswith(("ID=", "ID_LIKE="))
    ).split()
    if {"debian", "ubuntu"} & set(ids):
        return "debian"
    if {"fedora", "rhel", "centos"} & set(ids):
        return "fedora"
    return ""


def install_command(*libraries: str, distribution: str | None = None) -> str | None:
    """The command that installs ``libraries`` here (None when none of them is known)."""
    known = [PACKAGES[lib] for lib in libraries if lib in PACKAGES]
    if not known:
        return None
    dist = _distribution() if distribution is None else distribution
    apt = "sudo apt-get install " + " ".join(dict.fromkeys(p.debian for p in known))
    dnf = "sudo dnf install " + " ".join(dict.fromkeys(p.fedora for p in known))
    if dist == "debian":
        return apt
    if dist == "fedora":
        return dnf
    return f"{apt} (Debian/Ubuntu) or {dnf} (Fedora)"


def install_hint(*libraries: str, distribution: str | None = None) -> str:
    """One sentence: which libraries are missing and the command that installs them."""
    names = ", ".join(libraries)
    how = install_command(*libraries, distribution=distribution)
    if how is None:
        return f"the system library {names} is missing: install the package that provides it"
    what = "library" if len(libraries) == 1 else "libraries"
    verb = "is" if len(libraries) == 1 else "are"
    return f"the system {what} {names} {verb} missing: install with `{how}`"


def hint_for(exc: BaseException) -> str | None:
    """:func:`install_hint` for an import failure caused by a missing library, else None."""
    library = missing_library(exc)
    return install_hint(library) if library else None


# -- the check before `make test` / `make demo` ------------------------------------------
#: What each make target loads: Python module -> what stops working without it ("" for
#: modules the target cannot do without). The xcb window plugin is checked apart: it is
#: only loaded when a window opens, so an import would not see its libraries.
_MODULES: dict[str, dict[str, str]] = {
    "app": {
        "PySide6.QtWidgets": "",
        "cv2": "",
        "PySide6.QtMultimedia": "review playback and the alert chime stay off",
        "sounddevice": "the microphone stays off",
    },
    "test": {
        "PySide6.QtWidgets": "",
        "PySide6.QtMultimedia": "",
        "PySide6.QtMultimediaWidgets": "",
        "cv2": "",
        "sounddevice": "",
    },
}
_WINDOW_PLUGIN = ("Qt", "plugins", "platforms", "libqxcb.so")


def _load_error(module: str) -> BaseException | None:
    """Why ``module`` cannot load here, or None. Qt's modules are checked by loading their
    shared library (the loader names what it lacks) rather than importing the bindings, so
    Qt stays out of everything but app/ui."""
    if module.startswith("PySide6."):
        return _qt_library_error(module.removeprefix("PySide6."))
    try:
        importlib.import_module(module)
    except (ImportError, OSError) as exc:
        return exc
    return None


def _qt_library_error(name: str) -> BaseException | None:
    """What ``libQt6<Name>.so.6`` of the PySide6 wheel lacks, asked of the dynamic loader
    without running it (Linux; elsewhere the wheel brings every library it needs)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return ImportError("No module named 'PySide6'")
    if not sys.platform.startswith("linux"):
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "Qt" / "lib"
    library = folder / f"lib{name.replace('Qt', 'Qt6', 1)}.so.6"
    if not library.exists():
        return ImportError(f"{library.name} is not in the PySide6 wheel")
    missing = _unresolved(library)
    return OSError(f"{missing[0]}: cannot open shared object file") if missing else None


def window_missing() -> list[str]:
    """Libraries Qt's X11 window plugin lacks (Qt itself would abort the process).

    Only on Linux with the xcb platform (the default): offscreen, Wayland or another
    platform chosen with ``QT_QPA_PLATFORM`` is left to Qt.
    """
    platform = os.environ.get("QT_QPA_PLATFORM", "xcb")
    if not sys.platform.startswith("linux") or not platform.startswith("xcb"):
        return []
    spec = importlib.util.find_spec("PySide6")  # its folder only: Qt stays out of here
    if spec is None or not spec.submodule_search_locations:
        return []  # reported by the module check
    plugin = Path(next(iter(spec.submodule_search_locations))).joinpath(*_WINDOW_PLUGIN)
    if not plugin.exists():
        return []
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        return _unresolved(plugin) or [missing_library(exc) or plugin.name]
    return []


def window_problem() -> str | None:
    """:func:`window_missing` as one sentence with the fix, or None."""
    missing = window_missing()
    return install_hint(*missing) if missing else None


def _unresolved(library: Path) -> list[str]:
    """Every library ``library`` links to that the system lacks (from ldd; [] without it)."""
    try:
        out = subprocess.run(
            ["ldd", str(library)], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(set(re.findall(r"^\s*(\S+)\s+=>\s+not found", out, re.MULTILINE)))


def check(target: str) -> tuple[list[str], list[str]]:
    """(lines about what stops ``target``, lines about features that stay off).

    Missing libraries are gathered into one install command; anything else that fails
    to load is named with its error.
    """
    needed_libs: list[str] = []
    needed: list[str] = []
    optional: list[str] = []
    for module, feature in _MODULES[target].items():
        exc = _load_error(module)
        if exc is None:
            continue
        library = missing_library(exc)
        if feature:
            optional.append(f"{hint_for(exc) or exc} ({feature} until then)")
        elif library:
            needed_libs.append(library)
        else:
            needed.append(f"{module} cannot be loaded: {exc}")
    if target == "app":
        needed_libs += window_missing()
    if needed_libs:
        needed.insert(0, install_hint(*dict.fromkeys(needed_libs)))
    return needed, list(dict.fromkeys(optional))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m app.system_libs",
        description="Check the system libraries the app (or the test suite) needs.",
    )
    parser.add_argument("--for", dest="target", choices=sorted(_MODULES), default="app")
    args = parser.parse_args(argv)
    needed, optional = check(args.target)
    for problem in needed:
        print(f"error: {problem}", file=sys.stderr)
    for problem in optional:
        print(f"note: {problem}", file=sys.stderr)
    return 1 if needed else 0


if __name__ == "__main__":
    sys.exit(main())
