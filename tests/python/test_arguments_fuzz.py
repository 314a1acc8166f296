"""Property tests (Hypothesis) of argument conversion: JSON-shaped metadata (integers of any
size included) is sent exactly as written; a bad value anywhere inside (NaN, an infinity, a type
JSON has not, a non-str key, a cycle, nesting beyond serde_json's limit) is a TypeError or
ValueError naming the path to it, and nothing is sent; a value of the wrong kind for a typed parameter is an
error naming the parameter. Counts are bounded for CI (CLERK_FUZZ_EXAMPLES raises them); a
failure prints the falsifying input and a `@reproduce_failure` blob."""

from __future__ import annotations

import json
import math
import os
from decimal import Decimal
from typing import Any, Iterator, List, Tuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clerk_backend import Clerk
from conftest import SECRET, Mock

# The metadata object is level 2 of the request body; serde_json reads 127 levels.
DEEPEST_VALUE = 125  # levels of containers inside a metadata key

FUZZ = settings(
    # CLERK_FUZZ_EXAMPLES=5000 for a longer run.
    max_examples=int(os.environ.get("CLERK_FUZZ_EXAMPLES", "150")),
    deadline=None,
    database=None,  # nothing written into the repository
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Integers of any size: beyond 64 bits they are sent exactly too.
INTEGERS = st.integers(-(2**63), 2**64 - 1) | st.integers()
LEAVES = st.none() | st.booleans() | INTEGERS | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12)
JSON = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=16,
)
METADATA = st.dictionaries(st.text(max_size=8), JSON, max_size=5)
# Keys of the containers a bad value is put in: their path is then plain to predict.
KEYS = st.text("abcdefghijklmnopqrstuvwxyz_0123456789", min_size=1, max_size=6)


@pytest.fixture(scope="module")
def wire() -> Iterator[Tuple[Mock, Clerk]]:
    mock = Mock()
    mock.respond({"status": 200, "body": {"id": "user_1", "object": "user"}})
    with Clerk(bearer_auth=SECRET, server_url=mock.base, retry_config=None) as clerk:
        yield mock, clerk
    mock.close()


def exact(a: Any, b: Any) -> bool:
    """Equal, and of the same JSON type all the way down (1 is not 1.0 or True)."""
    if isinstance(a, float) or isinstance(b, float):
        return type(a) is type(b) and (a == b or (math.isnan(a) and math.isnan(b)))
    if isinstance(a, dict):
        return isinstance(b, dict) and list(a) == list(b) and all(exact(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(exact(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def jsonable(value: Any) -> Any:
    """What the request body holds for `value`: tuples and sets become lists."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


@FUZZ
@given(metadata=METADATA, tuples=st.booleans())
def test_json_shaped_metadata_is_sent_exactly(wire, metadata, tuples):
    mock, clerk = wire
    mock.requests = []
    value = {k: tuple(v) if tuples and isinstance(v, list) else v for k, v in metadata.items()}
    clerk.users.update_metadata(user_id="user_1", public_metadata=value)
    assert len(mock.requests) == 1
    sent = json.loads(mock.requests[0].body)["public_metadata"]
    assert exact(sent, jsonable(value)), (sent, value)


class Opaque:
    pass


# (a bad value, the exception it must raise, a pattern of the message).
BAD_LEAVES = st.sampled_from(
    [
        (float("nan"), ValueError, "finite number"),
        (float("inf"), ValueError, "finite number"),
        (float("-inf"), ValueError, "finite number"),
        (Decimal("NaN"), ValueError, "finite number"),
        (Decimal("-Infinity"), ValueError, "finite number"),
        (range(10**15), TypeError, "unsupported type `range`"),
        (Opaque(), TypeError, "unsupported type `Opaque`"),
        (1j, TypeError, "unsupported type `complex`"),
        (b"\x00", TypeError, "invalid type: bytes"),
        ({1: "x"}, TypeError, "keys must be str"),
        ("\ud800", ValueError, "surrogate"),
    ]
)


@st.composite
def planted(draw: Any) -> Tuple[Any, type, str, str]:
    """Metadata with one bad value (or a cycle) planted somewhere inside; the exception, a
    pattern of its message and the path it must name."""
    top = draw(KEYS)
    wrappers: List[Tuple[str, Any, Any]] = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):
            items = draw(st.lists(JSON, max_size=3))
            wrappers.append(("list", items, draw(st.integers(0, len(items)))))
        else:
            wrappers.append(("dict", draw(st.dictionaries(KEYS, JSON, max_size=3)), draw(KEYS)))
    cycle = wrappers and draw(st.integers(0, 4)) == 0
    if cycle:
        error, pattern = TypeError, "contains itself"
    else:
        bad, error, pattern = draw(BAD_LEAVES)
    # Built from the innermost container out; paths are built from the outside in.
    path = f"public_metadata.{top}"
    containers: List[Any] = []
    for kind, base, where in wrappers:
        container: Any = list(base) if kind == "list" else dict(base)
        containers.append(container)
        if kind == "list":
            path += f"[{where}]"
        else:
            container.pop(where, None)
            path += f".{where}"
    if cycle:
        bad = containers[draw(st.integers(0, len(containers) - 1))]
    for (kind, _, where), container in reversed(list(zip(wrappers, containers))):
        if kind == "list":
            container.insert(where, bad)
        else:
            container[where] = bad
        bad = container
    metadata = draw(st.dictionaries(KEYS.filter(lambda k: k != top), JSON, max_size=3))
    metadata[top] = bad
    return metadata, error, pattern, path


@FUZZ
@given(case=planted())
def test_a_bad_value_anywhere_is_an_error_naming_its_path(wire, case):
    mock, clerk = wire
    metadata, error, pattern, path = case
    mock.requests = []
    with pytest.raises(error) as raised:
        clerk.users.update_metadata(user_id="user_1", public_metadata=metadata)
    message = str(raised.value)
    assert pattern in message, message
    assert f"`{path}`" in message, (path, message)
    assert mock.requests == []


@FUZZ
@given(levels=st.integers(0, 400), lists=st.lists(st.booleans(), min_size=400, max_size=400))
def test_nesting_is_accepted_exactly_as_deep_as_serde_json_reads(wire, levels, lists):
    mock, clerk = wire
    mock.requests = []
    value: Any = 1
    for i in range(levels):
        value = [value] if lists[i] else {"k": value}
    if levels <= DEEPEST_VALUE:
        clerk.users.update_metadata(user_id="user_1", public_metadata={"v": value})
        assert exact(json.loads(mock.requests[0].body)["public_metadata"]["v"], value)
    else:
        with pytest.raises(TypeError, match=r"parameter `public_metadata\.v.*`: is nested too deeply"):
            clerk.users.update_metadata(user_id="user_1", public_metadata={"v": value})
        assert mock.requests == []


ANYTHING = JSON | BAD_LEAVES.map(lambda bad: bad[0]) | st.tuples(JSON) | st.sets(st.integers())
# `list`'s typed parameters, and values of a kind each does not take.
WRONG_KIND = {
    "limit": ANYTHING.filter(lambda v: type(v) is not int and v is not None),
    "banned": ANYTHING.filter(lambda v: type(v) is not bool and v is not None),
    "order_by": ANYTHING.filter(lambda v: not isinstance(v, str) and v is not None),
    "last_active_at_before": ANYTHING.filter(lambda v: type(v) is not int and v is not None),
    "email_address": ANYTHING.filter(
        lambda v: v is not None
        and (not isinstance(v, (list, tuple, set, str)) or any(not isinstance(x, str) for x in v))
    ),
}


@FUZZ
@given(data=st.data(), name=st.sampled_from(sorted(WRONG_KIND)))
def test_a_value_of_the_wrong_kind_names_its_parameter(wire, data, name):
    mock, clerk = wire
    mock.requests = []
    value = data.draw(WRONG_KIND[name], label=name)
    with pytest.raises((TypeError, ValueError)) as raised:
        clerk.users.list(request={name: value})
    assert f"`{name}" in str(raised.value), str(raised.value)
    assert mock.requests == []
