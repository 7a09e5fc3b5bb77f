"""Session exports: a self-contained HTML report, CSV and XLSX tables, SRT captions.

The HTML report draws its charts as inline SVG and has no scripts, fonts or images from
anywhere: it opens offline, in any browser, and can be mailed as one file. Every export
works from :class:`~app.analytics.review.ReviewData` (already aggregated), except the
comment table in CSV, which is streamed from the database in chunks so a million
comments never sit in memory; ``progress(fraction, what)`` reports how far it is.

Every CSV and XLSX cell goes through :mod:`app.cells`: a comment, order id or SKU that
starts with ``=``, ``+``, ``-`` or ``@`` is written as text, never as a live formula.

SRT captions come from the stored transcript through speech's caption writer
(:mod:`app.speech.captions`: long segments split at word timings, cues never overlap);
:func:`srt_text` is the fallback that needs only :class:`ReviewData`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app.analytics.review import Progress, ReviewData
from app.cells import csv_writer, xlsx_row
from app.errors import UserError
from app.store.db import Store

FORMATS = ("html", "csv", "xlsx", "srt")
SENTIMENT_COLOURS = {"pos": "#2e9d5b", "neu": "#9aa3ad", "neg": "#d2483f"}
MARKER_COLOURS = {"product": "#6b5bd6", "alert": "#e08a00", "flash_sale": "#d6336c"}
COMMENT_CHUNK = 50_000


class ExportError(UserError):
    """The export cannot be written (bad format or path); the message says what to do."""


def _noop(_fraction: float, _what: str) -> None:
    return None


def hms(ms: int) -> str:
    s = max(0, ms) // 1000
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def _fmt(value: float | None, digits: int = 2, none: str = "not recorded") -> str:
    if value is None:
        return none
    if digits == 0:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def _pct(value: float | None) -> str:
    return "not recorded" if value is None else f"{value * 100:.1f}%"


# -- tables shared by CSV, XLSX and HTML ------------------------------------------------------
def summary_rows(data: ReviewData) -> list[tuple[str, str]]:
    """KPI name and value, as the report shows them (formulas: analytics/kpis.py)."""
    t, s = data.totals, data.session
    return [
        ("Title 标题", s.title),
        ("Host 主播", s.host or "—"),
        ("Platform 平台", s.platform or "—"),
        ("Status 状态", s.status + (" (recording stopped unexpectedly)" if s.interrupted else "")),
        ("Started (UTC) 开始", f"{s.started_at:%Y-%m-%d %H:%M:%S}"),
        ("Length 时长", hms(s.duration_ms)),
        ("PV 场观", _fmt(t.pv, 0)),
        ("UV 观看人数", _fmt(t.uv, 0)),
        ("Peak online 最高在线", _fmt(t.peak_viewers, 0)),
        ("Comments 评论", _fmt(t.comments, 0)),
        ("Commenters 评论人数", _fmt(t.commenters, 0)),
        ("Interaction rate 互动率 (commenters / UV)", _pct(t.interaction_rate)),
        ("Likes 点赞", _fmt(t.likes, 0)),
        ("Follows 新增关注", _fmt(t.follows, 0)),
        ("Orders 订单", _fmt(t.orders, 0)),
        ("Buyers 成交人数", _fmt(t.buyers, 0)),
        ("GMV 成交金额 (paid orders, refunds not deducted)", _fmt(t.gmv)),
        ("GPM 千次观看成交 (GMV x 1000 / PV)", _fmt(t.gpm)),
        ("UV value UV价值 (GMV / UV)", _fmt(t.uv_value)),
        ("AOV 客单价 (GMV / buyers)", _fmt(t.aov)),
        ("Complaints 投诉", _fmt(t.complaints, 0)),
        ("Watch time 人均观看时长", "not recorded"),
    ]


PRODUCT_HEADER = (
    "sku",
    "name",
    "on_air_s",
    "mentions",
    "questions",
    "purchase_intents",
    "orders",
    "gmv",
    "pv_on_air",
    "gpm",
)


def product_rows(data: ReviewData) -> list[tuple[Any, ...]]:
    return [
        (
            p.sku,
            p.name,
            round(p.on_air_ms / 1000, 1),
            p.mentions,
            p.questions,
            p.purchase_intents,
            p.orders,
            p.gmv,
            p.pv_on_air,
            p.gpm,
        )
        for p in data.products
    ]


MINUTE_HEADER = ("minute", "viewers", "comments", "pos", "neu", "neg", "orders", "gmv")


def minute_rows(data: ReviewData) -> list[tuple[Any, ...]]:
    m = data.minute_series()
    return [
        tuple(int(m[k][i]) if k != "gmv" else m[k][i] for k in MINUTE_HEADER)
        for i in range(len(m["minute"]))
    ]


def _tables(data: ReviewData) -> dict[str, tuple[Sequence[str], Iterable[Sequence[Any]]]]:
    return {
        "summary": (("kpi", "value"), summary_rows(data)),
        "minutes": (MINUTE_HEADER, minute_rows(data)),
        "products": (PRODUCT_HEADER, product_rows(data)),
        "highlights": (
            ("start", "end", "start_ms", "end_ms", "reason", "peak", "baseline"),
            [
                (
                    hms(h.start_ms),
                    hms(h.end_ms),
                    h.start_ms,
                    h.end_ms,
                    h.reason,
                    h.value,
                    h.baseline,
                )
                for h in data.highlights
            ],
        ),
        "segments": (
            ("sku", "name", "start_ms", "end_ms"),
            [(g.sku, g.name, g.start_ms, g.end_ms) for g in data.segments],
        ),
        "orders": (
            ("t_ms", "time", "order_id", "sku", "qty", "amount", "buyer"),
            [
                (o.t_ms, hms(o.t_ms), o.order_id, o.sku, o.qty, o.amount, o.buyer)
                for o in data.orders
            ],
        ),
        "transcript": (
            ("start_ms", "end_ms", "time", "text"),
            [(ln.start_ms, ln.end_ms, hms(ln.start_ms), ln.text) for ln in data.transcript],
        ),
        "alerts": (
            ("t_ms", "time", "kind", "severity", "text"),
            [(a.t_ms, hms(a.t_ms), a.kind, a.severity, a.text) for a in data.alerts],
        ),
    }


# -- entry point ------------------------------------------------------------------------------
def export_session(
    data: ReviewData,
    fmt: str,
    out: Path,
    *,
    store: Store | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Write ``data`` as ``fmt`` to ``out``; returns the files written.

    CSV writes one file per table into the folder ``out`` (created), including all
    comments when ``store`` is given.
    """
    report = progress or _noop
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    writers: dict[str, Callable[[], list[Path]]] = {
        "html": lambda: [write_html(data, out, report)],
        "csv": lambda: write_csv(data, out, store, report),
        "xlsx": lambda: [write_xlsx(data, out, report)],
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
def write_csv(data: ReviewData, out: Path, store: Store | None, report: Progress) -> list[Path]:
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file; CSV export writes a folder of tables")
    out.mkdir(parents=True, exist_ok=True)
    files = []
    tables = _tables(data)
    for i, (name, (header, rows)) in enumerate(tables.items()):
        path = out / f"{name}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel reads UTF-8
            writer = csv_writer(fh)
            writer.writerow(header)
            writer.writerows(rows)
        files.append(path)
        report(0.2 * (i + 1) / len(tables), name)
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
def write_xlsx(data: ReviewData, out: Path, report: Progress) -> Path:
    """One sheet per table (write-only mode: rows are streamed, not kept as cells)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    tables = _tables(data)
    for i, (name, (header, rows)) in enumerate(tables.items()):
        sheet = book.create_sheet(title=name)
        sheet.append(xlsx_row(sheet, header))
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
        report(0.9 * (i + 1) / len(tables), name)
    book.save(out)
    return out


# -- HTML with inline SVG charts --------------------------------------------------------------
CHART_W, CHART_H, PAD_L, PAD_B, PAD_T = 1100, 180, 60, 22, 12


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


class _Axes:
    """Maps (slot, value) to SVG coordinates for one chart; a slot is ``slot_ms`` long."""

    def __init__(self, minutes: int, top: float, slot_ms: int = 60_000) -> None:
        self.minutes = max(1, minutes)
        self.slot_ms = slot_ms
        self.top = _nice_max(top)
        self.w = CHART_W - PAD_L - 10
        self.h = CHART_H - PAD_B - PAD_T

    def x(self, minute: float) -> float:
        return PAD_L + self.w * minute / self.minutes

    def y(self, value: float) -> float:
        return PAD_T + self.h * (1 - value / self.top)

    def frame(self, unit: str) -> str:
        parts = [
            f'<line x1="{PAD_L}" y1="{self.y(0):.1f}" x2="{PAD_L + self.w}" '
            f'y2="{self.y(0):.1f}" stroke="#888"/>',
            f'<text x="{PAD_L - 6}" y="{self.y(self.top) + 4:.1f}" text-anchor="end" '
            f'class="ax">{_fmt(self.top, 0 if self.top >= 10 else 1)}</text>',
            f'<text x="{PAD_L - 6}" y="{self.y(0) + 4:.1f}" text-anchor="end" class="ax">0</text>',
            f'<text x="4" y="{PAD_T + self.h / 2:.1f}" class="ax">{html.escape(unit)}</text>',
        ]
        step = max(1, _nice_step(self.minutes))
        for m in range(0, self.minutes + 1, step):
            label = hms(m * self.slot_ms)
            parts.append(
                f'<text x="{self.x(m):.1f}" y="{CHART_H - 6}" text-anchor="middle" '
                f'class="ax">{label if self.slot_ms < 60_000 else label[:-3]}</text>'
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


def _svg(title: str, body: str, chart_id: str) -> str:
    return (
        f"<figure><figcaption>{html.escape(title)}</figcaption>"
        f'<svg id="{chart_id}" class="chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {CHART_W} {CHART_H}" role="img" aria-label="{html.escape(title)}">'
        f"{body}</svg></figure>"
    )


def _markers(data: ReviewData, axes: _Axes) -> str:
    lines = []
    for seg in data.segments:
        x = axes.at(seg.start_ms)
        lines.append(
            f'<line x1="{x:.1f}" y1="{PAD_T}" x2="{x:.1f}" y2="{axes.y(0):.1f}" '
            f'stroke="{MARKER_COLOURS["product"]}" stroke-dasharray="3,3">'
            f"<title>{html.escape(hms(seg.start_ms))} {html.escape(seg.name)}</title></line>"
        )
    for a in data.alerts:
        if a.kind == "mention":
            continue
        kind = "flash_sale" if a.kind == "flash_sale" else "alert"
        x = axes.at(a.t_ms)
        lines.append(
            f'<line x1="{x:.1f}" y1="{PAD_T}" x2="{x:.1f}" y2="{axes.y(0):.1f}" '
            f'stroke="{MARKER_COLOURS[kind]}"><title>{html.escape(a.text)}</title></line>'
        )
    return "".join(lines)


def _minute_chart(
    data: ReviewData,
    values: list[float],
    *,
    style: str,
    title: str,
    unit: str,
    colour: str,
    chart_id: str,
    slot_ms: int = 60_000,
) -> str:
    """One value per slot as bars (counts, money) or a line (levels such as viewers)."""
    axes = _Axes(len(values), max(values, default=0), slot_ms)
    if style == "bar":
        width = max(1.0, axes.w / axes.minutes - 1)
        body = "".join(
            f'<rect x="{axes.x(i):.1f}" y="{axes.y(v):.1f}" width="{width:.1f}" '
            f'height="{axes.y(0) - axes.y(v):.1f}" fill="{colour}"/>'
            for i, v in enumerate(values)
            if v
        )
    else:
        points = " ".join(f"{axes.x(i + 0.5):.1f},{axes.y(v):.1f}" for i, v in enumerate(values))
        body = f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>'
    return _svg(title, axes.frame(unit) + body + _markers(data, axes), chart_id)


def _sentiment_chart(data: ReviewData, minutes: dict[str, list[float]], slot_ms: int) -> str:
    n = len(minutes["minute"])
    axes = _Axes(n, 1.0, slot_ms)
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
            "No comment sentiment recorded</text>"
        )
    return _svg(
        "Sentiment share 情绪占比 (green positive, grey neutral, red negative)",
        axes.frame("share") + "".join(rects) + _markers(data, axes),
        "chart-sentiment",
    )


def _products_band(data: ReviewData, minutes: int, slot_ms: int) -> str:
    axes = _Axes(minutes, 1.0, slot_ms)
    palette = ("#6b5bd6", "#2f8fd8", "#2e9d5b", "#c9a227", "#d6336c", "#7a7a7a")
    colours: dict[str, str] = {}
    parts = []
    for seg in data.segments:
        colour = colours.setdefault(seg.sku, palette[len(colours) % len(palette)])
        x0, x1 = axes.at(seg.start_ms), axes.at(seg.end_ms)
        parts.append(
            f'<rect x="{x0:.1f}" y="20" width="{max(1.0, x1 - x0):.1f}" height="40" '
            f'fill="{colour}"><title>{html.escape(seg.name)} {hms(seg.start_ms)}–'
            f"{hms(seg.end_ms)}</title></rect>"
        )
        if x1 - x0 > 50:
            parts.append(
                f'<text x="{x0 + 4:.1f}" y="45" class="band">{html.escape(seg.name[:20])}</text>'
            )
    body = "".join(parts) or '<text x="60" y="45" class="ax">No product was put on air</text>'
    return (
        "<figure><figcaption>Products on air 在播商品</figcaption>"
        f'<svg id="chart-products" class="chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {CHART_W} 70">{body}</svg></figure>'
    )


def _cell(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]], cls: str = "") -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in r)
        + "</tr>"
        for r in rows
    )
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


CSS = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;
margin:24px;color:#1d2330;background:#fff}
h1{margin:0 0 4px}h2{margin-top:28px;border-bottom:1px solid #ddd}
.sub{color:#667}.warn{background:#fff3cd;border:1px solid #e0c36a;padding:8px 12px}
figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}
svg.chart{width:100%;height:auto;background:#fafbfc;border:1px solid #e4e7eb}
.ax{font-size:11px;fill:#667}.band{font-size:12px;fill:#fff}
table{border-collapse:collapse;font-size:13px;margin:8px 0}
td,th{border:1px solid #dde;padding:3px 8px;text-align:left}th{background:#f1f3f6}
.kpis td:first-child{color:#556}.legend span{display:inline-block;margin-right:14px}
details{margin:8px 0}
"""


def html_report(data: ReviewData, report: Progress | None = None) -> str:
    """The whole report as one HTML string (inline CSS and SVG, no scripts)."""
    say = report or _noop
    s = data.session
    slot_ms = data.chart_width_ms()
    minutes = data.series(slot_ms)
    n = len(minutes["minute"])
    per = "minute 每分钟" if slot_ms == 60_000 else f"{slot_ms // 1000} s 每{slot_ms // 1000}秒"
    say(0.1, "charts")
    charts = [
        _products_band(data, n, slot_ms),
        _minute_chart(
            data,
            minutes["viewers"],
            style="line",
            title="Viewers online 在线人数",
            unit="viewers",
            colour="#2f8fd8",
            chart_id="chart-viewers",
            slot_ms=slot_ms,
        ),
        _minute_chart(
            data,
            minutes["comments"],
            style="bar",
            title=f"Comments per {per} 评论",
            unit="comments",
            colour="#6b5bd6",
            chart_id="chart-comments",
            slot_ms=slot_ms,
        ),
        _minute_chart(
            data,
            minutes["orders"],
            style="bar",
            title=f"Orders per {per} 订单",
            unit="orders",
            colour="#c9a227",
            chart_id="chart-orders",
            slot_ms=slot_ms,
        ),
        _minute_chart(
            data,
            minutes["gmv"],
            style="bar",
            title=f"GMV per {per} 成交",
            unit="GMV",
            colour="#2e9d5b",
            chart_id="chart-gmv",
            slot_ms=slot_ms,
        ),
        _sentiment_chart(data, minutes, slot_ms),
    ]
    say(0.5, "tables")
    warn = (
        '<p class="warn">This recording stopped unexpectedly (status "interrupted"): '
        "everything up to the last saved second is shown.</p>"
        if s.interrupted
        else ""
    )
    legend = (
        '<p class="legend"><span style="color:#6b5bd6">┆ product switch</span>'
        '<span style="color:#e08a00">│ alert</span>'
        '<span style="color:#d6336c">│ flash sale</span></p>'
    )
    highlights = _table(
        ("start", "end", "why", "peak", "typical"),
        [
            (hms(h.start_ms), hms(h.end_ms), h.reason, f"{h.value:g}", f"{h.baseline:g}")
            for h in data.highlights
        ],
    )
    transcript = _table(("time", "text"), [(hms(ln.start_ms), ln.text) for ln in data.transcript])
    alerts = _table(
        ("time", "kind", "severity", "text"),
        [(hms(a.t_ms), a.kind, a.severity, a.text) for a in data.alerts],
    )
    body = f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8">
<title>{html.escape(s.title)} — AnchorDesk review</title>
<style>{CSS}</style></head><body>
<h1>{html.escape(s.title)}</h1>
<p class="sub">Session {s.id} · {html.escape(s.host or "—")} · {html.escape(s.platform or "—")} ·
{s.started_at:%Y-%m-%d %H:%M} UTC · {hms(s.duration_ms)} · {html.escape(s.status)}</p>
{warn}
<h2>Key figures 核心数据</h2>
{_table(("KPI", "value"), summary_rows(data), "kpis")}
<h2>Trends 趋势</h2>
{legend}
{"".join(charts)}
<h2>Products 商品表现</h2>
{_table(PRODUCT_HEADER, product_rows(data))}
<p class="sub">Per-product GPM = product GMV x 1000 / PV gained while it was on air
(抖音 definition).</p>
<h2>Highlights 高光片段</h2>
{highlights if data.highlights else "<p>No spikes found.</p>"}
<h2>Alerts 提醒</h2>
<details><summary>{len(data.alerts)} alerts</summary>{alerts}</details>
<h2>Transcript 字幕</h2>
<details><summary>{len(data.transcript)} segments</summary>{transcript}</details>
<p class="sub">Exported by AnchorDesk. Watch time: not recorded (no platform feed).</p>
</body></html>
"""
    say(0.9, "writing")
    return body


def write_html(data: ReviewData, out: Path, report: Progress) -> Path:
    out.write_text(html_report(data, report), encoding="utf-8")
    return out
