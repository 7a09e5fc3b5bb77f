"""The product editor's validation (Qt-free)."""

from __future__ import annotations

from pathlib import Path

from app.commerce.catalog import ProductInfo
from app.commerce.editing import ProductForm, product_from_form


def test_valid_form_becomes_a_product(tmp_path: Path) -> None:
    image = tmp_path / "a.png"
    image.write_bytes(b"png")
    form = ProductForm(
        sku="LIP-001",
        name_zh="丝绒口红",
        aliases="口红、丝绒口红 | lipstick",
        keywords="哑光；显白",
        price=99,
        promo_price=79,
        stock=5,
        image=str(image),
        faq="黄皮能用吗？ || 显白\n\n持久吗 || 6小时",
        tryon_kind="lipstick",
        tryon_color="#B0243A",
    )
    product, errors = product_from_form(form)
    assert errors == []
    assert product is not None
    assert product.aliases == ("口红", "丝绒口红", "lipstick")
    assert product.keywords == ("哑光", "显白")
    assert product.faq == (("黄皮能用吗？", "显白"), ("持久吗", "6小时"))
    assert product.tryon == {"kind": "lipstick", "color": "#B0243A"}
    assert product.promo_price == 79.0 and product.image == image


def test_every_problem_is_listed() -> None:
    form = ProductForm(
        sku="bad sku",
        price=10,
        promo_price=12,
        image="/no/such.png",
        faq="no separator",
        tryon_kind="glasses",
        tryon_color="red",
    )
    product, errors = product_from_form(form)
    assert product is None
    assert [e.split(":")[0] for e in errors] == [
        "SKU",
        "Name",
        "Promo price",
        "Image",
        "FAQ line 1",
        "Try-on colour",
        "Try-on image",
    ]


def test_round_trip_keeps_extra_tryon_keys() -> None:
    product = ProductInfo(
        "SUN-002",
        "墨镜",
        "",
        199.0,
        tryon={"kind": "glasses", "image": "tryon/glasses.png", "anchor": "eyes"},
        faq=(("防紫外线吗？", "UV400"),),
    )
    again, errors = product_from_form(ProductForm.from_product(product))
    assert errors == [] and again is not None
    assert again.tryon == product.tryon and again.faq == product.faq
