"""Qt widgets and windows of AnchorDesk.

This is the only package that imports Qt. It holds no business logic: numbers come from
``app.analytics``, events from ``app.session`` through :class:`app.ui.bridge.EventBridge`,
and the widgets only lay them out.
"""
