"""``python -m app giveaway draw|list`` on a really recorded session: the JSON contract, the
same seed giving the same winners, and a live draw re-run from the database alone."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from app import cli
from app.config import Config
from app.live.builder import load_replay
from app.live.headless import run_headless
from app.session.events import Event
from app.show.giveaway import GiveawayDesk, GiveawayDrawEvent, pseudonymizer_for
from app.store.db import Store
from app.store.models import Comment
from tests.conftest import MINI_EVENTS, write_mini_bundle

#: Keyword comments added to the mini bundle (t_ms inside its 1.6 s).
ENTRIES = [
    (210, "douyin", "小鹿", "福袋福袋"),
    (220, "douyin", "小鹿", "我要福袋"),  # the same viewer again: one entry
    (230, "tiktok", "amy", "福 袋"),
    (240, "douyin", "阿强", "抢福袋！"),
    (250, "kuaishou", "bob", "ＦＵ福袋"),
    (260, "douyin", "cy", "福利呢"),  # not the keyword
    (800, "tiktok", "dee", "福袋"),
    (1200, "douyin", "eve", "福袋 冲"),
]


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    root = write_mini_bundle(tmp_path / "bundle", video=False)
    events = list(MINI_EVENTS)
    for i, (t, platform, user, text) in enumerate(ENTRIES):
        events.append(
            {"t_ms": t, "type": "comment", "id": f"g{i}", "platform": platform,
             "user": user, "text": text}
        )  # fmt: skip
    events.sort(key=lambda e: e["t_ms"])
    lines = [json.dumps(e, ensure_ascii=False) for e in events]
    (root / "events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture
def recorded(config: Config, store: Store, bundle: Path) -> int:
    return run_headless(config, store, bundle_dir=bundle, speed=8.0).session_id


@pytest.fixture
def main(monkeypatch: pytest.MonkeyPatch):
    """``app.cli.main`` with the giveaway commands registered."""
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("app.show.commands",))
    return cli.main


def _stored_viewers(store: Store, session_id: int) -> set[tuple[str, str]]:
    """(platform, viewer) of every stored comment of the session."""
    with store.sessions() as s:
        rows = s.query(Comment.platform, Comment.viewer).filter_by(session_id=session_id)
        return {(platform, viewer) for platform, viewer in rows}


def _draw(main, capsys, *argv: str) -> dict:
    assert main(["giveaway", "draw", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_draw_json_contract_on_a_recorded_session(
    main, capsys, config: Config, store: Store, recorded: int
) -> None:
    pseudo = pseudonymizer_for(config)
    entrants = sorted(
        {(p, pseudo(p, u)) for _, p, u, text in ENTRIES if "福" in text and "利" not in text}
    )
    assert len(entrants) == 6  # 小鹿 once, amy, 阿强, bob, dee, eve
    assert _stored_viewers(store, recorded) >= set(entrants)  # as stored in comment.viewer

    out = _draw(main, capsys, str(recorded), "--keyword", "福袋", "--winners", "3", "--seed", "42")
    assert set(out) == {"entrants", "winners", "seed"}
    assert out["entrants"] == 6 and out["seed"] == 42
    assert out["winners"] == [v for _, v in random.Random(42).sample(entrants, 3)]
    assert len(set(out["winners"])) == 3
    again = _draw(
        main, capsys, str(recorded), "--keyword", "福袋", "--winners", "3", "--seed", "42"
    )
    assert again == out
    other = _draw(main, capsys, str(recorded), "--keyword", "福袋", "--winners", "3", "--seed", "7")
    assert other["entrants"] == 6 and other["seed"] == 7

    fresh = _draw(main, capsys, str(recorded), "--keyword", "福袋", "--winners", "1")
    assert isinstance(fresh["seed"], int) and len(fresh["winners"]) == 1


def test_fewer_entrants_than_winners_all_win_with_a_note(main, capsys, recorded: int) -> None:
    argv = ["giveaway", "draw", str(recorded), "--keyword", "福袋", "--winners", "10"]
    assert main([*argv, "--seed", "1", "--json"]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["entrants"] == 6 and len(out["winners"]) == 6
    assert "only 6 entrant(s) for 10 winner(s): every entrant wins" in captured.err
    assert main(["giveaway", "draw", str(recorded), "--keyword", "nobody-typed-this",
                 "--winners", "1", "--seed", "1", "--json"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out) == {"entrants": 0, "winners": [], "seed": 1}


def test_a_window_keeps_only_comments_in_it(main, capsys, recorded: int) -> None:
    out = _draw(main, capsys, str(recorded), "--keyword", "福袋", "--winners", "9",
                "--seed", "3", "--from-ms", "0", "--until-ms", "500")  # fmt: skip
    assert out["entrants"] == 4  # dee (800) and eve (1200) came later


def test_refusals(main, capsys, recorded: int) -> None:
    for bad in ("0", "-2", "two"):
        with pytest.raises(SystemExit) as exc:
            main(["giveaway", "draw", str(recorded), "--keyword", "福袋", "--winners", bad])
        assert exc.value.code == 2
    assert "a draw needs at least 1 winner" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["giveaway", "draw", str(recorded), "--keyword", "k", "--winners", "1",
              "--seed", "-1"])  # fmt: skip
    assert main(["giveaway", "draw", "999", "--keyword", "福袋", "--winners", "1"]) == 1
    assert "no session 999" in capsys.readouterr().err
    assert main(["giveaway", "draw", str(recorded), "--keyword", " ", "--winners", "1"]) == 1
    assert "keyword is empty" in capsys.readouterr().err


def test_a_live_draw_is_stored_and_re_run_from_the_database(
    main, capsys, config: Config, store: Store, bundle: Path
) -> None:
    """The desk in a real replay session draws; the CLI, from the stored comments and the
    recorded seed and window, names the same winners."""
    engine = load_replay(config, store, bundle, speed=8.0)
    desk = GiveawayDesk(pseudonymizer_for(config), engine.clock.now_ms, ticker=False)
    engine.pipeline.processors.append(desk)
    draws: list[Event] = []
    engine.bus.subscribe(draws.append, (GiveawayDrawEvent,))
    desk.start("福袋", seconds=60)  # before the clock starts: the window opens at 0
    engine.start()
    try:
        assert engine.wait(20.0)
        result = desk.draw(2, seed=2026)
        names = {desk.reveal(w.pseudonym) for w in result.winners}
    finally:
        engine.stop()
    assert engine.session_id is not None
    sid = engine.session_id
    assert names <= {"小鹿", "amy", "阿强", "bob", "dee", "eve"} and None not in names
    (draw,) = draws
    assert isinstance(draw, GiveawayDrawEvent)
    # The recorder stored the draw with the session: exactly one row.
    assert main(["giveaway", "list", str(sid), "--json"]) == 0
    (stored,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert stored["winners"] == [w.pseudonym for w in result.winners]
    assert stored["seed"] == 2026 and stored["entrants"] == result.entrants == 6
    rules = stored["rules"]
    out = _draw(main, capsys, str(sid), "--keyword", stored["keyword"], "--winners", "2",
                "--seed", str(stored["seed"]), "--from-ms", str(rules["from_ms"]),
                "--until-ms", str(rules["until_ms"]))  # fmt: skip
    assert out["winners"] == stored["winners"] and out["entrants"] == stored["entrants"]

    assert main(["giveaway", "list", str(sid)]) == 0
    text = capsys.readouterr().out
    assert "福袋" in text and "seed 2026" in text
    assert f"re-run: python -m app giveaway draw {sid} --keyword '福袋' --winners 2" in text


def test_list_without_draws(main, capsys, recorded: int) -> None:
    assert main(["giveaway", "list", str(recorded)]) == 0
    assert "No giveaway was drawn" in capsys.readouterr().out
    assert main(["giveaway", "list", "999"]) == 1
