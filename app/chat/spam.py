"""Flood detection: the same (or nearly the same) text from many accounts, or one account
repeating itself, within a few seconds.

Stateful but bounded: it remembers the last ``window_ms`` of normalised texts in
dictionaries that are pruned as time moves on, and hard-capped at ``max_keys`` entries,
so a four-hour stream with millions of comments costs the same memory as a minute.
Short purchase signals ("1", "扣1", "link") are exempt: a hundred viewers typing "1" at
once is the whole point of a flash sale, not spam.
"""

from __future__ import annotations

import re
from collections import OrderedDict, deque

from app.chat.normalize import normalize as normalize_script

_STRIP = re.compile(r"[\s\W_]+", re.UNICODE)
_DIGITS = re.compile(r"\d+")
#: "1", "2", "扣2", "3号": viewers voting or picking a variant in chorus.
_CROWD_NUMBER = re.compile(r"(?:扣|要|来)?\d{1,4}(?:号|个|件)?")
#: Texts everyone types at once on purpose (after normalisation).
CROWD_SIGNALS = frozenset(
    {"1", "11", "111", "1111", "扣1", "扣一", "想要", "要", "上链接", "link", "links"}
    | {"linkpls", "来了", "来了来了", "666", "6666", "66666", "哈哈哈", "哈哈哈哈", "好看"}
    | {"lol", "hi", "晚上好"}
)


def normalise(text: str, *, script_done: bool = False) -> str:
    """Script-normalise, lowercase, drop spaces/punctuation/emoji, collapse digits to "#".

    Spammers rotate digits, punctuation and scripts ("加v123" / "加V456!" / "加V789"), so
    these count as the same. ``script_done``: ``text`` already went through
    :func:`app.chat.normalize.normalize`.
    """
    plain = text if script_done else normalize_script(text)
    return _DIGITS.sub("#", _STRIP.sub("", plain.lower()))[:80]


class FloodDetector:
    """Flags the k-th copy of a text within ``window_ms``.

    ``accounts``: distinct users sending the same normalised text that make a flood;
    ``repeats``: copies by one user that make a flood.
    """

    def __init__(
        self,
        window_ms: int = 10_000,
        accounts: int = 3,
        repeats: int = 3,
        max_keys: int = 20_000,
    ) -> None:
        self.window_ms = window_ms
        self.accounts = accounts
        self.repeats = repeats
        self.max_keys = max_keys
        self._seen: OrderedDict[str, deque[tuple[int, str]]] = OrderedDict()
        self.flagged = 0

    def check(
        self,
        t_ms: int,
        user: str,
        text: str,
        *,
        crowd_ok: bool = False,
        script_done: bool = False,
    ) -> bool:
        """Record a comment; True if it is part of a flood.

        ``crowd_ok``: the text is something many viewers say at once (a question, "想要"),
        so only one account repeating it counts as a flood, not many accounts agreeing.
        ``script_done``: ``text`` is already normalised (:mod:`app.chat.normalize`).
        """
        if not script_done:
            text = normalize_script(text)
        plain = _STRIP.sub("", text.lower())
        if plain in CROWD_SIGNALS or _CROWD_NUMBER.fullmatch(plain):
            return False
        key = _DIGITS.sub("#", plain)[:80]
        if len(key) < 2:
            return False
        hits = self._seen.get(key)
        if hits is None:
            self._prune(t_ms)
            hits = self._seen[key] = deque(maxlen=64)
        else:
            self._seen.move_to_end(key)
        while hits and t_ms - hits[0][0] > self.window_ms:
            hits.popleft()
        hits.append((t_ms, user))
        users = [u for _, u in hits]
        crowd = not crowd_ok and len(set(users)) >= self.accounts
        flood = crowd or users.count(user) >= self.repeats
        self.flagged += flood
        return flood

    def _prune(self, now_ms: int) -> None:
        """Forget texts not seen within the window, oldest first; enforce ``max_keys``."""
        while self._seen:
            key, hits = next(iter(self._seen.items()))
            stale = not hits or now_ms - hits[-1][0] > self.window_ms
            if not stale and len(self._seen) <= self.max_keys:
                break
            del self._seen[key]

    def __len__(self) -> int:
        return len(self._seen)
