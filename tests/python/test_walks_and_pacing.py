"""`list_all` (every user, by cursor), pacing (`rate_limit`, `max_concurrency`) and the records
sent to `logging`, against the in-process emulator."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Dict, List

import pytest

from clerk_backend import Clerk, RateLimit
from clerk_backend.models import ClerkErrors
from clerk_backend.testing import Emulator

from conftest import SECRET


def _users(n: int) -> List[Dict[str, Any]]:
    """`n` users created one millisecond apart, oldest first."""
    return [{"id": f"user_{i:05}", "created_at": 1_700_000_000_000 + i} for i in range(n)]


@pytest.fixture(scope="module")
def emu():
    with Emulator(secret_key=SECRET) as emulator:
        yield emulator


@pytest.fixture
def fresh(emu):
    emu.reset()
    emu.set_rate_limit(None)
    yield emu
    emu.reset()
    emu.set_rate_limit(None)


def test_list_all_yields_every_user_in_order_in_pages_of_500(fresh):
    fresh.load_users(_users(1234))
    clerk = fresh.client()
    before = fresh.stats()["requests"]
    ids = [user.id for user in clerk.users.list_all()]
    assert ids == [f"user_{i:05}" for i in reversed(range(1234))]
    assert fresh.stats()["requests"] - before == 3, "1234 users at 500 a page"

    oldest = [u.id for u in clerk.users.list_all(request={"order_by": "+created_at", "user_id": ids[:100]}, page_size=30)]
    assert oldest == list(reversed(ids[:100]))


def test_users_created_and_deleted_during_the_walk_never_cause_a_skip_or_a_repeat(fresh):
    fresh.load_users(_users(600))
    clerk = fresh.client()
    seen: List[str] = []
    deleted = set()
    for step, user in enumerate(clerk.users.list_all(page_size=50), start=1):
        seen.append(user.id)
        if step % 37 == 0:
            clerk.users.create(first_name="New")
            victim = f"user_{min(step, 599):05}"
            try:
                clerk.users.delete(user_id=victim)
                deleted.add(victim)
            except ClerkErrors:
                pass
    assert len(seen) == len(set(seen)), "a user was yielded twice"
    missing = [f"user_{i:05}" for i in range(600) if f"user_{i:05}" not in seen and f"user_{i:05}" not in deleted]
    assert missing == [], "present throughout but skipped"


def test_an_early_stop_sends_nothing_more_and_an_error_comes_after_the_users_before_it(fresh):
    fresh.load_users(_users(30))
    clerk = fresh.client(retry_config=None)
    before = fresh.stats()["requests"]
    walk = clerk.users.list_all(page_size=10)
    first = [next(walk) for _ in range(3)]
    del walk
    assert [u.id for u in first] == ["user_00029", "user_00028", "user_00027"]
    assert fresh.stats()["requests"] - before == 1

    walk = clerk.users.list_all(page_size=10)
    page_one = [next(walk) for _ in range(10)]
    fresh.fault(400, path="/v1/users")
    with pytest.raises(ClerkErrors) as info:
        next(walk)
    assert info.value.status_code == 400
    assert len(page_one) == 10
    with pytest.raises(StopIteration):
        next(walk)


def test_what_a_cursor_cannot_walk_is_refused_before_any_request(fresh):
    clerk = fresh.client()
    before = fresh.stats()["requests"]
    with pytest.raises(ValueError, match="order_by"):
        clerk.users.list_all(request={"order_by": "-last_sign_in_at"})
    with pytest.raises(ValueError, match="offset"):
        clerk.users.list_all(request={"offset": 20})
    with pytest.raises(ValueError, match="page_size"):
        clerk.users.list_all(page_size=501)
    with pytest.raises((OverflowError, TypeError)):
        clerk.users.list_all(page_size=2**70)
    with pytest.raises(TypeError, match="emial"):
        clerk.users.list_all(request={"emial_address": ["a@b.c"]})  # type: ignore[typeddict-unknown-key]
    assert fresh.stats()["requests"] == before


def test_list_all_async(fresh):
    fresh.load_users(_users(25))
    clerk = fresh.client()

    async def walk() -> List[str]:
        return [user.id async for user in clerk.users.list_all_async(page_size=10)]

    assert asyncio.run(walk()) == [f"user_{i:05}" for i in reversed(range(25))]


def _gets(clerk: Clerk, n: int) -> List[Any]:
    async def run() -> List[Any]:
        calls = [clerk.users.get_async(user_id="user_00000") for _ in range(n)]
        return await asyncio.gather(*calls, return_exceptions=True)

    return asyncio.run(run())


def test_a_paced_client_stays_under_the_emulator_s_limit(fresh):
    fresh.load_users(_users(1))
    fresh.set_rate_limit("20/1s")
    clerk = Clerk(bearer_auth=SECRET, server_url=fresh.url, rate_limit=RateLimit(requests=20, per_seconds=1))
    before = fresh.stats()
    started = time.monotonic()
    results = _gets(clerk, 120)
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert fresh.stats()["rate_limited"] == before["rate_limited"]
    # Five windows of waiting at least (how much more is the benchmark's business).
    assert time.monotonic() - started >= 5


def test_pacing_settings_are_checked():
    with pytest.raises(ValueError, match="rate_limit"):
        Clerk(bearer_auth="not_a_clerk_key", rate_limit="auto")
    with pytest.raises(ValueError, match="rate_limit"):
        Clerk(bearer_auth=SECRET, rate_limit=RateLimit(requests=0, per_seconds=1))
    with pytest.raises(TypeError):
        Clerk(bearer_auth=SECRET, rate_limit=(5, 1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_concurrency"):
        Clerk(bearer_auth=SECRET, max_concurrency=0)
    with pytest.raises(ValueError, match="max_concurrency"):
        Clerk(bearer_auth=SECRET, max_concurrency=2**62)
    with pytest.raises(ValueError, match="rate_limit"):
        Clerk(bearer_auth=SECRET, rate_limit=RateLimit(requests=5, per_seconds=float("nan")))
    Clerk(bearer_auth=SECRET, rate_limit="auto", max_concurrency=8)


def test_each_attempt_is_logged_at_debug_and_retries_at_warning(fresh, caplog):
    fresh.load_users(_users(1))
    clerk = fresh.client()
    fresh.fault(503, retry_after=0, path="/v1/users/user_00000")
    with caplog.at_level(logging.DEBUG, logger="clerk_backend"):
        clerk.users.get(user_id="user_00000")
    records = [r for r in caplog.records if r.name == "clerk_backend"]
    debug = [r for r in records if r.levelno == logging.DEBUG]
    warning = [r for r in records if r.levelno == logging.WARNING]
    assert [(r.clerk_operation, r.clerk_method, r.clerk_path, r.clerk_status, r.clerk_attempt) for r in debug] == [
        ("get", "GET", "/users/{user_id}", 503, 1),
        ("get", "GET", "/users/{user_id}", 200, 2),
    ]
    assert all(r.clerk_duration_ms >= 0 for r in debug)
    assert len(warning) == 1 and "retrying in" in warning[0].getMessage()
    text = " ".join(r.getMessage() for r in records) + repr([r.__dict__ for r in records])
    assert SECRET not in text and "user_00000" not in text


def test_nothing_below_warning_is_logged_unless_asked(fresh, caplog):
    fresh.load_users(_users(1))
    clerk = fresh.client()
    with caplog.at_level(logging.WARNING, logger="clerk_backend"):
        clerk.users.get(user_id="user_00000")
    assert [r for r in caplog.records if r.name == "clerk_backend"] == []
