"""Hostile arguments: cycles, deep nesting, claimed lengths, NaN and infinities, integers beyond
64 bits, odd types. Each is a TypeError or ValueError naming the parameter, raised before any
request is sent; none crashes the interpreter, and nothing is sent other than as written."""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict, UserDict, UserList
from typing import Any, Iterator, Mapping, Sequence

import pytest

from clerk_backend import Clerk
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


def test_a_dict_that_contains_itself_is_a_value_error(mock, clerk):
    d: dict = {}
    d["d"] = d
    refused(mock, clerk, ValueError, r"`public_metadata\.d`: contains itself", public_metadata=d)
    loop: list = [1]
    loop.append(loop)
    refused(mock, clerk, ValueError, r"`private_metadata\.x\[1\]`: contains itself", private_metadata={"x": loop})
    # Shared (not cyclic) parts are fine and sent as written.
    part = {"a": 1}
    mock.respond({"status": 200, "body": USER})
    clerk.users.update_metadata(user_id="user_1", public_metadata={"x": part, "y": [part, part]})
    assert sent_metadata(mock) == {"x": {"a": 1}, "y": [{"a": 1}, {"a": 1}]}


def test_nesting_5000_deep_is_a_value_error(mock, clerk):
    refused(mock, clerk, ValueError, "public_metadata.*nested too deeply", public_metadata=nested(5000))
    deep: list = []
    for _ in range(5000):
        deep = [deep]
    refused(mock, clerk, ValueError, "nested too deeply", unsafe_metadata={"a": deep})


def test_nesting_limit_is_what_serde_json_reads(clerk_emulator):
    clerk = clerk_emulator.client()
    user = clerk.users.create(first_name="Deep")
    # The deepest body serde_json reads: the emulator takes it and the client decodes the echo.
    deepest = nested(DEEPEST_METADATA)
    updated = clerk.users.update_metadata(user_id=user.id, public_metadata=deepest)
    assert updated.to_dict()["public_metadata"] == deepest
    with pytest.raises(ValueError, match="nested too deeply"):
        clerk.users.update_metadata(user_id=user.id, public_metadata=nested(DEEPEST_METADATA + 1))
    assert clerk.users.get(user_id=user.id).to_dict()["public_metadata"] == deepest


def test_deep_nesting_in_a_thread_with_a_small_stack(mock, clerk):
    # Threads may have small stacks (musl's default is 128 KiB): the limit keeps recursion short.
    mock.respond({"status": 200, "body": USER})
    outcome: list = []

    def work() -> None:
        try:
            clerk.users.update_metadata(user_id="user_1", public_metadata=nested(DEEPEST_METADATA))
            clerk.users.update_metadata(user_id="user_1", public_metadata=nested(100_000))
        except ValueError as error:
            outcome.append(error)

    previous = threading.stack_size(256 * 1024)
    try:
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
    finally:
        threading.stack_size(previous)
    assert len(outcome) == 1 and "nested too deeply" in str(outcome[0])


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


def test_integers_beyond_64_bits_are_value_errors(mock, clerk):
    for bad in (2**64, -(2**63) - 1, 10**400):
        refused(mock, clerk, ValueError, r"`public_metadata\.n`: is an integer out of range", public_metadata={"n": bad})
    # An integer parameter out of its own range names it too (never wrapped).
    with pytest.raises(TypeError, match="limit"):
        clerk.users.list(request={"limit": 2**32})
    with pytest.raises(ValueError, match="last_active_at_before"):
        clerk.users.list(request={"last_active_at_before": 2**70})
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


def test_the_emulator_s_inputs_are_converted_with_the_same_limits(clerk_emulator):
    user: dict = {"first_name": "Ada"}
    user["public_metadata"] = {"self": user}
    with pytest.raises(ValueError, match="contains itself"):
        clerk_emulator.load_users([user])
    with pytest.raises(ValueError, match="finite number"):
        clerk_emulator.load_users([{"public_metadata": {"x": float("nan")}}])
    assert clerk_emulator.client().users.list() == []


def test_bad_values_leave_a_usable_client(mock, clerk):
    d: dict = {}
    d["d"] = d
    for _ in range(3):
        with pytest.raises(ValueError):
            clerk.users.update_metadata(user_id="user_1", public_metadata=d)
    mock.respond({"status": 200, "body": USER})
    assert clerk.users.get(user_id="user_1").id == "user_1"
    assert [r.path for r in mock.requests] == ["/v1/users/user_1"]
