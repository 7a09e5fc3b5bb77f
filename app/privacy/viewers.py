"""One viewer's data: find, export (JSON or CSV) and erase, across all sessions.

Rows never hold a viewer's name when pseudonymisation is on (the default): the recorder
stores a salted hash, and a different one per kind of row (comments are keyed by their
platform, orders by "order", likes/follows/gifts by ""). So a viewer is found either

- by one of their pseudonyms (``v`` + 16 hex digits, as shown in exports), which matches
  the rows of that kind, or
- by their display name: every pseudonym that name gets on this install is computed with
  the install's salt (and the raw name itself matches sessions recorded with
  pseudonymisation off), which finds comments, orders and interactions together.

Erasing removes the personal data and keeps anonymous counts: comment texts are removed
and their viewer id becomes a random session-local token (as retention does), orders lose
their buyer id and likes/follows/gifts their viewer id. GMV, comment counts and curves stay.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from app.cells import csv_writer
from app.chat.pseudonym import SALT_FILE, Pseudonymizer
from app.privacy import PrivacyError
from app.privacy.retention import CHUNK, REMOVED_TEXT, anon_token
from app.store.db import Store
from app.store.models import Comment, Interaction, LiveSession, Order, as_utc

log = logging.getLogger("app.privacy.viewers")

#: Kinds of row keyed by something other than a chat platform (see app/session/recorder.py).
NON_CHAT_KEYS = ("order", "")


@dataclass(frozen=True, slots=True)
class ViewerRecord:
    """What the store holds about one viewer (found by pseudonym or by name)."""

    query: str
    identifiers: list[str]
    comments: int = 0
    orders: int = 0
    interactions: int = 0
    sessions: list[int] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.comments or self.orders or self.interactions)

    def message(self) -> str:
        if self.empty:
            return f"Nothing is recorded about viewer {self.query!r}."
        return (
            f"Viewer {self.query!r}: {self.comments} comments, {self.orders} orders, "
            f"{self.interactions} likes/follows/gifts in {len(self.sessions)} sessions."
        )


def _salt(data_dir: Path) -> bytes | None:
    """The install's salt, or None when nothing was ever pseudonymised here."""
    try:
        salt = (data_dir / SALT_FILE).read_bytes()
    except OSError:
        return None
    return salt if len(salt) >= 16 else None


def candidate_identifiers(store: Store, query: str, data_dir: Path) -> list[str]:
    """Every stored id ``query`` may stand for: itself, and its pseudonyms on this install."""
    query = query.strip()
    if not query:
        raise PrivacyError("give a viewer pseudonym or name")
    ids = [query[:64]]
    salt = _salt(data_dir)
    if salt is not None:
        with store.sessions() as s:
            platforms = [p for (p,) in s.execute(select(Comment.platform).distinct())]
        hasher = Pseudonymizer(salt, enabled=True)
        for key in [*platforms, *NON_CHAT_KEYS]:
            ids.append(hasher(key, query))
    return list(dict.fromkeys(i for i in ids if i))


def find_viewer(store: Store, query: str, data_dir: Path) -> ViewerRecord:
    """Look a viewer up by pseudonym or name; counts what is recorded about them."""
    ids = candidate_identifiers(store, query, data_dir)
    with store.sessions() as s:
        comments = s.execute(
            select(Comment.session_id, Comment.viewer).where(Comment.viewer.in_(ids))
        ).all()
        orders = s.execute(select(Order.session_id, Order.buyer).where(Order.buyer.in_(ids))).all()
        inter = s.execute(
            select(Interaction.session_id, Interaction.viewer).where(Interaction.viewer.in_(ids))
        ).all()
    rows = [*comments, *orders, *inter]
    found = [i for i in ids if any(r[1] == i for r in rows)]
    return ViewerRecord(
        query=query.strip(),
        identifiers=found,
        comments=len(comments),
        orders=len(orders),
        interactions=len(inter),
        sessions=sorted({int(r[0]) for r in rows}),
    )


def _iso(value: datetime | None) -> str | None:
    aware = as_utc(value)
    return aware.isoformat() if aware is not None else None


def viewer_data(store: Store, record: ViewerRecord) -> dict[str, Any]:
    """Everything recorded about the viewer, as plain JSON-ready data."""
    ids = record.identifiers
    with store.sessions() as s:
        sessions = s.scalars(select(LiveSession).where(LiveSession.id.in_(record.sessions)))
        session_list = [
            {"id": r.id, "title": r.title, "platform": r.platform, "started_at": _iso(r.started_at)}
            for r in sessions
        ]
        comments = s.scalars(
            select(Comment)
            .where(Comment.viewer.in_(ids))
            .order_by(Comment.session_id, Comment.t_ms)
        ).all()
        orders = s.scalars(
            select(Order).where(Order.buyer.in_(ids)).order_by(Order.session_id, Order.t_ms)
        ).all()
        inter = s.scalars(
            select(Interaction)
            .where(Interaction.viewer.in_(ids))
            .order_by(Interaction.session_id, Interaction.t_ms)
        ).all()
    return {
        "viewer": record.query,
        "identifiers": ids,
        "exported_at": datetime.now(UTC).isoformat(),
        "sessions": session_list,
        "comments": [
            {
                "session_id": c.session_id,
                "t_ms": c.t_ms,
                "ts": _iso(c.ts),
                "platform": c.platform,
                "viewer": c.viewer,
                "text": c.text,
                "lang": c.lang,
                "sentiment": c.sentiment,
                "intent": c.intent,
                "spam": c.spam,
            }
            for c in comments
        ],
        "orders": [
            {
                "session_id": o.session_id,
                "t_ms": o.t_ms,
                "ts": _iso(o.ts),
                "order_id": o.order_id,
                "sku": o.sku,
                "qty": o.qty,
                "amount": o.amount,
                "buyer": o.buyer,
            }
            for o in orders
        ],
        "interactions": [
            {
                "session_id": i.session_id,
                "t_ms": i.t_ms,
                "ts": _iso(i.ts),
                "kind": i.kind,
                "count": i.count,
                "detail": i.detail,
                "value": i.value,
                "viewer": i.viewer,
            }
            for i in inter
        ],
    }


CSV_HEADER = ("kind", "session_id", "ts", "t_ms", "viewer", "platform", "text", "sku", "qty",
              "amount", "detail", "count")  # fmt: skip


def _csv_rows(data: dict[str, Any]) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for c in data["comments"]:
        rows.append(("comment", c["session_id"], c["ts"], c["t_ms"], c["viewer"], c["platform"],
                     c["text"], "", "", "", "", ""))  # fmt: skip
    for o in data["orders"]:
        rows.append(("order", o["session_id"], o["ts"], o["t_ms"], o["buyer"], "", "", o["sku"],
                     o["qty"], o["amount"], o["order_id"], ""))  # fmt: skip
    for i in data["interactions"]:
        rows.append((i["kind"], i["session_id"], i["ts"], i["t_ms"], i["viewer"], "", "", "", "",
                     i["value"], i["detail"], i["count"]))  # fmt: skip
    return rows


def export_viewer(store: Store, record: ViewerRecord, out: Path) -> Path:
    """Write the viewer's data to ``out``: CSV when it ends in ``.csv``, else JSON.

    Written to a temporary file and renamed, so a failed export never leaves half a file.
    """
    if record.empty:
        raise PrivacyError(f"nothing is recorded about viewer {record.query!r}; nothing exported")
    data = viewer_data(store, record)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    if out.suffix.lower() == ".csv":
        with tmp.open("w", newline="", encoding="utf-8-sig") as fh:  # BOM: Excel reads CJK
            writer = csv_writer(fh)  # comment texts that look like formulas stay text
            writer.writerow(CSV_HEADER)
            writer.writerows(_csv_rows(data))
    else:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(out)
    log.info("exported viewer data (%d sessions) to %s", len(record.sessions), out)
    return out


@dataclass(frozen=True, slots=True)
class EraseResult:
    comments: int
    orders: int
    interactions: int

    def message(self, query: str) -> str:
        return (
            f"Erased viewer {query!r}: {self.comments} comments anonymised, buyer removed "
            f"from {self.orders} orders and viewer from {self.interactions} likes/follows/gifts."
        )


def erase_viewer(store: Store, record: ViewerRecord) -> EraseResult:
    """Remove everything personal about the viewer; anonymous counts stay (module doc)."""
    if record.empty:
        raise PrivacyError(f"nothing is recorded about viewer {record.query!r}; nothing erased")
    ids = record.identifiers
    with store.sessions() as s:
        comment_rows = s.execute(
            select(Comment.session_id, Comment.id).where(Comment.viewer.in_(ids))
        ).all()
    by_session: dict[int, list[int]] = {}
    for sid, cid in comment_rows:
        by_session.setdefault(int(sid), []).append(int(cid))
    with store.sessions.begin() as s:
        for cids in by_session.values():
            # One fresh token per session keeps that session's "commenters" figure right.
            token = anon_token()
            for start in range(0, len(cids), CHUNK):
                chunk = cids[start : start + CHUNK]
                s.execute(
                    update(Comment)
                    .where(Comment.id.in_(chunk))
                    .values(text=REMOVED_TEXT, viewer=token)
                )
        # An UPDATE's result is a CursorResult (it has the row count); execute() says Result.
        orders = cast(
            CursorResult[Any],
            s.execute(update(Order).where(Order.buyer.in_(ids)).values(buyer="")),
        )
        inter = cast(
            CursorResult[Any],
            s.execute(update(Interaction).where(Interaction.viewer.in_(ids)).values(viewer="")),
        )
    comments = len(comment_rows)
    result = EraseResult(comments, int(orders.rowcount or 0), int(inter.rowcount or 0))
    log.info("erased a viewer: %s", result)
    return result
