"""Refresh the Simplified Chinese translation of the UI: one command after changing UI text.

    .venv/bin/python tools/update_translations.py            # lupdate app/ui + lrelease
    .venv/bin/python tools/update_translations.py --set "Close" "关闭" --set "Save" "保存"
    .venv/bin/python tools/update_translations.py --import my_strings.tsv
    .venv/bin/python tools/update_translations.py --check    # what the tests check; writes nothing

It runs ``pyside6-lupdate`` over every ``.py`` under ``app/ui`` (and the Qt-free modules that
mark texts with ``QT_TRANSLATE_NOOP``, see :func:`text_modules`) into
``resources/i18n/anchordesk_zh_CN.ts`` (no line numbers, so unrelated edits do not churn the
file; texts no longer in the code are dropped), then ``pyside6-lrelease`` into the ``.qm``
the app loads, and lists the texts that still need Chinese. Give them Chinese with ``--set``
(every context with that English source), ``--import`` (a UTF-8 file of
``English<TAB>中文`` lines, ``\\n`` for a line break), or Qt Linguist
(``.venv/bin/pyside6-linguist resources/i18n/anchordesk_zh_CN.ts``), then run it again.
Exit status: 0 when every text is translated, 1 otherwise (or on ``--check`` when the .ts or
.qm is out of date with the code).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "app" / "ui"
TS_FILE = ROOT / "resources" / "i18n" / "anchordesk_zh_CN.ts"
QM_FILE = TS_FILE.with_suffix(".qm")
#: Calls whose first argument is a literal translation context.
TRANSLATE_FUNCS = {"translate", "QT_TRANSLATE_NOOP", "QT_TRANSLATE_NOOP3"}


@dataclass
class Report:
    """What --check and a normal run found."""

    unfinished: list[tuple[str, str]] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)
    stale: list[tuple[str, str]] = field(default_factory=list)
    bad_contexts: list[str] = field(default_factory=list)
    qm_stale: bool = False

    @property
    def ok(self) -> bool:
        return not (
            self.unfinished or self.missing or self.stale or self.bad_contexts or self.qm_stale
        )


def _tool(name: str) -> str:
    """The PySide6 tool next to this interpreter (the venv), else on PATH."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 in this environment")
    return found


def text_modules() -> list[Path]:
    """Qt-free modules whose texts the UI shows translated: every module outside app/ui that
    marks a text with the no-op QT_TRANSLATE_NOOP (settings titles in config.py, engine-made
    sentences through app/messages.py, context "Messages"). Found, not listed, so a new
    module's sentences cannot be forgotten."""
    found = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        if UI_DIR in path.parents or "__pycache__" in path.parts:
            continue
        if "QT_TRANSLATE_NOOP(" in path.read_text(encoding="utf-8"):
            found.append(path)
    return found


def ui_sources() -> list[Path]:
    ui = sorted(p for p in UI_DIR.rglob("*.py") if "__pycache__" not in p.parts)
    return ui + text_modules()


def run_lupdate(ts_file: Path) -> None:
    files = [str(p) for p in ui_sources()]
    cmd = [_tool("pyside6-lupdate"), *files, "-locations", "none", "-no-obsolete"]
    cmd += ["-source-language", "en", "-target-language", "zh_CN", "-ts", str(ts_file)]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"lupdate failed:\n{result.stdout}\n{result.stderr}")


def run_lrelease(ts_file: Path, qm_file: Path) -> None:
    cmd = [_tool("pyside6-lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"lrelease failed:\n{result.stdout}\n{result.stderr}")


def messages(ts_file: Path) -> dict[tuple[str, str], str | None]:
    """(context, source) -> translation, or None when unfinished or empty."""
    found: dict[tuple[str, str], str | None] = {}
    if not ts_file.exists():
        return found
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            text = translation.text if translation is not None else None
            kind = translation.get("type") if translation is not None else "unfinished"
            if kind in ("obsolete", "vanished"):
                continue
            found[(name, source)] = text if text and kind != "unfinished" else None
    return found


def known_contexts() -> set[str]:
    """Class names in app/ui plus literal contexts passed to translate()/QT_TRANSLATE_NOOP.

    A context lupdate found that is neither (``window.tr("…")`` gives context "window") would
    never match at run time, where Qt uses the object's class name: the text stays English.
    """
    names: set[str] = set()
    for path in ui_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Call) and node.args:
                func = node.func
                fname = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                first = node.args[0]
                if fname in TRANSLATE_FUNCS and isinstance(first, ast.Constant):
                    names.add(str(first.value))
    return names


def check(report: Report | None = None) -> Report:
    """Compare the committed .ts/.qm with the code without writing them."""
    report = report or Report()
    current = messages(TS_FILE)
    with tempfile.TemporaryDirectory() as tmp:
        fresh_ts = Path(tmp) / TS_FILE.name
        if TS_FILE.exists():
            shutil.copy(TS_FILE, fresh_ts)
        run_lupdate(fresh_ts)
        fresh = messages(fresh_ts)
        qm = Path(tmp) / QM_FILE.name
        run_lrelease(TS_FILE if TS_FILE.exists() else fresh_ts, qm)
        report.qm_stale = not QM_FILE.exists() or QM_FILE.read_bytes() != qm.read_bytes()
    report.missing = sorted(set(fresh) - set(current))
    report.stale = sorted(set(current) - set(fresh))
    report.unfinished = sorted(k for k, v in current.items() if v is None)
    contexts = known_contexts()
    report.bad_contexts = sorted({c for c, _ in fresh if c not in contexts})
    return report


def set_translations(pairs: dict[str, str]) -> int:
    """Give ``source -> translation`` to every message with that source; returns how many."""
    tree = ET.parse(TS_FILE)
    changed = 0
    unused = set(pairs)
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        if source in pairs:
            unused.discard(source)
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            translation.text = pairs[source]
            translation.attrib.pop("type", None)
            changed += 1
    tree.write(TS_FILE, encoding="utf-8", xml_declaration=True)
    for source in sorted(unused):
        print(f"not in the UI (check the English exactly): {source!r}")
    return changed


def read_tsv(path: Path) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2:
            raise SystemExit(f"{path}:{number}: expected 'English<TAB>中文'")
        source, target = (p.replace("\\n", "\n") for p in parts)
        pairs[source] = target
    return pairs


def print_report(report: Report) -> None:
    def show(title: str, items: list[tuple[str, str]]) -> None:
        if items:
            print(f"{title} ({len(items)}):")
            for context, source in items:
                print(f"  [{context}] {source!r}")

    show("needs Chinese", report.unfinished)
    show("in the code but not in the .ts (run this tool)", report.missing)
    show("in the .ts but no longer in the code (run this tool)", report.stale)
    if report.bad_contexts:
        print(
            "contexts that never match at run time (use self.tr in the class, or "
            f"QCoreApplication.translate('ClassName', ...)): {report.bad_contexts}"
        )
    if report.qm_stale:
        print(f"{QM_FILE.name} is out of date with the .ts (run this tool)")
    if report.ok:
        print(f"ok: {len(messages(TS_FILE))} texts, all translated")


@contextlib.contextmanager
def _exclusive() -> Iterator[None]:
    """One run at a time on this machine: two at once could lose each other's translations."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock, one developer per checkout anyway
        yield
        return
    lock = Path(tempfile.gettempdir()) / "anchordesk-update-translations.lock"
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report only, write nothing")
    parser.add_argument(
        "--set", nargs=2, action="append", default=[], metavar=("ENGLISH", "CHINESE")
    )
    parser.add_argument("--import", dest="tsv", type=Path, help="English<TAB>中文 lines")
    args = parser.parse_args(argv)
    if args.check:
        report = check()
        print_report(report)
        return 0 if report.ok else 1
    pairs = dict(args.set)
    if args.tsv is not None:
        pairs.update(read_tsv(args.tsv))
    with _exclusive():
        TS_FILE.parent.mkdir(parents=True, exist_ok=True)
        run_lupdate(TS_FILE)
        if pairs:
            print(f"translated {set_translations(pairs)} message(s)")
            run_lupdate(TS_FILE)  # back to lupdate's own layout
        run_lrelease(TS_FILE, QM_FILE)
        report = check()
    print_report(report)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
