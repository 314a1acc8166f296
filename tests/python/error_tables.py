"""The error table of every operation, transcribed from shared/reference/users-sdk-docs.txt: the
statuses that raise `models.ClerkErrors` (with a JSON body); every other 4XX/5XX raises
`models.SDKError`. `ARGS` holds arguments that pass the client's checks, for driving each
operation into an error response."""

from __future__ import annotations

import re
from typing import Any, Dict, Set

import clerk_backend

CLERK_ERRORS: Dict[str, Set[int]] = {
    "list": {400, 401, 422},
    "create": {400, 401, 403, 422},
    "count": {422},
    "get": {400, 401, 404},
    "update": {400, 401, 404, 409, 422},
    "delete": {400, 401, 404},
    "ban": {402},
    "unban": {402},
    "bulk_ban": {400, 402},
    "bulk_unban": {400, 402},
    "lock": {403},
    "unlock": {403},
    "set_profile_image": {400, 401, 404},
    "delete_profile_image": {404},
    "update_metadata": {400, 401, 404, 422},
    "get_billing_subscription": {400, 401, 403, 404, 422, 500},
    "get_billing_credit_balance": {400, 401, 403, 404, 422, 500},
    "adjust_billing_credit_balance": {400, 401, 403, 404, 409, 422, 500},
    "get_o_auth_access_token": {400, 404, 422},
    "get_organization_memberships": {403},
    "get_organization_invitations": {400, 403, 404},
    "verify_password": {500},
    "verify_totp": {500},
    "disable_mfa": {404, 500},
    "delete_backup_codes": {404, 500},
    "delete_passkey": {403, 404, 500},
    "delete_web3_wallet": {400, 403, 404, 500},
    "delete_totp": {404, 500},
    "delete_external_account": {400, 403, 404, 500},
    "set_password_compromised": {400, 401, 403, 404, 422},
    "unset_password_compromised": {400, 401, 403, 404, 422},
    "get_instance_organization_memberships": {400, 401, 422, 500},
}

# Every status tried against every operation: each listed one, and others around them.
STATUSES = [400, 401, 402, 403, 404, 409, 410, 422, 429, 500, 502, 503]

U = {"user_id": "user_1"}
ARGS: Dict[str, Dict[str, Any]] = {
    "list": {"request": {}},
    "create": {"first_name": "Ada"},
    "count": {"request": {}},
    "get": U,
    "update": {**U, "first_name": "Ada"},
    "delete": U,
    "ban": U,
    "unban": U,
    "bulk_ban": {"user_ids": ["user_1"]},
    "bulk_unban": {"user_ids": ["user_1"]},
    "lock": U,
    "unlock": U,
    "set_profile_image": {**U, "file": {"file_name": "a.png", "content": b"\x89PNG"}},
    "delete_profile_image": U,
    "update_metadata": {**U, "public_metadata": {"a": 1}},
    "get_billing_subscription": U,
    "get_billing_credit_balance": U,
    "adjust_billing_credit_balance": {
        **U,
        "amount": 5,
        "action": clerk_backend.Action.INCREASE,
        "idempotency_key": "k",
    },
    "get_o_auth_access_token": {**U, "provider": "oauth_google"},
    "get_organization_memberships": U,
    "get_organization_invitations": U,
    "verify_password": {**U, "password": "pw"},
    "verify_totp": {**U, "code": "123456"},
    "disable_mfa": U,
    "delete_backup_codes": U,
    "delete_passkey": {**U, "passkey_identification_id": "idn_1"},
    "delete_web3_wallet": {**U, "web3_wallet_identification_id": "idn_1"},
    "delete_totp": U,
    "delete_external_account": {**U, "external_account_id": "eac_1"},
    "set_password_compromised": U,
    "unset_password_compromised": U,
    "get_instance_organization_memberships": {},
}


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
