"""Twitch IRC: parsing, and the source against a local IRC server (asyncio, random port)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest

from app.chat.twitch import (
    TwitchIrcSource,
    parse_emotes,
    parse_line,
    strip_emotes,
    to_comment,
    unescape_tag,
)
from app.messages import Message
from app.session.bus import EventBus
from app.session.clock import SessionClock
from app.session.events import CommentEvent, SourceStatusEvent

PRIVMSG = (
    "@badge-info=;color=#1E90FF;display-name=小鹿\\sDeer;emotes=25:0-4;"
    "id=b34ccfc7-4977-403a-8a94-33c6bac34fb8;tmi-sent-ts=1700000000000;user-id=1 "
    ":xiaolu!xiaolu@xiaolu.tmi.twitch.tv PRIVMSG #shop :Kappa how much is the red one?"
)


def test_parse_privmsg_with_tags() -> None:
    msg = parse_line(PRIVMSG)
    assert msg.command == "PRIVMSG" and msg.nick == "xiaolu"
    assert msg.params == ("#shop", "Kappa how much is the red one?")
    assert msg.tags["display-name"] == "小鹿 Deer" and msg.tags["badge-info"] == ""
    event = to_comment(msg, 1234)
    assert event == CommentEvent(
        1234,
        event_id="b34ccfc7-4977-403a-8a94-33c6bac34fb8",
        platform="twitch",
        user="小鹿 Deer",
        text="Kappa how much is the red one?",
    )


def test_parse_other_lines() -> None:
    assert parse_line("PING :tmi.twitch.tv") == parse_line("PING :tmi.twitch.tv\r\n")
    assert parse_line("PING :tmi.twitch.tv").trailing == "tmi.twitch.tv"
    msg = parse_line(":tmi.twitch.tv 001 justinfan1 :Welcome, GLHF!")
    assert msg.command == "001" and msg.params == ("justinfan1", "Welcome, GLHF!")
    with pytest.raises(ValueError):
        parse_line(":prefix-only")
    assert unescape_tag(r"a\:b\sc\\d\n") == "a;b c\\d\n"


def test_emotes_and_fallbacks() -> None:
    assert parse_emotes("25:0-4,12-16/1902:6-10") == [
        ("25", 0, 4),
        ("1902", 6, 10),
        ("25", 12, 16),
    ]
    assert strip_emotes("Kappa Keepo Kappa hi", parse_emotes("25:0-4,12-16/1902:6-10")) == "hi"
    only = parse_line("@emotes=25:0-4,6-10 :a!a@a PRIVMSG #c :Kappa Kappa")
    assert to_comment(only, 0) is None
    assert to_comment(only, 0, drop_emote_only=False) is not None
    bare = to_comment(parse_line(":bob!bob@bob PRIVMSG #c :\x01ACTION waves\x01"), 7)
    assert bare is not None and (bare.user, bare.text, bare.event_id) == ("bob", "waves", "bob-7")
    assert to_comment(parse_line(":a!a@a NOTICE #c :hi"), 0) is None


def test_bad_channel_name() -> None:
    with pytest.raises(ValueError):
        TwitchIrcSource("no spaces!")


class FakeTwitch:
    """A tiny IRC server: checks the anonymous login, plays lines, drops the first link."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.received: list[str] = []
        self.connections = 0
        self.pong = threading.Event()
        self.port = 0
        self._thread = threading.Thread(target=self.loop.run_forever, name="fake-twitch")
        self._server: asyncio.Server | None = None

    def start(self) -> None:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._open(), self.loop)
        self.port = future.result(10)

    async def _open(self) -> int:
        self._server = await asyncio.start_server(self._client, "127.0.0.1", 0)
        return self._server.sockets[0].getsockname()[1]

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        nick = ""
        while True:
            line = (await reader.readline()).decode().strip()
            if not line:
                writer.close()
                return
            self.received.append(line)
            if line.startswith("NICK "):
                nick = line[5:]
            if line.startswith("JOIN "):
                break
        writer.write(f":{nick}!{nick}@{nick}.tmi.twitch.tv JOIN #shop\r\n".encode())
        if self.connections == 1:
            writer.write(b"PING :tmi.twitch.tv\r\n")
            await writer.drain()
            pong = (await reader.readline()).decode().strip()
            self.received.append(pong)
            self.pong.set()
            # a message split across two TCP writes, then the link drops
            data = (PRIVMSG + "\r\n").encode()
            writer.write(data[:50])
            await writer.drain()
            await asyncio.sleep(0.05)
            writer.write(data[50:])
            await writer.drain()
            writer.close()
            return
        writer.write(b":amy!amy@amy.tmi.twitch.tv PRIVMSG #shop :second link works\r\n")
        writer.write(b":tmi.twitch.tv RECONNECT\r\n")
        await writer.drain()
        writer.close()

    def close(self) -> None:
        async def shut() -> None:
            assert self._server is not None
            self._server.close()

        asyncio.run_coroutine_threadsafe(shut(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        self.loop.close()


@pytest.fixture
def fake_twitch() -> Iterator[FakeTwitch]:
    server = FakeTwitch()
    server.start()
    yield server
    server.close()


def test_source_reads_chat_and_reconnects(fake_twitch: FakeTwitch) -> None:
    bus, clock = EventBus(), SessionClock()
    comments: list[CommentEvent] = []
    statuses: list[SourceStatusEvent] = []
    done = threading.Event()

    def on_comment(event: CommentEvent) -> None:
        comments.append(event)
        if len(comments) == 2:
            done.set()

    bus.subscribe(on_comment, (CommentEvent,))
    bus.subscribe(statuses.append, (SourceStatusEvent,))
    clock.start()
    source = TwitchIrcSource(
        "#Shop", host="127.0.0.1", port=fake_twitch.port, backoff=(0.05, 0.2), timeout=0.05
    )
    source.start(bus, clock)
    try:
        assert done.wait(10), statuses
    finally:
        source.stop()
        assert source.join(5)
    assert [c.user for c in comments[:2]] == ["小鹿 Deer", "amy"]
    assert comments[1].text == "second link works" and comments[1].platform == "twitch"
    login = fake_twitch.received[:4]
    assert login[0] == "CAP REQ :twitch.tv/tags twitch.tv/commands"
    assert login[2].startswith("NICK justinfan") and login[3] == "JOIN #shop"
    assert "PONG :tmi.twitch.tv" in fake_twitch.received
    states = [(s.state, s.message) for s in statuses]
    assert ("ok", "reading #shop (anonymous, read-only)") in states
    assert any(st == "error" and "reconnecting" in msg for st, msg in states)
    notes = [s.note for s in statuses if s.note is not None]
    assert Message("reading #{channel} (anonymous, read-only)", {"channel": "shop"}) in notes
    lost = next(n for n in notes if n.template.endswith("reconnecting in {seconds:.1f} s"))
    assert lost.values["reason"] == Message("the server closed the connection")
    assert fake_twitch.connections >= 2


def test_source_reports_an_unreachable_server() -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    bus, clock = EventBus(), SessionClock()
    statuses: list[SourceStatusEvent] = []
    failed = threading.Event()

    def on_status(event: SourceStatusEvent) -> None:
        statuses.append(event)
        if event.state == "error":
            failed.set()

    bus.subscribe(on_status, (SourceStatusEvent,))
    clock.start()
    source = TwitchIrcSource("shop", host="127.0.0.1", port=port, backoff=(0.05, 0.1))
    source.start(bus, clock)
    try:
        assert failed.wait(10)
    finally:
        source.stop()
        assert source.join(5)
    assert "ConnectionRefusedError" in statuses[-1].message
