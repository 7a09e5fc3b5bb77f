"""Twitch chat, read-only and anonymous, over IRC (no account, no OAuth token).

Twitch lets anyone read a channel's chat by logging in as ``justinfan<digits>``. With the
IRCv3 ``twitch.tv/tags`` capability each PRIVMSG carries ``id`` (unique message id, used
to de-duplicate), ``display-name`` and ``emotes`` (character ranges). The connection is
kept alive by answering PING, and re-established with exponential back-off when it
drops or Twitch asks us to RECONNECT; every change is reported as a source status.
"""

from __future__ import annotations

import itertools
import logging
import random
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field

from app.messages import QT_TRANSLATE_NOOP, Message
from app.session.events import CommentEvent
from app.session.sources import Source

log = logging.getLogger("app.chat.twitch")

TWITCH_HOST = "irc.chat.twitch.tv"
TWITCH_PORT = 6667
_TAG_ESCAPES = {":": ";", "s": " ", "\\": "\\", "r": "\r", "n": "\n"}
_MAX_LINE = 8192

_READING = QT_TRANSLATE_NOOP("Messages", "reading #{channel} (anonymous, read-only)")
_RECONNECTING = QT_TRANSLATE_NOOP(
    "Messages", "#{channel}: {reason}; reconnecting in {seconds:.1f} s"
)
_SERVER_CLOSED = QT_TRANSLATE_NOOP("Messages", "the server closed the connection")
_DISCONNECTED = QT_TRANSLATE_NOOP("Messages", "disconnected")


@dataclass(frozen=True, slots=True)
class IrcMessage:
    """One parsed IRC line: ``@tags :prefix COMMAND params :trailing``."""

    command: str
    params: tuple[str, ...] = ()
    tags: dict[str, str] = field(default_factory=dict)
    prefix: str = ""

    @property
    def nick(self) -> str:
        return self.prefix.split("!", 1)[0]

    @property
    def trailing(self) -> str:
        return self.params[-1] if self.params else ""


def unescape_tag(value: str) -> str:
    """IRCv3 tag value unescaping (``\\s`` -> space, ``\\:`` -> ``;`` ...)."""
    if "\\" not in value:
        return value
    out, chars = [], iter(value)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            out.append(_TAG_ESCAPES.get(nxt, nxt))
        else:
            out.append(ch)
    return "".join(out)


def parse_line(line: str) -> IrcMessage:
    """Parse one IRC line (without CRLF); raises ValueError on a line with no command."""
    rest = line.rstrip("\r\n")
    tags: dict[str, str] = {}
    prefix = ""
    if rest.startswith("@"):
        raw_tags, _, rest = rest[1:].partition(" ")
        for item in raw_tags.split(";"):
            key, _, value = item.partition("=")
            tags[key] = unescape_tag(value)
    rest = rest.lstrip(" ")
    if rest.startswith(":"):
        prefix, _, rest = rest[1:].partition(" ")
    head, sep, trailing = rest.partition(" :")
    parts = head.split()
    if not parts:
        raise ValueError(f"not an IRC message: {line!r}")
    params = tuple(parts[1:]) + ((trailing,) if sep else ())
    return IrcMessage(parts[0].upper(), params, tags, prefix)


def parse_emotes(tag: str) -> list[tuple[str, int, int]]:
    """``25:0-4,12-16/1902:6-10`` -> [(emote id, start, end)] sorted by position."""
    ranges: list[tuple[str, int, int]] = []
    for group in filter(None, tag.split("/")):
        emote_id, _, spans = group.partition(":")
        for span in filter(None, spans.split(",")):
            start, _, end = span.partition("-")
            if start.isdigit() and end.isdigit():
                ranges.append((emote_id, int(start), int(end)))
    return sorted(ranges, key=lambda r: r[1])


def strip_emotes(text: str, emotes: list[tuple[str, int, int]]) -> str:
    """The text without its emotes (ranges count code points, as Python strings do)."""
    keep, pos = [], 0
    for _, start, end in emotes:
        keep.append(text[pos:start])
        pos = max(pos, end + 1)
    keep.append(text[pos:])
    return " ".join("".join(keep).split())


def to_comment(msg: IrcMessage, t_ms: int, *, drop_emote_only: bool = True) -> CommentEvent | None:
    """A PRIVMSG as a comment; None for other commands and (optionally) emote-only lines."""
    if msg.command != "PRIVMSG" or len(msg.params) < 2:
        return None
    text = msg.trailing
    if text.startswith("\x01ACTION ") and text.endswith("\x01"):  # /me
        text = text[8:-1]
    text = text.strip()
    emotes = parse_emotes(msg.tags.get("emotes", ""))
    if not text or (drop_emote_only and emotes and not strip_emotes(text, emotes)):
        return None
    event_id = msg.tags.get("id") or f"{msg.nick}-{msg.tags.get('tmi-sent-ts', t_ms)}"
    user = msg.tags.get("display-name") or msg.nick
    return CommentEvent(t_ms, event_id=event_id, platform="twitch", user=user, text=text[:2000])


class TwitchIrcSource(Source):
    """Reads one channel's chat anonymously; endless (runs until the session stops)."""

    background = True  # gives way to the window (app/priority.py)

    name = "twitch"
    endless = True

    def __init__(
        self,
        channel: str,
        *,
        host: str = TWITCH_HOST,
        port: int = TWITCH_PORT,
        backoff: tuple[float, float] = (1.0, 60.0),
        timeout: float = 0.5,
    ) -> None:
        super().__init__(None)
        self.channel = channel.lower().lstrip("#").strip()
        if not self.channel or not self.channel.replace("_", "").isalnum():
            raise ValueError(f"not a Twitch channel name: {channel!r}")
        self.host, self.port = host, port
        self.backoff, self.timeout = backoff, timeout
        self.nick = f"justinfan{random.randint(10_000, 99_999)}"
        self.connections = 0
        self._joined = False

    def end_message(self) -> str | Message:
        return Message(_DISCONNECTED)

    def run(self) -> None:
        delays = self._delays()
        while not self.stopping.is_set():
            self._joined = False
            try:
                self._session()
                reason: Message | str = Message(_SERVER_CLOSED)
            except OSError as exc:
                reason = f"{type(exc).__name__}: {exc}"
            if self.stopping.is_set():
                return
            if self._joined:  # it worked for a while: start again from the shortest wait
                delays = self._delays()
            delay = next(delays)
            values = {"channel": self.channel, "reason": reason, "seconds": delay}
            self.status("error", Message(_RECONNECTING, values))
            self.stopping.wait(delay)

    def _delays(self) -> Iterator[float]:
        first, cap = self.backoff
        for n in itertools.count():
            yield min(cap, first * 2**n) * random.uniform(0.8, 1.0)

    def _session(self) -> None:
        """One connection: log in, join, then read until it drops or we stop."""
        with socket.create_connection((self.host, self.port), timeout=10) as sock:
            sock.settimeout(self.timeout)
            self.connections += 1
            self._send(sock, "CAP REQ :twitch.tv/tags twitch.tv/commands")
            self._send(sock, "PASS SCHMOOPIIE")
            self._send(sock, f"NICK {self.nick}")
            self._send(sock, f"JOIN #{self.channel}")
            for line in self._lines(sock):
                if not self._handle(sock, line):
                    return

    def _handle(self, sock: socket.socket, line: str) -> bool:
        """React to one line; False ends this connection (reconnect)."""
        try:
            msg = parse_line(line)
        except ValueError:
            return True
        if msg.command == "PING":
            self._send(sock, f"PONG :{msg.trailing or 'tmi.twitch.tv'}")
        elif msg.command == "PRIVMSG":
            event = to_comment(msg, self.clock.now_ms())
            if event is not None:
                self.emit(event)
        elif msg.command == "JOIN" and msg.nick == self.nick:
            self._joined = True
            self.status("ok", Message(_READING, {"channel": self.channel}))
        elif msg.command == "RECONNECT":
            return False
        elif msg.command == "NOTICE" and "login" in msg.trailing.lower():
            raise ConnectionError(msg.trailing)
        return True

    def _lines(self, sock: socket.socket) -> Iterator[str]:
        buf = b""
        while not self.stopping.is_set():
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                continue
            if not chunk:
                return
            buf += chunk
            *lines, buf = buf.split(b"\r\n")
            if len(buf) > _MAX_LINE:
                buf = b""  # a broken peer; drop the fragment rather than grow forever
            for raw in lines:
                if raw:
                    yield raw.decode("utf-8", "replace")

    @staticmethod
    def _send(sock: socket.socket, line: str) -> None:
        sock.sendall(line.encode("utf-8") + b"\r\n")
