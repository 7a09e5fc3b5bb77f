"""The installer's decisions, checked without building (a build takes minutes; see
``.ci/frozen_smoke.sh`` for the real one): build.spec parses and uses the packaging module,
the app's files, fonts, models and MediaPipe graphs are collected, unused parts are excluded
without excluding anything the app imports, the macOS Info.plist carries the permission
strings, the GitHub workflow is valid and names only files that exist, and the icons are
real images."""

from __future__ import annotations

import ast
import importlib.util
import plistlib
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build.spec"
WORKFLOW = ROOT / ".github" / "workflows" / "build.yml"
SMOKE = ROOT / ".ci" / "frozen_smoke.sh"


@pytest.fixture(scope="module")
def bundle() -> ModuleType:
    """packaging/anchordesk_bundle.py, loaded by path as build.spec loads it."""
    spec = importlib.util.spec_from_file_location(
        "anchordesk_bundle", ROOT / "packaging" / "anchordesk_bundle.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _dests(pairs: list[tuple[str, str]]) -> set[str]:
    """'dest/filename' for each (source file, destination folder) pair."""
    return {f"{dest}/{Path(src).name}" for src, dest in pairs}


# -- build.spec --------------------------------------------------------------------------
def test_spec_parses_and_wires_the_packaging_module() -> None:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))
    called = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert {"Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"} <= called
    text = SPEC.read_text(encoding="utf-8")
    for used in (
        "anchordesk_bundle.py",
        "project_datas",
        "mediapipe_datas",
        "vosk_binaries",
        "speech_model_datas",
        "EXCLUDES",
        "keep_binary",
        "keep_data",
        "info_plist",
        "ICON_ICO",
        "ICON_ICNS",
    ):
        assert used in text, f"build.spec no longer uses {used}"


def test_project_files_fonts_icons_models_and_migrations_are_collected(
    bundle: ModuleType,
) -> None:
    dests = _dests(bundle.project_datas(ROOT))
    fonts = sorted((ROOT / "resources" / "fonts").glob("*.otf"))
    assert fonts, "the bundled CJK font is missing from resources/fonts"
    for font in fonts:
        assert f"resources/fonts/{font.name}" in dests
    for expected in (
        "resources/icons/anchordesk.png",
        "resources/theme/dark.qss",
        "resources/demo/session.json",
        "resources/lexicons/ad_law.txt",
        "models/sentiment/sentiment.json",
        "app/store/migrations/env.py",
    ):
        assert expected in dests, expected
    assert (ROOT / "models" / "sentiment" / "sentiment.json").is_file()
    assert not any("__pycache__" in d or d.endswith(".pyc") for d in dests)
    assert any(d.startswith("app/store/migrations/versions/") for d in dests)


def test_only_used_mediapipe_models_are_collected(bundle: ModuleType) -> None:
    dests = _dests(bundle.mediapipe_datas())
    # What the trackers load (face mesh refined, hands lite+full, selfie segmentation).
    for used in (
        "face_detection/face_detection_short_range.tflite",
        "face_landmark/face_landmark_with_attention.tflite",
        "face_landmark/face_landmark_front_cpu.binarypb",
        "hand_landmark/hand_landmark_lite.tflite",
        "hand_landmark/hand_landmark_full.tflite",
        "hand_landmark/hand_landmark_tracking_cpu.binarypb",
        "hand_landmark/handedness.txt",
        "palm_detection/palm_detection_lite.tflite",
        "selfie_segmentation/selfie_segmentation_landscape.tflite",
        "selfie_segmentation/selfie_segmentation_cpu.binarypb",
    ):
        assert f"mediapipe/modules/{used}" in dests, used
    assert not any("/pose_landmark/" in d or "/iris_landmark/" in d for d in dests)
    assert all(d.startswith("mediapipe/") for d in dests)


def test_vosk_native_library_is_collected_into_the_vosk_folder(bundle: ModuleType) -> None:
    pairs = bundle.vosk_binaries()
    names = [Path(src).name for src, _ in pairs]
    assert any(name.startswith("libvosk") for name in names), names
    assert {dest for _, dest in pairs} == {"vosk"}


def _make_model(folder: Path) -> Path:
    for rel in ("am/final.mdl", "conf/model.conf", "graph/HCLG.fst"):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(b"x")
    return folder


def test_speech_model_selection_from_the_users_models_folder(
    bundle: ModuleType, tmp_path: Path
) -> None:
    models = tmp_path / "models"
    _make_model(models / "vosk-model-small-cn-0.22")
    _make_model(models / "vosk-model-small-en-us-0.15")
    (models / "half-downloaded").mkdir()
    (models / ".install-tmp").mkdir()

    def names(selection: str | None) -> list[str]:
        return [p.name for p in bundle.speech_model_dirs(models, selection)]

    both = ["vosk-model-small-cn-0.22", "vosk-model-small-en-us-0.15"]
    assert names(None) == both
    assert names("all") == both
    assert names("none") == []
    assert names("") == []
    assert names("vosk-model-small-en-us-0.15") == ["vosk-model-small-en-us-0.15"]
    with pytest.raises(FileNotFoundError, match="half-downloaded"):
        names("half-downloaded")
    assert bundle.speech_model_dirs(tmp_path / "missing", None) == []

    dests = _dests(bundle.speech_model_datas(bundle.speech_model_dirs(models, "all")))
    assert "models/speech/vosk-model-small-cn-0.22/conf/model.conf" in dests
    assert "models/speech/vosk-model-small-en-us-0.15/graph/HCLG.fst" in dests


# -- exclusions --------------------------------------------------------------------------
def _excluded(bundle: ModuleType, module: str) -> bool:
    return any(module == e or module.startswith(e + ".") for e in bundle.EXCLUDES)


def test_big_unused_packages_are_excluded(bundle: ModuleType) -> None:
    for module in ("jax", "jaxlib", "scipy", "sklearn", "tkinter", "pytest", "PyInstaller"):
        assert _excluded(bundle, module), module
    for qt in ("QtWebEngineCore", "Qt3DCore", "QtQuick", "QtQml", "QtCharts", "QtPdf"):
        assert _excluded(bundle, f"PySide6.{qt}"), qt


def _app_imports() -> set[str]:
    """Every module the app's own code imports (top level and inside functions)."""
    found: set[str] = set()
    for path in (ROOT / "app").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_nothing_the_app_imports_is_excluded(bundle: ModuleType) -> None:
    imported = _app_imports()
    assert "PySide6.QtMultimedia" in imported  # the scan sees imports inside functions
    wrongly = sorted(
        m for m in imported if _excluded(bundle, m) and m.split(".")[0] not in bundle.NOT_SHIPPED
    )
    assert not wrongly, f"build.spec excludes modules the app imports: {wrongly}"


def test_optional_extras_with_other_licences_are_not_shipped(bundle: ModuleType) -> None:
    assert "pyvirtualcam" in _app_imports()  # imported lazily by app/vision/vcam.py
    assert _excluded(bundle, "pyvirtualcam")


def test_a_build_without_gpl_code_leaves_pyav_out(bundle: ModuleType) -> None:
    """docs/installing.md: ANCHORDESK_BUNDLE_NO_GPL=1 keeps FFmpeg with x264 out."""
    assert "av" in _app_imports()  # recordings and clips import it lazily
    assert bundle.not_shipped({}) == ("pyvirtualcam",)
    assert "av" in bundle.not_shipped({bundle.NO_GPL_ENV: "1"})


#: Imported when present, but optional for their importer: mako (via alembic) highlights
#: template tracebacks with pygments only if it imports; _distutils_hack is the venv's
#: setuptools shim, absent from any frozen app.
_OPTIONAL_AT_RUNTIME = ("pygments", "_distutils_hack")


@pytest.mark.slow
def test_nothing_mediapipe_imports_is_excluded(bundle: ModuleType) -> None:
    """mediapipe is imported in a subprocess (it takes ~1 s and pulls in matplotlib); an
    excluded module it needs would switch the frozen app's AR overlays off."""
    code = (
        "import sys, mediapipe; mediapipe.solutions.face_mesh.FaceMesh; "
        "import pandas, openpyxl, pyqtgraph, sounddevice, vosk, aiohttp, alembic, sqlalchemy; "
        "print('\\n'.join(sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    ).stdout.split()
    wrongly = sorted(
        m for m in out if _excluded(bundle, m) and m.split(".")[0] not in _OPTIONAL_AT_RUNTIME
    )
    assert not wrongly, f"excluded but imported at run time: {wrongly}"


# -- Qt trimming -------------------------------------------------------------------------
def test_qt_plugin_and_library_filters(bundle: ModuleType) -> None:
    keep = bundle.keep_binary
    plugins = "PySide6/Qt/plugins"
    for wanted in (
        f"{plugins}/platforms/libqxcb.so",
        f"{plugins}/platforms/libqwayland.so",
        f"{plugins}/platforms/libqoffscreen.so",
        f"{plugins}/platforms/qwindows.dll",
        f"{plugins}/platforms/libqcocoa.dylib",
        f"{plugins}/multimedia/libffmpegmediaplugin.so",
        f"{plugins}/imageformats/libqjpeg.so",
        f"{plugins}/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6/Qt/lib/libQt6Quick.so.6",  # the FFmpeg multimedia plugin links to it
        "PySide6/Qt/lib/libQt6Qml.so.6",
        "PySide6/Qt/lib/libQt6Multimedia.so.6",
    ):
        assert keep(wanted), wanted
    for unwanted in (
        f"{plugins}/platformthemes/libqgtk3.so",
        f"{plugins}/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        f"{plugins}/imageformats/libqpdf.so",
        f"{plugins}/imageformats/qpdf.dll",
        f"{plugins}/platforms/libqeglfs.so",
        "PySide6\\Qt\\plugins\\platforms\\libqlinuxfb.so",  # Windows separators
        "PySide6/Qt/lib/libQt6VirtualKeyboard.so.6",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
    ):
        assert not keep(unwanted), unwanted
    assert bundle.keep_plugin_file("/venv/PySide6/Qt/plugins/platforms/libqxcb.so")
    assert not bundle.keep_plugin_file("/venv/PySide6/Qt/plugins/platformthemes/libqgtk3.so")


def test_data_filter_keeps_chinese_qt_translations_only(bundle: ModuleType) -> None:
    keep = bundle.keep_data
    assert keep("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert keep("PySide6/Qt/translations/qtmultimedia_zh_CN.qm")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert not keep("matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf")
    assert keep("matplotlib/mpl-data/matplotlibrc")
    assert not keep("cv2/qt/fonts/DejaVuSans.ttf")
    assert keep("resources/i18n/anchordesk_zh_CN.qm")  # our own translations stay
    assert keep("resources/fonts/NotoSansSC-AnchorDesk-Regular.otf")


# -- macOS bundle ------------------------------------------------------------------------
def test_info_plist_has_bilingual_permission_strings_and_the_app_version(
    bundle: ModuleType,
) -> None:
    from app import __version__

    assert bundle.app_version(ROOT) == __version__
    plist = bundle.info_plist(__version__)
    assert plist["CFBundleShortVersionString"] == __version__
    for key in ("NSCameraUsageDescription", "NSMicrophoneUsageDescription"):
        text = plist[key]
        assert isinstance(text, str)
        assert re.search(r"[\u4e00-\u9fff]", text), f"{key} has no Chinese"
        assert re.search(r"\bAnchorDesk uses the (camera|microphone)\b", text), key
    assert re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", bundle.BUNDLE_IDENTIFIER)
    assert plistlib.loads(plistlib.dumps(plist)) == plist  # serialisable as written


# -- icons -------------------------------------------------------------------------------
def test_icon_files_are_valid_images(bundle: ModuleType) -> None:
    with Image.open(bundle.ICON_PNG) as png:
        assert png.format == "PNG"
        assert png.size == (1024, 1024)
        assert png.mode == "RGBA"
        assert png.getpixel((0, 0))[3] == 0  # transparent corner: a rounded square
        assert png.getpixel((512, 512))[3] == 255
    with Image.open(bundle.ICON_ICO) as ico:
        assert ico.format == "ICO"
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(bundle.ICON_ICNS) as icns:
        assert icns.format == "ICNS"
        assert icns.size[0] >= 512


def test_window_icon_is_set(qapp: object) -> None:
    from app.ui.app import _application

    assert not _application(None).windowIcon().isNull()


# -- CI files ----------------------------------------------------------------------------
def _load_workflow() -> dict[object, object]:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "\t" not in text, "YAML must be indented with spaces"
    try:
        import yaml
    except ImportError:  # light check only; PyYAML is not a dependency
        for key in ("name:", "on:", "jobs:", "runs-on:", "steps:"):
            assert re.search(rf"^\s*{key}", text, re.MULTILINE), key
        return {}
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def test_workflow_is_valid_and_builds_on_three_systems() -> None:
    data = _load_workflow()
    text = WORKFLOW.read_text(encoding="utf-8")
    for runner in ("windows-", "macos-", "ubuntu-"):
        assert f"os: {runner}" in text, runner
    assert "actions/upload-artifact@" in text
    if not data:
        return
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as True
    assert isinstance(triggers, dict) and "workflow_dispatch" in triggers
    jobs = data["jobs"]
    assert isinstance(jobs, dict) and jobs
    for job in jobs.values():
        assert isinstance(job, dict)
        assert job["steps"], "a job without steps"
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step


#: Paths a workflow may name that the build itself creates.
_BUILD_OUTPUTS = ("dist/", "build/", ".venv/")


def test_workflow_references_only_existing_files() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    candidates = set(
        re.findall(
            r"(?<![\w./$-])((?:\.ci|\.github|packaging|resources|tools|tests|app|docs)"
            r"/[\w./-]*\w|[\w-]+\.(?:spec|toml)|Makefile)\b",
            text,
        )
    )
    assert {"build.spec", ".ci/frozen_smoke.sh", "tests/test_packaging.py"} <= candidates
    missing = sorted(
        path
        for path in candidates
        if not path.startswith(_BUILD_OUTPUTS) and "*" not in path and not (ROOT / path).exists()
    )
    assert not missing, f"the workflow names files that do not exist: {missing}"


def test_smoke_script_is_executable_valid_bash_and_checks_the_json() -> None:
    assert SMOKE.is_file()
    assert SMOKE.stat().st_mode & 0o111, "chmod +x .ci/frozen_smoke.sh"
    subprocess.run(["bash", "-n", str(SMOKE)], check=True, timeout=30)
    text = SMOKE.read_text(encoding="utf-8")
    for needed in ("--version", "--headless", "--json", "--data-dir", "transcript_segments"):
        assert needed in text, needed


def test_make_build_installs_the_build_extra_and_uses_the_spec() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = re.search(r"^build:.*?(?=^\S|\Z)", makefile, re.MULTILINE | re.DOTALL)
    assert target, "Makefile has no build target"
    assert ".[build]" in target.group(0)
    assert "build.spec" in target.group(0)


def test_opencc_dictionaries_are_collected(bundle: ModuleType) -> None:
    """Traditional -> Simplified needs OpenCC's configs and dictionaries beside its library."""
    pairs = bundle.opencc_datas()
    names = {Path(src).name for src, _dest in pairs}
    assert "t2s.json" in names and any(n.endswith(".ocd2") for n in names)
    assert {dest for _src, dest in pairs} == {"opencc/clib/share/opencc"}
    assert "opencc_datas" in SPEC.read_text(encoding="utf-8")
