"""Settings in the GUI, split by job: device probing (devices), the typed field editors that
Tools ▸ Settings and the first-run wizard share (editors), live apply (live). The dialog
itself is :mod:`app.ui.dialogs.settings`."""
