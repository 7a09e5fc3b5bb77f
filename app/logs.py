"""Logging: named loggers per subsystem, a rotating file in the data folder, stderr.

A ring buffer keeps the latest records for an in-app log view.
"""

from __future__ import annotations

import collections
import faulthandler
import logging
import logging.handlers
import sys
from typing import IO

from app.config import Config

FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"


class RingBufferHandler(logging.Handler):
    """Keeps the last ``capacity`` formatted records in memory."""

    def __init__(self, capacity: int = 2000) -> None:
        super().__init__()
        self.records: collections.deque[str] = collections.deque(maxlen=capacity)

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(self.format(record))


RING = RingBufferHandler()
_fault_file: IO[str] | None = None


def setup_logging(config: Config, verbose: bool = False) -> None:
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
    try:
        config.log_dir.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                config.log_dir / "anchordesk.log",
                maxBytes=2_000_000,
                backupCount=3,
                encoding="utf-8",
            )
        )
        _enable_faulthandler(config)
    except OSError as exc:
        print(f"warning: cannot write logs in {config.log_dir}: {exc}", file=sys.stderr)
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler._anchordesk = True  # type: ignore[attr-defined]
        root.addHandler(handler)


def _enable_faulthandler(config: Config) -> None:
    """Write a native crash trace (segfault in a C library, deadlock kill) to a file."""
    global _fault_file
    if _fault_file is None and not faulthandler.is_enabled():
        _fault_file = (config.log_dir / "crash.log").open("a", encoding="utf-8")
        faulthandler.enable(_fault_file)
