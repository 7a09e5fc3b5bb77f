"""Catalog import and export as CSV or XLSX, with row-level validation.

Operators export catalogs from Chinese e-commerce back offices, which often write GBK
CSV and Chinese column headers; both are accepted, and so are Big5 (Taiwan, Hong Kong)
and Shift-JIS files: the encoding is detected from the head of the file
(:func:`detect_encoding`) and the rest decoded as it streams, so a later row in another
encoding stops the import with its row number instead of turning into garbled text.
Every row is validated and every problem reported with its row number, column and
reason. By default nothing is imported when any row is invalid, so a catalog is never
half-updated by accident; the caller may choose to import only the valid rows instead.
Re-importing updates products by SKU.

Files are streamed, never read whole: a file above :data:`LIMITS` (50 MB, 100,000 rows)
is refused with a message, the size before anything is read. Image paths must stay in
the catalog's folder or the app's data folder (:func:`app.commerce.catalog.contained_path`).
Exports write formula-like texts as text (:mod:`app.cells`). The ``faq`` column holds the
one FAQ format (``问题::答案||问题::答案``, :func:`app.commerce.catalog.parse_faq`); the
product editor's old "问题 || 答案" form is read too. Problems are
:class:`app.messages.Message` objects, so the window shows them in the interface language.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import json
import math
import zipfile
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import String

from app.cells import csv_writer, unquote_cell, xlsx_row
from app.commerce.catalog import (
    CatalogError,
    ProductInfo,
    check_tryon_image,
    contained_path,
    format_faq,
    parse_faq,
)
from app.commerce.editing import split_list
from app.errors import UserError
from app.messages import QT_TRANSLATE_NOOP, Message
from app.store.models import Product

#: Canonical column -> accepted header spellings (compared case-insensitively, trimmed):
#: simplified Chinese, then traditional Chinese (Big5 catalogs) and Japanese.
HEADERS: dict[str, tuple[str, ...]] = {
    "sku": ("sku", "商品编码", "商品编号", "货号", "商品id", "product id",
            "商品編碼", "商品編號", "貨號", "商品コード", "商品番号"),
    "name_zh": ("name_zh", "商品名称", "中文名", "名称", "商品标题",
                "商品名稱", "名稱", "商品標題", "商品名"),
    "name_en": ("name_en", "英文名", "英文名称", "name", "title", "英文名稱"),
    "category": ("category", "类目", "分类", "類目", "分類", "カテゴリ"),
    "price": ("price", "价格", "售价", "原价", "日常价",
              "價格", "售價", "原價", "価格", "販売価格"),
    "promo_price": ("promo_price", "活动价", "直播价", "促销价", "到手价",
                    "活動價", "直播價", "促銷價", "セール価格"),
    "stock": ("stock", "库存", "库存数量", "庫存", "庫存數量", "在庫", "在庫数"),
    "aliases": ("aliases", "别名", "別名"),
    "keywords": ("keywords", "关键词", "關鍵詞", "キーワード"),
    "image": ("image", "图片", "主图", "image path", "圖片", "主圖", "画像"),
    "faq": ("faq", "常见问题", "常見問題", "よくある質問"),
    "tryon": ("tryon", "试戴", "try-on", "試戴"),
}  # fmt: skip
EXPORT_COLUMNS = list(HEADERS)


@dataclass(frozen=True, slots=True)
class ImportLimits:
    """How large a catalog file may be. A full back-office export of a shop is a few
    thousand rows and a few MB; the limits keep a wrong file from taking the memory."""

    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 100_000  # data rows, blank ones included (the header not counted)


LIMITS = ImportLimits()
MAX_ROWS = LIMITS.max_rows
#: How much of a CSV file's head the encoding is detected from.
SAMPLE_BYTES = 64 * 1024
#: The encodings catalog files come in: what Chinese, Japanese, Korean and Western
#: back offices and Excel write (detection only chooses among these).
CANDIDATE_ENCODINGS = ("utf_8", "gb18030", "big5", "cp950", "big5hkscs", "cp932", "shift_jis",
                       "euc_jp", "cp949", "euc_kr", "cp1252")  # fmt: skip
#: A second reading of the sample this close in "chaos" to the best one makes it a guess.
AMBIGUOUS_CHAOS = 0.1
#: Fewer non-ASCII bytes than this (about 20 Chinese characters) are too little text to
#: tell GBK from Big5 or Shift-JIS. Measured on 4,800 generated GBK, Big5 and Shift-JIS
#: catalogs of 1-50 rows: a margin of 0.02-0.05 let some short files through as another
#: encoding (one in a thousand even at 0.1); with both rules none was, and only files of
#: a few rows were refused (their fix: save as CSV UTF-8).
MIN_EVIDENCE = 40
_NON_ASCII = bytes(range(0x80, 0x100))
#: Valid UTF-8 with non-ASCII text is next to impossible by accident: no rival needed.
_SELF_CHECKING = frozenset({"utf_8", "ascii"})
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM it starts with
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Detected encoding -> the superset Windows and Excel write, which reads it too.
_SUPERSETS = {
    "ascii": "utf-8",
    "utf_8": "utf-8",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "cp950",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
}
_CODEC_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "gb18030": "GBK", "cp950": "Big5",
                "cp932": "Shift-JIS"}  # fmt: skip


def _string_length(column: str) -> int:
    """The declared length of a text column of the product table."""
    kind = Product.__table__.c[column].type
    if not isinstance(kind, String) or kind.length is None:
        raise TypeError(f"products.{column} is not a text column with a length")
    return kind.length


#: The product table's text lengths: SQLite ignores them, PostgreSQL refuses longer values.
_COLUMN_LIMITS = {c: _string_length(c) for c in ("name_zh", "name_en", "category", "image")}
MAX_ERRORS_SHOWN = 50
_EMPTY = QT_TRANSLATE_NOOP("Messages", "is empty")
_TOO_LONG = QT_TRANSLATE_NOOP("Messages", "is longer than {limit} characters")


def _image_problem(exc: CatalogError, *, prefix: bool = True) -> Message:
    """A catalog path error (a Message inside the exception) as a row problem."""
    first = exc.args[0] if exc.args else str(exc)
    if not prefix:
        return first if isinstance(first, Message) else _m("{text}", text=str(first))
    return _m(QT_TRANSLATE_NOOP("Messages", "image {problem}"), problem=first)


class ImportFileError(UserError, ValueError):
    """The whole file cannot be read (encoding, format, missing columns)."""


def _m(template: str, **values: object) -> Message:
    return Message(template, values)


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one row; ``message`` is a :class:`Message` (``str()``: English)."""

    row: int  # 1-based line/row number as a spreadsheet shows it (header = 1)
    column: str
    message: Message | str

    def as_message(self) -> Message:
        """The whole line ("row 5, column 'price': …") as one translatable sentence."""
        if self.column:
            template = QT_TRANSLATE_NOOP("Messages", "row {row}, column '{column}': {problem}")
        else:
            template = QT_TRANSLATE_NOOP("Messages", "row {row}: {problem}")
        return _m(template, row=self.row, column=self.column, problem=self.message)

    def __str__(self) -> str:
        return str(self.as_message())


@dataclass
class ImportReport:
    products: list[ProductInfo] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0

    @property
    def invalid_rows(self) -> int:
        return len({e.row for e in self.errors})

    def summary(self, limit: int = MAX_ERRORS_SHOWN, render: Callable[[Message], str] = str) -> str:
        """What was read and what is wrong, one line each; ``render`` translates
        (the window passes ``app.ui.i18n.tr_message``)."""
        return "\n".join(render(m) if i == 0 else f"  {render(m)}" for i, m in
                         enumerate(self.summary_messages(limit)))  # fmt: skip

    def summary_messages(self, limit: int = MAX_ERRORS_SHOWN) -> list[Message]:
        lines = [
            _m(
                QT_TRANSLATE_NOOP("Messages", "{rows} rows read, {valid} valid, {invalid} invalid"),
                rows=self.rows,
                valid=len(self.products),
                invalid=self.invalid_rows,
            )
        ]
        lines += [e.as_message() for e in self.errors[:limit]]
        if len(self.errors) > limit:
            lines.append(
                _m(
                    QT_TRANSLATE_NOOP("Messages", "… and {n} more problems"),
                    n=len(self.errors) - limit,
                )
            )
        return lines


# -- reading ---------------------------------------------------------------------------
def detect_encoding(sample: bytes, name: str = "file") -> str:
    """The text encoding of a CSV file, from a sample of its head.

    A byte-order mark decides (UTF-8 with BOM, as Excel writes "CSV UTF-8"; UTF-16/32);
    otherwise charset-normalizer does, among :data:`CANDIDATE_ENCODINGS`. A sample it
    cannot read, or reads as two different texts about equally well (a few bytes of GBK
    are also valid Big5), is refused: a catalog imported as garbled text is worse than
    none, and so is a legacy-encoded sample with too little non-ASCII text to tell
    (:data:`MIN_EVIDENCE`). Valid UTF-8 needs neither check. The detected encoding is widened to the
    superset Windows writes (GBK -> GB18030, Big5 -> CP950, Shift-JIS -> CP932, ASCII ->
    UTF-8), so a character the sample lacked still decodes in later rows.
    """
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding
    if not sample:
        return "utf-8"
    from charset_normalizer import from_bytes

    matches = from_bytes(sample, cp_isolation=list(CANDIDATE_ENCODINGS))
    best = matches.best()
    if best is None:
        raise ImportFileError(_unreadable(name))
    text = str(best)
    if "\x00" in text:  # binary, or UTF-16 without a BOM
        raise ImportFileError(_unreadable(name))
    if best.encoding not in _SELF_CHECKING:
        evidence = len(sample) - len(sample.translate(None, _NON_ASCII))
        rivals = [m for m in matches if m.chaos <= best.chaos + AMBIGUOUS_CHAOS and str(m) != text]
        if rivals or evidence < MIN_EVIDENCE:
            raise ImportFileError(_unreadable(name))
    return _SUPERSETS.get(best.encoding, best.encoding)


def _unreadable(name: str) -> Message:
    return _m(
        QT_TRANSLATE_NOOP(
            "Messages",
            "{file}: cannot tell which text encoding the file is in; "
            "save it as CSV UTF-8 (or GBK) and import it again",
        ),
        file=name,
    )


def decode_text(data: bytes, name: str = "file") -> str:
    """``data`` decoded in its detected encoding (:func:`detect_encoding`)."""
    encoding = detect_encoding(data, name)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFileError(_unreadable(name)) from exc


def _head_sample(head: bytes, more: bool) -> bytes:
    """The head up to its last line break when the file goes on: a sample cut inside a
    multi-byte character would look like a decoding error. (0x0A is never part of a
    multi-byte character in UTF-8, GBK, Big5 or Shift-JIS.)"""
    if not more:
        return head
    end = head.rfind(b"\n")
    return head[: end + 1] if end > 0 else head


def _decoded_lines(fh: BinaryIO, encoding: str) -> Iterator[str]:
    """The file's text line by line, decoded incrementally (one line in memory)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    pending = ""
    for raw in fh:  # split at b"\n"; in UTF-16 a piece may end mid-character: the
        text = pending + decoder.decode(raw)  # decoder keeps it for the next one
        start = 0
        while end := text.find("\n", start) + 1:
            yield text[start:end]
            start = end
        pending = text[start:]
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending


def _rows_from_csv(path: Path) -> Generator[list[str], None, None]:
    with path.open("rb") as fh:
        head = fh.read(SAMPLE_BYTES)
        sample = _head_sample(head, more=len(head) == SAMPLE_BYTES)
        encoding = detect_encoding(sample, path.name)
        text = codecs.getincrementaldecoder(encoding)("replace").decode(sample)
        try:
            dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        fh.seek(0)
        row = 1  # the spreadsheet row being read (header = 1)
        try:
            for values in csv.reader(_decoded_lines(fh, encoding), dialect):
                yield values
                row += 1
        except UnicodeDecodeError:
            raise ImportFileError(
                _m(
                    QT_TRANSLATE_NOOP(
                        "Messages",
                        "{file}: row {row} is not {encoding} text like the rows before it; "
                        "save the file as CSV UTF-8 (or GBK) and import it again",
                    ),
                    file=path.name,
                    row=row,
                    encoding=_CODEC_NAMES.get(encoding, encoding),
                )
            ) from None
        except csv.Error as exc:
            raise ImportFileError(
                _m(
                    QT_TRANSLATE_NOOP("Messages", "{file}: row {row} is not valid CSV ({error})"),
                    file=path.name,
                    row=row,
                    error=str(exc),
                )
            ) from None


def _rows_from_xlsx(path: Path, limits: ImportLimits) -> Generator[list[str], None, None]:
    from openpyxl import load_workbook

    _check_xlsx_parts(path, limits)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise ImportFileError(_not_xlsx(path, exc)) from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # a claimed A1:XFD1048576 would pad every row with None
        for values in sheet.iter_rows(values_only=True):
            yield ["" if v is None else _cell_text(v) for v in values]
    finally:
        workbook.close()


def _check_xlsx_parts(path: Path, limits: ImportLimits) -> None:
    """Refuse a workbook whose parts openpyxl reads whole (shared strings, styles: all but
    the streamed worksheets) would unpack to more than the size limit: a zip bomb."""
    try:
        with zipfile.ZipFile(path) as archive:
            whole = sum(
                info.file_size
                for info in archive.infolist()
                if not info.filename.startswith("xl/worksheets/")
            )
    except (OSError, zipfile.BadZipFile) as exc:
        raise ImportFileError(_not_xlsx(path, exc)) from exc
    if whole > limits.max_bytes:
        raise ImportFileError(
            _m(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "{file}: its text unpacks to {size}, more than the {limit} a catalog may "
                    "have; split it into smaller files",
                ),
                file=path.name,
                size=_mb(whole),
                limit=_mb(limits.max_bytes),
            )
        )


def _not_xlsx(path: Path, exc: BaseException) -> Message:
    return _m(
        QT_TRANSLATE_NOOP("Messages", "{file}: not a readable XLSX workbook ({error})"),
        file=path.name,
        error=str(exc),
    )


def _unsupported(path: Path) -> Message:
    return _m(
        QT_TRANSLATE_NOOP("Messages", "{file}: unsupported file type (use .csv or .xlsx)"),
        file=path.name,
    )


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.0f} MB" if size >= 1_048_576 else f"{size / 1024:.0f} KB"


def read_rows(path: Path, limits: ImportLimits | None = None) -> Generator[list[str], None, None]:
    """Rows of a CSV or XLSX file as lists of strings (first row: the header), streamed.

    A file larger than ``limits.max_bytes`` is refused before anything is read. Close the
    generator (``contextlib.closing``) to release the file when stopping early.
    """
    limits = limits or LIMITS
    try:
        size = path.stat().st_size
    except OSError:
        size = -1
    if size < 0 or not path.is_file():
        raise ImportFileError(
            _m(QT_TRANSLATE_NOOP("Messages", "file not found: {path}"), path=str(path))
        )
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt", ".tsv"):
        raise ImportFileError(_unsupported(path))
    if size > limits.max_bytes:
        raise ImportFileError(
            _m(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "{file}: {size} is more than the {limit} a catalog may have; split it into "
                    "smaller files",
                ),
                file=path.name,
                size=_mb(size),
                limit=_mb(limits.max_bytes),
            )
        )
    if suffix in (".xlsx", ".xlsm"):
        return _rows_from_xlsx(path, limits)
    return _rows_from_csv(path)


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
            _m(
                QT_TRANSLATE_NOOP(
                    "Messages", "{file}: missing column(s) {missing} (found: {found})"
                ),
                file=name,
                missing=", ".join(missing),
                found=", ".join(h for h in header if h) or "—",
            )
        )
    if "name_zh" not in mapping and "name_en" not in mapping:
        raise ImportFileError(
            _m(
                QT_TRANSLATE_NOOP("Messages", "{file}: needs a name column ({columns})"),
                file=name,
                columns="name_zh / 商品名称 / name_en",
            )
        )
    return mapping


# -- validating ------------------------------------------------------------------------
class _RowParser:
    """Turns one row into a ProductInfo, collecting every problem rather than the first."""

    def __init__(self, row: int, values: dict[str, str], base: Path, roots: Sequence[Path]) -> None:
        self.row, self.values, self.base, self.roots = row, values, base, roots
        self.errors: list[RowError] = []

    def fail(self, column: str, message: Message) -> None:
        self.errors.append(RowError(self.row, column, message))

    def text(self, column: str) -> str:
        """The cell, trimmed; ``'=x`` as our CSV export quotes formula-like text is ``=x``."""
        return unquote_cell(self.values.get(column, "")).strip()

    def number(self, column: str, *, required: bool) -> float | None:
        raw = self.text(column).replace("¥", "").replace("￥", "").replace(",", "")
        if not raw:
            if required:
                self.fail(column, _m(_EMPTY))
            return None
        try:
            value = float(raw)
        except ValueError:
            self.fail(
                column,
                _m(
                    QT_TRANSLATE_NOOP("Messages", "'{value}' is not a number"),
                    value=self.text(column),
                ),
            )
            return None
        if not math.isfinite(value) or value < 0:
            self.fail(
                column,
                _m(QT_TRANSLATE_NOOP("Messages", "{value} is not a valid amount"), value=raw),
            )
            return None
        return round(value, 2)

    def whole(self, column: str) -> int:
        raw = self.text(column)
        if not raw:
            return 0
        try:
            value = float(raw)
        except ValueError:
            self.fail(
                column,
                _m(QT_TRANSLATE_NOOP("Messages", "'{value}' is not a whole number"), value=raw),
            )
            return 0
        if value < 0 or not value.is_integer():
            self.fail(
                column,
                _m(QT_TRANSLATE_NOOP("Messages", "{value} must be a whole number ≥ 0"), value=raw),
            )
            return 0
        return int(value)

    def items(self, column: str) -> tuple[str, ...]:
        return split_list(self.text(column))

    def faq(self) -> tuple[tuple[str, str], ...]:
        """The FAQ cell in the one FAQ format (:func:`app.commerce.catalog.parse_faq`)."""
        pairs, bad = parse_faq(self.text("faq"))
        for entry in bad:
            self.fail(
                "faq",
                _m(
                    QT_TRANSLATE_NOOP("Messages", "'{entry}' is not 'question::answer'"),
                    entry=entry,
                ),
            )
        return pairs

    def tryon(self, image: Path | None) -> dict[str, Any] | None:
        raw = self.text("tryon")
        if not raw:
            return None
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            self.fail("tryon", _m(QT_TRANSLATE_NOOP("Messages", "is not valid JSON")))
            return None
        if not isinstance(value, dict) or "kind" not in value:
            self.fail(
                "tryon", _m(QT_TRANSLATE_NOOP("Messages", 'must be a JSON object with a "kind"'))
            )
            return None
        try:
            check_tryon_image(value, image, self.base, self.roots)
        except CatalogError as exc:
            self.fail("tryon", _image_problem(exc))
            return None
        return value

    def image(self) -> Path | None:
        """The image path resolved; None (and a row error) when it leaves the folders."""
        raw = self.text("image")
        if not raw:
            return None
        try:
            return contained_path(raw, self.base, self.roots)
        except CatalogError as exc:
            self.fail("image", _image_problem(exc, prefix=False))
            return None

    def product(self) -> ProductInfo | None:
        sku = self.text("sku")
        if not sku:
            self.fail("sku", _m(_EMPTY))
        elif len(sku) > 64:
            self.fail("sku", _m(_TOO_LONG, limit=64))
        name_zh, name_en = self.text("name_zh"), self.text("name_en")
        if not name_zh and not name_en:
            self.fail(
                "name_zh",
                _m(QT_TRANSLATE_NOOP("Messages", "the product needs a Chinese or English name")),
            )
        for column in ("name_zh", "name_en", "category"):  # PostgreSQL enforces the lengths
            limit = _COLUMN_LIMITS[column]
            if len(self.text(column)) > limit:
                self.fail(column, _m(_TOO_LONG, limit=limit))
        image = self.image()
        if image is not None and len(str(image)) > _COLUMN_LIMITS["image"]:
            self.fail(
                "image",
                _m(
                    QT_TRANSLATE_NOOP("Messages", "the path is longer than {limit} characters"),
                    limit=_COLUMN_LIMITS["image"],
                ),
            )
        price = self.number("price", required=True)
        promo = self.number("promo_price", required=False)
        if price is not None and promo is not None and promo > price:
            self.fail(
                "promo_price",
                _m(
                    QT_TRANSLATE_NOOP("Messages", "{promo} is higher than the price {price}"),
                    promo=promo,
                    price=price,
                ),
            )
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
            tryon=self.tryon(image),
        )
        return None if self.errors else info


def parse_catalog(
    path: Path, *, data_dir: Path | None = None, limits: ImportLimits | None = None
) -> ImportReport:
    """Read and validate every row of a catalog file (nothing is stored).

    ``data_dir`` is the app's data folder, where images may live besides the catalog's
    own folder (default: the configured one); ``limits`` default to :data:`LIMITS`.
    """
    limits = limits or LIMITS
    roots = (path.parent, data_dir or _data_dir())
    with contextlib.closing(read_rows(path, limits)) as rows:
        header = next(rows, None)
        if header is None:
            raise ImportFileError(
                _m(QT_TRANSLATE_NOOP("Messages", "{file}: the file is empty"), file=path.name)
            )
        mapping = _map_header(header, path.name)
        report = ImportReport()
        seen: dict[str, int] = {}
        for number, values in enumerate(rows, start=2):
            if number - 1 > limits.max_rows:
                raise ImportFileError(
                    _m(
                        QT_TRANSLATE_NOOP(
                            "Messages",
                            "{file}: more than {rows:,} rows; split the file into smaller catalogs",
                        ),
                        file=path.name,
                        rows=limits.max_rows,
                    )
                )
            if not any(v.strip() for v in values):
                continue
            report.rows += 1
            _add_row(report, seen, _RowParser(number, _pick(values, mapping), path.parent, roots))
    return report


def _add_row(report: ImportReport, seen: dict[str, int], parser: _RowParser) -> None:
    product = parser.product()
    report.errors += parser.errors
    if product is None:
        return
    if product.sku in seen:
        report.errors.append(
            RowError(
                parser.row,
                "sku",
                _m(
                    QT_TRANSLATE_NOOP("Messages", "'{sku}' repeats row {row}"),
                    sku=product.sku,
                    row=seen[product.sku],
                ),
            )
        )
        return
    seen[product.sku] = parser.row
    report.products.append(product)


def _data_dir() -> Path:
    from app.config import load_config

    return load_config().data_dir


def _pick(values: list[str], mapping: dict[str, int]) -> dict[str, str]:
    return {col: values[i] if i < len(values) else "" for col, i in mapping.items()}


# -- writing ---------------------------------------------------------------------------
def _export_row(p: ProductInfo, folder: Path) -> list[Any]:
    """One product as cells: prices and stock as numbers, the rest as text."""
    return [
        p.sku,
        p.name_zh,
        p.name_en,
        p.category,
        round(p.price, 2),
        None if p.promo_price is None else round(p.promo_price, 2),
        p.stock,
        "|".join(p.aliases),
        "|".join(p.keywords),
        _export_image(p.image, folder),
        format_faq(p.faq),
        json.dumps(p.tryon, ensure_ascii=False) if p.tryon else "",
    ]


def _export_image(image: Path | None, folder: Path) -> str:
    """An image inside the export's folder as a relative path, so the folder can move
    and be imported again (import accepts only images inside it or the data folder)."""
    if image is None:
        return ""
    try:
        return image.resolve().relative_to(folder.resolve()).as_posix()
    except (OSError, RuntimeError, ValueError):
        return str(image)


def _csv_cells(row: list[Any]) -> list[Any]:
    return [f"{v:.2f}" if isinstance(v, float) else v for v in row]


def write_catalog(path: Path, products: Iterable[ProductInfo]) -> int:
    """Write products as CSV (UTF-8 with BOM, which Excel opens correctly) or XLSX.

    Texts that a spreadsheet would take for a formula are written as text (:mod:`app.cells`).
    """
    rows = [_export_row(p, path.parent) for p in products]
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("products")
        sheet.append(xlsx_row(sheet, EXPORT_COLUMNS))
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
        workbook.save(path)
    elif suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv_writer(fh)
            writer.writerow(EXPORT_COLUMNS)
            writer.writerows(_csv_cells(row) for row in rows)
    else:
        raise ImportFileError(_unsupported(path))
    return len(rows)
