"""Prompter alerts: short, rate-limited nudges that tell the host what to do next.

Like TikTok's LIVE Prompter, it watches the last minutes of the show and compares them with
the host's own earlier shows (the median over those shows' minutes) and with the start of
this show, then says what to do, not just what happened:

- **viewers** fell by ``viewers_drop`` (30 %) or more against ``viewers_lookback_min`` (10)
  minutes ago -> start a flash sale or put a bestseller on air;
- **interaction** (comments per 100 viewers a minute over the last ``window_min``) is below
  ``below_usual`` (70 %) of the host's median -> ask viewers to type 1, answer a question;
- **GPM** (GMV x 1000 / PV gained over the last ``window_min``) is below 70 % of the host's
  median -> start the flash sale on the on-air product, or switch product;
- **no order** for the on-air product in ``no_order_min`` (5) minutes -> start the flash
  sale, or switch product;
- **questions** pile up: ``questions_waiting`` (5) question comments since the last answer
  (a comment put on screen, a product switch, or :meth:`Prompter.questions_answered`) ->
  answer the most asked one, quoted.

"The host's median" is the median of the same figure, over a window of the same length,
ending at every minute of the host's earlier live shows (:func:`load_host_history` reads
them from the store on the prompter's own thread at start, like the recommender's past
performance). With fewer than ``min_windows`` such windows (a new host), the start of this
show is the reference instead: the windows before the current one.

Every rule fires at most once per ``cooldown_min`` (5) minutes, at most one alert comes per
``gap_s`` (60 s) whatever the rule, and nothing is said in the first ``window_min`` minutes.
Alerts are ``AlertEvent(kind="prompter", source=<rule>)`` with an
:class:`app.messages.Message`, so the UI shows them in the host's language. Time comes from
an injected clock and history can be injected, so tests never sleep.
"""

from __future__ import annotations

import logging
import statistics
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.commerce.catalog import ProductInfo
from app.messages import QT_TRANSLATE_NOOP, Message, counted, minutes
from app.session.bus import EventBus
from app.session.events import (
    AlertEvent,
    CommentEvent,
    Event,
    HighlightCommentEvent,
    OrderEvent,
    ProductSwitchEvent,
    ViewersEvent,
)
from app.session.pipeline import ProcessorDefaults
from app.session.ticker import Ticker

log = logging.getLogger("app.show.prompter")

KIND = "prompter"
MINUTE_MS = 60_000
#: Rules in priority order: when several fire at once, the first one speaks.
RULES = ("viewers", "questions", "no_orders", "gpm", "interaction")
TICK_S = 10.0

_VIEWERS = QT_TRANSLATE_NOOP(
    "Messages",
    "Viewers fell {percent}% in the last {window} ({before} → {now}): start a flash sale or "
    "put a bestseller on air to win them back.",
)
_INTERACTION_USUAL = QT_TRANSLATE_NOOP(
    "Messages",
    "Quiet room: {rate:.1f} comments per 100 viewers a minute, your usual is {usual:.1f}. "
    "Ask viewers to type 1 if they want it, or answer a question.",
)
_INTERACTION_EARLIER = QT_TRANSLATE_NOOP(
    "Messages",
    "Quiet room: {rate:.1f} comments per 100 viewers a minute, earlier in this show "
    "{usual:.1f}. Ask viewers to type 1 if they want it, or answer a question.",
)
_GPM_USUAL = QT_TRANSLATE_NOOP(
    "Messages",
    "GPM over the last {window} is ¥{gpm:,.0f}, your usual is ¥{usual:,.0f}: {action}",
)
_GPM_EARLIER = QT_TRANSLATE_NOOP(
    "Messages",
    "GPM over the last {window} is ¥{gpm:,.0f}, earlier in this show ¥{usual:,.0f}: {action}",
)
_DO_FLASH = QT_TRANSLATE_NOOP(
    "Messages", "start the flash sale on {product}, or switch to a stronger product."
)
_DO_SWITCH = QT_TRANSLATE_NOOP("Messages", "switch to a stronger product.")
_DO_ON_AIR = QT_TRANSLATE_NOOP("Messages", "put a product on air.")
_NO_ORDERS = QT_TRANSLATE_NOOP(
    "Messages", "No order for {product} in {window}: start the flash sale, or switch product."
)
_NO_ORDERS_FLASH = QT_TRANSLATE_NOOP(
    "Messages", "No order for {product} in {window}, even with the flash sale on: switch product."
)
_QUESTIONS_ONE = QT_TRANSLATE_NOOP(
    "Messages", "{n} question waiting, most asked: “{question}”. Answer it now."
)
_QUESTIONS_MANY = QT_TRANSLATE_NOOP(
    "Messages", "{n} questions waiting, most asked: “{question}”. Answer the top question now."
)


@dataclass(frozen=True, slots=True)
class PrompterRules:
    """Thresholds (docs/show-control.md explains each)."""

    window_min: int = 5
    viewers_lookback_min: int = 10
    viewers_drop: float = 0.30
    viewers_min: int = 20
    below_usual: float = 0.70
    no_order_min: int = 5
    questions_waiting: int = 5
    cooldown_min: float = 5.0
    gap_s: float = 60.0
    min_windows: int = 10


# -- per-minute figures -------------------------------------------------------------------
class MinuteFigures:
    """One show's figures per minute: comments (not spam), viewers (mean of the reports,
    carried over minutes without one), GMV, and cumulative PV (carried over likewise).

    The same class holds the live show (fed event by event) and each earlier show (from
    the store), so both are measured by exactly the same formulas. Not thread-safe.
    """

    def __init__(self) -> None:
        self.comments: list[int] = []
        self.gmv: list[float] = []
        self._viewer_sum: list[float] = []
        self._viewer_n: list[int] = []
        self._pv: list[int | None] = []

    def __len__(self) -> int:
        return len(self.comments)

    def _grow(self, minute: int) -> None:
        while len(self.comments) <= minute:
            self.comments.append(0)
            self.gmv.append(0.0)
            self._viewer_sum.append(0.0)
            self._viewer_n.append(0)
            self._pv.append(None)

    # -- feeding ------------------------------------------------------------------------
    def add_comments(self, minute: int, n: int = 1) -> None:
        self._grow(minute)
        self.comments[minute] += n

    def add_viewers(self, minute: int, online: float, pv: int | None = None, n: int = 1) -> None:
        """``online`` is one report (or the mean of ``n`` reports); ``pv`` is cumulative."""
        self._grow(minute)
        self._viewer_sum[minute] += online * n
        self._viewer_n[minute] += n
        if pv is not None:
            self._pv[minute] = max(pv, self._pv[minute] or 0)

    def add_gmv(self, minute: int, amount: float) -> None:
        self._grow(minute)
        self.gmv[minute] += amount

    def extend_to(self, minute: int) -> None:
        """Make minutes up to ``minute`` exist (quiet minutes count as zero)."""
        if minute >= 0:
            self._grow(minute)

    # -- reading ------------------------------------------------------------------------
    def viewers(self) -> list[float | None]:
        """Mean viewers per minute, carried forward; None before the first report."""
        out: list[float | None] = []
        last: float | None = None
        for total, n in zip(self._viewer_sum, self._viewer_n, strict=True):
            if n:
                last = total / n
            out.append(last)
        return out

    def pv(self) -> list[int | None]:
        out: list[int | None] = []
        last: int | None = None
        for value in self._pv:
            if value is not None:
                last = value if last is None else max(last, value)
            out.append(last)
        return out

    def interaction(self, end: int, width: int, viewers: Sequence[float | None]) -> float | None:
        """Comments per 100 viewers a minute over minutes [end - width, end)."""
        start = end - width
        if start < 0 or end > len(self.comments):
            return None
        seen = viewers[start:end]
        if any(v is None for v in seen):
            return None
        mean = sum(v for v in seen if v is not None) / width
        if mean < 1:
            return None
        return sum(self.comments[start:end]) / width / mean * 100.0

    def gpm(self, end: int, width: int, pv: Sequence[int | None]) -> float | None:
        """GMV x 1000 / PV gained over minutes [end - width, end) (None: PV unknown)."""
        start = end - width
        if start < 0 or end > len(self.comments):
            return None
        before = pv[start - 1] if start > 0 else 0
        after = pv[end - 1]
        if before is None or after is None or after - before <= 0:
            return None
        return sum(self.gmv[start:end]) * 1000.0 / (after - before)

    def windows(self, width: int, last_end: int | None = None) -> tuple[list[float], list[float]]:
        """(interaction, GPM) of every window of ``width`` minutes ending by ``last_end``."""
        viewers, pv = self.viewers(), self.pv()
        stop = len(self.comments) if last_end is None else min(last_end, len(self.comments))
        rates, gpms = [], []
        for end in range(width, stop + 1):
            rate = self.interaction(end, width, viewers)
            if rate is not None:
                rates.append(rate)
            gpm = self.gpm(end, width, pv)
            if gpm is not None:
                gpms.append(gpm)
        return rates, gpms


@dataclass(frozen=True, slots=True)
class Usual:
    """A reference level: the median of ``windows`` values (None: too few to trust)."""

    interaction: float | None = None
    gpm: float | None = None
    interaction_windows: int = 0
    gpm_windows: int = 0


def usual_of(shows: Iterable[MinuteFigures], width: int, min_windows: int, **kw: Any) -> Usual:
    """Medians of the window figures pooled over ``shows`` (``kw``: ``last_end``)."""
    rates: list[float] = []
    gpms: list[float] = []
    for show in shows:
        r, g = show.windows(width, **kw)
        rates += r
        gpms += g
    return Usual(
        statistics.median(rates) if len(rates) >= min_windows else None,
        statistics.median(gpms) if len(gpms) >= min_windows else None,
        len(rates),
        len(gpms),
    )


@dataclass(frozen=True, slots=True)
class HostHistory:
    """The host's earlier shows as per-minute figures, newest first."""

    shows: tuple[MinuteFigures, ...] = ()
    host: str = ""


def load_host_history(
    store: Any,
    host: str,
    exclude_session: int | None = None,
    *,
    limit: int = 20,
    modes: Sequence[str] = ("live",),
) -> HostHistory:
    """The last ``limit`` finished shows of ``host`` (same spelling), minute by minute.

    Three grouped queries (comments, orders, audience per session and minute), so a host
    with a year of four-hour shows loads in well under a second. Rehearsals and demos
    (another ``mode``) and sessions still live are left out. Call it on a worker thread.
    """
    from sqlalchemy import func, select

    from app.store.models import Comment, LiveSession, MetricSample, Order

    with store.sessions() as s:
        query = (
            select(LiveSession.id)
            .where(
                LiveSession.host == host,
                LiveSession.mode.in_(tuple(modes)),
                LiveSession.status != "live",
            )
            .order_by(LiveSession.started_at.desc(), LiveSession.id.desc())
            .limit(limit)
        )
        if exclude_session is not None:
            query = query.where(LiveSession.id != exclude_session)
        ids = list(s.scalars(query))
        if not ids:
            return HostHistory((), host)
        figures = {sid: MinuteFigures() for sid in ids}
        minute = Comment.t_ms // MINUTE_MS
        for sid, m, n in s.execute(
            select(Comment.session_id, minute, func.count())
            .where(Comment.session_id.in_(ids), Comment.spam.is_(False))
            .group_by(Comment.session_id, minute)
        ):
            figures[sid].add_comments(int(m), int(n))
        minute = Order.t_ms // MINUTE_MS
        for sid, m, amount in s.execute(
            select(Order.session_id, minute, func.sum(Order.amount))
            .where(Order.session_id.in_(ids))
            .group_by(Order.session_id, minute)
        ):
            figures[sid].add_gmv(int(m), float(amount or 0.0))
        minute = MetricSample.t_ms // MINUTE_MS
        for sid, m, online, pv, n in s.execute(
            select(
                MetricSample.session_id,
                minute,
                func.avg(MetricSample.viewers_online),
                func.max(MetricSample.pv),
                func.count(),
            )
            .where(MetricSample.session_id.in_(ids))
            .group_by(MetricSample.session_id, minute)
        ):
            figures[sid].add_viewers(
                int(m), float(online or 0.0), None if pv is None else int(pv), int(n)
            )
    return HostHistory(tuple(figures[sid] for sid in ids), host)


# -- the processor ------------------------------------------------------------------------
@dataclass
class _Questions:
    """Question comments since the last answer, and the most asked one."""

    n: int = 0
    texts: Counter[str] = field(default_factory=Counter)
    first: dict[str, str] = field(default_factory=dict)

    def add(self, key: str, text: str) -> None:
        self.n += 1
        self.texts[key] += 1
        self.first.setdefault(key, text.strip())

    def top(self) -> str:
        if not self.texts:
            return ""
        key, _ = self.texts.most_common(1)[0]
        return self.first[key]


class Prompter(ProcessorDefaults):
    """Processor: feeds its figures on the bus thread, judges the rules on its own thread
    every ``tick_s`` (tests call :meth:`poll` with ``ticker=False`` instead)."""

    EVENTS = (CommentEvent, ViewersEvent, OrderEvent, ProductSwitchEvent, HighlightCommentEvent)

    def __init__(
        self,
        products: Iterable[ProductInfo] = (),
        now_ms: Callable[[], int] = lambda: 0,
        *,
        load_history: Callable[[int | None], HostHistory] | None = None,
        history: HostHistory | None = None,
        rules: PrompterRules | None = None,
        flash_running: Callable[[], str | None] | None = None,
        tick_s: float = TICK_S,
        ticker: bool = True,
    ) -> None:
        """``flash_running`` returns the SKU of the running flash sale (None: none), e.g.
        ``lambda: (f := show.snapshot().flash) and f.sku`` with the run-of-show."""
        self.rules = rules or PrompterRules()
        self._names = {p.sku: p.display_name() or p.sku for p in products}
        self._now_ms = now_ms
        self._load_history = load_history
        self._history = history or HostHistory()
        self._usual = self._usual_of(self._history)
        self._flash_running = flash_running or (lambda: None)
        self.tick_s = tick_s
        self._use_ticker = ticker
        self.session_id: int | None = None
        self._lock = threading.Lock()
        self._figures = MinuteFigures()
        self._on_air: str | None = None
        self._on_air_since = 0
        self._last_order: dict[str, int] = {}
        self._questions = _Questions()
        self._fired: dict[str, int] = {}
        self._last_alert_ms: int | None = None
        self._bus: EventBus | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._ticker = Ticker("show-prompter", tick_s, self.poll, first=self.load_history)

    # -- processor protocol -------------------------------------------------------------
    def bind_session(self, session_id: int) -> None:
        """The session being recorded: left out of the host's history."""
        self.session_id = session_id

    def set_products(self, products: Sequence[ProductInfo]) -> None:
        with self._lock:
            self._names = {**self._names, **{p.sku: p.display_name() or p.sku for p in products}}

    def attach(self, bus: EventBus) -> None:
        self._bus = bus
        self._unsubscribe = bus.subscribe(self._on_event, self.EVENTS)
        if not self._use_ticker:
            self.load_history()  # tests: the caller's thread, before any poll
            return
        self._ticker.start()

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._ticker.stop()

    def load_history(self) -> None:
        """Read the host's earlier shows (``load_history``); a failure leaves none."""
        if self._load_history is None:
            return
        try:
            history = self._load_history(self.session_id)
        except Exception as exc:  # a broken store must not stop the show's prompter
            log.warning("the host's earlier shows are unavailable: %s", exc)
            return
        usual = self._usual_of(history)
        with self._lock:
            self._history, self._usual = history, usual
        log.info(
            "prompter: %d earlier show(s) of %r; usual interaction %s, GPM %s",
            len(history.shows),
            history.host,
            _fmt(usual.interaction),
            _fmt(usual.gpm),
        )

    def _usual_of(self, history: HostHistory) -> Usual:
        return usual_of(history.shows, self.rules.window_min, self.rules.min_windows)

    @property
    def usual(self) -> Usual:
        """The host's usual levels from earlier shows (None fields: not enough history)."""
        return self._usual

    # -- bus handler (publisher's thread: cheap) ---------------------------------------------
    def _on_event(self, event: Event) -> None:
        minute = max(0, event.t_ms) // MINUTE_MS
        question = None
        if isinstance(event, CommentEvent):
            if event.spam:
                return
            question = _question_key(event)
        with self._lock:
            if isinstance(event, CommentEvent):
                self._figures.add_comments(minute)
                if question is not None:
                    self._questions.add(question, event.text)
            elif isinstance(event, ViewersEvent):
                self._figures.add_viewers(minute, event.online, event.pv)
            elif isinstance(event, OrderEvent):
                self._figures.add_gmv(minute, event.amount)
                self._last_order[event.sku] = event.t_ms
            elif isinstance(event, ProductSwitchEvent):
                self._on_air, self._on_air_since = event.sku, event.t_ms
                self._questions = _Questions()
            elif isinstance(event, HighlightCommentEvent):
                self._questions = _Questions()  # a comment on screen: the host answers

    def questions_answered(self) -> None:
        """The host answered the waiting questions (the UI's "answered" action)."""
        with self._lock:
            self._questions = _Questions()

    # -- the rules ----------------------------------------------------------------------
    def poll(self, now_ms: int | None = None) -> list[AlertEvent]:
        """Judge every rule now; publish (and return) at most one alert."""
        now = self._now_ms() if now_ms is None else now_ms
        gap_ms = int(self.rules.gap_s * 1000)
        if self._last_alert_ms is not None and now - self._last_alert_ms < gap_ms:
            return []
        flash = self._flash_running()  # outside our lock: it takes the run-of-show's
        with self._lock:
            found = self._judge(now, flash)
        cooldown = int(self.rules.cooldown_min * MINUTE_MS)
        for rule, message in found:
            last = self._fired.get(rule)
            if last is not None and now - last < cooldown:
                continue
            self._fired[rule] = self._last_alert_ms = now
            alert = AlertEvent.of(now, KIND, "info", message, source=rule)
            if self._bus is not None:
                self._bus.publish(alert)
            return [alert]
        return []

    def _judge(self, now: int, flash: str | None) -> list[tuple[str, Message]]:
        """Every rule that holds now, in priority order (under the lock)."""
        rules = self.rules
        end = now // MINUTE_MS  # the minute in progress is not judged yet
        if end < rules.window_min:
            return []
        self._figures.extend_to(end - 1)
        found: list[tuple[str, Message | None]] = [
            ("viewers", self._viewers_fell(end)),
            ("questions", self._questions_waiting()),
            ("no_orders", self._no_orders(now, flash)),
        ]
        gpm, interaction = self._below_usual(end, flash)
        found += [("gpm", gpm), ("interaction", interaction)]
        return [(rule, message) for rule, message in found if message is not None]

    def _viewers_fell(self, end: int) -> Message | None:
        rules = self.rules
        then = end - 1 - rules.viewers_lookback_min
        if then < 0:
            return None
        viewers = self._figures.viewers()
        before, current = viewers[then], viewers[end - 1]
        if before is None or current is None or before < rules.viewers_min:
            return None
        drop = (before - current) / before
        if drop < rules.viewers_drop:
            return None
        values = {
            "percent": round(drop * 100),
            "window": minutes(rules.viewers_lookback_min),
            "before": round(before),
            "now": round(current),
        }
        return Message(_VIEWERS, values)

    def _questions_waiting(self) -> Message | None:
        waiting = self._questions
        if waiting.n < self.rules.questions_waiting:
            return None
        return counted(waiting.n, _QUESTIONS_ONE, _QUESTIONS_MANY, question=waiting.top())

    def _no_orders(self, now: int, flash: str | None) -> Message | None:
        sku = self._on_air
        if sku is None:
            return None
        quiet_since = max(self._on_air_since, self._last_order.get(sku, -1))
        quiet_min = (now - quiet_since) // MINUTE_MS
        if quiet_min < self.rules.no_order_min:
            return None
        template = _NO_ORDERS_FLASH if flash == sku else _NO_ORDERS
        return Message(template, {"product": self._product(sku), "window": minutes(quiet_min)})

    def _below_usual(self, end: int, flash: str | None) -> tuple[Message | None, Message | None]:
        """(GPM, interaction) alerts against the host's usual, else this show's start."""
        rules, width, figures = self.rules, self.rules.window_min, self._figures
        host = self._usual
        earlier = Usual()
        if host.interaction is None or host.gpm is None:
            earlier = usual_of([figures], width, rules.min_windows, last_end=end - width)
        gpm_alert = interaction_alert = None
        gpm = figures.gpm(end, width, figures.pv())
        usual_gpm = host.gpm if host.gpm is not None else earlier.gpm
        if gpm is not None and usual_gpm and gpm < rules.below_usual * usual_gpm:
            values = {
                "window": minutes(width),
                "gpm": gpm,
                "usual": usual_gpm,
                "action": self._gpm_action(flash),
            }
            gpm_alert = Message(_GPM_USUAL if host.gpm is not None else _GPM_EARLIER, values)
        rate = figures.interaction(end, width, figures.viewers())
        usual_rate = host.interaction if host.interaction is not None else earlier.interaction
        if rate is not None and usual_rate and rate < rules.below_usual * usual_rate:
            template = _INTERACTION_USUAL if host.interaction is not None else _INTERACTION_EARLIER
            interaction_alert = Message(template, {"rate": rate, "usual": usual_rate})
        return gpm_alert, interaction_alert

    def _gpm_action(self, flash: str | None) -> Message:
        sku = self._on_air
        if sku is None:
            return Message(_DO_ON_AIR)
        if flash == sku:
            return Message(_DO_SWITCH)
        return Message(_DO_FLASH, {"product": self._product(sku)})

    def _product(self, sku: str) -> str:
        return self._names.get(sku, sku)


def _question_key(event: CommentEvent) -> str | None:
    """How the comment groups with similar questions; None when it is not a question."""
    from app.chat.intent import rule_intent
    from app.chat.questions import normalise_question

    intent = event.intent or rule_intent(event.text)
    if intent != "question":
        return None
    return normalise_question(event.text) or event.text.strip()


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"
