"""Sentiment of live comments from a portable linear model: numpy only, no sklearn.

The model (trained by ``tools/train_sentiment.py``) is char 1-3-gram TF-IDF + logistic
regression. It ships as arrays (``sentiment.npz``: vocabulary, idf, coefficients) plus
``sentiment.json`` metadata, not as a pickle: a pickle breaks with the next sklearn
release and can run code when loaded; these arrays load with ``allow_pickle=False``.
The transform here reproduces sklearn's ``TfidfVectorizer(analyzer="char",
sublinear_tf=True, norm="l2")`` exactly (a test compares them when sklearn is present).

The training corpora are binary reviews, so the model says pos or neg; "neu" is a band
of low confidence (``neutral_band``), tuned on English tweets and Twitch chat that do
have a neutral class.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.paths import MODELS

log = logging.getLogger("app.chat.sentiment")

_WS = re.compile(r"\s\s+")


class ModelError(RuntimeError):
    """The sentiment model file is missing or unusable (what to do is in the message)."""


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


@dataclass(frozen=True)
class SentimentResult:
    label: str  # "pos" | "neu" | "neg"
    p_pos: float


class SentimentModel:
    """Scores batches of texts; thread-safe (read-only arrays after loading)."""

    def __init__(
        self,
        vocab: Sequence[str],
        idf: Any,
        coef: Any,
        intercept: float,
        meta: dict[str, Any],
    ) -> None:
        import numpy as np

        self._np = np
        self.vocab = {g: i for i, g in enumerate(vocab)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = float(intercept)
        self.meta = meta
        self.ngram = tuple(meta.get("ngram_range", (1, 3)))
        lo, hi = meta.get("neutral_band", (0.35, 0.65))
        self.band = (float(lo), float(hi))

    @classmethod
    def load(cls, folder: Path | None = None) -> SentimentModel:
        """Load ``sentiment.npz`` + ``sentiment.json``; raise :class:`ModelError` if unusable."""
        import numpy as np

        folder = folder or default_model_dir()
        npz, meta_path = folder / "sentiment.npz", folder / "sentiment.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            _check_digest(npz, meta.get("npz_sha256"))
            with np.load(npz, allow_pickle=False) as data:
                vocab = [str(g) for g in data["vocab"]]
                model = cls(vocab, data["idf"], data["coef"], float(data["intercept"]), meta)
        except ModelError:
            raise
        except FileNotFoundError as exc:
            raise ModelError(
                f"sentiment model not found ({exc.filename}); "
                "run tools/train_sentiment.py or reinstall"
            ) from None
        except Exception as exc:
            raise ModelError(f"sentiment model in {folder} is unreadable: {exc}") from None
        if not (len(model.vocab) == model.idf.size == model.coef.size) or not model.vocab:
            raise ModelError(f"sentiment model in {folder} is inconsistent (array sizes differ)")
        return model

    def _sparse(self, texts: Sequence[str]) -> tuple[Any, Any, Any]:
        """Row ids, feature ids and raw counts of every known n-gram in ``texts``."""
        vocab_get, lo, hi = self.vocab.get, self.ngram[0], self.ngram[1]
        rows: list[int] = []
        cols: list[int] = []
        counts: list[int] = []
        for row, text in enumerate(texts):
            ids = [i for i in map(vocab_get, char_ngrams(text, lo, hi)) if i is not None]
            for col, count in Counter(ids).items():
                rows.append(row)
                cols.append(col)
                counts.append(count)
        np = self._np
        return np.asarray(rows, np.intp), np.asarray(cols, np.intp), np.asarray(counts, float)

    def p_pos(self, texts: Sequence[str]) -> Any:
        """P(positive) of each text, as a float array (0.5 for texts with no known n-gram)."""
        np = self._np
        rows, cols, counts = self._sparse(texts)
        n = len(texts)
        values = (1.0 + np.log(counts)) * self.idf[cols]
        norms = np.sqrt(np.bincount(rows, values * values, minlength=n))
        dots = np.bincount(rows, values * self.coef[cols], minlength=n)
        scores = np.where(norms > 0, dots / np.where(norms > 0, norms, 1.0), 0.0)
        scores = np.where(norms > 0, scores + self.intercept, 0.0)
        return 1.0 / (1.0 + np.exp(-scores))

    def label(self, p_pos: float) -> str:
        """pos / neu / neg from P(positive) and the neutral band."""
        lo, hi = self.band
        if p_pos >= hi:
            return "pos"
        if p_pos <= lo:
            return "neg"
        return "neu"

    def predict(self, texts: Sequence[str]) -> list[SentimentResult]:
        """Labels for a batch (batching amortises the numpy calls)."""
        if not texts:
            return []
        return [SentimentResult(self.label(p), float(p)) for p in self.p_pos(texts).tolist()]


def _check_digest(npz: Path, expected: str | None) -> None:
    """A half-copied or edited model file fails here, not with odd scores later."""
    if not expected:
        return
    digest = hashlib.sha256(npz.read_bytes()).hexdigest()
    if digest != expected:
        raise ModelError(
            f"sentiment model {npz.name} is damaged (checksum mismatch); reinstall or "
            "run tools/train_sentiment.py"
        )
