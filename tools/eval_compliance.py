"""Measure the compliance scanner on the labelled host lines in resources/eval/.

    .venv/bin/python tools/eval_compliance.py [--json] [--errors] [--write-doc]
                                              [--lexicon FILE] [--no-pinyin] [--data FILE]...

Every ``resources/eval/compliance_lines*.jsonl`` (or each ``--data`` file) is measured on
its own; docs/compliance.md says how each set was written. Each line is
``{"text", "category", "kind"}``:
``category`` is the lexicon category a violating line belongs to (null: a legal line),
``kind`` says how it was written (text, speech = as a recognizer writes it, with
homophones and spaces, traditional, english). Figures, as the app runs the scanner
(bundled lexicon, pinyin on, the same for every kind):

- recall per category: violating lines with a hit *of that category* (and with any hit);
- false alarms: legal lines with any hit, per category of the hit and per kind.

``--errors`` lists the misses and false alarms; ``--write-doc`` replaces the block between
the eval markers in docs/compliance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.speech.compliance import ComplianceScanner, Hit, Lexicon  # noqa: E402

EVAL = ROOT / "resources" / "eval"
DATA = sorted(EVAL.glob("compliance_lines*.jsonl"))
DOC = ROOT / "docs" / "compliance.md"
BEGIN, END = "<!-- eval:begin -->", "<!-- eval:end -->"
KINDS = ("text", "speech", "traditional", "english")


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(rows: list[dict], scanner: ComplianceScanner) -> dict:
    """Counts per category and kind, and the lines the scanner got wrong."""
    cats: dict[str, Counter] = {}
    kinds: dict[str, Counter] = {k: Counter() for k in KINDS}
    misses, alarms = [], []
    legal = 0
    for row in rows:
        hits: list[Hit] = scanner.find(row["text"])
        found = {h.category for h in hits}
        gold, kind = row["category"], row["kind"]
        kinds.setdefault(kind, Counter())
        if gold is None:
            legal += 1
            kinds[kind]["legal"] += 1
            kinds[kind]["alarms"] += bool(hits)
            for cat in found:
                cats.setdefault(cat, Counter())["alarms"] += 1
            if hits:
                alarms.append({"text": row["text"], "hits": [h.to_dict() for h in hits]})
            continue
        c = cats.setdefault(gold, Counter())
        c["lines"] += 1
        c["found"] += gold in found
        c["any"] += bool(hits)
        kinds[kind]["lines"] += 1
        kinds[kind]["found"] += bool(hits)
        if gold not in found:
            misses.append({"text": row["text"], "category": gold, "got": sorted(found)})
    return {"categories": cats, "kinds": kinds, "legal": legal, "misses": misses, "alarms": alarms}


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "—"


def markdown(result: dict, note: str) -> str:
    cats, legal = result["categories"], result["legal"]
    lines = [
        note,
        "",
        "| category | lines | recall (hit of this category) | recall (any hit) "
        f"| false alarms on the {legal} legal lines |",
        "|---|---:|---:|---:|---:|",
    ]
    order = sorted(cats, key=lambda k: (-cats[k]["lines"], k))
    for key in order:
        c = cats[key]
        lines.append(
            f"| {key} | {c['lines']} | {c['found']}/{c['lines']} = {_ratio(c['found'], c['lines'])}"
            f" | {_ratio(c['any'], c['lines'])} | {c['alarms']} |"
        )
    total = sum(c["lines"] for c in cats.values())
    found = sum(c["found"] for c in cats.values())
    anyhit = sum(c["any"] for c in cats.values())
    flagged = len(result["alarms"])
    lines.append(
        f"| **all** | {total} | {found}/{total} = {_ratio(found, total)} "
        f"| {_ratio(anyhit, total)} | {flagged}/{legal} |"
    )
    lines += [
        "",
        "| written as | violating lines | recall (any hit) | legal lines | false alarms |",
    ]
    lines.append("|---|---:|---:|---:|---:|")
    for kind, k in result["kinds"].items():
        lines.append(
            f"| {kind} | {k['lines']} | {_ratio(k['found'], k['lines'])} | {k['legal']} "
            f"| {k['alarms']} |"
        )
    return "\n".join(lines)


def write_doc(block: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    DOC.write_text(f"{head}{BEGIN}\n{block}\n{END}{tail}", encoding="utf-8")


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    parser.add_argument("--errors", action="store_true", help="list misses and false alarms")
    parser.add_argument("--write-doc", action="store_true", help="update docs/compliance.md")
    parser.add_argument("--lexicon", type=Path, help="another lexicon file (default: bundled)")
    parser.add_argument("--no-pinyin", action="store_true", help="characters only")
    parser.add_argument("--data", type=Path, action="append", help="labelled lines (repeatable)")
    args = parser.parse_args(argv)
    lexicon = Lexicon.load(args.lexicon) if args.lexicon else Lexicon.load()
    scanner = ComplianceScanner(lexicon, pinyin=not args.no_pinyin)
    results = {_name(path): evaluate(load(path), scanner) for path in args.data or DATA}
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return 0
    how = (
        f"{'bundled lexicon' if not args.lexicon else args.lexicon.name}, "
        f"pinyin {'off' if args.no_pinyin else 'on'}"
    )
    blocks = [f"Measured {dt.date.today():%Y-%m-%d} by `tools/eval_compliance.py` ({how})."]
    for name, result in results.items():
        blocks.append(markdown(result, f"#### `{name}`"))
        if args.errors:
            blocks.append(_errors(result))
    block = "\n\n".join(blocks)
    print(block)
    if args.write_doc:
        write_doc("\n\n".join(b for b in blocks if not b.startswith("Misses")))
    return 0


def _errors(result: dict) -> str:
    lines = ["Misses:"]
    for miss in result["misses"]:
        lines.append(
            f"  [{miss['category']}] {miss['text']}  (got: {', '.join(miss['got']) or '-'})"
        )
    lines.append("False alarms:")
    for alarm in result["alarms"]:
        terms = ", ".join(f"{h['term']} ({h['category']})" for h in alarm["hits"])
        lines.append(f"  {alarm['text']}  -> {terms}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
