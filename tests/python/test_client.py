"""The client: redaction, models, per-call options, concurrency (threads, asyncio), GIL release,
cancellation."""

from __future__ import annotations

import asyncio
import pickle
import threading
import time

import pytest

import clerk_backend
from clerk_backend import Clerk, models
from conftest import SECRET, response_of

USER = {
    "id": "user_1",
    "object": "user",
    "first_name": "Ada",
    "email_addresses": [{"id": "idn_1", "object": "email_address", "email_address": "ada@example.com"}],
    "public_metadata": {"plan": "pro", "nested": {"a": [1, 2]}},
    "brand_new_field": {"kept": True},
}


def test_secret_never_in_repr_or_str(mock, clerk):
    texts = [repr(clerk), str(clerk), repr(clerk.users), repr(clerk._native), repr(vars(clerk))]
    assert all(SECRET not in t for t in texts), texts
    assert "redacted" in repr(clerk)


def test_user_agent_and_per_call_options(mock, clerk):
    mock.respond({"status": 200, "body": USER})
    other = f"{mock.base}/"
    clerk.users.get(user_id="user_1", server_url=other, http_headers={"X-Trace": "t1"})
    request = mock.requests[0]
    assert request.headers["x-trace"] == "t1"
    assert request.headers["user-agent"].startswith(f"clerk-backend/{clerk_backend.__version__} (python")


def test_model_access_equality_repr_and_dicts(mock, clerk):
    mock.respond({"status": 200, "body": USER})
    user = clerk.users.get(user_id="user_1")
    assert isinstance(user, models.User)
    assert user.first_name == "Ada"
    assert user.email_addresses[0].email_address == "ada@example.com"
    assert user.public_metadata == {"plan": "pro", "nested": {"a": [1, 2]}}
    assert user.last_name is None  # left out by the response
    assert user.brand_new_field == {"kept": True}  # unknown fields survive, as sent
    assert user.model_extra == {"brand_new_field": {"kept": True}}
    # to_dict() is the JSON as sent; model_dump() has every declared field, with defaults.
    dumped = user.to_dict()
    assert dumped == USER
    full = user.model_dump()
    assert full["banned"] is False and full["last_name"] is None and full["brand_new_field"] == {"kept": True}
    assert full["email_addresses"][0]["email_address"] == "ada@example.com"
    assert set(full) == set(models.User._clerk_fields) | {"brand_new_field"}
    copy = user.to_dict()
    copy["first_name"] = "changed"
    assert user.first_name == "Ada"
    again = clerk.users.get(user_id="user_1")
    assert user == again
    assert user != models.User({**USER, "first_name": "Bob"})
    text = repr(user)
    assert text.startswith("User(") and "first_name='Ada'" in text and "EmailAddress(" in text
    assert pickle.loads(pickle.dumps(user)) == user
    with pytest.raises(AttributeError):
        user.first_name = "x"  # type: ignore[misc]


def test_list_results_are_python_lists(mock, clerk):
    mock.respond({"status": 200, "body": [USER, {**USER, "id": "user_2"}]})
    users = clerk.users.list(request={"limit": 2})
    assert type(users) is list
    assert [u.id for u in users] == ["user_1", "user_2"]
    assert mock.requests[0].query == "limit=2&offset=0&order_by=-created_at"


def test_enums_importable_like_the_docs():
    assert clerk_backend.Action.DECREASE == "decrease"
    assert clerk_backend.models.Action is clerk_backend.Action
    assert clerk_backend.UsersGetOrganizationInvitationsQueryParamStatus.PENDING == "pending"


def test_threads_share_one_client(mock, clerk):
    mock.respond({"status": 200, "body": USER})
    errors = []
    results = []

    def work():
        try:
            for _ in range(10):
                results.append(clerk.users.get(user_id="user_1").id)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results == ["user_1"] * 80
    assert len(mock.requests) == 80


def test_asyncio_gather_100_calls(mock, clerk):
    mock.respond({"status": 200, "body": USER})

    async def run():
        return await asyncio.gather(*(clerk.users.get_async(user_id=f"user_{i}") for i in range(100)))

    users = asyncio.run(run())
    assert len(users) == 100 and all(u.id == "user_1" for u in users)
    assert sorted(r.path for r in mock.requests) == sorted(f"/v1/users/user_{i}" for i in range(100))


def test_sync_call_releases_the_gil(mock, clerk):
    mock.respond({"status": 200, "body": USER, "delay": 0.5})
    ticks = 0
    stop = threading.Event()

    def spin():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    spinner = threading.Thread(target=spin)
    spinner.start()
    clerk.users.get(user_id="user_1")
    stop.set()
    spinner.join()
    assert ticks > 50


def test_async_call_does_not_block_the_loop_and_cancels(mock, clerk):
    mock.respond({"status": 200, "body": USER, "delay": 1.0})

    async def run():
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.01)

        tick = asyncio.ensure_future(ticker())
        call = asyncio.ensure_future(clerk.users.get_async(user_id="user_1"))
        await asyncio.sleep(0.3)
        call.cancel()
        started = time.monotonic()
        with pytest.raises(asyncio.CancelledError):
            await call
        cancelled_in = time.monotonic() - started
        tick.cancel()
        return ticks, cancelled_in

    ticks, cancelled_in = asyncio.run(run())
    assert ticks > 10
    assert cancelled_in < 0.5


def test_count_and_request_models(mock, clerk):
    mock.respond({"status": 200, "body": {"object": "total_count", "total_count": 3}})
    total = clerk.users.count(request=models.GetUsersCountRequest(email_address=["a@example.com"]))
    assert total.total_count == 3
    assert mock.requests[0].query == "email_address=a%40example.com"


def test_every_operation_has_sync_and_async_methods():
    for op, _ in clerk_backend._native.OPERATIONS:
        assert callable(getattr(clerk_backend.Users, op)), op
        assert asyncio.iscoroutinefunction(getattr(clerk_backend.Users, op + "_async")), op


def test_bad_client_settings():
    with pytest.raises(ValueError, match="server_url"):
        Clerk(bearer_auth=SECRET, server_url="not a url")
    with pytest.raises(ValueError, match="secret_key"):
        Clerk(bearer_auth="")
    with pytest.raises(TypeError):
        Clerk(bearer_auth=None)  # type: ignore[arg-type]


def test_vector_responses_available():
    assert response_of("get") is not None


ODD_USER = {
    "id": "user_odd",
    "object": "user",
    "first_name": 5,  # wrong type
    "banned": "yes",  # wrong type
    "created_at": "yesterday",  # wrong type
    "public_metadata": None,  # null where an object belongs
    "email_addresses": [
        {
            "id": "idn_1",
            "object": "email_address",
            "email_address": "odd@example.com",
            "verification": {"status": "brand_new_status", "strategy": "carrier_pigeon", "object": "verification_v9"},
        }
    ],
    "field_from_the_future": [1, {"nested": True}],
}


def test_tolerant_decoding_one_odd_user_never_fails_a_page(mock, clerk):
    mock.respond({"status": 200, "body": [ODD_USER, USER]})
    odd, normal = clerk.users.list()
    assert normal.id == "user_1" and normal.first_name == "Ada"
    # Unknown enum values stay strings; unknown fields survive, nested objects included.
    verification = odd.email_addresses[0].verification
    assert (verification.status, verification.strategy, verification.object) == (
        "brand_new_status",
        "carrier_pigeon",
        "verification_v9",
    )
    assert odd.field_from_the_future[1] == {"nested": True}
    # A value of another type reads as the field's default (the types hold); it is kept as sent
    # in model_extra and to_dict(). A null object reads as empty.
    assert (odd.first_name, odd.banned, odd.created_at) == (None, False, 0)
    assert {k: odd.model_extra[k] for k in ("first_name", "banned", "created_at")} == {
        "first_name": 5,
        "banned": "yes",
        "created_at": "yesterday",
    }
    assert odd.public_metadata == {}
    assert odd.last_name is None and odd.mfa_enabled_at is None  # missing: None
    dumped = odd.to_dict()
    assert dumped == ODD_USER
    assert dumped["field_from_the_future"] == [1, {"nested": True}]
    assert dumped["email_addresses"][0]["verification"]["status"] == "brand_new_status"

    mock.respond({"status": 200, "body": ODD_USER})
    again = asyncio.run(clerk.users.get_async(user_id="user_odd"))
    assert again == odd
