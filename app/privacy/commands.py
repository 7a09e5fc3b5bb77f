"""CLI for the privacy controls (imports stay light: the store loads inside handlers).

    python -m app privacy retention [--days N] [--dry-run]
    python -m app sessions delete ID [--yes]
    python -m app viewers find NAME_OR_PSEUDONYM [--json]
    python -m app viewers export NAME_OR_PSEUDONYM --out FILE(.json|.csv)
    python -m app viewers erase NAME_OR_PSEUDONYM [--yes]

Destructive commands ask for confirmation on a terminal; scripts pass ``--yes`` (without
a terminal and without ``--yes`` they refuse, exit code 1, and change nothing).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.config import Config
from app.errors import UserError


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (keep forever) or more")
    return value


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``privacy`` and ``viewers`` groups."""
    privacy = sub.add_parser("privacy", help="retention of viewers' comment texts")
    psub = privacy.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)
    ret = psub.add_parser(
        "retention", help="remove comment texts of sessions older than N days (keeps counts)"
    )
    ret.add_argument(
        "--days",
        type=_non_negative,
        help="override the retention_days setting (0 = keep forever)",
    )
    ret.add_argument("--dry-run", action="store_true", help="only count what would be removed")
    ret.set_defaults(func=cmd_retention)

    viewers = sub.add_parser("viewers", help="find, export or erase one viewer's data")
    vsub = viewers.add_subparsers(dest="viewers_command", metavar="ACTION", required=True)
    find = vsub.add_parser("find", help="what is recorded about a viewer (pseudonym or name)")
    find.add_argument("viewer", help="pseudonym (v + 16 hex digits) or display name")
    find.add_argument("--json", action="store_true", help="print one JSON object")
    find.set_defaults(func=cmd_viewers_find)
    export = vsub.add_parser("export", help="export everything about a viewer to JSON or CSV")
    export.add_argument("viewer", help="pseudonym (v + 16 hex digits) or display name")
    export.add_argument("--out", type=Path, required=True, help="file to write (.json or .csv)")
    export.set_defaults(func=cmd_viewers_export)
    erase = vsub.add_parser("erase", help="erase a viewer's texts and ids (counts are kept)")
    erase.add_argument("viewer", help="pseudonym (v + 16 hex digits) or display name")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(func=cmd_viewers_erase)


def register_sessions_delete(
    ssub: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Add ``delete`` under ``sessions`` (rows in every table and the recordings folder)."""
    sdel = ssub.add_parser(
        "delete", help="delete a session: its rows in every table and its recordings"
    )
    sdel.add_argument("id", type=int)
    sdel.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    sdel.set_defaults(func=cmd_sessions_delete)


def confirm(question: str, assume_yes: bool) -> None:
    """Ask on a terminal; refuse (UserError) when there is no terminal and no ``--yes``."""
    if assume_yes:
        return
    try:
        interactive = sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        interactive = False
    if not interactive:
        raise UserError(f"{question} Not confirmed: add --yes to do it without asking")
    answer = input(f"{question} [y/N] ").strip().lower()
    if answer not in ("y", "yes"):
        raise UserError("cancelled; nothing was changed")


def cmd_retention(args: argparse.Namespace, config: Config) -> int:
    from app.privacy.retention import apply_retention
    from app.store.db import config_store

    days = config.settings.retention_days if args.days is None else args.days
    if days <= 0:
        print("Retention is off (retention_days = 0, keep forever): nothing removed. "
              "Use --days N or set retention_days.")  # fmt: skip
        return 0
    with config_store(config) as store:
        result = apply_retention(store, days, dry_run=args.dry_run)
    print(result.message())
    return 0


def cmd_sessions_delete(args: argparse.Namespace, config: Config) -> int:
    from app.privacy.sessions import delete_session_everywhere
    from app.store.db import config_store
    from app.store.models import LiveSession

    with config_store(config) as store:
        with store.sessions() as s:
            row = s.get(LiveSession, args.id)
            title = row.title if row is not None else ""
        if row is not None:
            confirm(
                f"Delete session {args.id} ({title!r}) with all its rows and recordings?",
                args.yes,
            )
        result = delete_session_everywhere(store, args.id, config.recordings_dir)
    print(result.message())
    return 0


def cmd_viewers_find(args: argparse.Namespace, config: Config) -> int:
    from app.privacy.viewers import find_viewer
    from app.store.db import config_store

    with config_store(config) as store:
        record = find_viewer(store, args.viewer, config.data_dir)
    if args.json:
        print(
            json.dumps(
                {
                    "viewer": record.query,
                    "identifiers": record.identifiers,
                    "comments": record.comments,
                    "orders": record.orders,
                    "interactions": record.interactions,
                    "sessions": record.sessions,
                },
                ensure_ascii=False,
            )
        )
    else:
        print(record.message())
    return 0


def cmd_viewers_export(args: argparse.Namespace, config: Config) -> int:
    from app.privacy.viewers import export_viewer, find_viewer
    from app.store.db import config_store

    with config_store(config) as store:
        record = find_viewer(store, args.viewer, config.data_dir)
        out = export_viewer(store, record, args.out)
    print(f"{record.message()} Written to {out}")
    return 0


def cmd_viewers_erase(args: argparse.Namespace, config: Config) -> int:
    from app.privacy.viewers import erase_viewer, find_viewer
    from app.store.db import config_store

    with config_store(config) as store:
        record = find_viewer(store, args.viewer, config.data_dir)
        if not record.empty:
            confirm(f"{record.message()} Erase it for good?", args.yes)
        result = erase_viewer(store, record)
    print(result.message(record.query))
    return 0
