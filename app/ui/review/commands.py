"""CLI: ``review [SESSION_ID]`` opens the review window (default: the latest session).

Module-level imports stay light (the CLI imports this at start-up); Qt loads in the handler.
"""

from __future__ import annotations

import argparse

from app.config import Config


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    review = sub.add_parser("review", help="review a recorded session (直播复盘) in a window")
    review.add_argument("id", type=int, nargs="?", help="session id (default: the latest)")
    review.set_defaults(func=cmd_review)


def cmd_review(args: argparse.Namespace, config: Config) -> int:
    from app.analytics.review import check_session, latest_session_id
    from app.errors import UserError
    from app.store.db import config_store

    with config_store(config) as store:
        session_id = args.id if args.id is not None else latest_session_id(store)
        check_session(store, session_id)
        try:
            from app.ui.review.window import run_review
        except ImportError as exc:
            raise UserError(
                f"the window needs PySide6 ({exc}); install the app with `pip install -e .`"
            ) from exc
        # the same start-up as every window: language, theme, error reporter, crash offer
        return run_review(
            store, session_id, config.recordings_dir, language=config.settings.language
        )
