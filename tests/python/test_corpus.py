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
DOCUMENT = json.loads((CORPUS / "index.json").read_text())
INDEX = DOCUMENT["bodies"]
AWAITING = DOCUMENT["awaiting_a_real_body"]["operations"]
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


def test_every_result_type_of_the_operation_table_has_a_body():
    """Each result type (a class, or a list of it) of the core's operation table has a body in the
    corpus, but those the index lists as awaiting a real body, which must have none."""
    result_types = {(name, many) for items, obj in RESULTS.values() for name, many in ((items, True), (obj, False))
                    if name}
    covered = set()
    for entry in INDEX:
        cls, many = result_class(entry["operation"], json.loads((CORPUS / entry["file"]).read_text()))
        covered.add((cls.__name__, many))
    awaiting = {(RESULTS[entry["operation"]][1], False) for entry in AWAITING}
    assert not awaiting & covered, f"these have a corpus body now: {sorted(awaiting & covered)}"
    assert result_types - covered == awaiting, f"no corpus body: {sorted(result_types - covered - awaiting)}"


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
