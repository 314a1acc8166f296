"""The fixtures of the `clerk_backend.testing` pytest plugin (see that module)."""

from __future__ import annotations

from typing import Iterator

import pytest

from ._emulator import Emulator


@pytest.fixture(scope="session")
def clerk_emulator_session() -> Iterator[Emulator]:
    """One emulator for the whole test session (state persists between tests)."""
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def clerk_emulator(clerk_emulator_session: Emulator) -> Iterator[Emulator]:
    """The session's emulator, reset (no users, no pending faults, fresh rate-limit windows, no
    stats) before the test; a rate limit or instance settings the test sets are undone after it.

    Point a client at it with `Clerk(bearer_auth="sk_test_...", server_url=clerk_emulator.url)`
    or `clerk_emulator.client()`.
    """
    emulator = clerk_emulator_session
    emulator.reset()
    limit = emulator.rate_limit
    instance = emulator.instance
    yield emulator
    if not emulator.closed and emulator.instance != instance:
        emulator.set_instance(instance)
    if not emulator.closed and emulator.rate_limit != limit:
        if limit is None:
            emulator.set_rate_limit(None)
        else:
            emulator.set_rate_limit(limit["requests"], per_seconds=limit["per_seconds"])
