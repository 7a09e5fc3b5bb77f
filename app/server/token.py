"""The ingest server's access token: generated once per install, kept in the config dir.

A token (rather than no auth) matters even on loopback: any web page the host opens can
send requests to 127.0.0.1, so only clients the host pasted the token into may post
comments or read the overlay feed. Qt-free so the CLI, the server and the UI share it.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TOKEN_FILE = "ingest_token"
_MIN_LENGTH = 16


def token_path(config_dir: Path) -> Path:
    return config_dir / TOKEN_FILE


def load_or_create_token(config_dir: Path) -> str:
    """Return the install's token, creating it (owner-only file) on first use.

    A missing, empty or too-short file gets a fresh token, so a user can reset the token
    by deleting the file.
    """
    path = token_path(config_dir)
    try:
        token = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        token = ""
    if len(token) >= _MIN_LENGTH:
        return token
    return regenerate_token(config_dir)


def regenerate_token(config_dir: Path) -> str:
    """Write a new random token (old clients must be given the new one)."""
    config_dir.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    path = token_path(config_dir)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(token + "\n")
    os.replace(tmp, path)
    return token


def token_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison, so response timing does not leak the token."""
    if not given:
        return False
    return secrets.compare_digest(given.encode("utf-8", "replace"), expected.encode("ascii"))
