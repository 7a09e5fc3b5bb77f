"""Fixtures for the ingest server tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from ingest_client import Running, start_server, stop_server


@pytest.fixture
def server() -> Iterator[Running]:
    """A started server source on a free loopback port; always stopped afterwards."""
    running = start_server()
    yield running
    stop_server(running)
