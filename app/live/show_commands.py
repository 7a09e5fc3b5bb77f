"""``python -m app show plan|list|duplicate|delete``: show plans from the command line.

    python -m app show plan --title T [--host H] [--platform P]... [--products SKU1,SKU2]
                            [--start ISO8601] [--json]
    python -m app show list [--json]
    python -m app show duplicate N [--title T] [--json]
    python -m app show delete N

The plans themselves live in app/commerce/plans.py; this module only parses, checks the
SKUs against the catalog and prints. Imports stay light: the store loads in the handlers.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from app.commerce.commands import show_plan_number

if TYPE_CHECKING:
    from app.commerce.plans import ShowPlan
    from app.config import Config


def _start_time(text: str) -> datetime:
    """``--start``: ISO 8601; without a UTC offset it is the computer's local time."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 time: {text!r} (for example 2026-05-01T20:00 or "
            "2026-05-01T20:00+08:00)"
        ) from None
    if value.tzinfo is None:
        value = value.astimezone()  # the local zone
    return value.astimezone(UTC)


def _split(values: list[str] | None, *, lower: bool = False) -> list[str]:
    """Repeated and comma-separated values as one list, blanks dropped."""
    parts = [part.strip() for value in values or () for part in value.split(",")]
    return [part.lower() if lower else part for part in parts if part]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``show`` group."""
    from app.commerce.plans import PLATFORMS

    show = sub.add_parser("show", help="plan shows: title, host, platforms, start, rundown")
    actions = show.add_subparsers(dest="show_command", metavar="ACTION", required=True)

    plan = actions.add_parser("plan", help="create a show plan from catalog products")
    plan.add_argument("--title", required=True, help="the show's title")
    plan.add_argument("--host", default="", help="who presents it")
    plan.add_argument(
        "--platform",
        action="append",
        metavar="P",
        help=f"where it streams, repeatable or comma-separated: {', '.join(PLATFORMS)}",
    )
    plan.add_argument(
        "--products",
        action="append",
        metavar="SKU1,SKU2",
        help="the rundown: catalog SKUs in order (see: python -m app products list)",
    )
    plan.add_argument(
        "--start",
        type=_start_time,
        metavar="ISO8601",
        help="planned start, e.g. 2026-05-01T20:00 (local time) or with +08:00",
    )
    plan.add_argument("--json", action="store_true", help="print the plan as one JSON object")
    plan.set_defaults(func=cmd_plan)

    lst = actions.add_parser("list", help="list show plans, upcoming first")
    lst.add_argument("--json", action="store_true", help="print JSON lines")
    lst.set_defaults(func=cmd_list)

    dup = actions.add_parser("duplicate", help="copy a plan (no start time) to reuse it")
    dup.add_argument("show_id", type=show_plan_number, metavar="N", help="the plan's number")
    dup.add_argument("--title", help='title of the copy (default: "<title> (copy)")')
    dup.add_argument("--json", action="store_true", help="print the copy as one JSON object")
    dup.set_defaults(func=cmd_duplicate)

    delete = actions.add_parser("delete", help="delete a plan (recorded sessions are kept)")
    delete.add_argument("show_id", type=show_plan_number, metavar="N", help="the plan's number")
    delete.set_defaults(func=cmd_delete)


# -- output ---------------------------------------------------------------------------------
def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def plan_dict(plan: ShowPlan, *, updated: bool = False) -> dict[str, Any]:
    """A plan as the JSON the commands print (``updated_at`` for ``show list``)."""
    out: dict[str, Any] = {
        "show_id": plan.id,
        "title": plan.title,
        "host": plan.host,
        "platforms": list(plan.platforms),
        "products": plan.skus,
        "planned_start": _iso(plan.planned_start),
    }
    if updated:
        out["updated_at"] = _iso(plan.updated_at)
    return out


def _local(value: datetime | None) -> str:
    return f"{value.astimezone():%Y-%m-%d %H:%M}" if value is not None else "not set"


def _print_plan(plan: ShowPlan, verb: str, as_json: bool) -> None:
    if as_json:
        print(json.dumps(plan_dict(plan), ensure_ascii=False))
        return
    platforms = ", ".join(plan.platforms) or "no platform"
    print(
        f"{verb} show plan #{plan.id} {plan.title!r}: {len(plan.items)} product(s), "
        f"{platforms}, starts {_local(plan.planned_start)}."
    )


# -- commands -------------------------------------------------------------------------------
def cmd_plan(args: argparse.Namespace, config: Config) -> int:
    """Create a plan; refuses SKUs the catalog lacks (a typo would be a silent gap)."""
    from app.commerce.plans import PlanError, PlanItem, ShowPlan, save_plan
    from app.commerce.repository import load_products
    from app.store.db import config_store

    skus = _split(args.products)
    with config_store(config) as store:
        if skus:
            known = {p.sku for p in load_products(store)}
            unknown = [s for s in dict.fromkeys(skus) if s not in known]
            if unknown:
                raise PlanError(
                    f"unknown SKU(s) {', '.join(unknown)}: `python -m app products list` "
                    "shows the catalog"
                )
        plan = save_plan(
            store,
            ShowPlan(
                id=None,
                title=args.title,
                host=args.host,
                platforms=tuple(_split(args.platform, lower=True)),
                planned_start=args.start,
                items=tuple(PlanItem(sku=s) for s in skus),
            ),
        )
    _print_plan(plan, "Created", args.json)
    return 0


def cmd_list(args: argparse.Namespace, config: Config) -> int:
    from app.commerce.plans import list_plans
    from app.store.db import config_store

    with config_store(config) as store:
        plans = list_plans(store)
    if args.json:
        for plan in plans:
            print(json.dumps(plan_dict(plan, updated=True), ensure_ascii=False))
        return 0
    if not plans:
        print(
            "No show plans yet. Create one: "
            'python -m app show plan --title "…" --products SKU1,SKU2'
        )
        return 0
    print(f"{'ID':>5}  {'start (local)':<16}  {'products':>8}  {'platforms':<20}  title")
    for plan in plans:
        print(
            f"{plan.id:>5}  {_local(plan.planned_start):<16}  {len(plan.items):>8}  "
            f"{','.join(plan.platforms) or '-':<20}  {plan.title}"
            + (f"  (host: {plan.host})" if plan.host else "")
        )
    return 0


def cmd_duplicate(args: argparse.Namespace, config: Config) -> int:
    from app.commerce.plans import duplicate_plan
    from app.store.db import config_store

    with config_store(config) as store:
        plan = duplicate_plan(store, args.show_id, title=args.title)
    _print_plan(plan, "Copied to", args.json)
    return 0


def cmd_delete(args: argparse.Namespace, config: Config) -> int:
    """Delete a plan; sessions started from it keep their recordings (show_id cleared)."""
    from app.commerce.plans import PlanError, delete_plan
    from app.store.db import config_store

    with config_store(config) as store:
        if not delete_plan(store, args.show_id):
            raise PlanError(
                f"no show plan #{args.show_id}: `python -m app show list` shows the plans"
            )
    print(f"Deleted show plan #{args.show_id}.")
    return 0
