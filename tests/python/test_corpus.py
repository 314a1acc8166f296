"""The corpus of response bodies in the shapes Clerk sends (tests/corpus, each with its source).

Each body decodes into its operation's result class; `to_dict()` gives back exactly the JSON sent
(nulls kept, nothing invented), every declared field reads with its declared type, and a key the
class does not declare is kept under its exact spelling without filling a field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from clerk_backend import _native, models
from test_results import read_all

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
INDEX = json.loads((CORPUS / "index.json").read_text())["bodies"]
RESULTS = {name: (items, obj) for name, items, obj in _native.RESULT_MODELS}


def result_class(operation: str, body: Any) -> tuple[type, bool]:
    """The class of the operation's result for this body (a list's items, or the object)."""
    items, obj = RESULTS[operation]
    many = isinstance(body, list)
    name = items if many else obj
    assert name, (operation, "a list" if many else "an object")
    return getattr(models, name), many


def test_the_corpus_names_its_sources():
    assert len(INDEX) >= 25
    for entry in INDEX:
        assert entry["source"].startswith("https://github.com/"), entry
        assert (CORPUS / entry["file"]).is_file(), entry
        assert entry["operation"] in RESULTS, entry


@pytest.mark.parametrize("entry", INDEX, ids=[entry["file"] for entry in INDEX])
def test_corpus_body_round_trips_and_reads_typed(entry: dict[str, Any]):
    sent = json.loads((CORPUS / entry["file"]).read_text())
    cls, many = result_class(entry["operation"], sent)
    for i, item in enumerate(sent if many else [sent]):
        obj = cls.model_validate_json(json.dumps(item))
        assert type(obj) is cls
        assert obj.to_dict() == item
        read_all(obj, f"{entry['file']}[{i}]")
        assert obj.model_extra == {key: value for key, value in item.items() if key not in type(obj)._clerk_fields}


def test_a_camel_case_key_next_to_no_declared_key_is_kept_apart():
    """`phoneNumber` sent to a PhoneNumber (which declares `phone_number`): kept under its exact
    spelling, the declared field unset. Node keeps it in `$collisions` (tests/node/results.test.js)."""
    sent = {"id": "idn_1", "object": "phone_number", "phoneNumber": "+15550100", "reserved": False, "verification": None}
    phone = models.PhoneNumber.model_validate_json(json.dumps(sent))
    assert phone.phone_number == ""
    assert phone.phoneNumber == "+15550100"  # type: ignore[attr-defined]
    assert phone.model_extra == {"phoneNumber": "+15550100"}
    assert phone.to_dict() == sent
