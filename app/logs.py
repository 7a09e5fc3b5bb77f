"""Logging: named loggers per subsystem, a rotating file in the data folder, stderr.

A ring buffer keeps the latest records for the in-app log view (Help ▸ Log), which reads
only what is new since its last look (:meth:`RingBufferHandler.since`).

Crashes: ``faulthandler`` writes a native crash trace (segfault in a C library) to
``<log_dir>/crash.log``. At the next start a non-empty ``crash.log`` is set aside as
``crash-pending-<time>.log``; the GUI offers it once and then moves it to
``<log_dir>/crashes/``; a CLI run just says where it is on stderr. Uncaught Python
exceptions (main thread and worker threads) are written to the log by
:func:`install_excepthooks`; the GUI replaces those hooks with ones that also show a dialog.
"""

from __future__ import annotations

import collections
import faulthandler
import logging
import logging.handlers
import sys
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import IO

from app.config import Config

FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"
CRASH_FILE = "crash.log"
PENDING_PREFIX = "crash-pending-"
ARCHIVE_DIR = "crashes"
ARCHIVE_KEEP = 10

log = logging.getLogger("app.logs")


class RingBufferHandler(logging.Handler):
    """Keeps the last ``capacity`` formatted records in memory, numbered.

    Each record gets a sequence number (1, 2, …) so a reader can ask for what arrived since
    its last look without copying the whole buffer on every refresh.
    """

    def __init__(self, capacity: int = 2000) -> None:
        super().__init__()
        self.capacity = capacity
        self.entries: collections.deque[tuple[int, int, str]] = collections.deque(maxlen=capacity)
        self.total = 0

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
        except Exception:
            self.handleError(record)
            return
        with self._guard():
            self.total += 1
            self.entries.append((self.total, record.levelno, text))

    def since(self, seq: int) -> tuple[int, list[tuple[int, str]]]:
        """``(latest sequence number, [(level, text), ...] after seq)``, oldest first."""
        with self._guard():
            total = self.total
            if total <= seq:
                return total, []
            new = min(total - seq, len(self.entries))
            items = list(self.entries)[-new:] if new else []
        return total, [(level, text) for _, level, text in items]

    @property
    def records(self) -> list[str]:
        """The buffered lines as text, oldest first."""
        return [text for _, text in self.since(0)[1]]

    def _guard(self) -> threading.RLock:
        # logging.Handler creates self.lock (an RLock); emit already holds it when called
        # through handle(), and an RLock lets it be taken again.
        assert self.lock is not None
        return self.lock


RING = RingBufferHandler()
_fault_file: IO[str] | None = None
_log_dir: Path | None = None


class LogFileHandler(logging.handlers.RotatingFileHandler):
    """The rotating log file; when the disk is full (or the folder gone) it says so once on
    stderr, in one line, and drops records instead of printing a traceback per record:
    the show goes on, and the console and the in-app log still have every line."""

    _failed = False

    def handleError(self, record: logging.LogRecord) -> None:
        self._stopped(sys.exc_info()[1])

    def flush(self) -> None:
        try:
            super().flush()
        except OSError as exc:  # closing (or rotating) on a full disk
            self._stopped(exc)

    def close(self) -> None:
        try:
            super().close()
        except OSError as exc:  # the buffered rest could not be written
            self._stopped(exc)

    def _stopped(self, problem: BaseException | None) -> None:
        if not self._failed:
            self._failed = True
            print(f"warning: the log file stopped: {problem}", file=sys.stderr)


def setup_logging(config: Config, verbose: bool = False) -> None:
    global _log_dir
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_anchordesk", False):
            root.removeHandler(handler)
            if handler is not RING:
                handler.close()
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    handlers: list[logging.Handler] = [console, RING]
    pending: Path | None = None
    try:
        config.log_dir.mkdir(parents=True, exist_ok=True)
        handlers.append(
            LogFileHandler(
                config.log_dir / "anchordesk.log",
                maxBytes=2_000_000,
                backupCount=3,
                encoding="utf-8",
            )
        )
        pending = _enable_faulthandler(config.log_dir)
        _log_dir = config.log_dir
    except OSError as exc:
        print(f"warning: cannot write logs in {config.log_dir}: {exc}", file=sys.stderr)
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler._anchordesk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    install_excepthooks()
    if pending is not None:
        log.warning("the previous run crashed; its crash trace is in %s", pending)


def current_log_dir() -> Path | None:
    """The folder :func:`setup_logging` writes to (None before it ran or when it failed)."""
    return _log_dir


def _enable_faulthandler(log_dir: Path) -> Path | None:
    """Write a native crash trace (segfault in a C library, deadlock kill) to a file.

    Returns the previous run's trace when it left one (set aside first, so this run's
    trace starts on an empty file).
    """
    global _fault_file
    if _fault_file is not None or faulthandler.is_enabled():
        return None
    pending = set_aside_crash_trace(log_dir)
    _fault_file = (log_dir / CRASH_FILE).open("a", encoding="utf-8")
    faulthandler.enable(_fault_file)
    return pending


def set_aside_crash_trace(log_dir: Path) -> Path | None:
    """Rename a non-empty ``crash.log`` to ``crash-pending-<time>.log``; returns the new path.

    Renaming can fail when another running instance still holds the file open (Windows);
    the trace then stays where it is and is offered at a later start.
    """
    crash = log_dir / CRASH_FILE
    try:
        if not crash.exists() or crash.stat().st_size == 0:
            return None
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(crash.stat().st_mtime))
        target = log_dir / f"{PENDING_PREFIX}{stamp}.log"
        n = 1
        while target.exists():
            n += 1
            target = log_dir / f"{PENDING_PREFIX}{stamp}-{n}.log"
        crash.rename(target)
        return target
    except OSError as exc:
        log.warning("cannot set the crash trace %s aside: %s", crash, exc)
        return None


def pending_crash_traces(log_dir: Path) -> list[Path]:
    """Crash traces not yet offered to the user, oldest first."""
    try:
        return sorted(log_dir.glob(f"{PENDING_PREFIX}*.log"))
    except OSError:
        return []


def archive_crash_trace(trace: Path) -> Path | None:
    """Move an offered trace to ``crashes/`` (keeping the newest few); returns where it went."""
    archive = trace.parent / ARCHIVE_DIR
    try:
        archive.mkdir(exist_ok=True)
        target = archive / trace.name.replace(PENDING_PREFIX, "crash-", 1)
        trace.replace(target)
        for old in sorted(archive.glob("crash-*.log"))[:-ARCHIVE_KEEP]:
            old.unlink(missing_ok=True)
        return target
    except OSError as exc:
        log.warning("cannot archive the crash trace %s: %s", trace, exc)
        return None


# -- uncaught exceptions -------------------------------------------------------------------
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def log_uncaught(exc_info: ExcInfo, thread_name: str | None = None) -> None:
    """Write an uncaught exception with its traceback to the log (and so to stderr)."""
    where = f" in thread {thread_name}" if thread_name else ""
    logging.getLogger("app.crash").critical("uncaught exception%s", where, exc_info=exc_info)


def _sys_hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log_uncaught((exc_type, exc, tb))


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit or args.exc_value is None:
        return
    name = args.thread.name if args.thread is not None else None
    log_uncaught((args.exc_type, args.exc_value, args.exc_traceback), name)


def install_excepthooks() -> None:
    """Log uncaught exceptions from any thread instead of only printing them.

    Only the interpreter's default hooks are replaced: a hook someone else installed (a
    test runner, the GUI's error dialog) is left alone.
    """
    if sys.excepthook is sys.__excepthook__:
        sys.excepthook = _sys_hook
    if threading.excepthook is threading.__excepthook__:
        threading.excepthook = _thread_hook
