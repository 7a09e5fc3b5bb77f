"""What goes into the frozen AnchorDesk app and what stays out; used by build.spec and tests.

The decisions live here, in plain Python without PyInstaller, so ``tests/test_packaging.py``
can check them in milliseconds without building anything. ``build.spec`` only wires these
lists into PyInstaller's Analysis/EXE/COLLECT/BUNDLE.

How the lists were chosen: the app was run (headless demo, GUI demo, review window, every
export format, product import/export, models, classify) with ``sys.modules`` dumped at the end,
and everything PyInstaller's static analysis pulled in beyond that was measured in a build.
The big unused parts were jax/jaxlib (mediapipe's dependency, ~350 MB with ml_dtypes), SciPy
(~85 MB, pandas' optional dependency), the virtual-keyboard and PDF libraries that two Qt
plugins drag in, and the system GTK stack behind Qt's GTK platform theme. QtQuick/QtQml stay:
Qt Multimedia's FFmpeg plugin (video playback in the review window) links to them.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "AnchorDesk"
BUNDLE_IDENTIFIER = "io.github.anchordesk.AnchorDesk"
ICON_DIR = ROOT / "resources" / "icons"
ICON_PNG = ICON_DIR / "anchordesk.png"
ICON_ICO = ICON_DIR / "anchordesk.ico"
ICON_ICNS = ICON_DIR / "anchordesk.icns"

#: Environment variable choosing which speech models from the build user's models folder are
#: bundled: unset or "all" = every valid model there, "none" (or empty) = none,
#: "name1,name2" = exactly those (a missing name stops the build).
SPEECH_MODELS_ENV = "ANCHORDESK_BUNDLE_SPEECH_MODELS"
#: Where bundled speech models go inside the app (next to models/sentiment).
SPEECH_MODELS_DEST = "models/speech"

# -- what the app needs ------------------------------------------------------------------
#: Folders of this repository copied into the app as data (source, destination).
PROJECT_DATA_DIRS: tuple[tuple[str, str], ...] = (
    ("resources", "resources"),  # theme, fonts, icons, i18n, lexicons, overlays, demo, sounds
    ("models", "models"),  # models/sentiment (portable weights) and its README
    ("app/store/migrations", "app/store/migrations"),  # Alembic reads these as source files
)
#: Never shipped from those folders.
SKIP_DIR_NAMES = frozenset({"__pycache__", ".pytest_cache"})
#: Left out of the repository's models folder: speech models are chosen at build time instead.
SKIP_PROJECT_DIRS = ("models/speech",)
SKIP_SUFFIXES = frozenset({".pyc", ".pyo"})

#: MediaPipe model files (the solutions API loads graphs and models by path at run time).
MEDIAPIPE_DATA_SUFFIXES = (".tflite", ".binarypb", ".pbtxt", ".txt")
#: MediaPipe solutions AnchorDesk does not run (pose, holistic, iris, objectron): ~12 MB of
#: models. The trackers use face mesh (refined), hands and selfie segmentation.
MEDIAPIPE_UNUSED_MODULES = frozenset(
    {"pose_landmark", "pose_detection", "holistic_landmark", "iris_landmark", "objectron"}
)

#: Set to 1 for an installer without GPL code: PyAV (its FFmpeg carries x264/x265) stays
#: out, so video is not recorded and clips are sound only (docs/installing.md).
NO_GPL_ENV = "ANCHORDESK_BUNDLE_NO_GPL"


def not_shipped(environ: dict[str, str] | None = None) -> tuple[str, ...]:
    """Optional packages the app imports lazily but the installer must not carry for their
    licence: pyvirtualcam (GPL-2.0, the `vcam` extra; in the dev extra for the tests) always,
    PyAV too when :data:`NO_GPL_ENV` is 1. Without them the app says what is missing."""
    env = os.environ if environ is None else environ
    gpl_free = env.get(NO_GPL_ENV, "").strip() in {"1", "true", "yes"}
    return ("pyvirtualcam", "av") if gpl_free else ("pyvirtualcam",)


NOT_SHIPPED: tuple[str, ...] = not_shipped()

#: Modules that must never be bundled: PyInstaller's static analysis finds them through
#: optional imports, but the running app never imports them (measured, see module docstring),
#: plus :data:`NOT_SHIPPED`.
EXCLUDES: tuple[str, ...] = (
    *NOT_SHIPPED,
    # Unused parts of mediapipe's and pandas' dependency trees.
    "jax",
    "jaxlib",
    "ml_dtypes",
    "scipy",
    "sklearn",  # the sentiment model is numpy-only (app/chat/sentiment.py)
    "skimage",
    "networkx",
    "sympy",
    "torch",
    "tensorflow",
    "mediapipe.model_maker",
    # GUI toolkits and interactive tools we do not use.
    "tkinter",
    "_tkinter",
    "IPython",
    "jedi",
    "pygments",  # mako highlights tracebacks with it only when present
    "rich",
    "markdown_it",
    # Build and test tooling.
    "PyInstaller",
    "pip",
    "setuptools",
    "pkg_resources",
    "_distutils_hack",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "psycopg2",  # team mode uses psycopg 3
    "numpy.tests",
    "pandas.tests",
    "matplotlib.tests",
    "PIL.ImageTk",
    # Qt modules AnchorDesk does not use (no web engine, no QML/Quick, no 3D, no charts).
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel",
    "PySide6.QtWebSockets",
    "PySide6.QtWebView",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuick3D",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickWidgets",
    "PySide6.Qt3DCore",
    "PySide6.Qt3DRender",
    "PySide6.Qt3DInput",
    "PySide6.Qt3DLogic",
    "PySide6.Qt3DAnimation",
    "PySide6.Qt3DExtras",
    "PySide6.QtCharts",
    "PySide6.QtDataVisualization",
    "PySide6.QtGraphs",
    "PySide6.QtGraphsWidgets",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtBluetooth",
    "PySide6.QtNfc",
    "PySide6.QtPositioning",
    "PySide6.QtLocation",
    "PySide6.QtSensors",
    "PySide6.QtSerialPort",
    "PySide6.QtSerialBus",
    "PySide6.QtRemoteObjects",
    "PySide6.QtScxml",
    "PySide6.QtStateMachine",
    "PySide6.QtTextToSpeech",
    "PySide6.QtSpatialAudio",
    "PySide6.QtHttpServer",
    "PySide6.QtSql",
    "PySide6.QtDesigner",
    "PySide6.QtUiTools",
    "PySide6.QtHelp",
)

#: Imported by name at run time (database URL, CLI command table), so analysis cannot see them.
HIDDEN_IMPORTS: tuple[str, ...] = (
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "sqlalchemy.dialects.postgresql",
    "sqlalchemy.dialects.postgresql.psycopg",
    "alembic",
    "alembic.runtime.migration",
    "logging.config",
)
#: Imported only when installed (the ``postgres`` extra): team mode with ``--db postgresql+...``.
OPTIONAL_HIDDEN_IMPORTS: tuple[str, ...] = ("psycopg", "psycopg_binary")

#: Qt plugins left out: the GTK platform theme (pulls in the build machine's whole GTK stack;
#: the app draws its own Fusion theme), the virtual keyboard (pulls in QML + Quick), the PDF
#: image format (pulls in QtPdf), and embedded-device platforms and input drivers.
QT_PLUGIN_DROP_PATTERNS: tuple[str, ...] = (
    r"platformthemes/.*gtk",
    r"platforminputcontexts/.*virtualkeyboard",
    r"imageformats/.*q?pdf",
    r"platforms/.*(eglfs|linuxfb|vnc|vkkhrdisplay|minimalegl|directfb)",
    r"egldeviceintegrations/",
    r"generic/",
    r"qmltooling/",
    r"sqldrivers/",
)
#: Qt libraries only the dropped plugins needed. Dropped from the collected binaries as a
#: second line of defence (the plugin filter normally keeps them from being collected).
#: Not QtQuick/QtQml: Qt Multimedia's FFmpeg backend (review-window video) links to them.
QT_LIBRARY_DROP_PATTERNS: tuple[str, ...] = (
    r"Qt6?(VirtualKeyboard|VirtualKeyboardQml|Pdf|EglFSDeviceIntegration|EglFsKmsSupport)[._]",
)
#: Qt's own translations kept: the UI is Simplified Chinese or English (English needs none).
QT_TRANSLATION_KEEP = re.compile(r"_zh_(CN|TW)\.qm$")
#: Data files dropped wherever they come from: OpenCV's Qt5 HighGUI fonts (we never open
#: cv2 windows) and matplotlib's fonts and sample data (mediapipe imports pyplot but nothing
#: is ever plotted; matplotlib then lists the system fonts instead, checked in a build).
DATA_DROP_PATTERNS: tuple[str, ...] = (
    r"^cv2/qt/fonts/",
    r"^matplotlib/mpl-data/fonts/",
    r"^matplotlib/mpl-data/sample_data/",
)


# -- helpers ---------------------------------------------------------------------------
def app_version(root: Path = ROOT) -> str:
    """``app.__version__`` read from the source, so the spec does not import the app."""
    text = (root / "app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not match:
        raise ValueError("app/__init__.py has no __version__")
    return match.group(1)


def _files_under(folder: Path, skip: Iterable[Path] = ()) -> Iterator[Path]:
    skipped = {p.resolve() for p in skip}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in SKIP_DIR_NAMES and (Path(dirpath) / d).resolve() not in skipped
        )
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.suffix not in SKIP_SUFFIXES:
                yield path


def tree_datas(folder: Path, dest: str, skip: Iterable[Path] = ()) -> list[tuple[str, str]]:
    """(file, destination folder) pairs for every file under ``folder``, layout kept."""
    pairs = []
    for path in _files_under(folder, skip):
        rel_parent = path.parent.relative_to(folder).as_posix()
        target = dest if rel_parent == "." else f"{dest}/{rel_parent}"
        pairs.append((str(path), target))
    return pairs


def project_datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """The repository's shipped files: resources (fonts, icons...), models, migrations."""
    pairs: list[tuple[str, str]] = []
    skip = [root / rel for rel in SKIP_PROJECT_DIRS]
    for src, dest in PROJECT_DATA_DIRS:
        folder = root / src
        if folder.is_dir():
            pairs += tree_datas(folder, dest, skip)
    return pairs


def package_dir(name: str) -> Path | None:
    """An installed package's folder, found without importing it (mediapipe takes ~1 s)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def mediapipe_datas(mp_dir: Path | None = None) -> list[tuple[str, str]]:
    """MediaPipe's graphs and models for the solutions AnchorDesk runs (no upstream hook).

    Raises:
        FileNotFoundError: mediapipe is not installed; a build without it has no AR overlays.
    """
    mp_dir = mp_dir or package_dir("mediapipe")
    if mp_dir is None:
        raise FileNotFoundError("mediapipe is not installed: pip install -e '.[build]'")
    pairs = []
    for path in _files_under(mp_dir):
        rel = path.relative_to(mp_dir)
        if path.suffix not in MEDIAPIPE_DATA_SUFFIXES:
            continue
        if rel.parts[0] == "modules" and rel.parts[1] in MEDIAPIPE_UNUSED_MODULES:
            continue
        pairs.append((str(path), f"mediapipe/{rel.parent.as_posix()}"))
    return pairs


def opencc_datas(opencc_dir: Path | None = None) -> list[tuple[str, str]]:
    """OpenCC's conversion configs and dictionaries (``opencc/clib/share/opencc``), which the
    library opens by path at run time; PyInstaller's analysis cannot see them.

    Raises:
        FileNotFoundError: opencc is not installed (Traditional Chinese would not be read).
    """
    opencc_dir = opencc_dir or package_dir("opencc")
    share = opencc_dir / "clib" / "share" / "opencc" if opencc_dir is not None else None
    if share is None or not share.is_dir():
        raise FileNotFoundError("opencc and its dictionaries are not installed: pip install -e .")
    return tree_datas(share, "opencc/clib/share/opencc")


def vosk_binaries(vosk_dir: Path | None = None) -> list[tuple[str, str]]:
    """Vosk's native library and its companions (libgcc/libstdc++ DLLs on Windows).

    vosk loads ``libvosk`` with cffi from its own package folder, so the files must land in
    ``vosk/`` inside the app, exactly as PyInstaller's ``collect_dynamic_libs`` would put them.
    """
    vosk_dir = vosk_dir or package_dir("vosk")
    if vosk_dir is None:
        raise FileNotFoundError("vosk is not installed: pip install -e '.[build]'")
    return [
        (str(path), "vosk")
        for path in sorted(vosk_dir.iterdir())
        if path.is_file() and re.search(r"\.(so|dll|dylib)(\.\d+)*$", path.name)
    ]


def _valid_model_folders(models_dir: Path) -> list[Path]:
    from app.speech.models import layout_problems

    if not models_dir.is_dir():
        return []
    return [
        child
        for child in sorted(models_dir.iterdir())
        if child.is_dir() and not child.name.startswith(".") and not layout_problems(child)
    ]


def speech_model_dirs(models_dir: Path, selection: str | None) -> list[Path]:
    """The speech models to bundle from ``models_dir`` (the build user's models folder).

    ``selection`` is the value of ``ANCHORDESK_BUNDLE_SPEECH_MODELS``: None or "all" takes
    every valid model folder, "" or "none" takes none, "a,b" takes exactly those.

    Raises:
        FileNotFoundError: a named model is not a valid model folder in ``models_dir``.
    """
    wanted = (selection if selection is not None else "all").strip()
    if wanted.lower() in ("", "none", "0", "no"):
        return []
    available = _valid_model_folders(models_dir)
    if wanted.lower() == "all":
        return available
    by_name = {path.name: path for path in available}
    names = [name.strip() for name in wanted.split(",") if name.strip()]
    missing = [name for name in names if name not in by_name]
    if missing:
        raise FileNotFoundError(
            f"{SPEECH_MODELS_ENV} names {', '.join(missing)}, but {models_dir} holds only "
            f"{', '.join(by_name) or 'no valid models'}"
        )
    return [by_name[name] for name in names]


def speech_model_datas(models: Iterable[Path]) -> list[tuple[str, str]]:
    """(file, destination) pairs placing each model under ``models/speech/<name>/``."""
    pairs: list[tuple[str, str]] = []
    for model in models:
        pairs += tree_datas(model, f"{SPEECH_MODELS_DEST}/{model.name}")
    return pairs


def _posix(dest: str) -> str:
    return dest.replace("\\", "/")


def keep_binary(dest: str) -> bool:
    """False for the Qt plugins and libraries AnchorDesk does not need (see the patterns)."""
    name = _posix(dest)
    if "/plugins/" in name or name.startswith("plugins/"):
        plugin = name.split("/plugins/", 1)[-1]
        if any(re.search(p, plugin, re.IGNORECASE) for p in QT_PLUGIN_DROP_PATTERNS):
            return False
    base = name.rsplit("/", 1)[-1]
    return not any(re.search(p, base) for p in QT_LIBRARY_DROP_PATTERNS)


def keep_data(dest: str) -> bool:
    """False for unused Qt translations and the data files in ``DATA_DROP_PATTERNS``."""
    name = _posix(dest)
    if "/translations/" in name and name.endswith(".qm") and "PySide6" in name:
        return bool(QT_TRANSLATION_KEEP.search(name))
    if "/qml/" in name and name.startswith("PySide6/"):
        return False
    return not any(re.search(p, name) for p in DATA_DROP_PATTERNS)


def keep_plugin_file(plugin_path: str) -> bool:
    """For the Qt plugin collector: False for a plugin file we leave out."""
    name = _posix(plugin_path)
    tail = "/".join(name.split("/")[-2:])  # "<type>/<file>"
    return not any(re.search(p, tail, re.IGNORECASE) for p in QT_PLUGIN_DROP_PATTERNS)


def info_plist(version: str) -> dict[str, object]:
    """Extra Info.plist keys for the macOS bundle (PyInstaller fills the basic ones).

    macOS kills an app that touches the camera or microphone without these usage strings;
    the text is what the permission prompt shows, so it says why, in both UI languages.
    """
    return {
        "CFBundleDisplayName": APP_NAME,
        "CFBundleName": APP_NAME,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "CFBundleDevelopmentRegion": "en",
        "CFBundleLocalizations": ["en", "zh_CN"],
        "CFBundleAllowMixedLocalizations": True,
        "LSApplicationCategoryType": "public.app-category.business",
        "LSMinimumSystemVersion": "11.0",
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,
        "NSCameraUsageDescription": (
            "AnchorDesk 使用摄像头在直播画面上叠加 AR 商品效果，画面只在本机处理。"
            " AnchorDesk uses the camera to draw AR product overlays on your live video;"
            " frames are processed on this computer only."
        ),
        "NSMicrophoneUsageDescription": (
            "AnchorDesk 使用麦克风生成实时字幕并检查违规用语，音频只在本机处理。"
            " AnchorDesk uses the microphone for live captions and compliance alerts;"
            " audio is processed on this computer only."
        ),
    }
