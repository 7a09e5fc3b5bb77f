"""Giveaways (福袋/抽奖): keyword entry from comments, eligibility rules, a reproducible draw.

Viewers enter by writing the keyword in a comment, on any platform, while the entry window
is open (case and full/half width do not matter; a comment *containing* the keyword
counts). Each viewer enters once: an entrant is (platform, pseudonym), the same pair the
recorder stores in ``comment.platform``/``comment.viewer``, so a draw made live can be
re-run from the database alone (``python -m app giveaway draw``). Optional rules ask that
the viewer also followed, or ordered, during the show (from FollowEvent / OrderEvent,
matched by display name in memory: those rows are stored under other pseudonyms, so these
two rules are checked live only). The spam flag is not looked at: triage's flood detector
flags the third account typing the same keyword, and one entry per viewer already stops
repeats.

The draw is deterministic: the eligible entrants are sorted (platform, pseudonym), then
``random.Random(seed).sample`` picks the winners; the seed is recorded with the draw
(table ``giveaway``) and shown to the operator, so anyone can repeat it. Winners are
pseudonyms; the operator may reveal their names on screen from a map kept in memory for
this session only (:meth:`GiveawayDesk.reveal`), never stored or sent to the overlay.

:class:`GiveawayDesk` is the session processor (start / draw / cancel are safe from the
GUI thread); it publishes :class:`GiveawayEvent` (live state, for the overlay page
``resources/overlays/giveaway/`` and the panel) and :class:`GiveawayDrawEvent` (the draw,
which the recorder stores as a ``giveaway`` row through :func:`giveaway_values`).
"""

from __future__ import annotations

import random
import secrets
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from app.errors import UserError
from app.messages import QT_TRANSLATE_NOOP, Message, counted
from app.session.bus import EventBus
from app.session.events import AlertEvent, CommentEvent, Event, FollowEvent, OrderEvent
from app.session.pipeline import ProcessorDefaults
from app.session.ticker import Ticker

KEYWORD_MAX = 32
MIN_SECONDS, MAX_SECONDS = 10, 3600
DEFAULT_SECONDS = 180
MAX_WINNERS = 1000
#: Seeds are stored in a BIGINT column.
SEED_LIMIT = 2**63
#: New seeds stay short enough to read out on stream and type into the CLI.
NEW_SEED_BELOW = 10**9
#: While entries are open the overlay hears at most this often (count and time left).
UPDATE_MS = 1000
TICK_S = 0.25

IDLE, OPEN, CLOSED, DRAWN, CANCELLED = "idle", "open", "closed", "drawn", "cancelled"

_OPENED = QT_TRANSLATE_NOOP("Messages", "Giveaway open: comment “{keyword}” to enter ({seconds} s)")
_DRAWN_ONE = QT_TRANSLATE_NOOP(
    "Messages", "Giveaway “{keyword}”: 1 winner drawn from {entrants} entrants (seed {seed})"
)
_DRAWN_MANY = QT_TRANSLATE_NOOP(
    "Messages", "Giveaway “{keyword}”: {n} winners drawn from {entrants} entrants (seed {seed})"
)


class GiveawayError(UserError, ValueError):
    """An operator request that cannot be done; the message says why and what to do."""


# -- pure functions (shared with the CLI) -----------------------------------------------------
def normalise(text: str) -> str:
    """Text as keywords are compared: NFKC (full width -> half), case folded, no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def matches(keyword: str, text: str | None) -> bool:
    """True when ``text`` contains ``keyword`` (both normalised with :func:`normalise`)."""
    wanted = normalise(keyword)
    return bool(wanted) and text is not None and wanted in normalise(text)


def check_keyword(keyword: str) -> str:
    """``keyword`` trimmed, or :class:`GiveawayError` when it is empty or too long."""
    word = " ".join(keyword.split())
    if not normalise(word):
        raise GiveawayError("the giveaway keyword is empty: choose a word viewers type, e.g. 福袋")
    if len(word) > KEYWORD_MAX:
        raise GiveawayError(f"the giveaway keyword is longer than {KEYWORD_MAX} characters")
    return word


def check_seed(seed: int) -> int:
    """``seed`` if it is a whole number in [0, 2**63), else :class:`GiveawayError`."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < SEED_LIMIT:
        raise GiveawayError(f"the seed must be a whole number from 0 to {SEED_LIMIT - 1}")
    return seed


def new_seed() -> int:
    """A fresh seed (short: it is read out on stream and typed into the CLI)."""
    return secrets.randbelow(NEW_SEED_BELOW)


def draw_winners(
    entrants: Iterable[tuple[str, str]], winners: int, seed: int
) -> list[tuple[str, str]]:
    """Up to ``winners`` distinct entrants: ``Random(seed).sample`` of them sorted.

    Duplicates count once; the same entrants and seed always give the same winners, in
    the same order. Fewer entrants than ``winners``: every entrant wins.
    """
    if winners < 1:
        raise GiveawayError("a draw needs at least 1 winner")
    pool = sorted(set(entrants))
    return random.Random(check_seed(seed)).sample(pool, min(winners, len(pool)))


@dataclass(frozen=True, slots=True)
class Rules:
    """Who may win besides "one entry per viewer" (always on)."""

    followed: bool = False  # followed during the show
    ordered: bool = False  # ordered during the show

    def as_json(self, from_ms: int, until_ms: int) -> dict[str, Any]:
        """The rules and entry window as stored in ``giveaway.rules``."""
        return {
            "one_per_viewer": True,
            "followed": self.followed,
            "ordered": self.ordered,
            "from_ms": from_ms,
            "until_ms": until_ms,
        }


# -- events -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class GiveawayEvent(Event):
    """The live state of a giveaway (live-only: the overlay page and the panel).

    ``state`` is "open" (sent when it opens, then about every second while the count or
    time left moves), "closed" (the countdown reached zero), "drawn" or "cancelled";
    ``ends_ms`` is the session time entries close, so every view counts down from the same
    instant. ``winners`` are pseudonyms.
    """

    state: str
    keyword: str
    entrants: int = 0
    ends_ms: int = 0
    duration_ms: int = 0
    winners: tuple[str, ...] = ()
    seed: int | None = None


@dataclass(frozen=True, slots=True)
class GiveawayDrawEvent(Event):
    """A draw to store with the session (one ``giveaway`` row, :func:`giveaway_values`)."""

    keyword: str
    seed: int
    entrants: int
    winners: tuple[str, ...]
    rules: Rules = field(default_factory=Rules)
    from_ms: int = 0
    until_ms: int = 0


def giveaway_values(event: GiveawayDrawEvent) -> dict[str, Any]:
    """The ``giveaway`` row of ``event`` without ``session_id``/``t_ms``/``ts``.

    For the recorder: ``(Giveaway, {**self._base(e.t_ms), **giveaway_values(e)})``.
    """
    return {
        "keyword": event.keyword,
        "rules": event.rules.as_json(event.from_ms, event.until_ms),
        "seed": event.seed,
        "entrants": event.entrants,
        "winners": list(event.winners),
    }


def overlay_item(event: Event) -> dict[str, Any] | None:
    """What the giveaway overlay page receives (see app/server/overlay.py).

    ``sent_at`` (wall clock, ms) lets a page opened or reloaded later (OBS reloads a
    browser source when its scene is shown) count down from the right time and not show
    the winners of a draw long past; the page ignores it if its clock disagrees.
    """
    if not isinstance(event, GiveawayEvent):
        return None
    return {
        "kind": "giveaway",
        "state": event.state,
        "keyword": event.keyword,
        "entrants": event.entrants,
        "duration_ms": event.duration_ms,
        "remaining_ms": max(0, event.ends_ms - event.t_ms) if event.state == OPEN else 0,
        "winners": [short_id(w) for w in event.winners],
        "seed": event.seed,
        "t_ms": event.t_ms,
        "sent_at": int(time.time() * 1000),
    }


def short_id(pseudonym: str) -> str:
    """A pseudonym as shown on stream: its last 6 characters ("v1a2b3c4d5e6f7a8" -> "e6f7a8")."""
    return pseudonym[-6:] if len(pseudonym) > 6 else pseudonym


# -- the live desk ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Entrant:
    platform: str
    pseudonym: str
    t_ms: int


@dataclass(frozen=True, slots=True)
class DrawResult:
    """A draw as the operator sees it; ``short`` when fewer entrants than winners asked."""

    keyword: str
    seed: int
    entrants: int
    winners: tuple[Entrant, ...]
    asked: int

    @property
    def short(self) -> bool:
        return len(self.winners) < self.asked


@dataclass(frozen=True, slots=True)
class GiveawayState:
    """An immutable copy of the desk for the GUI (polled on its clock timer)."""

    state: str = IDLE
    keyword: str = ""
    rules: Rules = field(default_factory=Rules)
    opened_ms: int = 0
    ends_ms: int = 0
    entries: int = 0  # viewers who wrote the keyword (one entry each)
    eligible: int = 0  # of them, those who meet the rules
    refused: int = 0  # repeat entries refused (same viewer again)
    last_draw: DrawResult | None = None
    version: int = 0

    def remaining_ms(self, now_ms: int) -> int:
        return max(0, self.ends_ms - now_ms) if self.state == OPEN else 0

    @property
    def running(self) -> bool:
        """Open or closed but not drawn yet: a new giveaway must wait."""
        return self.state in (OPEN, CLOSED)


class GiveawayDesk(ProcessorDefaults):
    """Processor running one giveaway at a time; every method is safe from any thread.

    ``pseudonymize`` must be the recorder's (same salt, same setting): entrants are then
    the pseudonyms stored in ``comment.viewer`` and a stored draw can be re-run.
    """

    def __init__(
        self,
        pseudonymize: Callable[[str, str], str],
        now_ms: Callable[[], int] = lambda: 0,
        *,
        ticker: bool = True,
    ) -> None:
        self._pseudo = pseudonymize
        self._now_ms = now_ms
        self._lock = threading.Lock()
        self._state = IDLE
        self._keyword = ""
        self._needle = ""  # the keyword normalised; "" when entries are not accepted
        self._rules = Rules()
        self._opened_ms = self._ends_ms = 0
        self._entries: dict[tuple[str, str], Entrant] = {}
        self._refused = 0
        self._names: dict[str, str] = {}  # pseudonym -> display name: this session, memory only
        self._followers: set[str] = set()
        self._buyers: set[tuple[str, str]] = set()  # (platform or "", name)
        self._last_draw: DrawResult | None = None
        self._published = (-1, 0)  # (entries, t_ms) of the last "open" update
        self._version = 0
        self._cached: GiveawayState | None = None
        self._bus: EventBus | None = None
        self._unsubs: list[Callable[[], None]] = []
        self._use_ticker = ticker
        self._ticker = Ticker("giveaway", TICK_S, self.poll)

    # -- processor ------------------------------------------------------------------------
    def attach(self, bus: EventBus) -> None:
        from app.server.overlay import register_encoder

        self._bus = bus
        register_encoder(GiveawayEvent, overlay_item)
        self._unsubs = [
            bus.subscribe(self._on_comment, (CommentEvent,)),
            bus.subscribe(self._on_follow, (FollowEvent,)),
            bus.subscribe(self._on_order, (OrderEvent,)),
        ]
        if self._use_ticker:
            self._ticker.start()

    def detach(self) -> None:
        """Stop listening; the names map is forgotten with the session."""
        self._ticker.stop()
        for unsubscribe in self._unsubs:
            unsubscribe()
        self._unsubs = []
        self._bus = None
        with self._lock:
            self._names.clear()
            self._followers.clear()
            self._buyers.clear()

    # -- operator actions -----------------------------------------------------------------
    def start(
        self, keyword: str, rules: Rules | None = None, seconds: float = DEFAULT_SECONDS
    ) -> GiveawayEvent:
        """Open entries for ``seconds`` (10–3600): comments containing ``keyword`` enter."""
        word = check_keyword(keyword)
        if not MIN_SECONDS <= seconds <= MAX_SECONDS:
            raise GiveawayError(
                f"entries stay open {MIN_SECONDS}–{MAX_SECONDS} seconds (got {seconds:g})"
            )
        now = self._now_ms()
        with self._lock:
            if self._state in (OPEN, CLOSED):
                raise GiveawayError("a giveaway is already running: draw or cancel it first")
            self._state, self._keyword, self._rules = OPEN, word, rules or Rules()
            self._opened_ms, self._ends_ms = now, now + int(seconds * 1000)
            self._entries = {}
            self._refused = 0
            self._last_draw = None
            self._needle = normalise(word)
            self._published = (0, now)
            self._changed_locked()
            event = self._event_locked(OPEN, now)
        self._publish(event)
        message = Message(_OPENED, {"keyword": word, "seconds": int(seconds)})
        self._publish(AlertEvent.of(now, "giveaway", "info", message, source="giveaway"))
        return event

    def draw(self, winners: int, seed: int | None = None) -> DrawResult:
        """Close entries and draw ``winners`` among the eligible entrants.

        ``seed`` None picks a fresh one. May be called again after a draw (a redraw from
        the same entries, recorded too). Raises :class:`GiveawayError` with no giveaway,
        fewer than 1 winner asked, or nobody eligible.
        """
        if not 1 <= winners <= MAX_WINNERS:
            raise GiveawayError(f"a draw has 1–{MAX_WINNERS} winners (got {winners})")
        chosen = new_seed() if seed is None else check_seed(seed)
        now = self._now_ms()
        with self._lock:
            if self._state not in (OPEN, CLOSED, DRAWN):
                raise GiveawayError("no giveaway to draw: start one first")
            until = self._ends_ms
            if self._state == OPEN:  # drawn early: entries close now (with every one in)
                latest = max((e.t_ms for e in self._entries.values()), default=self._opened_ms)
                until = self._ends_ms = max(min(until, now), latest)
            pool = self._eligible_locked(until)
            if not pool:
                raise GiveawayError(
                    f"nobody can win yet: {len(self._entries)} entered, none eligible"
                    if self._entries
                    else f"nobody has entered: viewers comment “{self._keyword}” to enter"
                )
            picked = draw_winners(pool, winners, chosen)
            by_key = {(e.platform, e.pseudonym): e for e in self._entries.values()}
            result = DrawResult(
                self._keyword, chosen, len(pool), tuple(by_key[k] for k in picked), winners
            )
            self._state, self._needle, self._last_draw = DRAWN, "", result
            self._changed_locked()
            state_event = self._event_locked(DRAWN, now)
            draw_event = GiveawayDrawEvent(
                now,
                self._keyword,
                chosen,
                len(pool),
                tuple(w.pseudonym for w in result.winners),
                self._rules,
                self._opened_ms,
                until,
            )
        self._publish(draw_event)
        self._publish(state_event)
        self._publish(self._draw_alert(result, now))
        return result

    def cancel(self) -> GiveawayEvent | None:
        """Stop a running giveaway without a draw (nothing is stored); None if none runs."""
        now = self._now_ms()
        with self._lock:
            if self._state not in (OPEN, CLOSED):
                return None
            self._state, self._needle = CANCELLED, ""
            self._changed_locked()
            event = self._event_locked(CANCELLED, now)
        self._publish(event)
        return event

    def poll(self, now_ms: int | None = None) -> GiveawayEvent | None:
        """Close entries when the countdown reaches zero; refresh the overlay's count.

        Called by the ticker thread (tests call it with a time instead).
        """
        now = self._now_ms() if now_ms is None else now_ms
        with self._lock:
            if self._state != OPEN:
                return None
            if now >= self._ends_ms:
                self._state = CLOSED  # late comments stamped before the end still count
                self._changed_locked()
                event = self._event_locked(CLOSED, self._ends_ms)
            else:
                count, (last_count, last_ms) = len(self._entries), self._published
                due = count != last_count or now - last_ms >= UPDATE_MS
                if not due or now - last_ms < UPDATE_MS // 4:
                    return None  # a few updates a second at most, whatever the chat does
                self._published = (count, now)
                event = self._event_locked(OPEN, now)
        self._publish(event)
        return event

    # -- reads ----------------------------------------------------------------------------
    def snapshot(self) -> GiveawayState:
        """The desk now (cached until something changes: cheap on the GUI's timer)."""
        with self._lock:
            if self._cached is None or self._cached.version != self._version:
                self._cached = GiveawayState(
                    state=self._state,
                    keyword=self._keyword,
                    rules=self._rules,
                    opened_ms=self._opened_ms,
                    ends_ms=self._ends_ms,
                    entries=len(self._entries),
                    eligible=len(self._eligible_locked(self._ends_ms)),
                    refused=self._refused,
                    last_draw=self._last_draw,
                    version=self._version,
                )
            return self._cached

    @property
    def version(self) -> int:
        return self._version

    def reveal(self, pseudonym: str) -> str | None:
        """The display name behind ``pseudonym`` if it entered this session (memory only)."""
        with self._lock:
            return self._names.get(pseudonym)

    def entrants(self) -> list[Entrant]:
        """Every entry of the current giveaway, in the draw's canonical order."""
        with self._lock:
            return sorted(self._entries.values(), key=lambda e: (e.platform, e.pseudonym))

    # -- bus handlers (publisher's thread: cheap) -----------------------------------------
    def _on_comment(self, event: Event) -> None:
        assert isinstance(event, CommentEvent)
        needle = self._needle  # one read: "" when entries are not accepted
        if not needle or needle not in normalise(event.text) or not event.user:
            return
        pseudonym = self._pseudo(event.platform, event.user)
        if not pseudonym:
            return
        key = (event.platform, pseudonym)
        with self._lock:
            if not self._needle or not self._opened_ms <= event.t_ms <= self._ends_ms:
                return
            if key in self._entries:
                self._refused += 1  # one entry per viewer
            else:
                self._entries[key] = Entrant(event.platform, pseudonym, event.t_ms)
                self._names[pseudonym] = event.user
            self._changed_locked()

    def _on_follow(self, event: Event) -> None:
        assert isinstance(event, FollowEvent)
        if event.user:
            with self._lock:
                self._followers.add(event.user)
                self._changed_locked()

    def _on_order(self, event: Event) -> None:
        assert isinstance(event, OrderEvent)
        if event.buyer:
            with self._lock:
                self._buyers.add((event.platform, event.buyer))
                self._changed_locked()

    # -- internals ------------------------------------------------------------------------
    def _eligible_locked(self, until_ms: int) -> list[tuple[str, str]]:
        rules, out = self._rules, []
        for key, entrant in self._entries.items():
            if entrant.t_ms > until_ms:
                continue
            name = self._names.get(entrant.pseudonym, "")
            if rules.followed and name not in self._followers:
                continue
            if rules.ordered and not (
                (entrant.platform, name) in self._buyers or ("", name) in self._buyers
            ):
                continue
            out.append(key)
        return out

    def _changed_locked(self) -> None:
        self._version += 1

    def _event_locked(self, state: str, t_ms: int) -> GiveawayEvent:
        draw = self._last_draw if state == DRAWN else None
        return GiveawayEvent(
            t_ms,
            state,
            self._keyword,
            entrants=draw.entrants if draw is not None else len(self._entries),
            ends_ms=self._ends_ms,
            duration_ms=self._ends_ms - self._opened_ms,
            winners=tuple(w.pseudonym for w in draw.winners) if draw is not None else (),
            seed=draw.seed if draw is not None else None,
        )

    @staticmethod
    def _draw_alert(result: DrawResult, t_ms: int) -> AlertEvent:
        message = counted(
            len(result.winners),
            _DRAWN_ONE,
            _DRAWN_MANY,
            keyword=result.keyword,
            entrants=result.entrants,
            seed=result.seed,
        )
        return AlertEvent.of(t_ms, "giveaway", "info", message, source="giveaway")

    def _publish(self, event: Event) -> None:
        bus = self._bus
        if bus is not None:
            bus.publish(event)


def pseudonymizer_for(config: Any) -> Callable[[str, str], str]:
    """The recorder's pseudonymizer for ``config`` (same salt file, same setting)."""
    from app.chat.pseudonym import Pseudonymizer, load_or_create_salt

    return Pseudonymizer(
        load_or_create_salt(config.data_dir), enabled=config.settings.pseudonymize_viewers
    )
