"""Catalog import and export as CSV or XLSX, with row-level validation.

Operators export catalogs from Chinese e-commerce back offices, which often write GBK
CSV and Chinese column headers; both are accepted. Every row is validated and every
problem reported with its row number, column and reason. By default nothing is imported
when any row is invalid, so a catalog is never half-updated by accident; the caller may
choose to import only the valid rows instead. Re-importing updates products by SKU.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.commerce.catalog import ProductInfo
from app.commerce.editing import split_list
from app.store.models import Product

#: Canonical column -> accepted header spellings (compared case-insensitively, trimmed).
HEADERS: dict[str, tuple[str, ...]] = {
    "sku": ("sku", "商品编码", "商品编号", "货号", "商品id", "product id"),
    "name_zh": ("name_zh", "商品名称", "中文名", "名称", "商品标题"),
    "name_en": ("name_en", "英文名", "英文名称", "name", "title"),
    "category": ("category", "类目", "分类"),
    "price": ("price", "价格", "售价", "原价", "日常价"),
    "promo_price": ("promo_price", "活动价", "直播价", "促销价", "到手价"),
    "stock": ("stock", "库存", "库存数量"),
    "aliases": ("aliases", "别名"),
    "keywords": ("keywords", "关键词"),
    "image": ("image", "图片", "主图", "image path"),
    "faq": ("faq", "常见问题"),
    "tryon": ("tryon", "试戴", "try-on"),
}
EXPORT_COLUMNS = list(HEADERS)
FAQ_SEPARATOR = "||"
MAX_ROWS = 200_000
#: The product table's text lengths: SQLite ignores them, PostgreSQL refuses longer values.
_COLUMN_LIMITS = {
    c: Product.__table__.c[c].type.length for c in ("name_zh", "name_en", "category", "image")
}
MAX_ERRORS_SHOWN = 50


class ImportFileError(ValueError):
    """The whole file cannot be read (encoding, format, missing columns)."""


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # 1-based line/row number as a spreadsheet shows it (header = 1)
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column '{self.column}'" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    products: list[ProductInfo] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0

    @property
    def invalid_rows(self) -> int:
        return len({e.row for e in self.errors})

    def summary(self, limit: int = MAX_ERRORS_SHOWN) -> str:
        lines = [f"{self.rows} rows read, {len(self.products)} valid, {self.invalid_rows} invalid"]
        lines += [f"  {e}" for e in self.errors[:limit]]
        if len(self.errors) > limit:
            lines.append(f"  … and {len(self.errors) - limit} more problems")
        return "\n".join(lines)


# -- reading ---------------------------------------------------------------------------
def decode_text(data: bytes, name: str = "file") -> str:
    """UTF-8 (with or without BOM) or GBK/GB18030, as Chinese tools write them."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break  # binary or UTF-16: not a CSV we can read
        return text
    raise ImportFileError(
        f"{name}: cannot read the text: it is neither UTF-8 nor GBK (save it as CSV UTF-8)"
    )


def _rows_from_csv(path: Path) -> Iterator[list[str]]:
    text = decode_text(path.read_bytes(), path.name)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        yield from csv.reader(io.StringIO(text), dialect)
    except csv.Error as exc:
        raise ImportFileError(f"{path.name}: not a valid CSV file ({exc})") from exc


def _rows_from_xlsx(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise ImportFileError(f"{path.name}: not a readable XLSX workbook ({exc})") from exc
    try:
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            yield ["" if v is None else _cell_text(v) for v in values]
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_rows(path: Path) -> Iterator[list[str]]:
    """Rows of a CSV or XLSX file as lists of strings (first row: the header)."""
    if not path.is_file():
        raise ImportFileError(f"file not found: {path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _rows_from_xlsx(path)
    if suffix in (".csv", ".txt", ".tsv"):
        return _rows_from_csv(path)
    raise ImportFileError(f"{path.name}: unsupported file type (use .csv or .xlsx)")


def _map_header(header: list[str], name: str) -> dict[str, int]:
    lookup = {alias.casefold(): col for col, aliases in HEADERS.items() for alias in aliases}
    mapping: dict[str, int] = {}
    for index, title in enumerate(header):
        column = lookup.get(title.strip().casefold())
        if column is not None and column not in mapping:
            mapping[column] = index
    missing = [c for c in ("sku", "price") if c not in mapping]
    if missing:
        raise ImportFileError(
            f"{name}: missing column(s) {', '.join(missing)} "
            f"(found: {', '.join(h for h in header if h) or 'nothing'})"
        )
    if "name_zh" not in mapping and "name_en" not in mapping:
        raise ImportFileError(f"{name}: needs a name column (name_zh / 商品名称 or name_en)")
    return mapping


# -- validating ------------------------------------------------------------------------
class _RowParser:
    """Turns one row into a ProductInfo, collecting every problem rather than the first."""

    def __init__(self, row: int, values: dict[str, str], base: Path) -> None:
        self.row, self.values, self.base = row, values, base
        self.errors: list[RowError] = []

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.row, column, message))

    def text(self, column: str) -> str:
        return self.values.get(column, "").strip()

    def number(self, column: str, *, required: bool) -> float | None:
        raw = self.text(column).replace("¥", "").replace("￥", "").replace(",", "")
        if not raw:
            if required:
                self.fail(column, "is empty")
            return None
        try:
            value = float(raw)
        except ValueError:
            self.fail(column, f"'{self.text(column)}' is not a number")
            return None
        if not math.isfinite(value) or value < 0:
            self.fail(column, f"{raw} is not a valid amount")
            return None
        return round(value, 2)

    def whole(self, column: str) -> int:
        raw = self.text(column)
        if not raw:
            return 0
        try:
            value = float(raw)
        except ValueError:
            self.fail(column, f"'{raw}' is not a whole number")
            return 0
        if value < 0 or not value.is_integer():
            self.fail(column, f"{raw} must be a whole number ≥ 0")
            return 0
        return int(value)

    def items(self, column: str) -> tuple[str, ...]:
        return split_list(self.text(column))

    def faq(self) -> tuple[tuple[str, str], ...]:
        pairs = []
        for entry in self.text("faq").split(FAQ_SEPARATOR):
            if not entry.strip():
                continue
            question, sep, answer = entry.partition("::")
            if not sep or not question.strip() or not answer.strip():
                self.fail("faq", f"'{entry.strip()}' is not 'question::answer'")
                continue
            pairs.append((question.strip(), answer.strip()))
        return tuple(pairs)

    def tryon(self) -> dict[str, Any] | None:
        raw = self.text("tryon")
        if not raw:
            return None
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            self.fail("tryon", "is not valid JSON")
            return None
        if not isinstance(value, dict) or "kind" not in value:
            self.fail("tryon", 'must be a JSON object with a "kind"')
            return None
        return value

    def image(self) -> Path | None:
        raw = self.text("image")
        if not raw:
            return None
        path = Path(raw)
        return path if path.is_absolute() else self.base / path

    def product(self) -> ProductInfo | None:
        sku = self.text("sku")
        if not sku:
            self.fail("sku", "is empty")
        elif len(sku) > 64:
            self.fail("sku", "is longer than 64 characters")
        name_zh, name_en = self.text("name_zh"), self.text("name_en")
        if not name_zh and not name_en:
            self.fail("name_zh", "the product needs a Chinese or English name")
        for column in ("name_zh", "name_en", "category"):  # PostgreSQL enforces the lengths
            limit = _COLUMN_LIMITS[column]
            if len(self.text(column)) > limit:
                self.fail(column, f"is longer than {limit} characters")
        image = self.image()
        if image is not None and len(str(image)) > _COLUMN_LIMITS["image"]:
            self.fail("image", f"the path is longer than {_COLUMN_LIMITS['image']} characters")
        price = self.number("price", required=True)
        promo = self.number("promo_price", required=False)
        if price is not None and promo is not None and promo > price:
            self.fail("promo_price", f"{promo} is higher than the price {price}")
        info = ProductInfo(
            sku=sku,
            name_zh=name_zh,
            name_en=name_en,
            price=price or 0.0,
            promo_price=promo,
            stock=self.whole("stock"),
            image=image,
            category=self.text("category"),
            aliases=self.items("aliases"),
            keywords=self.items("keywords"),
            faq=self.faq(),
            tryon=self.tryon(),
        )
        return None if self.errors else info


def parse_catalog(path: Path) -> ImportReport:
    """Read and validate every row of a catalog file (nothing is stored)."""
    rows = read_rows(path)
    header = next(rows, None)
    if header is None:
        raise ImportFileError(f"{path.name}: the file is empty")
    mapping = _map_header(header, path.name)
    report, seen = ImportReport(), {}
    for number, values in enumerate(rows, start=2):
        if not any(v.strip() for v in values):
            continue
        report.rows += 1
        if report.rows > MAX_ROWS:
            raise ImportFileError(f"{path.name}: more than {MAX_ROWS} rows; split the file")
        parser = _RowParser(number, _pick(values, mapping), path.parent)
        product = parser.product()
        report.errors += parser.errors
        if product is None:
            continue
        if product.sku in seen:
            report.errors.append(
                RowError(number, "sku", f"'{product.sku}' repeats row {seen[product.sku]}")
            )
            continue
        seen[product.sku] = number
        report.products.append(product)
    return report


def _pick(values: list[str], mapping: dict[str, int]) -> dict[str, str]:
    return {col: values[i] if i < len(values) else "" for col, i in mapping.items()}


# -- writing ---------------------------------------------------------------------------
def _export_row(p: ProductInfo) -> list[str]:
    return [
        p.sku,
        p.name_zh,
        p.name_en,
        p.category,
        f"{p.price:.2f}",
        "" if p.promo_price is None else f"{p.promo_price:.2f}",
        str(p.stock),
        "|".join(p.aliases),
        "|".join(p.keywords),
        str(p.image) if p.image else "",
        FAQ_SEPARATOR.join(f"{q}::{a}" for q, a in p.faq),
        json.dumps(p.tryon, ensure_ascii=False) if p.tryon else "",
    ]


def write_catalog(path: Path, products: Iterable[ProductInfo]) -> int:
    """Write products as CSV (UTF-8 with BOM, which Excel opens correctly) or XLSX."""
    rows = [_export_row(p) for p in products]
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("products")
        sheet.append(EXPORT_COLUMNS)
        for row in rows:
            sheet.append(row)
        workbook.save(path)
    elif suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(EXPORT_COLUMNS)
            writer.writerows(rows)
    else:
        raise ImportFileError(f"{path.name}: unsupported file type (use .csv or .xlsx)")
    return len(rows)
