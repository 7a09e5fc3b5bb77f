"""How times read for people: one clock format, and wall-clock times in the local zone.

Times are stored as UTC (``live_session.started_at``) plus session milliseconds; people
read them here:

- :func:`clock` — a span of session time as ``HH:MM:SS`` (hours keep counting past 24):
  the one format of the live window, the review, the reports and the CLI (SRT captions
  keep their own ``HH:MM:SS,mmm``, relative to the recording);
- :func:`local` / :func:`wall_clock` — a moment as the local date or time of day, in the
  computer's time zone (``TZ`` on POSIX), never UTC;
- :func:`zone_label` — the zone those times are in, said once per report ("UTC+08:00").

Qt-free: the UI (``app.ui.formatting``), the exports and the CLI all use these.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

DATE_TIME = "%Y-%m-%d %H:%M"
DATE_TIME_S = "%Y-%m-%d %H:%M:%S"
TIME_S = "%H:%M:%S"


def clock(ms: int | float) -> str:
    """Session time (or any span) as HH:MM:SS; negative reads as 00:00:00."""
    total = max(0, int(ms)) // 1000
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}"


def to_local(moment: datetime) -> datetime:
    """``moment`` (aware, or naive meaning UTC as stored) in the local time zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()


def local(moment: datetime, fmt: str = DATE_TIME) -> str:
    """``moment`` as the local date and time (``fmt`` a strftime pattern)."""
    return to_local(moment).strftime(fmt)


def wall_clock(started_at: datetime, t_ms: int, fmt: str = TIME_S) -> str:
    """The local time of day ``t_ms`` into a session that started at ``started_at``."""
    return local(started_at + timedelta(milliseconds=max(0, int(t_ms))), fmt)


def zone_label(moment: datetime | None = None) -> str:
    """The local zone at ``moment`` (default: now) as "UTC+08:00", with its name if any."""
    here = to_local(moment or datetime.now(UTC))
    offset = here.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    label = f"UTC{sign}{hours:02d}:{mins:02d}"
    name = here.tzname() or ""
    return f"{label} ({name})" if name and not name.startswith(("UTC", "+", "-")) else label
