"""CLI: ``sessions export ID --format html|csv|xlsx|srt --out PATH``.

Imports stay light here (the CLI imports every command module at start-up): the store
and the loader are imported inside the handler. ``review`` lives in
:mod:`app.ui.review.commands` (it opens a window).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from app.config import Config


def register_export(ssub: argparse._SubParsersAction) -> None:
    """Add ``export`` under ``sessions``."""
    export = ssub.add_parser(
        "export", help="export a session as an HTML report, CSV/XLSX tables or SRT captions"
    )
    export.add_argument("id", type=int)
    export.add_argument("--format", choices=("html", "csv", "xlsx", "srt"), default="html")
    export.add_argument(
        "--out", type=Path, required=True, help="file to write (CSV: a folder of tables)"
    )
    export.set_defaults(func=cmd_sessions_export)


class _StderrProgress:
    """Prints ``NN% what`` to stderr, at most every half second and at the end."""

    def __init__(self) -> None:
        self._last = 0.0

    def __call__(self, fraction: float, what: str) -> None:
        now = time.monotonic()
        if fraction < 1.0 and now - self._last < 0.5:
            return
        self._last = now
        print(f"{fraction * 100:5.1f}%  {what}", file=sys.stderr, flush=True)


def cmd_sessions_export(args: argparse.Namespace, config: Config) -> int:
    from app.analytics.export import export_session
    from app.analytics.review import load_review
    from app.store.db import config_store

    progress = _StderrProgress()
    # ReviewError / ExportError are UserErrors: one line on stderr, exit code 1
    with config_store(config) as store:
        data = load_review(
            store,
            args.id,
            recordings_dir=config.recordings_dir,
            progress=lambda f, what: progress(0.3 * f, f"reading {what}"),
        )
        files = export_session(
            data,
            args.format,
            args.out,
            store=store,
            progress=lambda f, what: progress(0.3 + 0.7 * f, what),
        )
    for path in files:
        print(path)
    return 0
