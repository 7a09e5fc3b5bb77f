""" "Pitch next" recommendations: which product to put on air next, and why.

Each product that is not on air and not sold out gets five scores in 0..1, combined with
configurable weights (``Settings.recommend_weight_*``):

- **demand** — what viewers and the host said in the last minutes about a product that
  was *not* on air at the time (demand for the on-air product is being served): comments
  and final transcript naming it (name, alias, two keywords, or "3号链接" = third in the
  rundown), weighted by intent (purchase > question > mention);
- **past** — per-product GPM (GMV x 1000 / PV while it was on air) from earlier sessions;
- **affinity** — buyers (same pseudonym) who bought it together with the on-air product;
- **stock** — a low stock is urgency worth pitching; sold out is never suggested;
- **recency** — time since it was last on air (or since the show began);
- **queue** — the run-of-show's plan: its next product scores 1, the one after 0.5, …
  so that without live evidence the suggestion follows the plan instead of guessing.

Every score above a small threshold becomes a sentence a host understands ("12 questions
about it in the last 5 min"), listed by how much it contributed: an
:class:`app.messages.Message` (English template + values) so the UI can show it in the
host's language while anything recorded keeps the English.

The package is split along its jobs: :mod:`.scoring` (:class:`Recommender`, pure and
deterministic: the offline evaluation replays events through it), :mod:`.history`
(:func:`load_past_performance`: earlier sessions, with the KPI module's per-product GPM)
and :mod:`.service` (:class:`RecommendationService`: ranks on a worker thread every few
seconds; the GUI polls :meth:`RecommendationService.latest`).
"""

from app.commerce.recommend.history import PastPerformance, load_past_performance
from app.commerce.recommend.scoring import (
    AFFINITY_MIN,
    COMPONENTS,
    ECHO_MS,
    INTENT_WEIGHT,
    REASON_MIN,
    RECENCY_FULL_MS,
    ProductMatcher,
    Recommendation,
    Recommender,
    Weights,
)
from app.commerce.recommend.service import RecommendationService

__all__ = [
    "AFFINITY_MIN",
    "COMPONENTS",
    "ECHO_MS",
    "INTENT_WEIGHT",
    "REASON_MIN",
    "RECENCY_FULL_MS",
    "PastPerformance",
    "ProductMatcher",
    "Recommendation",
    "RecommendationService",
    "Recommender",
    "Weights",
    "load_past_performance",
]
