"""CLI for giveaways, from the database alone (imports stay light: the store loads inside).

    python -m app giveaway draw SESSION_ID --keyword K --winners N [--seed S]
                                [--from-ms A] [--until-ms B] [--json]
    python -m app giveaway list SESSION_ID [--json]

``draw`` re-runs (or runs after the fact) a draw over the session's stored comments:
every distinct viewer (platform, pseudonym) who wrote the keyword enters once, the
entrants are sorted and ``random.Random(seed).sample`` picks the winners, exactly as the
live desk does, so the seed of a live draw (``list`` shows it, with its entry window)
gives the same winners. It writes nothing. ``--json`` prints
``{"entrants": n, "winners": [...], "seed": S}``; with fewer entrants than winners every
entrant wins and a note says so on stderr. The "followed"/"ordered" rules of a live draw
cannot be checked here (follows and orders are stored under other pseudonyms).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Iterator
from typing import Any

from app.config import Config
from app.errors import UserError

#: Comments are read in batches of this many rows (a session may hold a million).
BATCH_ROWS = 10_000


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"a draw needs at least 1 winner (got {value})")
    return value


def _seed(text: str) -> int:
    from app.show.giveaway import GiveawayError, check_seed

    try:
        return check_seed(int(text))
    except (ValueError, GiveawayError) as exc:
        message = str(exc) if isinstance(exc, GiveawayError) else f"not a whole number: {text!r}"
        raise argparse.ArgumentTypeError(message) from None


def _time_ms(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of ms: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more (ms on the session clock)")
    return value


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``giveaway`` group (``draw``, ``list``)."""
    giveaway = sub.add_parser("giveaway", help="giveaway draws (福袋/抽奖) from stored comments")
    gsub = giveaway.add_subparsers(dest="giveaway_command", metavar="ACTION", required=True)
    draw = gsub.add_parser(
        "draw", help="draw winners among the viewers who wrote a keyword (writes nothing)"
    )
    draw.add_argument("session_id", type=int, metavar="SESSION_ID")
    draw.add_argument("--keyword", required=True, help="the word viewers typed to enter")
    draw.add_argument("--winners", type=_at_least_one, required=True, metavar="N")
    draw.add_argument(
        "--seed", type=_seed, metavar="S", help="the draw's seed (default: a new one, printed)"
    )
    draw.add_argument(
        "--from-ms", type=_time_ms, metavar="MS", help="only comments from this session time"
    )
    draw.add_argument(
        "--until-ms", type=_time_ms, metavar="MS", help="only comments up to this session time"
    )
    draw.add_argument("--json", action="store_true", help="print one JSON object")
    draw.set_defaults(func=cmd_draw)
    listing = gsub.add_parser("list", help="the draws recorded with a session")
    listing.add_argument("session_id", type=int, metavar="SESSION_ID")
    listing.add_argument("--json", action="store_true", help="print JSON lines")
    listing.set_defaults(func=cmd_list)


# -- draw -------------------------------------------------------------------------------------
def stored_entrants(
    store: Any,
    session_id: int,
    keyword: str,
    *,
    from_ms: int | None = None,
    until_ms: int | None = None,
) -> set[tuple[str, str]]:
    """(platform, viewer) of every stored comment of the session that contains ``keyword``.

    Comments without a viewer (erased, anonymous) or without text (removed by retention)
    cannot enter. Raises :class:`UserError` when there is no such session.
    """
    from app.show.giveaway import normalise

    needle = normalise(keyword)
    return {
        (platform, viewer)
        for platform, viewer, text in _comments(store, session_id, from_ms, until_ms)
        if viewer and text and needle in normalise(text)
    }


def _comments(
    store: Any, session_id: int, from_ms: int | None, until_ms: int | None
) -> Iterator[tuple[str, str, str | None]]:
    from sqlalchemy import select

    from app.store.models import Comment, LiveSession

    with store.sessions() as s:
        if s.get(LiveSession, session_id) is None:
            raise UserError(f"no session {session_id} (see `python -m app sessions list`)")
        stmt = select(Comment.platform, Comment.viewer, Comment.text).where(
            Comment.session_id == session_id
        )
        if from_ms is not None:
            stmt = stmt.where(Comment.t_ms >= from_ms)
        if until_ms is not None:
            stmt = stmt.where(Comment.t_ms <= until_ms)
        result = s.execute(stmt.execution_options(yield_per=BATCH_ROWS))
        for row in result:
            yield row.platform, row.viewer, row.text


def cmd_draw(args: argparse.Namespace, config: Config) -> int:
    from app.show.giveaway import check_keyword, draw_winners, new_seed
    from app.store.db import config_store

    keyword = check_keyword(args.keyword)
    seed = new_seed() if args.seed is None else args.seed
    with config_store(config) as store:
        entrants = stored_entrants(
            store, args.session_id, keyword, from_ms=args.from_ms, until_ms=args.until_ms
        )
    winners = [viewer for _, viewer in draw_winners(entrants, args.winners, seed)]
    if len(entrants) < args.winners:
        print(
            f"note: only {len(entrants)} entrant(s) for {args.winners} winner(s): "
            "every entrant wins",
            file=sys.stderr,
        )
    if args.json:
        print(json.dumps({"entrants": len(entrants), "winners": winners, "seed": seed}))
        return 0
    print(f"Giveaway “{keyword}” in session {args.session_id}: {len(entrants)} entrant(s), "
          f"seed {seed}")  # fmt: skip
    for place, viewer in enumerate(winners, 1):
        print(f"  {place}. {viewer}")
    return 0


# -- list -------------------------------------------------------------------------------------
def cmd_list(args: argparse.Namespace, config: Config) -> int:
    from sqlalchemy import select

    from app.store.db import config_store
    from app.store.models import Giveaway, LiveSession

    with config_store(config) as store, store.sessions() as s:
        if s.get(LiveSession, args.session_id) is None:
            raise UserError(f"no session {args.session_id} (see `python -m app sessions list`)")
        rows = s.scalars(
            select(Giveaway)
            .where(Giveaway.session_id == args.session_id)
            .order_by(Giveaway.t_ms, Giveaway.id)
        ).all()
        draws = [_draw_dict(row) for row in rows]
    for draw in draws:
        if args.json:
            print(json.dumps(draw, ensure_ascii=False))
        else:
            print(_draw_line(args.session_id, draw))
    if not draws and not args.json:
        print(f"No giveaway was drawn in session {args.session_id}.")
    return 0


def _draw_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "t_ms": row.t_ms,
        "keyword": row.keyword,
        "rules": row.rules,
        "seed": row.seed,
        "entrants": row.entrants,
        "winners": row.winners,
    }


def _draw_line(session_id: int, draw: dict[str, Any]) -> str:
    """A draw and the command that re-runs it."""
    rules = draw["rules"] or {}
    window = ""
    if rules.get("from_ms") is not None and rules.get("until_ms") is not None:
        window = f" --from-ms {rules['from_ms']} --until-ms {rules['until_ms']}"
    live_only = [r for r in ("followed", "ordered") if rules.get(r)]
    extra = f" (also {' and '.join(live_only)} during the show: checked live)" if live_only else ""
    rerun = (
        f"python -m app giveaway draw {session_id} --keyword {shlex.quote(draw['keyword'])} "
        f"--winners {max(1, len(draw['winners']))} --seed {draw['seed']}{window}"
    )
    winners = ", ".join(draw["winners"]) or "-"
    return (
        f"{draw['t_ms'] / 1000:8.1f} s  “{draw['keyword']}”  {draw['entrants']} entrant(s){extra}"
        f"  seed {draw['seed']}  winners: {winners}\n           re-run: {rerun}"
    )
