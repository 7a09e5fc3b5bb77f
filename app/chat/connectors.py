"""Comment connectors by name: ``twitch:CHANNEL``, ``jsonl:PATH``, ``csv:PATH``.

A connector is just a :class:`~app.session.sources.Source`; this module maps the short
spec a person types (``python -m app --connect twitch:somechannel``) to one, so the CLI
and later a settings page share one list. Platforms without a public chat API (Douyin,
TikTok) come in through the ingest server instead: see ``resources/bridge/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.errors import UserError
from app.session.sources import Source


class ConnectorError(UserError, ValueError):
    """A connector spec that cannot be used; the message says what to type instead."""


def _twitch(arg: str) -> Source:
    from app.chat.twitch import TwitchIrcSource

    return TwitchIrcSource(arg)


def _file(kind: str) -> Callable[[str], Source]:
    def build(arg: str) -> Source:
        path = Path(arg).expanduser()
        if not path.is_file():
            raise ConnectorError(f"{kind} file not found: {path}")
        source: Source
        if kind == "csv":
            from app.chat.csv_replay import CsvScriptSource

            source = CsvScriptSource(path)
        else:
            from app.chat.replay import JsonlScriptSource

            source = JsonlScriptSource(path)
        source.name = kind  # its own status dot, beside a bundle's "comments" replay
        return source

    return build


#: kind -> (factory taking the text after the colon, one-line help)
CONNECTORS: dict[str, tuple[Callable[[str], Source], str]] = {
    "twitch": (_twitch, "twitch:CHANNEL  read a Twitch channel's chat (anonymous)"),
    "jsonl": (_file("jsonl"), "jsonl:PATH      replay a JSONL event script"),
    "csv": (_file("csv"), "csv:PATH        replay comments/events from a CSV file"),
}


def connector_help() -> str:
    return "; ".join(" ".join(text.split()) for _, text in CONNECTORS.values())


def source_from_spec(spec: str) -> Source:
    """Build the source for ``kind:argument``; raises :class:`ConnectorError`."""
    kind, sep, arg = spec.partition(":")
    entry = CONNECTORS.get(kind.strip().lower())
    if not sep or entry is None or not arg.strip():
        raise ConnectorError(f"unknown connector {spec!r}; use one of: {connector_help()}")
    try:
        return entry[0](arg.strip())
    except ConnectorError:
        raise
    except ValueError as exc:
        raise ConnectorError(str(exc)) from exc
