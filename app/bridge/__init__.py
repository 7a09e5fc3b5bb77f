"""The browser bridge: comments, gifts, viewers and orders from the platforms' own pages.

``source.BridgeSource`` opens the streamer's logged-in page in the installed browser
(Playwright, the ``bridge`` extra) and decodes what the page receives with the platform's
adapter (``webcast`` for Douyin and TikTok, ``kuaishou``, ``bilibili``, ``youtube``,
``console`` for Douyin seller-console orders). See docs/connect.md.
"""
