"""What every platform adapter provides, and what a decoder hands back.

An adapter knows one platform's pages: which address to open, which WebSocket and JSON
responses carry the room's events, how to decode them, and what a logged-out page looks
like. Decoders return *ingest objects* (the JSON event format of ``docs/ingest.md``:
``{"type": "comment", "id": ..., "platform": ..., "user": ..., "text": ...}``), so the
bridge validates them with the same code as the ingest server and no second mapping to
events exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: An ingest event object (see app/session/codec.py).
Item = dict[str, Any]


class DecodeError(ValueError):
    """A frame or response that looked like ours but could not be decoded."""


class MissingPackage(DecodeError):
    """Reading this frame needs an optional package that is not installed (``package``)."""

    def __init__(self, package: str, what: str) -> None:
        super().__init__(f"{what}: install the '{package}' package to read it")
        self.package = package


@dataclass(frozen=True)
class Adapter:
    """One platform: where to go, what to listen to, how to read it.

    ``decode_ws(payload)`` and ``decode_json(url, data)`` return ingest objects and raise
    :class:`DecodeError` for a frame they should understand but cannot; a frame that is not
    theirs (a heartbeat, another service) gives ``[]``.
    """

    platform: str
    #: Display name of the platform (not translated: a brand).
    title: str
    #: Where the user logs in (the *Open login window* button).
    login_url: str
    #: ``arg`` of ``platform:arg`` -> the page address to open.
    page_url: Callable[[str], str]
    ws_match: Callable[[str], bool] = lambda url: False
    decode_ws: Callable[[bytes | str], list[Item]] = lambda payload: []
    json_match: Callable[[str], bool] = lambda url: False
    decode_json: Callable[[str, Any], list[Item]] = lambda url, data: []
    #: True for a page address that means "not logged in" (a login or passport page).
    logged_out: Callable[[str], bool] = lambda url: False
    #: Kinds of traffic the page sends while healthy (for the help text).
    reads: tuple[str, ...] = field(default=("comments",))


def page_address(arg: str, template: str) -> str:
    """``arg`` as given when it is already an address, else ``template`` filled with it."""
    arg = arg.strip()
    if arg.startswith(("http://", "https://")):
        return arg
    return template.format(arg=arg.lstrip("@/"))
