"""Alerts panel: a forbidden phrase flashes a banner (and chimes when enabled)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.session.events import AlertEvent
from app.ui.panels.alerts import ALERT_SOUND, AlertsPanel


def _alert(kind: str, terms: tuple[str, ...] = ()) -> AlertEvent:
    return AlertEvent(1000, kind=kind, severity="high", text=f"{kind} alert", terms=terms)


def test_compliance_alert_flashes_the_phrase(qtbot: QtBot) -> None:
    panel = AlertsPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel._on_alerts([_alert("stock")])
    assert not panel.flash.isVisible()
    panel._on_alerts([_alert("compliance", ("全网最低价", "第一"))])
    assert panel.flash.isVisible()
    assert "全网最低价、第一" in panel.flash.text()
    assert panel.model.rowCount() == 2
    panel._flash_timer.timeout.emit()  # the banner goes after a few seconds
    assert not panel.flash.isVisible()


@pytest.mark.qt_log_ignore(".*(audio|sound|pulse|PulseAudio|pipewire|ALSA).*")
def test_sound_is_loaded_only_when_enabled_and_a_device_exists(qtbot: QtBot) -> None:
    from PySide6.QtMultimedia import QMediaDevices

    quiet = AlertsPanel(sound=False)
    qtbot.addWidget(quiet)
    assert quiet._sound is None
    loud = AlertsPanel(sound=True)
    qtbot.addWidget(loud)
    if QMediaDevices.defaultAudioOutput().isNull():  # CI: no sound card, flash only
        assert loud._sound is None
    else:
        assert loud._sound is not None
        assert loud._sound.source().toLocalFile() == str(ALERT_SOUND)
    assert ALERT_SOUND.stat().st_size > 1000
