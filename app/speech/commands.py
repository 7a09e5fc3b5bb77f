"""CLI: ``python -m app models list|install`` and ``python -m app compliance [--json]``.

Imports here stay light; the model manager and scanner are imported inside handlers.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.config import Config


def register(sub: argparse._SubParsersAction) -> None:
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

    comp = sub.add_parser("compliance", help="scan stdin lines for forbidden advertising phrases")
    comp.add_argument("--json", action="store_true", help='JSON lines {"text","terms"}')
    comp.set_defaults(func=cmd_compliance)


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
    from app.speech.compliance import ComplianceScanner, LexiconError, lexicon_for

    try:
        scanner = ComplianceScanner(lexicon_for(config.settings))
    except LexiconError as exc:
        raise _cli_error(str(exc)) from exc
    for raw in sys.stdin:
        text = raw.rstrip("\r\n")
        if not text.strip():
            continue
        terms = scanner.scan(text)
        if args.json:
            print(json.dumps({"text": text, "terms": terms}, ensure_ascii=False), flush=True)
        else:
            verdict = "FLAG " + "、".join(terms) if terms else "ok"
            print(f"{verdict}\t{text}", flush=True)
    return 0
