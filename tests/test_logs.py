"""Logging: the numbered ring buffer, crash-trace hand-over between runs, uncaught exceptions."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import pytest

from app import logs
from app.config import Config
from app.logs import RingBufferHandler


def _ring(capacity: int) -> tuple[RingBufferHandler, logging.Logger]:
    ring = RingBufferHandler(capacity)
    ring.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger(f"test.ring.{id(ring)}")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(ring)
    return ring, logger


def test_ring_hands_out_only_what_is_new() -> None:
    ring, logger = _ring(capacity=5)
    assert ring.since(0) == (0, [])
    logger.info("one")
    logger.warning("two")
    seq, entries = ring.since(0)
    assert seq == 2
    assert entries == [(logging.INFO, "INFO one"), (logging.WARNING, "WARNING two")]
    assert ring.since(seq) == (2, [])
    logger.error("three")
    assert ring.since(seq) == (3, [(logging.ERROR, "ERROR three")])
    for i in range(10):  # more than the capacity: the reader gets what is still there
        logger.info("n%d", i)
    seq2, entries = ring.since(3)
    assert seq2 == 13
    assert [text for _, text in entries] == [f"INFO n{i}" for i in range(5, 10)]
    assert ring.records == [f"INFO n{i}" for i in range(5, 10)]


def test_ring_is_safe_with_writers_on_many_threads() -> None:
    ring, logger = _ring(capacity=10_000)

    def write(tag: str) -> None:
        for i in range(500):
            logger.info("%s %d", tag, i)

    threads = [threading.Thread(target=write, args=(f"t{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seq, entries = ring.since(0)
    assert seq == 2000 and len(entries) == 2000
    assert len(set(entries)) == 2000


def test_a_crash_trace_is_set_aside_offered_once_and_archived(tmp_path: Path) -> None:
    assert logs.set_aside_crash_trace(tmp_path) is None  # nothing there
    (tmp_path / "crash.log").write_text("", encoding="utf-8")
    assert logs.set_aside_crash_trace(tmp_path) is None  # a clean run leaves it empty
    (tmp_path / "crash.log").write_text("Fatal Python error: Segmentation fault\n", "utf-8")

    pending = logs.set_aside_crash_trace(tmp_path)

    assert pending is not None and pending.name.startswith("crash-pending-")
    assert not (tmp_path / "crash.log").exists()
    assert logs.pending_crash_traces(tmp_path) == [pending]
    archived = logs.archive_crash_trace(pending)
    assert archived is not None and archived.parent == tmp_path / "crashes"
    assert archived.read_text(encoding="utf-8").startswith("Fatal Python error")
    assert logs.pending_crash_traces(tmp_path) == []


def test_archive_keeps_the_newest_traces(tmp_path: Path) -> None:
    for i in range(logs.ARCHIVE_KEEP + 3):
        trace = tmp_path / f"crash-pending-2026010{i // 10}-0000{i:02d}.log"
        trace.write_text(str(i), encoding="utf-8")
        logs.archive_crash_trace(trace)
    kept = sorted((tmp_path / "crashes").glob("crash-*.log"))
    assert len(kept) == logs.ARCHIVE_KEEP
    assert kept[-1].read_text(encoding="utf-8") == str(logs.ARCHIVE_KEEP + 2)


def test_setup_logging_reports_the_previous_crash_on_stderr(
    config: Config, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config.log_dir.mkdir(parents=True, exist_ok=True)
    (config.log_dir / "crash.log").write_text("Fatal Python error: Aborted\n", "utf-8")
    enabled: list[object] = []
    # pytest has faulthandler on already; pretend it is off so this run takes crash.log over
    monkeypatch.setattr(logs.faulthandler, "is_enabled", lambda: False)
    monkeypatch.setattr(logs.faulthandler, "enable", enabled.append)
    monkeypatch.setattr(logs, "_fault_file", None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # setup_logging installs its own
    monkeypatch.setattr(logs, "_log_dir", None)
    root = logging.getLogger()
    before = list(root.handlers), root.level
    try:
        logs.setup_logging(config)
        assert logs.current_log_dir() == config.log_dir
        assert len(enabled) == 1
        pending = logs.pending_crash_traces(config.log_dir)
        assert len(pending) == 1
        assert "previous run crashed" in capsys.readouterr().err
        assert (config.log_dir / "crash.log").read_text(encoding="utf-8") == ""
    finally:
        for handler in list(root.handlers):
            if handler not in before[0]:
                root.removeHandler(handler)
                if handler is not logs.RING:
                    handler.close()
        root.setLevel(before[1])
        if logs._fault_file is not None:
            logs._fault_file.close()


def test_uncaught_exceptions_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    try:
        raise ValueError("boom in main")
    except ValueError:
        logs._sys_hook(*sys.exc_info())  # type: ignore[arg-type]
    try:
        raise RuntimeError("boom in worker")
    except RuntimeError as exc:
        worker = threading.Thread(name="worker-7")
        args = threading.ExceptHookArgs([RuntimeError, exc, exc.__traceback__, worker])
        logs._thread_hook(args)
    records = [r for r in caplog.records if r.name == "app.crash"]
    assert [r.levelno for r in records] == [logging.CRITICAL, logging.CRITICAL]
    assert records[0].exc_info is not None and "boom in main" in str(records[0].exc_info[1])
    assert "worker-7" in records[1].getMessage()


def test_install_excepthooks_leaves_foreign_hooks_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    def foreign(*args: object) -> None:
        pass

    monkeypatch.setattr(sys, "excepthook", foreign)
    monkeypatch.setattr(threading, "excepthook", threading.__excepthook__)
    logs.install_excepthooks()
    assert sys.excepthook is foreign
    assert threading.excepthook is logs._thread_hook


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_a_full_disk_stops_the_log_file_with_one_line_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The log file on a full disk must not print a traceback per record (tests/test_full_disk
    runs a whole show on a full disk; its stderr must stay one line per problem)."""
    full = tmp_path / "anchordesk.log"
    full.symlink_to("/dev/full")  # every write fails with ENOSPC, as on a full disk
    handler = logs.LogFileHandler(full, maxBytes=0, encoding="utf-8")
    record = logging.LogRecord("app.test", logging.WARNING, __file__, 1, "hello", None, None)
    try:
        for _ in range(3):
            handler.emit(record)
    finally:
        handler.close()
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Logging error" not in err
    assert err.count("warning: the log file stopped:") == 1
    assert "No space left on device" in err
