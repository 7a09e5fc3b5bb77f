"""The ingest soak (``bench ingest``) at a small scale: every valid event stored once, every
hostile one refused, through the real program (``python -m app live --headless``)."""

from __future__ import annotations

import pytest

from app.bench.ingest import hostile_bodies, run, valid_events

pytestmark = pytest.mark.slow


def test_the_soak_stores_every_valid_event_once_and_refuses_every_hostile_one() -> None:
    figures = run(events=1_500, hostile=24, seconds=8)
    assert figures["every_valid_stored_once"], figures
    assert figures["hostile_refused"] == 24 and figures["hostile_statuses"] == {400: 24}
    assert figures["status"] == "ended"


def test_the_soak_inputs_are_deterministic() -> None:
    assert valid_events(50) == valid_events(50)
    assert len(hostile_bodies(30)) == 30 and len(set(hostile_bodies(12))) == 12
