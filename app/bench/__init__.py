"""Benchmarks behind ``python -m app bench ...``: figures as JSON, never timed unit tests.

Each module here has ``register(subparsers)`` adding its target, listed in
``app.cli.BENCH_MODULES``. A benchmark measures the app's path and, in the same run, the
raw library it is built on, so overhead is reported as a ratio on the same machine.
"""

from __future__ import annotations

import argparse
import json
from typing import Any


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def print_result(result: dict[str, Any], *, as_json: bool) -> None:
    """Print a benchmark result as one JSON object or as aligned lines."""
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    for key, value in result.items():
        print(f"{key:<28} {value}")
