"""The comment classifier: language, intent, spam and sentiment for a batch of comments.

Model first, rules as high-precision overrides:

1. Every comment is normalised once (:func:`app.chat.normalize.normalize`: Traditional
   -> Simplified, full-width -> half-width, runs squeezed, emoji kept as signals); all
   later steps see that text.
2. The comment model (:mod:`app.chat.sentiment`) scores intent and sentiment.
3. A rule that is nearly always right overrides the model's intent
   (:func:`app.chat.intent.override_normalized`): spam, complaint cues (which beat
   purchase cues), purchase and link requests, product questions, slang praise.
4. Contrast: when a comment says "X, but Y" and Y carries a complaint, praise, question
   or purchase, Y decides (intent and sentiment).
5. Sentiment follows the intent where the labelling guide fixes it (complaint -> neg,
   praise and purchase -> pos, spam -> neu, a question is never neg); otherwise the
   model's sentiment head decides.
6. Flood detection (stateful, :mod:`app.chat.spam`) turns repeated texts into spam.

Without a model the rules still run (:func:`app.chat.intent.rule_intent_normalized`) and
sentiment stays None (the UI says why).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.chat.intent import (
    contrast_tail,
    override_normalized,
    rule_intent_normalized,
    tail_override,
)
from app.chat.lang import detect_lang
from app.chat.normalize import normalize
from app.chat.sentiment import ModelError, Scores, SentimentModel
from app.chat.spam import FloodDetector

log = logging.getLogger("app.chat.classifier")

#: Intents many viewers legitimately type at once ("多少钱?", "想要"): not a flood.
_CROWD = frozenset({"question", "purchase", "complaint", "praise"})
#: Sentiment fixed by intent (the labelling guide in docs/chat-triage.md).
_FORCED = {"purchase": "pos", "complaint": "neg", "spam": "neu", "praise": "pos"}
#: A clause after "but" decides only when it says one of these.
_DECISIVE = frozenset({"complaint", "praise", "question", "purchase"})


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


@dataclass(frozen=True, slots=True)
class _Decision:
    intent: str
    sentiment: str | None


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
        return f"comment model {meta.get('kind', '?')} ({meta.get('trained_at', '?')[:10]})"

    def classify(
        self,
        texts: Sequence[str],
        users: Sequence[str] | None = None,
        times_ms: Sequence[int] | None = None,
    ) -> list[Labels]:
        """Labels for each text; ``users``/``times_ms`` feed flood detection when given."""
        norms = [normalize(t) for t in texts]
        decisions = self._decide(norms)
        out: list[Labels] = []
        for i, text in enumerate(texts):
            intent, sentiment = decisions[i].intent, decisions[i].sentiment
            flood = (
                users is not None
                and times_ms is not None
                and self.flood.check(
                    times_ms[i], users[i], norms[i], crowd_ok=intent in _CROWD, script_done=True
                )
            )
            if intent == "spam" or flood:
                intent = "spam"
                sentiment = None if sentiment is None else "neu"
            out.append(Labels(text, detect_lang(norms[i]), sentiment, intent, intent == "spam"))
        return out

    def _decide(self, norms: list[str]) -> list[_Decision]:
        """Intent and sentiment of each normalised comment (contrast clauses first)."""
        if self.model is None:
            return [_Decision(rule_intent_normalized(n), None) for n in norms]
        scores = self.model.scores(norms)
        decisions = [_decision(scores, i, norm) for i, norm in enumerate(norms)]
        tails = {i: tail for i, norm in enumerate(norms) if (tail := contrast_tail(norm))}
        if tails:
            order = list(tails)
            tail_scores = self.model.scores([tails[i] for i in order])
            for j, i in enumerate(order):
                after = _decision(tail_scores, j, tails[i], tail_override(tails[i]))
                if after.intent in _DECISIVE:
                    decisions[i] = after
        return decisions


def _decision(scores: Scores, i: int, norm: str, ruled: str | None = None) -> _Decision:
    """Override rule, else the model's intent; then the sentiment the guide implies."""
    known = bool(scores.known[i])
    intent = ruled or override_normalized(norm)
    if intent is None:
        intent = scores.intent_label(i) if known else rule_intent_normalized(norm)
    sentiment = _FORCED.get(intent) or (scores.sentiment_label(i) if known else "neu")
    if intent == "question" and sentiment == "neg":
        sentiment = "neu"
    return _Decision(intent, sentiment)
