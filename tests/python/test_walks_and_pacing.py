"""`list_all` (every user, by cursor), pacing (`rate_limit`, `max_concurrency`) and the records
sent to `logging`, against the in-process emulator."""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from typing import Any, Dict, List, Set

import pytest

from clerk_backend import Clerk, RateLimit, Users, _native
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

    # Page 2 fails, and so does the request by creation time that follows a refused cursor.
    walk = clerk.users.list_all(page_size=10)
    page_one = [next(walk) for _ in range(10)]
    before = fresh.stats()["requests"]
    fresh.fault(400, path="/v1/users", count=2)
    with pytest.raises(ClerkErrors) as info:
        next(walk)
    assert info.value.status_code == 400
    assert len(page_one) == 10
    assert fresh.stats()["requests"] - before == 2
    with pytest.raises(StopIteration):
        next(walk)


def _list_statuses(caplog: pytest.LogCaptureFixture) -> List[int]:
    return [r.clerk_status for r in caplog.records if r.levelno == logging.DEBUG and r.clerk_operation == "list"]


def test_deleting_every_user_as_it_is_yielded_walks_them_all(fresh, caplog):
    fresh.load_users(_users(30))
    clerk = fresh.client()
    seen: List[str] = []
    with caplog.at_level(logging.DEBUG, logger="clerk_backend"):
        for user in clerk.users.list_all(page_size=10):
            clerk.users.delete(user_id=user.id)
            seen.append(user.id)
    assert seen == [f"user_{i:05}" for i in reversed(range(30))], "every user once, newest first"
    assert clerk.users.count().total_count == 0
    # The emulator refused each later page's deleted cursor; the walk asked again by creation time.
    assert _list_statuses(caplog) == [200, 422, 200, 422, 200, 422, 200]


def _users_sharing_milliseconds(n: int, per_ms: int) -> List[Dict[str, Any]]:
    return [{"id": f"user_{i:05}", "created_at": 1_700_000_000_000 + i // per_ms} for i in range(n)]


@pytest.mark.parametrize("order", ["-created_at", "+created_at"])
@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_a_re_anchored_page_never_repeats_users_of_the_same_millisecond(fresh, caplog, order, use_async):
    fresh.load_users(_users_sharing_milliseconds(30, 4))
    clerk = fresh.client()
    seen: List[str] = []
    deleted: Set[str] = set()
    request: Any = {"order_by": order}

    # Every other user is deleted as it comes: some pages end on a deleted user whose millisecond
    # they share with users they kept.
    def take(user_id: str) -> bool:
        seen.append(user_id)
        if len(seen) % 2 == 0:
            deleted.add(user_id)
            return True
        return False

    async def walk_async() -> None:
        async for user in clerk.users.list_all_async(request=request, page_size=10):
            if take(user.id):
                await clerk.users.delete_async(user_id=user.id)

    with caplog.at_level(logging.DEBUG, logger="clerk_backend"):
        if use_async:
            asyncio.run(walk_async())
        else:
            for user in clerk.users.list_all(request=request, page_size=10):
                if take(user.id):
                    clerk.users.delete(user_id=user.id)
    ids = [f"user_{i:05}" for i in range(30)]
    assert seen == (list(reversed(ids)) if order == "-created_at" else ids), "every user once, in order"
    assert len(deleted) == 15
    assert 422 in _list_statuses(caplog), "no page was re-anchored"


def test_a_walk_page_that_gets_a_503_is_retried_and_the_walk_goes_on(fresh):
    fresh.load_users(_users(30))
    clerk = fresh.client()
    walk = clerk.users.list_all(page_size=10)
    seen = [next(walk).id for _ in range(10)]
    fresh.fault(503, retry_after=0, path="/v1/users")
    seen += [user.id for user in walk]
    assert seen == [f"user_{i:05}" for i in reversed(range(30))]
    assert fresh.stats()["faulted"] == 1


def test_the_page_size_is_the_core_s():
    for method in (Users.list_all, Users.list_all_async):
        assert inspect.signature(method).parameters["page_size"].default == _native.UserPages.DEFAULT_PAGE_SIZE
    assert _native.UserPages.DEFAULT_PAGE_SIZE == _native.UserPages.MAX_PAGE_SIZE


def test_what_a_cursor_cannot_walk_is_refused_before_any_request(fresh):
    clerk = fresh.client()
    before = fresh.stats()["requests"]
    with pytest.raises(ValueError, match="order_by"):
        clerk.users.list_all(request={"order_by": "-last_sign_in_at"})
    with pytest.raises(ValueError, match="offset"):
        clerk.users.list_all(request={"offset": 20})
    with pytest.raises(ValueError, match="page_size"):
        clerk.users.list_all(page_size=_native.UserPages.MAX_PAGE_SIZE + 1)
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


async def _until(check: Any, what: str) -> None:
    """Waits (up to 10 s) until `check()` is true."""
    for _ in range(1000):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"never: {what}")


@pytest.mark.parametrize("paced", [True, False], ids=["paced", "unpaced"])
def test_a_429_pauses_every_call_of_a_paced_client(fresh, caplog, paced):
    fresh.load_users(_users(2))
    if paced:
        clerk = Clerk(bearer_auth=SECRET, server_url=fresh.url, rate_limit=RateLimit(requests=1000, per_seconds=1))
    else:
        clerk = fresh.client()
    fresh.fault(429, retry_after=2, path="/v1/users/user_00000")

    async def run() -> None:
        first = asyncio.ensure_future(clerk.users.get_async(user_id="user_00000"))
        # Another call, once the first has been told to wait 2 s (its retry is logged).
        await _until(lambda: any("retrying in" in r.getMessage() for r in caplog.records), "a retry")
        started = time.monotonic()
        await clerk.users.get_async(user_id="user_00001")
        second_took = time.monotonic() - started
        if paced:
            # It waited out (nearly all of) the first call's pause.
            assert second_took >= 1.5, second_took
        else:
            # It went at once: the first call is still waiting for its retry.
            assert not first.done(), f"the second call waited {second_took:.2f} s"
        assert (await first).id == "user_00000"

    with caplog.at_level(logging.WARNING, logger="clerk_backend"):
        asyncio.run(run())
    pauses = [r for r in caplog.records if "pauses" in r.getMessage()]
    if paced:
        assert len(pauses) == 1
        assert pauses[0].levelno == logging.WARNING
        assert (pauses[0].clerk_operation, pauses[0].clerk_status) == ("get", 429)
        assert "every call of the client pauses for 2000 ms" in pauses[0].getMessage()
    else:
        assert pauses == []


def test_max_concurrency_caps_the_calls_in_flight(fresh):
    fresh.load_users(_users(1))
    clerk = Clerk(bearer_auth=SECRET, server_url=fresh.url, max_concurrency=2)
    fresh.fault(delay_ms=300, count=6, path="/v1/users/user_00000")
    started = time.monotonic()
    results = _gets(clerk, 6)
    assert [r for r in results if isinstance(r, BaseException)] == []
    # Two at a time: three rounds of 300 ms at least (all six at once would take one).
    assert time.monotonic() - started >= 0.89
    assert fresh.stats()["faulted"] == 6


def test_a_call_cancelled_while_waiting_for_its_turn_gives_its_place_back(fresh):
    fresh.load_users(_users(1))
    clerk = Clerk(bearer_auth=SECRET, server_url=fresh.url, max_concurrency=1)
    fresh.fault(delay_ms=1000, path="/v1/users/user_00000")

    async def run() -> None:
        first = asyncio.ensure_future(clerk.users.get_async(user_id="user_00000"))
        await _until(lambda: fresh.stats()["requests"] == 1, "the first call in flight")
        waiting = asyncio.ensure_future(clerk.users.get_async(user_id="user_00000"))
        await asyncio.sleep(0.1)
        assert not waiting.done(), "the second call should wait for the first"
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        assert not first.done()
        await first
        # The cancelled call took no place: the next one goes at once, and only it is sent.
        await clerk.users.get_async(user_id="user_00000")

    asyncio.run(run())
    assert fresh.stats()["requests"] == 2


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
