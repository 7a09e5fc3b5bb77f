"""CLI: ``python -m app models list|install`` and ``python -m app compliance``.

    python -m app compliance [--json] [--no-pinyin]     < lines          scan each stdin line
    python -m app compliance audit [--show N] [--catalog] [--json] [--out FILE.html|.xlsx]

Imports here stay light; the model manager, scanner and store load inside handlers.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.commerce.commands import show_plan_number
from app.config import Config


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    models = sub.add_parser("models", help="list or install Vosk speech models")
    msub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    mlist = msub.add_parser("list", help="installed models and the official catalog")
    mlist.add_argument("--json", action="store_true", help="print one JSON object")
    mlist.set_defaults(func=cmd_models_list)
    minst = msub.add_parser(
        "install", help="install from a catalog name, an http(s) URL, a zip or a folder"
    )
    minst.add_argument("source", metavar="PATH_OR_URL")
    minst.add_argument("--sha256", help="expected SHA-256 of a downloaded zip")
    minst.add_argument("--activate", action="store_true", help="make it the active model")
    minst.set_defaults(func=cmd_models_install)

    comp = sub.add_parser(
        "compliance",
        help="scan stdin lines for forbidden advertising phrases, or audit a show before it",
    )
    comp.add_argument(
        "--json",
        action="store_true",
        help='JSON lines {"text","terms","category","article","suggestion","hits"}',
    )
    comp.add_argument(
        "--no-pinyin", action="store_true", help="characters only (typed text, not speech)"
    )
    comp.set_defaults(func=cmd_compliance)
    csub = comp.add_subparsers(dest="compliance_command", metavar="ACTION")
    audit = csub.add_parser(
        "audit",
        help="pre-show audit: catalog names, aliases, keywords, FAQ answers, talking points",
    )
    audit.add_argument(
        "--show",
        type=show_plan_number,
        metavar="N",
        help="audit show plan N (its talking points and its products; python -m app show list)",
    )
    audit.add_argument(
        "--catalog", action="store_true", help="the whole catalog (the default without --show)"
    )
    audit.add_argument("--json", action="store_true", help="print the report as one JSON object")
    audit.add_argument(
        "--out", type=Path, metavar="FILE", help="also write the report to FILE.html or FILE.xlsx"
    )
    audit.set_defaults(func=cmd_compliance_audit)


def _cli_error(message: str) -> Exception:
    from app.errors import UserError as CliError

    return CliError(message)


def cmd_models_list(args: argparse.Namespace, config: Config) -> int:
    from app.speech import models as mm

    installed = mm.installed_models(config.models_dir)
    active = config.settings.speech_model
    data: dict[str, Any] = {
        "models_dir": str(config.models_dir),
        "active": active,
        "installed": [
            {
                "name": m.name,
                "lang": m.lang,
                "origin": m.origin,
                "path": str(m.path),
                "active": active in (m.name, str(m.path)),
            }
            for m in installed
        ],
        "catalog": [
            {
                "name": e.name,
                "lang": e.lang,
                "title": e.title,
                "size": e.size_label,
                "sha256": e.sha256,
                "url": e.url,
                "installed": any(m.name == e.name for m in installed),
            }
            for e in mm.CATALOG
        ],
    }
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return 0
    print(f"Models folder: {data['models_dir']}")
    print("Installed:" if installed else "Installed: none — " + mm.INSTALL_HINT)
    for m in data["installed"]:
        mark = "*" if m["active"] else " "
        print(f" {mark} {m['name']:<32} {m['lang'] or '?':<4} {m['origin']:<8} {m['path']}")
    print("Catalog (python -m app models install NAME):")
    for e in data["catalog"]:
        check = "sha256 ok" if e["sha256"] else "sha256 unknown: zip CRC checked"
        done = " [installed]" if e["installed"] else ""
        print(f"   {e['name']:<32} {e['lang']:<4} {e['size']:>7}  {check}{done}")
    return 0


def _print_progress(done: int, total: int | None) -> None:
    if total:
        sys.stderr.write(f"\r{done * 100 // total:3d}% {done / 1e6:.1f}/{total / 1e6:.1f} MB")
    else:
        sys.stderr.write(f"\r{done / 1e6:.1f} MB")
    sys.stderr.flush()


def cmd_models_install(args: argparse.Namespace, config: Config) -> int:
    from app.speech import models as mm

    try:
        model = mm.install(
            args.source, config.models_dir, progress=_print_progress, sha256=args.sha256
        )
    except mm.ModelError as exc:
        raise _cli_error(str(exc)) from exc
    sys.stderr.write("\n")
    print(f"installed {model.name} ({model.lang or 'unknown language'}) in {model.path}")
    if args.activate:
        config.settings.speech_model = model.name
        config.save()
        print(f"active speech model: {model.name}")
    return 0


def cmd_compliance(args: argparse.Namespace, config: Config) -> int:
    """One verdict per stdin line; ``--json``: ``terms`` plus, per term, its law."""
    from app.speech.compliance import ComplianceScanner, LexiconError, lexicon_for

    try:
        scanner = ComplianceScanner(lexicon_for(config.settings), pinyin=not args.no_pinyin)
    except LexiconError as exc:
        raise _cli_error(str(exc)) from exc
    for raw in sys.stdin:
        text = raw.rstrip("\r\n")
        if not text.strip():
            continue
        first: dict[str, Any] = {}
        for hit in scanner.find(text):
            first.setdefault(hit.term, hit)  # each term once, where it first appears
        hits = list(first.values())
        if args.json:
            print(json.dumps(_line_json(text, hits), ensure_ascii=False), flush=True)
        elif hits:  # verdict, the line, then each term's law (the line stays column 2)
            terms = "、".join(h.term for h in hits)
            print(f"FLAG {terms}\t{text}\t{_details(hits)}", flush=True)
        else:
            print(f"ok\t{text}", flush=True)
    return 0


def _line_json(text: str, hits: list[Any]) -> dict[str, Any]:
    """The JSON of one line: ``category[i]``, ``article[i]``... belong to ``terms[i]``."""
    return {
        "text": text,
        "terms": [h.term for h in hits],
        "category": [h.category for h in hits],
        "article": [h.article for h in hits],
        "suggestion": [h.suggestion for h in hits],
        "hits": [h.to_dict() for h in hits],
    }


def _details(hits: list[Any]) -> str:
    """Each term with its law: "根治 (heard as 跟治) [medical 《广告法》第十七条] → …"."""
    parts = []
    for hit in hits:
        heard = f" (heard as {hit.heard})" if hit.heard else ""
        law = " ".join(x for x in (hit.category, hit.article) if x)
        suggestion = f" → {hit.suggestion}" if hit.suggestion else ""
        parts.append(f"{hit.term}{heard} [{law}]{suggestion}")
    return "; ".join(parts)


def cmd_compliance_audit(args: argparse.Namespace, config: Config) -> int:
    """Audit the catalog and/or a show plan; print it and write ``--out``."""
    from app.commerce.plans import get_plan
    from app.commerce.repository import load_products
    from app.speech.audit import audit
    from app.speech.audit_report import check_path, write_report
    from app.speech.compliance import ComplianceScanner, LexiconError, lexicon_for
    from app.store.db import config_store

    if args.out is not None:
        check_path(args.out)
    try:
        scanner = ComplianceScanner(lexicon_for(config.settings), pinyin=False)
    except LexiconError as exc:
        raise _cli_error(str(exc)) from exc
    with config_store(config) as store:
        plan = get_plan(store, args.show) if args.show is not None else None
        catalog = load_products(store)
    report = audit(catalog, plan, whole_catalog=args.catalog or plan is None, scanner=scanner)
    written = write_report(report, args.out) if args.out is not None else None
    if args.json:
        data = report.to_dict()
        if written is not None:
            data["out"] = str(written)
        print(json.dumps(data, ensure_ascii=False))
        return 0
    _print_audit(report)
    if written is not None:
        print(f"Report written to {written}")
    return 0


def _print_audit(report: Any) -> None:
    show = f"show plan #{report.show_id} {report.show_title!r}, " if report.show_id else ""
    print(
        f"Audited {show}{report.products} product(s), {report.texts} text(s): "
        f"{len(report.findings)} finding(s)."
    )
    for f in report.findings:
        law = " ".join(x for x in (f.category, f.article) if x)
        print(f"  {f.where}: {f.term} [{law}] in “{f.text}”")
        if f.suggestion:
            print(f"      → {f.suggestion}")
