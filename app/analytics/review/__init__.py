"""The review of one recorded session (直播复盘), split along its jobs.

- :mod:`.model` — the plain data (:class:`ReviewData` and its parts);
- :mod:`.loader` — reading a session from the store (:func:`load_review`);
- :mod:`.comments` — the one aggregate scan of the comments;
- :mod:`.highlights` — moments worth re-watching;
- :mod:`.search` — transcript and comment search;
- :mod:`.recordings` — the recorded video and audio files;
- :mod:`.scorecard` — the host scorecard, trends and the team ranking;
- :mod:`.diagnosis` — the three weakest figures against the host's earlier shows.

The names below are the package's public face (callers import them from here).
"""

from app.analytics.review.comments import FINE_MS, count_commenters
from app.analytics.review.diagnosis import Diagnosis, Moment, Weakness, diagnose
from app.analytics.review.highlights import find_highlights
from app.analytics.review.loader import (
    BIN_CHOICES_MS,
    TARGET_BINS,
    check_session,
    choose_bin_ms,
    latest_session_id,
    load_review,
    with_commenters,
)
from app.analytics.review.model import (
    AlertRow,
    Bins,
    Highlight,
    Line,
    OrderRow,
    ProductStats,
    Progress,
    ReviewData,
    ReviewError,
    Segment,
    SessionInfo,
    Totals,
)
from app.analytics.review.recordings import find_videos, session_recordings
from app.analytics.review.scorecard import (
    HostRank,
    ScoreRow,
    host_rank,
    scorecard,
    team_ranking,
    trend,
)
from app.analytics.review.search import SearchHit, search

__all__ = [
    "BIN_CHOICES_MS",
    "FINE_MS",
    "TARGET_BINS",
    "AlertRow",
    "Bins",
    "Diagnosis",
    "Highlight",
    "HostRank",
    "Line",
    "Moment",
    "OrderRow",
    "ProductStats",
    "Progress",
    "ReviewData",
    "ReviewError",
    "ScoreRow",
    "SearchHit",
    "Segment",
    "SessionInfo",
    "Totals",
    "Weakness",
    "check_session",
    "choose_bin_ms",
    "count_commenters",
    "diagnose",
    "find_highlights",
    "find_videos",
    "host_rank",
    "latest_session_id",
    "load_review",
    "scorecard",
    "search",
    "session_recordings",
    "team_ranking",
    "trend",
    "with_commenters",
]
