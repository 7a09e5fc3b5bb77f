"""Flood detection: many accounts, one account repeating, crowd signals, bounded memory."""

from __future__ import annotations

from app.chat.spam import FloodDetector, normalise


def test_normalise_ignores_spacing_punctuation_and_rotated_digits() -> None:
    assert normalise("加V 123!!") == normalise("加v456") == "加v#"


def test_normalise_folds_scripts_and_widths() -> None:
    assert normalise("加Ｖ７８９！") == normalise("加v123") == "加v#"
    assert normalise("關注我送福利") == normalise("关注我送福利")


def test_same_text_in_either_script_is_one_flood() -> None:
    flood = FloodDetector(accounts=3)
    assert not flood.check(0, "a", "關注我送福利")
    assert not flood.check(1, "b", "关注我送福利")
    assert flood.check(2, "c", "關注我 送福利！")


def test_same_text_from_several_accounts_within_the_window() -> None:
    flood = FloodDetector(window_ms=5_000, accounts=3)
    assert not flood.check(0, "a", "关注我送福利")
    assert not flood.check(100, "b", "关注我 送福利!")
    assert flood.check(200, "c", "关注我送福利")
    assert not flood.check(20_000, "d", "关注我送福利")  # the window moved on


def test_one_account_repeating_itself() -> None:
    flood = FloodDetector(repeats=3)
    assert [flood.check(i * 100, "x", "主播看我") for i in range(3)] == [False, False, True]


def test_crowd_signals_and_questions_from_many_viewers_are_not_floods() -> None:
    flood = FloodDetector(accounts=3)
    assert not any(flood.check(i, f"u{i}", "扣1") for i in range(50))
    assert not any(flood.check(i, f"u{i}", "多少钱", crowd_ok=True) for i in range(50))
    # ...but one viewer hammering the same question is
    assert [flood.check(i, "same", "多少钱啊", crowd_ok=True) for i in range(3)][-1]


def test_memory_is_bounded() -> None:
    flood = FloodDetector(window_ms=1_000, max_keys=100)
    for i in range(5_000):
        flood.check(i, f"u{i}", f"unique text number {chr(0x4E00 + i)}")
    assert len(flood) <= 101
