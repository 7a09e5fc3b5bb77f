"""OBS control against a real OBS Studio (obs-websocket 5) under Xvfb.

OBS starts in a temporary HOME whose ``global.ini`` turns its WebSocket server on with a
password; the test creates two scenes and a source through the API, lets ObsControl switch
them on product switches, and reads the result back (GetCurrentProgramScene,
GetSceneItemEnabled, GetRecordStatus). Debian's obs-studio 29.0.2 has obs-websocket 5.1
but no CreateRecordChapter (OBS 30.2): the test also proves that costs nothing.

Skipped, with the reason, only when OBS cannot start here (not installed: ``apt-get
install obs-studio xvfb``, or it exits / never opens its port within START_S).
"""

from __future__ import annotations

import asyncio
import os
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.commerce.catalog import ProductInfo
from app.config import Settings
from app.server.client import free_port
from app.session.bus import EventBus
from app.session.events import ProductSwitchEvent, SourceStatusEvent
from app.show.obs import ObsClient, ObsControl, check_connection

OBS = shutil.which("obs")
XVFB = shutil.which("Xvfb")
PASSWORD = "anchordesk-test"
START_S = 30.0
GLOBAL_INI = """[General]
FirstRun=true
EnableAutoUpdates=false

[BasicWindow]
SysTrayEnabled=false

[OBSWebSocket]
FirstLoad=false
ServerEnabled=true
ServerPort={port}
AlertsEnabled=false
AuthRequired=true
ServerPassword={password}
"""

pytestmark = pytest.mark.skipif(
    OBS is None or XVFB is None,
    reason="OBS Studio and Xvfb are not installed (apt-get install obs-studio xvfb)",
)


def _start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        [str(XVFB), "-displayfd", str(write), "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    os.close(write)
    try:
        number = _read_line(read, timeout=10.0)
    finally:
        os.close(read)
    if not number:
        _end(xvfb)
        pytest.skip("Xvfb did not start within 10 s")
    return xvfb, f":{number}"


def _read_line(fd: int, timeout: float) -> str:
    """Up to the newline: Xvfb writes the number and the newline separately, and dies
    ("Cannot write display number") if the pipe is closed between the two."""
    deadline, data = time.monotonic() + timeout, b""
    while not data.endswith(b"\n"):
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(fd, 32) if ready else b""
        if not chunk:
            break
        data += chunk
    return data.decode().strip() if data.endswith(b"\n") else ""


def _end(process: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    if process.poll() is not None:
        return
    with _suppress():
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        with _suppress():
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


class _suppress:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return exc[0] is ProcessLookupError


@pytest.fixture(scope="module")
def real_obs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A running OBS with its WebSocket server on a free port (the port)."""
    home = tmp_path_factory.mktemp("obs-home")
    port = free_port()
    config = home / ".config" / "obs-studio"
    config.mkdir(parents=True)
    (config / "global.ini").write_text(GLOBAL_INI.format(port=port, password=PASSWORD))
    xvfb, display = _start_xvfb()
    log_path = home / "obs.log"
    # OBS is a Qt program of its own: an `import cv2` earlier in this process points Qt's
    # plugin path at cv2's bundled plugins, which OBS's Qt cannot load.
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env = {
        **inherited,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
    }
    with log_path.open("wb") as log:
        obs = subprocess.Popen(
            [str(OBS), "--disable-updater", "--disable-shutdown-check", "--multi"],
            cwd=home,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_serving(obs, port, log_path)
        yield port
    finally:
        _end(obs)
        _end(xvfb)


def _wait_until_serving(obs: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        if obs.poll() is not None:
            pytest.skip(f"OBS exited at start ({obs.returncode}): {_tail(log_path)}")
        if check_connection("127.0.0.1", port, PASSWORD, timeout_s=2.0).ok:
            return
        time.sleep(0.3)
    pytest.skip(f"OBS did not open its WebSocket port within {START_S:g} s: {_tail(log_path)}")


def _tail(path: Path) -> str:
    lines = path.read_text(errors="replace").splitlines()
    return " | ".join(lines[-5:])


def _ask(port: int, *requests: tuple[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Send requests on a fresh connection of our own (what OBS really holds)."""

    async def go() -> list[dict[str, Any]]:
        client = ObsClient("127.0.0.1", port, PASSWORD, timeout_s=5.0)
        await client.connect()
        try:
            return [await client.request(kind, data) for kind, data in requests]
        finally:
            await client.close()

    return asyncio.run(go())


def _eventually(check: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def _program(port: int) -> str:
    return str(_ask(port, ("GetCurrentProgramScene", {}))[0]["currentProgramSceneName"])


def _card_enabled(port: int) -> bool:
    item = _ask(port, ("GetSceneItemId", {"sceneName": "AD Products", "sourceName": "AD Card"}))
    answer = _ask(
        port,
        (
            "GetSceneItemEnabled",
            {"sceneName": "AD Products", "sceneItemId": item[0]["sceneItemId"]},
        ),
    )
    return bool(answer[0]["sceneItemEnabled"])


def test_real_obs_switches_scenes_and_records_with_the_show(real_obs: int) -> None:
    port = real_obs
    version, *_ = _ask(
        port,
        ("GetVersion", {}),
        ("CreateScene", {"sceneName": "AD Lipstick"}),
        ("CreateScene", {"sceneName": "AD Products"}),
        (
            "CreateInput",
            {
                "sceneName": "AD Products",
                "inputName": "AD Card",
                "inputKind": "color_source_v3",
                "inputSettings": {},
                "sceneItemEnabled": False,
            },
        ),
    )
    assert int(version["rpcVersion"]) == 1
    chapters = "CreateRecordChapter" in version["availableRequests"]
    products = [
        ProductInfo(sku="A-1", name_zh="口红", name_en="Lipstick", price=99.0),
        ProductInfo(sku="B-2", name_zh="墨镜", name_en="Sunglasses", price=199.0),
    ]
    bus = EventBus()
    statuses: list[SourceStatusEvent] = []
    bus.subscribe(statuses.append, (SourceStatusEvent,))  # type: ignore[arg-type]
    obs = ObsControl(products, password=lambda: PASSWORD, timeout_s=5.0)
    obs.configure(
        Settings(
            obs_enabled=True,
            obs_port=port,
            obs_scenes='{"A-1": "AD Lipstick", "B-2": ["AD Products", "AD Card"]}',
            obs_record_with_show=True,
        )
    )
    obs.attach(bus)
    try:
        assert _eventually(lambda: bool(statuses) and statuses[-1].state == "ok"), statuses
        ok = statuses[-1].message
        assert ok.startswith(f"connected to OBS {version['obsVersion']} at 127.0.0.1:{port}")
        assert ("no recording chapters" in ok) is not chapters
        bus.publish(ProductSwitchEvent(1_000, "A-1"))
        assert _eventually(lambda: _program(port) == "AD Lipstick")
        bus.publish(ProductSwitchEvent(2_000, "B-2", previous="A-1"))
        assert _eventually(lambda: _program(port) == "AD Products" and _card_enabled(port))
        status = _ask(port, ("GetRecordStatus", {}))[0]
        assert status["outputActive"] is True  # started with the show
        assert chapters or obs.chapters_made == 0  # OBS < 30.2: none asked, none failed
    finally:
        obs.detach()
    assert _eventually(lambda: _ask(port, ("GetRecordStatus", {}))[0]["outputActive"] is False)
    assert statuses[-1].state == "ended"


def test_real_obs_refuses_a_wrong_password_in_plain_words(real_obs: int) -> None:
    refused = check_connection("127.0.0.1", real_obs, "not the password", timeout_s=5.0)
    assert not refused.ok
    assert refused.message == (
        f"OBS at 127.0.0.1:{real_obs} refused the password (authentication failed): enter "
        "the password shown in OBS's WebSocket Server Settings in Tools ▸ Settings ▸ OBS"
    )
