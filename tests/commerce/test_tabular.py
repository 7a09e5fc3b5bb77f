"""Catalog import/export: validation report, GBK files, XLSX, upsert by SKU, CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from app.cli import main
from app.commerce.repository import load_products, upsert_products
from app.commerce.tabular import (
    LIMITS,
    ImportFileError,
    ImportLimits,
    decode_text,
    parse_catalog,
    write_catalog,
)

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
        (b"\x00\x01\x02\xff\xfe binary", r"cannot tell which text encoding.*CSV UTF-8 \(or GBK\)"),
        (b"name,stock\nx,1\n", r"missing column\(s\) sku, price"),
        (b"", "the file is empty"),
    ],
)
def test_unreadable_files_get_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        parse_catalog(path)


def test_decode_detects_and_refuses_to_guess() -> None:
    assert decode_text("口红".encode("utf-8-sig")) == "口红"  # the BOM decides
    assert decode_text("sku,name\nA,口红\n".encode()) == "sku,name\nA,口红\n"
    # Four bytes of GBK read as Big5, EUC-KR and EUC-JP just as well: a guess, refused.
    with pytest.raises(ImportFileError, match=r"^x\.csv: cannot tell .*save it as CSV UTF-8"):
        decode_text("口红".encode("gbk"), "x.csv")


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
    """Images beside the export are written as relative paths and found again on import;
    images elsewhere (here: in the app's resources) are refused on import, row by row."""
    import dataclasses
    import shutil

    from app.commerce.catalog import load_catalog_json
    from app.paths import DEMO_BUNDLE

    products = load_catalog_json(DEMO_BUNDLE / "products.json")
    out = tmp_path / "demo.xlsx"
    write_catalog(out, products)
    refused = parse_catalog(out)
    assert refused.products == [p for p in products if p.image is None]
    assert {e.column for e in refused.errors} == {"image"}
    assert "is outside" in str(refused.errors[0].message)

    for part in ("images", "tryon"):
        shutil.copytree(DEMO_BUNDLE / part, tmp_path / part)
    moved = [
        dataclasses.replace(p, image=tmp_path / "images" / p.image.name) if p.image else p
        for p in products
    ]
    write_catalog(out, moved)
    back = parse_catalog(out)
    assert back.errors == []
    assert [p.sku for p in back.products] == [p.sku for p in products]
    assert [p.image for p in back.products] == [p.image and p.image.resolve() for p in moved]
    assert json.dumps(back.products[1].tryon) == json.dumps(products[1].tryon)


# -- encodings ---------------------------------------------------------------------------
TW_NAMES = [
    "絲絨霧面口紅",
    "保濕精華液",
    "輕薄防曬乳",
    "真絲睡衣套裝",
    "純棉短袖襯衫",
    "無線藍牙耳機",
]
JP_NAMES = [
    "ベルベットマット口紅",
    "保湿美容液",
    "日焼け止めミルク",
    "シルクパジャマ",
    "綿のシャツ",
]


@pytest.mark.parametrize(
    ("encoding", "header", "names"),
    [
        ("big5", ["商品編號", "商品名稱", "售價", "直播價", "庫存", "別名"], TW_NAMES),
        ("shift_jis", ["商品コード", "商品名", "価格", "セール価格", "在庫", "別名"], JP_NAMES),
        (
            "gbk",
            ["商品编码", "商品名称", "售价", "直播价", "库存", "别名"],
            ["丝绒口红", "保湿精华液"],
        ),
    ],
)
@pytest.mark.parametrize("rows", [1, 40])
def test_big5_shift_jis_and_gbk_catalogs_import_as_written(
    tmp_path: Path, encoding: str, header: list[str], names: list[str], rows: int
) -> None:
    written = [
        [f"X-{i}", names[i % len(names)], "199", "149", "20", names[-1]] for i in range(rows)
    ]
    path = _write_csv(tmp_path / f"{encoding}.csv", [header, *written], encoding=encoding)
    report = parse_catalog(path)
    assert report.errors == []
    assert [(p.sku, p.name_zh, p.price, p.promo_price) for p in report.products] == [
        (r[0], r[1], 199.0, 149.0) for r in written
    ]
    assert report.products[0].aliases == (names[-1],)


def test_utf16_with_bom_as_excel_unicode_text(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    path.write_bytes("sku\t商品名称\t售价\r\nA1\t丝绒口红\t99\r\n".encode("utf-16"))
    (product,) = parse_catalog(path).products
    assert (product.sku, product.name_zh, product.price) == ("A1", "丝绒口红", 99.0)


def test_a_later_row_in_another_encoding_stops_the_import_at_that_row(tmp_path: Path) -> None:
    """The encoding is detected on the head only (64 KB): a GBK row after 3000 ASCII rows
    is an error naming its row, never mojibake."""
    path = tmp_path / "mixed.csv"
    rows = [f"SKU-{i:05d},Product {i},10.90\r\n" for i in range(3000)]
    assert sum(map(len, rows)) > 64 * 1024
    path.write_bytes(
        b"sku,name_en,price\r\n"
        + "".join(rows).encode("ascii")
        + "GBK-1,丝绒口红,99\r\n".encode("gbk")
    )
    with pytest.raises(ImportFileError) as caught:
        parse_catalog(path)
    message = str(caught.value)
    assert message.startswith("mixed.csv: row 3002 is not UTF-8 text")
    assert "save the file as CSV UTF-8 (or GBK)" in message and "\n" not in message


# -- limits ------------------------------------------------------------------------------
def _peak_bytes(work) -> int:
    """Peak Python memory of ``work()``, the libraries it imports already loaded."""
    import tracemalloc

    import charset_normalizer  # noqa: F401
    import openpyxl  # noqa: F401

    tracemalloc.start()
    try:
        work()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def _raises(exc: type[Exception], match: str, call):
    def work() -> None:
        with pytest.raises(exc, match=match):
            call()

    return work


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    block = "".join(f"SKU-{i:07d},商品{i},Product {i},19.90\r\n" for i in range(20_000))
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("sku,name_zh,name_en,price\r\n")
        while fh.tell() < 60 * 1024 * 1024:
            fh.write(block)
    size = path.stat().st_size
    assert LIMITS.max_bytes == 50 * 1024 * 1024 and size > LIMITS.max_bytes
    peak = _peak_bytes(
        _raises(
            ImportFileError,
            r"huge\.csv: \d+ MB is more than the 50 MB",
            lambda: parse_catalog(path),
        )
    )
    assert peak < 1024 * 1024 < size


def test_a_file_over_the_row_limit_is_refused_while_streaming(tmp_path: Path) -> None:
    """Real limit 100,000 rows; lowered here so the test stays fast: 500,000 rows
    (~21 MB) are refused at row 1,001 holding about 1 MB, not the file."""
    path = tmp_path / "many.csv"
    block = "".join(f"SKU-{i:07d},商品{i},Product {i},19.90\r\n" for i in range(10_000))
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("sku,name_zh,name_en,price\r\n")
        for _ in range(50):
            fh.write(block)
    size = path.stat().st_size
    assert LIMITS.max_rows == 100_000
    limits = ImportLimits(max_rows=1_000)
    peak = _peak_bytes(
        _raises(
            ImportFileError,
            "many.csv: more than 1,000 rows; split the file",
            lambda: parse_catalog(path, limits=limits),
        )
    )
    assert peak < 2 * 1024 * 1024 < size / 10


def test_xlsx_is_streamed_with_the_same_row_limit(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("products")
    sheet.append(["sku", "name_zh", "price"])
    for i in range(2_500):
        sheet.append([f"SKU-{i}", f"商品{i}", 19.9])
    path = tmp_path / "many.xlsx"
    book.save(path)
    assert len(parse_catalog(path, limits=ImportLimits(max_rows=2_500)).products) == 2_500
    peak = _peak_bytes(
        _raises(
            ImportFileError,
            "more than 1,000 rows",
            lambda: parse_catalog(path, limits=ImportLimits(max_rows=1_000)),
        )
    )
    assert peak < 2 * 1024 * 1024


def test_xlsx_whose_shared_strings_unpack_too_large_is_refused(tmp_path: Path) -> None:
    """openpyxl reads the shared strings whole even in read-only mode: a small file whose
    table unpacks to gigabytes (a zip bomb) is refused before openpyxl opens it."""
    import zipfile

    from openpyxl import Workbook

    path = tmp_path / "bomb.xlsx"
    book = Workbook()
    book.active.append(["sku", "name_zh", "price"])
    book.save(path)
    table = b"<sst>" + b"<si><t>" + b"A" * 4_000_000 + b"</t></si></sst>"
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", table)
    limits = ImportLimits(max_bytes=1024 * 1024)
    assert path.stat().st_size < limits.max_bytes
    with pytest.raises(ImportFileError, match=r"bomb\.xlsx: its text unpacks to 4 MB.* split it"):
        parse_catalog(path, limits=limits)


# -- formulas ----------------------------------------------------------------------------
FORMULAS = ['=HYPERLINK("http://x","click")', "@SUM(1+1)", "+1", "-2+3", "\t=1+1"]


def _formula_products() -> list:
    from app.commerce.catalog import ProductInfo

    return [
        ProductInfo(sku=f"=A{i}", name_zh=text, name_en=FORMULAS[-1 - i], price=9.9, stock=3)
        for i, text in enumerate(FORMULAS)
    ]


def test_catalog_csv_export_quotes_formulas_and_import_restores_them(tmp_path: Path) -> None:
    products = _formula_products()
    out = tmp_path / "formulas.csv"
    write_catalog(out, products)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert [r[:2] for r in rows[1:3]] == [["'=A0", "'" + FORMULAS[0]], ["'=A1", "'@SUM(1+1)"]]
    assert rows[1][4:7] == ["9.90", "", "3"]
    back = parse_catalog(out).products
    expected = [(p.sku, p.name_zh) for p in products][:4]
    # the tab is trimmed like any white space around a cell
    assert [(p.sku, p.name_zh) for p in back] == [*expected, ("=A4", "=1+1")]


def test_catalog_xlsx_export_writes_formulas_as_strings_and_prices_as_numbers(
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    products = _formula_products()
    out = tmp_path / "formulas.xlsx"
    write_catalog(out, products)
    sheet = load_workbook(out)["products"]
    for row in sheet.iter_rows(min_row=2):
        sku, name, price, stock = row[0], row[1], row[4], row[6]
        assert sku.data_type == name.data_type == "s" and sku.quotePrefix and name.quotePrefix
        assert (price.value, price.data_type, stock.value, stock.data_type) == (9.9, "n", 3, "n")
    assert not [c for r in sheet.iter_rows() for c in r if c.data_type == "f"]
    assert [(p.sku, p.name_zh) for p in parse_catalog(out).products][:4] == [
        (p.sku, p.name_zh) for p in products
    ][:4]


# -- image paths -------------------------------------------------------------------------
def test_image_paths_must_stay_in_the_catalog_or_data_folder(tmp_path: Path) -> None:
    folder, data, elsewhere = tmp_path / "catalog", tmp_path / "data", tmp_path / "elsewhere"
    for d in (folder / "images", data / "images", elsewhere):
        d.mkdir(parents=True)
    (folder / "images" / "a.png").write_bytes(b"png")
    (data / "images" / "b.png").write_bytes(b"png")
    (elsewhere / "secret.png").write_bytes(b"png")
    (folder / "images" / "link.png").symlink_to(elsewhere / "secret.png")
    (folder / "shared").symlink_to(elsewhere, target_is_directory=True)
    glasses = '{"kind": "glasses", "image": "../../elsewhere/secret.png"}'
    rows = [
        ["sku", "name_zh", "price", "image", "tryon"],
        ["OK-1", "口红", "10", "images/a.png", ""],
        ["OK-2", "墨镜", "10", str(data / "images" / "b.png"), ""],
        [
            "OK-3",
            "帽子",
            "10",
            "images/../images/a.png",
            '{"kind": "hat", "image": "images/a.png"}',
        ],
        ["UP-1", "耳环", "10", "../elsewhere/secret.png", ""],
        ["ABS-1", "手链", "10", str(elsewhere / "secret.png"), ""],
        ["ETC-1", "项链", "10", "/etc/passwd", ""],
        ["LINK-1", "戒指", "10", "images/link.png", ""],
        ["LINK-2", "发夹", "10", "shared/secret.png", ""],
        ["TRY-1", "眼镜", "10", "images/a.png", glasses],
    ]
    report = parse_catalog(_write_csv(folder / "catalog.csv", rows), data_dir=data)
    assert [p.sku for p in report.products] == ["OK-1", "OK-2", "OK-3"]
    assert report.products[0].image == (folder / "images" / "a.png").resolve()
    assert report.products[2].image == report.products[0].image  # ".." resolved
    assert [(e.row, e.column) for e in report.errors] == [
        (5, "image"), (6, "image"), (7, "image"), (8, "image"), (9, "image"), (10, "tryon"),
    ]  # fmt: skip
    first = str(report.errors[0])
    assert first.startswith("row 5, column 'image': '../elsewhere/secret.png' is outside ")
    assert str(folder.resolve()) in first and str(data.resolve()) in first


def test_json_catalog_images_must_stay_in_its_folder(tmp_path: Path) -> None:
    from app.commerce.catalog import CatalogError, load_catalog_json

    path = tmp_path / "bundle" / "products.json"
    path.parent.mkdir()
    item = {"sku": "A", "price": 1, "image": "images/a.png"}
    path.write_text(json.dumps([item]), encoding="utf-8")
    assert load_catalog_json(path)[0].image == path.parent / "images" / "a.png"
    for bad in ({**item, "image": "../a.png"},
                {**item, "tryon": {"kind": "hat", "image": "/etc/passwd"}}):  # fmt: skip
        path.write_text(json.dumps([item, bad]), encoding="utf-8")
        with pytest.raises(CatalogError, match=r"products\.json item 2: image '.*' is outside"):
            load_catalog_json(path)
