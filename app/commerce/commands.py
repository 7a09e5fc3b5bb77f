"""``python -m app products import FILE [--skip-invalid] | export FILE | list``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
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


def _store(config: Any) -> Any:
    from app.store.db import open_store

    config.ensure_dirs()
    return open_store(config.db_url)


def _import(args: argparse.Namespace, config: Any) -> int:
    from app.cli import CliError
    from app.commerce.repository import upsert_products
    from app.commerce.tabular import parse_catalog

    report = parse_catalog(args.file)
    if report.errors:
        print(report.summary(), file=sys.stderr)
    if report.errors and not args.skip_invalid:
        raise CliError(
            f"nothing imported: {report.invalid_rows} invalid row(s) in {args.file.name} "
            "(fix them, or use --skip-invalid to import the valid rows)"
        )
    store = _store(config)
    try:
        created, updated = upsert_products(store, report.products)
    finally:
        store.close()
    skipped = f", {report.invalid_rows} invalid row(s) skipped" if report.errors else ""
    print(f"Imported {args.file.name}: {created} new, {updated} updated{skipped}.")
    return 0


def _export(args: argparse.Namespace, config: Any) -> int:
    from app.commerce.repository import load_products
    from app.commerce.tabular import write_catalog

    store = _store(config)
    try:
        products = load_products(store)
    finally:
        store.close()
    count = write_catalog(args.file, products)
    print(f"Exported {count} product(s) to {args.file}.")
    return 0


def _list(_args: argparse.Namespace, config: Any) -> int:
    from app.commerce.repository import load_products

    store = _store(config)
    try:
        products = load_products(store)
    finally:
        store.close()
    if not products:
        print("The catalog is empty. Import one: python -m app products import FILE.csv")
        return 0
    for p in products:
        promo = f" (live ¥{p.promo_price:.2f})" if p.promo_price is not None else ""
        print(f"{p.sku:<16} ¥{p.price:>9.2f}{promo:<18} stock {p.stock:>6}  {p.display_name()}")
    return 0
