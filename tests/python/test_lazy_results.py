"""List results are lazy: each item stays an undecoded slice of the response body until it is
first read, then is decoded once (tolerantly, on its own) and behaves exactly like an eagerly
decoded result. And `Clerk(...)` checks its settings at once (the core builds its HTTP client on
first use)."""

from __future__ import annotations

import asyncio
import copy
import json
import pickle
import sys
import threading

import pytest

from clerk_backend import Clerk, _native, models
from clerk_backend.models import ClerkConnectionError, ResponseValidationError
from clerk_backend.utils import BackoffStrategy, RetryConfig, retry_tuple
from conftest import SECRET, free_port
from test_client import ODD_USER, USER


def unread(item: models.ClerkModel) -> bool:
    """Whether a list item has not been decoded yet (it has no `_data` of its own)."""
    try:
        object.__getattribute__(item, "_data")
    except AttributeError:
        return True
    return False


def users(n: int):
    return [{**USER, "id": f"user_{i}", "first_name": f"Name{i}"} for i in range(n)]


def listed(mock, clerk, body):
    mock.respond({"status": 200, "body": body})
    return clerk.users.list()


def fetched(mock, clerk, body):
    """The same object, decoded eagerly (as `get` returns it)."""
    mock.respond({"status": 200, "body": body})
    return clerk.users.get(user_id=body["id"])


def test_items_are_unread_until_used(mock, clerk):
    page = listed(mock, clerk, users(5))
    assert type(page) is list and len(page) == 5
    assert all(type(u) is models.User for u in page)
    assert all(unread(u) for u in page)
    assert page[2].first_name == "Name2"
    assert [unread(u) for u in page] == [True, True, False, True, True]


# Every way of reading a result; each must decode the item it touches, and only that one.
READS = {
    "attribute": lambda u: u.first_name,
    "missing attribute": lambda u: u.last_name,
    "nested attribute": lambda u: u.email_addresses[0].email_address,
    "unknown field": lambda u: u.brand_new_field.kept,
    "to_dict": lambda u: u.to_dict(),
    "model_dump": lambda u: u.model_dump(),
    "model_dump_json": lambda u: json.loads(u.model_dump_json()),
    "repr": repr,
    "str": str,
    "==": lambda u: u == models.User(dict(USER)),
    "!=": lambda u: u != models.User(dict(USER)),
    "getitem": lambda u: u["first_name"],
    "in": lambda u: "first_name" in u,
    "iter": list,
    "dir": lambda u: "first_name" in dir(u),
    "pickle": lambda u: pickle.loads(pickle.dumps(u)).to_dict(),
    "copy": lambda u: copy.copy(u).to_dict(),
    "deepcopy": lambda u: copy.deepcopy(u).to_dict(),
}


@pytest.mark.parametrize("how", sorted(READS))
def test_each_kind_of_read_decodes_the_item_like_an_eager_result(mock, clerk, how):
    eager = fetched(mock, clerk, USER)
    page = listed(mock, clerk, [USER, {**USER, "id": "user_2"}])
    lazy, other = page
    assert READS[how](lazy) == READS[how](eager)
    assert not unread(lazy) and unread(other)
    # Once decoded, it is the same as the eager result in every way.
    assert lazy == eager and lazy.to_dict() == eager.to_dict() and repr(lazy) == repr(eager)
    assert dir(lazy) == dir(eager)
    # The shared body is released by an item once it is decoded.
    with pytest.raises(AttributeError):
        object.__getattribute__(lazy, "_src")


def test_reads_that_need_no_data_do_not_decode(mock, clerk):
    (item,) = listed(mock, clerk, [USER])
    assert isinstance(item, models.User) and isinstance(item, models.ClerkModel)
    assert getattr(item, "__deepcopy__", None) is None and not hasattr(item, "__html__")
    assert unread(item)
    with pytest.raises(TypeError):
        hash(item)
    assert unread(item)


def test_results_stay_read_only(mock, clerk):
    (item,) = listed(mock, clerk, [USER])
    with pytest.raises(AttributeError):
        item.first_name = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        item._data = {}  # type: ignore[misc]
    assert item.first_name == "Ada"


def test_equality_between_lazy_and_eager_results(mock, clerk):
    eager = fetched(mock, clerk, USER)
    a = listed(mock, clerk, [USER, {**USER, "id": "user_2"}])
    b = listed(mock, clerk, [USER, {**USER, "id": "user_2"}])
    assert a == b  # lazy == lazy, item by item
    assert a[0] == eager and eager == a[0]
    assert a[0] != a[1] and a[1] != eager
    assert a[0] != USER  # a model never equals a plain dict (as before)
    assert models.User(eager.to_dict()) == a[0]


def test_pickling_a_list_and_unread_items(mock, clerk):
    page = listed(mock, clerk, users(3))
    assert all(unread(u) for u in page)
    copies = pickle.loads(pickle.dumps(page))
    assert copies == page
    assert all(type(u) is models.User and not unread(u) for u in copies)
    # The pickle holds data, not a handle on a response body.
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        (item,) = listed(mock, clerk, [USER])
        data = pickle.dumps(item, protocol=protocol)
        assert b"LazyList" not in data and b"_native" not in data
        assert pickle.loads(data) == item


def test_one_odd_item_is_decoded_tolerantly_on_its_own(mock, clerk):
    odd_eager = fetched(mock, clerk, ODD_USER)
    normal_eager = fetched(mock, clerk, USER)
    page = listed(mock, clerk, [USER, ODD_USER, {**USER, "id": "user_3"}])
    normal, odd, third = page
    # The well-formed items read without touching the odd one.
    assert normal.id == "user_1" and third.id == "user_3" and unread(odd)
    assert normal == normal_eager
    # The odd one: wrong types kept as sent, unknown values and fields kept, nothing fails.
    assert (odd.first_name, odd.banned, odd.created_at) == (5, "yes", "yesterday")
    assert odd.email_addresses[0].verification.status == "brand_new_status"
    assert odd.field_from_the_future[1].nested is True
    assert odd == odd_eager and odd.to_dict() == odd_eager.to_dict()


def test_list_shape_errors_are_raised_by_the_call(mock, clerk):
    for body in ([USER, 5], [USER, None], [USER, [1]], {"data": [USER]}, None, "text"):
        mock.respond({"status": 200, "body": body})
        with pytest.raises(ResponseValidationError) as info:
            clerk.users.list()
        assert info.value.status_code == 200
    assert listed(mock, clerk, []) == []


def test_concurrent_first_reads_decode_each_item_once(mock, clerk):
    page = listed(mock, clerk, users(100))
    barrier = threading.Barrier(8)
    seen = []
    errors = []

    def read():
        try:
            barrier.wait()
            seen.append([(u.first_name, id(u._data), id(u._cache)) for u in page])
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=read) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    # Every thread saw the same data objects: one decode per item won, none was replaced.
    assert all(s == seen[0] for s in seen)
    assert [name for name, _, _ in seen[0]] == [f"Name{i}" for i in range(100)]
    assert [(u.first_name, id(u._data), id(u._cache)) for u in page] == seen[0]


def test_every_list_operation_is_lazy(mock, clerk):
    mock.respond({"status": 200, "body": users(2)})

    async def both_async():
        # Checked inside the coroutine: asyncio.run() itself reprs the first items of its result.
        results = [await clerk.users.list_async(), await clerk.users.bulk_ban_async(user_ids=["user_0"])]
        return [all(unread(u) for u in result) for result in results], results

    unread_async, async_results = asyncio.run(both_async())
    assert unread_async == [True, True]
    for result in [
        clerk.users.list(),
        clerk.users.bulk_ban(user_ids=["user_0", "user_1"]),
        clerk.users.bulk_unban(user_ids=["user_0", "user_1"]),
        *async_results,
    ]:
        assert all(type(u) is models.User for u in result)
        assert all(unread(u) for u in result) or result in async_results
        assert [u.id for u in result] == ["user_0", "user_1"]
    token = {"object": "oauth_access_token", "token": "tok", "provider": "oauth_google", "extra_field": 1}
    mock.respond({"status": 200, "body": [token, {**token, "token": "tok2"}]})
    tokens = clerk.users.get_o_auth_access_token(user_id="user_1", provider="oauth_google")
    assert all(type(t) is models.OAuthAccessToken and unread(t) for t in tokens)
    assert [t.token for t in tokens] == ["tok", "tok2"] and tokens[0].extra_field == 1
    assert repr(tokens[0]).startswith("OAuthAccessToken(")


def test_items_outlive_the_list_and_the_client(mock):
    with Clerk(bearer_auth=SECRET, server_url=mock.base, retry_config=None) as client:
        mock.respond({"status": 200, "body": users(3)})
        last = client.users.list()[-1]
    del client
    assert unread(last) and last.first_name == "Name2"


def test_internal_errors_are_clear():
    shell = object.__new__(models.User)
    with pytest.raises(AttributeError):
        shell.first_name
    with pytest.raises(AttributeError):
        _native._materialize(shell)


# Bad settings: `Clerk(...)` fails at once, with the core's error naming the setting.
BAD_SETTINGS = [
    dict(bearer_auth=""),
    dict(bearer_auth="sk_test_\x7f"),
    dict(bearer_auth="sk_test_\x00"),
    dict(bearer_auth="sk\ntest"),
    dict(bearer_auth="sk", server_url="not a url"),
    dict(bearer_auth="sk", server_url="ftp://example.com/v1"),
    dict(bearer_auth="sk", server_url="http://"),
    dict(bearer_auth="sk", server_url="http://example.com/v1?x=1"),
    dict(bearer_auth="sk", server_url="http://example.com/v1#frag"),
    dict(bearer_auth="sk", server_url="unix:/tmp/socket"),
    dict(bearer_auth="sk", timeout_ms=0),
    dict(bearer_auth="sk", api_version="2025\n"),
    dict(bearer_auth="sk", http_headers={"bad header": "x"}),
    dict(bearer_auth="sk", http_headers={"x-ok": "bad\nvalue"}),
    dict(bearer_auth="sk", retry_config=RetryConfig("backoff", BackoffStrategy(10, 5, 1.5, 100), False)),
    dict(bearer_auth="sk", retry_config=RetryConfig("backoff", BackoffStrategy(1, 5, 0.5, 100), False)),
    dict(bearer_auth="sk", retry_config=RetryConfig("backoff", BackoffStrategy(1, 5, float("nan"), 100), False)),
]


@pytest.mark.parametrize("settings", BAD_SETTINGS, ids=lambda s: repr(s)[:60])
def test_bad_settings_fail_at_construction(settings):
    with pytest.raises(ValueError) as error:
        Clerk(**settings)
    named = ("secret_key", "server_url", "timeout", "api_version", "http_headers", "retries.backoff")
    assert any(name in str(error.value) for name in named), error.value


@pytest.mark.parametrize(
    "settings",
    [
        dict(bearer_auth="sk"),
        dict(bearer_auth="sk_test_é"),  # not ASCII, but a valid header value (obs-text)
        dict(bearer_auth="sk", server_url="http://127.0.0.1:1/v1/"),
        dict(bearer_auth="sk", server_url="https://example.com"),
        dict(bearer_auth="sk", server_url="HTTP://EXAMPLE.com:8080/v1", allow_insecure_http=True),
        dict(bearer_auth="sk", timeout_ms=1, api_version="2099-01-01", http_headers={"x-a": "b"}),
        dict(bearer_auth="sk", retry_config=None),
        dict(bearer_auth="sk", retry_config=RetryConfig("backoff", BackoffStrategy(5, 5, 1.0, 0), True)),
    ],
)
def test_good_settings_are_accepted(settings):
    client = Clerk(**settings)
    url = settings.get("server_url") or "https://api.clerk.com/v1"
    expected = url[:-1] if url.endswith("/") else url
    assert repr(client) == f'<clerk_backend.NativeClient(server_url="{expected}", bearer_auth=<redacted>)>'


def test_the_http_client_is_built_on_first_use(mock):
    client = Clerk(bearer_auth=SECRET, server_url=mock.base, retry_config=None)
    mock.respond({"status": 200, "body": USER})
    results = []

    def call():
        results.append(client.users.get(user_id="user_1").id)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["user_1"] * 8
    other = Clerk(bearer_auth=SECRET, server_url=f"http://127.0.0.1:{free_port()}/v1", retry_config=None)
    with pytest.raises(ClerkConnectionError):
        asyncio.run(other.users.get_async(user_id="user_1"))
