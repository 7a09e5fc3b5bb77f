"""Show plans: a live show planned ahead, with its rundown of products (Qt-free).

What TikTok Shop LIVE Manager calls a scheduled LIVE and 直播伴侣/百应 a 直播计划: title,
host, platforms, planned start, and the products in order, each with its price during
the show, its default flash-sale price and length, and the host's talking points. Plans
are stored (``show_plan``, ``show_plan_item``), edited before and during the show, and
reused ("duplicate last show"); a session started from one records it in
``live_session.show_id``.

The values here are frozen dataclasses; the store functions take a
:class:`~app.store.db.Store` and open one transaction each. SQLAlchemy and the models are
imported inside them, so building or resolving a plan costs no database import.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from app.commerce.show import FLASH_MAX_S, FLASH_MIN_S
from app.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.commerce.catalog import ProductInfo
    from app.store.db import Store

__all__ = [
    "FLASH_MAX_S",
    "FLASH_MIN_S",
    "PLATFORMS",
    "PlanError",
    "PlanItem",
    "ShowPlan",
    "adhoc_plan",
    "delete_plan",
    "duplicate_plan",
    "get_plan",
    "last_plan",
    "list_plans",
    "resolve_plan",
    "save_plan",
    "validate_plan",
]

PLATFORMS: tuple[str, ...] = (
    "douyin",
    "tiktok",
    "taobao",
    "kuaishou",
    "youtube",
    "twitch",
    "other",
)

#: Column lengths (models.ShowPlan / ShowPlanItem): PostgreSQL refuses longer values.
MAX_TITLE = 200
MAX_HOST = 100
MAX_SKU = 64
#: A show planned to start less than this long ago still lists as upcoming: hosts often
#: start late, and the show may be running.
UPCOMING_GRACE = timedelta(hours=3)
_COPY_SUFFIX = " (copy)"


class PlanError(UserError, ValueError):
    """A show plan cannot be saved or found; the message says what is wrong and what to do.

    A :class:`~app.errors.UserError`, so the CLI prints it as one line (exit code 1).
    """


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One product of the rundown and how it is sold during this show."""

    sku: str
    live_price: float | None = None  # price during this show; None = the catalog's sale price
    flash_price: float | None = None  # default flash-sale price for this product
    flash_seconds: int | None = None  # default flash-sale length, FLASH_MIN_S..FLASH_MAX_S
    talking_points: str = ""


@dataclass(frozen=True, slots=True)
class ShowPlan:
    """A planned show; ``id`` is None until it is saved."""

    id: int | None
    title: str
    host: str = ""
    platforms: tuple[str, ...] = ()
    planned_start: datetime | None = None  # aware UTC
    items: tuple[PlanItem, ...] = ()
    notes: str = ""
    updated_at: datetime | None = None

    @property
    def skus(self) -> list[str]:
        """The rundown's SKUs in order."""
        return [i.sku for i in self.items]

    @property
    def platform(self) -> str:
        """The platforms comma-joined ("douyin,tiktok"), as live_session.platform stores them."""
        return ",".join(self.platforms)

    def item(self, sku: str) -> PlanItem | None:
        """The rundown entry of ``sku``, None when the plan does not have it."""
        return next((i for i in self.items if i.sku == sku), None)


# -- validation ---------------------------------------------------------------------------
def _bad_price(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return True
    return not math.isfinite(value) or value <= 0


def validate_plan(plan: ShowPlan) -> list[str]:
    """What keeps ``plan`` from being saved, as plain English sentences (empty: fine).

    Unknown SKUs are not checked here (a plan may name products not imported yet);
    :func:`resolve_plan` reports them when the show starts.
    """
    problems = _header_problems(plan)
    seen: set[str] = set()
    for n, item in enumerate(plan.items, start=1):
        problems += _item_problems(n, item, seen)
    return problems


def _header_problems(plan: ShowPlan) -> list[str]:
    problems: list[str] = []
    title, host = plan.title.strip(), plan.host.strip()
    if not title:
        problems.append("The show needs a title.")
    elif len(title) > MAX_TITLE:
        problems.append(
            f"The title has {len(title)} characters; shorten it to {MAX_TITLE} at most."
        )
    if len(host) > MAX_HOST:
        problems.append(
            f"The host name has {len(host)} characters; shorten it to {MAX_HOST} at most."
        )
    for name in plan.platforms:
        if name not in PLATFORMS:
            problems.append(f"Unknown platform {name!r}: use one of {', '.join(PLATFORMS)}.")
    for name in sorted({p for p in plan.platforms if plan.platforms.count(p) > 1}):
        problems.append(f"The platform {name} is listed twice; list it once.")
    if plan.planned_start is not None and plan.planned_start.tzinfo is None:
        problems.append(
            "The planned start has no time zone; give one (for example 2026-05-01T20:00+08:00)."
        )
    return problems


def _item_problems(n: int, item: PlanItem, seen: set[str]) -> list[str]:
    """Problems of rundown item ``n`` (1-based); adds its SKU to ``seen``."""
    sku = item.sku.strip()
    if not sku:
        return [f"Rundown item {n} has no SKU; pick a product from the catalog."]
    problems: list[str] = []
    if len(sku) > MAX_SKU:
        problems.append(f"Rundown item {n} has a SKU longer than {MAX_SKU} characters.")
    if sku in seen:
        problems.append(f"{sku} is in the rundown twice; keep it once.")
    seen.add(sku)
    for label, price in (("live price", item.live_price), ("flash price", item.flash_price)):
        if price is not None and _bad_price(price):
            problems.append(f"The {label} of {sku} must be a number above 0 (got {price!r}).")
    seconds = item.flash_seconds
    if seconds is not None and (
        isinstance(seconds, bool)
        or not isinstance(seconds, int)
        or not FLASH_MIN_S <= seconds <= FLASH_MAX_S
    ):
        problems.append(
            f"The flash-sale length of {sku} must be {FLASH_MIN_S} to {FLASH_MAX_S} "
            f"seconds (got {seconds!r})."
        )
    return problems


def _not_found(plan_id: int) -> PlanError:
    return PlanError(f"no show plan #{plan_id}: `python -m app show list` shows the plans")


# -- rows <-> values ------------------------------------------------------------------------
def _from_rows(row: Any, items: Sequence[Any]) -> ShowPlan:
    from app.store.models import as_utc

    return ShowPlan(
        id=row.id,
        title=row.title,
        host=row.host,
        platforms=tuple(row.platforms or ()),
        planned_start=as_utc(row.planned_start),
        items=tuple(
            PlanItem(
                sku=i.sku,
                live_price=i.live_price,
                flash_price=i.flash_price,
                flash_seconds=i.flash_seconds,
                talking_points=i.talking_points,
            )
            for i in items
        ),
        notes=row.notes,
        updated_at=as_utc(row.updated_at),
    )


def _load(session: Session, rows: Sequence[Any]) -> list[ShowPlan]:
    """Plans for ``rows`` (in that order) with their items, in one query for all items."""
    from sqlalchemy import select

    from app.store.models import ShowPlanItem

    ids = [r.id for r in rows]
    items: dict[int, list[Any]] = {i: [] for i in ids}
    if ids:
        stmt = (
            select(ShowPlanItem)
            .where(ShowPlanItem.plan_id.in_(ids))
            .order_by(ShowPlanItem.plan_id, ShowPlanItem.position)
        )
        for item in session.scalars(stmt):
            items[item.plan_id].append(item)
    return [_from_rows(r, items[r.id]) for r in rows]


def _price(value: float | None) -> float | None:
    return None if value is None else float(value)


# -- store ------------------------------------------------------------------------------------
def save_plan(store: Store, plan: ShowPlan) -> ShowPlan:
    """Insert ``plan`` (id None) or update it, replacing its rundown; the stored plan.

    Titles, hosts and SKUs are stored without surrounding blanks and the planned start in
    UTC. Raises :class:`PlanError` with every problem :func:`validate_plan` finds, or when
    ``plan.id`` names no stored plan.
    """
    from sqlalchemy import delete

    from app.store.models import ShowPlan as PlanRow
    from app.store.models import ShowPlanItem

    problems = validate_plan(plan)
    if problems:
        raise PlanError("cannot save the show plan: " + " ".join(problems))
    now = datetime.now(UTC)
    start = plan.planned_start.astimezone(UTC) if plan.planned_start else None
    with store.sessions.begin() as s:
        if plan.id is None:
            row = PlanRow(created_at=now)
            s.add(row)
        else:
            found = s.get(PlanRow, plan.id)
            if found is None:
                raise _not_found(plan.id)
            row = found
            s.execute(delete(ShowPlanItem).where(ShowPlanItem.plan_id == plan.id))
        row.title = plan.title.strip()
        row.host = plan.host.strip()
        row.platforms = list(plan.platforms)
        row.planned_start = start
        row.notes = plan.notes
        row.updated_at = now
        s.flush()
        items = [
            ShowPlanItem(
                plan_id=row.id,
                position=n,
                sku=item.sku.strip(),
                live_price=_price(item.live_price),
                flash_price=_price(item.flash_price),
                flash_seconds=item.flash_seconds,
                talking_points=item.talking_points,
            )
            for n, item in enumerate(plan.items)
        ]
        s.add_all(items)
        s.flush()
        return _from_rows(row, items)


def get_plan(store: Store, plan_id: int) -> ShowPlan:
    """The stored plan ``plan_id``; :class:`PlanError` when there is none."""
    from app.store.models import ShowPlan as PlanRow

    with store.sessions() as s:
        row = s.get(PlanRow, plan_id)
        if row is None:
            raise _not_found(plan_id)
        return _load(s, [row])[0]


def list_plans(store: Store, limit: int = 100) -> list[ShowPlan]:
    """At most ``limit`` plans, upcoming first, for a plan picker.

    Upcoming plans (planned start in the future, or less than :data:`UPCOMING_GRACE` ago)
    come first, soonest first; then every other plan (no start, or long past), most
    recently edited first.
    """
    from sqlalchemy import or_, select

    from app.store.models import ShowPlan as PlanRow

    if limit <= 0:
        return []
    since = datetime.now(UTC) - UPCOMING_GRACE
    upcoming = (
        select(PlanRow)
        .where(PlanRow.planned_start >= since)
        .order_by(PlanRow.planned_start, PlanRow.id)
        .limit(limit)
    )
    rest = (
        select(PlanRow)
        .where(or_(PlanRow.planned_start.is_(None), PlanRow.planned_start < since))
        .order_by(PlanRow.updated_at.desc(), PlanRow.id.desc())
    )
    with store.sessions() as s:
        rows = list(s.scalars(upcoming))
        if len(rows) < limit:
            rows += s.scalars(rest.limit(limit - len(rows)))
        return _load(s, rows)


def delete_plan(store: Store, plan_id: int) -> bool:
    """Delete a plan and its rundown; False when there was none.

    Sessions started from it are kept: their ``show_id`` becomes NULL in the same
    transaction (the foreign key has no ON DELETE rule; see migration 0004). On a team
    database a session may start from the plan between those two steps: the delete then
    fails on the foreign key and is retried once, clearing that session too.
    """
    from sqlalchemy.exc import IntegrityError

    try:
        return _delete(store, plan_id)
    except IntegrityError:
        return _delete(store, plan_id)


def _delete(store: Store, plan_id: int) -> bool:
    from sqlalchemy import delete, update

    from app.store.models import LiveSession, ShowPlanItem
    from app.store.models import ShowPlan as PlanRow

    with store.sessions.begin() as s:
        if s.get(PlanRow, plan_id) is None:
            return False
        s.execute(update(LiveSession).where(LiveSession.show_id == plan_id).values(show_id=None))
        s.execute(delete(ShowPlanItem).where(ShowPlanItem.plan_id == plan_id))
        s.execute(delete(PlanRow).where(PlanRow.id == plan_id))
        return True


def duplicate_plan(store: Store, plan_id: int, *, title: str | None = None) -> ShowPlan:
    """A stored copy of plan ``plan_id`` with no planned start, titled "<title> (copy)"."""
    source = get_plan(store, plan_id)
    if title is None:
        title = source.title[: MAX_TITLE - len(_COPY_SUFFIX)] + _COPY_SUFFIX
    return save_plan(store, replace(source, id=None, title=title, planned_start=None))


def last_plan(store: Store) -> ShowPlan | None:
    """The plan to reuse: the latest session's plan, else the last edited plan, else None."""
    from sqlalchemy import select

    from app.store.models import LiveSession
    from app.store.models import ShowPlan as PlanRow

    with store.sessions() as s:
        show_id = s.scalar(
            select(LiveSession.show_id)
            .where(LiveSession.show_id.is_not(None))
            .order_by(LiveSession.started_at.desc(), LiveSession.id.desc())
            .limit(1)
        )
        row = s.get(PlanRow, show_id) if show_id is not None else None
        if row is None:
            row = s.scalar(
                select(PlanRow).order_by(PlanRow.updated_at.desc(), PlanRow.id.desc()).limit(1)
            )
        return _load(s, [row])[0] if row is not None else None


# -- without the store ------------------------------------------------------------------------
def adhoc_plan(
    products: Sequence[ProductInfo],
    *,
    title: str = "",
    host: str = "",
    platforms: Sequence[str] = (),
) -> ShowPlan:
    """An unsaved plan of ``products`` in the given order, for a show started without one.

    Each SKU appears once (the first time); prices are the catalog's. The title defaults
    to "Live show YYYY-MM-DD HH:MM" in local time.
    """
    skus = dict.fromkeys(p.sku for p in products)
    return ShowPlan(
        id=None,
        title=title or f"Live show {datetime.now():%Y-%m-%d %H:%M}",
        host=host,
        platforms=tuple(platforms),
        items=tuple(PlanItem(sku=sku) for sku in skus),
    )


def resolve_plan(
    plan: ShowPlan, catalog: Sequence[ProductInfo]
) -> tuple[list[ProductInfo], list[str]]:
    """The plan's products in rundown order, and the SKUs the catalog lacks (in order).

    A plan's live price becomes the product's ``promo_price``, so everything downstream
    (queue, overlays, recommendations) shows and charges it. Never raises for missing
    SKUs: the show can start with the products that exist.
    """
    by_sku = {p.sku: p for p in catalog}
    products: list[ProductInfo] = []
    missing: list[str] = []
    for item in plan.items:
        product = by_sku.get(item.sku)
        if product is None:
            missing.append(item.sku)
            continue
        if item.live_price is not None:
            product = replace(product, promo_price=float(item.live_price))
        products.append(product)
    return products, missing
