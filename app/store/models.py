"""SQLAlchemy models of the core entities.

Every time-stamped row carries ``t_ms`` (milliseconds on the session clock) and ``ts``
(UTC wall clock), so review can line rows up with the recording and reports can show
local times. Bulk rows reference their session by id and are deleted with it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

UtcDateTime = DateTime(timezone=True)

#: Longest external id (comment/order ``id``) the event codec accepts (codec.MAX_NAME).
MAX_EVENT_ID = 200


def as_utc(value: datetime | None) -> datetime | None:
    """A stored time as an aware UTC datetime (SQLite hands back naive ones)."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    __table__: ClassVar[Table]  # every model here maps one table (not a join or select)


def _session_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"), index=True)


class Product(Base):
    __tablename__ = "product"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    name_zh: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(64), default="")
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    price: Mapped[float] = mapped_column(Float)
    promo_price: Mapped[float | None] = mapped_column(Float)
    stock: Mapped[int] = mapped_column(Integer, default=0)
    image: Mapped[str | None] = mapped_column(String(500))
    faq: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    tryon: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ShowPlan(Base):
    """A show planned before going live (a scheduled LIVE / 直播计划); items are its rundown.

    Edited before and during the show and reused ("duplicate last show"); a session started
    from it points back through ``LiveSession.show_id``. See app/commerce/plans.py.
    """

    __tablename__ = "show_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    host: Mapped[str] = mapped_column(String(100), default="")
    platforms: Mapped[list[str]] = mapped_column(JSON, default=list)
    planned_start: Mapped[datetime | None] = mapped_column(UtcDateTime)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    @validates("title", "host")
    def _fit(self, key: str, value: str | None) -> str | None:
        """Cut to the column's length, as LiveSession does (PostgreSQL refuses longer ones).

        ``plans.validate_plan`` refuses long values with a message first; this only keeps
        a direct insert from failing in team mode.
        """
        limit: int | None = getattr(self.__table__.c[key].type, "length", None)
        return value[:limit] if value is not None and limit else value


class ShowPlanItem(Base):
    """One product of a show plan's rundown, in ``position`` order (0 = first)."""

    __tablename__ = "show_plan_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("show_plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    sku: Mapped[str] = mapped_column(String(64))
    live_price: Mapped[float | None] = mapped_column(Float)
    flash_price: Mapped[float | None] = mapped_column(Float)
    flash_seconds: Mapped[int | None] = mapped_column(Integer)
    talking_points: Mapped[str] = mapped_column(Text, default="")


class LiveSession(Base):
    """One broadcast (or rehearsal). ``status``: live, ended or interrupted."""

    __tablename__ = "live_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    platform: Mapped[str] = mapped_column(String(32), default="")
    host: Mapped[str] = mapped_column(String(100), default="")
    mode: Mapped[str] = mapped_column(String(16), default="live")
    status: Mapped[str] = mapped_column(String(16), default="live", index=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_t_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    owner_host: Mapped[str] = mapped_column(String(255), default="")
    owner_pid: Mapped[int] = mapped_column(Integer, default=0)
    #: Hash of the owner's hardware address: laptops of a team may share a host name.
    owner_machine: Mapped[str] = mapped_column(String(32), default="")
    recording_dir: Mapped[str | None] = mapped_column(String(1000))
    notes: Mapped[str] = mapped_column(Text, default="")
    #: The show plan the session was started from. ``plans.delete_plan`` sets it to NULL
    #: before deleting the plan: no ON DELETE rule, because SQLite can only add this column
    #: in place with an inline REFERENCES, whose ON DELETE SQLAlchemy cannot reflect (and a
    #: rebuild of live_session would cascade-delete every session's rows; see 0004).
    show_id: Mapped[int | None] = mapped_column(ForeignKey("show_plan.id"), index=True)

    @validates("title", "platform", "host", "mode")
    def _fit(self, key: str, value: str | None) -> str | None:
        """Cut labels from a bundle manifest or settings to their column's length.

        SQLite ignores VARCHAR lengths but PostgreSQL refuses longer values, and a session
        must not fail to start in team mode because its title is long.
        """
        limit: int | None = getattr(self.__table__.c[key].type, "length", None)
        return value[:limit] if value is not None and limit else value


class QueueItem(Base):
    """A product's place in a session's run-of-show queue."""

    __tablename__ = "queue_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = _session_fk()
    sku: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="pending")


class ProductSegment(Base):
    """An interval during which a product was on air."""

    __tablename__ = "product_segment"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = _session_fk()
    sku: Mapped[str] = mapped_column(String(64))
    start_ms: Mapped[int] = mapped_column(BigInteger)
    end_ms: Mapped[int | None] = mapped_column(BigInteger)
    ts: Mapped[datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(String(32), default="operator")


class Comment(Base):
    __tablename__ = "comment"
    __table_args__ = (
        UniqueConstraint("session_id", "platform", "event_id", name="uq_comment_event"),
        Index("ix_comment_session_t", "session_id", "t_ms"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"))
    event_id: Mapped[str] = mapped_column(String(MAX_EVENT_ID))
    platform: Mapped[str] = mapped_column(String(32))
    viewer: Mapped[str] = mapped_column(String(64), index=True)  # viewer lookups (0003)
    text: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(8))
    sentiment: Mapped[str | None] = mapped_column(String(8))
    intent: Mapped[str | None] = mapped_column(String(16))
    spam: Mapped[bool] = mapped_column(Boolean, default=False)
    t_ms: Mapped[int] = mapped_column(BigInteger)
    ts: Mapped[datetime] = mapped_column(UtcDateTime)


class TranscriptSegment(Base):
    __tablename__ = "transcript_segment"
    __table_args__ = (Index("ix_transcript_session_t", "session_id", "start_ms"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"))
    start_ms: Mapped[int] = mapped_column(BigInteger)
    end_ms: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(8))
    words: Mapped[list[Any]] = mapped_column(JSON, default=list)
    final: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(String(16), default="")
    ts: Mapped[datetime] = mapped_column(UtcDateTime)


class Order(Base):
    """A sale; de-duplicated like comments by (session, platform, id), as the ingest server
    does (migration 0005: before it, by (session, id) alone)."""

    __tablename__ = "sales_order"
    __table_args__ = (
        UniqueConstraint("session_id", "platform", "order_id", name="uq_order_event"),
        Index("ix_order_session_t", "session_id", "t_ms"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(32), default="")
    order_id: Mapped[str] = mapped_column(String(MAX_EVENT_ID))
    sku: Mapped[str] = mapped_column(String(64), index=True)
    qty: Mapped[int] = mapped_column(Integer)
    amount: Mapped[float] = mapped_column(Float)
    buyer: Mapped[str] = mapped_column(String(64), default="", index=True)  # viewer lookups
    t_ms: Mapped[int] = mapped_column(BigInteger)
    ts: Mapped[datetime] = mapped_column(UtcDateTime)


class MetricSample(Base):
    """Audience snapshot: concurrent viewers and cumulative PV/UV."""

    __tablename__ = "metric_sample"
    __table_args__ = (Index("ix_metric_session_t", "session_id", "t_ms"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"))
    viewers_online: Mapped[int] = mapped_column(Integer)
    pv: Mapped[int | None] = mapped_column(Integer)
    uv: Mapped[int | None] = mapped_column(Integer)
    t_ms: Mapped[int] = mapped_column(BigInteger)
    ts: Mapped[datetime] = mapped_column(UtcDateTime)


class Interaction(Base):
    """Likes, follows and gifts (``kind``), with the count each event reported."""

    __tablename__ = "interaction"
    __table_args__ = (Index("ix_interaction_session_t", "session_id", "t_ms"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(Integer, default=1)
    viewer: Mapped[str] = mapped_column(String(64), default="", index=True)  # viewer lookups
    detail: Mapped[str] = mapped_column(String(64), default="")
    value: Mapped[float] = mapped_column(Float, default=0.0)
    t_ms: Mapped[int] = mapped_column(BigInteger)
    ts: Mapped[datetime] = mapped_column(UtcDateTime)


class Alert(Base):
    __tablename__ = "alert"
    __table_args__ = (Index("ix_alert_session_t", "session_id", "t_ms"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    terms: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(32), default="")
    t_ms: Mapped[int] = mapped_column(BigInteger)
    ts: Mapped[datetime] = mapped_column(UtcDateTime)
    #: ``text`` as a template and values (``Message.to_json``), so a review or report in
    #: Chinese says the alert in Chinese; None for rows recorded before migration 0007.
    message: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True, default=None)


class Giveaway(Base):
    """One giveaway draw (福袋/抽奖) of a session, kept so anyone can re-run it.

    ``winners`` are viewer pseudonyms (as in ``comment.viewer``), never names; ``rules``
    says who could enter (``followed``/``ordered`` during the show) and the entry window
    (``from_ms``..``until_ms`` on the session clock), ``entrants`` how many were eligible.
    The draw is ``random.Random(seed).sample`` of the eligible (platform, pseudonym) pairs
    sorted, so the same comments and seed give the same winners (app/show/giveaway.py,
    ``python -m app giveaway draw``). Migration 0006.
    """

    __tablename__ = "giveaway"
    __table_args__ = (Index("ix_giveaway_session_t", "session_id", "t_ms"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id", ondelete="CASCADE"))
    keyword: Mapped[str] = mapped_column(String(64))
    rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    seed: Mapped[int] = mapped_column(BigInteger)
    entrants: Mapped[int] = mapped_column(Integer)
    winners: Mapped[list[str]] = mapped_column(JSON, default=list)
    t_ms: Mapped[int] = mapped_column(BigInteger)
    ts: Mapped[datetime] = mapped_column(UtcDateTime)


#: Tables holding a session's recorded rows: deleted, and copied (store copy), with it.
SESSION_TABLES: tuple[type[Base], ...] = (
    QueueItem,
    ProductSegment,
    Comment,
    TranscriptSegment,
    Order,
    MetricSample,
    Interaction,
    Alert,
    Giveaway,
)
