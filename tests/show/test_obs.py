"""OBS control against a fake obs-websocket 5 server (tests/show/fake_obs.py).

The fake speaks the real protocol over a real WebSocket, with the real authentication, so
the handshake, requests, events, timeouts and reconnects are tested in every environment;
tests/show/test_obs_real.py does the same against OBS Studio itself where it can run.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import itertools
import os
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.commerce.catalog import ProductInfo
from app.config import Settings
from app.session.bus import EventBus
from app.session.events import AlertEvent, Event, ProductSwitchEvent, SourceStatusEvent
from app.settings_check import field_specs, validate
from app.show.obs import (
    ObsAuthError,
    ObsClient,
    ObsControl,
    ObsOptions,
    ObsRequestError,
    ObsTarget,
    ObsTimeout,
    ObsUnreachable,
    SceneMapError,
    auth_response,
    check_connection,
    load_obs_password,
    parse_scene_map,
    password_path,
    save_obs_password,
    scene_map_problem,
    target_for,
)
from tests.show.fake_obs import FakeObs, expected_auth

PASSWORD = "s3cret pass"
PRODUCTS = [
    ProductInfo(sku="A-1", name_zh="口红", name_en="Lipstick", price=99.0),
    ProductInfo(sku="B-2", name_zh="卡片B", name_en="Card B", price=10.0),
    ProductInfo(sku="C-3", name_zh="卡片A", name_en="Card A", price=10.0),
]
SCENES = '{"A-1": "Lipstick", "B-2": ["Products", "Card B"], "C-3": ["Products", "Card A"]}'


@pytest.fixture
def fake() -> Iterator[FakeObs]:
    server = FakeObs(PASSWORD).start()
    yield server
    server.stop()


class Recorder:
    """What ObsControl publishes, with a wait for a condition (bounded)."""

    def __init__(self, bus: EventBus) -> None:
        self.events: list[Event] = []
        self._cond = threading.Condition()
        bus.subscribe(self._on, (SourceStatusEvent, AlertEvent))

    def _on(self, event: Event) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    @property
    def statuses(self) -> list[SourceStatusEvent]:
        return [e for e in self.events if isinstance(e, SourceStatusEvent)]

    @property
    def alerts(self) -> list[AlertEvent]:
        return [e for e in self.events if isinstance(e, AlertEvent)]

    def wait(self, predicate: Callable[[Recorder], bool], timeout: float = 5.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: predicate(self), timeout)

    def last_state(self) -> str | None:
        statuses = self.statuses
        return statuses[-1].state if statuses else None


def settings(port: int, **changes: object) -> Settings:
    s = Settings(obs_enabled=True, obs_port=port, obs_scenes=SCENES)
    for name, value in changes.items():
        setattr(s, name, value)
    return s


def control(password: str = PASSWORD, **kw: object) -> ObsControl:
    secret = {"value": password}
    obs = ObsControl(
        PRODUCTS,
        password=lambda: secret["value"],
        timeout_s=1.0,
        retry_first_s=0.05,
        retry_max_s=0.2,
        **kw,  # type: ignore[arg-type]
    )
    obs.secret = secret  # type: ignore[attr-defined]  # tests change the saved password
    return obs


@pytest.fixture
def running(fake: FakeObs) -> Iterator[tuple[ObsControl, EventBus, Recorder]]:
    bus = EventBus()
    seen = Recorder(bus)
    obs = control()
    obs.configure(settings(fake.port, obs_record_with_show=True))
    obs.attach(bus)
    try:
        assert seen.wait(lambda r: r.last_state() == "ok"), seen.statuses
        yield obs, bus, seen
    finally:
        obs.detach()
    assert not [t for t in threading.enumerate() if t.name == "show-obs"]


# -- the protocol -------------------------------------------------------------------------
def test_auth_response_is_obs_websocket_5s_formula() -> None:
    salt, challenge = "PZVbYpvAnZut2SS6JNJytDm9", "ztTBnnuqrqaKDzRM3xcVdbYm"
    secret = base64.b64encode(
        hashlib.sha256(b"supersecretpasswordPZVbYpvAnZut2SS6JNJytDm9").digest()
    )
    want = base64.b64encode(hashlib.sha256(secret + challenge.encode()).digest()).decode()
    assert auth_response("supersecretpassword", salt, challenge) == want
    assert auth_response("密码", "s", "c") == expected_auth("密码", "s", "c")


def test_client_identifies_with_the_password_and_sends_requests(fake: FakeObs) -> None:
    async def go() -> tuple[dict[str, Any], dict[str, Any]]:
        client = ObsClient("127.0.0.1", fake.port, PASSWORD, timeout_s=2.0)
        await client.connect()
        try:
            version = await client.request("GetVersion")
            await client.request("SetCurrentProgramScene", {"sceneName": "Lipstick"})
            current = await client.request("GetCurrentProgramScene")
            return version, current
        finally:
            await client.close()

    version, current = asyncio.run(go())
    assert version["obsVersion"] == "29.0.2"
    assert "CreateRecordChapter" not in version["availableRequests"]
    assert current == {"currentProgramSceneName": "Lipstick"}
    assert fake.state.identified == 1


def test_client_errors_say_what_went_wrong(fake: FakeObs) -> None:
    async def connect(password: str, port: int = fake.port) -> None:
        client = ObsClient("127.0.0.1", port, password, timeout_s=1.0)
        try:
            await client.connect()
        finally:
            await client.close()

    with pytest.raises(ObsAuthError, match="refused the password"):
        asyncio.run(connect("wrong"))
    assert fake.state.refused == 1
    with pytest.raises(ObsAuthError, match="none is set"):
        asyncio.run(connect(""))
    with pytest.raises(ObsUnreachable, match="nothing is listening"):
        asyncio.run(connect(PASSWORD, port=free_port()))

    async def failing_request() -> None:
        client = ObsClient("127.0.0.1", fake.port, PASSWORD, timeout_s=1.0)
        await client.connect()
        try:
            await client.request("SetCurrentProgramScene", {"sceneName": "Nope"})
        finally:
            await client.close()

    with pytest.raises(ObsRequestError) as failed:
        asyncio.run(failing_request())
    assert failed.value.code == 600


def test_every_request_has_a_timeout() -> None:
    server = FakeObs(hang=("GetVersion",)).start()
    try:

        async def go() -> None:
            client = ObsClient("127.0.0.1", server.port, timeout_s=0.3)
            await client.connect()
            try:
                await client.request("GetVersion")
            finally:
                await client.close()

        with pytest.raises(ObsTimeout, match=r"did not answer GetVersion within 0\.3 s"):
            asyncio.run(go())
    finally:
        server.stop()


def test_check_connection_for_the_settings_page(fake: FakeObs) -> None:
    ok = check_connection("127.0.0.1", fake.port, PASSWORD, timeout_s=1.0)
    assert ok.ok and ok.obs_version == "29.0.2" and not ok.chapters
    assert ok.scenes == ("Scene", "Lipstick", "Products")
    assert ok.message == f"connected to OBS 29.0.2 at 127.0.0.1:{fake.port}"
    refused = check_connection("127.0.0.1", fake.port, "nope", timeout_s=1.0)
    assert not refused.ok and "refused the password" in refused.message
    assert "Tools ▸ Settings ▸ OBS" in refused.message
    away = check_connection("127.0.0.1", free_port(), timeout_s=1.0)
    assert not away.ok and "is not reachable" in away.message and "is OBS running?" in away.message


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- the processor ------------------------------------------------------------------------
def test_switching_products_switches_scenes_and_sources(
    running: tuple[ObsControl, EventBus, Recorder], fake: FakeObs
) -> None:
    _, bus, seen = running
    assert seen.statuses[0].state == "starting"
    assert seen.statuses[-1].message == (
        f"connected to OBS 29.0.2 at 127.0.0.1:{fake.port} (no recording chapters before OBS 30.2)"
    )
    bus.publish(ProductSwitchEvent(1_000, "A-1"))
    assert fake.wait_for(lambda s: s.current == "Lipstick")
    bus.publish(ProductSwitchEvent(2_000, "B-2", previous="A-1"))
    assert fake.wait_for(
        lambda s: (
            s.current == "Products" and s.items["Products"] == {"Card A": False, "Card B": True}
        )
    )
    bus.publish(ProductSwitchEvent(3_000, "C-3", previous="B-2"))
    assert fake.wait_for(lambda s: s.items["Products"] == {"Card A": True, "Card B": False})
    # OBS 29 has no CreateRecordChapter: never asked, nothing fails
    assert "CreateRecordChapter" not in fake.state.requests
    assert fake.state.recording  # obs_record_with_show: started with the show
    assert not seen.alerts


def test_an_edited_mapping_applies_at_once(
    running: tuple[ObsControl, EventBus, Recorder], fake: FakeObs
) -> None:
    obs, bus, _ = running
    bus.publish(ProductSwitchEvent(1_000, "A-1"))
    assert fake.wait_for(lambda s: s.current == "Lipstick")
    obs.configure(settings(fake.port, obs_scenes='{"A-1": "Products"}'))  # Settings ▸ Save
    assert fake.wait_for(lambda s: s.current == "Products")
    assert fake.state.identified == 1  # the same connection


def test_recording_starts_and_stops_with_the_show(fake: FakeObs) -> None:
    bus = EventBus()
    seen = Recorder(bus)
    obs = control()
    obs.configure(settings(fake.port, obs_record_with_show=True))
    obs.attach(bus)
    assert fake.wait_for(lambda s: s.recording)
    obs.detach()
    assert not fake.state.recording
    assert fake.state.requests.count("StartRecord") == 1
    assert fake.state.requests.count("StopRecord") == 1
    assert seen.statuses[-1].state == "ended"


def test_a_recording_already_running_is_left_running(fake: FakeObs) -> None:
    fake.state.recording = True  # the operator pressed Start Recording in OBS
    obs = control()
    obs.configure(settings(fake.port, obs_record_with_show=True))
    obs.attach(EventBus())
    assert fake.wait_for(lambda s: "GetRecordStatus" in s.requests)
    obs.detach()
    assert fake.state.recording and "StopRecord" not in fake.state.requests


def test_a_chapter_per_product_where_obs_has_them() -> None:
    server = FakeObs(PASSWORD, version="30.2.0", chapters=True).start()
    bus = EventBus()
    seen = Recorder(bus)
    obs = control()
    obs.configure(settings(server.port, obs_record_with_show=True))
    try:
        obs.attach(bus)
        assert seen.wait(lambda r: r.last_state() == "ok")
        assert seen.statuses[-1].message == f"connected to OBS 30.2.0 at 127.0.0.1:{server.port}"
        bus.publish(ProductSwitchEvent(1_000, "A-1"))
        assert server.wait_for(lambda s: len(s.chapters) == 1)
        bus.publish(ProductSwitchEvent(2_000, "B-2", previous="A-1"))
        assert server.wait_for(lambda s: len(s.chapters) == 2)
        assert server.state.chapters == ["A-1 口红", "B-2 卡片B"]
    finally:
        obs.detach()
        server.stop()
    assert obs.chapters_made == 2


def test_chapters_can_be_switched_off() -> None:
    server = FakeObs(chapters=True).start()
    bus = EventBus()
    obs = control(password="")
    obs.configure(settings(server.port, obs_record_with_show=True, obs_record_chapters=False))
    try:
        obs.attach(bus)
        bus.publish(ProductSwitchEvent(1_000, "A-1"))
        assert server.wait_for(lambda s: s.current == "Lipstick" and s.recording)
    finally:
        obs.detach()
        server.stop()
    assert server.state.chapters == []


def test_missing_scene_or_source_is_one_alert_not_a_failure(fake: FakeObs) -> None:
    bus = EventBus()
    seen = Recorder(bus)
    obs = control()
    mapping = '{"A-1": "Close-up", "B-2": ["Products", "Card Z"], "C-3": "Lipstick"}'
    obs.configure(settings(fake.port, obs_scenes=mapping))
    try:
        obs.attach(bus)
        assert seen.wait(lambda r: len(r.alerts) == 1)  # checked against GetSceneList
        assert seen.alerts[0].text == (
            "OBS has no scene “Close-up” (for 口红): rename it in OBS or fix the scene "
            "mapping in Tools ▸ Settings ▸ OBS."
        )
        bus.publish(ProductSwitchEvent(1_000, "B-2"))
        assert seen.wait(lambda r: len(r.alerts) == 2)
        assert fake.wait_for(lambda s: s.current == "Products")
        bus.publish(ProductSwitchEvent(2_000, "A-1"))  # reported already: no second alert
        assert fake.wait_for(lambda s: s.requests.count("GetCurrentProgramScene") == 2)
        bus.publish(ProductSwitchEvent(3_000, "C-3"))
        assert fake.wait_for(lambda s: s.current == "Lipstick")
        assert seen.alerts[1].kind == "obs" and seen.alerts[1].message is not None
        assert "no source “Card Z” in scene “Products”" in seen.alerts[1].text
        assert seen.last_state() == "ok"  # still connected, still switching
    finally:
        obs.detach()
    assert len(seen.alerts) == 2


def test_wrong_password_then_fixed_in_settings_reconnects(fake: FakeObs) -> None:
    bus = EventBus()
    seen = Recorder(bus)
    obs = control(password="wrong")
    obs.configure(settings(fake.port))
    try:
        obs.attach(bus)
        assert seen.wait(lambda r: r.last_state() == "error")
        assert "refused the password (authentication failed)" in seen.statuses[-1].message
        obs.secret["value"] = PASSWORD  # type: ignore[attr-defined]  # saved in the dialog
        obs.configure(settings(fake.port))  # Settings ▸ Save (apply live)
        assert seen.wait(lambda r: r.last_state() == "ok")
    finally:
        obs.detach()


def test_reconnects_when_obs_comes_back() -> None:
    server = FakeObs(PASSWORD).start()
    port = server.port
    bus = EventBus()
    seen = Recorder(bus)
    obs = control()
    obs.configure(settings(port))
    try:
        obs.attach(bus)
        assert seen.wait(lambda r: r.last_state() == "ok")
        server.stop()  # OBS quits
        assert seen.wait(lambda r: r.last_state() == "error")
        assert seen.wait(lambda r: "is not reachable" in r.statuses[-1].message)
        bus.publish(ProductSwitchEvent(5_000, "A-1"))  # while OBS is away
        server = FakeObs(PASSWORD, port=port).start()  # OBS is back
        assert seen.wait(lambda r: r.last_state() == "ok")
        assert server.wait_for(lambda s: s.current == "Lipstick")  # the on-air product
    finally:
        obs.detach()
        server.stop()


def test_an_absent_obs_is_retried_with_back_off() -> None:
    attempts: list[float] = []
    fourth = threading.Event()

    class Counting(ObsClient):
        async def connect(self) -> None:
            attempts.append(time.monotonic())
            if len(attempts) == 4:
                fourth.set()
            await super().connect()

    bus = EventBus()
    seen = Recorder(bus)
    obs = ObsControl(
        PRODUCTS, retry_first_s=0.05, retry_max_s=0.2, timeout_s=1.0, client_factory=Counting
    )
    obs.configure(settings(free_port()))
    obs.attach(bus)
    try:
        assert fourth.wait(5)
    finally:
        obs.detach()
    waits = [b - a for a, b in itertools.pairwise(attempts[:4])]
    assert waits[0] >= 0.05 and waits[1] >= 0.1 and waits[2] >= 0.2  # doubling, capped
    states = [s.state for s in seen.statuses]
    assert states == ["starting", "error"]  # one red dot, not one per attempt


def test_new_address_reconnects_and_turning_off_disconnects(fake: FakeObs) -> None:
    other = FakeObs(PASSWORD).start()
    bus = EventBus()
    seen = Recorder(bus)
    obs = control()
    obs.configure(settings(fake.port))
    try:
        obs.attach(bus)
        assert fake.wait_for(lambda s: s.identified == 1)
        obs.configure(settings(other.port))
        assert other.wait_for(lambda s: s.identified == 1)
        assert fake.wait_for(lambda s: not fake._sockets)
        obs.configure(settings(other.port, obs_enabled=False))
        assert seen.wait(lambda r: r.last_state() == "ended")
        assert other.wait_for(lambda s: not other._sockets)
    finally:
        obs.detach()
        other.stop()


def test_off_by_default_does_nothing() -> None:
    bus = EventBus()
    seen = Recorder(bus)
    obs = ObsControl(PRODUCTS)
    obs.configure(Settings())
    assert not obs.options.enabled
    obs.attach(bus)
    bus.publish(ProductSwitchEvent(0, "A-1"))
    obs.detach()
    assert seen.events == []


def test_unusable_mapping_is_an_alert_and_switches_nothing(fake: FakeObs) -> None:
    bus = EventBus()
    seen = Recorder(bus)
    obs = control()
    obs.configure(settings(fake.port, obs_scenes='{"A-1": 5}'))
    try:
        obs.attach(bus)
        assert seen.wait(lambda r: r.last_state() == "ok")
        assert "scene mapping cannot be used (A-1: give a scene name" in seen.alerts[0].text
        bus.publish(ProductSwitchEvent(1_000, "A-1"))
    finally:
        obs.detach()
    assert "SetCurrentProgramScene" not in fake.state.requests


# -- settings, mapping, password ------------------------------------------------------------
def test_scene_mapping() -> None:
    scenes = parse_scene_map(
        '{"A-1": "Lipstick", "B-2": ["Products", "Card B"], "C-3": {"scene": "S"}, "*": "Wide"}'
    )
    assert scenes == {
        "A-1": ObsTarget("Lipstick"),
        "B-2": ObsTarget("Products", "Card B"),
        "C-3": ObsTarget("S"),
        "*": ObsTarget("Wide"),
    }
    assert target_for(scenes, "Z-9") == ObsTarget("Wide")  # no own entry: "*"
    assert target_for(scenes, None) == ObsTarget("Wide")
    assert target_for({}, "A-1") is None
    assert parse_scene_map("  ") == {}
    for bad in ("[1]", "{", '{"A": ""}', '{"A": ["a", "b", "c"]}', "[" * 100_000):
        with pytest.raises(SceneMapError):
            parse_scene_map(bad)
    assert scene_map_problem('{"A": 1}') == 'A: give a scene name, or ["scene", "source"]'
    assert scene_map_problem(SCENES) is None


def test_obs_settings_are_declared_once_in_their_own_group() -> None:
    specs = {s.name: s for s in field_specs()}
    names = [n for n in specs if n.startswith("obs_")]
    assert names == [
        "obs_enabled",
        "obs_host",
        "obs_port",
        "obs_scenes",
        "obs_record_with_show",
        "obs_record_chapters",
    ]
    assert all(specs[n].group == "obs" and specs[n].live for n in names)
    defaults = Settings()
    assert not defaults.obs_enabled and not defaults.obs_record_with_show
    assert not any("password" in n for n in specs)  # a secret: not in settings.json
    assert validate(Settings(obs_port=0))[0].name == "obs_port"
    options = ObsOptions.from_settings(settings(4455), "pw")
    assert options.connection == (True, "127.0.0.1", 4455, "pw")
    assert "pw" not in repr(options)


def test_password_is_kept_owner_only_beside_the_settings(tmp_path: Path) -> None:
    assert load_obs_password(tmp_path) == ""
    save_obs_password(tmp_path, "p@ss wörd ")
    assert load_obs_password(tmp_path) == "p@ss wörd "
    if os.name == "posix":
        assert stat.S_IMODE(password_path(tmp_path).stat().st_mode) == 0o600
    save_obs_password(tmp_path, "")
    assert not password_path(tmp_path).exists()
