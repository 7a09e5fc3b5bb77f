"""Small files written safely when several AnchorDesk processes share a folder.

Two instances on one laptop (or two laptops on one network share) can start at the same
moment. A fixed ``name.tmp`` then gets written by both and renamed by one, and the other's
rename fails; worse, each could create its own viewer salt or server token and one would
silently overwrite the other. Every write here goes through a temp file with a unique
name, and ``exclusive`` creation lets exactly one process win while the others read the
winner's file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, exclusive: bool = False) -> bool:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never half.

    The temp file is created owner-only (``mkstemp``), which suits tokens and salts.
    With ``exclusive`` the file is only created if absent: returns False when another
    process created it first (the caller then reads theirs). Returns True when written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if not exclusive:
            os.replace(tmp, path)
            return True
        try:
            os.link(tmp, path)  # atomic "create if absent"
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: best effort
            if path.exists():
                return False
            os.replace(tmp, path)
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
