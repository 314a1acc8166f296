"""The error table of every operation (tests/vectors/tables/errors.json, generated from the core):
the statuses that raise `models.ClerkErrors` (with a JSON body); every other 4XX/5XX raises
`models.SDKError`. `ARGS` holds arguments that pass the client's checks, for driving each
operation into an error response: those of its first wire vector."""

from __future__ import annotations

import json
import re
from typing import Any, Dict, Set

from conftest import REPO, load_vectors

# Generated from the core's table (`cargo run -p clerk-codegen`); test_errors.py checks it
# against the reference docs when they are beside the repository.
_TABLE = json.loads((REPO / "tests" / "vectors" / "tables" / "errors.json").read_text())["operations"]
CLERK_ERRORS: Dict[str, Set[int]] = {op: set(row["clerk_errors"]) for op, row in _TABLE.items()}

# Every status tried against every operation: each listed one, and others around them.
STATUSES = [400, 401, 402, 403, 404, 409, 410, 422, 429, 500, 502, 503]


# The operations whose Python method takes its parameters as one `request=` dict.
TAKES_REQUEST: Set[str] = {op for op, row in _TABLE.items() if row["python_request"]}


def call_kwargs(operation: str, args: Dict[str, Any]) -> Dict[str, Any]:
    """An operation's parameters, as a wire vector writes them, as its Python method's keyword
    arguments."""
    return {"request": args} if operation in TAKES_REQUEST else dict(args)


# The arguments of each operation's first wire vector (its docs sample).
ARGS: Dict[str, Dict[str, Any]] = {v["operation"]: call_kwargs(v["operation"], v["cases"][0]["args"]) for v in load_vectors()}


def parse_docs_tables(text: str) -> Dict[str, Set[int]]:
    """The `models.ClerkErrors` statuses of each operation, read from the docs text."""
    calls = [(m.start(), m.group(1)) for m in re.finditer(r"clerk\.users\.(\w+)\(", text)]
    tables: Dict[str, Set[int]] = {}
    for i, (start, op) in enumerate(calls):
        end = calls[i + 1][0] if i + 1 < len(calls) else len(text)
        statuses: Set[int] = set()
        for row in re.findall(r"\| models\.ClerkErrors \| ([\d, ]+) \|", text[start:end]):
            statuses |= {int(s) for s in row.split(",")}
        tables[op] = statuses
    return tables
