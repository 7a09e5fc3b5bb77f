"""The comment classifier: language, intent, spam and sentiment for a batch of comments.

Rules first, model second. Intent comes from rules (:mod:`app.chat.intent`); spam is the
spam rule or a flood (:mod:`app.chat.spam`); sentiment comes from the model, then the
rules correct what a review-trained model gets wrong about live rooms: questions and
purchase intents are never negative ("多少钱" is not a complaint), buying is positive,
complaints are negative, spam is neutral. Without a model the rules still run and
sentiment stays None (the UI says why).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.chat.intent import rule_intent
from app.chat.lang import detect_lang
from app.chat.sentiment import ModelError, SentimentModel
from app.chat.spam import FloodDetector

log = logging.getLogger("app.chat.classifier")

#: Sentiment forced by intent where the rule knows better than a review model.
#: Intents many viewers legitimately type at once ("多少钱?", "想要"): not a flood.
_CROWD = frozenset({"question", "purchase", "complaint", "praise"})
_FORCED = {"purchase": "pos", "complaint": "neg", "spam": "neu", "praise": "pos"}


@dataclass(frozen=True, slots=True)
class Labels:
    """What the classifier says about one comment (the ``classify --json`` contract)."""

    text: str
    lang: str
    sentiment: str | None
    intent: str
    spam: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "lang": self.lang,
            "sentiment": self.sentiment,
            "intent": self.intent,
            "spam": self.spam,
        }


class CommentClassifier:
    """Labels comments in batches. Not thread-safe (the flood detector has state)."""

    def __init__(self, model: SentimentModel | None, flood: FloodDetector | None = None) -> None:
        self.model = model
        self.flood = flood or FloodDetector()
        self.model_error = ""

    @classmethod
    def load(cls, model_dir: Path | None = None) -> CommentClassifier:
        """With the shipped model if it loads; otherwise rules only and ``model_error`` set."""
        try:
            model: SentimentModel | None = SentimentModel.load(model_dir)
            error = ""
        except ModelError as exc:
            log.warning("%s", exc)
            model, error = None, str(exc)
        classifier = cls(model)
        classifier.model_error = error
        return classifier

    @property
    def status(self) -> str:
        """One line for the UI: which model runs, or why none does."""
        if self.model is None:
            return f"rules only — {self.model_error or 'no sentiment model'}"
        meta = self.model.meta
        return f"sentiment model {meta.get('kind', '?')} ({meta.get('trained_at', '?')[:10]})"

    def classify(
        self,
        texts: Sequence[str],
        users: Sequence[str] | None = None,
        times_ms: Sequence[int] | None = None,
    ) -> list[Labels]:
        """Labels for each text; ``users``/``times_ms`` feed flood detection when given."""
        sentiments = self._sentiments(texts)
        out: list[Labels] = []
        for i, text in enumerate(texts):
            intent = rule_intent(text)
            flood = (
                users is not None
                and times_ms is not None
                and self.flood.check(times_ms[i], users[i], text, crowd_ok=intent in _CROWD)
            )
            spam = intent == "spam" or flood
            if spam:
                intent = "spam"
            out.append(Labels(text, detect_lang(text), _fix(intent, sentiments[i]), intent, spam))
        return out

    def _sentiments(self, texts: Sequence[str]) -> list[str | None]:
        if self.model is None:
            return [None] * len(texts)
        return [r.label for r in self.model.predict(texts)]


def _fix(intent: str, sentiment: str | None) -> str | None:
    """Apply the rule layer on top of the model's sentiment."""
    if sentiment is None:
        return None
    if intent == "question":
        return "neu" if sentiment == "neg" else sentiment
    return _FORCED.get(intent, sentiment)
