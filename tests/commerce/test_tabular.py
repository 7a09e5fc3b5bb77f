"""Catalog import/export: validation report, GBK files, XLSX, upsert by SKU, CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from app.cli import main
from app.commerce.repository import load_products, upsert_products
from app.commerce.tabular import ImportFileError, decode_text, parse_catalog, write_catalog

HEADER = ["sku", "name_zh", "name_en", "price", "promo_price", "stock", "aliases", "faq"]


def _write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _big_catalog(path: Path, broken: dict[int, list[str]]) -> Path:
    rows = [HEADER]
    for i in range(5000):
        rows.append(
            broken.get(i)
            or [
                f"SKU-{i:05d}",
                f"商品{i}",
                f"Product {i}",
                f"{10 + i % 90}.90",
                "",
                str(i % 300),
                f"别名{i}|alias{i}",
                "包邮吗::包邮||能退吗::七天无理由",
            ]
        )
    return _write_csv(path, rows)


BROKEN = {
    17: ["SKU-00017", "商品17", "", "abc", "", "5", "", ""],  # price not a number
    420: ["", "无编码", "", "9.9", "", "1", "", ""],  # empty sku
    999: ["SKU-00999", "", "", "19.9", "", "1", "", ""],  # no name
    1500: ["SKU-01500", "商品", "", "10", "12", "1", "", ""],  # promo above price
    2500: ["SKU-00001", "重复", "", "10", "", "1", "", ""],  # duplicate sku
    3000: ["SKU-03000", "商品", "", "10", "", "-4", "", "没有答案"],  # stock and faq
}


def test_5000_rows_with_broken_ones_give_a_readable_report(tmp_path: Path) -> None:
    report = parse_catalog(_big_catalog(tmp_path / "catalog.csv", BROKEN))
    assert report.rows == 5000
    assert len(report.products) == 5000 - len(BROKEN)
    assert report.invalid_rows == len(BROKEN)
    by_row = {(e.row, e.column) for e in report.errors}
    assert (19, "price") in by_row  # data row 17 is line 19 (header is line 1)
    assert (422, "sku") in by_row and (1001, "name_zh") in by_row
    assert (1502, "promo_price") in by_row and (2502, "sku") in by_row
    assert {(3002, "stock"), (3002, "faq")} <= by_row
    text = report.summary()
    assert "row 19, column 'price': 'abc' is not a number" in text
    assert "'SKU-00001' repeats row 3" in text
    first = report.products[0]
    assert first.aliases == ("别名0", "alias0")
    assert first.faq == (("包邮吗", "包邮"), ("能退吗", "七天无理由"))


def test_gbk_file_with_chinese_headers_is_read(tmp_path: Path) -> None:
    rows = [
        ["商品编码", "商品名称", "售价", "直播价", "库存", "别名"],
        ["A1", "丝绒口红", "￥129", "89", "500", "口红、唇膏"],
    ]
    report = parse_catalog(_write_csv(tmp_path / "gbk.csv", rows, encoding="gbk"))
    assert report.errors == []
    (product,) = report.products
    assert (product.sku, product.name_zh, product.price, product.promo_price) == (
        "A1",
        "丝绒口红",
        129.0,
        89.0,
    )
    assert product.aliases == ("口红", "唇膏")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02\xff\xfe binary", "neither UTF-8 nor GBK"),
        (b"name,stock\nx,1\n", r"missing column\(s\) sku, price"),
        (b"", "the file is empty"),
    ],
)
def test_unreadable_files_get_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        parse_catalog(path)


def test_decode_prefers_utf8_then_gbk() -> None:
    assert decode_text("口红".encode("utf-8-sig")) == "口红"
    assert decode_text("口红".encode("gbk")) == "口红"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_round_trips(tmp_path: Path, suffix: str) -> None:
    source = parse_catalog(_big_catalog(tmp_path / "in.csv", {})).products[:50]
    tryon = {"kind": "lipstick", "color": "#B0243A"}
    source[0] = type(source[0])(**{**_fields(source[0]), "tryon": tryon, "promo_price": 9.9})
    out = tmp_path / f"out{suffix}"
    assert write_catalog(out, source) == 50
    again = parse_catalog(out)
    assert again.errors == []
    assert [_fields(p) for p in again.products] == [_fields(p) for p in source]


def _fields(p) -> dict:
    return {k: getattr(p, k) for k in p.__dataclass_fields__}


def test_reimport_updates_by_sku(store, tmp_path: Path) -> None:
    first = parse_catalog(
        _write_csv(tmp_path / "a.csv", [HEADER, ["A", "旧", "", "10", "", "1", "", ""]])
    )
    assert upsert_products(store, first.products) == (1, 0)
    second = parse_catalog(
        _write_csv(
            tmp_path / "b.csv",
            [
                HEADER,
                ["A", "新", "", "12", "", "7", "", ""],
                ["B", "乙", "", "5", "", "2", "", ""],
            ],
        )
    )
    assert upsert_products(store, second.products) == (1, 1)
    assert [(p.sku, p.name_zh, p.price, p.stock) for p in load_products(store)] == [
        ("A", "新", 12.0, 7),
        ("B", "乙", 5.0, 2),
    ]


def test_cli_import_is_all_or_nothing_unless_skip_invalid(tmp_path: Path, capsys) -> None:
    path = _write_csv(
        tmp_path / "c.csv",
        [
            HEADER,
            ["A", "甲", "", "10", "", "1", "", ""],
            ["B", "乙", "", "oops", "", "1", "", ""],
        ],
    )
    assert main(["products", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "row 3, column 'price'" in err and "nothing imported" in err
    assert main(["products", "list"]) == 0
    assert "catalog is empty" in capsys.readouterr().out
    assert main(["products", "import", str(path), "--skip-invalid"]) == 0
    assert "1 new, 0 updated, 1 invalid row(s) skipped" in capsys.readouterr().out
    out = tmp_path / "export.csv"
    assert main(["products", "export", str(out)]) == 0
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:4] == ["sku", "name_zh", "name_en", "category"]
    assert rows[1][0] == "A" and len(rows) == 2


def test_cli_reports_a_missing_file(tmp_path: Path, capsys) -> None:
    assert main(["products", "import", str(tmp_path / "none.csv")]) == 1
    assert "file not found" in capsys.readouterr().err


def test_demo_catalog_exports(tmp_path: Path) -> None:
    from app.commerce.catalog import load_catalog_json
    from app.paths import DEMO_BUNDLE

    products = load_catalog_json(DEMO_BUNDLE / "products.json")
    out = tmp_path / "demo.xlsx"
    write_catalog(out, products)
    back = parse_catalog(out).products
    assert [p.sku for p in back] == [p.sku for p in products]
    assert json.dumps(back[0].tryon) == json.dumps(products[0].tryon)
