"""``python -m app products import FILE [--skip-invalid] | export FILE | list``
and ``products evaluate-recommendations`` (offline replay, see app/commerce/evaluate.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def show_plan_number(text: str) -> int:
    """argparse type of a show plan's number (``show duplicate N``, ``compliance audit
    --show N``)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a show plan number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("show plan numbers start at 1")
    return value


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    products = sub.add_parser("products", help="import, export or list the product catalog")
    actions = products.add_subparsers(dest="products_command", metavar="ACTION", required=True)
    imp = actions.add_parser("import", help="import or update products from CSV/XLSX")
    imp.add_argument("file", type=Path)
    imp.add_argument(
        "--skip-invalid", action="store_true", help="import the valid rows even if some are not"
    )
    imp.set_defaults(func=_import)
    exp = actions.add_parser("export", help="write the catalog to CSV or XLSX")
    exp.add_argument("file", type=Path)
    exp.set_defaults(func=_export)
    lst = actions.add_parser("list", help="print the catalog")
    lst.set_defaults(func=_list)
    ev = actions.add_parser(
        "evaluate-recommendations",
        help="replay sessions: how often the top suggestion is the next best seller",
    )
    ev.add_argument("--bundle", type=Path, help="replay bundle folder (default: the demo)")
    ev.add_argument("--store", action="store_true", help="replay sessions recorded in the store")
    ev.add_argument("--runs", type=int, default=5, help="bundle replays (1 as recorded + variants)")
    ev.add_argument("--seed", type=int, default=0)
    ev.add_argument("--horizon-s", type=float, default=600.0, help="sales window after a check")
    ev.add_argument("--step-s", type=float, default=60.0, help="time between checkpoints")
    ev.add_argument("--window-s", type=float, default=300.0, help="live demand window")
    ev.add_argument(
        "--ask-ahead", type=float, default=0.0, help="simulate viewers asking ahead (0..1)"
    )
    ev.add_argument("--json", action="store_true")
    ev.set_defaults(func=_evaluate)


def _catalog(config: Any) -> list[Any]:
    from app.commerce.repository import load_products
    from app.store.db import config_store

    with config_store(config) as store:
        return load_products(store)


def _import(args: argparse.Namespace, config: Any) -> int:
    from app.commerce.repository import upsert_products
    from app.commerce.tabular import parse_catalog
    from app.errors import UserError as CliError
    from app.store.db import config_store

    report = parse_catalog(args.file, data_dir=config.data_dir)
    if report.errors:
        print(report.summary(), file=sys.stderr)
    if report.errors and not args.skip_invalid:
        raise CliError(
            f"nothing imported: {report.invalid_rows} invalid row(s) in {args.file.name} "
            "(fix them, or use --skip-invalid to import the valid rows)"
        )
    with config_store(config) as store:
        created, updated = upsert_products(store, report.products)
    skipped = f", {report.invalid_rows} invalid row(s) skipped" if report.errors else ""
    print(f"Imported {args.file.name}: {created} new, {updated} updated{skipped}.")
    return 0


def _export(args: argparse.Namespace, config: Any) -> int:
    from app.commerce.tabular import write_catalog

    count = write_catalog(args.file, _catalog(config))
    print(f"Exported {count} product(s) to {args.file}.")
    return 0


def _list(_args: argparse.Namespace, config: Any) -> int:
    products = _catalog(config)
    if not products:
        print("The catalog is empty. Import one: python -m app products import FILE.csv")
        return 0
    for p in products:
        promo = f" (live ¥{p.promo_price:.2f})" if p.promo_price is not None else ""
        print(f"{p.sku:<16} ¥{p.price:>9.2f}{promo:<18} stock {p.stock:>6}  {p.display_name()}")
    return 0


def _evaluate(args: argparse.Namespace, config: Any) -> int:
    import json

    from app.commerce.evaluate import METHODS, bundle_cases, evaluate_cases, store_cases
    from app.commerce.recommend import Weights
    from app.errors import UserError as CliError
    from app.paths import DEMO_BUNDLE

    if args.runs < 1 or args.horizon_s <= 0 or args.step_s <= 0 or args.window_s <= 0:
        raise CliError("--runs, --horizon-s, --step-s and --window-s must be positive")
    if not 0.0 <= args.ask_ahead <= 1.0:
        raise CliError("--ask-ahead is a share between 0 and 1")
    if args.store:
        from app.store.db import config_store

        with config_store(config) as store:
            cases = store_cases(store)
        if not cases:
            raise CliError("no ended session with orders in the store: run a show or the demo")
    else:
        cases = bundle_cases(args.bundle or DEMO_BUNDLE, args.runs, args.seed, args.ask_ahead)
    result = evaluate_cases(
        cases,
        horizon_ms=int(args.horizon_s * 1000),
        step_ms=int(args.step_s * 1000),
        window_ms=int(args.window_s * 1000),
        weights=Weights.from_settings(config.settings),
    )
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
        return 0
    print(f"{len(cases)} session(s), {result.checkpoints} checkpoints")
    for method in METHODS:
        print(f"  {method:<12} top-1 hit rate {result.rate(method):6.1%}")
    return 0
