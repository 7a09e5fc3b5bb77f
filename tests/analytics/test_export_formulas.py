"""Session exports never carry live formulas (CSV/formula injection, OWASP).

Viewers write comment texts and platforms send order ids: a recorded session whose
comments, order ids and title start with ``=``, ``+``, ``-``, ``@`` or a tab is exported
through the real code paths and read back; the texts come out as text (a leading quote
in CSV, a quote-prefixed string cell in XLSX) and amounts, a refund included, as numbers.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from app.analytics.export import export_session
from app.analytics.review import load_review
from app.cells import csv_cell, csv_row, is_formula_text, unquote_cell, xlsx_row
from app.config import Config
from app.live.headless import run_headless
from app.store.db import Store
from app.store.models import Comment, Order
from tests.conftest import MINI_EVENTS

HOSTILE = [
    '=HYPERLINK("http://x","click")',
    "@SUM(1+1)",
    "+1",
    "-2+3",
    "\t=1+1",
    "=cmd|' /C calc'!A0",  # the classic DDE payload
]
TITLE = '=HYPERLINK("http://evil.example","报表")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("口红 =1+1", "口红 =1+1"),  # only the first character counts
        ("", ""),
        (-12.5, -12.5),  # numbers stay numbers
        (3, 3),
        (None, None),
    ],
)
def test_the_cell_rule(value: Any, expected: Any) -> None:
    assert csv_cell(value) == expected
    assert csv_row([value]) == [expected]
    if isinstance(value, str):
        assert unquote_cell(csv_cell(value)) == value
    assert unquote_cell("'quoted on purpose") == "'quoted on purpose"


def _hostile_bundle(bundle: Path) -> Path:
    """The mini bundle with hostile comment texts, order ids and session title."""
    events, texts = [], iter(HOSTILE)
    for original in MINI_EVENTS:
        event = dict(original)
        if event["type"] == "comment":
            event["text"] = next(texts)
        if event["type"] == "order":
            event["id"] = next(texts)
        events.append(event)
    extra = next(texts)
    events.append({"t_ms": 1200, "type": "comment", "id": "c9", "platform": "douyin",
                   "user": "小鹿", "text": extra})  # fmt: skip
    (bundle / "events.jsonl").write_text(
        "\n".join(json.dumps(e, ensure_ascii=False) for e in events) + "\n", encoding="utf-8"
    )
    manifest = json.loads((bundle / "session.json").read_text(encoding="utf-8"))
    (bundle / "session.json").write_text(json.dumps({**manifest, "title": TITLE}), "utf-8")
    return bundle


@pytest.fixture
def hostile(config: Config, store: Store, mini_bundle: Path) -> int:
    session_id = run_headless(
        config, store, bundle_dir=_hostile_bundle(mini_bundle), speed=8.0
    ).session_id
    with store.sessions.begin() as s:  # a refund recorded as a negative amount
        s.execute(update(Order).where(Order.t_ms == 1100).values(amount=-12.5))
    return session_id


def _stored(store: Store) -> tuple[list[str], list[str]]:
    with store.sessions() as s:
        comments = [t or "" for t in s.scalars(select(Comment.text).order_by(Comment.t_ms))]
        orders = list(s.scalars(select(Order.order_id).order_by(Order.t_ms)))
    return comments, orders


def test_csv_export_writes_formula_like_texts_as_text(
    store: Store, hostile: int, tmp_path: Path
) -> None:
    comments, orders = _stored(store)
    assert all(is_formula_text(t) for t in comments + orders)  # the attack reached the store
    assert len(comments) == 4 and len(orders) == 2
    export_session(load_review(store, hostile), "csv", tmp_path / "t", store=store)

    rows = _csv(tmp_path / "t" / "comments.csv")
    assert [r["text"] for r in rows] == ["'" + t for t in comments]
    orders_csv = _csv(tmp_path / "t" / "orders.csv")
    assert [r["Order"] for r in orders_csv] == ["'" + o for o in orders]
    assert [r["Amount"] for r in orders_csv] == ["158.0", "-12.5"]  # a number, not quoted
    summary = {r["Figure"]: r["Value"] for r in _csv(tmp_path / "t" / "summary.csv")}
    assert summary["Title"] == "'" + TITLE
    for path in (tmp_path / "t").glob("*.csv"):
        for row in csv.reader(path.read_text(encoding="utf-8-sig").splitlines()):
            live = [c for c in row if is_formula_text(c) and not _is_number(c)]
            assert not live, (path.name, row)


def test_xlsx_export_writes_formula_like_texts_as_string_cells(
    store: Store, hostile: int, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    _comments, orders = _stored(store)
    (out,) = export_session(load_review(store, hostile), "xlsx", tmp_path / "r.xlsx")
    book = load_workbook(out)  # not read-only: cells keep data_type and style
    sheet = book["Orders"]
    header = [c.value for c in sheet[1]]
    ids = [row[header.index("Order")] for row in sheet.iter_rows(min_row=2)]
    amounts = [row[header.index("Amount")] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in ids] == orders  # the text itself, unchanged
    assert all(c.data_type == "s" and c.quotePrefix for c in ids)
    assert [(c.value, c.data_type) for c in amounts] == [(158.0, "n"), (-12.5, "n")]
    title = next(r for r in book["Key figures"].iter_rows() if r[0].value == "Title")[1]
    assert (title.value, title.data_type, title.quotePrefix) == (TITLE, "s", True)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            assert not any(c.data_type == "f" for c in row), (ws.title, row)
    book.close()
    _assert_no_formula_in_xml(out)


def _assert_no_formula_in_xml(path: Path) -> None:
    """No <f> element anywhere: what Excel would evaluate, whatever openpyxl reports."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_xlsx_cells_replace_characters_xml_cannot_hold(tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("t")
    sheet.append(xlsx_row(sheet, ["bell\x07", "=1+1\x00", -1]))
    book.save(tmp_path / "t.xlsx")
    back = load_workbook(tmp_path / "t.xlsx")["t"]
    assert [c.value for c in back[1]] == ["bell\ufffd", "=1+1\ufffd", -1]
    assert back["B1"].data_type == "s" and back["C1"].data_type == "n"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))
