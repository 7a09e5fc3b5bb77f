"""Privacy controls over recorded data: retention, deleting a session, one viewer's data.

No Qt here: the CLI (:mod:`app.privacy.commands`) and the "Privacy & data" dialog
(``app/ui/dialogs/privacy.py``) both call these functions, the dialog from a worker thread.

- :mod:`app.privacy.retention` removes comment texts and commenter ids from sessions that
  ended more than N days ago, keeping every count, time, sentiment and intent;
- :mod:`app.privacy.sessions` deletes a session's rows and its recordings folder;
- :mod:`app.privacy.viewers` finds one viewer (by pseudonym or by name), exports
  everything recorded about them and erases it.
"""

from __future__ import annotations

from app.errors import UserError


class PrivacyError(UserError):
    """A privacy action that cannot be done as asked; the message says why and what to do."""
