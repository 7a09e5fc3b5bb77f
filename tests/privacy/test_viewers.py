"""One viewer: find by name or pseudonym, export to JSON/CSV, erase without touching others."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.analytics.review import load_review
from app.config import Config
from app.privacy import PrivacyError
from app.privacy.retention import ANON_PREFIX
from app.privacy.viewers import erase_viewer, export_viewer, find_viewer
from app.store.db import Store
from app.store.models import Comment, Interaction, Order
from tests.privacy.conftest import record


def _table(store: Store) -> dict[str, list[tuple]]:
    with store.sessions() as s:
        return {
            "comments": [
                (c.event_id, c.viewer, c.text)
                for c in s.scalars(select(Comment).order_by(Comment.id))
            ],
            "orders": [(o.order_id, o.buyer) for o in s.scalars(select(Order).order_by(Order.id))],
            "inter": [
                (i.kind, i.viewer) for i in s.scalars(select(Interaction).order_by(Interaction.id))
            ],
        }


def test_find_by_name_covers_comments_orders_and_interactions(
    config: Config, store: Store, mini_bundle: Path
) -> None:
    a, b = record(config, store, mini_bundle), record(config, store, mini_bundle)
    amy = find_viewer(store, "amy", config.data_dir)
    assert (amy.comments, amy.orders, amy.interactions, amy.sessions) == (2, 2, 0, [a, b])
    assert all(i.startswith("v") and len(i) == 17 for i in amy.identifiers)  # pseudonyms only
    assert len(amy.identifiers) == 2  # tiktok comments and orders are keyed apart
    bob = find_viewer(store, "bob", config.data_dir)
    assert (bob.comments, bob.orders, bob.interactions) == (0, 0, 4)
    deer = find_viewer(store, "小鹿", config.data_dir)
    assert (deer.comments, deer.orders) == (4, 0)
    # one pseudonym finds the rows carrying it
    by_pseudonym = find_viewer(store, deer.identifiers[0], config.data_dir)
    assert by_pseudonym.comments == 4 and by_pseudonym.identifiers == deer.identifiers
    nobody = find_viewer(store, "nobody", config.data_dir)
    assert nobody.empty and "Nothing is recorded" in nobody.message()
    with pytest.raises(PrivacyError, match="give a viewer"):
        find_viewer(store, "  ", config.data_dir)


def test_export_json_and_csv(config: Config, store: Store, recorded: int, tmp_path: Path) -> None:
    amy = find_viewer(store, "amy", config.data_dir)
    out = export_viewer(store, amy, tmp_path / "amy.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["viewer"] == "amy" and data["identifiers"] == amy.identifiers
    assert [c["text"] for c in data["comments"]] == ["link please"]
    assert [(o["order_id"], o["amount"]) for o in data["orders"]] == [("o1", 158.0)]
    assert data["interactions"] == []
    assert [s["id"] for s in data["sessions"]] == [recorded]
    text = export_viewer(store, amy, tmp_path / "amy.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines()))
    assert rows[0][0] == "kind" and [r[0] for r in rows[1:]] == ["comment", "order"]
    assert not list(tmp_path.glob("*.part"))
    nobody = find_viewer(store, "nobody", config.data_dir)
    with pytest.raises(PrivacyError, match="nothing exported"):
        export_viewer(store, nobody, tmp_path / "n.json")
    assert not (tmp_path / "n.json").exists()


def test_erase_one_viewer_leaves_others_and_aggregates(
    config: Config, store: Store, recorded: int
) -> None:
    before = _table(store)
    totals = load_review(store, recorded).totals
    amy = find_viewer(store, "amy", config.data_dir)
    result = erase_viewer(store, amy)
    assert (result.comments, result.orders, result.interactions) == (1, 1, 0)
    after = _table(store)
    changed = [(b, a) for b, a in zip(before["comments"], after["comments"], strict=True) if a != b]
    assert len(changed) == 1
    (eid, _v, _t), (eid2, viewer, text) = changed[0]
    assert eid == eid2 == "c2" and text == "" and viewer.startswith(ANON_PREFIX)
    assert after["orders"] == [("o1", ""), before["orders"][1]]
    assert after["inter"] == before["inter"]  # bob's follow and gift are untouched
    assert find_viewer(store, "amy", config.data_dir).empty
    assert find_viewer(store, "小鹿", config.data_dir).comments == 2
    again = load_review(store, recorded).totals
    assert (again.comments, again.commenters, again.orders, again.gmv) == (
        totals.comments, totals.commenters, totals.orders, totals.gmv
    )  # fmt: skip
    with pytest.raises(PrivacyError, match="nothing erased"):
        erase_viewer(store, find_viewer(store, "amy", config.data_dir))


def test_raw_names_are_found_when_pseudonymisation_is_off(
    config: Config, store: Store, mini_bundle: Path
) -> None:
    config.settings.pseudonymize_viewers = False
    record(config, store, mini_bundle)
    bob = find_viewer(store, "bob", config.data_dir)
    assert bob.identifiers == ["bob"] and bob.interactions == 2
    erase_viewer(store, bob)
    assert [v for _k, v in _table(store)["inter"]] == ["", "", ""]


def test_csv_export_writes_formula_like_texts_as_text(
    config: Config, store: Store, mini_bundle: Path, tmp_path: Path
) -> None:
    """A viewer's comment or order id starting with = + - @ or a tab is not a live formula
    in the CSV (OWASP: a leading quote); amounts, a refund included, stay numbers."""
    hostile = {"c2": '=HYPERLINK("http://x","click")', "o1": "@SUM(1+1)"}
    source = (mini_bundle / "events.jsonl").read_text(encoding="utf-8")
    events = [json.loads(line) for line in source.splitlines()]
    for event in events:
        if event.get("id") == "c2":
            event["text"] = hostile["c2"]
        if event.get("id") == "o1":
            event["id"] = hostile["o1"]
    events.append({"t_ms": 1300, "type": "comment", "id": "c7", "platform": "tiktok",
                   "user": "amy", "text": "-2+3"})  # fmt: skip
    lines = [json.dumps(e, ensure_ascii=False) for e in events]
    (mini_bundle / "events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    record(config, store, mini_bundle)
    with store.sessions.begin() as s:  # a refund: a negative amount
        s.execute(update(Order).where(Order.order_id == hostile["o1"]).values(amount=-12.5))
    amy = find_viewer(store, "amy", config.data_dir)
    out = export_viewer(store, amy, tmp_path / "amy.csv")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["text"] for r in rows if r["kind"] == "comment"] == [
        "'" + hostile["c2"],
        "'-2+3",
    ]
    (order,) = [r for r in rows if r["kind"] == "order"]
    assert (order["detail"], order["amount"]) == ("'" + hostile["o1"], "-12.5")
