"""Sentences made outside the UI (reasons, alerts) that the UI shows in the user's language.

Engine code is Qt-free, so it cannot translate; but a pre-formatted English string cannot
be translated later either (the numbers and names are already inside). A :class:`Message`
keeps the English *template* and its *values* apart: ``str(message)`` is the English
sentence (what is recorded, exported and logged), and the UI renders it through the
``Messages`` translation context (``app.ui.i18n.tr_message``) before filling in the values.

Every template is marked with the no-op :func:`QT_TRANSLATE_NOOP` so that
``tools/update_translations.py`` (which finds every Qt-free module holding such markers)
extracts it into the Chinese catalogue. Values that are data (product
names, quoted transcript, search terms) are passed through untouched; values that are
themselves sentences (a time window, a list of phrases) are nested Messages and get
translated too.

English plurals need two templates ("1 question" / "2 questions"); Chinese has one form,
so both translate to the same Chinese. :func:`counted` picks the template in Python.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("app.messages")

# The translation context of every engine-made sentence (spelled out in each marker:
# lupdate reads literals only).
CONTEXT = "Messages"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for the UI's translation catalogue; returns it unchanged (no Qt here)."""
    return text


def _identity(template: str) -> str:
    return template


@dataclass(frozen=True)
class Message:
    """An English template with its values; ``str()`` is the English sentence.

    ``values`` is copied, so the message stays what it was when made (it crosses threads:
    the recommender's worker makes it, the GUI thread renders it).
    """

    template: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", dict(self.values))

    def __hash__(self) -> int:
        return hash((self.template, tuple(sorted(self.values.items(), key=lambda kv: kv[0]))))

    def __str__(self) -> str:
        return self.render()

    def to_json(self) -> dict[str, Any]:
        """The template and values as JSON (stored with an alert, so a review or report made
        later still says it in the reader's language). Nested messages are kept as such,
        other values that JSON lacks become their text."""
        return {
            "template": self.template,
            "values": {k: _encode(v) for k, v in self.values.items()},
        }

    @classmethod
    def from_json(cls, data: object) -> Message | None:
        """The message :meth:`to_json` wrote; None for anything else (an old or foreign row)."""
        if not isinstance(data, dict) or not isinstance(data.get("template"), str):
            return None
        values = data.get("values")
        if not isinstance(values, dict):
            return None
        return cls(data["template"], {str(k): _decode(v) for k, v in values.items()})

    def render(self, translate: Callable[[str], str] = _identity) -> str:
        """The sentence with ``translate`` applied to this template and every nested one.

        A translation whose placeholders do not match the English (a typo in the .ts)
        falls back to the English template: a wrong sentence must never hide an alert.
        """
        values = {
            key: value.render(translate) if isinstance(value, Message) else value
            for key, value in self.values.items()
        }
        template = translate(self.template)
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError) as exc:
            if template == self.template:
                raise
            log.warning("translation of %r does not fit its values (%s)", self.template, exc)
            return self.template.format(**values)


_NESTED = "$message"


def _encode(value: Any) -> Any:
    if isinstance(value, Message):
        return {_NESTED: value.to_json()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return str(value)


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        nested = Message.from_json(value.get(_NESTED))
        return nested if nested is not None else str(value)
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def plural(n: int, singular: str, plural_: str) -> str:
    """The English template for ``n``: ``singular`` for exactly 1, else ``plural_``."""
    return singular if n == 1 else plural_


def counted(n: int, singular: str, plural_: str, **values: Any) -> Message:
    """A Message whose template agrees with ``n`` (passed as ``{n}``)."""
    return Message(plural(n, singular, plural_), {"n": n, **values})


def minutes(value: float) -> Message:
    """A duration such as "5 min" (a value inside other sentences)."""
    return Message(QT_TRANSLATE_NOOP("Messages", "{minutes:g} min"), {"minutes": value})


_JOINS = {
    2: QT_TRANSLATE_NOOP("Messages", "{a}, {b}"),
    3: QT_TRANSLATE_NOOP("Messages", "{a}, {b}, {c}"),
}


def joined(parts: Sequence[Message | str]) -> Message:
    """Phrases listed with the language's separator ("a, b" / "a，b"); up to three phrases.

    Longer lists fold the rest into the last slot, so any length works.
    """
    items = list(parts)
    if not items:
        return Message("")
    if len(items) == 1:
        only = items[0]
        return only if isinstance(only, Message) else Message("{text}", {"text": only})
    if len(items) > 3:
        items = [items[0], items[1], joined(items[2:])]
    return Message(_JOINS[len(items)], dict(zip("abc", items, strict=False)))
