"""Comment connectors by name: ``twitch:CHANNEL``, ``jsonl:PATH``, ``csv:PATH`` and the
browser bridge's ``douyin:``, ``tiktok:``, ``kuaishou:``, ``bilibili:``, ``youtube:``.

A connector is just a :class:`~app.session.sources.Source`; this module maps the short
spec a person types (``python -m app --connect douyin:https://live.douyin.com/123``) to
one, so the CLI and the Connections dialog share one list. Browser specs may name the
account whose logged-in browser profile to use: ``douyin@shop2:ROOM`` (default
"default"). Building a source starts nothing: a bad spec fails here, before any window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.errors import UserError
from app.session.sources import Source


class ConnectorError(UserError, ValueError):
    """A connector spec that cannot be used; the message says what to type instead."""


#: A connector: the text after the colon, the account (``douyin@shop2:``; only the browser
#: bridge has accounts) and the data folder (browser profiles) -> the source.
Factory = Callable[[str, str, Path | None], Source]


def _twitch(arg: str, _account: str, _data_dir: Path | None) -> Source:
    from app.chat.twitch import TwitchIrcSource

    return TwitchIrcSource(arg)


def _file(kind: str) -> Factory:
    def build(arg: str, _account: str, _data_dir: Path | None) -> Source:
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


def _bridge(platform: str) -> Factory:
    def build(arg: str, account: str, data_dir: Path | None) -> Source:
        from app.bridge.platforms import adapter_for
        from app.bridge.source import BridgeSource

        return BridgeSource(adapter_for(platform), arg, account=account, data_dir=data_dir)

    return build


#: Platforms read through the browser bridge (app/bridge, the ``bridge`` extra).
BRIDGE_KINDS = ("douyin", "tiktok", "kuaishou", "bilibili", "youtube")

#: kind -> (factory taking the text after the colon, one-line help)
CONNECTORS: dict[str, tuple[Factory, str]] = {
    "twitch": (_twitch, "twitch:CHANNEL  read a Twitch channel's chat (anonymous)"),
    "jsonl": (_file("jsonl"), "jsonl:PATH      replay a JSONL event script"),
    "csv": (_file("csv"), "csv:PATH        replay comments/events from a CSV file"),
    "douyin": (_bridge("douyin"), "douyin:ROOM_URL|ROOM_ID|console  Douyin room or seller console"),
    "tiktok": (_bridge("tiktok"), "tiktok:@USER|URL  TikTok LIVE room"),
    "kuaishou": (_bridge("kuaishou"), "kuaishou:USER_ID|URL  Kuaishou live room"),
    "bilibili": (_bridge("bilibili"), "bilibili:ROOM_ID|URL  Bilibili live room"),
    "youtube": (_bridge("youtube"), "youtube:VIDEO_ID|URL  YouTube live chat"),
}


def connector_help() -> str:
    return "; ".join(" ".join(text.split()) for _, text in CONNECTORS.values())


def source_from_spec(spec: str, data_dir: Path | None = None) -> Source:
    """Build the source for ``kind[@account]:argument``; raises :class:`ConnectorError`.

    ``data_dir`` is where browser profiles and bad-frame reports go (None: the running
    app's data folder).
    """
    kind, sep, arg = spec.partition(":")
    kind, _, account = kind.strip().lower().partition("@")
    entry = CONNECTORS.get(kind)
    if not sep or entry is None or not arg.strip() or (account and kind not in BRIDGE_KINDS):
        raise ConnectorError(f"unknown connector {spec!r}; use one of: {connector_help()}")
    try:
        return entry[0](arg.strip(), account or "default", data_dir)
    except ConnectorError:
        raise
    except ValueError as exc:
        raise ConnectorError(str(exc)) from exc
