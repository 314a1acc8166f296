"""Replays every wire vector of tests/vectors/*.json (format: tests/vectors/README.md), sync and
async: the request must reach the mock exactly as written, the result must equal `result`."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any, Dict, List

import pytest

import clerk_backend
from clerk_backend import _native, models
from conftest import SECRET, load_vectors
from error_tables import call_kwargs

CASES = [
    pytest.param(v["operation"], case, id=f"{v['operation']}/{case['name'][:60]}")
    for v in load_vectors()
    for case in v["cases"]
]


def test_there_is_a_vector_file_with_cases_for_each_operation():
    operations = {name for name, _ in _native.OPERATIONS}
    files = {v["operation"]: len(v["cases"]) for v in load_vectors()}
    missing = sorted(op for op in operations if not files.get(op))
    assert missing == [], f"operations without a case in tests/vectors/<operation>.json: {missing}"
    unknown = sorted(set(files) - operations)
    assert unknown == [], f"vector files of no operation: {unknown}"


def _to_json(result: Any) -> Any:
    if isinstance(result, list):
        return [item.to_dict() for item in result]
    return result.to_dict()


def _read_like(value: Any, expected: Any) -> Any:
    """`value` read attribute by attribute, for the keys of `expected` (the core's decoded model)."""
    if isinstance(value, models.ClerkModel):
        assert isinstance(expected, dict), (value, expected)
        return {key: _read_like(getattr(value, key), expected[key]) for key in expected}
    if isinstance(value, list) and isinstance(expected, list):
        assert len(value) == len(expected)
        return [_read_like(item, want) for item, want in zip(value, expected)]
    return value


def check_result(result: Any, case: Dict[str, Any]) -> None:
    # to_dict() is the body as sent; every attribute reads as the core decodes it.
    assert _to_json(result) == case["response"]["body"]
    assert _read_like(result, case["result"]) == case["result"]


def _key_paths(value: Any, at: str = "") -> List[str]:
    out: List[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            out.append(f"{at}.{key}")
            out.extend(_key_paths(item, f"{at}.{key}"))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out.extend(_key_paths(item, f"{at}[{i}]"))
    return out


def _multipart(body: bytes, boundary: str) -> List[Dict[str, Any]]:
    parts = []
    for chunk in body.split(b"--" + boundary.encode())[1:]:
        if chunk.startswith(b"--"):
            break
        chunk = chunk[2:] if chunk.startswith(b"\r\n") else chunk
        chunk = chunk[:-2] if chunk.endswith(b"\r\n") else chunk
        head, _, content = chunk.partition(b"\r\n\r\n")
        headers = {}
        for line in head.decode().split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        disposition = headers.get("content-disposition", "")
        name = re.search(r'\bname="([^"]*)"', disposition)
        file_name = re.search(r'filename="([^"]*)"', disposition)
        parts.append(
            {
                "name": name and name.group(1),
                "file_name": file_name and file_name.group(1),
                "content_type": headers.get("content-type"),
                "content": content.decode("utf-8", "replace"),
            }
        )
    return parts


def check_request(got, want: Dict[str, Any]) -> None:
    assert got.method == want["method"]
    assert got.path == want["path"]
    assert got.query == want["query"]
    assert got.headers.get("authorization") == f"Bearer {SECRET}"
    assert got.headers.get("accept") == "application/json"
    assert got.headers.get("clerk-api-version") == "2025-11-10"
    agent = got.headers.get("user-agent", "")
    assert agent.startswith("clerk-backend/") and "(python)" in agent, agent
    content_type = got.headers.get("content-type")
    if want["content_type"] is None:
        assert content_type is None
        assert got.body == b""
    elif want["content_type"] == "application/json":
        assert content_type == "application/json"
        sent = json.loads(got.body)
        assert sent == want["body"]
        assert _key_paths(sent) == _key_paths(want["body"]), got.body.decode()
    else:
        assert content_type and content_type.startswith("multipart/form-data; boundary=")
        boundary = content_type.split("boundary=", 1)[1]
        parts = _multipart(got.body, boundary)
        assert len(parts) == 1, parts
        expected = want["multipart"]
        for key in ("name", "file_name", "content_type", "content"):
            assert parts[0][key] == expected[key], key


def _serve(mock, case: Dict[str, Any]) -> None:
    response = case["response"]
    mock.respond({"status": response["status"], "headers": response.get("headers") or {}, "body": response["body"]})


@pytest.mark.parametrize("operation, case", CASES)
def test_vector_sync(mock, clerk, operation, case):
    _serve(mock, case)
    kwargs = call_kwargs(operation, case["args"])
    result = getattr(clerk.users, operation)(**kwargs)
    assert len(mock.requests) == 1
    check_request(mock.requests[0], case["request"])
    check_result(result, case)


@pytest.mark.parametrize("operation, case", CASES)
def test_vector_async(mock, operation, case):
    _serve(mock, case)
    kwargs = call_kwargs(operation, case["args"])

    async def run():
        async with clerk_backend.Clerk(bearer_auth=SECRET, server_url=mock.base, retry_config=None) as clerk:
            return await getattr(clerk.users, operation + "_async")(**kwargs)

    result = asyncio.run(run())
    assert len(mock.requests) == 1
    check_request(mock.requests[0], case["request"])
    check_result(result, case)
