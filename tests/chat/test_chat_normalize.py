"""Script normalisation: Traditional -> Simplified, width folding, squeezed runs, emoji kept."""

from __future__ import annotations

import logging
import threading

import pytest

from app.chat import normalize as norm_module
from app.chat.normalize import emoji_signals, normalize, squeeze, to_simplified


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("質量太差了，我要退貨", "质量太差了,我要退货"),
        ("聲音太小！聽不見！", "声音太小!听不见!"),
        ("這個多少錢？", "这个多少钱?"),
        ("ＯＫ　好的", "OK 好的"),  # full-width letters and ideographic space
        ("１２３ＡＢＣ", "123ABC"),
        ("哈哈哈哈哈哈", "哈哈哈"),
        ("!!!!", "!!"),
        ("？？？？", "??"),
        ("hahahahaha", "hahaha"),
        ("666666", "666"),
        ("1111111", "111"),
        ("链接链接链接链接链接", "链接链接链接"),
        ("  多少钱   呀 ", "多少钱 呀"),
        ("😍😍😍😍👍🏻", "😍😍👍"),  # emoji kept, skin tone dropped, run squeezed
        ("❤️❤️", "❤❤"),  # variation selector dropped
        ("how much is it?", "how much is it?"),  # ASCII passes through
        ("", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected
    assert normalize(expected) == expected  # idempotent


def test_simplified_text_and_short_runs_are_left_alone() -> None:
    for text in ("著名的作家", "这里面有干货", "哈哈哈", "好好看", "666", "11", "abab", "M码"):
        assert normalize(text) == text


def test_to_simplified_skips_text_without_han_characters() -> None:
    assert to_simplified("Ｔest 😍") == "Ｔest 😍"
    assert to_simplified("頭髮乾淨") == "头发干净"


def test_squeeze_keeps_three_letters_and_two_marks() -> None:
    assert squeeze("好好好好好看!!!!!!~~~~") == "好好好看!!~~"


def test_emoji_are_signals_by_class() -> None:
    assert emoji_signals(normalize("好看😍👍🏻")) == ["pos", "pos"]
    assert emoji_signals("😡👎💩") == ["neg", "neg", "neg"]
    assert emoji_signals("😂🤣") == ["laugh", "laugh"]
    assert emoji_signals("🐶😭🤔👋 plain") == ["awkward", "cry", "puzzled", "greet"]


def test_converter_loads_once_across_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = norm_module._load_t2s

    def counting() -> object:
        calls.append(1)
        return real()

    monkeypatch.setattr(norm_module, "_t2s", None)
    monkeypatch.setattr(norm_module, "_load_t2s", counting)
    start = threading.Barrier(8)
    results: list[str] = []

    def work() -> None:
        start.wait()
        results.append(normalize("質量"))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["质量"] * 8
    assert calls == [1]


def test_without_opencc_text_passes_unconverted(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_opencc(name: str, *args: object, **kwargs: object) -> object:
        if name == "opencc":
            raise ImportError("opencc is missing")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(norm_module, "_t2s", None)
    monkeypatch.setattr(builtins, "__import__", no_opencc)
    with caplog.at_level(logging.WARNING, logger="app.chat.normalize"):
        assert normalize("質量！") == "質量!"  # still width-folded
    assert "OpenCC t2s unavailable" in caplog.text


def test_a_giveaway_chant_is_not_a_question() -> None:
    """Viewers type the 福袋 keyword to enter a giveaway: neither a question nor a purchase."""
    from app.chat.intent import override_normalized
    from app.chat.normalize import normalize

    for text in ("福袋", "福袋福袋", "扣福袋", "抽奖！", "giveaway"):
        assert override_normalized(normalize(text)) == "other", text
    assert override_normalized(normalize("福袋什么时候开")) != "other"
