"""CLI: ``sessions export ID --format html|csv|xlsx|srt --out PATH`` and
``sessions export-clip ID --start S --end S --out FILE``.

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


def register_export(ssub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``export`` under ``sessions``."""
    export = ssub.add_parser(
        "export", help="export a session as an HTML report, CSV/XLSX tables or SRT captions"
    )
    export.add_argument("id", type=int)
    export.add_argument("--format", choices=("html", "csv", "xlsx", "srt"), default="html")
    export.add_argument(
        "--out", type=Path, required=True, help="file to write (CSV: a folder of tables)"
    )
    export.add_argument(
        "--lang",
        choices=("auto", "zh_CN", "en"),
        default=None,
        help="language of the report (default: the interface language setting)",
    )
    export.set_defaults(func=cmd_sessions_export)
    clip = ssub.add_parser(
        "export-clip",
        help="cut a span of the recording into one MP4 clip (video and sound)",
        description="Writes FILE (.mp4: H.264 video and AAC sound in one file) from the "
        "recording; FILE ending in .wav writes the sound only. Times are seconds of session "
        "time (as in the review window), or H:MM:SS. --shape portrait makes a 9:16 clip for "
        "抖音/视频号/TikTok (centre crop; portrait-blur: the whole picture over a blurred "
        "copy); --captions burns the transcript into the picture.",
    )
    clip.add_argument("id", type=int)
    clip.add_argument("--start", type=_seconds, required=True, help="start (s or H:MM:SS)")
    clip.add_argument("--end", type=_seconds, required=True, help="end (s or H:MM:SS)")
    clip.add_argument("--out", type=Path, required=True, help="clip file (.mp4 or .wav)")
    clip.add_argument(
        "--shape",
        choices=("landscape", "portrait", "portrait-blur"),
        default="landscape",
        help="landscape as recorded (default), or 9:16 portrait",
    )
    clip.add_argument(
        "--captions", action="store_true", help="burn the transcript into the picture"
    )
    clip.set_defaults(func=cmd_sessions_export_clip)


def _seconds(text: str) -> int:
    """``90``, ``90.5``, ``1:30`` or ``0:01:30`` as milliseconds (argparse type)."""
    try:
        value = 0.0
        for part in text.strip().split(":"):
            value = value * 60 + float(part)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time: {text!r} (use seconds or H:MM:SS)") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"time cannot be negative: {text!r}")
    return round(value * 1000)


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
    from app.analytics.report_text import report_text_for
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
            words=report_text_for(args.lang or config.settings.language),
        )
    for path in files:
        print(path)
    return 0


def cmd_sessions_export_clip(args: argparse.Namespace, config: Config) -> int:
    from app.analytics.clips import export_clip, transcript_captions
    from app.analytics.review import check_session
    from app.store.db import config_store

    with config_store(config) as store:
        check_session(store, args.id)  # unknown id: ReviewError, one line, exit 1
        captions = (
            transcript_captions(store, args.id, args.start, args.end) if args.captions else None
        )
    progress = _StderrProgress()
    result = export_clip(
        config.recordings_dir, args.id, args.start, args.end, args.out,
        shape=args.shape, captions=captions, progress=progress,
    )  # fmt: skip
    if result.video is None and args.out.suffix.lower() != ".wav":
        print(
            f"session {args.id} has no recorded video in this span: the clip has the sound only",
            file=sys.stderr,
        )
    for path in result.files:
        print(path)
    return 0
