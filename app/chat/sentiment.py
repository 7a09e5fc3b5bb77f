"""The comment model: sentiment and intent of live comments, numpy only, no sklearn.

One linear model with two heads over one feature space (trained by
``tools/train_sentiment.py``):

- features: the normalised comment (:func:`app.chat.normalize.normalize`), lowercased,
  each emoji replaced by its class (:data:`app.chat.normalize.EMOJI_CLASSES`); then
  character 1-3-grams plus Latin words and word pairs (``w:link``, ``w:link_pls``):
  :func:`analyze`. TF-IDF with sublinear tf and l2 norm, exactly as sklearn's
  ``TfidfVectorizer(analyzer=analyze, sublinear_tf=True)`` computes it (a test compares).
- heads: multinomial logistic regression for sentiment (neg/neu/pos) and for intent
  (question, purchase, complaint, praise, spam, other), scored together in one pass.

It ships as arrays (``sentiment.npz``) plus ``sentiment.json`` metadata, not a pickle:
a pickle breaks with the next sklearn release and can run code when loaded; these
arrays load with ``allow_pickle=False``. The json's ``features`` version must match
:data:`FEATURES_VERSION`, so a model trained on other features fails loudly.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from app.chat.normalize import EMOJI_CLASS_OF, normalize
from app.errors import ModelError as _ModelError
from app.paths import MODELS

log = logging.getLogger("app.chat.sentiment")

#: Version of :func:`analyze`; bump it when features change (old models then refuse to load).
FEATURES_VERSION = 1
FORMAT = 2
SENTIMENTS = ("neg", "neu", "pos")

_WS = re.compile(r"\s\s+")
#: Longer Latin tokens (handles, URLs, keyboard mashing) say nothing reusable.
MAX_WORD = 16
_LATIN_WORD = re.compile(r"[a-z0-9']*[a-z][a-z0-9']*")
#: One private-use character per emoji class, so char n-grams see the class.
EMOJI_MARKS = {"pos": "\ue001", "neg": "\ue002", "laugh": "\ue003", "cry": "\ue004"}
EMOJI_MARKS |= {"puzzled": "\ue005", "awkward": "\ue006", "greet": "\ue007"}
_EMOJI_TABLE = str.maketrans({ch: EMOJI_MARKS[cls] for ch, cls in EMOJI_CLASS_OF.items()})


class ModelError(_ModelError):
    """The comment model file is missing or unusable (what to do is in the message)."""


def default_model_dir() -> Path:
    """Where the shipped model lives (checkout or PyInstaller bundle)."""
    return MODELS / "sentiment"


def char_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """The char n-grams sklearn's "char" analyzer makes (lowercased, whitespace squeezed)."""
    doc = _WS.sub(" ", text.lower())
    size = len(doc)
    grams: list[str] = []
    for n in range(lo, min(hi, size) + 1):
        grams.extend(doc[i : i + n] for i in range(size - n + 1))
    return grams


def analyze(norm: str) -> list[str]:
    """Features of an already normalised comment (see the module docstring)."""
    doc = norm.lower()
    if not doc.isascii():
        doc = doc.translate(_EMOJI_TABLE)
    size = len(doc)
    grams = list(doc)
    grams += [doc[i : i + 2] for i in range(size - 1)]
    grams += [doc[i : i + 3] for i in range(size - 2)]
    words = [w for w in _LATIN_WORD.findall(doc) if len(w) <= MAX_WORD]
    if words:
        grams.extend("w:" + w for w in words)
        grams.extend(f"w:{a}_{b}" for a, b in pairwise(words))
    return grams


@dataclass(frozen=True)
class SentimentResult:
    label: str  # "pos" | "neu" | "neg"
    p_pos: float


@dataclass(frozen=True)
class Scores:
    """Both heads' probabilities for a batch (rows follow the input order)."""

    sentiment: Any  # (n, 3) float array, columns :data:`SENTIMENTS`
    intent: Any  # (n, k) float array, columns ``intent_classes``
    known: Any  # (n,) bool: the comment had at least one known feature
    intent_classes: tuple[str, ...]

    def sentiment_label(self, i: int) -> str:
        return SENTIMENTS[int(self.sentiment[i].argmax())]

    def intent_label(self, i: int) -> str:
        return self.intent_classes[int(self.intent[i].argmax())]


class SentimentModel:
    """Scores batches of comments; thread-safe (read-only arrays after loading)."""

    def __init__(
        self,
        vocab: Sequence[str],
        idf: Any,
        heads: Mapping[str, tuple[Sequence[str], Any, Any]],
        meta: dict[str, Any],
    ) -> None:
        import numpy as np

        self._np = np
        self.vocab = {g: i for i, g in enumerate(vocab)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.meta = meta
        sent_classes, sent_coef, sent_b = heads["sentiment"]
        intent_classes, intent_coef, intent_b = heads["intent"]
        if tuple(sent_classes) != SENTIMENTS:
            raise ModelError(f"sentiment classes {tuple(sent_classes)} != {SENTIMENTS}")
        self.intent_classes = tuple(str(c) for c in intent_classes)
        # One (features x classes) matrix: both heads in a single pass.
        self.coef = np.hstack([np.asarray(sent_coef).T, np.asarray(intent_coef).T]).astype(
            np.float64
        )
        self.intercept = np.concatenate([sent_b, intent_b]).astype(np.float64)
        self._split = len(SENTIMENTS)

    @classmethod
    def load(cls, folder: Path | None = None) -> SentimentModel:
        """Load ``sentiment.npz`` + ``sentiment.json``; raise :class:`ModelError` if unusable."""
        import numpy as np

        folder = folder or default_model_dir()
        npz, meta_path = folder / "sentiment.npz", folder / "sentiment.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            _check_digest(npz, meta.get("npz_sha256"))
            _check_format(meta, folder)
            with np.load(npz, allow_pickle=False) as data:
                vocab = [str(g) for g in data["vocab"]]
                heads = {
                    head: (
                        [str(c) for c in data[f"{head}_classes"]],
                        data[f"{head}_coef"],
                        data[f"{head}_intercept"],
                    )
                    for head in ("sentiment", "intent")
                }
                model = cls(vocab, data["idf"], heads, meta)
        except ModelError:
            raise
        except FileNotFoundError as exc:
            raise ModelError(
                f"comment model not found ({exc.filename}); "
                "run tools/train_sentiment.py or reinstall"
            ) from None
        except Exception as exc:
            raise ModelError(f"comment model in {folder} is unreadable: {exc}") from None
        if not (len(model.vocab) == model.idf.size == model.coef.shape[0]) or not model.vocab:
            raise ModelError(f"comment model in {folder} is inconsistent (array sizes differ)")
        return model

    def _sparse(self, norms: Sequence[str]) -> tuple[Any, Any, Any]:
        """Row ids, feature ids and raw counts of every known feature, rows ascending."""
        np = self._np
        vocab_get = self.vocab.get
        rows: list[int] = []
        cols: list[int] = []
        for row, text in enumerate(norms):
            ids = [i for i in map(vocab_get, analyze(text)) if i is not None]
            cols.extend(ids)
            rows.extend([row] * len(ids))
        if not cols:
            empty = np.zeros(0, np.intp)
            return empty, empty, np.zeros(0)
        size = len(self.vocab)
        keys, counts = np.unique(
            np.asarray(rows, np.intp) * size + np.asarray(cols, np.intp), return_counts=True
        )
        return keys // size, keys % size, counts.astype(np.float64)

    def scores(self, norms: Sequence[str]) -> Scores:
        """Both heads for comments already passed through :func:`normalize`."""
        np = self._np
        n = len(norms)
        rows, cols, counts = self._sparse(norms)
        values = (1.0 + np.log(counts)) * self.idf[cols]
        lengths = np.sqrt(np.bincount(rows, values * values, minlength=n))
        if values.size:
            values = values / lengths[rows]
        contrib = self.coef[cols] * values[:, None]
        logits = np.empty((n, self.coef.shape[1]))
        for k in range(self.coef.shape[1]):
            logits[:, k] = np.bincount(rows, contrib[:, k], minlength=n)
        logits += self.intercept
        s = self._split
        return Scores(
            _softmax(np, logits[:, :s]),
            _softmax(np, logits[:, s:]),
            lengths > 0,
            self.intent_classes,
        )

    def p_pos(self, texts: Sequence[str]) -> Any:
        """P(pos) / (P(pos) + P(neg)) of each raw text: the two-class view of the head."""
        probs = self.scores([normalize(t) for t in texts]).sentiment
        return probs[:, 2] / (probs[:, 0] + probs[:, 2])

    def predict(self, texts: Sequence[str]) -> list[SentimentResult]:
        """Sentiment labels for a batch of raw texts (batching amortises the numpy calls)."""
        if not texts:
            return []
        probs = self.scores([normalize(t) for t in texts]).sentiment
        p_pos = probs[:, 2] / (probs[:, 0] + probs[:, 2])
        labels = probs.argmax(axis=1).tolist()
        return [
            SentimentResult(SENTIMENTS[k], float(p))
            for k, p in zip(labels, p_pos.tolist(), strict=True)
        ]


def _softmax(np: Any, logits: Any) -> Any:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def _check_format(meta: dict[str, Any], folder: Path) -> None:
    """A model from another trainer version fails here, not with odd scores later."""
    if meta.get("format") != FORMAT or meta.get("features") != FEATURES_VERSION:
        raise ModelError(
            f"comment model in {folder} has format {meta.get('format')}/features "
            f"{meta.get('features')}, this version reads {FORMAT}/{FEATURES_VERSION}; "
            "run tools/train_sentiment.py or reinstall"
        )


def _check_digest(npz: Path, expected: str | None) -> None:
    """A half-copied or edited model file fails here, not with odd scores later."""
    if not expected:
        return
    digest = hashlib.sha256(npz.read_bytes()).hexdigest()
    if digest != expected:
        raise ModelError(
            f"comment model {npz.name} is damaged (checksum mismatch); reinstall or "
            "run tools/train_sentiment.py"
        )
