"""Live apply: the saved settings marked ``apply="live"`` reach the running show at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.config import Settings
from app.settings_check import field_specs

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def apply_live(window: MainWindow, old: Settings, new: Settings) -> list[str]:
    """Apply the settings that take effect at once; returns the live fields that changed.

    Every processor of the running show takes them through its ``configure`` (the same
    call that set it up at the start); the window then shows what changed: the overlay
    menu's check marks and the alert chime.
    """
    changed = [
        spec.name
        for spec in field_specs()
        if spec.live and getattr(old, spec.name) != getattr(new, spec.name)
    ]
    window.engine.configure(new)  # also when only a secret (the OBS password) changed
    if not changed:
        return []
    window.video.show_settings(new)
    if old.compliance_alert_sound != new.compliance_alert_sound:
        window.alerts.set_sound(new.compliance_alert_sound)
    if old.text_size != new.text_size:
        window.set_text_size(new.text_size)
    return changed
