"""Turn known failures into one plain sentence for the user."""

from __future__ import annotations

import errno

from app.system_libs import hint_for


class UserError(RuntimeError):
    """A failure the user can act on, reported as one line (CLI: exit code 1)."""


def user_message(exc: BaseException) -> str | None:
    """A message for errors the user can act on; None for bugs (log the traceback)."""
    from app.commerce.catalog import CatalogError
    from app.commerce.tabular import ImportFileError
    from app.session.bundle import BundleError
    from app.session.codec import EventFormatError
    from app.store.db import StoreError

    known = (StoreError, BundleError, CatalogError, EventFormatError, ImportFileError, UserError)
    if isinstance(exc, known):
        return str(exc)
    if isinstance(exc, (ImportError, OSError)) and (hint := hint_for(exc)):
        return hint
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return f"the disk is full ({exc.filename or 'data folder'}): free some space and retry"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return f"permission denied: {exc.filename}; choose another --data-dir"
        return f"{exc.strerror or exc} ({exc.filename})" if exc.filename else str(exc)
    return None
