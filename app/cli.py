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
from app.config import Config, load_config, log_problems
from app.errors import UserError
from app.logs import setup_logging
from app.paths import DEMO_BUNDLE

log = logging.getLogger("app.cli")

#: Modules adding sub-commands: each has ``register(subparsers)`` and must import fast
#: (heavy libraries only inside the command functions).
COMMAND_MODULES: tuple[str, ...] = (
    "app.live.show_commands",
    "app.show.commands",
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
    "app.bench.ingest",
    "app.bench.bridge",
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

    live = sub.add_parser(
        "live",
        help="run the live show (ingest server, connectors, camera, microphone, recorder)",
    )
    live.add_argument("--show", type=int, metavar="N", help="show plan to run (`show list`)")
    live.add_argument("--headless", action="store_true", help="run without a window")
    live.add_argument(
        "--seconds", type=_positive, metavar="S", help="headless: stop after S seconds (required)"
    )
    # SUPPRESS: given before the command (python -m app --camera X live) it must survive.
    live.add_argument(
        "--camera",
        metavar="SPEC",
        default=argparse.SUPPRESS,
        help="camera index, device, still image or video file, or 'off'",
    )
    live.add_argument(
        "--connect",
        action="append",
        metavar="SPEC",
        default=argparse.SUPPRESS,
        help="also read comments from twitch:CHANNEL, csv:PATH or jsonl:PATH",
    )
    live.add_argument("--json", action="store_true", help="headless: print one JSON object")
    live.set_defaults(func=cmd_live)

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
    from app.live.headless import run_headless
    from app.store.db import config_store

    with config_store(config) as store:
        result = run_headless(
            config, store, bundle_dir=args.bundle, seconds=args.seconds, speed=speed
        )
    print_result(result.as_dict(), as_json=args.json)
    return _saved_or_fail(result)


def _saved_or_fail(result: Any) -> int:
    """Exit 0 only when the whole session is in the database; else one line and 1."""
    if result.saved:
        return 0
    print(f"error: session {result.session_id} {result.status}: {result.problem}", file=sys.stderr)
    return 1


def print_result(data: dict[str, Any], *, as_json: bool) -> None:
    """A headless session's result: one JSON object, or a few lines for a person."""
    if as_json:
        print(json.dumps(data, ensure_ascii=False))
        return
    print(f"Session {data['session_id']} ({data['title']}) recorded in {data['db_url']}")
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


def _demo_engine(config: Config, store: Any, args: argparse.Namespace, speed: float) -> Any:
    from app.live.builder import load_replay

    return load_replay(config, store, args.bundle, speed=speed, seconds=args.seconds)


def cmd_gui(args: argparse.Namespace, config: Config) -> int:
    """``python -m app``: the live show, chosen in the *New show* dialog."""
    mode = _first_run(args, config)
    if mode is not None:  # the wizard saved new choices (data folder, devices): reload
        config.reload()  # in place; the problems found at start are still shown
        if mode == "demo":
            demo_args = argparse.Namespace(
                headless=False, seconds=None, speed=None, json=False, bundle=DEMO_BUNDLE
            )
            return cmd_demo(demo_args, config)
    return run_live_window(args, config, show_id=None)


def cmd_live(args: argparse.Namespace, config: Config) -> int:
    """``python -m app live``: the show ``--show N`` (or the catalog's products), in a window
    or, with ``--headless``, for ``--seconds`` with one result at the end."""
    if not args.headless:
        return run_live_window(args, config, show_id=args.show)
    if args.seconds is None:
        raise CliError("a headless live run needs --seconds S")
    from app.commerce.plans import get_plan
    from app.live.headless import run_live_headless
    from app.store.db import config_store

    with config_store(config) as store:
        plan = get_plan(store, args.show) if args.show is not None else None
        result = run_live_headless(
            config,
            store,
            plan,
            seconds=args.seconds,
            camera=args.camera,
            connect=list(args.connect or []),
        )
    print_result(result.as_dict(), as_json=args.json)
    return _saved_or_fail(result)


def run_live_window(args: argparse.Namespace, config: Config, *, show_id: int | None) -> int:
    """The live window: the show ``show_id`` (None: picked in the *New show* dialog), then
    the next show from the plan list after *End show*, until the user quits."""
    from app.commerce.plans import get_plan
    from app.live.builder import build_live, connector_sources

    connect = list(getattr(args, "connect", None) or [])
    connector_sources(connect)  # a bad --connect is a one-line error before any window
    ui = _import_ui("app.ui.app")
    store = _window_store(config)
    if store is None:
        return 1
    try:
        plan = get_plan(store, show_id) if show_id is not None else None
        return int(
            ui.run_live_gui(
                config,
                store,
                lambda chosen: build_live(
                    config, store, chosen, camera=args.camera, connect=connect
                ),
                plan=plan,
                language=config.settings.language,
            )
        )
    finally:
        store.close()


def _first_run(args: argparse.Namespace, config: Config) -> str | None:
    """The first-run wizard before the first live window ("live"/"demo"; None: not shown
    or closed). Only the live window runs it: ``demo``, headless runs and tests never do."""
    if getattr(args, "command", None) is not None:
        return None
    if not wants_first_run(config, force=bool(getattr(args, "first_run", False))):
        return None
    chosen: str | None = _import_ui("app.ui.app").run_first_run(config)
    return chosen


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
    """A window around the engine ``make_engine(store)`` makes (the demo)."""
    ui = _import_ui("app.ui.app")
    store = _window_store(config)
    if store is None:
        return 1
    try:
        return int(
            ui.run_gui(
                lambda: make_engine(store),
                language=config.settings.language,
                problems=config.problems,
                kept_as=config.settings_kept_as,
            )
        )
    finally:
        store.close()


def _window_store(config: Config) -> Any:
    """The store a window records into (an ``app.store.db.Store``), or None: the user quit.

    A window never fails to open over its data: when the data folder or the database
    cannot be opened, the safe-mode window says why, in one line, and offers Settings,
    the local database (or the default data folder) and Quit. What it changes is made
    in ``config`` itself, so everything holding it sees the folder and database in use.
    """
    from app.errors import user_message

    try:
        return _open_store(config)
    except Exception as exc:
        message = user_message(exc)
        if message is None:  # a bug, not the data: the one-line error and the log
            raise
        error = exc
    log.warning("the data cannot be opened; safe mode: %s", message)
    ui = _import_ui("app.ui.app")
    return ui.run_safe_mode(config, error, _open_store, language=config.settings.language)


def _open_store(config: Config) -> Any:
    """Create the data folders and open (and migrate) the database ``config`` names."""
    from app.store.db import open_store

    config.ensure_dirs()
    return open_store(config.db_url)


def cmd_sessions_list(args: argparse.Namespace, config: Config) -> int:
    from app.analytics.timefmt import DATE_TIME_S, clock, local, zone_label
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
        f"{'ID':>5}  {'started':<19}  {'length':>8}  {'status':<11}  {'mode':<5}  "
        f"{'comments':>8}  {'orders':>6}  {'GMV':>10}  title"
    )
    for r in rows:
        print(
            f"{r.id:>5}  {local(r.started_at, DATE_TIME_S)}  {clock(r.duration_ms):>8}  "
            f"{r.status:<11}  {r.mode:<5}  {r.comments:>8}  {r.orders:>6}  {r.gmv:>10.2f}  "
            f"{r.title}"
        )
    print(f"(times in {zone_label()})")
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
    config = load_config(data_dir=args.data_dir, db_url=args.db, log_settings_problems=False)
    setup_logging(config, verbose=args.verbose)
    log_problems(config.problems)  # once, now that the log file and stderr are set up
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
