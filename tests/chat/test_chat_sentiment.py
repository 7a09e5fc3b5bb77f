"""The portable sentiment model: same scores as sklearn, shipped file usable, failures clear."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from app.chat.classifier import CommentClassifier
from app.chat.sentiment import ModelError, SentimentModel, char_ngrams, default_model_dir

TRAIN = [
    ("好看 喜欢", 1),
    ("质量很好，推荐", 1),
    ("great, love it", 1),
    ("太差了 失望", 0),
    ("terrible, hate  it", 0),
    ("质量差，退货", 0),
]


def _export(tmp_path: Path) -> tuple[SentimentModel, object, object]:
    """Fit a tiny sklearn model, export it the way tools/train_sentiment.py does."""
    sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
    from sklearn.linear_model import LogisticRegression

    vec = sklearn_text.TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
    x = vec.fit_transform([t for t, _ in TRAIN])
    clf = LogisticRegression().fit(x, [y for _, y in TRAIN])
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    np.savez(
        tmp_path / "sentiment.npz",
        vocab=np.array(vocab, dtype="<U3"),
        idf=vec.idf_,
        coef=clf.coef_[0],
        intercept=np.float64(clf.intercept_[0]),
    )
    (tmp_path / "sentiment.json").write_text(json.dumps({"ngram_range": [1, 3]}), "utf-8")
    return SentimentModel.load(tmp_path), vec, clf


def test_numpy_scoring_matches_sklearn(tmp_path: Path) -> None:
    model, vec, clf = _export(tmp_path)
    texts = ["好看", "质量  很差 TERRIBLE", "love love love it!!", "退货", "xyz", ""]
    expected = clf.predict_proba(vec.transform(texts))[:, 1]  # type: ignore[attr-defined]
    got = model.p_pos(texts)
    known = [bool(vec.transform([t]).nnz) for t in texts]  # type: ignore[attr-defined]
    assert np.allclose(got[known], expected[known], atol=1e-6)
    assert got[-1] == 0.5  # no known n-gram: undecided, so neutral


def test_char_ngrams_follow_sklearn_char_analyzer() -> None:
    sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
    analyzer = sklearn_text.TfidfVectorizer(analyzer="char", ngram_range=(1, 3)).build_analyzer()
    for text in ("Ab  c", "多少钱？", "x", "a\tb\n c"):
        assert sorted(char_ngrams(text, 1, 3)) == sorted(analyzer(text))


def test_shipped_model_is_small_documented_and_sane() -> None:
    folder = default_model_dir()
    assert (folder / "sentiment.npz").stat().st_size < 5_000_000
    meta = json.loads((folder / "sentiment.json").read_text("utf-8"))
    for key in ("trained_at", "neutral_band", "train_rows", "data", "sklearn"):
        assert key in meta
    model = SentimentModel.load()
    labels = [r.label for r in model.predict(["质量太差了，非常失望", "非常好用，很喜欢，推荐"])]
    assert labels == ["neg", "pos"]


def test_missing_or_corrupt_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        SentimentModel.load(tmp_path)
    (tmp_path / "sentiment.json").write_text("{}", "utf-8")
    (tmp_path / "sentiment.npz").write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="unreadable"):
        SentimentModel.load(tmp_path)
    (tmp_path / "sentiment.json").write_text('{"npz_sha256": "00"}', "utf-8")
    with pytest.raises(ModelError, match="damaged"):
        SentimentModel.load(tmp_path)


def test_without_a_model_the_rules_still_run(tmp_path: Path) -> None:
    classifier = CommentClassifier.load(tmp_path)
    assert classifier.model is None
    assert "rules only" in classifier.status
    (labels,) = classifier.classify(["上链接"])
    assert (labels.intent, labels.sentiment, labels.lang) == ("purchase", None, "zh")


def test_rule_layer_overrides_review_model_on_live_comments() -> None:
    classifier = CommentClassifier.load()
    got = {
        lab.text: (lab.intent, lab.sentiment)
        for lab in classifier.classify(["多少钱", "扣1", "发货太慢了", "加vx abc123 领福利"])
    }
    assert got["多少钱"][1] != "neg"
    assert got["扣1"] == ("purchase", "pos")
    assert got["发货太慢了"] == ("complaint", "neg")
    assert got["加vx abc123 领福利"] == ("spam", "neu")
