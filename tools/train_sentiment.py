"""Train the live-comment model (sentiment + intent heads) and export it as portable arrays.

    .venv/bin/python tools/train_sentiment.py [--data DIR] [--out models/sentiment]

Features: :func:`app.chat.sentiment.analyze` of the normalised text (the same function
the app runs), TF-IDF, two multinomial logistic-regression heads. Training rows:

- **live comments, hand-written** (resources/eval/live_comments_v2.csv, ``split ==
  "train"``, project-written): both heads. ``dev`` rows pick the hyper-parameters and
  are reported here; ``test`` rows are never read by this script.
- **real live comments** (resources/eval/live_comments_real.csv, ``split == "train"``:
  Douyin live, Bilibili danmaku, YouTube/Twitch live chat from public repositories,
  labelled by the guide in docs/chat-triage.md): both heads. Its ``dev`` rows are
  scored here too; its ``test`` rows are never read by this script.
- **live comments, generated** (tools/live_comment_templates.py, project-written
  templates): both heads, lower weight; any text equal to a dev/test text is dropped.
- **review and chat corpora** (../shared/datasets/sentiment, see its README for
  licences; ``split == "train"`` only): the sentiment head (zh reviews, English review
  sentences, tweets, Twitch chat). Short reviews (<= 30 characters) also teach the
  intent head, weakly: negative -> complaint, positive -> praise.
  Leaks handled: online_shopping's 酒店 rows copy ChnSentiCorp hotel reviews, so they
  are left out, and any training text equal to a test text is dropped. 20% of the
  English 3-class train rows (tweeteval, twitch) are held back as dev.

Each head's class weights are balanced (every class carries the same total weight), which
suits a shopping room's mix; real rooms are mostly chatter, so the intent head's
``other`` and the sentiment head's ``neu`` intercepts get a fixed offset
(:data:`PRIOR_SHIFT`, chosen on the real dev split).

Output: ``sentiment.npz`` (vocab, idf, per head: classes, coef, intercept) +
``sentiment.json`` (date, data, parameters, dev scores, sha256). sklearn is needed
here only, never at run time. No raw corpus text is shipped: only the n-gram
vocabulary and weights.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from live_comment_templates import generate  # noqa: E402

from app.chat.intent import INTENTS  # noqa: E402
from app.chat.normalize import normalize  # noqa: E402
from app.chat.sentiment import FEATURES_VERSION, FORMAT, SENTIMENTS, analyze  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "sentiment"
LIVE_SET = ROOT / "resources" / "eval" / "live_comments_v2.csv"
REAL_SET = ROOT / "resources" / "eval" / "live_comments_real.csv"
SEED = 42
#: Hyper-parameters, chosen on the dev split (see docs/chat-triage.md).
C_INTENT = 4.0
C_SENTIMENT = 4.0
CORPUS_VOCAB = 60_000  # most frequent corpus features (min_df 3) besides every live feature
TEMPLATES_PER_INTENT = 600
WEAK_MAX_LEN = 30
WEAK_PER_CLASS = {"zh": 1500, "en": 400}
#: Sample weights per source; a weight scales how much one row counts in its head.
WEIGHTS = {
    "live": 1.0,
    "real": 2.0,
    "template": 0.4,
    "weak": 0.4,  # intent head only
    "review_zh": 0.15,  # sentiment head
    "review_en": 0.3,
    "tweet": 0.3,
    "twitch": 0.5,
}


#: Added to one class's intercept after fitting: {head: (class, offset)}.
PRIOR_SHIFT = {"intent": ("other", 1.0), "sentiment": ("neu", 0.5)}


def load_corpora(data: Path) -> list[dict]:
    """Every corpus row as {corpus, lang, text, label (-1 neg, 0 neu, 1 pos), split}."""
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
    """Hold back 20% of English 3-class train rows as "dev"."""
    rng = np.random.default_rng(SEED)
    for r in rows:
        if r["split"] == "train" and r["corpus"] in ("tweeteval", "twitch") and rng.random() < 0.2:
            r["split"] = "dev"


def load_live(path: Path = LIVE_SET) -> list[dict]:
    """The labelled live-comment set: text, intent, sentiment, split, origin."""
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_real(path: Path = REAL_SET) -> list[dict]:
    """The real labelled comments: text, intent, sentiment, split, source, sample."""
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _weak_intent(rows: list[dict], rng: np.random.Generator) -> list[dict]:
    """Short reviews as weak complaint/praise examples, capped per language and class."""
    pools: dict[tuple[str, int], list[dict]] = {}
    for r in rows:
        short = len(r["norm"]) <= WEAK_MAX_LEN
        if short and r["label"] != 0 and r["corpus"] in ("online_shopping", "waimai", "uci"):
            pools.setdefault((r["lang"], r["label"]), []).append(r)
    out = []
    for (lang, label), pool in sorted(pools.items()):
        take = rng.permutation(len(pool))[: WEAK_PER_CLASS[lang]]
        intent = "praise" if label > 0 else "complaint"
        out += [{**pool[i], "intent": intent, "source": "weak"} for i in take]
    return out


def training_rows(data: Path) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """(sentiment rows, intent rows, live dev rows, corpus dev rows), normalised, weighted.

    The live dev rows are both sets' dev splits, each tagged with ``set`` ("written" or
    "real").
    """
    corpora = load_corpora(data)
    assign_dev(corpora)
    live = load_live()
    real = load_real()
    held = {normalize(r["text"]).lower() for r in live + real if r["split"] in ("dev", "test")}
    held |= {r["text"] for r in corpora if r["split"] == "test"}
    for r in corpora:
        r["norm"] = normalize(r["text"])
    train_corpus = [r for r in corpora if r["split"] == "train" and r["text"] not in held]
    sentiment_rows = []
    for r in train_corpus:
        source = {"tweeteval": "tweet", "twitch": "twitch", "uci": "review_en"}.get(
            r["corpus"], "review_zh"
        )
        sentiment_rows.append({**r, "sentiment": SENTIMENTS[r["label"] + 1], "source": source})
    live_rows = [
        {
            "norm": normalize(r["text"]),
            "intent": r["intent"],
            "sentiment": r["sentiment"],
            "source": "live",
        }
        for r in live
        if r["split"] == "train"
    ]
    live_rows += [
        {
            "norm": normalize(r["text"]),
            "intent": r["intent"],
            "sentiment": r["sentiment"],
            "source": "real",
        }
        for r in real
        if r["split"] == "train"
    ]
    templates = [
        {"norm": normalize(t), "intent": i, "sentiment": s, "source": "template"}
        for t, i, s in generate(TEMPLATES_PER_INTENT, SEED)
    ]
    templates = [r for r in templates if r["norm"].lower() not in held]
    weak = _weak_intent(train_corpus, np.random.default_rng(SEED))
    live_dev = [
        {**r, "norm": normalize(r["text"]), "set": name}
        for name, rows in (("written", live), ("real", real))
        for r in rows
        if r["split"] == "dev"
    ]
    corpus_dev = [r for r in corpora if r["split"] == "dev"]
    return (
        live_rows + templates + sentiment_rows,
        live_rows + templates + weak,
        live_dev,
        corpus_dev,
    )


def build_vocab(live_norms: list[str], corpus_norms: list[str]) -> list[str]:
    """Every feature of the live rows, plus the corpora's most frequent (min_df 3)."""
    vocab = {g for t in live_norms for g in analyze(t)}
    df: Counter[str] = Counter()
    for t in corpus_norms:
        df.update(set(analyze(t)))
    frequent = [g for g, n in df.most_common() if n >= 3 and g not in vocab][:CORPUS_VOCAB]
    return sorted(vocab | set(frequent))


def balanced(rows: list[dict], head: str) -> np.ndarray:
    """Source weights rescaled so every class carries the same total weight."""
    w = np.array([WEIGHTS[r["source"]] for r in rows])
    labels = [r[head] for r in rows]
    totals: Counter[str] = Counter()
    for label, weight in zip(labels, w, strict=True):
        totals[label] += weight
    mean = sum(totals.values()) / len(totals)
    return w * np.array([mean / totals[label] for label in labels])


def fit(data: Path, rows: tuple | None = None) -> dict:
    """Fit the vectoriser and both heads; returns arrays and facts for the export."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    sentiment_rows, intent_rows, live_dev, corpus_dev = rows or training_rows(data)
    live_norms = [r["norm"] for r in intent_rows if r["source"] in ("live", "real", "template")]
    corpus_norms = [r["norm"] for r in sentiment_rows if r["source"] != "live"]
    vocab = build_vocab(live_norms, corpus_norms)
    vec = TfidfVectorizer(analyzer=analyze, vocabulary=vocab, sublinear_tf=True, dtype=np.float64)
    vec.fit(list({r["norm"] for r in sentiment_rows + intent_rows}))
    heads = {}
    for head, head_rows, c, classes in (
        ("sentiment", sentiment_rows, C_SENTIMENT, SENTIMENTS),
        ("intent", intent_rows, C_INTENT, INTENTS),
    ):
        x = vec.transform([r["norm"] for r in head_rows])
        y = np.array([classes.index(r[head]) for r in head_rows])
        w = balanced(head_rows, head)
        clf = LogisticRegression(C=c, max_iter=3000)
        clf.fit(x, y, sample_weight=w)
        intercept = clf.intercept_.copy()
        shifted, offset = PRIOR_SHIFT[head]
        intercept[classes.index(shifted)] += offset
        heads[head] = (classes, clf.coef_, intercept)
    counts = {
        head: dict(Counter(r["source"] for r in rows))
        for head, rows in (("sentiment", sentiment_rows), ("intent", intent_rows))
    }
    return {
        "vec": vec,
        "vocab": vocab,
        "heads": heads,
        "counts": counts,
        "live_dev": live_dev,
        "corpus_dev": corpus_dev,
    }


def export(model: dict, out: Path) -> Path:
    """Write sentiment.npz (float32 arrays, no pickles) and return its path."""
    import sklearn

    out.mkdir(parents=True, exist_ok=True)
    vocab = model["vocab"]
    arrays = {
        "vocab": np.array(vocab, dtype=f"<U{max(len(g) for g in vocab)}"),
        "idf": model["vec"].idf_.astype(np.float32),
    }
    for head, (classes, coef, intercept) in model["heads"].items():
        arrays[f"{head}_classes"] = np.array(classes)
        arrays[f"{head}_coef"] = coef.astype(np.float32)
        arrays[f"{head}_intercept"] = intercept.astype(np.float32)
    npz = out / "sentiment.npz"
    np.savez_compressed(npz, **arrays)
    meta = {
        "format": FORMAT,
        "features": FEATURES_VERSION,
        "kind": "char1-3+word tfidf, logreg heads: sentiment, intent",
        "trained_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "sklearn": sklearn.__version__,
        "analyzer": "app.chat.sentiment.analyze(normalize(text))",
        "sublinear_tf": True,
        "norm": "l2",
        "C": {"intent": C_INTENT, "sentiment": C_SENTIMENT},
        "prior_shift": PRIOR_SHIFT,
        "weights": WEIGHTS,
        "vocab_size": len(vocab),
        "train_rows": model["counts"],
        "data": "live: resources/eval/live_comments_v2.csv split=train (project-written) + "
        "resources/eval/live_comments_real.csv split=train (real, see its README) + "
        "tools/live_comment_templates.py (project-written); corpora: "
        "../shared/datasets/sentiment (see its README) split=train only, online_shopping "
        "酒店 excluded (ChnSentiCorp leak), texts equal to a test text dropped",
        "npz_sha256": hashlib.sha256(npz.read_bytes()).hexdigest(),
    }
    meta.update(model.get("dev", {}))
    (out / "sentiment.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return npz


def dev_scores(model: dict) -> dict:
    """Full classifier (rules + model) on the live dev split; sentiment head on corpus dev."""
    from sklearn.metrics import f1_score

    from app.chat.classifier import CommentClassifier
    from app.chat.sentiment import SentimentModel

    with tempfile.TemporaryDirectory() as tmp:
        export(model, Path(tmp))
        loaded = SentimentModel.load(Path(tmp))
    out: dict = {}
    for name, prefix in (("written", "dev_live"), ("real", "dev_real")):
        dev = [r for r in model["live_dev"] if r["set"] == name]
        labels = CommentClassifier(loaded).classify([r["text"] for r in dev])
        gold_i, pred_i = [r["intent"] for r in dev], [lab.intent for lab in labels]
        gold_s, pred_s = [r["sentiment"] for r in dev], [lab.sentiment for lab in labels]
        out |= {
            f"{prefix}_n": len(dev),
            f"{prefix}_intent_accuracy": round(float(np.mean(np.array(gold_i) == pred_i)), 4),
            f"{prefix}_intent_macro_f1": round(float(f1_score(gold_i, pred_i, average="macro")), 4),
            f"{prefix}_sentiment_macro_f1": round(
                float(f1_score(gold_s, pred_s, average="macro")), 4
            ),
        }
    corpus = model["corpus_dev"]
    probs = loaded.scores([normalize(r["text"]) for r in corpus]).sentiment
    corpus_pred = [SENTIMENTS[k] for k in probs.argmax(axis=1)]
    corpus_gold = [SENTIMENTS[r["label"] + 1] for r in corpus]
    out["dev_en_3class_macro_f1"] = round(
        float(f1_score(corpus_gold, corpus_pred, average="macro")), 4
    )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "sentiment")
    args = parser.parse_args()
    model = fit(args.data)
    model["dev"] = dev_scores(model)
    npz = export(model, args.out)
    print(json.dumps({"vocab_size": len(model["vocab"]), **model["dev"]}, ensure_ascii=False))
    print(f"wrote {npz} ({npz.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
