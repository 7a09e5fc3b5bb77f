"""The words of the session reports, in the reader's language (HTML, XLSX, CSV headers).

Reports are made outside ``app/ui``, so they cannot translate; like every engine-made
sentence they use :class:`app.messages.Message` templates marked with
``QT_TRANSLATE_NOOP("Messages", ...)``, and whoever asks for a report passes the
``translate`` function of the reader's language (the review window passes Qt's, the CLI
passes :func:`report_text_for` the ``--lang``, which reads the same compiled catalogue
without Qt). English needs none: the templates are English.

:class:`ReportText` renders a template with its values; the dictionaries below name each
column, KPI, reason, alert kind, severity and status once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.messages import CONTEXT, QT_TRANSLATE_NOOP, Message

Translate = Callable[[str], str]


def english(template: str) -> str:
    return template


class ReportText:
    """Renders report templates in one language; ``lang`` is the HTML ``lang`` code."""

    def __init__(self, translate: Translate = english, lang: str = "en") -> None:
        self.translate = translate
        self.lang = lang

    def __call__(self, template: str, **values: Any) -> str:
        return Message(template, values).render(self.translate)

    def label(self, table: dict[str, str], key: str) -> str:
        """``table[key]`` translated; an unknown key (a team's own kind) as it is."""
        return self(table[key]) if key in table else key

    @property
    def not_recorded(self) -> str:
        return self(NOT_RECORDED)


NOT_RECORDED = QT_TRANSLATE_NOOP("Messages", "not recorded")

HEADINGS = {
    "report": QT_TRANSLATE_NOOP("Messages", "Session review"),
    "key_figures": QT_TRANSLATE_NOOP("Messages", "Key figures"),
    "diagnosis": QT_TRANSLATE_NOOP("Messages", "Diagnosis"),
    "trends": QT_TRANSLATE_NOOP("Messages", "Trends"),
    "products": QT_TRANSLATE_NOOP("Messages", "Products"),
    "highlights": QT_TRANSLATE_NOOP("Messages", "Highlights"),
    "alerts": QT_TRANSLATE_NOOP("Messages", "Alerts"),
    "transcript": QT_TRANSLATE_NOOP("Messages", "Transcript"),
    "scorecard": QT_TRANSLATE_NOOP("Messages", "Host scorecard"),
    "minutes": QT_TRANSLATE_NOOP("Messages", "Minutes"),
    "segments": QT_TRANSLATE_NOOP("Messages", "Products on air"),
    "orders": QT_TRANSLATE_NOOP("Messages", "Orders"),
    "summary": QT_TRANSLATE_NOOP("Messages", "Summary"),
}

#: KPI names (the Chinese catalogue uses the platforms' words: 场观, 千次观看成交 …).
KPI = {
    "title": QT_TRANSLATE_NOOP("Messages", "Title"),
    "host": QT_TRANSLATE_NOOP("Messages", "Host"),
    "platform": QT_TRANSLATE_NOOP("Messages", "Platform"),
    "status": QT_TRANSLATE_NOOP("Messages", "Status"),
    "started": QT_TRANSLATE_NOOP("Messages", "Started"),
    "ended": QT_TRANSLATE_NOOP("Messages", "Ended"),
    "length": QT_TRANSLATE_NOOP("Messages", "Length"),
    "pv": QT_TRANSLATE_NOOP("Messages", "Views (PV)"),
    "uv": QT_TRANSLATE_NOOP("Messages", "Unique viewers (UV)"),
    "peak": QT_TRANSLATE_NOOP("Messages", "Peak online"),
    "comments": QT_TRANSLATE_NOOP("Messages", "Comments"),
    "commenters": QT_TRANSLATE_NOOP("Messages", "Commenters"),
    "interaction_rate": QT_TRANSLATE_NOOP("Messages", "Interaction rate (commenters / UV)"),
    "likes": QT_TRANSLATE_NOOP("Messages", "Likes"),
    "follows": QT_TRANSLATE_NOOP("Messages", "New followers"),
    "follow_rate": QT_TRANSLATE_NOOP("Messages", "Follow rate (new followers / UV)"),
    "orders": QT_TRANSLATE_NOOP("Messages", "Orders"),
    "buyers": QT_TRANSLATE_NOOP("Messages", "Buyers"),
    "conversion": QT_TRANSLATE_NOOP("Messages", "Conversion (buyers / UV)"),
    "gmv": QT_TRANSLATE_NOOP("Messages", "GMV (paid orders, refunds not deducted)"),
    "gpm": QT_TRANSLATE_NOOP("Messages", "GPM (GMV × 1000 / PV)"),
    "uv_value": QT_TRANSLATE_NOOP("Messages", "UV value (GMV / UV)"),
    "aov": QT_TRANSLATE_NOOP("Messages", "Average order value (GMV / buyers)"),
    "complaints": QT_TRANSLATE_NOOP("Messages", "Complaints"),
    "watch_time": QT_TRANSLATE_NOOP("Messages", "Average watch time"),
}

#: Column headers of the tables (CSV keeps the same human headers).
COLUMN = {
    "figure": QT_TRANSLATE_NOOP("Messages", "Figure"),
    "value": QT_TRANSLATE_NOOP("Messages", "Value"),
    "sku": QT_TRANSLATE_NOOP("Messages", "SKU"),
    "product": QT_TRANSLATE_NOOP("Messages", "Product"),
    "on_air": QT_TRANSLATE_NOOP("Messages", "On air"),
    "mentions": QT_TRANSLATE_NOOP("Messages", "Mentions"),
    "questions": QT_TRANSLATE_NOOP("Messages", "Questions"),
    "purchase_intents": QT_TRANSLATE_NOOP("Messages", "Purchase intents"),
    "orders": QT_TRANSLATE_NOOP("Messages", "Orders"),
    "gmv": QT_TRANSLATE_NOOP("Messages", "GMV"),
    "pv_on_air": QT_TRANSLATE_NOOP("Messages", "Views while on air"),
    "gpm": QT_TRANSLATE_NOOP("Messages", "GPM"),
    "minute": QT_TRANSLATE_NOOP("Messages", "Minute"),
    "session_time": QT_TRANSLATE_NOOP("Messages", "Session time"),
    "clock_time": QT_TRANSLATE_NOOP("Messages", "Time of day"),
    "start": QT_TRANSLATE_NOOP("Messages", "Start"),
    "end": QT_TRANSLATE_NOOP("Messages", "End"),
    "viewers": QT_TRANSLATE_NOOP("Messages", "Viewers online"),
    "comments": QT_TRANSLATE_NOOP("Messages", "Comments"),
    "pos": QT_TRANSLATE_NOOP("Messages", "Positive"),
    "neu": QT_TRANSLATE_NOOP("Messages", "Neutral"),
    "neg": QT_TRANSLATE_NOOP("Messages", "Negative"),
    "why": QT_TRANSLATE_NOOP("Messages", "Why"),
    "peak": QT_TRANSLATE_NOOP("Messages", "Peak"),
    "typical": QT_TRANSLATE_NOOP("Messages", "Typical"),
    "order_id": QT_TRANSLATE_NOOP("Messages", "Order"),
    "qty": QT_TRANSLATE_NOOP("Messages", "Quantity"),
    "amount": QT_TRANSLATE_NOOP("Messages", "Amount"),
    "buyer": QT_TRANSLATE_NOOP("Messages", "Buyer"),
    "text": QT_TRANSLATE_NOOP("Messages", "Text"),
    "kind": QT_TRANSLATE_NOOP("Messages", "Kind"),
    "severity": QT_TRANSLATE_NOOP("Messages", "Severity"),
    "phrases": QT_TRANSLATE_NOOP("Messages", "Phrases"),
    "session": QT_TRANSLATE_NOOP("Messages", "Session"),
    "date": QT_TRANSLATE_NOOP("Messages", "Date"),
    "follows": QT_TRANSLATE_NOOP("Messages", "New followers"),
    "follow_rate": QT_TRANSLATE_NOOP("Messages", "Follow rate"),
    "interaction_rate": QT_TRANSLATE_NOOP("Messages", "Interaction rate"),
    "repeat_buyers": QT_TRANSLATE_NOOP("Messages", "Repeat buyers"),
    "complaint_share": QT_TRANSLATE_NOOP("Messages", "Complaint share"),
    "metric": QT_TRANSLATE_NOOP("Messages", "Figure"),
    "this_show": QT_TRANSLATE_NOOP("Messages", "This show"),
    "median": QT_TRANSLATE_NOOP("Messages", "Host's median"),
    "change": QT_TRANSLATE_NOOP("Messages", "Change"),
    "said": QT_TRANSLATE_NOOP("Messages", "What was said"),
}

#: Why a highlight is one (what spiked; the UI line adds "peak N (typical M)").
REASON = {
    "comments": QT_TRANSLATE_NOOP("Messages", "comments"),
    "purchase intent": QT_TRANSLATE_NOOP("Messages", "purchase intent"),
    "orders": QT_TRANSLATE_NOOP("Messages", "orders"),
}

ALERT_KIND = {
    "compliance": QT_TRANSLATE_NOOP("Messages", "ad-law phrase"),
    "mention": QT_TRANSLATE_NOOP("Messages", "product mentioned"),
    "flash_sale": QT_TRANSLATE_NOOP("Messages", "flash sale"),
    "stock": QT_TRANSLATE_NOOP("Messages", "stock"),
    "giveaway": QT_TRANSLATE_NOOP("Messages", "giveaway"),
    "claims": QT_TRANSLATE_NOOP("Messages", "claims"),
    "system": QT_TRANSLATE_NOOP("Messages", "system"),
    "store": QT_TRANSLATE_NOOP("Messages", "database"),
    "disk": QT_TRANSLATE_NOOP("Messages", "disk"),
    "speech": QT_TRANSLATE_NOOP("Messages", "speech"),
    "vision": QT_TRANSLATE_NOOP("Messages", "camera"),
    "obs": QT_TRANSLATE_NOOP("Messages", "OBS"),
    "prompter": QT_TRANSLATE_NOOP("Messages", "prompter"),
}

SEVERITY = {
    "info": QT_TRANSLATE_NOOP("Messages", "info"),
    "warning": QT_TRANSLATE_NOOP("Messages", "warning"),
    "high": QT_TRANSLATE_NOOP("Messages", "high"),
    "critical": QT_TRANSLATE_NOOP("Messages", "critical"),
    "error": QT_TRANSLATE_NOOP("Messages", "error"),
}

STATUS = {
    "live": QT_TRANSLATE_NOOP("Messages", "live"),
    "ended": QT_TRANSLATE_NOOP("Messages", "ended"),
    "interrupted": QT_TRANSLATE_NOOP("Messages", "interrupted"),
    "rehearsal": QT_TRANSLATE_NOOP("Messages", "rehearsal"),
}

#: Platform names as their users know them (an unknown id is shown as it is).
PLATFORM = {
    "douyin": QT_TRANSLATE_NOOP("Messages", "Douyin"),
    "tiktok": QT_TRANSLATE_NOOP("Messages", "TikTok"),
    "taobao": QT_TRANSLATE_NOOP("Messages", "Taobao Live"),
    "kuaishou": QT_TRANSLATE_NOOP("Messages", "Kuaishou"),
    "wechat": QT_TRANSLATE_NOOP("Messages", "WeChat Channels"),
    "channels": QT_TRANSLATE_NOOP("Messages", "WeChat Channels"),
    "youtube": QT_TRANSLATE_NOOP("Messages", "YouTube"),
    "twitch": QT_TRANSLATE_NOOP("Messages", "Twitch"),
}

#: Scorecard and diagnosis figures (ScoreRow fields).
METRIC = {
    "gmv": QT_TRANSLATE_NOOP("Messages", "GMV"),
    "gpm": QT_TRANSLATE_NOOP("Messages", "GPM"),
    "orders": QT_TRANSLATE_NOOP("Messages", "Orders"),
    "follows": QT_TRANSLATE_NOOP("Messages", "New followers"),
    "follower_growth": QT_TRANSLATE_NOOP("Messages", "Follow rate"),
    "interaction_rate": QT_TRANSLATE_NOOP("Messages", "Interaction rate"),
    "repeat_buyers": QT_TRANSLATE_NOOP("Messages", "Repeat buyers"),
    "complaint_share": QT_TRANSLATE_NOOP("Messages", "Complaint share"),
}

SENTENCE = {
    "interrupted": QT_TRANSLATE_NOOP(
        "Messages",
        "This recording stopped unexpectedly: everything up to the last saved second is shown.",
    ),
    "times_in": QT_TRANSLATE_NOOP("Messages", "Times of day are local time ({zone})."),
    "subtitle": QT_TRANSLATE_NOOP(
        "Messages", "Session {id} · {host} · {platform} · {started} · {length} · {status}"
    ),
    "per_minute": QT_TRANSLATE_NOOP("Messages", "{what} per minute"),
    "per_seconds": QT_TRANSLATE_NOOP("Messages", "{what} per {seconds} s"),
    "sentiment_chart": QT_TRANSLATE_NOOP(
        "Messages", "Sentiment share (green positive, grey neutral, red negative)"
    ),
    "no_sentiment": QT_TRANSLATE_NOOP("Messages", "No comment sentiment recorded"),
    "no_products": QT_TRANSLATE_NOOP("Messages", "No product was put on air"),
    "product_gpm": QT_TRANSLATE_NOOP(
        "Messages",
        "Per-product GPM = the product's GMV × 1000 / views gained while it was on air "
        "(the Douyin definition).",
    ),
    "no_spikes": QT_TRANSLATE_NOOP("Messages", "No spikes found."),
    "n_alerts": QT_TRANSLATE_NOOP("Messages", "{n} alerts"),
    "n_segments": QT_TRANSLATE_NOOP("Messages", "{n} segments"),
    "footer": QT_TRANSLATE_NOOP(
        "Messages", "Exported by AnchorDesk. Watch time: not recorded (no platform feed)."
    ),
    "legend_product": QT_TRANSLATE_NOOP("Messages", "product switch"),
    "legend_alert": QT_TRANSLATE_NOOP("Messages", "alert"),
    "legend_flash": QT_TRANSLATE_NOOP("Messages", "flash sale"),
    "no_earlier": QT_TRANSLATE_NOOP(
        "Messages", "No earlier show of this host to compare with yet."
    ),
    "all_steady": QT_TRANSLATE_NOOP(
        "Messages", "No figure fell below the host's median of {n} earlier shows."
    ),
    "diagnosis_intro": QT_TRANSLATE_NOOP(
        "Messages",
        "The figures furthest below the host's own median of {n} earlier shows, with the "
        "minutes that explain them.",
    ),
    "moment": QT_TRANSLATE_NOOP(
        "Messages",
        "{time} · {product} · {viewers} online, {comments} comments, {orders} orders",
    ),
    "nothing_on_air": QT_TRANSLATE_NOOP("Messages", "no product on air"),
    "rank": QT_TRANSLATE_NOOP(
        "Messages", "{host}: rank {rank} of {hosts} hosts by median GMV per show ({gmv})"
    ),
    "alert_phrases": QT_TRANSLATE_NOOP("Messages", "{kind}: {phrases}"),
}


# -- the catalogue outside the GUI (the CLI's reports) -------------------------------------------
_QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")
_QM_MESSAGES = 0x69
_TAG_END, _TAG_TRANSLATION, _TAG_SOURCE, _TAG_CONTEXT, _TAG_COMMENT = 1, 3, 6, 7, 8
_TAG_OBSOLETE1 = 5


def read_qm(path: Path, context: str = CONTEXT) -> dict[str, str]:
    """English source -> translation of ``context`` in a compiled Qt catalogue (.qm).

    The same file the UI's QTranslator loads, read without Qt (the CLI has no
    QApplication): its messages block holds context, source text and translation.
    """
    import struct

    data = path.read_bytes()
    if not data.startswith(_QM_MAGIC):
        raise ValueError(f"{path} is not a Qt .qm catalogue")
    pos, block = len(_QM_MAGIC), b""
    while pos + 5 <= len(data):
        tag, size = data[pos], struct.unpack(">I", data[pos + 1 : pos + 5])[0]
        if tag == _QM_MESSAGES:
            block = data[pos + 5 : pos + 5 + size]
        pos += 5 + size
    table: dict[str, str] = {}
    fields: dict[int, bytes | None] = {}
    i = 0
    while i < len(block):
        tag = block[i]
        i += 1
        if tag == _TAG_END:
            source, translation = fields.get(_TAG_SOURCE), fields.get(_TAG_TRANSLATION)
            ctx = fields.get(_TAG_CONTEXT)
            if source is not None and translation and ctx is not None and ctx.decode() == context:
                table[source.decode("utf-8")] = translation.decode("utf-16-be")
            fields = {}
            continue
        if tag == _TAG_OBSOLETE1:
            i += 4
            continue
        (size,) = struct.unpack(">I", block[i : i + 4])
        i += 4
        if size == 0xFFFFFFFF:
            fields[tag] = None
            continue
        fields[tag] = block[i : i + size]
        i += size
    return table


def system_language() -> str:
    """``zh_CN`` when the process's locale is Chinese, else ``en`` (``Settings.language`` auto)."""
    import locale
    import os

    names = [os.environ.get(k, "") for k in ("LC_ALL", "LC_MESSAGES", "LANG")]
    names.append(locale.getlocale()[0] or "")
    return "zh_CN" if any(n.lower().startswith("zh") for n in names if n) else "en"


def report_text_for(language: str) -> ReportText:
    """Report words for ``language`` (``zh_CN``, ``en`` or ``auto``) from the shipped catalogue.

    A missing or unreadable catalogue leaves the report English (never no report).
    """
    from app.paths import RESOURCES

    if language == "auto":
        language = system_language()
    if language != "zh_CN":
        return ReportText()
    try:
        table = read_qm(RESOURCES / "i18n" / "anchordesk_zh_CN.qm")
    except (OSError, ValueError):
        return ReportText()
    return ReportText(lambda template: table.get(template, template), "zh-CN")
