"""How a stopped session reports what the store holds (the status a show ends with)."""

from __future__ import annotations

from app.session.engine import SessionOutcome


def test_only_a_complete_session_is_ended() -> None:
    assert SessionOutcome(closed=True).status == "ended"
    assert SessionOutcome(closed=True).describe() == "every event was saved"
    lossy = SessionOutcome(closed=True, rejected=2, dropped=1)
    assert lossy.status == "ended with losses" and not lossy.complete
    assert (
        "2 events were refused" in lossy.describe() and "1 events were dropped" in lossy.describe()
    )
    unsaved = SessionOutcome(closed=True, unsaved=40)
    assert unsaved.status == "not saved" and "40 events could not be written" in unsaved.describe()
    assert SessionOutcome(closed=False).status == "not saved"
