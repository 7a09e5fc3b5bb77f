"""Item models: Qt's model contract (qtmodeltester), capping, ordering, on-air state."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from app.commerce.catalog import ProductInfo
from app.session.events import AlertEvent, CommentEvent, TranscriptEvent
from app.ui.models.event_list import EVENT_ROLE
from app.ui.models.feeds import AlertsModel, CommentsModel, TranscriptModel
from app.ui.models.products import ON_AIR_ROLE, SKU_ROLE, Column, ProductQueueModel, queue_order

# Icons and text layout need a QGuiApplication, whichever test of the run comes first.
pytestmark = pytest.mark.usefixtures("qapp")

Display = Qt.ItemDataRole.DisplayRole


def comments(start: int, count: int) -> list[CommentEvent]:
    return [
        CommentEvent(i * 1000, f"c{i}", "douyin", "小鹿", f"第{i}条", intent="question")
        for i in range(start, start + count)
    ]


def test_comments_model_contract_and_cap(qtmodeltester: ModelTester) -> None:
    model = CommentsModel(capacity=5)
    inserts: list[tuple[int, int]] = []
    removes: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: inserts.append((first, last)))
    model.rowsRemoved.connect(lambda _p, first, last: removes.append((first, last)))
    model.append(comments(0, 3))
    model.append(comments(3, 4))
    qtmodeltester.check(model)
    assert model.rowCount() == 5
    assert [e.event_id for e in model.events()] == ["c2", "c3", "c4", "c5", "c6"]
    assert inserts == [(0, 2), (1, 4)]  # one insert per batch, after the trim
    assert removes == [(0, 1)]  # the two oldest went in one removal
    index = model.index(0, 0)
    assert model.data(index, Display) == "小鹿: 第2条"
    assert model.data(index, EVENT_ROLE).event_id == "c2"
    assert model.data(index, Qt.ItemDataRole.ForegroundRole) is not None
    assert "00:00:02" in model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_a_batch_larger_than_the_cap_keeps_its_newest(qtmodeltester: ModelTester) -> None:
    model = CommentsModel(capacity=3)
    model.append(comments(0, 10))
    qtmodeltester.check(model)
    assert [e.event_id for e in model.events()] == ["c7", "c8", "c9"]


def test_transcript_model(qtmodeltester: ModelTester) -> None:
    model = TranscriptModel(capacity=10)
    model.append([TranscriptEvent(61_000, 63_000, "大家好"), TranscriptEvent(64_000, 65_000, "hi")])
    qtmodeltester.check(model)
    assert model.data(model.index(0, 0), Display) == "00:01:01  大家好"


def test_alerts_model_is_newest_first(qtmodeltester: ModelTester) -> None:
    model = AlertsModel(capacity=3)
    model.append([AlertEvent(1, "compliance", "warning", "a"), AlertEvent(2, "x", "info", "b")])
    model.append([AlertEvent(3, "stock", "critical", "c"), AlertEvent(4, "x", "info", "d")])
    qtmodeltester.check(model)
    assert [e.text for e in model.events()] == ["d", "c", "b"]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole) is not None


def test_queue_order_follows_the_rundown(products: list[ProductInfo]) -> None:
    ordered = queue_order(products, ["SUN-002", "NOPE", "LIP-001", "SUN-002"])
    assert [p.sku for p in ordered] == ["SUN-002", "LIP-001", "SNK-007"]


def test_product_model_on_air_state(
    qtmodeltester: ModelTester, products: list[ProductInfo]
) -> None:
    model = ProductQueueModel(products, ["SUN-002", "LIP-001"])
    qtmodeltester.check(model)
    assert model.columnCount() == len(Column)
    assert model.data(model.index(0, Column.STATUS), Display) == "Next"

    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom, _roles: changed.append(top.row()))
    model.set_on_air("LIP-001", since_ms=10_000)
    qtmodeltester.check(model)
    row = model.row_of("LIP-001")
    assert row == 1
    assert model.data(model.index(row, 0), ON_AIR_ROLE) is True
    assert model.data(model.index(0, 0), ON_AIR_ROLE) is False
    assert model.data(model.index(row, 0), SKU_ROLE) == "LIP-001"
    assert model.data(model.index(row, Column.STATUS), Display) == "ON AIR\n00:00:00"
    assert model.data(model.index(2, Column.STATUS), Display) == "Next"
    assert sorted(set(changed)) == [0, 1, 2]

    model.tick(75_000)
    assert model.data(model.index(row, Column.STATUS), Display) == "ON AIR\n00:01:05"
    assert model.data(model.index(row, Column.PRICE), Display) == "¥89.00\nwas ¥129.00"
    assert model.data(model.index(2, Column.STOCK), Display) == "Sold out"
    assert model.data(model.index(row, Column.PRODUCT), Display) == (
        "丝绒哑光口红 #316\nVelvet Matte Lipstick #316"
    )
    assert model.headerData(Column.PRICE, Qt.Orientation.Horizontal, Display) == "Price"


def test_product_model_off_air(products: list[ProductInfo]) -> None:
    model = ProductQueueModel(products, [])
    model.set_on_air("SUN-002", 0)
    model.set_on_air(None, 5_000)
    assert model.on_air is None
    assert not any(model.data(model.index(r, 0), ON_AIR_ROLE) for r in range(model.rowCount()))
    assert model.next_sku == "LIP-001"
