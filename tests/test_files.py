"""Install-wide secrets stay single when several instances create them at once."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from app.chat.pseudonym import load_or_create_salt
from app.files import write_atomic
from app.server.token import load_or_create_token, regenerate_token


def test_exclusive_write_lets_exactly_one_writer_win(tmp_path: Path) -> None:
    target = tmp_path / "secret"
    assert write_atomic(target, b"first", exclusive=True)
    assert not write_atomic(target, b"second", exclusive=True)
    assert target.read_bytes() == b"first"
    assert write_atomic(target, b"third")  # a plain write replaces
    assert target.read_bytes() == b"third"
    assert [p.name for p in tmp_path.iterdir()] == ["secret"]  # no temp files left


def _salt_and_token(folder: str, queue: multiprocessing.Queue) -> None:
    queue.put((load_or_create_salt(Path(folder)), load_or_create_token(Path(folder))))


def test_instances_starting_together_share_one_salt_and_token(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    workers = [ctx.Process(target=_salt_and_token, args=(str(tmp_path), queue)) for _ in range(4)]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert len(set(results)) == 1
    salt, token = results[0]
    assert salt == load_or_create_salt(tmp_path) and token == load_or_create_token(tmp_path)
    assert regenerate_token(tmp_path) != token
