"""How a stopped session reports what the store holds (the status a show ends with)."""

from __future__ import annotations

from app.session.engine import SessionOutcome


def test_only_a_complete_session_is_ended() -> None:
    assert SessionOutcome(closed=True).status == "ended"
    assert SessionOutcome(closed=True).describe() == "every event was saved"
    lossy = SessionOutcome(closed=True, rejected=2, dropped=1)
    assert lossy.status == "ended with losses" and not lossy.complete
    text = lossy.describe()
    assert "2 events refused by the database" in text and "1 event dropped" in text
    unsaved = SessionOutcome(closed=True, unsaved=4_000)
    assert unsaved.status == "not saved" and "4,000 events not written" in unsaved.describe()
    assert SessionOutcome(closed=False).status == "not saved"
    crashed = SessionOutcome(closed=True, crashes=1)
    assert crashed.status == "ended with losses" and "restarted" in crashed.describe()
