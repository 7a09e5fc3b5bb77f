"""The one background-work idiom: run_task on a worker, the outcome on the GUI thread."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QObject, QThread, QThreadPool, QTranslator
from pytestqt.qtbot import QtBot

from app.errors import UserError
from app.ui.dialogs.store_task import Task, run_task


@pytest.fixture
def parent(qapp: Any) -> Any:
    owner = QObject()
    yield owner
    QThreadPool.globalInstance().waitForDone(5_000)


def test_result_arrives_on_the_gui_thread_after_work_on_a_worker(
    qtbot: QtBot, parent: QObject
) -> None:
    gui = QThread.currentThread()
    seen: dict[str, Any] = {}

    def work() -> int:
        seen["worker"] = QThread.currentThread() is not gui
        return 42

    def done(result: int) -> None:
        seen["result"], seen["gui"] = result, QThread.currentThread() is gui

    task = run_task(work, done, parent=parent)
    qtbot.waitUntil(lambda: "result" in seen, timeout=5_000)
    assert seen == {"worker": True, "result": 42, "gui": True}
    assert task.done and task.wait(1_000)


def test_errors_come_back_as_one_line(qtbot: QtBot, parent: QObject, caplog: Any) -> None:
    messages: list[str] = []

    def plain() -> None:
        raise UserError("the database is locked by another program")

    def bug() -> None:
        raise KeyError("sku")

    run_task(plain, lambda _r: None, messages.append, parent=parent)
    run_task(bug, lambda _r: None, messages.append, parent=parent, name="the bug")
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=5_000)
    assert sorted(messages) == ["KeyError: 'sku'", "the database is locked by another program"]
    assert "the bug failed" in caplog.text and "Traceback" in caplog.text  # a bug is logged


def test_progress_arrives_in_order_before_the_result(qtbot: QtBot, parent: QObject) -> None:
    events: list[Any] = []
    task: Task[str] = Task(parent, lambda r: events.append(("done", r)), on_progress=events.append)

    def work() -> str:
        for i in range(5):
            task.report(i)
        return "ok"

    task.start(work)
    qtbot.waitUntil(lambda: task.done, timeout=5_000)
    assert events == [0, 1, 2, 3, 4, ("done", "ok")]


def test_cancel_reaches_running_work_and_stops_work_not_started(
    qtbot: QtBot, parent: QObject
) -> None:
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(1)
    started, release, ran, results = threading.Event(), threading.Event(), [], []

    def blocking() -> str:
        started.set()
        release.wait(5)
        return "stopped" if first.is_cancelled() else "finished"

    first = run_task(blocking, results.append, parent=parent, pool=pool)
    second = run_task(lambda: ran.append("second"), results.append, parent=parent, pool=pool)
    assert started.wait(5)
    first.cancel()
    second.cancel()
    release.set()
    assert pool.waitForDone(5_000)
    qtbot.waitUntil(lambda: results == ["stopped"], timeout=5_000)
    qtbot.wait(50)
    assert ran == [] and results == ["stopped"] and not second.done and second.wait(0)


def test_nothing_is_delivered_once_the_parent_is_gone(qtbot: QtBot, qapp: Any) -> None:
    owner = QObject()
    release, results = threading.Event(), []
    task = run_task(lambda: release.wait(5), results.append, parent=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(task), timeout=5_000)
    release.set()
    assert task.wait(5_000)
    qtbot.wait(50)
    assert results == []


def _alive(obj: QObject) -> bool:
    from shiboken6 import isValid

    return bool(isValid(obj))


class _Chinese(QTranslator):
    """A stand-in catalogue: the "Messages" context says "does not exist" in Chinese."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return source.replace("does not exist", "不存在") if context == "Messages" else source


def test_a_failed_task_says_an_engine_error_in_the_interface_language(qtbot: QtBot) -> None:
    from app.messages import Message
    from app.ui.dialogs.store_task import error_line

    error = FileNotFoundError(Message("{path} does not exist", {"path": "model.zip"}))
    translator = _Chinese()
    QCoreApplication.installTranslator(translator)
    try:
        assert error_line(error) == "model.zip 不存在"
    finally:
        QCoreApplication.removeTranslator(translator)
