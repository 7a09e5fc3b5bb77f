"""Turn known failures into one plain sentence for the user.

Every failure a person can act on derives from :class:`UserError` (a store that cannot
open, a malformed event or catalog, a plan that cannot be saved, a model that cannot be
loaded, an OBS that does not answer ...): callers catch one class and this module needs
to know none of them. The one exception is :class:`app.config.DataFolderError`, an
``OSError`` (Python cannot derive a class from both), which :func:`user_message` words
like every ``OSError``.
"""

from __future__ import annotations

import errno

from app.system_libs import hint_for


class UserError(RuntimeError):
    """A failure the user can act on, reported as one line (CLI: exit code 1)."""


class ModelError(UserError):
    """A model (a speech model, the comment classifier) is missing or cannot be loaded.

    The speech and chat packages each raise their own subclass; code that only needs to
    know that "a model failed" catches this one.
    """


def user_message(exc: BaseException) -> str | None:
    """A message for errors the user can act on; None for bugs (log the traceback)."""
    if isinstance(exc, UserError):
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
