"""The portable comment model: same scores as sklearn, shipped file usable, failures clear."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from app.chat.classifier import CommentClassifier
from app.chat.normalize import normalize
from app.chat.sentiment import (
    EMOJI_MARKS,
    FEATURES_VERSION,
    FORMAT,
    SENTIMENTS,
    ModelError,
    SentimentModel,
    analyze,
    char_ngrams,
    default_model_dir,
)

TRAIN = [
    ("好看 喜欢", "pos", "praise"),
    ("质量很好，推荐😍", "pos", "praise"),
    ("great, love it", "pos", "praise"),
    ("太差了 失望", "neg", "complaint"),
    ("terrible, hate  it 👎", "neg", "complaint"),
    ("質量差，退貨", "neg", "complaint"),
    ("多少钱", "neu", "question"),
    ("how much is it", "neu", "question"),
    ("上链接", "pos", "purchase"),
    ("晚上好", "neu", "other"),
]


def _export(tmp_path: Path) -> tuple[SentimentModel, object, dict[str, object]]:
    """Fit a tiny sklearn model, export it in the format tools/train_sentiment.py writes."""
    sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
    from sklearn.linear_model import LogisticRegression

    norms = [normalize(t) for t, _, _ in TRAIN]
    vec = sklearn_text.TfidfVectorizer(analyzer=analyze, sublinear_tf=True)
    x = vec.fit_transform(norms)
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    arrays: dict[str, object] = {"vocab": np.array(vocab), "idf": vec.idf_}
    heads = {}
    for head, column, fixed in (("sentiment", 1, SENTIMENTS), ("intent", 2, None)):
        labels = [row[column] for row in TRAIN]
        classes = fixed or tuple(sorted(set(labels)))
        clf = LogisticRegression(C=10).fit(x, [classes.index(y) for y in labels])
        arrays |= {
            f"{head}_classes": np.array(classes),
            f"{head}_coef": clf.coef_,
            f"{head}_intercept": clf.intercept_,
        }
        heads[head] = clf
    np.savez(tmp_path / "sentiment.npz", **arrays)  # type: ignore[arg-type]
    meta = {"format": FORMAT, "features": FEATURES_VERSION}
    (tmp_path / "sentiment.json").write_text(json.dumps(meta), "utf-8")
    return SentimentModel.load(tmp_path), vec, heads


def test_numpy_scoring_matches_sklearn_for_both_heads(tmp_path: Path) -> None:
    model, vec, heads = _export(tmp_path)
    texts = ["好看", "質量  很差 TERRIBLE", "love love love it!!!!", "退货😍", "多少钱?"]
    norms = [normalize(t) for t in texts]
    x = vec.transform(norms)  # type: ignore[attr-defined]
    got = model.scores(norms)
    assert np.allclose(got.sentiment, heads["sentiment"].predict_proba(x), atol=1e-6)  # type: ignore[attr-defined]
    assert np.allclose(got.intent, heads["intent"].predict_proba(x), atol=1e-6)  # type: ignore[attr-defined]
    assert got.known.all()
    unknown = model.scores(["xyz", ""])
    assert not unknown.known.any()


def test_analyze_sees_characters_words_and_emoji_classes() -> None:
    grams = analyze(normalize("Link pls 好看😍😍"))
    assert {"l", "li", "lin", "好", "好看", "w:link", "w:pls", "w:link_pls"} <= set(grams)
    assert EMOJI_MARKS["pos"] in grams  # 😍 is seen as "a positive emoji"
    assert "😍" not in grams
    assert analyze("a" * 40 + " ok") == analyze("a" * 40 + " ok")  # deterministic
    assert not any(g.startswith("w:aaaa") for g in analyze("a" * 40))  # long tokens dropped


def test_char_ngrams_follow_sklearn_char_analyzer() -> None:
    sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
    analyzer = sklearn_text.TfidfVectorizer(analyzer="char", ngram_range=(1, 3)).build_analyzer()
    for text in ("Ab  c", "多少钱？", "x", "a\tb\n c"):
        assert sorted(char_ngrams(text, 1, 3)) == sorted(analyzer(text))


def test_shipped_model_is_small_documented_and_sane() -> None:
    folder = default_model_dir()
    assert (folder / "sentiment.npz").stat().st_size < 5_000_000
    meta = json.loads((folder / "sentiment.json").read_text("utf-8"))
    for key in ("trained_at", "train_rows", "data", "sklearn", "format", "features", "C"):
        assert key in meta
    model = SentimentModel.load()
    assert model.intent_classes == (
        "question",
        "purchase",
        "complaint",
        "praise",
        "spam",
        "other",
    )
    labels = [r.label for r in model.predict(["质量太差了，非常失望", "非常好用，很喜欢，推荐"])]
    assert labels == ["neg", "pos"]
    p = model.p_pos(["太难吃了", "太好吃了"])
    assert p[0] < 0.5 < p[1]


def test_missing_or_corrupt_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        SentimentModel.load(tmp_path)
    (tmp_path / "sentiment.npz").write_bytes(b"not a zip")
    (tmp_path / "sentiment.json").write_text('{"format": 1}', "utf-8")
    with pytest.raises(ModelError, match="format 1"):
        SentimentModel.load(tmp_path)  # a model from the previous trainer
    meta = {"format": FORMAT, "features": FEATURES_VERSION}
    (tmp_path / "sentiment.json").write_text(json.dumps(meta), "utf-8")
    with pytest.raises(ModelError, match="unreadable"):
        SentimentModel.load(tmp_path)
    (tmp_path / "sentiment.json").write_text(json.dumps({**meta, "npz_sha256": "00"}), "utf-8")
    with pytest.raises(ModelError, match="damaged"):
        SentimentModel.load(tmp_path)


def test_without_a_model_the_rules_still_run(tmp_path: Path) -> None:
    classifier = CommentClassifier.load(tmp_path)
    assert classifier.model is None
    assert "rules only" in classifier.status
    labels = classifier.classify(["上链接", "質量太差了，我要退貨", "多少钱", "nb"])
    assert [(lab.intent, lab.sentiment) for lab in labels] == [
        ("purchase", None),
        ("complaint", None),
        ("question", None),
        ("praise", None),
    ]
    assert labels[0].lang == "zh"


def test_rule_layer_sets_sentiment_the_guide_implies() -> None:
    classifier = CommentClassifier.load()
    got = {
        lab.text: (lab.intent, lab.sentiment)
        for lab in classifier.classify(["多少钱", "扣1", "发货太慢了", "加vx abc123 领福利"])
    }
    assert got["多少钱"][1] != "neg"
    assert got["扣1"] == ("purchase", "pos")
    assert got["发货太慢了"] == ("complaint", "neg")
    assert got["加vx abc123 领福利"] == ("spam", "neu")
