"""Viewer pseudonyms: a salted hash per install, so stored rows never hold names.

The same viewer gets the same pseudonym across sessions on one install (repeat-buyer
and sticky-fan metrics need that), but pseudonyms cannot be matched across installs or
reversed without the salt, which never leaves the data folder.
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from app.files import write_atomic

SALT_FILE = "viewer-salt"


def load_or_create_salt(data_dir: Path) -> bytes:
    """The install's salt, created on first use; instances starting together share one."""
    path = data_dir / SALT_FILE
    salt = _read(path)
    if len(salt) >= 16:
        return salt
    fresh = secrets.token_bytes(32)
    if write_atomic(path, fresh, exclusive=not path.exists()):
        return fresh
    salt = _read(path)  # another instance created it first: use theirs
    if len(salt) >= 16:
        return salt
    write_atomic(path, fresh)
    return fresh


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""


class Pseudonymizer:
    """Maps (platform, display name) to a stable, non-reversible viewer id."""

    def __init__(self, salt: bytes, enabled: bool = True) -> None:
        self._salt = salt
        self.enabled = enabled
        self._cache: dict[tuple[str, str], str] = {}

    def __call__(self, platform: str, user: str) -> str:
        if not user:
            return ""
        if not self.enabled:
            return user[:64]
        key = (platform, user)
        found = self._cache.get(key)
        if found is None:
            digest = hashlib.blake2b(
                f"{platform}\x00{user}".encode(), key=self._salt[:64], digest_size=8
            ).hexdigest()
            found = self._cache[key] = f"v{digest}"
            if len(self._cache) > 200_000:
                self._cache.clear()
        return found
