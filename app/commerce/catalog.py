"""Product catalog entries as plain data, and loading a catalog from a JSON file."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class CatalogError(ValueError):
    """A catalog file could not be read; the message says where and why."""


@dataclass(frozen=True, slots=True)
class ProductInfo:
    """One product as the live session sees it (no database identity)."""

    sku: str
    name_zh: str
    name_en: str
    price: float
    promo_price: float | None = None
    stock: int = 0
    image: Path | None = None
    category: str = ""
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    faq: tuple[tuple[str, str], ...] = ()
    tryon: dict[str, Any] | None = field(default=None, hash=False, compare=False)

    @property
    def sale_price(self) -> float:
        """The price a viewer pays now: the promo price when there is one."""
        return self.promo_price if self.promo_price is not None else self.price

    def display_name(self, lang: str = "zh") -> str:
        if lang.startswith("zh"):
            return self.name_zh or self.name_en
        return self.name_en or self.name_zh


def _product_from_dict(raw: dict[str, Any], base: Path, where: str) -> ProductInfo:
    try:
        sku = str(raw["sku"]).strip()
        price = float(raw["price"])
    except (KeyError, TypeError, ValueError) as exc:
        raise CatalogError(f"{where}: needs a 'sku' and a numeric 'price' ({exc})") from exc
    if not sku:
        raise CatalogError(f"{where}: empty 'sku'")
    promo = raw.get("promo_price")
    image = raw.get("image")
    return ProductInfo(
        sku=sku,
        name_zh=str(raw.get("name_zh", "")),
        name_en=str(raw.get("name_en", "")),
        price=price,
        promo_price=float(promo) if promo is not None else None,
        stock=int(raw.get("stock", 0)),
        image=(base / image) if image else None,
        category=str(raw.get("category", "")),
        aliases=tuple(str(a) for a in raw.get("aliases", ())),
        keywords=tuple(str(k) for k in raw.get("keywords", ())),
        faq=tuple((str(f["q"]), str(f["a"])) for f in raw.get("faq", ())),
        tryon=raw.get("tryon"),
    )


def load_catalog_json(path: Path) -> list[ProductInfo]:
    """Read a JSON list of products; relative image paths resolve against the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogError(f"cannot read catalog {path}: {exc}") from exc
    if not isinstance(data, list):
        raise CatalogError(f"{path}: expected a JSON list of products")
    products = [
        _product_from_dict(raw, path.parent, f"{path.name} item {i + 1}")
        for i, raw in enumerate(data)
    ]
    skus = [p.sku for p in products]
    dupes = sorted({s for s in skus if skus.count(s) > 1})
    if dupes:
        raise CatalogError(f"{path}: duplicate SKU(s): {', '.join(dupes)}")
    return products
