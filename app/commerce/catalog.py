"""Product catalog entries as plain data, and loading a catalog from a JSON file.

Image paths in a catalog (a product's image, a try-on profile's image) are the file's
own data, and a catalog may come from anyone: each must stay inside the catalog's
folder (or another folder the caller allows, such as the app's data folder) once
symlinks and ``..`` are resolved (:func:`contained_path`). Otherwise a catalog could
make the app open any file on the disk, or a network share on Windows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import UserError
from app.messages import QT_TRANSLATE_NOOP, Message

#: The one FAQ format, in the CSV/XLSX ``faq`` column and the product editor alike:
#: ``question::answer``, entries separated by ``||`` or new lines
#: ("包邮吗::包邮||能退吗::七天无理由"). The editor's old "question || answer" lines
#: are still read (:func:`parse_faq`), so nothing typed or exported before breaks.
FAQ_PAIR = "::"
FAQ_SEPARATOR = "||"


class CatalogError(UserError, ValueError):
    """A catalog file could not be read; the message says where and why."""


def parse_faq(text: str) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    """FAQ pairs from ``text`` in the FAQ format, and the entries that are not pairs.

    Each line holds one or more ``question::answer`` entries separated by ``||``; a line
    without ``::`` but with ``||`` is the editor's old "question || answer" form.
    """
    pairs: list[tuple[str, str]] = []
    bad: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if FAQ_PAIR in line:
            entries = line.split(FAQ_SEPARATOR)
        elif FAQ_SEPARATOR in line:  # the old editor form: one pair per line
            entries = [line.replace(FAQ_SEPARATOR, FAQ_PAIR, 1)]
        else:
            entries = [line]
        for entry in entries:
            if not entry.strip():
                continue
            question, sep, answer = entry.partition(FAQ_PAIR)
            if not sep or not question.strip() or not answer.strip():
                bad.append(entry.strip())
                continue
            pairs.append((question.strip(), answer.strip()))
    return tuple(pairs), bad


def format_faq(faq: Sequence[tuple[str, str]], separator: str = FAQ_SEPARATOR) -> str:
    """``faq`` in the FAQ format: one cell (``||``) or one entry a line (``"\n"``)."""
    return separator.join(f"{q}{FAQ_PAIR}{a}" for q, a in faq)


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


def contained_path(raw: str, base: Path, roots: Sequence[Path]) -> Path:
    """``raw`` (absolute, or relative to ``base``) with symlinks and ``..`` resolved, if
    it lies inside one of ``roots``; else :class:`CatalogError` saying so."""
    try:
        path = (base / raw).resolve()
        allowed = [root.resolve() for root in roots]
    except (OSError, RuntimeError, ValueError) as exc:  # symlink loop, NUL, bad name
        raise CatalogError(
            Message(
                QT_TRANSLATE_NOOP("Messages", "'{path}' is not a usable path ({error})"),
                {"path": raw, "error": str(exc)},
            )
        ) from exc
    if any(path.is_relative_to(root) for root in allowed):
        return path
    where = " | ".join(str(root) for root in allowed)
    raise CatalogError(
        Message(
            QT_TRANSLATE_NOOP(
                "Messages", "'{path}' is outside {folder}; copy the file into it and use that path"
            ),
            {"path": raw, "folder": where},
        )
    )


def tryon_image_base(image: Path | None, folder: Path) -> Path:
    """Where a relative try-on image is looked up: beside the product images' folder, as
    the vision try-on layer does (``images/x.png`` -> ``tryon/y.png``)."""
    return image.parent.parent if image is not None else folder


def check_tryon_image(tryon: Any, image: Path | None, folder: Path, roots: Sequence[Path]) -> None:
    """Raise :class:`CatalogError` when the try-on image would be read from outside
    ``roots`` (see :func:`contained_path`)."""
    name = tryon.get("image") if isinstance(tryon, dict) else None
    if name:
        contained_path(str(name), tryon_image_base(image, folder), roots)


def _product_from_dict(raw: dict[str, Any], base: Path, where: str) -> ProductInfo:
    try:
        sku = str(raw["sku"]).strip()
        price = float(raw["price"])
    except (KeyError, TypeError, ValueError) as exc:
        raise CatalogError(f"{where}: needs a 'sku' and a numeric 'price' ({exc})") from exc
    if not sku:
        raise CatalogError(f"{where}: empty 'sku'")
    promo = raw.get("promo_price")
    image = (base / str(raw["image"])) if raw.get("image") else None
    try:
        if image is not None:
            contained_path(str(raw["image"]), base, (base,))
        check_tryon_image(raw.get("tryon"), image, base, (base,))
    except CatalogError as exc:
        raise CatalogError(f"{where}: image {exc}") from None
    return ProductInfo(
        sku=sku,
        name_zh=str(raw.get("name_zh", "")),
        name_en=str(raw.get("name_en", "")),
        price=price,
        promo_price=float(promo) if promo is not None else None,
        stock=int(raw.get("stock", 0)),
        image=image,
        category=str(raw.get("category", "")),
        aliases=tuple(str(a) for a in raw.get("aliases", ())),
        keywords=tuple(str(k) for k in raw.get("keywords", ())),
        faq=tuple((str(f["q"]), str(f["a"])) for f in raw.get("faq", ())),
        tryon=raw.get("tryon"),
    )


def load_catalog_json(path: Path) -> list[ProductInfo]:
    """Read a JSON list of products; relative image paths resolve against the file's
    folder, and every image must stay inside it (module doc)."""
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
