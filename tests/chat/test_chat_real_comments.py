"""The real labelled comment set: clean splits, cited sources, and the patterns it taught.

``resources/eval/live_comments_real.csv`` holds comments from public repositories
(sources and licences in ``resources/eval/README.md``); its test split is the held-out
figure quoted in docs/chat-triage.md, so no text may reach it from train or dev.
"""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest

from app.chat.classifier import CommentClassifier
from app.chat.intent import INTENTS, override_intent
from app.chat.normalize import normalize
from app.chat.sentiment import SENTIMENTS
from app.paths import RESOURCES

REAL = RESOURCES / "eval" / "live_comments_real.csv"
README = RESOURCES / "eval" / "README.md"


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with REAL.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_columns_labels_and_sizes(rows: list[dict[str, str]]) -> None:
    assert list(rows[0]) == ["text", "intent", "sentiment", "split", "source", "sample"]
    for r in rows:
        assert r["text"].strip() == r["text"] and r["text"], r
        assert r["intent"] in INTENTS, r
        assert r["sentiment"] in SENTIMENTS, r
        assert r["split"] in ("train", "dev", "test"), r
        assert r["sample"] in ("random", "cued"), r
    sizes = Counter(r["split"] for r in rows)
    assert sizes["test"] >= 400 and sizes["dev"] >= 200 and sizes["train"] >= 500, sizes


def test_splits_do_not_overlap_after_normalisation(rows: list[dict[str, str]]) -> None:
    seen: dict[str, str] = {}
    for r in rows:
        key = normalize(r["text"]).lower()
        assert seen.setdefault(key, r["split"]) == r["split"], (r["text"], seen[key])
    # and no text is listed twice inside a split either
    keys = [normalize(r["text"]).lower() for r in rows]
    assert len(keys) == len(set(keys))


def test_every_row_cites_a_source_listed_in_the_readme(rows: list[dict[str, str]]) -> None:
    readme = README.read_text(encoding="utf-8")
    listed = set(re.findall(r"`([\w.-]+/[\w.-]+)` : ", readme))
    assert len(listed) >= 3, listed
    for source in {r["source"] for r in rows}:
        repo, rest = source.split(":", 1)
        path, commit = rest.rsplit("@", 1)
        assert repo in listed, source
        assert re.fullmatch(r"[0-9a-f]{7,40}", commit), source
        file = path.rsplit("/", 1)[-1]
        assert f"`{commit}`" in readme and file in readme, source
    for repo in listed:  # the README lists a licence for each source
        line = next(ln for ln in readme.splitlines() if f"`{repo}` : " in ln)
        assert re.search(r"MIT|Apache-2\.0|BSD|CC-BY|CC0", line), line


def test_no_handles_numbers_or_links_left(rows: list[dict[str, str]]) -> None:
    for r in rows:
        assert not re.search(r"@(?!user\b)\w|\d{7,}|https?://", r["text"]), r["text"]


def test_reserved_repositories_are_not_sources(rows: list[dict[str, str]]) -> None:
    reserved = {
        "Joxos/dytools",
        "VideoData/DY-Data",
        "Guoyunting-97/Mukbang-BiliBili-group10-",
        "Zhuosd/Python_Scrapy",
        "aoli789654/bilibili-danmaku-analysis",
        "Jimmyzm0/ttk",
        "vishudverma/NLP-youtube-hatespeech",
    }
    sources = {r["source"].split(":", 1)[0].lower() for r in rows}
    assert not sources & {r.lower() for r in reserved}


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("你几点下", "question"),
        ("8点准时下播？", "question"),
        ("要播到什么时候", "question"),
        ("When is launch?", "question"),
        ("歌小一点", "complaint"),
        ("求你了 别唱了", "complaint"),
        ("有什么看头哦，", "complaint"),
        ("I don’t like how they don’t read chat", "complaint"),
        ("好漂亮", "praise"),
        ("太棒了", "praise"),
        ("you are the best", "praise"),
        ("真的还是假的", "other"),
    ],
)
def test_real_room_cues(text: str, intent: str) -> None:
    assert override_intent(text) == intent


@pytest.mark.parametrize("text", ["不太好看", "好看吗", "没太好听", "also good"])
def test_approval_cue_needs_an_unnegated_statement(text: str) -> None:
    assert override_intent(text) != "praise"


def test_bracket_emotes_become_emoji() -> None:
    assert normalize("感谢你同学[赞][赞]") == "感谢你同学👍👍"
    assert normalize("[捂脸]一来就数字") == "😅一来就数字"
    assert normalize("[微笑][abc]") == "[微笑][abc]"  # sarcastic or unknown: kept as text


def test_plain_chatter_is_other() -> None:
    """Real rooms are mostly chatter; the shipped model must not call it a complaint."""
    clf = CommentClassifier.load()
    assert clf.model is not None, clf.model_error
    chatter = ["我先去洗澡了", "吃过了", "hi I am new", "Good luck from germany boys"]
    assert [lab.intent for lab in clf.classify(chatter)] == ["other"] * len(chatter)
