"""Session exports: a self-contained HTML report, CSV and XLSX tables, SRT captions.

Reports are in the reader's language: every heading, column and label is a template of
:mod:`app.analytics.report_text`, rendered by the :class:`ReportText` the caller passes
(English by default). Times a person reads are local times of day (the zone is said once)
or session time as ``HH:MM:SS`` (:mod:`app.analytics.timefmt`); SRT cues stay relative.

The HTML report draws its charts as inline SVG and has no scripts, fonts or images from
anywhere: it opens offline, in any browser, and can be mailed as one file. XLSX has one
sheet per table with real numbers (money, ratios as percentages, times as Excel times);
CSV has the same tables with the same headers. Every export works from
:class:`~app.analytics.review.ReviewData` (already aggregated), except the comment table in
CSV, which is streamed from the database in chunks so a million comments never sit in
memory; ``progress(fraction, what)`` reports how far it is. Given the store, the reports
add the host scorecard and the post-show diagnosis (:mod:`app.analytics.review.diagnosis`).

Every CSV and XLSX cell goes through :mod:`app.cells`: a comment, order id or SKU that
starts with ``=``, ``+``, ``-`` or ``@`` is written as text, never as a live formula.

SRT captions come from the stored transcript through speech's caption writer
(:mod:`app.speech.captions`: long segments split at word timings, cues never overlap);
:func:`srt_text` is the fallback that needs only :class:`ReviewData`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app.analytics.report_text import (
    ALERT_KIND,
    COLUMN,
    HEADINGS,
    KPI,
    METRIC,
    PLATFORM,
    REASON,
    SENTENCE,
    SEVERITY,
    STATUS,
    ReportText,
)
from app.analytics.review import (
    Diagnosis,
    HostRank,
    Progress,
    ReviewData,
    ScoreRow,
    diagnose,
    host_rank,
    scorecard,
    trend,
)
from app.analytics.timefmt import DATE_TIME_S, clock, local, to_local, wall_clock, zone_label
from app.cells import csv_writer, xlsx_row
from app.errors import UserError
from app.messages import Message
from app.store.db import Store

FORMATS = ("html", "csv", "xlsx", "srt")
SENTIMENT_COLOURS = {"pos": "#2e9d5b", "neu": "#9aa3ad", "neg": "#d2483f"}
MARKER_COLOURS = {"product": "#6b5bd6", "alert": "#e08a00", "flash_sale": "#d6336c"}
COMMENT_CHUNK = 50_000
#: How a kind of value reads in XLSX (the number stays a number).
XLSX_FORMATS = {
    "int": "#,##0",
    "money": "#,##0.00",
    "decimal": "#,##0.0",
    "ratio": "0.0%",
    "clock": "[h]:mm:ss",
    "local": "yyyy-mm-dd hh:mm:ss",
}
DAY_MS = 86_400_000


class ExportError(UserError):
    """The export cannot be written (bad format or path); the message says what to do."""


def _noop(_fraction: float, _what: str) -> None:
    return None


# -- tables shared by CSV, XLSX and HTML ------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Typed:
    """A value with its own kind (the summary's value column mixes money, counts, ratios)."""

    value: Any
    kind: str


@dataclass(frozen=True, slots=True)
class Table:
    """One table of a report: ``name`` is the CSV file stem, ``title`` the heading/sheet.

    ``kinds`` says how each column reads: text, int, money, decimal, ratio, clock (session
    ms), local (an aware datetime) or typed (each cell a :class:`Typed`).
    """

    name: str
    title: str
    headers: tuple[str, ...]
    kinds: tuple[str, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Context:
    """What a report says besides the session: the host's shows and the diagnosis."""

    rows: list[ScoreRow] = field(default_factory=list)
    rank: HostRank | None = None
    diagnosis: Diagnosis | None = None


def context_for(store: Store, data: ReviewData) -> Context:
    """The host scorecard, rank and diagnosis of ``data``'s session (queries the store)."""
    host = data.session.host or None
    rows = scorecard(store, host)
    return Context(
        rows=rows,
        rank=host_rank(store, data.session.host) if host else None,
        diagnosis=diagnose(data, rows),
    )


_SHOW: dict[str, Callable[[Any], str]] = {
    "int": lambda v: f"{v:,.0f}",
    "money": lambda v: f"{v:,.2f}",
    "decimal": lambda v: f"{v:,.1f}",
    "ratio": lambda v: f"{v * 100:.1f}%",
    "clock": clock,
    "local": lambda v: local(v, DATE_TIME_S),
}


def display(value: Any, kind: str, t: ReportText) -> str:
    """A cell as HTML and the UI show it."""
    if isinstance(value, Typed):
        return display(value.value, value.kind, t)
    if value is None:
        return t.not_recorded
    return _SHOW.get(kind, str)(value)


def _csv_value(value: Any, kind: str) -> Any:
    if isinstance(value, Typed):
        return _csv_value(value.value, value.kind)
    if value is None:
        return ""
    if kind == "clock":
        return clock(value)
    if kind == "local":
        return local(value, DATE_TIME_S)
    return value


def _xlsx_value(value: Any, kind: str) -> tuple[Any, str | None]:
    """(cell value, number format): times become Excel times, numbers stay numbers."""
    if isinstance(value, Typed):
        return _xlsx_value(value.value, value.kind)
    if value is None:
        return None, None
    if kind == "clock":
        return value / DAY_MS, XLSX_FORMATS["clock"]
    if kind == "local":
        return to_local(value).replace(tzinfo=None), XLSX_FORMATS["local"]
    return value, XLSX_FORMATS.get(kind)


def summary_table(data: ReviewData, t: ReportText) -> Table:
    """KPI name and value (formulas: :mod:`app.analytics.kpis`)."""
    tot, s = data.totals, data.session
    status = t.label(STATUS, s.status)
    rows: list[tuple[str, Typed]] = [
        (t(KPI["title"]), Typed(s.title, "text")),
        (t(KPI["host"]), Typed(s.host or "—", "text")),
        (t(KPI["platform"]), Typed(t.label(PLATFORM, s.platform) if s.platform else "—", "text")),
        (t(KPI["status"]), Typed(status, "text")),
        (t(KPI["started"]), Typed(s.started_at, "local")),
        (t(KPI["length"]), Typed(s.duration_ms, "clock")),
        (t(KPI["pv"]), Typed(tot.pv, "int")),
        (t(KPI["uv"]), Typed(tot.uv, "int")),
        (t(KPI["peak"]), Typed(tot.peak_viewers, "int")),
        (t(KPI["comments"]), Typed(tot.comments, "int")),
        (t(KPI["commenters"]), Typed(tot.commenters, "int")),
        (t(KPI["interaction_rate"]), Typed(tot.interaction_rate, "ratio")),
        (t(KPI["likes"]), Typed(tot.likes, "int")),
        (t(KPI["follows"]), Typed(tot.follows, "int")),
        (t(KPI["follow_rate"]), Typed(tot.follow_rate, "ratio")),
        (t(KPI["orders"]), Typed(tot.orders, "int")),
        (t(KPI["buyers"]), Typed(tot.buyers, "int")),
        (t(KPI["conversion"]), Typed(tot.conversion, "ratio")),
        (t(KPI["gmv"]), Typed(tot.gmv, "money")),
        (t(KPI["gpm"]), Typed(tot.gpm, "money")),
        (t(KPI["uv_value"]), Typed(tot.uv_value, "money")),
        (t(KPI["aov"]), Typed(tot.aov, "money")),
        (t(KPI["complaints"]), Typed(tot.complaints, "int")),
        (t(KPI["watch_time"]), Typed(None, "text")),
    ]
    return Table(
        "summary",
        t(HEADINGS["key_figures"]),
        (t(COLUMN["figure"]), t(COLUMN["value"])),
        ("text", "typed"),
        list(rows),
    )


def _cols(t: ReportText, *specs: tuple[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(t(COLUMN[key]) for key, _k in specs), tuple(kind for _c, kind in specs)


def product_table(data: ReviewData, t: ReportText) -> Table:
    headers, kinds = _cols(
        t,
        ("sku", "text"),
        ("product", "text"),
        ("on_air", "clock"),
        ("mentions", "int"),
        ("questions", "int"),
        ("purchase_intents", "int"),
        ("orders", "int"),
        ("gmv", "money"),
        ("pv_on_air", "int"),
        ("gpm", "money"),
    )
    rows = [
        (p.sku, p.name, p.on_air_ms, p.mentions, p.questions, p.purchase_intents, p.orders,
         p.gmv, p.pv_on_air, p.gpm)
        for p in data.products
    ]  # fmt: skip
    return Table("products", t(HEADINGS["products"]), headers, kinds, rows)


def minute_table(data: ReviewData, t: ReportText) -> Table:
    headers, kinds = _cols(
        t,
        ("session_time", "clock"),
        ("clock_time", "local"),
        ("viewers", "int"),
        ("comments", "int"),
        ("pos", "int"),
        ("neu", "int"),
        ("neg", "int"),
        ("orders", "int"),
        ("gmv", "money"),
    )
    m = data.minute_series()
    start = data.session.started_at
    rows = [
        (i * 60_000, start + timedelta(minutes=i), int(m["viewers"][i]), int(m["comments"][i]),
         int(m["pos"][i]), int(m["neu"][i]), int(m["neg"][i]), int(m["orders"][i]), m["gmv"][i])
        for i in range(len(m["minute"]))
    ]  # fmt: skip
    return Table("minutes", t(HEADINGS["minutes"]), headers, kinds, rows)


def reason_text(reason: str, t: ReportText) -> str:
    """A highlight's reasons ("comments + orders") in the reader's language."""
    return " + ".join(t.label(REASON, part) for part in reason.split(" + "))


def alert_phrases(terms: Sequence[str]) -> str:
    return "、".join(terms)


def _tables(data: ReviewData, t: ReportText, ctx: Context | None = None) -> list[Table]:
    start = data.session.started_at

    def at(ms: int) -> datetime:
        return start + timedelta(milliseconds=ms)

    tables = [summary_table(data, t), minute_table(data, t), product_table(data, t)]
    headers, kinds = _cols(
        t, ("start", "clock"), ("end", "clock"), ("clock_time", "local"), ("why", "text"),
        ("peak", "decimal"), ("typical", "decimal"),
    )  # fmt: skip
    tables.append(
        Table(
            "highlights",
            t(HEADINGS["highlights"]),
            headers,
            kinds,
            [
                (
                    h.start_ms,
                    h.end_ms,
                    at(h.start_ms),
                    reason_text(h.reason, t),
                    h.value,
                    h.baseline,
                )
                for h in data.highlights
            ],
        )
    )
    headers, kinds = _cols(
        t, ("sku", "text"), ("product", "text"), ("start", "clock"), ("end", "clock"),
        ("clock_time", "local"),
    )  # fmt: skip
    tables.append(
        Table(
            "segments",
            t(HEADINGS["segments"]),
            headers,
            kinds,
            [(g.sku, g.name, g.start_ms, g.end_ms, at(g.start_ms)) for g in data.segments],
        )
    )
    headers, kinds = _cols(
        t, ("session_time", "clock"), ("clock_time", "local"), ("order_id", "text"),
        ("sku", "text"), ("qty", "int"), ("amount", "money"), ("buyer", "text"),
    )  # fmt: skip
    tables.append(
        Table(
            "orders",
            t(HEADINGS["orders"]),
            headers,
            kinds,
            [
                (o.t_ms, at(o.t_ms), o.order_id, o.sku, o.qty, o.amount, o.buyer)
                for o in data.orders
            ],
        )
    )
    headers, kinds = _cols(
        t, ("start", "clock"), ("end", "clock"), ("clock_time", "local"), ("text", "text")
    )
    tables.append(
        Table(
            "transcript",
            t(HEADINGS["transcript"]),
            headers,
            kinds,
            [(ln.start_ms, ln.end_ms, at(ln.start_ms), ln.text) for ln in data.transcript],
        )
    )
    headers, kinds = _cols(
        t, ("session_time", "clock"), ("clock_time", "local"), ("kind", "text"),
        ("severity", "text"), ("phrases", "text"), ("text", "text"),
    )  # fmt: skip
    tables.append(
        Table(
            "alerts",
            t(HEADINGS["alerts"]),
            headers,
            kinds,
            [
                (
                    a.t_ms,
                    at(a.t_ms),
                    t.label(ALERT_KIND, a.kind),
                    t.label(SEVERITY, a.severity),
                    alert_phrases(a.terms),
                    a.note.render(t.translate) if a.note is not None else a.text,
                )
                for a in data.alerts
            ],
        )
    )
    if ctx is not None and ctx.rows:
        tables.append(scorecard_table(ctx.rows, t))
    if ctx is not None and ctx.diagnosis is not None and ctx.diagnosis.weaknesses:
        tables.append(diagnosis_table(data, ctx.diagnosis, t))
    return tables


TREND_ARROWS = {1: "▲", 0: "", -1: "▼"}
SCORE_METRICS = (
    ("follows", "int"),
    ("follower_growth", "ratio"),
    ("interaction_rate", "ratio"),
    ("gmv", "money"),
    ("gpm", "money"),
    ("orders", "int"),
    ("repeat_buyers", "int"),
    ("complaint_share", "ratio"),
)


def scorecard_table(rows: Sequence[ScoreRow], t: ReportText) -> Table:
    """The host's shows, oldest first, one column per figure (trend arrows in HTML)."""
    headers = (
        t(COLUMN["session"]),
        t(COLUMN["date"]),
        *tuple(t(METRIC[m]) for m, _k in SCORE_METRICS),
    )
    kinds = ("text", "local", *tuple(k for _m, k in SCORE_METRICS))
    body = [
        (f"{r.session_id} {r.title}", r.started_at, *(getattr(r, m) for m, _k in SCORE_METRICS))
        for r in rows
    ]
    return Table("scorecard", t(HEADINGS["scorecard"]), headers, kinds, body)


def diagnosis_table(data: ReviewData, diagnosis: Diagnosis, t: ReportText) -> Table:
    """One row per explaining minute of each weak figure."""
    headers = (
        t(COLUMN["metric"]), t(COLUMN["this_show"]), t(COLUMN["median"]), t(COLUMN["change"]),
        t(COLUMN["session_time"]), t(COLUMN["clock_time"]), t(COLUMN["product"]),
        t(COLUMN["said"]),
    )  # fmt: skip
    kinds = ("text", "typed", "typed", "ratio", "clock", "local", "text", "text")
    kind_of = dict(SCORE_METRICS)
    body = []
    for w in diagnosis.weaknesses:
        kind = kind_of.get(w.metric, "decimal")
        for m in w.moments or (None,):
            body.append(
                (
                    t.label(METRIC, w.metric),
                    Typed(w.value, kind),
                    Typed(w.median, kind),
                    w.change,
                    None if m is None else m.start_ms,
                    None
                    if m is None
                    else data.session.started_at + timedelta(milliseconds=m.start_ms),
                    "" if m is None else m.product,
                    "" if m is None else m.said,
                )
            )
    return Table("diagnosis", t(HEADINGS["diagnosis"]), headers, kinds, body)


# -- entry point ------------------------------------------------------------------------------
def export_session(
    data: ReviewData,
    fmt: str,
    out: Path,
    *,
    store: Store | None = None,
    progress: Progress | None = None,
    words: ReportText | None = None,
) -> list[Path]:
    """Write ``data`` as ``fmt`` to ``out`` in the language of ``words``; the files written.

    CSV writes one file per table into the folder ``out`` (created), including all
    comments when ``store`` is given; with the store the reports also carry the host
    scorecard and the diagnosis.
    """
    report = progress or _noop
    t = words or ReportText()
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    ctx = context_for(store, data) if store is not None and fmt != "srt" else None
    writers: dict[str, Callable[[], list[Path]]] = {
        "html": lambda: [write_html(data, out, report, t, ctx)],
        "csv": lambda: write_csv(data, out, store, report, t=t, ctx=ctx),
        "xlsx": lambda: [write_xlsx(data, out, report, t, ctx)],
        "srt": lambda: [write_srt(data, out, store)],
    }
    if fmt != "csv":
        out.parent.mkdir(parents=True, exist_ok=True)
    report(0.0, f"writing {fmt}")
    files = writers[fmt]()
    report(1.0, "done")
    return files


# -- SRT --------------------------------------------------------------------------------------
def _srt_time(ms: int) -> str:
    ms = max(0, ms)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def srt_text(data: ReviewData) -> str:
    """SubRip captions of the transcript, one cue per stored segment."""
    cues = []
    for i, ln in enumerate(data.transcript, start=1):
        end = max(ln.end_ms, ln.start_ms + 500)
        cues.append(f"{i}\n{_srt_time(ln.start_ms)} --> {_srt_time(end)}\n{ln.text.strip()}\n")
    return "\n".join(cues)


def write_srt(data: ReviewData, out: Path, store: Store | None = None) -> Path:
    """Captions via speech's caption writer (word-level splitting) when the store is at
    hand, else one cue per stored segment."""
    if store is not None:
        from app.speech.captions import export_captions

        export_captions(store, data.session.id, out, "srt")
        return out
    out.write_text(srt_text(data), encoding="utf-8")
    return out


# -- CSV --------------------------------------------------------------------------------------
def write_csv(
    data: ReviewData,
    out: Path,
    store: Store | None,
    report: Progress,
    *,
    t: ReportText | None = None,
    ctx: Context | None = None,
) -> list[Path]:
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file; CSV export writes a folder of tables")
    out.mkdir(parents=True, exist_ok=True)
    files = []
    tables = _tables(data, t or ReportText(), ctx)
    for i, table in enumerate(tables):
        path = out / f"{table.name}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel reads UTF-8
            writer = csv_writer(fh)
            writer.writerow(table.headers)
            writer.writerows(
                [_csv_value(v, k) for v, k in zip(row, table.kinds, strict=True)]
                for row in table.rows
            )
        files.append(path)
        report(0.2 * (i + 1) / len(tables), table.name)
    if store is not None:
        files.append(_write_comments_csv(data, store, out / "comments.csv", report))
    return files


def _write_comments_csv(data: ReviewData, store: Store, path: Path, report: Progress) -> Path:
    total = max(1, data.totals.comments)
    done = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh, store.engine.connect() as conn:
        writer = csv_writer(fh)
        writer.writerow(("t_ms", "platform", "viewer", "text", "sentiment", "intent", "spam"))
        result = conn.execution_options(stream_results=True, yield_per=COMMENT_CHUNK).execute(
            text(
                # CAST: 0/1 from every database (PostgreSQL's boolean would print False).
                "SELECT t_ms, platform, viewer, text, sentiment, intent, "
                "CAST(spam AS INTEGER) FROM comment "
                "WHERE session_id = :sid ORDER BY t_ms"
            ),
            {"sid": data.session.id},
        )
        for chunk in result.partitions(COMMENT_CHUNK):
            writer.writerows(chunk)
            done += len(chunk)
            report(0.2 + 0.8 * done / total, f"comments {done:,}/{total:,}")
    return path


# -- XLSX -------------------------------------------------------------------------------------
_SHEET_BAD = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def _sheet_title(title: str, used: set[str]) -> str:
    """A valid, unique worksheet name (31 characters, none of []:*?/\\)."""
    base = title.translate(_SHEET_BAD).strip()[:31] or "sheet"
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name.lower())
    return name


def _write_sheet(book: Any, table: Table, used: set[str]) -> None:
    from openpyxl.cell import WriteOnlyCell

    sheet = book.create_sheet(title=_sheet_title(table.title, used))
    sheet.append(xlsx_row(sheet, table.headers))
    for row in table.rows:
        pairs = [_xlsx_value(v, k) for v, k in zip(row, table.kinds, strict=True)]
        cells = xlsx_row(sheet, [v for v, _f in pairs])
        for j, (_v, number_format) in enumerate(pairs):
            if number_format is not None and not hasattr(cells[j], "number_format"):
                cell = WriteOnlyCell(sheet, value=cells[j])
                cell.number_format = number_format
                cells[j] = cell
        sheet.append(cells)


def write_xlsx(
    data: ReviewData,
    out: Path,
    report: Progress,
    t: ReportText | None = None,
    ctx: Context | None = None,
) -> Path:
    """One sheet per table, named in the reader's language; numbers are numbers with
    number formats (money, percentages, times), never text."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    tables = _tables(data, t or ReportText(), ctx)
    used: set[str] = set()
    for i, table in enumerate(tables):
        _write_sheet(book, table, used)
        report(0.9 * (i + 1) / len(tables), table.name)
    book.save(out)
    return out


# -- HTML with inline SVG charts --------------------------------------------------------------
CHART_W, CHART_H, PAD_L, PAD_B, PAD_T = 1100, 196, 60, 36, 12


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


class _Axes:
    """Maps (slot, value) to SVG coordinates for one chart; a slot is ``slot_ms`` long.

    The time axis reads session time (HH:MM:SS) with the local time of day below it.
    """

    def __init__(
        self, minutes: int, top: float, slot_ms: int = 60_000, start: datetime | None = None
    ) -> None:
        self.minutes = max(1, minutes)
        self.slot_ms = slot_ms
        self.start = start
        self.top = _nice_max(top)
        self.w = CHART_W - PAD_L - 10
        self.h = CHART_H - PAD_B - PAD_T

    def x(self, minute: float) -> float:
        return PAD_L + self.w * minute / self.minutes

    def y(self, value: float) -> float:
        return PAD_T + self.h * (1 - value / self.top)

    def frame(self, unit: str, *, percent: bool = False) -> str:
        if percent:
            top = f"{self.top * 100:.0f}%"
        else:
            top = f"{self.top:,.0f}" if self.top >= 10 else f"{self.top:,.1f}"
        parts = [
            f'<line x1="{PAD_L}" y1="{self.y(0):.1f}" x2="{PAD_L + self.w}" '
            f'y2="{self.y(0):.1f}" stroke="#888"/>',
            f'<text x="{PAD_L - 6}" y="{self.y(self.top) + 4:.1f}" text-anchor="end" '
            f'class="ax">{top}</text>',
            f'<text x="{PAD_L - 6}" y="{self.y(0) + 4:.1f}" text-anchor="end" class="ax">0</text>',
            f'<text x="4" y="{PAD_T + self.h / 2:.1f}" class="ax">{html.escape(unit)}</text>',
        ]
        step = max(1, _nice_step(self.minutes))
        wall = "%H:%M" if step * self.slot_ms % 60_000 == 0 else "%H:%M:%S"
        for m in range(0, self.minutes + 1, step):
            parts.append(
                f'<text x="{self.x(m):.1f}" y="{CHART_H - 20}" text-anchor="middle" '
                f'class="ax">{clock(m * self.slot_ms)}</text>'
            )
            if self.start is not None:
                parts.append(
                    f'<text x="{self.x(m):.1f}" y="{CHART_H - 6}" text-anchor="middle" '
                    f'class="ax wall">{wall_clock(self.start, m * self.slot_ms, wall)}</text>'
                )
        return "".join(parts)

    def at(self, t_ms: int) -> float:
        """x of a session time."""
        return self.x(t_ms / self.slot_ms)


def _nice_step(minutes: int) -> int:
    for step in (1, 2, 5, 10, 15, 30, 60):
        if minutes / step <= 12:
            return step
    return 120


def _svg(title: str, body: str, chart_id: str, height: int = CHART_H) -> str:
    return (
        f"<figure><figcaption>{html.escape(title)}</figcaption>"
        f'<svg id="{chart_id}" class="chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {CHART_W} {height}" role="img" aria-label="{html.escape(title)}">'
        f"{body}</svg></figure>"
    )


def _markers(data: ReviewData, axes: _Axes, t: ReportText) -> str:
    lines = []
    for seg in data.segments:
        x = axes.at(seg.start_ms)
        lines.append(
            f'<line x1="{x:.1f}" y1="{PAD_T}" x2="{x:.1f}" y2="{axes.y(0):.1f}" '
            f'stroke="{MARKER_COLOURS["product"]}" stroke-dasharray="3,3">'
            f"<title>{html.escape(clock(seg.start_ms))} {html.escape(seg.name)}</title></line>"
        )
    for a in data.alerts:
        if a.kind == "mention":
            continue
        kind = "flash_sale" if a.kind == "flash_sale" else "alert"
        x = axes.at(a.t_ms)
        tip = f"{clock(a.t_ms)} {alert_words(a.kind, a.terms, a.text, t, a.note)}"
        lines.append(
            f'<line x1="{x:.1f}" y1="{PAD_T}" x2="{x:.1f}" y2="{axes.y(0):.1f}" '
            f'stroke="{MARKER_COLOURS[kind]}"><title>{html.escape(tip)}</title></line>'
        )
    return "".join(lines)


def alert_words(
    kind: str, terms: Sequence[str], english: str, t: ReportText, note: Message | None = None
) -> str:
    """An alert as the reader can read it: its sentence in the reader's language when the
    row kept it (``note``), else the English sentence in English, or its kind and phrases."""
    if note is not None:
        return note.render(t.translate)
    if t.lang.startswith("en") or not terms:
        return english if t.lang.startswith("en") else t.label(ALERT_KIND, kind)
    return t(
        SENTENCE["alert_phrases"], kind=t.label(ALERT_KIND, kind), phrases=alert_phrases(terms)
    )


def _minute_chart(
    data: ReviewData,
    values: list[float],
    *,
    style: str,
    title: str,
    unit: str,
    colour: str,
    chart_id: str,
    t: ReportText,
    slot_ms: int = 60_000,
) -> str:
    """One value per slot as bars (counts, money) or a line (levels such as viewers)."""
    axes = _Axes(len(values), max(values, default=0), slot_ms, data.session.started_at)
    if style == "bar":
        width = max(1.0, axes.w / axes.minutes - 1)
        body = "".join(
            f'<rect x="{axes.x(i):.1f}" y="{axes.y(v):.1f}" width="{width:.1f}" '
            f'height="{axes.y(0) - axes.y(v):.1f}" fill="{colour}">'
            f"<title>{clock(i * slot_ms)} {v:,.{0 if float(v).is_integer() else 2}f}</title></rect>"
            for i, v in enumerate(values)
            if v
        )
    else:
        points = " ".join(f"{axes.x(i + 0.5):.1f},{axes.y(v):.1f}" for i, v in enumerate(values))
        body = f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>'
    return _svg(title, axes.frame(unit) + body + _markers(data, axes, t), chart_id)


def _sentiment_chart(
    data: ReviewData, minutes: dict[str, list[float]], slot_ms: int, t: ReportText
) -> str:
    n = len(minutes["minute"])
    axes = _Axes(n, 1.0, slot_ms, data.session.started_at)
    width = max(1.0, axes.w / axes.minutes - 1)
    rects = []
    for i in range(n):
        total = minutes["pos"][i] + minutes["neu"][i] + minutes["neg"][i]
        if not total:
            continue
        base = 0.0
        for key in ("neg", "neu", "pos"):
            share = minutes[key][i] / total
            rects.append(
                f'<rect x="{axes.x(i):.1f}" y="{axes.y(base + share):.1f}" width="{width:.1f}" '
                f'height="{axes.y(base) - axes.y(base + share):.1f}" '
                f'fill="{SENTIMENT_COLOURS[key]}"/>'
            )
            base += share
    if not rects:
        rects.append(
            f'<text x="{CHART_W / 2}" y="{CHART_H / 2}" text-anchor="middle" class="ax">'
            f"{html.escape(t(SENTENCE['no_sentiment']))}</text>"
        )
    return _svg(
        t(SENTENCE["sentiment_chart"]),
        axes.frame("", percent=True) + "".join(rects) + _markers(data, axes, t),
        "chart-sentiment",
    )


def _products_band(data: ReviewData, minutes: int, slot_ms: int, t: ReportText) -> str:
    """Products on air as a band; a name is written only where it fits, never overlapping."""
    axes = _Axes(minutes, 1.0, slot_ms)
    palette = ("#6b5bd6", "#2f8fd8", "#2e9d5b", "#c9a227", "#d6336c", "#7a7a7a")
    colours: dict[str, str] = {}
    parts = []
    for seg in data.segments:
        colour = colours.setdefault(seg.sku, palette[len(colours) % len(palette)])
        x0, x1 = axes.at(seg.start_ms), axes.at(seg.end_ms)
        parts.append(
            f'<rect x="{x0:.1f}" y="20" width="{max(1.0, x1 - x0):.1f}" height="40" '
            f'fill="{colour}"><title>{html.escape(seg.name)} {clock(seg.start_ms)}–'
            f"{clock(seg.end_ms)}</title></rect>"
        )
        fits = int((x1 - x0 - 8) // 13)  # ~13 px per CJK character at 12 px
        if fits >= 2:
            name = seg.name if len(seg.name) <= fits else seg.name[: fits - 1] + "…"
            parts.append(f'<text x="{x0 + 4:.1f}" y="45" class="band">{html.escape(name)}</text>')
    body = "".join(parts) or (
        f'<text x="60" y="45" class="ax">{html.escape(t(SENTENCE["no_products"]))}</text>'
    )
    return _svg(t(HEADINGS["segments"]), body, "chart-products", height=70)


def _table(table: Table, t: ReportText, cls: str = "") -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in table.headers)
    numeric = {"int", "money", "decimal", "ratio"}
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{html.escape(display(v, k, t))}</td>'
            if k in numeric or (isinstance(v, Typed) and v.kind in numeric)
            else f"<td>{html.escape(display(v, k, t))}</td>"
            for v, k in zip(row, table.kinds, strict=True)
        )
        + "</tr>"
        for row in table.rows
    )
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _scorecard_html(ctx: Context, t: ReportText) -> str:
    rows = ctx.rows
    head = "".join(f"<th>{html.escape(h)}</th>" for h in scorecard_table(rows, t).headers)
    body = []
    for i, r in enumerate(rows):
        cells = [html.escape(f"{r.session_id} {r.title}"), html.escape(local(r.started_at))]
        for metric, kind in SCORE_METRICS:
            arrow = TREND_ARROWS[trend(rows, i, metric)]
            cls = {"▲": "up", "▼": "down"}.get(arrow, "")
            cells.append(
                f'{html.escape(display(getattr(r, metric), kind, t))} <span class="{cls}">'
                f"{arrow}</span>"
            )
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    rank = (
        f'<p class="sub">{html.escape(t(SENTENCE["rank"], host=ctx.rank.host, rank=ctx.rank.rank, hosts=ctx.rank.hosts, gmv=f"{ctx.rank.median_gmv:,.2f}"))}</p>'  # noqa: E501
        if ctx.rank is not None
        else ""
    )
    return (
        f"<h2>{html.escape(t(HEADINGS['scorecard']))}</h2>{rank}"
        f'<div class="wide"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _diagnosis_html(data: ReviewData, diagnosis: Diagnosis, t: ReportText) -> str:
    heading = f"<h2>{html.escape(t(HEADINGS['diagnosis']))}</h2>"
    if diagnosis.earlier == 0:
        return heading + f'<p class="sub">{html.escape(t(SENTENCE["no_earlier"]))}</p>'
    if not diagnosis.weaknesses:
        return heading + f"<p>{html.escape(t(SENTENCE['all_steady'], n=diagnosis.earlier))}</p>"
    kind_of = dict(SCORE_METRICS)
    items = []
    for w in diagnosis.weaknesses:
        kind = kind_of.get(w.metric, "decimal")
        moments = "".join(
            "<li>"
            + html.escape(
                t(
                    SENTENCE["moment"],
                    time=f"{clock(m.start_ms)} ({wall_clock(data.session.started_at, m.start_ms, '%H:%M')})",  # noqa: E501
                    product=m.product or t(SENTENCE["nothing_on_air"]),
                    viewers=f"{m.viewers:,}",
                    comments=f"{m.comments:,}",
                    orders=f"{m.orders:,}",
                )
            )
            + (f"<br><q>{html.escape(m.said)}</q>" if m.said else "")
            + "</li>"
            for m in w.moments
        )
        items.append(
            f"<li><b>{html.escape(t.label(METRIC, w.metric))}</b> "
            f"{html.escape(display(w.value, kind, t))} · {html.escape(t(COLUMN['median']))} "
            f"{html.escape(display(w.median, kind, t))} "
            f'<span class="down">{w.change * 100:+.0f}%</span><ul>{moments}</ul></li>'
        )
    intro = html.escape(t(SENTENCE["diagnosis_intro"], n=diagnosis.earlier))
    return heading + f'<p class="sub">{intro}</p><ol class="diag">{"".join(items)}</ol>'


CSS = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;
margin:24px;color:#1d2330;background:#fff}
h1{margin:0 0 4px}h2{margin-top:28px;border-bottom:1px solid #ddd}
.sub{color:#667}.warn{background:#fff3cd;border:1px solid #e0c36a;padding:8px 12px}
figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}
svg.chart{width:100%;height:auto;background:#fafbfc;border:1px solid #e4e7eb}
.ax{font-size:11px;fill:#667}.wall{fill:#99a}.band{font-size:12px;fill:#fff}
table{border-collapse:collapse;font-size:13px;margin:8px 0}
td,th{border:1px solid #dde;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f1f3f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
td:not(:last-child){white-space:nowrap}
.kpis td:first-child{color:#556}.legend span{display:inline-block;margin-right:14px}
.up{color:#2e7d32}.down{color:#c62828}.wide{overflow-x:auto}
.diag li{margin:6px 0}.diag q{color:#445}
details{margin:8px 0}
"""


def html_report(
    data: ReviewData,
    report: Progress | None = None,
    words: ReportText | None = None,
    context: Context | None = None,
) -> str:
    """The whole report as one HTML string (inline CSS and SVG, no scripts)."""
    say = report or _noop
    t = words or ReportText()
    s = data.session
    slot_ms = data.chart_width_ms()
    minutes = data.series(slot_ms)
    n = len(minutes["minute"])

    def per(what: str) -> str:
        if slot_ms == 60_000:
            return t(SENTENCE["per_minute"], what=what)
        return t(SENTENCE["per_seconds"], what=what, seconds=slot_ms // 1000)

    say(0.1, "charts")
    charts = [_products_band(data, n, slot_ms, t)]
    for key, values, style, colour, chart_id, title in (
        ("viewers", minutes["viewers"], "line", "#2f8fd8", "chart-viewers", t(COLUMN["viewers"])),
        (
            "comments",
            minutes["comments"],
            "bar",
            "#6b5bd6",
            "chart-comments",
            per(t(COLUMN["comments"])),
        ),
        ("orders", minutes["orders"], "bar", "#c9a227", "chart-orders", per(t(COLUMN["orders"]))),
        ("gmv", minutes["gmv"], "bar", "#2e9d5b", "chart-gmv", per(t(COLUMN["gmv"]))),
    ):
        charts.append(
            _minute_chart(
                data,
                values,
                style=style,
                title=title,
                unit=t(COLUMN[key]),
                colour=colour,
                chart_id=chart_id,
                t=t,
                slot_ms=slot_ms,
            )
        )
    charts.append(_sentiment_chart(data, minutes, slot_ms, t))
    say(0.5, "tables")
    tables = {table.name: table for table in _tables(data, t)}
    warn = f'<p class="warn">{html.escape(t(SENTENCE["interrupted"]))}</p>' if s.interrupted else ""
    legend = (
        f'<p class="legend"><span style="color:#6b5bd6">┆ {html.escape(t(SENTENCE["legend_product"]))}</span>'  # noqa: E501
        f'<span style="color:#e08a00">│ {html.escape(t(SENTENCE["legend_alert"]))}</span>'
        f'<span style="color:#d6336c">│ {html.escape(t(SENTENCE["legend_flash"]))}</span></p>'
    )
    subtitle = t(
        SENTENCE["subtitle"],
        id=s.id,
        host=s.host or "—",
        platform=t.label(PLATFORM, s.platform) if s.platform else "—",
        started=local(s.started_at),
        length=clock(s.duration_ms),
        status=t.label(STATUS, s.status),
    )
    zone = t(SENTENCE["times_in"], zone=zone_label(s.started_at))
    alerts = tables["alerts"]
    translated = all(a.note is not None for a in data.alerts)
    if not t.lang.startswith("en") and not translated:
        # sentences recorded before 0007 are English only: kind and phrases say it
        alerts = Table(
            alerts.name,
            alerts.title,
            alerts.headers[:-1],
            alerts.kinds[:-1],
            [row[:-1] for row in alerts.rows],
        )
    diagnosis = (
        _diagnosis_html(data, context.diagnosis, t)
        if context is not None and context.diagnosis is not None
        else ""
    )
    scores = _scorecard_html(context, t) if context is not None and context.rows else ""
    h = html.escape
    body = f"""<!DOCTYPE html>
<html lang="{h(t.lang)}"><head><meta charset="utf-8">
<title>{h(s.title)} — AnchorDesk · {h(t(HEADINGS["report"]))}</title>
<style>{CSS}</style></head><body>
<h1>{h(s.title)}</h1>
<p class="sub">{h(subtitle)}</p>
<p class="sub">{h(zone)}</p>
{warn}
<h2>{h(t(HEADINGS["key_figures"]))}</h2>
{_table(tables["summary"], t, "kpis")}
{diagnosis}
<h2>{h(t(HEADINGS["trends"]))}</h2>
{legend}
{"".join(charts)}
<h2>{h(t(HEADINGS["products"]))}</h2>
<div class="wide">{_table(tables["products"], t)}</div>
<p class="sub">{h(t(SENTENCE["product_gpm"]))}</p>
<h2>{h(t(HEADINGS["highlights"]))}</h2>
{_table(tables["highlights"], t) if data.highlights else f"<p>{h(t(SENTENCE['no_spikes']))}</p>"}
{scores}
<h2>{h(t(HEADINGS["alerts"]))}</h2>
<details open><summary>{h(t(SENTENCE["n_alerts"], n=len(data.alerts)))}</summary>{_table(alerts, t)}</details>
<h2>{h(t(HEADINGS["transcript"]))}</h2>
<details><summary>{h(t(SENTENCE["n_segments"], n=len(data.transcript)))}</summary>{_table(tables["transcript"], t)}</details>
<p class="sub">{h(t(SENTENCE["footer"]))}</p>
</body></html>
"""  # noqa: E501
    say(0.9, "writing")
    return body


def write_html(
    data: ReviewData,
    out: Path,
    report: Progress,
    words: ReportText | None = None,
    context: Context | None = None,
) -> Path:
    out.write_text(html_report(data, report, words, context), encoding="utf-8")
    return out


# -- the host scorecard alone -----------------------------------------------------------------
def export_scorecard(rows: Sequence[ScoreRow], out: Path, words: ReportText | None = None) -> Path:
    """The host scorecard as one table: ``.xlsx`` (numbers with formats) or ``.csv``."""
    t = words or ReportText()
    table = scorecard_table(rows, t)
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ExportError(f"cannot write a {out.suffix or 'suffix-less'} file: use .xlsx or .csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        with out.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv_writer(fh)
            writer.writerow(table.headers)
            writer.writerows(
                [_csv_value(v, k) for v, k in zip(row, table.kinds, strict=True)]
                for row in table.rows
            )
        return out
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    _write_sheet(book, table, set())
    book.save(out)
    return out
