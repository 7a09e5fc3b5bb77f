"""Qt item models over session data; the views live in :mod:`app.ui.panels`."""
