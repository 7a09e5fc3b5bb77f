"""The transport-free pieces: rate limiter, de-duplication window, token file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from app.server.ingest import Deduper, IngestError, IngestGate, Limits, RateLimiter
from app.server.source import ServerInfo, is_loopback
from app.server.token import load_or_create_token, regenerate_token, token_matches, token_path


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_rate_limiter_refills_over_time() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate=10.0, burst=20.0, clock=clock)
    assert limiter.take("a", 20) == 0.0
    assert limiter.take("a", 5) == pytest.approx(0.5)
    assert limiter.take("b", 5) == 0.0  # buckets are per client
    clock.now += 0.5
    assert limiter.take("a", 5) == 0.0
    assert limiter.take("a", 21) == float("inf")  # can never fit: larger than the burst


def test_deduper_forgets_beyond_its_window() -> None:
    dedupe = Deduper(window=2)
    assert not dedupe.seen(("c", "x", "1"))
    assert dedupe.seen(("c", "x", "1"))
    assert not dedupe.seen(("c", "x", "2"))
    assert not dedupe.seen(("c", "x", "3"))  # evicts "1"
    assert not dedupe.seen(("c", "x", "1"))


def test_gate_counts_refusals_by_status() -> None:
    published: list[object] = []
    gate = IngestGate(published.append, lambda: 5, Limits(max_body_bytes=100))
    with pytest.raises(IngestError) as err:
        gate.submit(b"x" * 101, "c")
    assert err.value.status == 413
    with pytest.raises(IngestError):
        gate.submit(b'{"type": "comment"}', "c")
    answer = gate.submit(b'{"type": "like", "count": 2}', "c")
    assert answer == {"accepted": 1, "duplicates": [], "received": 1}
    assert gate.stats.refused == {413: 1, 400: 1}
    assert published[0].t_ms == 5


def test_token_is_created_once_and_private(tmp_path: Path) -> None:
    token = load_or_create_token(tmp_path / "cfg")
    assert len(token) >= 24
    assert load_or_create_token(tmp_path / "cfg") == token
    mode = stat.S_IMODE(token_path(tmp_path / "cfg").stat().st_mode)
    assert mode == 0o600
    new = regenerate_token(tmp_path / "cfg")
    assert new != token and load_or_create_token(tmp_path / "cfg") == new
    token_path(tmp_path / "cfg").write_text("short")
    assert len(load_or_create_token(tmp_path / "cfg")) >= 24
    assert token_matches(new, new) and not token_matches(None, new)
    assert not token_matches("é", new)


def test_server_info_urls_and_loopback() -> None:
    info = ServerInfo("127.0.0.1", 8765, "tok")
    assert info.events_url == "http://127.0.0.1:8765/api/events"
    assert info.ws_url == "ws://127.0.0.1:8765/api/ws?token=tok"
    assert info.overlay_url() == "http://127.0.0.1:8765/overlay/ticker/?token=tok"
    assert ServerInfo("::1", 1, "t").base_url == "http://[::1]:1"
    assert is_loopback("127.0.0.2") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("example.com")
