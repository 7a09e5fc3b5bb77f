"""CLI for database tools (imports stay light: the store loads inside the handler).

    python -m app store copy --to URL [--from URL] [--session ID ...] [--dry-run] [--json]

Copies recorded sessions and the product catalogue into another database, e.g. a laptop's
SQLite history into the team's PostgreSQL (see app/store/transfer.py for the rules).
Exit code 0 when every chosen session is in the target afterwards (copied or already
there), 1 with a one-line message otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.config import Config
from app.errors import UserError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``store`` group with its ``copy`` action."""
    store = sub.add_parser("store", help="database tools: copy history to another database")
    ssub = store.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    copy = ssub.add_parser(
        "copy",
        help="copy sessions and the catalogue to another database (e.g. the team's PostgreSQL)",
        description="Copy recorded sessions with all their rows, and the product catalogue, "
        "into another database; sessions already there are skipped. Recordings (video/audio "
        "files) are not in the database and are not copied.",
    )
    copy.add_argument("--to", required=True, metavar="URL", help="the database to copy into")
    copy.add_argument(
        "--from",
        dest="source",
        metavar="URL",
        help="the database to copy from (default: the configured one, see --db)",
    )
    copy.add_argument(
        "--session",
        dest="sessions",
        type=int,
        nargs="+",
        action="extend",
        metavar="ID",
        help="copy only these sessions (default: all)",
    )
    copy.add_argument("--dry-run", action="store_true", help="only say what would be copied")
    copy.add_argument("--json", action="store_true", help="print the result as one JSON object")
    copy.set_defaults(func=cmd_store_copy)


class _TerminalProgress:
    """Rows copied so far, rewritten in place on a terminal's stderr (silent otherwise)."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.last = (0, -1)

    def __call__(self, p: Any) -> None:
        if not self.enabled:
            return
        step = max(1, p.rows_total // 100)
        key = (p.session_id, p.rows_done // step)
        if key == self.last:
            return
        self.last = key
        sys.stderr.write(
            f"\r[{p.index}/{p.total}] session {p.session_id}: {p.rows_done:,}/{p.rows_total:,} rows"
        )
        if p.rows_done >= p.rows_total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def cmd_store_copy(args: argparse.Namespace, config: Config) -> int:
    from app.store.transfer import copy_history, open_source, refuse_same_database

    if args.source is None:
        config.ensure_dirs()
        source_url = config.db_url
    else:
        source_url = args.source
    refuse_same_database(source_url, args.to)  # before opening (and migrating) anything
    source = open_source(source_url)
    try:
        report = copy_history(
            source,
            args.to,
            session_ids=args.sessions,
            dry_run=args.dry_run,
            progress=_TerminalProgress(),
        )
    finally:
        source.close()
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print("\n".join(report.lines()))
    if not report.ok:
        bad = [r for r in report.sessions if r.outcome in ("refused", "failed", "cancelled")]
        raise UserError(
            f"{len(bad)} of {len(report.sessions)} sessions were not copied "
            f"({', '.join(str(r.session_id) for r in bad)}): see the lines above"
        )
    return 0
