"""Script normalisation of viewer text: one function before every text model and rule.

Real rooms write the same comment many ways: Traditional or Simplified characters
(質量太差 / 质量太差), full-width or half-width letters and punctuation (ＯＫ！ / OK!),
and stretched laughter or shouting (哈哈哈哈哈哈, !!!!!!). :func:`normalize` folds
those so intent, sentiment, spam, question grouping and reply matching all see one
spelling:

1. NFKC (only for non-ASCII text): full-width letters, digits and punctuation become
   half-width, half-width katakana full-width, compatibility ideographs the unified ones.
   NFKC leaves emoji and CJK punctuation such as 。、 alone, so it is safe here.
2. Traditional -> Simplified with OpenCC ``t2s`` (characters and phrases, no regional
   vocabulary swaps). The converter is loaded once, lazily, under a lock; if OpenCC
   cannot load, text passes unconverted and the reason is logged once.
3. Emoji kept, minus the invisible parts (variation selector, skin tone, zero-width
   joiner), so "👍🏻" and "👍" are one signal. :func:`emoji_signals` sorts emoji into
   classes (positive, negative, laughing, crying, puzzled, awkward, greeting); the
   comment model sees the class, not the code point (:data:`EMOJI_CLASSES`).
4. Platform emotes written as bracketed names (Douyin/Kuaishou ``[赞]``, ``[捂脸]``,
   ``[流泪]``; Bilibili ``[doge]``, ``[笑哭]``) become the emoji of the same meaning, so
   they count as the emoji signals above (:data:`BRACKET_EMOTES`); unknown names stay.
5. Runs squeezed: a letter, digit or character repeated 4+ times -> 3 (哈哈哈哈哈 ->
   哈哈哈, 666666 -> 666), a two-character unit 4+ times -> 3 (hahahaha -> hahaha),
   punctuation and emoji 3+ times -> 2 (!!!! -> !!, 😍😍😍😍 -> 😍😍); whitespace
   collapsed and trimmed.

Case is kept: callers lowercase when they need to (regexes are case-insensitive).
The function is idempotent and costs a few microseconds per comment.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Callable

log = logging.getLogger("app.chat.normalize")

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Invisible emoji modifiers: variation selectors, skin tones, zero-width joiner.
_INVISIBLE = re.compile("[\ufe0e\ufe0f\u200d\u200b\U0001f3fb-\U0001f3ff]")
#: Cheap test first: no "aa" and no "aba" means no run to squeeze (most comments).
_MAYBE_RUN = re.compile(r"(.)(?:\1|.\1)")
_RUNS = re.compile(r"(\w)\1{3,}|(\w\w)\2{3,}|([^\w\s])\3{2,}")
_SPACES = re.compile(r"\s+")

#: Emoji sorted by what they say in a live room. In Chinese rooms 😭 is as often "so
#: good I could cry" as sadness, 🐶 (狗头) marks irony and 😅 awkwardness, so those get
#: classes of their own and the model learns what they mean from labelled comments.
EMOJI_CLASSES: dict[str, str] = {
    "pos": "😍🥰😘😚😻❤♥💕💖💗💓💞💘💝💜💙💚💛🧡🤍🖤🫶👍👏🙌💯🔥✨🌟⭐🎉🥳🎊😊☺😄😁😃😀"
    "🤩💪🌹🌸💐👌🆗🤗😋😎🏆👑💎🤤🥇🍾🎁💋😇",
    "neg": "😡😠🤬👎💩😤😒🙄😞😔😩😫🤮🤢💔😣😖🖕😾👿🤡😑😪🥱",
    "laugh": "😂🤣😆😹😝😜😛🤪",
    "cry": "😭😢🥺😿🥲",
    "puzzled": "🤔❓❔😳😮😲😯🤨😱😵👀🧐",
    "awkward": "😅😓🙃🐶🤷😬🫠",
    "greet": "👋🙋🙏🤝✋",
}
#: Bracketed platform emotes (Douyin, Kuaishou, Bilibili) -> an emoji of the same meaning.
#: In Douyin rooms [捂脸] (facepalm) is embarrassed laughter and [看]/[暗中观察] are
#: watching, so they map to the awkward and puzzled classes; [微笑] is often sarcastic and
#: [抠鼻] dismissive, so both stay text for the model to learn from labelled comments.
BRACKET_EMOTES: dict[str, str] = {
    "赞": "👍",
    "强": "👍",
    "点赞": "👍",
    "ok": "👌",
    "OK": "👌",
    "鼓掌": "👏",
    "打call": "👏",
    "比心": "🫶",
    "送心": "❤",
    "爱心": "❤",
    "心": "❤",
    "玫瑰": "🌹",
    "色": "😍",
    "爱慕": "😍",
    "害羞": "☺",
    "感谢": "🙏",
    "抱拳": "🙏",
    "呲牙": "😁",
    "大笑": "😂",
    "笑哭": "😂",
    "偷笑": "😂",
    "捂脸": "😅",
    "尬笑": "😅",
    "doge": "🐶",
    "二哈": "🐶",
    "流泪": "😭",
    "大哭": "😭",
    "泣不成声": "😭",
    "可怜": "🥺",
    "委屈": "🥺",
    "发呆": "😳",
    "晕": "😵",
    "疑问": "❓",
    "看": "👀",
    "暗中观察": "👀",
    "吃瓜": "👀",
    "生气": "😡",
    "发怒": "😡",
    "鄙视": "👎",
    "吐": "🤮",
    "再见": "👋",
    "握手": "🤝",
}
_BRACKET = re.compile(r"\[([^\[\]]{1,5})\]")

#: The class of each emoji code point.
EMOJI_CLASS_OF: dict[str, str] = {ch: cls for cls, chars in EMOJI_CLASSES.items() for ch in chars}

_lock = threading.Lock()
_t2s: Callable[[str], str] | None = None


def _converter() -> Callable[[str], str]:
    """OpenCC's t2s ``convert``, loaded on first use (thread-safe); identity if unusable."""
    global _t2s
    convert = _t2s
    if convert is None:
        with _lock:
            if _t2s is None:
                _t2s = _load_t2s()
            convert = _t2s
    return convert


def _load_t2s() -> Callable[[str], str]:
    try:
        import opencc

        convert: Callable[[str], str] = opencc.OpenCC("t2s").convert
        return convert
    except Exception as exc:  # a broken install must not stop triage
        log.warning("OpenCC t2s unavailable, Traditional Chinese is not converted: %s", exc)
        return str


def to_simplified(text: str) -> str:
    """Traditional -> Simplified Chinese (OpenCC t2s); text without Han characters as is."""
    if text.isascii() or not _HAN.search(text):
        return text
    return _converter()(text)


def squeeze(text: str) -> str:
    """Shorten stretched runs: 哈哈哈哈哈 -> 哈哈哈, hahahaha -> hahaha, !!!! -> !!."""
    if not _MAYBE_RUN.search(text):
        return text
    return _RUNS.sub(_shorter, text)


def _shorter(run: re.Match[str]) -> str:
    char, pair, mark = run.groups()
    if char:
        return char * 3
    return pair * 3 if pair else mark * 2


def _emote(match: re.Match[str]) -> str:
    return BRACKET_EMOTES.get(match.group(1), match.group(0))


def normalize(text: str) -> str:
    """The one spelling every model and rule sees (see the module docstring)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        text = _INVISIBLE.sub("", text)
        text = to_simplified(text)
        if "[" in text:
            text = _BRACKET.sub(_emote, text)
    return _SPACES.sub(" ", squeeze(text)).strip()


def emoji_signals(text: str) -> list[str]:
    """Emoji classes in ``text`` in order ("pos", "neg", "laugh", ...); others ignored."""
    get = EMOJI_CLASS_OF.get
    return [cls for cls in map(get, text) if cls is not None]
