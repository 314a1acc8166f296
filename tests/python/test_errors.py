"""Errors: the docs' per-operation tables, fields, pickling, argument errors before I/O,
transport errors, timeouts, retries, panics."""

from __future__ import annotations

import asyncio
import pickle
import time

import pytest

from clerk_backend import BackoffStrategy, Clerk, RetryConfig, _native
from clerk_backend.models import (
    ClerkBaseError,
    ClerkConnectionError,
    ClerkErrors,
    ClerkInternalError,
    ClerkTimeoutError,
    ResponseValidationError,
    SDKError,
)
from conftest import DOCS, SECRET, free_port
from error_tables import ARGS, CLERK_ERRORS, STATUSES, parse_docs_tables

# The docs' error table of every operation: see error_tables.py.
DOCS_TABLES = {op: (ARGS[op], CLERK_ERRORS[op]) for op in CLERK_ERRORS}

ERROR_BODY = {
    "errors": [
        {
            "message": "not found",
            "long_message": "No user was found with id user_1",
            "code": "resource_not_found",
            "meta": {"param_name": "user_id"},
        }
    ],
    "meta": {"hint": 1},
    "clerk_trace_id": "trace_123",
}


def test_error_tables_cover_every_operation_as_the_docs_say():
    assert sorted(CLERK_ERRORS) == sorted(op for op, _ in _native.OPERATIONS)
    assert sorted(ARGS) == sorted(CLERK_ERRORS)
    if DOCS is None:
        pytest.skip("shared/reference/users-sdk-docs.txt is not beside the repository")
    assert parse_docs_tables(DOCS.read_text()) == CLERK_ERRORS


@pytest.mark.parametrize("op", sorted(DOCS_TABLES))
def test_docs_error_tables(mock, clerk, op):
    args, clerk_statuses = DOCS_TABLES[op]
    for status in STATUSES:
        mock.respond({"status": status, "body": ERROR_BODY, "headers": {"x-test": "yes"}})
        with pytest.raises(ClerkBaseError) as info:
            getattr(clerk.users, op)(**args)
        error = info.value
        expected = ClerkErrors if status in clerk_statuses else SDKError
        assert type(error) is expected, (op, status)
        assert error.status_code == status
        assert error.headers["x-test"] == "yes"
        assert "resource_not_found" in error.body
        if expected is ClerkErrors:
            first = error.data.errors[0]
            assert first.message == "not found"
            assert first.long_message == "No user was found with id user_1"
            assert first.code == "resource_not_found"
            assert first.meta == {"param_name": "user_id"}
            assert error.data.meta == {"hint": 1}
            assert error.clerk_trace_id == "trace_123"
            assert "No user was found" in str(error)


def test_clerk_errors_status_without_json_body_is_sdk_error(mock, clerk):
    mock.respond({"status": 404, "body": "<html>gone</html>", "raw": True, "headers": {"content-type": "text/html"}})
    with pytest.raises(SDKError) as info:
        clerk.users.get(user_id="user_1")
    assert info.value.body == "<html>gone</html>"


def test_retry_after_is_reported(mock, clerk):
    mock.respond({"status": 429, "body": ERROR_BODY, "headers": {"retry-after": "7"}})
    with pytest.raises(SDKError) as info:
        clerk.users.get(user_id="user_1")
    assert info.value.retry_after == 7


def test_response_validation_error(mock, clerk):
    mock.respond({"status": 200, "body": "not json", "raw": True})
    with pytest.raises(ResponseValidationError) as info:
        clerk.users.get(user_id="user_1")
    assert info.value.status_code == 200
    assert info.value.body == "not json"
    mock.respond({"status": 200, "body": {"not": "a list"}})
    with pytest.raises(ResponseValidationError):
        clerk.users.list()


def test_errors_pickle(mock, clerk):
    mock.respond({"status": 404, "body": ERROR_BODY, "headers": {"retry-after": "2"}})
    with pytest.raises(ClerkErrors) as info:
        clerk.users.get(user_id="user_1")
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is ClerkErrors
    assert (copy.status_code, copy.body, copy.headers, copy.retry_after) == (
        info.value.status_code,
        info.value.body,
        info.value.headers,
        2,
    )
    assert copy.data.errors[0].code == "resource_not_found"
    assert copy.clerk_trace_id == "trace_123"
    assert str(copy) == str(info.value)

    for error in (
        SDKError("boom", status_code=500, body="x", headers={"a": "b"}),
        ResponseValidationError("bad", status_code=200, body="[", cause="EOF"),
        ClerkConnectionError("refused"),
        ClerkTimeoutError("slow"),
        ClerkInternalError("bug"),
    ):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert copy.__dict__ == error.__dict__
        assert str(copy) == str(error)


def test_unknown_request_key_is_type_error_before_io(mock, clerk):
    with pytest.raises(TypeError, match="user_ids"):
        clerk.users.list(request={"user_ids": ["user_1"]})
    with pytest.raises(TypeError, match="user_ids"):
        clerk.users.count(request={"user_ids": ["user_1"]})
    with pytest.raises(TypeError, match="user_ids"):
        clerk.users.get(user_ids="user_1")  # type: ignore[call-arg]
    assert mock.requests == []


def test_wrong_types_name_the_parameter_before_io(mock, clerk):
    with pytest.raises(TypeError, match="limit"):
        clerk.users.list(request={"limit": "ten"})
    with pytest.raises(TypeError, match="user_id"):
        clerk.users.get(user_id=5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="email_address"):
        clerk.users.create(email_address="a@example.com")  # type: ignore[arg-type]
    with pytest.raises((TypeError, ValueError), match="limit"):
        clerk.users.get_organization_memberships(user_id="u", limit=-1)
    with pytest.raises(ValueError, match="limit"):
        clerk.users.list(request={"limit": 0})
    with pytest.raises(ValueError, match="user_ids"):
        clerk.users.bulk_ban(user_ids=[])
    with pytest.raises(ValueError, match="user_id"):
        clerk.users.get(user_id="")
    with pytest.raises(ValueError, match="timeout"):
        clerk.users.get(user_id="u", timeout_ms=0)
    assert mock.requests == []


def test_async_argument_errors_are_raised_before_io(mock, clerk):
    async def run():
        with pytest.raises(TypeError, match="user_ids"):
            await clerk.users.list_async(request={"user_ids": ["x"]})

    asyncio.run(run())
    assert mock.requests == []


FAST = RetryConfig("backoff", BackoffStrategy(1, 10, 1.1, 5_000), False)


def test_retries_503_then_200(mock, clerk):
    ok = {"status": 200, "body": {"id": "user_1", "object": "user"}}
    mock.respond({"status": 503, "body": ERROR_BODY}, ok)
    user = clerk.users.get(user_id="user_1", retries=FAST)
    assert user.id == "user_1"
    assert len(mock.requests) == 2


def test_client_retry_config_and_per_call_none(mock):
    ok = {"status": 200, "body": {"id": "user_1", "object": "user"}}
    with Clerk(bearer_auth=SECRET, server_url=mock.base, retry_config=FAST) as clerk:
        mock.respond({"status": 503, "body": ERROR_BODY}, ok)
        assert clerk.users.get(user_id="user_1").id == "user_1"
        assert len(mock.requests) == 2
        mock.respond({"status": 503, "body": ERROR_BODY}, ok)
        with pytest.raises(SDKError) as info:
            clerk.users.get(user_id="user_1", retries=None)
        assert info.value.status_code == 503
        assert len(mock.requests) == 1


def test_async_retries(mock, clerk):
    ok = {"status": 200, "body": {"id": "user_1", "object": "user"}}
    mock.respond({"status": 500, "body": ERROR_BODY}, ok)
    user = asyncio.run(clerk.users.get_async(user_id="user_1", retries=FAST))
    assert user.id == "user_1"
    assert len(mock.requests) == 2


def test_timeout(mock, clerk):
    mock.respond({"status": 200, "body": {}, "delay": 1.0})
    started = time.monotonic()
    with pytest.raises(ClerkTimeoutError) as info:
        clerk.users.get(user_id="user_1", timeout_ms=100)
    assert time.monotonic() - started < 0.9
    assert isinstance(info.value, TimeoutError)
    assert isinstance(info.value, ClerkBaseError)


def test_async_timeout(mock, clerk):
    mock.respond({"status": 200, "body": {}, "delay": 1.0})
    with pytest.raises(ClerkTimeoutError):
        asyncio.run(clerk.users.get_async(user_id="user_1", timeout_ms=100))


def test_connection_refused():
    url = f"http://127.0.0.1:{free_port()}/v1"
    with Clerk(bearer_auth=SECRET, server_url=url, retry_config=None) as clerk:
        with pytest.raises(ClerkConnectionError) as info:
            clerk.users.get(user_id="user_1")
        assert isinstance(info.value, ConnectionError)
        assert isinstance(info.value, ClerkBaseError)
        assert SECRET not in str(info.value)
        with pytest.raises(ClerkConnectionError):
            asyncio.run(clerk.users.get_async(user_id="user_1"))


def test_panics_become_library_errors():
    with pytest.raises(ClerkInternalError, match="deliberate panic"):
        _native._panic_for_tests()

    async def run():
        await _native._panic_for_tests(True)

    try:
        asyncio.run(run())
    except Exception as error:  # a BaseException (pyo3's PanicException) would escape this
        assert isinstance(error, ClerkInternalError)
    else:
        pytest.fail("no error")
