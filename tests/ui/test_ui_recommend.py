"""Recommendations panel (ranking polled from the service) and the product editor dialog."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.commerce.catalog import ProductInfo
from app.commerce.recommend import Recommendation
from app.messages import Message, counted, minutes
from app.store.db import Store
from app.ui.dialogs.product_editor import ProductEditorDialog
from app.ui.panels.recommendations import SCORE_ROLE, RecColumn, RecommendationsPanel

QUESTIONS = counted(12, "{n} question about it", "{n} questions about it")
RANKING = (
    Recommendation(
        "SUN-002",
        0.82,
        (
            Message("{phrases} in the last {window}", {"phrases": QUESTIONS, "window": minutes(5)}),
            Message("only {stock} left", {"stock": 6}),
        ),
    ),
    Recommendation("SNK-007", 0.1, ()),
)


class FakeService:
    def __init__(self) -> None:
        self.updated_ms = -1
        self.calls = 0
        self._latest: tuple[Recommendation, ...] = ()

    def latest(self) -> tuple[Recommendation, ...]:
        self.calls += 1
        return self._latest


def test_panel_shows_rank_score_and_reasons(qtbot: QtBot, products: list[ProductInfo]) -> None:
    switched: list[str | None] = []
    panel = RecommendationsPanel(products, switched.append)
    qtbot.addWidget(panel)
    service = FakeService()
    panel.update_from(service)
    assert panel.model.rowCount() == 0 and panel.hint.isVisibleTo(panel)
    service._latest, service.updated_ms = RANKING, 5_000
    panel.update_from(service)
    panel.update_from(service)  # unchanged: not read again
    assert service.calls == 2
    model = panel.model
    row = [model.index(0, c).data() for c in RecColumn]
    assert row == [
        "1",
        "复古猫眼墨镜",
        "82",
        "12 questions about it in the last 5 min · only 6 left",
    ]
    assert model.index(0, RecColumn.SCORE).data(SCORE_ROLE) == 0.82
    assert model.index(1, RecColumn.REASONS).data() == "no strong signal yet"
    assert not panel.hint.isVisibleTo(panel)
    panel.view.doubleClicked.emit(model.index(0, RecColumn.PRODUCT))
    assert switched == ["SUN-002"]


def test_model_tester(qtmodeltester, products: list[ProductInfo], qtbot: QtBot) -> None:
    panel = RecommendationsPanel(products, lambda sku: None)
    qtbot.addWidget(panel)
    panel.set_ranking(RANKING)
    qtmodeltester.check(panel.model)


def test_editor_validates_then_saves_on_a_worker(qtbot: QtBot, store: Store) -> None:
    from app.commerce.repository import load_products, upsert_products

    dialog = ProductEditorDialog(lambda p: upsert_products(store, [p]))
    qtbot.addWidget(dialog)
    dialog.submit()
    assert "SKU" in dialog.errors.text() and "Price" in dialog.errors.text()
    assert load_products(store) == []
    dialog.sku.setText("HAT-004")
    dialog.name_zh.setText("渔夫帽")
    dialog.aliases.setText("帽子 | bucket hat")
    dialog.price.setValue(59.0)
    dialog.stock.setValue(40)
    dialog.faq.setPlainText("头围多大？ || 56-58厘米")
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        dialog.submit()
    assert dialog.wait_saved()
    saved = load_products(store)
    assert [(p.sku, p.aliases, p.stock, p.faq) for p in saved] == [
        ("HAT-004", ("帽子", "bucket hat"), 40, (("头围多大？", "56-58厘米"),))
    ]


def test_editor_reports_a_failed_save_and_keeps_input(qtbot: QtBot) -> None:
    def broken(product: ProductInfo) -> None:
        raise OSError("database is locked")

    product = ProductInfo("LIP-001", "口红", "", 99.0, stock=3)
    dialog = ProductEditorDialog(broken, product)
    qtbot.addWidget(dialog)
    assert dialog.sku.isReadOnly() and dialog.sku.text() == "LIP-001"
    dialog.name_en.setText("Lipstick")
    dialog.submit()
    assert not dialog.buttons.isEnabled()  # while the worker saves
    assert dialog.wait_saved()
    qtbot.waitUntil(dialog.buttons.isEnabled, timeout=5_000)
    assert "database is locked" in dialog.errors.text()
    assert dialog.name_en.text() == "Lipstick" and dialog.buttons.isEnabled()
    assert dialog.result() == 0


@pytest.mark.parametrize("kind", ["glasses"])
def test_editor_tryon_needs_an_image(qtbot: QtBot, kind: str) -> None:
    dialog = ProductEditorDialog(None)
    qtbot.addWidget(dialog)
    dialog.sku.setText("SUN-002")
    dialog.name_zh.setText("墨镜")
    dialog.price.setValue(199.0)
    dialog.tryon_kind.setCurrentText(kind)
    dialog.submit()
    assert "Try-on image" in dialog.errors.text()
    assert dialog.saved is None


def test_catalog_transfer_parses_imports_and_exports_on_workers(
    qtbot: QtBot, store: Store, tmp_path
) -> None:
    from PySide6.QtCore import QObject

    from app.commerce.repository import load_products
    from app.commerce.tabular import ImportReport
    from app.ui.dialogs.product_editor import CatalogTransfer

    csv = tmp_path / "c.csv"
    csv.write_text("sku,name_zh,price,stock\nA-1,口红,99,5\nB-2,墨镜,abc,3\n", encoding="utf-8")
    parsed: list[ImportReport] = []
    failed: list[str] = []
    finished: list[tuple[bool, str]] = []
    owner = QObject()
    transfer = CatalogTransfer(
        store,
        parent=owner,
        on_parsed=parsed.append,
        on_parse_failed=failed.append,
        on_finished=lambda ok, message: finished.append((ok, message)),
    )
    transfer.parse(csv)
    qtbot.waitUntil(lambda: bool(parsed), timeout=5_000)
    (report,) = parsed
    assert [p.sku for p in report.products] == ["A-1"] and report.invalid_rows == 1
    transfer.commit(report.products, report.invalid_rows)
    qtbot.waitUntil(lambda: bool(finished), timeout=5_000)
    assert finished == [(True, "Imported: 1 new, 0 updated, 1 invalid row(s) skipped")]
    assert [p.sku for p in load_products(store)] == ["A-1"]
    out = tmp_path / "out.csv"
    transfer.export(out)
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=5_000)
    assert finished[1] == (True, f"Exported 1 product(s) to {out}")
    assert "A-1" in out.read_text(encoding="utf-8")
    transfer.export(tmp_path / "no-such-dir" / "out.csv")
    qtbot.waitUntil(lambda: len(finished) == 3, timeout=5_000)
    ok, message = finished[2]
    assert not ok and message.startswith("Export failed: ") and "no-such-dir" in message
    transfer.parse(tmp_path / "missing.csv")  # the one line a person reads in the message box
    qtbot.waitUntil(lambda: bool(failed), timeout=5_000)
    assert "missing.csv" in failed[0] and parsed == [report]
    assert transfer.wait()
