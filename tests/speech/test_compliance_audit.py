"""Pre-show compliance audit: findings as data, the CLI, and the HTML/XLSX reports read back."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from app.cli import main
from app.commerce.catalog import ProductInfo
from app.commerce.plans import PlanItem, ShowPlan, save_plan
from app.commerce.repository import upsert_products
from app.config import Config
from app.speech.audit import AuditReport, audit
from app.speech.audit_report import AuditReportError, html_report, write_report
from app.store.db import Store

CATALOG = [
    ProductInfo(
        "A-1",
        "全网最低价口红",
        "Lipstick",
        299.0,
        aliases=("=HYPERLINK(1)", "丝绒口红"),
        keywords=("国家级",),
        faq=(("能治痘吗", "可以根治痘痘"), ("持久吗", "持妆八小时")),
    ),
    ProductInfo("B-2", "墨镜", "Sunglasses, guaranteed UV block", 199.0),
    ProductInfo("C-3", "坚果", "Nuts", 59.0, faq=(("好吃吗", "很香脆"),)),
]
PLAN = ShowPlan(
    id=7,
    title="周五 开过光 专场",
    notes="记得报原价",
    items=(
        PlanItem("A-1", talking_points="原价399，今天只要99；最好在晚上用"),
        PlanItem("B-2", talking_points="原价199，直播间149"),
    ),
)


def test_audit_finds_each_phrase_where_it_is() -> None:
    report = audit(CATALOG, PLAN)
    got = [(f.source, f.sku, f.field, f.term, f.category) for f in report.findings]
    assert got == [
        ("catalog", "A-1", "name_zh", "全网最低价", "absolute"),
        ("catalog", "A-1", "keyword", "国家级", "absolute"),
        ("catalog", "A-1", "faq_answer", "根治", "medical"),
        ("catalog", "B-2", "name_en", "guaranteed", "efficacy"),
        ("plan", "", "title", "开过光", "superstition"),
        ("plan", "A-1", "talking_points", "原价399", "price"),
        ("plan", "B-2", "talking_points", "原价199", "price"),
    ]
    assert report.products == 3 and report.show_id == 7 and report.show_title == PLAN.title
    assert report.texts == 16  # 3x2 names, 2 aliases, 1 keyword, 3 FAQ answers + 4 of the plan
    assert report.counts() == {
        "absolute": 2,
        "price": 2,
        "medical": 1,
        "efficacy": 1,
        "superstition": 1,
    }
    faq = report.findings[2]
    assert faq.where == "A-1 · FAQ answer" and faq.text == "可以根治痘痘"
    assert faq.article == "《广告法》第十七条" and faq.suggestion


def test_reference_prices_are_compared_with_the_catalog() -> None:
    report = audit(CATALOG, PLAN)
    a1, b2 = (f for f in report.findings if f.category == "price")
    assert (a1.reference, a1.now, a1.catalog_price, a1.price_differs) == (399.0, 99.0, 299.0, True)
    assert (b2.reference, b2.catalog_price, b2.price_differs) == (199.0, 199.0, False)


def test_a_plan_alone_reads_only_its_rundown_products() -> None:
    report = audit(CATALOG, PLAN, whole_catalog=False)
    assert {f.sku for f in report.findings} == {"A-1", "B-2", ""}
    assert report.products == 2


def test_keys_are_stable_and_acknowledged_findings_are_closed() -> None:
    first, second = audit(CATALOG, PLAN), audit(list(CATALOG), PLAN)
    assert [f.key for f in first.findings] == [f.key for f in second.findings]
    assert len({f.key for f in first.findings}) == len(first.findings)
    done = {first.findings[0].key, first.findings[3].key, "not-a-key"}
    assert len(first.open_findings(done)) == len(first.findings) - 2
    assert first.open_findings() == list(first.findings)


def test_a_clean_catalog_has_no_findings() -> None:
    report = audit([CATALOG[2]])
    assert report.findings == () and report.texts == 3
    assert "No forbidden phrases found" in html_report(report)


def test_html_report_is_escaped_and_self_contained(tmp_path: Path) -> None:
    plan = ShowPlan(id=1, title="<script>alert(1)</script> 顶级", items=())
    out = write_report(audit(CATALOG, plan), tmp_path / "audit.html")
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.count('<td class="term">') == 5  # 4 catalog findings + the title's 顶级
    assert "《广告法》第九条第（三）项" in page and "Where 位置" in page
    assert "http" not in page  # nothing loaded from anywhere


def test_xlsx_report_reads_back_with_formula_safe_cells(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    product = ProductInfo("=SUM(1)", "=cmd|' /C calc'!A0 顶级", "", 10.0)
    report = audit([product, CATALOG[0]], PLAN)
    out = write_report(report, tmp_path / "audit.xlsx")
    book = load_workbook(out)
    findings, summary = book["Findings"], book["Summary"]
    header = [c.value for c in findings[1]]
    assert header[:3] == ["Where 位置", "Text 原文", "Phrase 用语"]
    rows = list(findings.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(report.findings)
    first = findings["A2"], findings["B2"]
    assert [c.value for c in first] == ["=SUM(1) · name (zh)", "=cmd|' /C calc'!A0 顶级"]
    assert all(c.data_type == "s" for c in first)  # text, not formulas
    assert findings["B2"].quotePrefix
    price = next(r for r in rows if r[2] == "原价399")
    assert price[3] == "reference price 参考价格" and "价格欺诈" in price[4]
    assert price[6] == "reference ¥399, now ¥99: the catalog's regular price is ¥299"
    assert dict(summary.iter_rows(min_row=2, values_only=True))["absolute claim 绝对化用语"] == 3


def test_unknown_report_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AuditReportError, match=r"name it \.html or \.xlsx"):
        write_report(audit(CATALOG), tmp_path / "audit.pdf")


def test_report_as_json_has_every_field() -> None:
    data = audit(CATALOG, PLAN).to_dict()
    json.dumps(data, ensure_ascii=False)
    price = next(f for f in data["findings"] if f["category"] == "price")
    assert set(price) >= {
        "key", "where", "text", "term", "category", "article", "suggestion",
        "reference_price", "price_now", "catalog_price",
    }  # fmt: skip
    assert data["counts"]["price"] == 2 and data["show_id"] == 7


# -- the command ------------------------------------------------------------------------------
@pytest.fixture
def stocked(store: Store) -> Store:
    upsert_products(store, CATALOG)
    save_plan(store, ShowPlan(id=None, title=PLAN.title, notes=PLAN.notes, items=PLAN.items))
    return store


def test_audit_command_json(stocked: Store, config: Config, capsys, tmp_path: Path) -> None:
    out = tmp_path / "audit.xlsx"
    assert main(["compliance", "audit", "--show", "1", "--json", "--out", str(out)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["show_id"] == 1 and data["products"] == 2  # the rundown's products
    assert data["out"] == str(out) and out.is_file()
    assert [(f["where"], f["term"]) for f in data["findings"]] == [
        ("A-1 · name (zh)", "全网最低价"),
        ("A-1 · keyword", "国家级"),
        ("A-1 · FAQ answer", "根治"),
        ("B-2 · name (en)", "guaranteed"),
        ("show title", "开过光"),
        ("A-1 · talking points", "原价399"),
        ("B-2 · talking points", "原价199"),
    ]
    assert main(["compliance", "audit", "--show", "1", "--catalog", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["products"] == 3


def test_audit_command_text_and_catalog_default(stocked: Store, config: Config, capsys) -> None:
    assert main(["compliance", "audit"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Audited 3 product(s), 12 text(s): 4 finding(s).")
    assert "A-1 · FAQ answer: 根治 [medical 《广告法》第十七条] in “可以根治痘痘”" in out


def test_audit_command_errors(stocked: Store, config: Config, capsys) -> None:
    assert main(["compliance", "audit", "--out", "audit.pdf"]) == 1
    assert "name it .html or .xlsx" in capsys.readouterr().err
    assert main(["compliance", "audit", "--show", "9"]) == 1
    assert "no show plan #9" in capsys.readouterr().err


def test_line_command_json_contract(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    lines = "国家及 配方 原价299今天99\n最近很忙\n顶级 全网最低价 顶级\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    assert main(["compliance", "--json"]) == 0
    first, second, third = (json.loads(x) for x in capsys.readouterr().out.splitlines())
    assert third["terms"] == ["顶级", "全网最低价"]  # each once, in order of appearance
    assert first["terms"] == ["国家级", "原价299"]
    assert first["category"] == ["absolute", "price"]
    assert first["article"][0] == "《广告法》第九条第（三）项"
    assert len(first["suggestion"]) == 2 and all(first["suggestion"])
    assert first["hits"][0]["heard_as"] == "国家及"
    assert first["hits"][1]["reference_price"] == 299.0 and first["hits"][1]["price_now"] == 99.0
    assert second == {
        "text": "最近很忙", "terms": [], "category": [], "article": [], "suggestion": [],
        "hits": [],
    }  # fmt: skip


def test_line_command_without_pinyin(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("国家及 配方\n"))
    assert main(["compliance", "--no-pinyin"]) == 0
    assert capsys.readouterr().out == "ok\t国家及 配方\n"
    monkeypatch.setattr("sys.stdin", io.StringIO("国家及 配方\n"))
    assert main(["compliance"]) == 0
    verdict, line, details = capsys.readouterr().out.rstrip("\n").split("\t")
    assert (verdict, line) == ("FLAG 国家级", "国家及 配方")  # the line stays column 2
    assert details.startswith("国家级 (heard as 国家及) [absolute 《广告法》第九条第（三）项] → ")


def test_audit_report_type_is_plain_data() -> None:
    report = AuditReport(findings=(), texts=0, products=0)
    assert report.to_dict()["findings"] == [] and report.counts() == {}
