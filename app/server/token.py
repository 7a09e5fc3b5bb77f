"""The ingest server's access token: generated once per install, kept in the config dir.

A token (rather than no auth) matters even on loopback: any web page the host opens can
send requests to 127.0.0.1, so only clients the host pasted the token into may post
comments or read the overlay feed. Qt-free so the CLI, the server and the UI share it.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from app.files import write_atomic

TOKEN_FILE = "ingest_token"
_MIN_LENGTH = 16


def token_path(config_dir: Path) -> Path:
    return config_dir / TOKEN_FILE


def load_or_create_token(config_dir: Path) -> str:
    """Return the install's token, creating it (owner-only file) on first use.

    A missing, empty or too-short file gets a fresh token, so a user can reset the token
    by deleting the file. Two instances starting together end up with the same token.
    """
    path = token_path(config_dir)
    token = _read(path)
    if len(token) >= _MIN_LENGTH:
        return token
    if not path.exists():
        fresh = secrets.token_urlsafe(24)
        if write_atomic(path, (fresh + "\n").encode("ascii"), exclusive=True):
            return fresh
        token = _read(path)  # another instance created it first
        if len(token) >= _MIN_LENGTH:
            return token
    return regenerate_token(config_dir)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def regenerate_token(config_dir: Path) -> str:
    """Write a new random token (old clients must be given the new one)."""
    token = secrets.token_urlsafe(24)
    write_atomic(token_path(config_dir), (token + "\n").encode("ascii"))
    return token


def token_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison, so response timing does not leak the token."""
    if not given:
        return False
    return secrets.compare_digest(given.encode("utf-8", "replace"), expected.encode("ascii"))
