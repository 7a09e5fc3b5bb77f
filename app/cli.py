"""Command line: ``python -m app [--db URL] [--data-dir DIR] [COMMAND ...]``.

Exit codes: 0 ok, 2 usage error (argparse), 1 runtime error with a one-line message on
stderr. Qt is imported only when a command opens a window.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from app import APP_NAME, __version__
from app.config import Config, load_config
from app.errors import UserError
from app.logs import setup_logging
from app.paths import DEMO_BUNDLE

log = logging.getLogger("app.cli")

#: Modules adding sub-commands: each has ``register(subparsers)`` and must import fast
#: (heavy libraries only inside the command functions).
COMMAND_MODULES: tuple[str, ...] = (
    "app.commerce.commands",
    "app.ui.review.commands",
    "app.speech.commands",
    "app.chat.commands",
    "app.privacy.commands",
    "app.store.commands",
)
#: Benchmarks under ``bench``: each module has ``register(subparsers)`` too.
BENCH_MODULES: tuple[str, ...] = (
    "app.bench.store",
    "app.bench.speech",
    "app.bench.chat",
    "app.bench.vision",
)


#: Set to 1 to never show the first-run wizard (kiosk installs, scripted starts).
NO_FIRST_RUN_ENV = "ANCHORDESK_NO_FIRST_RUN"

#: Raised by command handlers for a one-line error and exit code 1 (domain modules import
#: it from app.errors, which stays free of the UI).
CliError = UserError


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m app",
        description=f"{APP_NAME}: a desktop assistant for live-commerce streamers.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--db", metavar="URL", help="SQLAlchemy database URL (default: SQLite)")
    parser.add_argument("--data-dir", metavar="DIR", help="folder for the database and recordings")
    parser.add_argument(
        "--camera",
        metavar="DEVICE",
        help="live camera: index (0, 1...), device path, still image file, or 'off' "
        "(default: the camera_device setting)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    parser.add_argument(
        "--first-run",
        action="store_true",
        help="show the setup wizard again before the live window (it shows by itself once)",
    )
    parser.add_argument(
        "--connect",
        action="append",
        metavar="SPEC",
        help="live session: also read comments from twitch:CHANNEL, csv:PATH or jsonl:PATH",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="rehearsal session replayed from the bundled demo")
    demo.add_argument("--headless", action="store_true", help="run without a window")
    demo.add_argument("--seconds", type=_positive, help="stop after N seconds of session time")
    demo.add_argument("--speed", type=_positive, default=None, help="replay speed (default 1.0)")
    demo.add_argument("--json", action="store_true", help="print the result as one JSON object")
    demo.add_argument("--bundle", type=Path, default=DEMO_BUNDLE, help=argparse.SUPPRESS)
    demo.set_defaults(func=cmd_demo)

    sessions = sub.add_parser("sessions", help="list or delete recorded sessions")
    ssub = sessions.add_subparsers(dest="sessions_command", metavar="ACTION", required=True)
    slist = ssub.add_parser("list", help="list sessions, newest first")
    slist.add_argument("--json", action="store_true", help="print JSON lines")
    slist.set_defaults(func=cmd_sessions_list)
    importlib.import_module("app.privacy.commands").register_sessions_delete(ssub)
    importlib.import_module("app.analytics.commands").register_export(ssub)

    bench = sub.add_parser("bench", help="speed benchmarks (figures as JSON)")
    targets = bench.add_subparsers(dest="bench_target", metavar="TARGET", required=True)
    for name in BENCH_MODULES:
        importlib.import_module(name).register(targets)

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)

    parser.set_defaults(func=cmd_gui)
    return parser


# -- commands ---------------------------------------------------------------------------
def cmd_demo(args: argparse.Namespace, config: Config) -> int:
    speed = args.speed or config.settings.demo_speed
    if not args.headless:
        return _run_window(config, lambda store: _demo_engine(config, store, args, speed))
    from app.session.demo import run_headless
    from app.store.db import config_store

    with config_store(config) as store:
        result = run_headless(
            config, store, bundle_dir=args.bundle, seconds=args.seconds, speed=speed
        )
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        data = result.as_dict()
        print(f"Session {data['session_id']} recorded in {data['db_url']}")
        for key in (
            "frames",
            "comments",
            "orders",
            "transcript_segments",
            "product_switches",
            "alerts",
            "gmv",
        ):
            print(f"  {key.replace('_', ' '):<20} {data[key]}")
    return 0


def _demo_engine(config: Config, store: Any, args: argparse.Namespace, speed: float) -> Any:
    from app.session.demo import demo_engine

    return demo_engine(config, store, bundle_dir=args.bundle, speed=speed, seconds=args.seconds)


def cmd_gui(args: argparse.Namespace, config: Config) -> int:
    from app.chat.connectors import ConnectorError, source_from_spec
    from app.session.engine import SessionEngine, ingest_source

    try:
        extra = [source_from_spec(spec) for spec in args.connect or []]
    except ConnectorError as exc:
        raise CliError(str(exc)) from exc
    mode = _first_run(args, config)
    if mode is not None:  # the wizard saved new choices (data folder, devices): reload
        config = load_config(data_dir=args.data_dir, db_url=args.db)
        if mode == "demo":
            demo_args = argparse.Namespace(
                headless=False, seconds=None, speed=None, json=False, bundle=DEMO_BUNDLE
            )
            return cmd_demo(demo_args, config)

    def live(store: Any) -> Any:
        from app.speech.setup import live_speech

        mic, pipeline, speech_note = live_speech(config)
        return SessionEngine(
            config,
            store,
            [ingest_source(config), *extra, *mic, *camera_sources(args.camera, config)],
            title="Live session",
            mode="live",
            speech_note=speech_note,
            pipeline=pipeline,
        )

    return _run_window(config, live)


def _first_run(args: argparse.Namespace, config: Config) -> str | None:
    """The first-run wizard before the first live window ("live"/"demo"; None: not shown
    or closed). Only the live window runs it: ``demo``, headless runs and tests never do."""
    if getattr(args, "command", None) is not None:
        return None
    if not wants_first_run(config, force=bool(getattr(args, "first_run", False))):
        return None
    return _import_ui("app.ui.app").run_first_run(config)


def wants_first_run(config: Config, *, force: bool = False) -> bool:
    """Whether the live window is preceded by the setup wizard.

    ``force`` (``--first-run``) shows it again; otherwise it shows until finished once,
    unless ``ANCHORDESK_NO_FIRST_RUN`` is set to anything but "" or "0".
    """
    if force:
        return True
    if os.environ.get(NO_FIRST_RUN_ENV, "") not in ("", "0"):
        return False
    return not config.settings.first_run_done


def camera_sources(spec: str | None, config: Config) -> list[Any]:
    """The live video source for ``--camera`` (see :func:`app.vision.sources.camera_from_spec`)."""
    from app.vision.sources import camera_from_spec

    source = camera_from_spec(spec, config.settings)
    return [source] if source is not None else []


def _import_ui(module: str) -> Any:
    """Import a window module; a missing Qt or system library becomes one line with the fix."""
    from app.system_libs import hint_for, window_problem

    try:
        imported = importlib.import_module(module)
    except (ImportError, OSError) as exc:
        hint = hint_for(exc)
        if hint is not None:
            raise CliError(f"the window cannot open: {hint}") from exc
        raise CliError(
            f"the window needs PySide6 ({exc}); install the app with `pip install -e .`"
        ) from exc
    problem = window_problem()
    if problem is not None:
        raise CliError(f"the window cannot open: {problem}")
    return imported


def _run_window(config: Config, make_engine: Callable[[Any], Any]) -> int:
    run_gui = _import_ui("app.ui.app").run_gui
    from app.store.db import config_store

    with config_store(config) as store:
        return run_gui(lambda: make_engine(store), language=config.settings.language)


def cmd_sessions_list(args: argparse.Namespace, config: Config) -> int:
    from app.analytics.export import hms
    from app.store.db import config_store
    from app.store.queries import list_sessions

    with config_store(config) as store:
        rows = list_sessions(store)
    if args.json:
        for r in rows:
            print(json.dumps(_summary_dict(r), ensure_ascii=False))
        return 0
    if not rows:
        print("No sessions recorded yet. Try: python -m app demo")
        return 0
    print(
        f"{'ID':>5}  {'started (UTC)':<19}  {'length':>8}  {'status':<11}  {'mode':<5}  "
        f"{'comments':>8}  {'orders':>6}  {'GMV':>10}  title"
    )
    for r in rows:
        print(
            f"{r.id:>5}  {r.started_at:%Y-%m-%d %H:%M:%S}  {hms(r.duration_ms):>8}  "
            f"{r.status:<11}  {r.mode:<5}  {r.comments:>8}  {r.orders:>6}  {r.gmv:>10.2f}  "
            f"{r.title}"
        )
    return 0


def _summary_dict(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "title": r.title,
        "platform": r.platform,
        "mode": r.mode,
        "status": r.status,
        "started_at": r.started_at.isoformat(),
        "ended_at": r.ended_at.isoformat() if r.ended_at else None,
        "duration_ms": r.duration_ms,
        "comments": r.comments,
        "orders": r.orders,
        "gmv": r.gmv,
    }


# -- entry point ------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    config = load_config(data_dir=args.data_dir, db_url=args.db)
    setup_logging(config, verbose=args.verbose)
    try:
        return int(args.func(args, config))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from app.errors import user_message

        message = user_message(exc)
        if message is None:
            log.exception("unexpected error")
            message = f"unexpected error: {type(exc).__name__}: {exc} (details in the log)"
        print(f"error: {message}", file=sys.stderr)
        return 1
