"""``python -m app classify [--json]``: label comments from stdin, one per line.

Output per line (the CLI contract): ``{"text","lang","sentiment","intent","spam"}`` with
``--json``; a readable tab-separated line otherwise. Lines are classified in batches so
a large file streams at model speed with constant memory. Each line is judged on its own
(no flood detection: lines have no viewer or time, and a file of test sentences is not a
flood); the live triage stage adds flood detection.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

BATCH = 512


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "classify", help="label comments from stdin (language, sentiment, intent, spam)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object per line")
    parser.set_defaults(func=cmd_classify)


def cmd_classify(args: argparse.Namespace, config: Any) -> int:
    from app.chat.classifier import CommentClassifier

    classifier = CommentClassifier.load()
    if classifier.model is None:
        print(f"warning: {classifier.status}", file=sys.stderr)
    stdin = sys.stdin
    if hasattr(stdin, "reconfigure"):
        stdin.reconfigure(encoding="utf-8", errors="replace")
    batch: list[str] = []
    for line in stdin:
        text = line.rstrip("\r\n")
        if text.strip():
            batch.append(text)
        if len(batch) >= BATCH:
            _emit(classifier, batch, args.json)
            batch = []
    _emit(classifier, batch, args.json)
    return 0


def _emit(classifier: Any, texts: list[str], as_json: bool) -> None:
    if not texts:
        return
    out = sys.stdout
    for labels in classifier.classify(texts):
        if as_json:
            out.write(json.dumps(labels.as_dict(), ensure_ascii=False) + "\n")
        else:
            flag = " spam" if labels.spam else ""
            sentiment = labels.sentiment or "-"
            out.write(f"{labels.lang}\t{sentiment}\t{labels.intent}{flag}\t{labels.text}\n")
    out.flush()
