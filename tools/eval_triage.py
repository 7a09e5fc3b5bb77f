"""Measure comment triage: intent and sentiment per class on held-out live comments.

    .venv/bin/python tools/eval_triage.py [--json] [--write-doc] [--compare REF]

- **Real live comments, held-out test** (resources/eval/live_comments_real.csv, ``split ==
  "test"``: Douyin live, Bilibili danmaku, YouTube/Twitch live chat from public
  repositories, see resources/eval/README.md; labelled and frozen before any model was run
  on it, never trained or tuned on), also split by how rows were drawn (``sample``:
  ``random`` or ``cued``, i.e. picked among comments matching a broad cue list).
- **Live comments, held-out test** (resources/eval/live_comments_v2.csv, ``split ==
  "test"``: project-written before the model and never trained or tuned on): precision, recall
  and F1 per intent and per sentiment class, the confusion matrix, and accuracy by
  script (Simplified, Traditional, English, no letters). Also the older labelled set
  (resources/eval/live_comments_labelled.csv, never trained on) and the demo script's
  gold labels (never trained on; the old rules were tuned on it).
- **A five-regex keyword baseline** on the same test split, as a floor.
- **Sentiment on the corpora's test splits** (../shared/datasets/sentiment, splits
  reproduced by tools/train_sentiment.load_corpora): two-class corpora scored as
  P(pos) vs P(neg), three-class corpora (tweets, Twitch) with the three-way head.
- ``--compare REF``: the same live-comment figures for the classifier and model of git
  revision REF (extracted to a temporary folder and run in a subprocess), side by side.
- ``--write-doc`` replaces the block between the eval markers in docs/chat-triage.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from train_sentiment import DEFAULT_DATA, load_corpora  # noqa: E402

from app.chat.classifier import CommentClassifier  # noqa: E402
from app.chat.intent import INTENTS  # noqa: E402
from app.chat.normalize import normalize, to_simplified  # noqa: E402
from app.chat.sentiment import SENTIMENTS, SentimentModel  # noqa: E402

LIVE_REAL = ROOT / "resources" / "eval" / "live_comments_real.csv"
LIVE_V2 = ROOT / "resources" / "eval" / "live_comments_v2.csv"
LIVE_V1 = ROOT / "resources" / "eval" / "live_comments_labelled.csv"
DEMO = ROOT / "resources" / "demo" / "events.jsonl"
DOC = ROOT / "docs" / "chat-triage.md"
BEGIN, END = "<!-- eval:begin -->", "<!-- eval:end -->"
NAMES = {-1: "neg", 0: "neu", 1: "pos"}
Labeller = Callable[[list[str]], list[dict]]

#: The floor: five keyword regexes, first match wins (spam, complaint, purchase,
#: question, praise), else other; sentiment from the intent.
KEYWORD_BASELINE = (
    ("spam", re.compile(r"加v|微信|vx|qq|主页|私信|http|www|dm me|follow me", re.I)),
    ("complaint", re.compile(r"差|慢|退|假|坏|骗|垃圾|失望|bad|slow|fake|refund|broke", re.I)),
    ("purchase", re.compile(r"链接|扣1|^1+$|拍了|下单|想要|买|link|order|cart|buy", re.I)),
    ("question", re.compile(r"[?？]|吗|多少|怎么|什么|how|what|when|where", re.I)),
    ("praise", re.compile(r"好看|喜欢|棒|美|好用|好吃|爱|love|great|amazing|cute|nice", re.I)),
)
_BASELINE_SENTIMENT = {"complaint": "neg", "praise": "pos", "purchase": "pos"}


def per_class(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict:
    """{label: {precision, recall, f1, support}} plus accuracy and macro-F1."""
    out: dict = {"classes": {}}
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, pred, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        out["classes"][label] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "support": tp + fn,
        }
    out["accuracy"] = sum(g == p for g, p in zip(gold, pred, strict=True)) / max(1, len(gold))
    out["macro_f1"] = sum(c["f1"] for c in out["classes"].values()) / len(labels)
    return out


def script_of(text: str) -> str:
    """Simplified, Traditional, English or none (no letters), for the per-script figures."""
    if re.search(r"[\u3400-\u9fff]", text):
        return "Traditional" if to_simplified(text) != text else "Simplified"
    return "English" if re.search(r"[A-Za-z]", text) else "none"


def score_set(name: str, items: list[dict], labeller: Labeller) -> dict:
    """Per-class intent and sentiment, confusion and per-script accuracy for one set."""
    labels = labeller([r["text"] for r in items])
    gold_i = [r["intent"] for r in items]
    pred_i = [lab["intent"] for lab in labels]
    gold_s = [r["sentiment"] for r in items]
    pred_s = [lab["sentiment"] or "none" for lab in labels]
    scripts: dict[str, list[int]] = {}
    for i, r in enumerate(items):
        scripts.setdefault(script_of(r["text"]), []).append(i)
    result = {
        "set": name,
        "n": len(items),
        "intent": per_class(gold_i, pred_i, INTENTS),
        "sentiment": per_class(gold_s, pred_s, SENTIMENTS),
        "confusion": {
            f"{g}->{p}": c
            for (g, p), c in sorted(Counter(zip(gold_i, pred_i, strict=True)).items())
        },
        "by_script": {
            script: {
                "n": len(idx),
                "intent_accuracy": sum(gold_i[i] == pred_i[i] for i in idx) / len(idx),
                "sentiment_accuracy": sum(gold_s[i] == pred_s[i] for i in idx) / len(idx),
            }
            for script, idx in sorted(scripts.items())
        },
    }
    if all("spam" in r for r in items):
        gold_spam = [bool(r["spam"]) for r in items]
        pred_spam = [bool(lab["spam"]) for lab in labels]
        tp = sum(g and p for g, p in zip(gold_spam, pred_spam, strict=True))
        result["spam_precision"] = tp / max(1, sum(pred_spam))
        result["spam_recall"] = tp / max(1, sum(gold_spam))
    return result


def current_labeller() -> Labeller:
    classifier = CommentClassifier.load()

    def label(texts: list[str]) -> list[dict]:
        return [lab.as_dict() for lab in classifier.classify(texts)]

    return label


def baseline_labeller(texts: list[str]) -> list[dict]:
    out = []
    for text in texts:
        intent = next((i for i, rx in KEYWORD_BASELINE if rx.search(text)), "other")
        sentiment = _BASELINE_SENTIMENT.get(intent, "neu")
        out.append({"intent": intent, "sentiment": sentiment, "spam": intent == "spam"})
    return out


_RUN_OLD = """
import json, sys
from app.chat.classifier import CommentClassifier
texts = json.load(sys.stdin)
labels = CommentClassifier.load().classify(texts)
json.dump([lab.as_dict() for lab in labels], sys.stdout, ensure_ascii=False)
"""


def revision_labeller(ref: str, folder: Path) -> Labeller:
    """The classifier and model of git revision ``ref``, run from ``folder``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref, "app", "models"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    env = {**os.environ, "PYTHONPATH": str(folder)}

    def label(texts: list[str]) -> list[dict]:
        done = subprocess.run(
            [sys.executable, "-c", _RUN_OLD],
            input=json.dumps(texts, ensure_ascii=False),
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=folder,
            env=env,
            check=True,
        )
        return json.loads(done.stdout)

    return label


def load_real(split: str = "test", sample: str | None = None) -> list[dict]:
    """Rows of the real-comment set for one split (and one sampling stratum)."""
    with LIVE_REAL.open(encoding="utf-8") as fh:
        rows = [
            r
            for r in csv.DictReader(fh)
            if r["split"] == split and (sample is None or r["sample"] == sample)
        ]
    return [{**r, "spam": r["intent"] == "spam"} for r in rows]


def load_v2_test() -> list[dict]:
    with LIVE_V2.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["split"] == "test"]
    return [{**r, "spam": r["intent"] == "spam"} for r in rows]


def load_v1() -> list[dict]:
    with LIVE_V1.open(encoding="utf-8") as fh:
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


REAL_TEST = "real comments: held-out test split (live_comments_real.csv)"
V2_TEST = "project-written: held-out test split (live_comments_v2.csv)"
#: Sets that get the full per-class tables (the others a summary line).
DETAILED = (REAL_TEST, V2_TEST)


def live_sets() -> list[tuple[str, list[dict]]]:
    return [
        (REAL_TEST, load_real("test")),
        ("real, test, random sample only", load_real("test", "random")),
        ("real, test, cue-selected sample only", load_real("test", "cued")),
        ("real, dev split (read while improving)", load_real("dev")),
        (V2_TEST, load_v2_test()),
        ("older labelled set (live_comments_labelled.csv)", load_v1()),
        ("demo script gold labels", load_demo()),
    ]


def corpus_scores(model: SentimentModel, data: Path) -> list[dict]:
    """Sentiment head on every corpus test row (online_shopping's 酒店 rows left out)."""
    rows = [r for r in load_corpora(data) if r["split"] == "test"]
    by_corpus: dict[str, list[dict]] = {}
    for r in rows:
        by_corpus.setdefault(r["corpus"], []).append(r)
    out = []
    for corpus, items in by_corpus.items():
        gold = [NAMES[r["label"]] for r in items]
        probs = model.scores([normalize(r["text"]) for r in items]).sentiment
        if any(g == "neu" for g in gold):
            pred = [SENTIMENTS[k] for k in probs.argmax(axis=1)]
            labels: tuple[str, ...] = SENTIMENTS
        else:
            pred = ["pos" if p >= n else "neg" for n, _, p in probs.tolist()]
            labels = ("neg", "pos")
        scores = per_class(gold, pred, labels)
        out.append(
            {
                "corpus": corpus,
                "lang": items[0]["lang"],
                "n": len(items),
                "classes": len(labels),
                "accuracy": scores["accuracy"],
                "macro_f1": scores["macro_f1"],
                "f1": {k: v["f1"] for k, v in scores["classes"].items()},
            }
        )
    return out


def class_table(scores: dict, labels: Sequence[str], old: dict | None = None) -> list[str]:
    head = "| class | support | precision | recall | F1 |"
    rule = "|---|---|---|---|---|"
    if old is not None:
        head += " old precision | old recall | old F1 |"
        rule += "---|---|---|"
    lines = [head, rule]
    for label in labels:
        c = scores["classes"][label]
        line = (
            f"| {label} | {c['support']} | {c['precision']:.2f} | {c['recall']:.2f} "
            f"| {c['f1']:.2f} |"
        )
        if old is not None:
            o = old["classes"][label]
            line += f" {o['precision']:.2f} | {o['recall']:.2f} | {o['f1']:.2f} |"
        lines.append(line)
    return lines


def confusion_table(confusion: dict[str, int]) -> list[str]:
    grid = {tuple(k.split("->")): v for k, v in confusion.items()}
    lines = ["| gold \\ predicted | " + " | ".join(INTENTS) + " |", "|---|" + "---|" * len(INTENTS)]
    for g in INTENTS:
        lines.append(f"| {g} | " + " | ".join(str(grid.get((g, p), "")) for p in INTENTS) + " |")
    return lines


def _summary(r: dict) -> str:
    return (
        f"intent accuracy {r['intent']['accuracy']:.3f}, macro-F1 {r['intent']['macro_f1']:.3f}; "
        f"sentiment accuracy {r['sentiment']['accuracy']:.3f}, macro-F1 "
        f"{r['sentiment']['macro_f1']:.3f}"
    )


def markdown(result: dict) -> str:
    meta = result["model"]
    old = {r["set"]: r for r in result.get("old", [])}
    lines = [
        f"Measured {result['date']} by `tools/eval_triage.py` with the shipped model "
        f"(trained {meta.get('trained_at', '?')}, {meta.get('vocab_size', '?')} features)"
        + (f'; "old" is git revision `{result["compare"]}`.' if result.get("compare") else "."),
    ]
    for live in result["live"]:
        before = old.get(live["set"])
        lines += ["", f"### Live comments: {live['set']} (n={live['n']})", ""]
        lines.append(f"- new: {_summary(live)}")
        if before:
            lines.append(f"- old: {_summary(before)}")
        for base in result.get("baseline", []):
            if live["set"] == base["set"]:
                lines.append(f"- five-regex keyword baseline: {_summary(base)}")
        if "spam_precision" in live:
            lines.append(
                f"- spam precision {live['spam_precision']:.3f}, recall {live['spam_recall']:.3f}"
            )
        scripts = ", ".join(
            f"{s} {v['intent_accuracy']:.2f}/{v['sentiment_accuracy']:.2f} (n={v['n']})"
            for s, v in live["by_script"].items()
        )
        lines.append(f"- by script, intent/sentiment accuracy: {scripts}")
        if before:
            scripts = ", ".join(
                f"{s} {v['intent_accuracy']:.2f}/{v['sentiment_accuracy']:.2f}"
                for s, v in before["by_script"].items()
            )
            lines.append(f"- old, by script: {scripts}")
        if live["set"] in DETAILED:
            lines += ["", "Intent:", ""]
            lines += class_table(live["intent"], INTENTS, before and before["intent"])
            lines += ["", "Sentiment:", ""]
            lines += class_table(live["sentiment"], SENTIMENTS, before and before["sentiment"])
            lines += ["", "Intent confusion (new):", "", *confusion_table(live["confusion"])]
    lines += [
        "",
        "### Sentiment head on the corpora's test splits",
        "",
        "| corpus | lang | classes | n | accuracy | macro-F1 | F1 per class |",
        "|---|---|---|---|---|---|---|",
    ]
    for e in result["sentiment"]:
        f1 = ", ".join(f"{k} {v:.2f}" for k, v in e["f1"].items())
        lines.append(
            f"| {e['corpus']} | {e['lang']} | {e['classes']} | {e['n']} | {e['accuracy']:.3f} | "
            f"{e['macro_f1']:.3f} | {f1} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--write-doc", action="store_true")
    parser.add_argument("--compare", metavar="REF", help="also run git revision REF's classifier")
    args = parser.parse_args()
    model = SentimentModel.load()
    sets = live_sets()
    labeller = current_labeller()
    result: dict = {
        "date": dt.date.today().isoformat(),
        "model": model.meta,
        "live": [score_set(name, items, labeller) for name, items in sets],
        "baseline": [
            score_set(name, items, baseline_labeller) for name, items in sets if name in DETAILED
        ],
        "sentiment": corpus_scores(model, args.data),
    }
    if args.compare:
        with tempfile.TemporaryDirectory(prefix="anchordesk-old-") as tmp:
            old = revision_labeller(args.compare, Path(tmp))
            result["old"] = [score_set(name, items, old) for name, items in sets]
        result["compare"] = args.compare
    text = markdown(result)
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json else text)
    if args.write_doc:
        doc = DOC.read_text(encoding="utf-8")
        head, rest = doc.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        DOC.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
