"""Language of a live comment: "zh", "en" or "und", from the script of its letters.

Live comments are a few characters long, so statistical detectors guess badly on them;
counting Han characters against Latin words is cheap (a million comments a minute) and
right for the two languages the rooms use. A Han character weighs like one Latin word,
which is roughly how much meaning each carries, so "这个size有M吗" reads as Chinese.
"""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Latin tokens; those with digits (handles like "fuli666", sizes like "XL2") say nothing
#: about the language and are not counted.
_LATIN_TOKEN = re.compile(r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?:'[A-Za-z]+)?")


def detect_lang(text: str) -> str:
    """Return "zh", "en", or "und" (no letters: emoji, digits, punctuation only).

    Mixed comments go to the majority script; a tie goes to Chinese because a Han
    character carries more than a short Latin token ("M码", "ok了").
    """
    han = len(_HAN.findall(text))
    latin = sum(1 for t in _LATIN_TOKEN.findall(text) if not any(c.isdigit() for c in t))
    if han == 0 and latin == 0:
        return "und"
    return "zh" if han >= latin else "en"
