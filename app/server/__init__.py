"""Local ingest and overlay server (HTTP + WebSocket on one asyncio thread).

``token`` keeps the per-install access token, ``ingest`` the transport-free validation,
de-duplication and rate limiting, ``overlay`` the broadcast to browser sources, ``web``
the aiohttp application and ``source`` the session :class:`~app.session.sources.Source`.
"""
