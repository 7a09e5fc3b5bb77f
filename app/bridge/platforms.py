"""The platforms the browser bridge can read, by the name used in ``--connect NAME:...``."""

from __future__ import annotations

from app.bridge.adapter import Adapter
from app.bridge.bilibili import BILIBILI
from app.bridge.kuaishou import KUAISHOU
from app.bridge.webcast import DOUYIN, TIKTOK
from app.bridge.youtube import YOUTUBE

ADAPTERS: dict[str, Adapter] = {
    a.platform: a for a in (DOUYIN, TIKTOK, KUAISHOU, BILIBILI, YOUTUBE)
}


def adapter_for(platform: str) -> Adapter:
    """The adapter of ``platform``; KeyError names the known ones."""
    try:
        return ADAPTERS[platform.strip().lower()]
    except KeyError:
        raise KeyError(f"no browser adapter for {platform!r}: {', '.join(ADAPTERS)}") from None
