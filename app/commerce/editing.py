"""Validating a product typed into the editor dialog (Qt-free, so it is tested directly).

The dialog collects plain strings and numbers; :func:`product_from_form` turns them into a
:class:`ProductInfo` or a list of messages that say which field is wrong and how to fix it.
Lists (aliases, keywords) accept the separators Chinese and English users type (the CSV
import splits its list columns with the same :func:`split_list`); the FAQ is in the catalog's one
format, "question::answer" a line (:func:`app.commerce.catalog.parse_faq`, which also reads
the old "question || answer" lines). Problems are :class:`app.messages.Message` objects, so
the dialog shows them in the interface language; ``str()`` is the English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.commerce.catalog import ProductInfo, format_faq, parse_faq
from app.messages import QT_TRANSLATE_NOOP, Message

TRYON_KINDS = ("", "lipstick", "glasses", "earrings", "hat", "necklace", "other")
_SPLIT = re.compile(r"[|,;，；、\n]+")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_SKU = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass
class ProductForm:
    """What the editor's fields hold."""

    sku: str = ""
    name_zh: str = ""
    name_en: str = ""
    category: str = ""
    aliases: str = ""
    keywords: str = ""
    price: float = 0.0
    promo_price: float | None = None
    stock: int = 0
    image: str = ""
    faq: str = ""
    tryon_kind: str = ""
    tryon_color: str = ""
    tryon_image: str = ""
    extra_tryon: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_product(cls, p: ProductInfo) -> ProductForm:
        tryon = dict(p.tryon or {})
        return cls(
            sku=p.sku,
            name_zh=p.name_zh,
            name_en=p.name_en,
            category=p.category,
            aliases=" | ".join(p.aliases),
            keywords=" | ".join(p.keywords),
            price=p.price,
            promo_price=p.promo_price,
            stock=p.stock,
            image=str(p.image) if p.image else "",
            faq=format_faq(p.faq, "\n"),
            tryon_kind=str(tryon.pop("kind", "")),
            tryon_color=str(tryon.pop("color", "")),
            tryon_image=str(tryon.pop("image", "")),
            extra_tryon=tryon,
        )


def split_list(text: str) -> tuple[str, ...]:
    """Items separated by | , ; ， ； 、 or new lines, trimmed, repeats removed."""
    return tuple(dict.fromkeys(t.strip() for t in _SPLIT.split(text) if t.strip()))


def _m(template: str, **values: object) -> Message:
    return Message(template, values)


def product_from_form(form: ProductForm) -> tuple[ProductInfo | None, list[Message]]:
    """The product, or None and every problem found (all at once, not one per try)."""
    errors: list[Message] = []
    sku = form.sku.strip()
    if not _SKU.match(sku):
        errors.append(
            _m(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "SKU: 1–64 letters, digits, '.', '_' or '-' (no spaces), e.g. LIP-001",
                )
            )
        )
    if not (form.name_zh.strip() or form.name_en.strip()):
        errors.append(_m(QT_TRANSLATE_NOOP("Messages", "Name: enter a Chinese or an English name")))
    if form.price <= 0:
        errors.append(_m(QT_TRANSLATE_NOOP("Messages", "Price: must be above zero")))
    promo = form.promo_price if form.promo_price else None
    if promo is not None and promo >= form.price > 0:
        errors.append(
            _m(
                QT_TRANSLATE_NOOP(
                    "Messages", "Promo price: must be below the price (or leave it empty)"
                )
            )
        )
    if form.stock < 0:
        errors.append(_m(QT_TRANSLATE_NOOP("Messages", "Stock: cannot be negative")))
    if form.image.strip() and not Path(form.image.strip()).is_file():
        errors.append(
            _m(
                QT_TRANSLATE_NOOP("Messages", "Image: file not found: {path}"),
                path=form.image.strip(),
            )
        )
    faq, bad = parse_faq(form.faq)
    for entry in bad:
        errors.append(
            _m(
                QT_TRANSLATE_NOOP(
                    "Messages", "FAQ: write “{entry}” as question::answer, one a line"
                ),
                entry=entry,
            )
        )
    tryon = _tryon(form, errors)
    if errors:
        return None, errors
    product = ProductInfo(
        sku=sku,
        name_zh=form.name_zh.strip(),
        name_en=form.name_en.strip(),
        price=round(float(form.price), 2),
        promo_price=round(float(promo), 2) if promo is not None else None,
        stock=int(form.stock),
        image=Path(form.image.strip()) if form.image.strip() else None,
        category=form.category.strip(),
        aliases=split_list(form.aliases),
        keywords=split_list(form.keywords),
        faq=faq,
        tryon=tryon,
    )
    return product, []


def _tryon(form: ProductForm, errors: list[Message]) -> dict[str, Any] | None:
    kind = form.tryon_kind.strip()
    if not kind:
        return None
    if kind not in TRYON_KINDS:
        errors.append(
            _m(
                QT_TRANSLATE_NOOP("Messages", "Try-on: unknown kind {kind!r} (use {kinds})"),
                kind=kind,
                kinds=", ".join(TRYON_KINDS[1:]),
            )
        )
    tryon: dict[str, Any] = {**form.extra_tryon, "kind": kind}
    colour = form.tryon_color.strip()
    if colour:
        if not _COLOUR.match(colour):
            errors.append(
                _m(QT_TRANSLATE_NOOP("Messages", "Try-on colour: use #RRGGBB, e.g. #B0243A"))
            )
        tryon["color"] = colour
    elif kind == "lipstick":
        errors.append(
            _m(QT_TRANSLATE_NOOP("Messages", "Try-on colour: a lipstick needs a colour (#RRGGBB)"))
        )
    image = form.tryon_image.strip()
    if image:
        tryon["image"] = image
    elif kind in ("glasses", "earrings", "hat", "necklace"):
        errors.append(
            _m(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "Try-on image: glasses, earrings, hats and necklaces need a transparent PNG",
                )
            )
        )
    return tryon
