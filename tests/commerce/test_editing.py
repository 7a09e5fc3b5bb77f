"""The product editor's validation (Qt-free)."""

from __future__ import annotations

from pathlib import Path

from app.commerce.catalog import ProductInfo, format_faq, parse_faq
from app.commerce.editing import ProductForm, product_from_form
from app.commerce.tabular import parse_catalog
from app.messages import Message


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
    assert [str(e).split(":")[0] for e in errors] == [
        "SKU",
        "Name",
        "Promo price",
        "Image",
        "FAQ",
        "Try-on colour",
        "Try-on image",
    ]
    assert "“no separator” as question::answer" in str(errors[4])
    assert all(isinstance(e, Message) for e in errors)  # the dialog shows them translated


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


def test_one_faq_format_in_the_editor_and_the_csv(tmp_path: Path) -> None:
    """The editor shows "question::answer" a line, the CSV cell joins them with "||": one
    format, and text in the editor's old "question || answer" lines still reads."""
    faq = (("包邮吗", "全国包邮"), ("能退吗", "七天无理由"))
    assert format_faq(faq) == "包邮吗::全国包邮||能退吗::七天无理由"  # the CSV cell
    editor = ProductForm.from_product(ProductInfo("A-1", "帽子", "", 10.0, faq=faq)).faq
    assert editor == "包邮吗::全国包邮\n能退吗::七天无理由"
    for text in (
        editor,  # the editor's lines
        format_faq(faq),  # a CSV cell pasted into the editor
        "包邮吗 || 全国包邮\n能退吗 || 七天无理由",  # the editor's old form
        "包邮吗::全国包邮||\n能退吗 :: 七天无理由",
    ):
        assert parse_faq(text) == (faq, []), text
        product, errors = product_from_form(
            ProductForm(sku="A-1", name_zh="帽子", price=10, faq=text)
        )
        assert errors == [] and product is not None and product.faq == faq
    assert parse_faq("只有问题\n好::") == ((), ["只有问题", "好::"])
    # The CSV reads what the editor writes, and the old editor form, in its faq column.
    catalog = tmp_path / "c.csv"
    catalog.write_text(
        "sku,name_zh,price,faq\n"
        f'A-1,帽子,10,"{editor}"\n'
        "B-2,包,20,包邮吗 || 全国包邮\n"
        "C-3,杯,30,包邮吗::全国包邮||能退吗::七天无理由\n",
        encoding="utf-8",
    )
    report = parse_catalog(catalog, data_dir=tmp_path)
    assert report.errors == []
    assert [p.faq for p in report.products] == [faq, faq[:1], faq]
