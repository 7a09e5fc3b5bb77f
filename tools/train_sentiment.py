"""Train the live-comment sentiment model and export it as portable arrays.

    .venv/bin/python tools/train_sentiment.py [--data DIR] [--out models/sentiment]

Char 1-3-gram TF-IDF + logistic regression on the shared corpora (see the datasets'
README): Chinese shopping / food-delivery / hotel reviews and English review sentences,
tweets and Twitch chat. Only the ``split == "train"`` rows are used for fitting; 20% of
the English 3-class train rows (tweeteval, twitch) are held back as a dev set on which
the neutral band is tuned, and the ``test`` rows are only scored (tools/eval_triage.py).
Leaks handled: online_shopping's 酒店 rows copy ChnSentiCorp hotel reviews, so they are
left out of training, and any training text equal to a test text is dropped.

Output: ``sentiment.npz`` (vocab, idf, coef, intercept) + ``sentiment.json`` (date, data,
parameters, neutral band, dev scores). sklearn is needed here only, never at run time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "sentiment"
NGRAM = (1, 3)
MAX_FEATURES = 80_000
C = 4.0
SEED = 42


def load_corpora(data: Path) -> list[dict]:
    """Every row as {corpus, lang, text, label (-1 neg, 0 neu, 1 pos), split}."""
    import pandas as pd

    rows: list[dict] = []

    def add(df, corpus, lang, text_col, label_fn):
        for text, label, split in zip(
            df[text_col], df["_label"].map(label_fn), df["split"], strict=True
        ):
            if isinstance(text, str) and text.strip():
                row = {"corpus": corpus, "lang": lang, "text": text.strip()}
                rows.append({**row, "label": label, "split": split})

    shop = pd.read_csv(data / "zh_online_shopping_10_cats_sub15k.csv")
    shop = shop[shop["cat"] != "酒店"].rename(columns={"label": "_label"})
    add(shop, "online_shopping", "zh", "review", lambda v: 1 if v == 1 else -1)
    for name, corpus in (
        ("zh_waimai_10k.csv", "waimai"),
        ("zh_ChnSentiCorp_htl_all.csv", "chnsenticorp_htl"),
    ):
        df = pd.read_csv(data / name).rename(columns={"label": "_label"})
        add(df, corpus, "zh", "review", lambda v: 1 if v == 1 else -1)
    tw = pd.read_csv(data / "en_tweeteval_sentiment.csv").rename(columns={"label": "_label"})
    add(tw, "tweeteval", "en", "text", lambda v: int(v) - 1)
    twitch = pd.read_csv(data / "en_twitch_emote_controlled.csv")
    twitch = twitch.rename(columns={"sentiment": "_label"})
    twitch["split"] = _split(len(twitch), twitch["_label"].to_numpy())
    add(twitch, "twitch", "en", "message", int)
    uci = pd.read_csv(data / "en_uci_sentiment_sentences.csv").rename(columns={"label": "_label"})
    uci["split"] = _split(len(uci), uci["_label"].to_numpy())
    add(uci, "uci", "en", "text", lambda v: 1 if v == 1 else -1)
    return rows


def _split(n: int, labels: np.ndarray) -> list[str]:
    """A stratified 80/20 split (seed 42) for corpora the README left unsplit."""
    from sklearn.model_selection import train_test_split

    idx = np.arange(n)
    _, test = train_test_split(idx, test_size=0.2, random_state=SEED, stratify=labels)
    out = ["train"] * n
    for i in test:
        out[i] = "test"
    return out


def assign_dev(rows: list[dict]) -> None:
    """Hold back 20% of English 3-class train rows as "dev" for tuning the neutral band."""
    rng = np.random.default_rng(SEED)
    for r in rows:
        if r["split"] == "train" and r["corpus"] in ("tweeteval", "twitch") and rng.random() < 0.2:
            r["split"] = "dev"


def tune_band(p: np.ndarray, y: np.ndarray) -> tuple[tuple[float, float], float]:
    """The (lo, hi) band on P(pos) maximising 3-class macro-F1 on the dev rows."""
    from sklearn.metrics import f1_score

    best = ((0.5, 0.5), -1.0)
    for lo in np.arange(0.05, 0.5, 0.025):
        for hi in np.arange(0.5, 0.96, 0.025):
            pred = np.where(p >= hi, 1, np.where(p <= lo, -1, 0))
            f1 = f1_score(y, pred, average="macro")
            if f1 > best[1]:
                best = ((round(float(lo), 3), round(float(hi), 3)), float(f1))
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "sentiment")
    args = parser.parse_args()

    import sklearn
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = load_corpora(args.data)
    assign_dev(rows)
    test_texts = {r["text"] for r in rows if r["split"] == "test"}
    train = [
        r for r in rows if r["split"] == "train" and r["label"] != 0 and r["text"] not in test_texts
    ]
    vec = TfidfVectorizer(
        analyzer="char",
        ngram_range=NGRAM,
        sublinear_tf=True,
        min_df=2,
        max_features=MAX_FEATURES,
        dtype=np.float32,
    )
    x = vec.fit_transform([r["text"] for r in train])
    y = np.array([1 if r["label"] > 0 else 0 for r in train])
    clf = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    clf.fit(x, y)

    dev = [r for r in rows if r["split"] == "dev"]
    p_dev = clf.predict_proba(vec.transform([r["text"] for r in dev]))[:, 1]
    band, dev_f1 = tune_band(p_dev, np.array([r["label"] for r in dev]))

    args.out.mkdir(parents=True, exist_ok=True)
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    npz = args.out / "sentiment.npz"
    np.savez_compressed(
        npz,
        vocab=np.array(vocab, dtype=f"<U{NGRAM[1]}"),
        idf=vec.idf_.astype(np.float32),
        coef=clf.coef_[0].astype(np.float32),
        intercept=np.float32(clf.intercept_[0]),
    )
    counts: dict[str, int] = {}
    for r in train:
        counts[r["corpus"]] = counts.get(r["corpus"], 0) + 1
    meta = {
        "format": 1,
        "kind": "char-tfidf-logreg",
        "trained_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "sklearn": sklearn.__version__,
        "ngram_range": list(NGRAM),
        "sublinear_tf": True,
        "norm": "l2",
        "lowercase": True,
        "max_features": MAX_FEATURES,
        "C": C,
        "vocab_size": len(vocab),
        "neutral_band": list(band),
        "dev_macro_f1_3class": round(dev_f1, 4),
        "train_rows": counts,
        "data": "../shared/datasets/sentiment (see its README); split=train only; "
        "online_shopping 酒店 excluded (ChnSentiCorp leak); texts equal to a test text dropped",
        "npz_sha256": hashlib.sha256(npz.read_bytes()).hexdigest(),
    }
    (args.out / "sentiment.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(
        json.dumps(
            {
                k: meta[k]
                for k in ("vocab_size", "neutral_band", "dev_macro_f1_3class", "train_rows")
            },
            ensure_ascii=False,
        )
    )
    print(f"wrote {npz} ({npz.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
