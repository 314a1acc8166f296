"""Runs every sample of shared/reference/users-sdk-docs.txt with only the import renamed
(`clerk_backend_api` -> `clerk_backend`) and `server_url=` added, against the mock answering
with the operation's vector response."""

from __future__ import annotations

import contextlib
import io
import json
import re
from typing import List, Tuple

import pytest

from clerk_backend import _native

from conftest import DOCS, REPO, response_of



def extract_samples(text: str) -> List[Tuple[str, str]]:
    """(operation, source) for each sample; the docs' flattened indentation is restored."""
    samples = []
    for match in re.finditer(r"((?:import clerk_backend_api\n)?from clerk_backend_api import Clerk\n.*?print\(res\))", text, re.S):
        source = match.group(1)
        op = re.search(r"clerk\.users\.(\w+)\(", source).group(1)
        lines, inside = [], False
        for line in source.split("\n"):
            lines.append(("    " + line) if inside else line)
            if line.startswith(") as clerk:"):
                inside = True
        samples.append((op, "\n".join(lines)))
    return samples


SAMPLES = extract_samples(DOCS.read_text()) if DOCS else []


def test_a_sample_of_every_operation_is_found():
    if DOCS is None:
        pytest.skip("shared/reference/users-sdk-docs.txt is not beside the repository")
    assert {op for op, _ in SAMPLES} == {op for op, _ in _native.OPERATIONS}


def _docs_case(op: str):
    path = REPO / "tests" / "vectors" / f"{op}.json"
    if not path.exists():
        return None
    for case in json.loads(path.read_text())["cases"]:
        if case["name"].startswith("docs sample"):
            return case
    return None


@pytest.mark.parametrize("op, source", SAMPLES, ids=[op for op, _ in SAMPLES])
def test_docs_sample_runs(mock, tmp_path, monkeypatch, op, source):
    response = response_of(op)
    assert response is not None, f"no vector response for {op}"
    mock.respond({"status": response["status"], "headers": response.get("headers") or {}, "body": response["body"]})
    code = source.replace("clerk_backend_api", "clerk_backend")
    code = code.replace(
        'bearer_auth="<YOUR_BEARER_TOKEN_HERE>",',
        f'bearer_auth="<YOUR_BEARER_TOKEN_HERE>",\nserver_url="{mock.base}",',
    )
    monkeypatch.chdir(tmp_path)
    (tmp_path / "example.file").write_bytes(b"\x89PNG fake image")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, f"<docs sample {op}>", "exec"), {"__name__": "__docs__"})
    assert len(mock.requests) == 1
    printed = out.getvalue()
    assert printed.strip(), "the sample printed nothing"
    case = _docs_case(op)
    if case is not None:
        want = case["request"]
        got = mock.requests[0]
        assert (got.method, got.path, got.query) == (want["method"], want["path"], want["query"])
        if want["content_type"] == "application/json":
            assert json.loads(got.body) == want["body"]
