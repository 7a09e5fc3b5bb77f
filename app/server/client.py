"""A minimal client of the ingest API, as a platform bridge talks to it (stdlib only).

The soak benchmark (``bench ingest``) and the tests that run the real program post events
through it; a team writing its own bridge can read it as the smallest working example.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from typing import Any


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on right now (for a server started next)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def post_events(
    url: str, token: str, body: bytes | list[dict[str, Any]], timeout: float = 30.0
) -> tuple[int, dict[str, Any]]:
    """POST ``body`` (raw bytes, or events to encode) with the token: (status, JSON answer).

    Refusals (4xx/5xx) are answers too, not exceptions; a server that does not answer at
    all raises ``OSError`` (connection refused, timeout).
    """
    data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    request = urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return int(answer.status), json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        try:
            return exc.code, json.loads(exc.read())
        except ValueError:
            return exc.code, {"error": "not JSON"}
