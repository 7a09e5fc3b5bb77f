"""Catalog persistence: product rows <-> :class:`ProductInfo`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.commerce.catalog import ProductInfo
from app.store.db import Store
from app.store.models import Product


def _row_from_info(p: ProductInfo) -> Product:
    return Product(
        sku=p.sku,
        name_zh=p.name_zh,
        name_en=p.name_en,
        category=p.category,
        aliases=list(p.aliases),
        keywords=list(p.keywords),
        price=p.price,
        promo_price=p.promo_price,
        stock=p.stock,
        image=str(p.image) if p.image else None,
        faq=[{"q": q, "a": a} for q, a in p.faq],
        tryon=p.tryon,
        updated_at=datetime.now(UTC),
    )


def add_missing_products(store: Store, products: list[ProductInfo]) -> int:
    """Insert products whose SKU is not in the catalog yet; existing rows are untouched.

    Used by the demo so that rehearsing never overwrites a team's real catalog. Two
    instances starting at once on a team database may both find a SKU missing; the
    later insert then fails on the unique SKU and is retried once, finding it there.
    """
    try:
        return _add_missing(store, products)
    except IntegrityError:
        return _add_missing(store, products)


def _add_missing(store: Store, products: list[ProductInfo]) -> int:
    skus = [p.sku for p in products]
    with store.sessions.begin() as s:
        existing = set(s.scalars(select(Product.sku).where(Product.sku.in_(skus))))
        new = [_row_from_info(p) for p in products if p.sku not in existing]
        s.add_all(new)
        return len(new)


def upsert_products(store: Store, products: list[ProductInfo]) -> tuple[int, int]:
    """Insert new SKUs and update existing ones in one transaction; (created, updated)."""
    by_sku = {p.sku: p for p in products}
    created = updated = 0
    with store.sessions.begin() as s:
        rows = {r.sku: r for r in s.scalars(select(Product).where(Product.sku.in_(by_sku)))}
        for sku, info in by_sku.items():
            fresh = _row_from_info(info)
            row = rows.get(sku)
            if row is None:
                s.add(fresh)
                created += 1
                continue
            for column in _UPDATABLE:
                setattr(row, column, getattr(fresh, column))
            updated += 1
    return created, updated


#: Every column a re-import may change: all but the row id and the SKU it is matched on.
_UPDATABLE = tuple(c.name for c in Product.__table__.columns if c.name not in ("id", "sku"))


def load_products(store: Store) -> list[ProductInfo]:
    with store.sessions() as s:
        return [
            ProductInfo(
                sku=r.sku,
                name_zh=r.name_zh,
                name_en=r.name_en,
                price=r.price,
                promo_price=r.promo_price,
                stock=r.stock,
                image=Path(r.image) if r.image else None,
                category=r.category,
                aliases=tuple(r.aliases or ()),
                keywords=tuple(r.keywords or ()),
                faq=tuple((f.get("q", ""), f.get("a", "")) for f in r.faq or ()),
                tryon=r.tryon,
            )
            for r in s.scalars(select(Product).order_by(Product.sku))
        ]
