"""Measure comment triage: sentiment on the held-out dataset splits, intent on live comments.

    .venv/bin/python tools/eval_triage.py [--json] [--write-doc]

Sentiment (shipped numpy model, exactly as the app runs it) on every ``test`` row of the
shared corpora (splits reproduced by ``tools/train_sentiment.load_corpora``), per corpus
and per language: binary corpora (reviews) are scored pos/neg at P=0.5 and also
reported with the neutral band on; 3-class corpora (tweets, Twitch) with the band.
online_shopping's 酒店 test rows are left out (they copy ChnSentiCorp rows that were
trained on; load_corpora drops them). Intent (+ confusion), sentiment and spam of the
full classifier are measured on our labelled live-comment set and on the demo script's gold labels.
``--write-doc`` replaces the block between the eval markers in docs/chat-triage.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from train_sentiment import DEFAULT_DATA, load_corpora  # noqa: E402

from app.chat.classifier import CommentClassifier  # noqa: E402
from app.chat.intent import INTENTS  # noqa: E402
from app.chat.sentiment import SentimentModel  # noqa: E402

LIVE_SET = ROOT / "resources" / "eval" / "live_comments_labelled.csv"
DEMO = ROOT / "resources" / "demo" / "events.jsonl"
DOC = ROOT / "docs" / "chat-triage.md"
BEGIN, END = "<!-- eval:begin -->", "<!-- eval:end -->"
NAMES = {-1: "neg", 0: "neu", 1: "pos"}


def macro_f1(gold: list[str], pred: list[str], labels: list[str]) -> float:
    scores = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, pred, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores))


def accuracy(gold: list[str], pred: list[str]) -> float:
    return float(np.mean([g == p for g, p in zip(gold, pred, strict=True)])) if gold else 0.0


def sentiment_scores(model: SentimentModel, data: Path) -> list[dict]:
    rows = [r for r in load_corpora(data) if r["split"] == "test"]
    by_corpus: dict[str, list[dict]] = {}
    for r in rows:  # load_corpora already leaves out online_shopping's 酒店 rows
        by_corpus.setdefault(r["corpus"], []).append(r)
    out = []
    for corpus, items in by_corpus.items():
        p = model.p_pos([r["text"] for r in items])
        gold = [NAMES[r["label"]] for r in items]
        three_class = any(g == "neu" for g in gold)
        banded = [model.label(x) for x in p]
        entry = {"corpus": corpus, "lang": items[0]["lang"], "n": len(items)}
        if three_class:
            entry["classes"] = 3
            entry["accuracy"] = accuracy(gold, banded)
            entry["macro_f1"] = macro_f1(gold, banded, ["neg", "neu", "pos"])
        else:
            binary = ["pos" if x >= 0.5 else "neg" for x in p]
            entry["classes"] = 2
            entry["accuracy"] = accuracy(gold, binary)
            entry["macro_f1"] = macro_f1(gold, binary, ["neg", "pos"])
            entry["with_band_called_neutral"] = float(np.mean([b == "neu" for b in banded]))
            decided = [(g, b) for g, b in zip(gold, banded, strict=True) if b != "neu"]
            entry["with_band_accuracy_when_decided"] = accuracy(
                [g for g, _ in decided], [b for _, b in decided]
            )
        out.append(entry)
    return out


def live_scores(name: str, items: list[dict], classifier: CommentClassifier) -> dict:
    labels = classifier.classify([r["text"] for r in items])
    gold_i = [r["intent"] for r in items]
    pred_i = [lab.intent for lab in labels]
    gold_s = [r["sentiment"] for r in items]
    pred_s = [lab.sentiment or "none" for lab in labels]
    confusion = Counter(zip(gold_i, pred_i, strict=True))
    result = {
        "set": name,
        "n": len(items),
        "intent_accuracy": accuracy(gold_i, pred_i),
        "intent_macro_f1": macro_f1(gold_i, pred_i, list(INTENTS)),
        "sentiment_accuracy": accuracy(gold_s, pred_s),
        "sentiment_macro_f1": macro_f1(gold_s, pred_s, ["neg", "neu", "pos"]),
        "confusion": {f"{g}->{p}": c for (g, p), c in sorted(confusion.items())},
    }
    for lang in ("zh", "en"):
        idx = [i for i, lab in enumerate(labels) if lab.lang == lang]
        result[f"intent_accuracy_{lang}"] = accuracy(
            [gold_i[i] for i in idx], [pred_i[i] for i in idx]
        )
        result[f"sentiment_accuracy_{lang}"] = accuracy(
            [gold_s[i] for i in idx], [pred_s[i] for i in idx]
        )
    if all("lang" in r for r in items):
        result["lang_accuracy"] = accuracy([r["lang"] for r in items], [lab.lang for lab in labels])
    if all("spam" in r for r in items):
        gold_spam = [r["spam"] for r in items]
        pred_spam = [lab.spam for lab in labels]
        tp = sum(g and p for g, p in zip(gold_spam, pred_spam, strict=True))
        result["spam_precision"] = tp / max(1, sum(pred_spam))
        result["spam_recall"] = tp / max(1, sum(gold_spam))
    return result


def load_live_set() -> list[dict]:
    with LIVE_SET.open(encoding="utf-8") as fh:
        return [{**r, "spam": r["spam"] == "1"} for r in csv.DictReader(fh)]


def load_demo() -> list[dict]:
    items = []
    for line in DEMO.read_text(encoding="utf-8").splitlines():
        e = json.loads(line)
        if e.get("type") == "comment" and "gold" in e:
            g = e["gold"]
            items.append(
                {
                    "text": e["text"],
                    "intent": g["intent"],
                    "sentiment": g["sentiment"],
                    "spam": g["intent"] == "spam",
                }
            )
    return items


def confusion_table(confusion: dict[str, int]) -> list[str]:
    intents = list(INTENTS)
    grid = {(k.split("->")[0], k.split("->")[1]): v for k, v in confusion.items()}
    lines = ["| gold \\ predicted | " + " | ".join(intents) + " |", "|---|" + "---|" * len(intents)]
    for g in intents:
        lines.append(f"| {g} | " + " | ".join(str(grid.get((g, p), "")) for p in intents) + " |")
    return lines


def markdown(result: dict) -> str:
    meta = result["model"]
    lines = [
        f"Measured {result['date']} by `tools/eval_triage.py` with the shipped model "
        f"(trained {meta.get('trained_at', '?')}, neutral band {meta.get('neutral_band')}).",
        "",
        "### Sentiment on the held-out test splits",
        "",
        "| corpus | lang | classes | n | accuracy | macro-F1 | band: called neutral | "
        "band: accuracy when decided |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for e in result["sentiment"]:
        neutral = e.get("with_band_called_neutral")
        decided = e.get("with_band_accuracy_when_decided")
        lines.append(
            f"| {e['corpus']} | {e['lang']} | {e['classes']} | {e['n']} | {e['accuracy']:.3f} | "
            f"{e['macro_f1']:.3f} | {'' if neutral is None else f'{neutral:.1%}'} | "
            f"{'' if decided is None else f'{decided:.3f}'} |"
        )
    lines += ["", "Per language (rows pooled):", ""]
    for lang, classes in (("zh", 2), ("en", 2), ("en", 3)):
        group = [e for e in result["sentiment"] if e["lang"] == lang and e["classes"] == classes]
        if group:
            n = sum(e["n"] for e in group)
            acc = sum(e["accuracy"] * e["n"] for e in group) / n
            f1 = sum(e["macro_f1"] * e["n"] for e in group) / n
            lines.append(
                f"- {lang}, {classes}-class: n={n}, accuracy {acc:.3f}, "
                f"macro-F1 {f1:.3f} (n-weighted mean of the corpora)"
            )
    for live in result["live"]:
        lines += [
            "",
            f"### Live comments: {live['set']} (n={live['n']})",
            "",
            f"- intent accuracy **{live['intent_accuracy']:.3f}** (macro-F1 "
            f"{live['intent_macro_f1']:.3f}); zh {live['intent_accuracy_zh']:.3f}, "
            f"en {live['intent_accuracy_en']:.3f}",
            f"- sentiment accuracy {live['sentiment_accuracy']:.3f} (macro-F1 "
            f"{live['sentiment_macro_f1']:.3f}); zh {live['sentiment_accuracy_zh']:.3f}, "
            f"en {live['sentiment_accuracy_en']:.3f}",
        ]
        if "lang_accuracy" in live:
            lines.append(f"- language accuracy {live['lang_accuracy']:.3f}")
        if "spam_precision" in live:
            lines.append(
                f"- spam precision {live['spam_precision']:.3f}, recall {live['spam_recall']:.3f}"
            )
        lines += ["", *confusion_table(live["confusion"])]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--write-doc", action="store_true")
    args = parser.parse_args()
    model = SentimentModel.load()
    classifier = CommentClassifier(model)
    result = {
        "date": dt.date.today().isoformat(),
        "model": model.meta,
        "sentiment": sentiment_scores(model, args.data),
        "live": [
            live_scores("our labelled set (resources/eval)", load_live_set(), classifier),
            live_scores("demo script gold labels", load_demo(), CommentClassifier(model)),
        ],
    }
    text = markdown(result)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(text)
    if args.write_doc:
        doc = DOC.read_text(encoding="utf-8")
        head, rest = doc.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        DOC.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
