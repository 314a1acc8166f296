"""Every operation, sync and async, called by name against the in-process emulator
(`clerk_emulator`, the fixture of the `clerk_backend.testing` plugin), with results and state
changes checked; each operation's docs error table driven through emulator faults; retries,
timeouts and transport errors against the emulator."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import io
import re
import struct
import time
import urllib.request
from pathlib import Path
from typing import Any, Dict, List

import pytest

from clerk_backend import Action, BackoffStrategy, Clerk, RetryConfig, UsersGetOrganizationInvitationsQueryParamStatus, _native, models
from clerk_backend.models import (
    ClerkBaseError,
    ClerkConnectionError,
    ClerkErrors,
    ClerkTimeoutError,
    ResponseValidationError,
    SDKError,
)
from clerk_backend.testing import Emulator
from error_tables import ARGS, CLERK_ERRORS, STATUSES

KEY = "sk_test_operations"
FAST = RetryConfig("backoff", BackoffStrategy(1, 20, 1.5, 10_000), False)
FAST_WITH_TIMEOUTS = RetryConfig("backoff", BackoffStrategy(1, 20, 1.5, 10_000), True)
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def emu(clerk_emulator: Emulator) -> Emulator:
    return clerk_emulator


@pytest.fixture
def clerk(emu: Emulator):
    with Clerk(bearer_auth=KEY, server_url=emu.url, retry_config=None) as client:
        yield client


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def totp_now(secret: str) -> str:
    """RFC 6238 (SHA-1, 6 digits, 30 s), as authenticator apps compute it."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def make(clerk: Clerk, first_name: str, **fields: Any) -> models.User:
    email = f"{first_name.lower()}@example.com"
    return clerk.users.create(first_name=first_name, email_address=[email], **fields)


def status_of(call: Any) -> ClerkBaseError:
    with pytest.raises(ClerkBaseError) as info:
        call()
    return info.value


# ---------------------------------------------------------------------------- users


def test_create_get_list_count(clerk):
    ada = clerk.users.create(
        first_name="Ada",
        last_name="Lovelace",
        email_address=["ada@example.com"],
        phone_number=["+15555550100"],
        username="ada_l",
        external_id="ext-ada",
        password="correct-horse-battery",
        public_metadata={"plan": "pro"},
        private_metadata={"internal": 1},
    )
    assert isinstance(ada, models.User)
    assert ada.id.startswith("user_") and ada.object == "user"
    assert (ada.first_name, ada.last_name, ada.username, ada.external_id) == ("Ada", "Lovelace", "ada_l", "ext-ada")
    assert ada.email_addresses[0].email_address == "ada@example.com"
    assert ada.primary_email_address_id == ada.email_addresses[0].id
    assert ada.phone_numbers[0].phone_number == "+15555550100"
    assert ada.password_enabled is True
    assert ada.public_metadata == {"plan": "pro"} and ada.private_metadata == {"internal": 1}

    async def create_async():
        return await clerk.users.create_async(first_name="Grace", last_name="Hopper", email_address=["grace@example.com"])

    grace = run(create_async())
    assert grace.first_name == "Grace" and grace.id != ada.id

    assert clerk.users.get(user_id=ada.id) == ada
    assert run(clerk.users.get_async(user_id=grace.id)) == grace

    newest_first = clerk.users.list()
    assert [u.id for u in newest_first] == [grace.id, ada.id]
    oldest_first = clerk.users.list(request={"order_by": "created_at", "limit": 1})
    assert [u.id for u in oldest_first] == [ada.id]
    by_email = run(clerk.users.list_async(request={"email_address": ["grace@example.com"]}))
    assert [u.id for u in by_email] == [grace.id]
    by_query = clerk.users.list(request=models.GetUserListRequest(query="lovelace"))
    assert [u.id for u in by_query] == [ada.id]

    assert clerk.users.count().total_count == 2
    assert clerk.users.count(request={"username": ["ada_l"]}).total_count == 1
    total = run(clerk.users.count_async(request={"query": "nobody-by-that-name"}))
    assert isinstance(total, models.TotalCount) and total.total_count == 0


def test_update(clerk):
    ada = make(clerk, "Ada", last_name="Lovelace")
    updated = clerk.users.update(user_id=ada.id, first_name="Augusta", last_name=None, username="augusta")
    assert (updated.first_name, updated.last_name, updated.username) == ("Augusta", None, "augusta")
    assert clerk.users.get(user_id=ada.id).first_name == "Augusta"

    again = run(clerk.users.update_async(user_id=ada.id, locale="fr", public_metadata={"plan": "free"}))
    assert again.locale == "fr" and again.public_metadata == {"plan": "free"}
    assert again.first_name == "Augusta"  # parameters not given are left alone
    assert clerk.users.get(user_id=ada.id).locale == "fr"


def test_delete(clerk):
    ada, bob = make(clerk, "Ada"), make(clerk, "Bob")
    deleted = clerk.users.delete(user_id=ada.id)
    assert isinstance(deleted, models.DeletedObject)
    assert (deleted.object, deleted.id, deleted.deleted) == ("user", ada.id, True)
    deleted = run(clerk.users.delete_async(user_id=bob.id))
    assert (deleted.id, deleted.deleted) == (bob.id, True)
    with pytest.raises(ClerkErrors) as info:
        clerk.users.get(user_id=ada.id)
    assert info.value.status_code == 404 and info.value.data.errors[0].code == "resource_not_found"
    assert clerk.users.count().total_count == 0


def test_ban_and_unban(clerk):
    ada, bob = make(clerk, "Ada"), make(clerk, "Bob")
    assert clerk.users.ban(user_id=ada.id).banned is True
    assert clerk.users.get(user_id=ada.id).banned is True
    assert run(clerk.users.ban_async(user_id=bob.id)).banned is True
    assert clerk.users.count(request={"banned": True}).total_count == 2

    assert clerk.users.unban(user_id=ada.id).banned is False
    assert run(clerk.users.unban_async(user_id=bob.id)).banned is False
    assert clerk.users.count(request={"banned": True}).total_count == 0


def test_bulk_ban_and_bulk_unban(clerk):
    ids = [make(clerk, name).id for name in ("Ada", "Bob", "Cy")]
    banned = clerk.users.bulk_ban(user_ids=ids[:2])
    assert type(banned) is list and sorted(u.id for u in banned) == sorted(ids[:2])
    assert all(u.banned for u in banned)
    banned = run(clerk.users.bulk_ban_async(user_ids=ids))
    assert len(banned) == 3 and all(u.banned for u in banned)
    assert clerk.users.count(request={"banned": True}).total_count == 3

    unbanned = clerk.users.bulk_unban(user_ids=[ids[0]])
    assert [u.banned for u in unbanned] == [False]
    unbanned = run(clerk.users.bulk_unban_async(user_ids=ids[1:]))
    assert sorted(u.id for u in unbanned) == sorted(ids[1:]) and not any(u.banned for u in unbanned)
    assert clerk.users.count(request={"banned": True}).total_count == 0


def test_lock_and_unlock(clerk):
    ada, bob = make(clerk, "Ada"), make(clerk, "Bob")
    locked = clerk.users.lock(user_id=ada.id)
    assert locked.locked is True and locked.lockout_expires_in_seconds > 3500
    assert clerk.users.get(user_id=ada.id).locked is True
    assert run(clerk.users.lock_async(user_id=bob.id)).locked is True

    unlocked = clerk.users.unlock(user_id=ada.id)
    assert unlocked.locked is False and unlocked.lockout_expires_in_seconds is None
    assert run(clerk.users.unlock_async(user_id=bob.id)).locked is False
    assert clerk.users.get(user_id=bob.id).locked is False


def _fetch(url: str) -> tuple:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=10) as response:
        return response.headers["content-type"], response.read()


def test_profile_image(clerk):
    ada, bob = make(clerk, "Ada"), make(clerk, "Bob")
    png = b"\x89PNG\r\n\x1a\nnot-really-a-png"
    with_image = clerk.users.set_profile_image(user_id=ada.id, file={"file_name": "ada.png", "content": png})
    assert with_image.has_image is True
    assert _fetch(with_image.image_url) == ("image/png", png)

    jpeg = b"\xff\xd8\xff fake jpeg"
    bob_image = run(
        clerk.users.set_profile_image_async(
            user_id=bob.id, file={"file_name": "bob.bin", "content": io.BytesIO(jpeg), "content_type": "image/jpeg"}
        )
    )
    assert _fetch(bob_image.image_url) == ("image/jpeg", jpeg)

    without = clerk.users.delete_profile_image(user_id=ada.id)
    assert without.has_image is False and without.image_url != with_image.image_url
    assert clerk.users.get(user_id=ada.id).has_image is False
    assert run(clerk.users.delete_profile_image_async(user_id=bob.id)).has_image is False


def test_update_metadata(clerk):
    ada = make(clerk, "Ada", public_metadata={"plan": "pro", "seats": 1})
    merged = clerk.users.update_metadata(user_id=ada.id, public_metadata={"seats": 3}, private_metadata={"crm": "A1"})
    assert merged.public_metadata == {"plan": "pro", "seats": 3}
    assert merged.private_metadata == {"crm": "A1"}
    # null deletes a key
    merged = run(clerk.users.update_metadata_async(user_id=ada.id, public_metadata={"plan": None}, unsafe_metadata={"theme": "dark"}))
    assert merged.public_metadata == {"seats": 3} and merged.unsafe_metadata == {"theme": "dark"}
    assert clerk.users.get(user_id=ada.id).public_metadata == {"seats": 3}


# ---------------------------------------------------------------------------- billing


SUBSCRIPTION = {
    "object": "commerce_subscription",
    "id": "csub_1",
    "instance_id": "ins_1",
    "status": "active",
    "payer_id": "cpayer_1",
    "created_at": 1,
    "updated_at": 1,
    "active_at": 1,
    "past_due_at": None,
    "subscription_items": [],
}


def test_billing(emu, clerk):
    ada = make(clerk, "Ada")
    emu.import_data({"billing_subscriptions": [{**SUBSCRIPTION, "user_id": ada.id}]})
    subscription = clerk.users.get_billing_subscription(user_id=ada.id)
    assert isinstance(subscription, models.BillingSubscription)
    assert (subscription.id, subscription.status) == ("csub_1", "active")
    assert run(clerk.users.get_billing_subscription_async(user_id=ada.id)) == subscription

    empty = clerk.users.get_billing_credit_balance(user_id=ada.id)
    assert empty.object == "commerce_credit_balance" and empty.balance is None

    entry = clerk.users.adjust_billing_credit_balance(
        user_id=ada.id, amount=1250, action=Action.INCREASE, idempotency_key="k1", note="welcome"
    )
    assert isinstance(entry, models.CreditLedgerEntry)
    assert (entry.amount.amount, entry.amount.amount_formatted, entry.amount.currency) == (1250, "12.50", "USD")
    # The same idempotency key gives back the same entry, applied once.
    again = clerk.users.adjust_billing_credit_balance(user_id=ada.id, amount=1250, action="increase", idempotency_key="k1")
    assert again == entry
    decrease = run(
        clerk.users.adjust_billing_credit_balance_async(user_id=ada.id, amount=250, action=Action.DECREASE, idempotency_key="k2")
    )
    assert decrease.amount.amount == -250

    balance = clerk.users.get_billing_credit_balance(user_id=ada.id)
    assert (balance.balance.amount, balance.balance.amount_formatted) == (1000, "10.00")
    assert run(clerk.users.get_billing_credit_balance_async(user_id=ada.id)) == balance


# ---------------------------------------------------------------------------- OAuth, organizations


def _organization(org_id: str, name: str) -> Dict[str, Any]:
    return {
        "object": "organization",
        "id": org_id,
        "name": name,
        "slug": name.lower(),
        "has_image": False,
        "max_allowed_memberships": 5,
        "admin_delete_enabled": True,
        "public_metadata": {},
        "created_at": 1,
        "updated_at": 1,
    }


def _membership(membership_id: str, org_id: str, user_id: str) -> Dict[str, Any]:
    return {
        "id": membership_id,
        "object": "organization_membership",
        "role": "org:admin",
        "permissions": [],
        "public_metadata": {},
        "created_at": 1,
        "updated_at": 1,
        "organization": _organization(org_id, f"Org{org_id[-1]}"),
        "public_user_data": {"user_id": user_id, "identifier": f"{user_id}@example.com", "has_image": False, "image_url": ""},
    }


def _invitation(invitation_id: str, email: str, status: str) -> Dict[str, Any]:
    return {
        "object": "organization_invitation",
        "id": invitation_id,
        "email_address": email,
        "role": "org:member",
        "organization_id": "org_1",
        "status": status,
        "public_metadata": {},
        "created_at": 1,
        "updated_at": 1,
    }


def _token(user_id: str, provider: str, token: str) -> Dict[str, Any]:
    return {
        "user_id": user_id,
        "object": "oauth_access_token",
        "external_account_id": "eac_1",
        "provider_user_id": "g-123",
        "token": token,
        "provider": provider,
        "public_metadata": {},
        "scopes": ["email"],
    }


def test_oauth_access_tokens(emu, clerk):
    ada = make(clerk, "Ada")
    emu.import_data(
        {
            "oauth_access_tokens": [
                _token(ada.id, "oauth_google", "tok-1"),
                _token(ada.id, "oauth_google", "tok-2"),
                _token(ada.id, "oauth_github", "tok-gh"),
            ]
        }
    )
    tokens = clerk.users.get_o_auth_access_token(user_id=ada.id, provider="oauth_google")
    assert type(tokens) is list and all(isinstance(t, models.OAuthAccessToken) for t in tokens)
    assert sorted(t.token for t in tokens) == ["tok-1", "tok-2"]
    assert tokens[0].scopes == ["email"]
    github = run(clerk.users.get_o_auth_access_token_async(user_id=ada.id, provider="oauth_github"))
    assert [t.token for t in github] == ["tok-gh"]
    # paginated=True: Clerk answers a page, typed as such.
    page = clerk.users.get_o_auth_access_token(user_id=ada.id, provider="oauth_google", paginated=True, limit=1)
    assert type(page) is models.OAuthAccessTokenPage
    assert page.total_count == 2 and [t.token for t in page.data] in (["tok-1"], ["tok-2"])
    page = run(clerk.users.get_o_auth_access_token_async(user_id=ada.id, provider="oauth_github", paginated=True))
    assert (page.total_count, [t.token for t in page.data]) == (1, ["tok-gh"])


def test_organization_memberships_and_invitations(emu, clerk):
    ada, bob = make(clerk, "Ada"), make(clerk, "Bob")
    emu.import_data(
        {
            "organization_memberships": [
                _membership("orgmem_1", "org_1", ada.id),
                _membership("orgmem_2", "org_2", ada.id),
                _membership("orgmem_3", "org_1", bob.id),
            ],
            "organization_invitations": [
                _invitation("orginv_1", "ada@example.com", "pending"),
                _invitation("orginv_2", "ada@example.com", "accepted"),
            ],
        }
    )
    memberships = clerk.users.get_organization_memberships(user_id=ada.id)
    assert isinstance(memberships, models.OrganizationMemberships)
    assert memberships.total_count == 2
    assert sorted(m.organization.id for m in memberships.data) == ["org_1", "org_2"]
    page = run(clerk.users.get_organization_memberships_async(user_id=ada.id, limit=1, offset=1))
    assert (page.total_count, len(page.data)) == (2, 1)

    invitations = clerk.users.get_organization_invitations(user_id=ada.id)
    assert invitations.total_count == 2
    pending = run(
        clerk.users.get_organization_invitations_async(
            user_id=ada.id, status=UsersGetOrganizationInvitationsQueryParamStatus.PENDING
        )
    )
    assert [i.id for i in pending.data] == ["orginv_1"]
    assert clerk.users.get_organization_invitations(user_id=bob.id).total_count == 0

    everyone = clerk.users.get_instance_organization_memberships()
    assert everyone.total_count == 3
    one = run(clerk.users.get_instance_organization_memberships_async(limit=1))
    assert (one.total_count, len(one.data)) == (3, 1)
    # The memberships are also filters of list.
    assert [u.id for u in clerk.users.list(request={"organization_id": ["org_2"]})] == [ada.id]


# ---------------------------------------------------------------------------- passwords and MFA


def test_verify_password(clerk):
    ada = make(clerk, "Ada", password="correct-horse-battery")
    assert clerk.users.verify_password(user_id=ada.id, password="correct-horse-battery").verified is True
    result = run(clerk.users.verify_password_async(user_id=ada.id, password="correct-horse-battery"))
    assert isinstance(result, models.VerifyPasswordResponse) and result.verified is True
    # A wrong password is a 422, which verify_password's docs table leaves to SDKError.
    with pytest.raises(SDKError) as info:
        clerk.users.verify_password(user_id=ada.id, password="wrong")
    assert info.value.status_code == 422 and "incorrect_password" in info.value.body


def test_verify_totp(clerk):
    ada = make(clerk, "Ada", totp_secret=TOTP_SECRET, backup_codes=["backup-1", "backup-2"])
    assert (ada.totp_enabled, ada.backup_code_enabled, ada.two_factor_enabled) == (True, True, True)
    result = clerk.users.verify_totp(user_id=ada.id, code="backup-1")
    assert isinstance(result, models.VerifyTotpResponse)
    assert (result.verified, result.code_type) == (True, "backup_code")
    with pytest.raises(SDKError) as info:  # used up
        clerk.users.verify_totp(user_id=ada.id, code="backup-1")
    assert info.value.status_code == 422
    result = run(clerk.users.verify_totp_async(user_id=ada.id, code=totp_now(TOTP_SECRET)))
    assert (result.verified, result.code_type) == (True, "totp")


def test_delete_totp_backup_codes_and_disable_mfa(clerk):
    mfa = {"totp_secret": TOTP_SECRET, "backup_codes": ["backup-1"]}
    ada, bob = make(clerk, "Ada", **mfa), make(clerk, "Bob", **mfa)

    response = clerk.users.delete_totp(user_id=ada.id)
    assert isinstance(response, models.UserIdResponse) and response.user_id == ada.id
    after = clerk.users.get(user_id=ada.id)
    assert (after.totp_enabled, after.backup_code_enabled, after.two_factor_enabled) == (False, True, True)
    assert clerk.users.delete_backup_codes(user_id=ada.id).user_id == ada.id
    after = clerk.users.get(user_id=ada.id)
    assert (after.backup_code_enabled, after.two_factor_enabled) == (False, False)
    assert after.mfa_disabled_at is not None

    assert run(clerk.users.delete_totp_async(user_id=bob.id)).user_id == bob.id
    assert clerk.users.get(user_id=bob.id).totp_enabled is False
    assert run(clerk.users.delete_backup_codes_async(user_id=bob.id)).user_id == bob.id
    assert clerk.users.get(user_id=bob.id).backup_code_enabled is False

    cy, dee = make(clerk, "Cy", **mfa), make(clerk, "Dee", **mfa)
    assert clerk.users.disable_mfa(user_id=cy.id).user_id == cy.id
    assert run(clerk.users.disable_mfa_async(user_id=dee.id)).user_id == dee.id
    for user_id in (cy.id, dee.id):
        after = clerk.users.get(user_id=user_id)
        assert (after.totp_enabled, after.backup_code_enabled, after.two_factor_enabled) == (False, False, False)


def _password_compromised(emu: Emulator, user_id: str) -> bool:
    # Not part of the User object: the emulator's export shows it.
    user = next(u for u in emu.export_data()["users"] if u["id"] == user_id)
    return bool(user.get("password_compromised"))


def test_set_and_unset_password_compromised(emu, clerk):
    ada = make(clerk, "Ada", password="correct-horse-battery")
    bob = make(clerk, "Bob", password="correct-horse-battery")
    marked = clerk.users.set_password_compromised(user_id=ada.id, revoke_all_sessions=True)
    assert isinstance(marked, models.User) and marked.id == ada.id
    assert _password_compromised(emu, ada.id) and not _password_compromised(emu, bob.id)
    assert run(clerk.users.set_password_compromised_async(user_id=bob.id)).id == bob.id
    assert _password_compromised(emu, bob.id)

    assert clerk.users.unset_password_compromised(user_id=ada.id).id == ada.id
    assert not _password_compromised(emu, ada.id)
    assert run(clerk.users.unset_password_compromised_async(user_id=bob.id)).id == bob.id
    assert not _password_compromised(emu, bob.id)


# ---------------------------------------------------------------------------- identifications


def _external_account(account_id: str) -> Dict[str, Any]:
    return {
        "object": "external_account",
        "id": account_id,
        "provider": "oauth_google",
        "identification_id": f"idn_{account_id}",
        "provider_user_id": f"g-{account_id}",
        "approved_scopes": "email",
        "email_address": "ada@example.com",
        "public_metadata": {},
        "created_at": 1,
        "updated_at": 1,
        "verification": None,
    }


def test_delete_passkeys_web3_wallets_and_external_accounts(emu, clerk):
    [ada] = emu.load_users(
        [
            {
                "first_name": "Ada",
                "passkeys": [
                    {"id": "idn_pk1", "object": "passkey", "name": "Laptop", "last_used_at": 1, "verification": None},
                    {"id": "idn_pk2", "object": "passkey", "name": "Phone", "last_used_at": 1, "verification": None},
                ],
                "web3_wallets": [
                    {"id": "idn_w1", "web3_wallet": "0x1111111111111111111111111111111111111111"},
                    {"id": "idn_w2", "web3_wallet": "0x2222222222222222222222222222222222222222"},
                ],
                "external_accounts": [_external_account("eac_1"), _external_account("eac_2")],
            }
        ]
    )
    assert [p.id for p in ada.passkeys] == ["idn_pk1", "idn_pk2"]

    gone = clerk.users.delete_passkey(user_id=ada.id, passkey_identification_id="idn_pk1")
    assert isinstance(gone, models.DeletedObject)
    assert (gone.object, gone.id, gone.deleted) == ("passkey", "idn_pk1", True)
    gone = run(clerk.users.delete_passkey_async(user_id=ada.id, passkey_identification_id="idn_pk2"))
    assert (gone.object, gone.id) == ("passkey", "idn_pk2")
    assert clerk.users.get(user_id=ada.id).passkeys == []

    gone = clerk.users.delete_web3_wallet(user_id=ada.id, web3_wallet_identification_id="idn_w1")
    assert (gone.object, gone.id, gone.deleted) == ("web3_wallet", "idn_w1", True)
    assert clerk.users.get(user_id=ada.id).primary_web3_wallet_id == "idn_w2"
    gone = run(clerk.users.delete_web3_wallet_async(user_id=ada.id, web3_wallet_identification_id="idn_w2"))
    assert gone.id == "idn_w2"
    assert clerk.users.get(user_id=ada.id).web3_wallets == []

    gone = clerk.users.delete_external_account(user_id=ada.id, external_account_id="eac_1")
    assert (gone.object, gone.id, gone.deleted) == ("external_account", "eac_1", True)
    gone = run(clerk.users.delete_external_account_async(user_id=ada.id, external_account_id="eac_2"))
    assert gone.id == "eac_2"
    assert clerk.users.get(user_id=ada.id).external_accounts == []

    with pytest.raises(ClerkErrors) as info:  # 404 is in delete_passkey's table
        clerk.users.delete_passkey(user_id=ada.id, passkey_identification_id="idn_pk1")
    assert info.value.status_code == 404


def test_every_operation_is_called_by_name_sync_and_async():
    # The operations come from the native module's table: a new one fails here until a test
    # above calls it, sync and async.
    source = Path(__file__).read_text()
    missing = []
    for op, _ in _native.OPERATIONS:
        if not re.search(rf"clerk\.users\.{op}\(", source):
            missing.append(op)
        if not re.search(rf"(await|run\()\s*clerk\.users\.{op}_async\(", source):
            missing.append(op + "_async")
    assert missing == [], f"methods no test in {Path(__file__).name} calls by name: {missing}"


# ---------------------------------------------------------------------------- errors


def _call(clerk: Clerk, op: str, asynchronous: bool) -> Any:
    args = ARGS[op]
    if asynchronous:
        return run(getattr(clerk.users, op + "_async")(**args))
    return getattr(clerk.users, op)(**args)


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("op", sorted(CLERK_ERRORS))
def test_docs_error_table_through_emulator_faults(emu, clerk, op, asynchronous):
    for status in STATUSES:
        emu.fault(status, retry_after=3 if status in (429, 503) else None)
        with pytest.raises(ClerkBaseError) as info:
            _call(clerk, op, asynchronous)
        error = info.value
        expected = ClerkErrors if status in CLERK_ERRORS[op] else SDKError
        assert type(error) is expected, (op, status, error)
        assert error.status_code == status
        assert "emulator_fault" in error.body
        assert error.headers["content-type"] == "application/json"
        assert error.retry_after == (3 if status in (429, 503) else None)
        if expected is ClerkErrors:
            first = error.data.errors[0]
            assert (first.code, first.message) == ("emulator_fault", "Injected fault")
            assert "injected" in first.long_message
            assert re.fullmatch(r"[0-9a-f]{32}", error.clerk_trace_id)
    assert emu.pending_faults() == []


def test_real_errors_follow_each_operations_table(clerk):
    # The same 404 is ClerkErrors for get (404 listed) and SDKError for ban (only 402 listed).
    with pytest.raises(ClerkErrors) as info:
        clerk.users.get(user_id="user_missing")
    error = info.value
    assert error.status_code == 404
    assert (error.data.errors[0].code, error.data.errors[0].long_message) == (
        "resource_not_found",
        "No user was found with id user_missing",
    )
    assert error.clerk_trace_id and error.clerk_trace_id in error.body
    with pytest.raises(SDKError) as info:
        clerk.users.ban(user_id="user_missing")
    assert info.value.status_code == 404
    # 422 with the parameter named in meta: ClerkErrors for create.
    make(clerk, "Ada")
    with pytest.raises(ClerkErrors) as info:
        run(clerk.users.create_async(email_address=["ada@example.com"]))
    assert info.value.status_code == 422
    assert info.value.data.errors[0].code == "form_identifier_exists"
    assert info.value.data.errors[0].meta == {"param_name": "email_address"}


def test_wrong_key_is_rejected(emu):
    with Clerk(bearer_auth="sk_live_not_for_the_emulator", server_url=emu.url, retry_config=None) as clerk:
        with pytest.raises(ClerkErrors) as info:
            clerk.users.list()
    assert info.value.status_code == 401
    assert info.value.data.errors[0].code == "clerk_key_invalid"


# ---------------------------------------------------------------------------- retries


def test_503_then_success_is_retried(emu, clerk):
    ada = make(clerk, "Ada")
    emu.fault(503, count=2)
    assert clerk.users.get(user_id=ada.id, retries=FAST) == ada
    assert emu.pending_faults() == []

    emu.fault(500, method="POST")
    assert run(clerk.users.ban_async(user_id=ada.id, retries=FAST)).banned is True
    assert emu.pending_faults() == []


def test_default_retry_config_recovers(emu):
    with Clerk(bearer_auth=KEY, server_url=emu.url) as clerk:  # the default: backoff from 500 ms
        emu.fault(503)
        started = time.monotonic()
        assert clerk.users.count().total_count == 0
        assert time.monotonic() - started >= 0.24  # the first retry waits 250..500 ms
    assert emu.pending_faults() == []


def test_retries_none_makes_one_attempt(emu):
    with Clerk(bearer_auth=KEY, server_url=emu.url, retry_config=FAST) as clerk:
        emu.fault(503, count=3)
        with pytest.raises(SDKError) as info:
            clerk.users.count(retries=None)
        assert info.value.status_code == 503
        assert [f["count"] for f in emu.pending_faults()] == [2]  # one attempt used one
        with pytest.raises(SDKError):
            run(clerk.users.count_async(retries=None))
        assert [f["count"] for f in emu.pending_faults()] == [1]
        assert clerk.users.count().total_count == 0  # the client's own config retries


def test_client_without_retries_makes_one_attempt(emu, clerk):
    emu.fault(429, count=2, retry_after=1)
    with pytest.raises(SDKError) as info:
        clerk.users.list()
    assert (info.value.status_code, info.value.retry_after) == (429, 1)
    assert [f["count"] for f in emu.pending_faults()] == [1]


def test_retry_after_is_honoured(emu, clerk):
    emu.fault(429, retry_after=1)
    started = time.monotonic()
    assert clerk.users.list(retries=FAST) == []
    assert time.monotonic() - started >= 0.9  # not FAST's 1 ms


def test_retries_give_up_with_the_last_error(emu, clerk):
    emu.fault(503, count=100)
    short = RetryConfig("backoff", BackoffStrategy(1, 10, 1.5, 200), False)
    started = time.monotonic()
    with pytest.raises(SDKError) as info:
        clerk.users.count(retries=short)
    assert info.value.status_code == 503
    assert time.monotonic() - started < 2
    assert emu.pending_faults()[0]["count"] < 99  # several attempts were made


# ---------------------------------------------------------------------------- timeouts, transport


def test_delay_beyond_timeout_is_a_timeout(emu, clerk):
    emu.fault(delay_ms=1000)
    started = time.monotonic()
    with pytest.raises(ClerkTimeoutError) as info:
        clerk.users.count(timeout_ms=100)
    assert time.monotonic() - started < 0.9
    assert isinstance(info.value, TimeoutError) and info.value.status_code is None

    emu.fault(delay_ms=1000)
    with pytest.raises(ClerkTimeoutError):
        run(clerk.users.count_async(timeout_ms=100))


def test_delay_within_timeout_is_served(emu, clerk):
    emu.fault(delay_ms=200)
    started = time.monotonic()
    assert clerk.users.count(timeout_ms=5_000).total_count == 0
    assert time.monotonic() - started >= 0.2


def test_client_timeout_ms(emu):
    with Clerk(bearer_auth=KEY, server_url=emu.url, retry_config=None, timeout_ms=100) as clerk:
        emu.fault(delay_ms=1000)
        with pytest.raises(ClerkTimeoutError):
            clerk.users.list()


def test_timeouts_are_retried_only_when_safe(emu, clerk):
    # get is idempotent: a timed-out attempt is tried again.
    emu.fault(delay_ms=500, count=2)
    assert clerk.users.count(timeout_ms=100, retries=FAST_WITH_TIMEOUTS).total_count == 0
    assert emu.pending_faults() == []
    # create may have been applied when it timed out: it is not repeated.
    emu.clear_faults()
    emu.fault(delay_ms=500, count=3, method="POST")
    with pytest.raises(ClerkTimeoutError):
        clerk.users.create(first_name="Once", timeout_ms=100, retries=FAST_WITH_TIMEOUTS)
    assert [f["count"] for f in emu.pending_faults()] == [2]


def test_faults_match_method(emu, clerk):
    emu.fault(503, method="POST")
    assert clerk.users.count().total_count == 0  # a GET: not matched
    with pytest.raises(SDKError):
        clerk.users.create(first_name="Ada")
    assert emu.pending_faults() == []


def test_faults_match_a_path_prefix(emu, clerk):
    ada = make(clerk, "Ada")
    emu.fault(503, path=f"/v1/users/{ada.id}/ban")
    assert clerk.users.unban(user_id=ada.id).banned is False  # another path: not matched
    assert clerk.users.get(user_id=ada.id).id == ada.id
    with pytest.raises(SDKError) as info:
        clerk.users.ban(user_id=ada.id)
    assert info.value.status_code == 503
    assert emu.pending_faults() == []


def test_malformed_success_body(emu, clerk):
    emu.fault(malformed_json=True)
    with pytest.raises(ResponseValidationError) as info:
        clerk.users.count()
    assert info.value.status_code == 200
    assert info.value.body.startswith('{"object": "user"')


def test_dropped_connection(emu, clerk):
    emu.fault(drop_connection=True)
    with pytest.raises(ClerkConnectionError) as info:
        clerk.users.count()
    assert isinstance(info.value, ConnectionError) and info.value.status_code is None
    # An idempotent call is tried again after a connection error (when the config says so).
    emu.fault(drop_connection=True, count=2)
    assert run(clerk.users.count_async(retries=FAST_WITH_TIMEOUTS)).total_count == 0
    assert emu.pending_faults() == []


def test_connection_refused_after_close():
    emulator = Emulator()
    url = emulator.url
    with Clerk(bearer_auth=KEY, server_url=url, retry_config=None) as clerk:
        assert clerk.users.count().total_count == 0
        emulator.close()
        assert emulator.closed
        with pytest.raises(ClerkConnectionError) as info:
            clerk.users.count()
        assert isinstance(info.value, ConnectionError) and KEY not in str(info.value)
        with pytest.raises(ClerkConnectionError):
            run(clerk.users.count_async())
    emulator.close()  # twice is fine
