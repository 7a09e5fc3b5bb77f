"""Spreadsheet cells that stay text: the one formula rule every CSV and XLSX writer uses.

Comment texts, order ids, SKUs and product names come from viewers and back offices. A
cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a live formula
when Excel, WPS or LibreOffice opens the file (CSV/formula injection, OWASP):
``=HYPERLINK("http://x","click")`` in a comment becomes a link in the host's review sheet.

- CSV: such a text gets a leading single quote (``'=HYPERLINK(...)``), as OWASP
  recommends; spreadsheets show it as text. Importers undo it with :func:`unquote_cell`.
- XLSX: the text is kept as it is, in a string cell with the ``quotePrefix`` style, so
  Excel neither evaluates it nor turns it into a formula when the cell is edited.

Only text is touched: numbers (a refund's negative amount) stay numbers. This module
lives at the top of ``app`` because three features write tables (analytics, privacy,
commerce) and none may import another.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO, Any

#: First characters that make a spreadsheet read a text as a formula (OWASP list).
FORMULA_TRIGGERS = frozenset("=+-@\t\r")
QUOTE = "'"
#: What replaces characters XML 1.0 cannot hold (openpyxl refuses them).
REPLACEMENT = "\ufffd"


def is_formula_text(value: Any) -> bool:
    """The rule: a text whose first character a spreadsheet would read as a formula."""
    return isinstance(value, str) and value[:1] in FORMULA_TRIGGERS


def csv_cell(value: Any) -> Any:
    """``value`` as a CSV writer should get it: formula-like text quoted, the rest as is."""
    return QUOTE + value if is_formula_text(value) else value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


def unquote_cell(text: str) -> str:
    """Undo :func:`csv_cell` (for importers): ``'=x`` -> ``=x``; any other text unchanged."""
    return text[1:] if text[:1] == QUOTE and is_formula_text(text[1:]) else text


class SafeCsvWriter:
    """A :func:`csv.writer` that passes every row through :func:`csv_row`."""

    def __init__(self, fh: IO[str], **fmtparams: Any) -> None:
        self._writer = csv.writer(fh, **fmtparams)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(csv_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        self._writer.writerows(map(csv_row, rows))


def csv_writer(fh: IO[str], **fmtparams: Any) -> SafeCsvWriter:
    """Like :func:`csv.writer`, but formula-like texts are written as text."""
    return SafeCsvWriter(fh, **fmtparams)


def xlsx_row(sheet: Any, values: Sequence[Any]) -> list[Any]:
    """One row for a write-only openpyxl ``sheet.append``: formula-like texts as string
    cells with ``quotePrefix``, characters XML cannot hold replaced, the rest as is."""
    return [_xlsx_cell(sheet, v) if isinstance(v, str) else v for v in values]


def _xlsx_cell(sheet: Any, value: str) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, value)
    if not is_formula_text(value):
        return value
    cell = WriteOnlyCell(sheet, value=value)  # openpyxl makes "=..." a formula here
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell
