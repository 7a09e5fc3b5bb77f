"""Pre-show compliance audit (事前合规审核): what the host will read, checked before going live.

《直播电商监督管理办法》 asks the live-room operator to review what goes on air before the
show; the texts the host reads come from two places the app holds:

- the catalog: product names (zh/en), aliases, keywords and the FAQ answers the host reads
  out when viewers ask;
- a show plan: its title and notes and each rundown item's talking points.

Each text is scanned with the same lexicon as the live monitor, on characters only (these
texts are typed, so there is nothing misheard), and every hit becomes a :class:`Finding`:
where it is, the text, the term, its category, article and suggestion. A reference price
in a talking point ("原价299，今天99") is compared with the catalog's regular price.

The report is data (:class:`AuditReport`, ``to_dict`` for JSON); ``audit_report.py`` writes
it as HTML or XLSX. Findings have a stable ``key`` so a UI can remember which ones a person
has reviewed and acknowledged; :meth:`AuditReport.open_findings` is what is left.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app.speech.compliance import ComplianceScanner, Hit, default_scanner

#: Fields a finding can come from, in report order, with the name reports print.
FIELDS: dict[str, str] = {
    "name_zh": "name (zh)",
    "name_en": "name (en)",
    "alias": "alias",
    "keyword": "keyword",
    "faq_answer": "FAQ answer",
    "title": "show title",
    "notes": "show notes",
    "talking_points": "talking points",
}


@dataclass(frozen=True)
class Finding:
    """One forbidden phrase (or reference price to check) in one text."""

    source: str  # "catalog" or "plan"
    sku: str  # "" for the plan's own title and notes
    field: str  # a key of FIELDS
    text: str
    term: str
    category: str
    article: str
    suggestion: str
    category_label: str = ""  # a team category's own name (bundled ones: see CATEGORY_LABELS)
    reference: float | None = None  # reference price said (category "price")
    now: float | None = None  # price said after it
    catalog_price: float | None = None  # the catalog's regular price of ``sku``

    @property
    def where(self) -> str:
        """Where to look, in plain English: "A-1 · FAQ answer", "show notes"."""
        name = FIELDS.get(self.field, self.field)
        return f"{self.sku} · {name}" if self.sku else name

    @property
    def key(self) -> str:
        """A stable fingerprint: the same phrase in the same text is the same finding."""
        raw = "\x1f".join((self.source, self.sku, self.field, self.term, self.text))
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]

    @property
    def price_differs(self) -> bool:
        """A reference price that is not the catalog's regular price (worth a second look)."""
        return (
            self.reference is not None
            and self.catalog_price is not None
            and abs(self.reference - self.catalog_price) >= 0.005
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key,
            "source": self.source,
            "sku": self.sku,
            "field": self.field,
            "where": self.where,
            "text": self.text,
            "term": self.term,
            "category": self.category,
            "article": self.article,
            "suggestion": self.suggestion,
        }
        if self.category_label:
            out["category_label"] = self.category_label
        if self.category == "price":
            out["reference_price"] = self.reference
            out["price_now"] = self.now
            out["catalog_price"] = self.catalog_price
        return out


@dataclass(frozen=True)
class AuditReport:
    """Findings of one audit, in catalog order, then the plan's."""

    findings: tuple[Finding, ...]
    texts: int  # how many texts were scanned
    products: int  # how many catalog products were looked at
    show_id: int | None = None
    show_title: str = ""
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def counts(self) -> dict[str, int]:
        """Findings per category, most first."""
        return dict(Counter(f.category for f in self.findings).most_common())

    def open_findings(self, acknowledged: Iterable[str] = ()) -> list[Finding]:
        """The findings nobody has acknowledged yet (``acknowledged``: their keys)."""
        done = set(acknowledged)
        return [f for f in self.findings if f.key not in done]

    def to_dict(self) -> dict[str, Any]:
        return {
            "show_id": self.show_id,
            "show_title": self.show_title,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "products": self.products,
            "texts": self.texts,
            "counts": self.counts(),
            "findings": [f.to_dict() for f in self.findings],
        }


def _catalog_texts(product: Any) -> list[tuple[str, str]]:
    """(field, text) of what the host may read about ``product``."""
    texts = [
        ("name_zh", getattr(product, "name_zh", "")),
        ("name_en", getattr(product, "name_en", "")),
    ]
    texts += [("alias", a) for a in getattr(product, "aliases", ())]
    texts += [("keyword", k) for k in getattr(product, "keywords", ())]
    texts += [("faq_answer", answer) for _question, answer in getattr(product, "faq", ())]
    return [(name, text) for name, text in texts if text and text.strip()]


class _Auditor:
    def __init__(self, scanner: ComplianceScanner, catalog: Sequence[Any]) -> None:
        self.scanner = scanner
        self.prices = {p.sku: getattr(p, "price", None) for p in catalog}
        self.findings: list[Finding] = []
        self.texts = 0

    def scan(self, source: str, sku: str, field_name: str, text: str) -> None:
        self.texts += 1
        seen: set[str] = set()
        for hit in self.scanner.find(text, pinyin=False):
            if hit.term not in seen:
                seen.add(hit.term)
                self.findings.append(self._finding(source, sku, field_name, text, hit))

    def _finding(self, source: str, sku: str, field_name: str, text: str, hit: Hit) -> Finding:
        return Finding(
            source=source,
            sku=sku,
            field=field_name,
            text=text,
            term=hit.term,
            category=hit.category,
            article=hit.article,
            suggestion=hit.suggestion,
            category_label=hit.label,
            reference=hit.reference,
            now=hit.now,
            catalog_price=self.prices.get(sku) if hit.is_price else None,
        )


def audit(
    catalog: Sequence[Any] = (),
    plan: Any | None = None,
    *,
    whole_catalog: bool = True,
    scanner: ComplianceScanner | None = None,
) -> AuditReport:
    """Audit ``catalog`` products and ``plan`` (a :class:`~app.commerce.plans.ShowPlan`).

    With a plan and ``whole_catalog=False`` only the catalog entries of the products in its
    rundown are read (what will be on air); otherwise every product. Texts are scanned in
    order, each phrase once per text.
    """
    auditor = _Auditor(scanner or default_scanner(), catalog)
    products = list(catalog)
    if plan is not None and not whole_catalog:
        rundown = set(getattr(plan, "skus", ()))
        products = [p for p in products if p.sku in rundown]
    for product in products:
        for name, text in _catalog_texts(product):
            auditor.scan("catalog", product.sku, name, text)
    if plan is not None:
        for name in ("title", "notes"):
            text = getattr(plan, name, "") or ""
            if text.strip():
                auditor.scan("plan", "", name, text)
        for item in getattr(plan, "items", ()):
            if (item.talking_points or "").strip():
                auditor.scan("plan", item.sku, "talking_points", item.talking_points)
    return AuditReport(
        findings=tuple(auditor.findings),
        texts=auditor.texts,
        products=len(products),
        show_id=getattr(plan, "id", None) if plan is not None else None,
        show_title=getattr(plan, "title", "") if plan is not None else "",
    )
