"""A client made and used before a fork keeps working in the child (a fresh runtime and
connection pool there), for sync and async calls, with os.fork and multiprocessing; the parent's
client is unaffected."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import signal
import threading
import time
from typing import Any, Callable, Optional

import pytest

from clerk_backend import Clerk

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork"),
    # Python 3.12+ warns about forking a process that has threads; forking is what is tested.
    pytest.mark.filterwarnings("ignore:.*fork.*:DeprecationWarning"),
]


def in_child(body: Callable[[], Any], timeout: float = 30) -> Any:
    """Forks; the child runs `body` and sends back its JSON result (or its error)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        os.close(read)
        try:
            out = {"ok": body()}
        except BaseException as error:  # noqa: BLE001 - reported to the parent
            out = {"error": f"{type(error).__name__}: {error}"}
        with os.fdopen(write, "w") as pipe:
            json.dump(out, pipe)
        os._exit(0)
    os.close(write)
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the forked child hung")
        time.sleep(0.02)
    with os.fdopen(read) as pipe:
        text = pipe.read()
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, (status, text)
    result = json.loads(text)
    assert "error" not in result, result["error"]
    return result["ok"]


def test_sync_and_async_calls_work_in_a_forked_child(clerk_emulator):
    clerk = clerk_emulator.client()
    ada = clerk.users.create(first_name="Ada")
    # Both kinds of call have run in the parent: its runtime and pool exist.
    assert asyncio.run(clerk.users.get_async(user_id=ada.id)).first_name == "Ada"

    def child() -> Any:
        got = clerk.users.get(user_id=ada.id).first_name
        made = clerk.users.create(first_name="Child").id

        async def both() -> Any:
            one, two = await asyncio.gather(
                clerk.users.get_async(user_id=ada.id), clerk.users.get_async(user_id=made)
            )
            return [one.first_name, two.first_name]

        return {"sync": got, "async": asyncio.run(both()), "made": made}

    out = in_child(child)
    assert out["sync"] == "Ada" and out["async"] == ["Ada", "Child"]
    # The parent's client still works, and sees what the child did.
    assert clerk.users.get(user_id=out["made"]).first_name == "Child"
    assert asyncio.run(clerk.users.get_async(user_id=ada.id)).first_name == "Ada"
    # A grandchild too.
    assert in_child(lambda: in_child(lambda: clerk.users.get(user_id=ada.id).first_name)) == "Ada"


def test_async_calls_in_the_child_do_not_block_its_event_loop(clerk_emulator):
    clerk = clerk_emulator.client()
    ada = clerk.users.create(first_name="Ada")
    clerk_emulator.fault(delay_ms=300, path=f"/v1/users/{ada.id}")
    assert clerk.users.get(user_id=ada.id).first_name == "Ada"
    clerk_emulator.fault(delay_ms=300, path=f"/v1/users/{ada.id}")

    def child() -> Any:
        async def run() -> Any:
            ticks = 0
            call = asyncio.ensure_future(clerk.users.get_async(user_id=ada.id))
            while not call.done():
                ticks += 1
                await asyncio.sleep(0.01)
            return [ticks, (await call).first_name]

        return asyncio.run(run())

    ticks, name = in_child(child)
    assert name == "Ada" and ticks >= 10


def test_fork_while_another_thread_is_calling(clerk_emulator):
    clerk = clerk_emulator.client()
    ada = clerk.users.create(first_name="Ada")
    stop = threading.Event()
    errors: list = []

    def busy() -> None:
        while not stop.is_set():
            try:
                clerk.users.get(user_id=ada.id)
            except Exception as error:  # noqa: BLE001 - asserted below
                errors.append(error)

    thread = threading.Thread(target=busy)
    thread.start()
    try:
        for _ in range(5):
            assert in_child(lambda: clerk.users.get(user_id=ada.id).first_name) == "Ada"
    finally:
        stop.set()
        thread.join()
    assert errors == []


# For the multiprocessing test: made and used in the parent, inherited by the workers.
SHARED: Optional[Clerk] = None


def _first_name(user_id: str) -> Any:
    assert SHARED is not None
    return [os.getpid(), SHARED.users.get(user_id=user_id).first_name]


def test_multiprocessing_fork_pool_workers_use_the_parent_s_client(clerk_emulator):
    global SHARED
    SHARED = clerk_emulator.client()
    users = [SHARED.users.create(first_name=f"U{i}").id for i in range(6)]
    context = multiprocessing.get_context("fork")
    with context.Pool(2) as pool:
        results = pool.map_async(_first_name, users).get(timeout=60)
    assert [name for _, name in results] == [f"U{i}" for i in range(6)]
    assert all(pid != os.getpid() for pid, _ in results)
    assert SHARED.users.get(user_id=users[0]).first_name == "U0"
    SHARED = None


def test_closing_the_parent_s_emulator_in_a_child_leaves_it_alone():
    """The child has the parent's emulator object but not its server thread: closing it there
    (or letting it be collected) neither waits nor panics, and the parent's server keeps serving."""
    from clerk_backend.testing import Emulator

    emulator = Emulator()
    try:
        client = Clerk(bearer_auth="sk_test_fork", server_url=emulator.url, retry_config=None)
        client.users.count(request={})

        def close_in_child() -> str:
            emulator.close()
            return "closed"

        assert in_child(close_in_child, timeout=10) == "closed"
        assert client.users.count(request={}).total_count == 0
    finally:
        emulator.close()
