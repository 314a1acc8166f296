"""Hostile arguments: cycles, deep nesting, claimed lengths, NaN and infinities, integers beyond
64 bits, odd types, small thread stacks. Each is a TypeError or ValueError naming the parameter,
raised before any request is sent; none crashes the interpreter, and nothing is sent other than
as written."""

from __future__ import annotations

import asyncio
import json
import threading
from decimal import Decimal
from collections import OrderedDict, UserDict, UserList
from typing import Any, Callable, Iterator, Mapping, Sequence

import pytest

from clerk_backend import Clerk
from clerk_backend.models import ClerkErrors
from conftest import SECRET

USER = {"id": "user_1", "object": "user"}
# The request body {"public_metadata": ...} is one level; serde_json reads at most 127.
DEEPEST_METADATA = 126


def nested(levels: int) -> Any:
    """A dict nested `levels` deep (1: `{"k": 0}`)."""
    value: Any = 0
    for _ in range(levels):
        value = {"k": value}
    return value


def sent_metadata(mock: Any) -> Any:
    assert len(mock.requests) == 1, mock.requests
    return mock.requests[0].json()["public_metadata"]


def refused(mock: Any, clerk: Clerk, error: type, match: str, **kwargs: Any) -> None:
    """`update_metadata(**kwargs)` raises `error` (its message matching) and sends nothing."""
    with pytest.raises(error, match=match):
        clerk.users.update_metadata(user_id="user_1", **kwargs)
    assert mock.requests == []


def test_metadata_keyed_like_serde_json_internals_is_sent_as_written(mock, clerk):
    # serde_json (arbitrary_precision) carries numbers as such one-key maps: the core reads
    # metadata literally, so these stay objects.
    metadata = {
        "a": {"$serde_json::private::Number": "1"},
        "b": [{"$serde_json::private::Number": "x", "c": 1}],
        "r": {"$serde_json::private::RawValue": "[1]"},
    }
    mock.respond({"status": 200, "body": USER})
    clerk.users.update_metadata(user_id="user_1", public_metadata=metadata)
    assert mock.requests[0].json()["public_metadata"] == metadata


def test_a_dict_that_contains_itself_is_a_type_error(mock, clerk):
    d: dict = {}
    d["d"] = d
    refused(mock, clerk, TypeError, r"`public_metadata\.d`: contains itself", public_metadata=d)
    loop: list = [1]
    loop.append(loop)
    refused(mock, clerk, TypeError, r"`private_metadata\.x\[1\]`: contains itself", private_metadata={"x": loop})
    s: set = set()
    refused(mock, clerk, TypeError, r"`unsafe_metadata\.s\[0\]\[1\]\[1\]`: contains itself", unsafe_metadata={"s": [[s, loop]]})
    # Shared (not cyclic) parts are fine and sent as written.
    part = {"a": 1}
    mock.respond({"status": 200, "body": USER})
    clerk.users.update_metadata(user_id="user_1", public_metadata={"x": part, "y": [part, part]})
    assert sent_metadata(mock) == {"x": {"a": 1}, "y": [{"a": 1}, {"a": 1}]}


def test_nesting_5000_deep_is_a_type_error(mock, clerk):
    refused(mock, clerk, TypeError, "public_metadata.*nested too deeply", public_metadata=nested(5000))
    deep: list = []
    for _ in range(5000):
        deep = [deep]
    refused(mock, clerk, TypeError, "nested too deeply", unsafe_metadata={"a": deep})


def test_nesting_limit_is_what_serde_json_reads(clerk_emulator):
    clerk = clerk_emulator.client()
    user = clerk.users.create(first_name="Deep")
    # The deepest body serde_json reads: the emulator takes it and the client decodes the echo.
    deepest = nested(DEEPEST_METADATA)
    updated = clerk.users.update_metadata(user_id=user.id, public_metadata=deepest)
    assert updated.to_dict()["public_metadata"] == deepest
    with pytest.raises(TypeError, match="nested too deeply"):
        clerk.users.update_metadata(user_id=user.id, public_metadata=nested(DEEPEST_METADATA + 1))
    assert clerk.users.get(user_id=user.id).to_dict()["public_metadata"] == deepest


def in_a_small_thread(work: Callable[[], Any]) -> Any:
    """`work()` run in a thread with musl's default stack, 128 KiB: its result, or what it raised."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed back to the test
            outcome.append(error)

    previous = threading.stack_size(128 * 1024)
    try:
        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
    finally:
        threading.stack_size(previous)
    assert len(outcome) == 1
    return outcome[0]


def test_deep_nesting_in_a_thread_with_a_small_stack(mock, clerk):
    # Nothing recurses on the calling thread's stack by the depth of a value: arguments as deep
    # as serde_json reads (dicts, lists, sets), and past it, are read in a thread with musl's
    # default stack, as are results and error bodies nested as deep as the server sends them.
    deepest_lists: Any = 0
    for _ in range(DEEPEST_METADATA - 2):
        deepest_lists = [deepest_lists]
    mock.respond({"status": 200, "body": USER})
    for metadata in (nested(DEEPEST_METADATA), {"l": [deepest_lists]}, {"s": [frozenset([1])]}):
        mock.requests = []
        assert in_a_small_thread(lambda: clerk.users.update_metadata(user_id="user_1", public_metadata=metadata)).id == "user_1"
        assert sent_metadata(mock) == json.loads(json.dumps(metadata, default=list))
    mock.requests = []
    for too_deep in (nested(DEEPEST_METADATA + 1), nested(100_000)):
        error = in_a_small_thread(lambda: clerk.users.update_metadata(user_id="user_1", public_metadata=too_deep))
        assert isinstance(error, TypeError) and "nested too deeply" in str(error), error
    assert mock.requests == []

    # A result: metadata, an unknown key and `to_dict()`, nested 190 deep (jiter reads 200).
    deep = '{"k":' * 190 + "1e400" + "}" * 190
    mock.respond({"status": 200, "raw": True, "body": '{"id":"user_1","public_metadata":%s,"odd":%s}' % (deep, deep)})

    def read_deep() -> Any:
        user = clerk.users.get(user_id="user_1")
        return user.public_metadata, user.model_extra["odd"], user.to_dict()["odd"]

    for value in in_a_small_thread(read_deep):
        for _ in range(190):
            value = value["k"]
        assert value == Decimal("1e400")

    # An error body: the core reads 128 levels.
    meta = '{"k":' * 120 + "7" + "}" * 120
    body = '{"errors":[{"message":"m","long_message":"l","code":"c","meta":%s}]}' % meta
    mock.respond({"status": 404, "raw": True, "body": body})
    error = in_a_small_thread(lambda: clerk.users.get(user_id="user_1"))
    assert isinstance(error, ClerkErrors), error
    value = error.data.errors[0].meta
    for _ in range(120):
        value = value["k"]
    assert value == 7


def test_the_emulator_in_a_thread_with_a_small_stack(clerk_emulator):
    user = {"first_name": "Deep", "public_metadata": nested(DEEPEST_METADATA - 2)}
    loaded = in_a_small_thread(lambda: clerk_emulator.load_users([user]))
    assert loaded[0]["public_metadata"] == user["public_metadata"]
    exported = in_a_small_thread(clerk_emulator.export_data)
    assert exported["users"][0]["public_metadata"] == user["public_metadata"]


class Claims(Sequence):  # type: ignore[type-arg]
    """A sequence that says it holds 10**15 items."""

    def __len__(self) -> int:
        return 10**15

    def __getitem__(self, index: Any) -> Any:
        return 0


class Mapped(Mapping):  # type: ignore[type-arg]
    def __len__(self) -> int:
        return 10**15

    def __iter__(self) -> Iterator[str]:
        while True:
            yield "k"

    def __getitem__(self, key: str) -> Any:
        return 0


@pytest.mark.parametrize(
    "value, kind",
    [
        (range(10**15), "range"),
        (Claims(), "Claims"),
        (Mapped(), "Mapped"),
        ((i for i in range(3)), "generator"),
        (UserList([1]), "UserList"),
        (UserDict(a=1), "UserDict"),
        (object(), "object"),
        (1j, "complex"),
        (b"bytes", "bytes"),
        (bytearray(b"x"), "bytearray"),
    ],
)
def test_values_that_are_not_json_are_type_errors_without_reading_them(mock, clerk, value, kind):
    with pytest.raises(TypeError, match=r"public_metadata\.a.*(unsupported type `%s`|invalid type: bytes)" % kind):
        clerk.users.update_metadata(user_id="user_1", public_metadata={"a": value})
    assert mock.requests == []


def test_nan_and_infinities_are_value_errors_not_null(mock, clerk):
    # json.dumps would write NaN; the old conversion sent null, and Clerk's merge deletes a key
    # sent as null.
    for bad in (float("nan"), float("inf"), float("-inf")):
        refused(mock, clerk, ValueError, r"`public_metadata\.score`: must be a finite number", public_metadata={"score": bad})
        refused(mock, clerk, ValueError, r"`unsafe_metadata\.a\[1\]`: must be a finite number", unsafe_metadata={"a": [1.0, bad]})


def test_nan_is_refused_by_async_calls_too(mock, clerk):
    async def run() -> None:
        with pytest.raises(ValueError, match="public_metadata.score"):
            await clerk.users.update_metadata_async(user_id="user_1", public_metadata={"score": float("nan")})

    asyncio.run(run())
    assert mock.requests == []


def test_integers_beyond_64_bits_are_sent_exactly_where_a_parameter_holds_them(mock, clerk):
    # Metadata holds any JSON number: an int of any size is sent as written, never wrapped.
    mock.respond({"status": 200, "body": USER})
    sent = {"above": 2**64, "below": -(2**63) - 1, "huge": 10**400 + 1, "list": [2**100]}
    clerk.users.update_metadata(user_id="user_1", public_metadata=sent)
    raw = mock.requests[0].body.decode()
    assert '"above":18446744073709551616' in raw and '"below":-9223372036854775809' in raw
    assert sent_metadata(mock) == sent
    mock.requests = []
    # Beyond Python's own limit on the digits of an int's text.
    refused(mock, clerk, ValueError, r"`public_metadata\.n`: .*4300 digits", public_metadata={"n": 10**5000})
    # A parameter that cannot hold it names itself (never wrapped).
    with pytest.raises(TypeError, match="limit"):
        clerk.users.list(request={"limit": 2**32})
    for bad in (2**64, -(2**63) - 1, 2**70, 10**400):
        with pytest.raises(ValueError, match=r"last_active_at_before`: is an integer out of range"):
            clerk.users.list(request={"last_active_at_before": bad})
    assert mock.requests == []


def test_decimals_are_sent_exactly_and_nan_or_infinity_refused(mock, clerk):
    mock.respond({"status": 200, "body": USER})
    sent = {"big": Decimal("1e400"), "fine": Decimal("0.1000000000000000000001"), "i": Decimal("5"), "f": Decimal("1.5")}
    clerk.users.update_metadata(user_id="user_1", public_metadata=sent)
    raw = mock.requests[0].body.decode()
    assert "0.1000000000000000000001" in raw
    assert json.loads(raw, parse_float=Decimal, parse_int=Decimal)["public_metadata"] == sent
    mock.requests = []
    for bad in ("NaN", "-Infinity", "sNaN"):
        refused(mock, clerk, ValueError, r"`public_metadata\.d`: must be a finite number", public_metadata={"d": Decimal(bad)})
    # A typed parameter takes a Decimal it holds.
    mock.respond({"status": 200, "body": []})
    clerk.users.list(request={"limit": Decimal("7")})
    assert "limit=7" in mock.requests[0].query
    mock.requests = []
    with pytest.raises(TypeError, match="limit"):
        clerk.users.list(request={"limit": Decimal("1.5")})
    with pytest.raises(ValueError, match=r"last_active_at_before`: is a number this parameter cannot hold"):
        clerk.users.list(request={"last_active_at_before": Decimal("1e400")})
    assert mock.requests == []


def test_the_edges_of_64_bits_are_sent_exactly(mock, clerk):
    mock.respond({"status": 200, "body": USER})
    sent = {"max_u64": 2**64 - 1, "min_i64": -(2**63), "max_i64": 2**63 - 1, "float": 0.1, "big": 1e300}
    clerk.users.update_metadata(user_id="user_1", public_metadata=sent)
    raw = mock.requests[0].body.decode()
    assert "18446744073709551615" in raw and "-9223372036854775808" in raw
    assert sent_metadata(mock) == sent


def test_strict_types_for_flags_and_keys(mock, clerk):
    # A str for a bool was sent as true (its truthiness); now it is refused.
    with pytest.raises(TypeError, match="banned"):
        clerk.users.list(request={"banned": "no"})
    with pytest.raises(TypeError, match="limit"):
        clerk.users.list(request={"limit": True})
    # bytes only where bytes are taken (a file's content), never for a str.
    with pytest.raises(TypeError, match="order_by"):
        clerk.users.list(request={"order_by": b"-created_at"})
    refused(mock, clerk, TypeError, r"public_metadata.*keys must be str", public_metadata={1: "a"})
    refused(mock, clerk, ValueError, "public_metadata", public_metadata={"a": "\ud800"})
    refused(mock, clerk, ValueError, "public_metadata", public_metadata={"\ud800": 1})


def test_json_shaped_values_of_every_kind_are_sent_as_written(mock, clerk):
    mock.respond({"status": 200, "body": USER})
    metadata = OrderedDict(
        s="é✓\x00", i=-5, f=2.5, t=True, n=None, l=[1, "a", [2]], tu=(1, 2), d={"k": {"j": []}}
    )
    clerk.users.update_metadata(user_id="user_1", public_metadata=metadata, private_metadata={"fs": frozenset({1})})
    body = mock.requests[0].json()
    assert body["public_metadata"] == {**metadata, "tu": [1, 2]}
    assert list(body["public_metadata"]) == list(metadata)  # order kept
    assert body["private_metadata"] == {"fs": [1]}


def test_a_structure_that_shares_its_parts_cannot_expand_without_bound(mock, clerk):
    # 2**60 values once expanded, from 60 small lists.
    x: list = [0]
    for _ in range(60):
        x = [x, x]
    refused(mock, clerk, ValueError, "public_metadata.*more than 1000000 values", public_metadata={"x": x})


def test_http_headers_and_options_are_checked_before_io(mock, clerk):
    cyclic: dict = {}
    cyclic["x"] = cyclic
    with pytest.raises(TypeError, match="http_headers"):
        clerk.users.get(user_id="user_1", http_headers=cyclic)
    with pytest.raises(TypeError, match="http_headers"):
        clerk.users.get(user_id="user_1", http_headers={"x": float("nan")})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="http_headers"):
        clerk.users.get(user_id="user_1", http_headers={"x": "a\r\nInjected: 1"})
    with pytest.raises(ValueError, match="timeout_ms"):
        clerk.users.get(user_id="user_1", timeout_ms=float("nan"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timeout_ms"):
        clerk.users.get(user_id="user_1", timeout_ms=2**70)
    with pytest.raises(TypeError, match="http_headers"):
        Clerk(bearer_auth=SECRET, server_url=mock.base, http_headers=cyclic)
    with pytest.raises(ValueError, match="http_headers"):
        Clerk(bearer_auth=SECRET, server_url=mock.base, http_headers={"bad name": "v"})
    assert mock.requests == []


def test_more_than_1000_http_headers_are_refused_before_io(mock, clerk):
    many = {f"x-header-{i}": "v" for i in range(1001)}
    with pytest.raises(ValueError, match=r"invalid argument `http_headers`: at most 1000 headers can be set, got 1001"):
        clerk.users.get(user_id="user_1", http_headers=many)
    with pytest.raises(ValueError, match=r"invalid argument `http_headers`: at most 1000 headers"):
        Clerk(bearer_auth=SECRET, server_url=mock.base, http_headers=many)
    assert mock.requests == []
    # 1000 is the limit, not past it.
    with Clerk(bearer_auth=SECRET, server_url=mock.base, http_headers=dict(list(many.items())[:1000])):
        pass
    # The client still works.
    mock.respond({"status": 200, "body": USER})
    assert clerk.users.get(user_id="user_1", http_headers={"x-one": "1"}).id == "user_1"
    assert mock.requests[0].headers["x-one"] == "1"


def test_the_emulator_s_inputs_are_converted_with_the_same_limits(clerk_emulator):
    user: dict = {"first_name": "Ada"}
    user["public_metadata"] = {"self": user}
    with pytest.raises(TypeError, match="contains itself"):
        clerk_emulator.load_users([user])
    with pytest.raises(ValueError, match="finite number"):
        clerk_emulator.load_users([{"public_metadata": {"x": float("nan")}}])
    assert clerk_emulator.client().users.list() == []


def test_bad_values_leave_a_usable_client(mock, clerk):
    d: dict = {}
    d["d"] = d
    for _ in range(3):
        with pytest.raises(TypeError):
            clerk.users.update_metadata(user_id="user_1", public_metadata=d)
    mock.respond({"status": 200, "body": USER})
    assert clerk.users.get(user_id="user_1").id == "user_1"
    assert [r.path for r in mock.requests] == ["/v1/users/user_1"]
