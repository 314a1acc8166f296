"""The official-SDK oracle: every users operation of Clerk's own Python SDK
(`clerk-backend-api==5.0.6`, which validates every response with pydantic) against the emulator.

A missing or mistyped field in a response fails the operation. Run it with `run` beside this
file, which makes the virtualenv and builds the emulator. Set CLERK_EMULATOR_URL to test an
emulator that is already running (it is reset first); otherwise the emulator binary is started
with `cargo run -p clerk-emulator -- --port 0` (or CLERK_EMULATOR_BIN if set).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import struct
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Callable

import httpx
from clerk_backend_api import Clerk, models

KEY = "sk_test_oracle"
TOTP_SECRET = "JBSWY3DPEHPK3PXP"
PASSWORD = "correct horse battery"  # user_example_ada's, in the data file


def totp_now(secret: str) -> str:
    """RFC 6238: SHA1, 30 s, 6 digits."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int(time.time()) // 30
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


# ---------------------------------------------------------------- fixtures

# The README's example data file: users with passwords, an imported argon2id digest, TOTP,
# backup codes, passkeys, web3 wallets and external accounts, plus organization memberships and
# invitations, an OAuth token, a billing subscription and a credit. Loading it here proves that
# the official SDK accepts every object of it.
DATA_FILE = Path(__file__).resolve().parents[2] / "examples" / "data.json"


def data_document() -> dict[str, Any]:
    return json.loads(DATA_FILE.read_text())


# ---------------------------------------------------------------- the run


class Oracle:
    def __init__(self, url: str) -> None:
        self.url = url
        self.http = httpx.Client(base_url=url, timeout=30)
        self.clerk = Clerk(bearer_auth=KEY, server_url=url + "/v1")
        self.passed: list[str] = []
        self.failed: list[tuple[str, str]] = []
        self.operations: set[str] = set()

    def control(self, method: str, path: str, body: Any = None) -> Any:
        # Control requests with a body must be JSON: `{}` when there is nothing to say.
        if body is None and method in ("POST", "PUT"):
            body = {}
        response = self.http.request(method, "/emulator/v1" + path, json=body)
        response.raise_for_status()
        return response.json()

    def check(self, name: str, operation: str | None, fn: Callable[[], Any]) -> Any:
        """Runs one call; `operation` names the SDK method it proves (None for error paths)."""
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001 - every failure is reported, then the run goes on
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            body = getattr(exc, "body", None)
            if body:
                detail += f"\n      body: {body[:600]}"
            self.failed.append((name, detail))
            print(f"FAIL {name}\n      {detail}", flush=True)
            return None
        if operation:
            self.operations.add(operation)
        self.passed.append(name)
        print(f"ok   {name}", flush=True)
        return result

    def expect_error(
        self,
        name: str,
        status: int,
        code: str | None,
        fn: Callable[[], Any],
        kind: type[Exception] = models.ClerkErrors,
    ) -> None:
        """The call must raise `kind` with `status` (and `code`): the SDK's `models.ClerkErrors`
        where the spec gives the status a Clerk error body, `models.SDKError` where it gives none
        (verify_password's and verify_totp's 400, 404 and 422)."""

        def run() -> None:
            try:
                fn()
            except kind as err:
                response = err.raw_response  # type: ignore[attr-defined]
                body = response.json()
                got_code = body["errors"][0]["code"]
                assert response.status_code == status, f"status {response.status_code}, expected {status}"
                assert code is None or got_code == code, f"code {got_code!r}, expected {code!r}"
                assert body.get("clerk_trace_id"), "clerk_trace_id missing"
                return
            raise AssertionError(f"expected {kind.__name__} {status}, the call succeeded")

        self.check(name, None, run)

    def run(self) -> None:
        c = self.clerk.users
        self.control("POST", "/reset")
        self.control("PUT", "/instance", {"preset": "permissive"})
        self.control("POST", "/import", data_document())
        main = "user_example_ada"

        # --- create, get, list, count, update
        created = self.check(
            "create (password, identifiers, metadata, TOTP, backup codes)",
            "create",
            lambda: c.create(
                email_address=["grace@oracle.test"],
                phone_number=["+15555550123"],
                web3_wallet=["0x3333333333333333333333333333333333333333"],
                username="grace",
                external_id="ext-oracle-2",
                first_name="Grace",
                last_name="Hopper",
                password="Secure*Pass4",
                totp_secret=TOTP_SECRET,
                backup_codes=["123456", "654321"],
                public_metadata={"role": "admin"},
                private_metadata={"internal_id": "789"},
                unsafe_metadata={"preferences": {"theme": "dark"}},
                created_at="2023-03-15T07:15:20.902Z",
                legal_accepted_at="2023-03-16T07:15:20.902Z",
                skip_legal_checks=True,
                bypass_client_trust=True,
            ),
        )
        grace = created.id if created else "user_missing"
        if created:
            self.check("create: result", None, lambda: self.assert_created(created))
        pbkdf2_user = self.check(
            "create (password digest: pbkdf2_sha256)",
            "create",
            lambda: c.create(
                email_address=["digest@oracle.test"],
                password_digest=pbkdf2_sha256_digest("digest password"),
                password_hasher="pbkdf2_sha256",
            ),
        )
        if pbkdf2_user:
            self.check(
                "verify_password (pbkdf2_sha256 digest)",
                "verify_password",
                lambda: self.assert_equal(
                    c.verify_password(user_id=pbkdf2_user.id, password="digest password").verified, True
                ),
            )
        sha_user = self.check(
            "create (password digest: sha256)",
            "create",
            lambda: c.create(
                email_address=["sha@oracle.test"],
                password_digest=hashlib.sha256(b"sha password").hexdigest(),
                password_hasher="sha256",
            ),
        )
        if sha_user:
            self.check(
                "verify_password (sha256 digest)",
                "verify_password",
                lambda: self.assert_equal(
                    c.verify_password(user_id=sha_user.id, password="sha password").verified, True
                ),
            )
        self.check("get", "get", lambda: c.get(user_id=main))
        self.check("list (no filter)", "list", lambda: self.assert_len(c.list(request={}), 5))
        self.check(
            "list (filters, order_by, paging)",
            "list",
            lambda: self.assert_len(
                c.list(
                    request={
                        "email_address": ["ada@example.com", "grace@oracle.test"],
                        "order_by": "+created_at",
                        "limit": 10,
                        "offset": 0,
                    }
                ),
                2,
            ),
        )
        self.check(
            "list (query, organization_id)",
            "list",
            lambda: self.assert_len(c.list(request={"query": "lovelace", "organization_id": ["org_example1"]}), 1),
        )
        self.check("count", "count", lambda: self.assert_total(c.count(request={}), 5))
        self.check(
            "count (filters)",
            "count",
            lambda: self.assert_total(c.count(request={"username": ["grace"], "banned": False}), 1),
        )
        self.check(
            "update",
            "update",
            lambda: c.update(
                user_id=grace,
                first_name="Grace B.",
                last_name=None,
                username="grace_b",
                primary_email_address_id=created.primary_email_address_id if created else None,
                public_metadata={"role": "owner"},
                delete_self_enabled=False,
                create_organizations_limit=3,
            ),
        )
        self.check(
            "update_metadata",
            "update_metadata",
            lambda: self.assert_equal(
                c.update_metadata(
                    user_id=main,
                    public_metadata={"nested": {"b": 2}, "plan": None},
                    private_metadata={"more": True},
                ).public_metadata,
                {"nested": {"a": 1, "b": 2}},
            ),
        )

        # --- ban, lock
        self.check("ban", "ban", lambda: self.assert_equal(c.ban(user_id=grace).banned, True))
        self.check("unban", "unban", lambda: self.assert_equal(c.unban(user_id=grace).banned, False))
        self.check("bulk_ban", "bulk_ban", lambda: self.assert_len(c.bulk_ban(user_ids=[grace, main]), 2))
        self.check("bulk_unban", "bulk_unban", lambda: self.assert_len(c.bulk_unban(user_ids=[grace, main]), 2))
        self.check("lock", "lock", lambda: self.assert_equal(c.lock(user_id=grace).locked, True))
        self.check("unlock", "unlock", lambda: self.assert_equal(c.unlock(user_id=grace).locked, False))

        # --- profile image
        png = base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
        )
        with_image = self.check(
            "set_profile_image",
            "set_profile_image",
            lambda: c.set_profile_image(
                user_id=grace, file={"file_name": "avatar.png", "content": png, "content_type": "image/png"}
            ),
        )
        if with_image:
            self.check("set_profile_image: the image is served", None, lambda: self.assert_image(with_image, png))
        self.check(
            "delete_profile_image",
            "delete_profile_image",
            lambda: self.assert_equal(c.delete_profile_image(user_id=grace).has_image, False),
        )

        # --- billing
        self.check("get_billing_subscription", "get_billing_subscription", lambda: c.get_billing_subscription(user_id=main))
        self.check(
            "get_billing_credit_balance (never credited)",
            "get_billing_credit_balance",
            lambda: c.get_billing_credit_balance(user_id=grace),
        )
        self.check(
            "adjust_billing_credit_balance",
            "adjust_billing_credit_balance",
            lambda: self.assert_ledger(
                lambda: c.adjust_billing_credit_balance(
                    user_id=main, amount=1500, action="increase", idempotency_key="oracle-1", note="welcome"
                ),
                1500,
                "USD",
            ),
        )
        self.check(
            "adjust_billing_credit_balance (decrease, EUR)",
            "adjust_billing_credit_balance",
            lambda: self.assert_ledger(
                lambda: c.adjust_billing_credit_balance(
                    user_id=grace, amount=250, action="decrease", idempotency_key="oracle-2", currency="EUR"
                ),
                -250,
                "EUR",
            ),
        )
        self.check(
            "adjust_billing_credit_balance (same idempotency key: the original entry)",
            "adjust_billing_credit_balance",
            lambda: self.assert_ledger(
                lambda: c.adjust_billing_credit_balance(
                    user_id=main, amount=99, action="decrease", idempotency_key="oracle-1"
                ),
                1500,
                "USD",
            ),
        )
        self.check(
            "get_billing_credit_balance",
            "get_billing_credit_balance",
            lambda: self.assert_equal(c.get_billing_credit_balance(user_id=main).balance.amount, 500 + 1500),
        )

        # --- OAuth, organizations
        self.check(
            "get_o_auth_access_token",
            "get_o_auth_access_token",
            lambda: self.assert_len(c.get_o_auth_access_token(user_id=main, provider="oauth_google"), 1),
        )
        self.check(
            "get_o_auth_access_token (paginated)",
            "get_o_auth_access_token",
            lambda: self.assert_token_page(
                lambda: c.get_o_auth_access_token(user_id=main, provider="oauth_google", paginated=True, limit=10, offset=0)
            ),
        )
        self.check(
            "get_organization_memberships",
            "get_organization_memberships",
            lambda: self.assert_total(c.get_organization_memberships(user_id=main, limit=10, offset=0), 2, 2),
        )
        self.check(
            "get_organization_invitations",
            "get_organization_invitations",
            lambda: self.assert_total(c.get_organization_invitations(user_id=main, status="pending"), 1, 1),
        )
        self.check(
            "get_instance_organization_memberships",
            "get_instance_organization_memberships",
            lambda: self.assert_total(
                c.get_instance_organization_memberships(order_by="-created_at", limit=2, offset=0), 3, 2
            ),
        )

        # --- passwords and MFA
        self.check(
            "verify_password",
            "verify_password",
            lambda: self.assert_equal(c.verify_password(user_id=main, password=PASSWORD).verified, True),
        )
        self.check(
            "verify_password (argon2id digest of the data file)",
            "verify_password",
            lambda: self.assert_equal(
                c.verify_password(user_id="user_example_grace", password="correct horse").verified, True
            ),
        )
        self.check(
            "verify_totp (TOTP code)",
            "verify_totp",
            lambda: self.assert_equal(enum_value(c.verify_totp(user_id=main, code=totp_now(TOTP_SECRET)).code_type), "totp"),
        )
        self.check(
            "verify_totp (backup code)",
            "verify_totp",
            lambda: self.assert_equal(enum_value(c.verify_totp(user_id=main, code="backup-one").code_type), "backup_code"),
        )
        self.expect_error(
            "verify_totp: wrong code -> 422",
            422,
            None,
            lambda: c.verify_totp(user_id=main, code="000000"),
            models.SDKError,
        )
        self.expect_error(
            "verify_totp: reused backup code -> 422",
            422,
            None,
            lambda: c.verify_totp(user_id=main, code="backup-one"),
            models.SDKError,
        )
        self.check(
            "set_password_compromised",
            "set_password_compromised",
            lambda: c.set_password_compromised(user_id=main, revoke_all_sessions=False),
        )
        self.check(
            "unset_password_compromised",
            "unset_password_compromised",
            lambda: c.unset_password_compromised(user_id=main),
        )
        self.check("delete_totp", "delete_totp", lambda: self.assert_equal(c.delete_totp(user_id=grace).user_id, grace))
        self.check(
            "delete_backup_codes",
            "delete_backup_codes",
            lambda: self.assert_equal(c.delete_backup_codes(user_id=grace).user_id, grace),
        )
        self.check("disable_mfa", "disable_mfa", lambda: self.assert_equal(c.disable_mfa(user_id=main).user_id, main))

        # --- identifications
        self.check(
            "delete_passkey",
            "delete_passkey",
            lambda: c.delete_passkey(user_id=main, passkey_identification_id="idn_ada_passkey"),
        )
        self.check(
            "delete_web3_wallet",
            "delete_web3_wallet",
            lambda: c.delete_web3_wallet(user_id=main, web3_wallet_identification_id="idn_ada_wallet2"),
        )
        self.check(
            "delete_external_account",
            "delete_external_account",
            lambda: c.delete_external_account(user_id=main, external_account_id="eac_ada_github"),
        )
        self.check("get (after the changes)", "get", lambda: self.assert_after(c.get(user_id=main)))

        # --- error paths: models.ClerkErrors with the right status
        self.expect_error("get: unknown user -> 404", 404, "resource_not_found", lambda: c.get(user_id="user_nope"))
        self.expect_error(
            "create: taken email -> 422",
            422,
            "form_identifier_exists",
            lambda: c.create(email_address=["ada@example.com"]),
        )
        self.expect_error(
            "create: short password -> 422",
            422,
            "form_password_length_too_short",
            lambda: c.create(email_address=["short@oracle.test"], password="short"),
        )
        self.expect_error(
            "create: breached password -> 422",
            422,
            "form_password_pwned",
            lambda: c.create(email_address=["pwned@oracle.test"], password="password123"),
        )
        self.expect_error(
            "create: username too short -> 422",
            422,
            "form_username_invalid_length",
            lambda: c.create(username="ab"),
        )
        self.control("PUT", "/instance", {"preset": "new_application"})
        self.expect_error(
            "create: a new application wants an email address and a password -> 422",
            422,
            "form_data_missing",
            lambda: c.create(first_name="Nobody"),
        )
        self.control("PUT", "/instance", {"preset": "permissive"})
        self.expect_error(
            "create: unknown password_hasher -> 422",
            422,
            "form_param_value_invalid",
            lambda: c.create(email_address=["h@oracle.test"], password_digest="abc", password_hasher="rot13"),
        )
        self.expect_error(
            "list: limit 501 -> 422",
            422,
            None,
            lambda: c.list(request={"limit": 501}),
        )
        self.expect_error(
            "verify_password: wrong password -> 422",
            422,
            None,
            lambda: c.verify_password(user_id=main, password="wrong password"),
            models.SDKError,
        )
        no_password = self.check(
            "create (skip_password_requirement)",
            "create",
            lambda: c.create(email_address=["nopass@oracle.test"], skip_password_requirement=True),
        )
        no_password_id = no_password.id if no_password else "user_missing"
        self.expect_error(
            "verify_password: no password -> 400",
            400,
            None,
            lambda: c.verify_password(user_id=no_password_id, password="whatever1"),
            models.SDKError,
        )
        self.expect_error(
            "verify_password: unknown user -> 404",
            404,
            "resource_not_found",
            lambda: c.verify_password(user_id="user_nope", password="whatever1"),
            models.SDKError,
        )
        self.expect_error(
            "verify_totp: no TOTP -> 400",
            400,
            None,
            lambda: c.verify_totp(user_id=no_password_id, code="123456"),
            models.SDKError,
        )
        self.expect_error(
            "delete_passkey: unknown passkey -> 404",
            404,
            "resource_not_found",
            lambda: c.delete_passkey(user_id=main, passkey_identification_id="idn_nope"),
        )
        self.expect_error(
            "get_billing_subscription: none -> 404",
            404,
            "resource_not_found",
            lambda: c.get_billing_subscription(user_id=grace),
        )
        self.expect_error(
            "bulk_ban: 51 IDs -> 400",
            400,
            None,
            lambda: c.bulk_ban(user_ids=[f"user_{i}" for i in range(51)]),
        )
        self.check("unauthenticated -> 401", None, self.assert_unauthenticated)

        # --- faults and the rate limit, as the SDK sees them
        self.control("PUT", "/rate_limit", {"requests": 1, "per_seconds": 60})
        self.check("rate limit: first request passes", None, lambda: c.count(request={}))
        self.expect_error(
            "rate limit: 429 too_many_requests (the SDK declares no 429: SDKError)",
            429,
            "too_many_requests",
            lambda: c.count(request={}),
            models.SDKError,
        )
        self.control("DELETE", "/rate_limit")
        self.control("POST", "/faults", {"drop_connection": True, "path": "/v1/users/count"})
        self.check("dropped connection: no response at all", None, lambda: self.assert_dropped(c))
        self.control("POST", "/faults", {"status": 503, "path": "/v1/users/count"})
        self.check(
            "injected 503: retried by the SDK (5XX)",
            None,
            lambda: self.assert_total(c.count(request={}), 6),
        )

        # --- delete last: it ends the main user's life
        self.check("delete", "delete", lambda: self.assert_equal(c.delete(user_id=grace).deleted, True))
        self.expect_error("delete: twice -> 404", 404, "resource_not_found", lambda: c.delete(user_id=grace))

    # ---------------------------------------------------------------- assertions

    @staticmethod
    def assert_equal(got: Any, expected: Any) -> Any:
        assert got == expected, f"got {got!r}, expected {expected!r}"
        return got

    @staticmethod
    def assert_len(items: Any, n: int) -> Any:
        assert len(items) == n, f"{len(items)} items, expected {n}"
        return items

    @staticmethod
    def assert_total(page: Any, total: int, data: int | None = None) -> Any:
        assert page.total_count == total, f"total_count {page.total_count}, expected {total}"
        if data is not None:
            assert len(page.data) == data, f"{len(page.data)} items, expected {data}"
        return page

    @staticmethod
    def assert_token_page(call: Callable[[], Any]) -> None:
        """`get_o_auth_access_token(paginated=True)`: Clerk answers a page (`data`, `total_count`),
        as its Go and JavaScript SDKs decode it; SDK 5.0.6 types the result as a list whatever
        `paginated` says, so against Clerk itself it fails here as it does against the emulator.
        Accept that failure only when the body is such a page of tokens that validate as the SDK's
        own `OAuthAccessToken`."""
        try:
            result = call()
        except models.ResponseValidationError as err:
            body = err.raw_response.json()
            assert sorted(body) == ["data", "total_count"], body
            tokens = [models.OAuthAccessToken.model_validate(token) for token in body["data"]]
            assert body["total_count"] == len(tokens) == 1, body
            return
        raise AssertionError(f"expected the SDK to reject the page, got {result!r}")

    @staticmethod
    def assert_ledger(call: Callable[[], Any], amount: int, currency: str) -> None:
        """The ledger entry of `adjust_billing_credit_balance`.

        The spec (`bapi-2025-11-10.yml`, and `clerk-backend-api` 7.0.0) gives its `amount` as a
        money object (`CommerceMoneyResponse`); the model of SDK 5.0.6 predates that change
        (`amount` an integer, plus `currency`), so against Clerk itself 5.0.6 fails here exactly
        as it does against the emulator. Accept that failure only when it is that change: the
        money object must validate as the SDK's own `CommerceMoneyResponse`, and the entry, with
        `amount` and `currency` flattened back, as its `CommerceCreditLedgerResponse`.
        """
        try:
            entry = call()
        except models.ResponseValidationError as err:
            locations = sorted(tuple(e["loc"]) for e in err.cause.errors())
            assert locations == [("body", "amount"), ("body", "currency")], locations
            body = err.raw_response.json()
            money = models.CommerceMoneyResponse.model_validate(body["amount"])
            flat = dict(body, amount=money.amount, currency=money.currency)
            entry = models.CommerceCreditLedgerResponse.model_validate(flat)
        assert entry.object == "commerce_credit_ledger", entry.object
        assert (entry.amount, entry.currency) == (amount, currency), (entry.amount, entry.currency)

    @staticmethod
    def assert_created(user: models.User) -> None:
        assert user.id.startswith("user_"), user.id
        assert user.password_enabled and user.totp_enabled and user.backup_code_enabled and user.two_factor_enabled
        assert user.email_addresses[0].id == user.primary_email_address_id
        assert user.email_addresses[0].verification.status == "verified"
        assert user.username == "grace"
        assert user.created_at == 1678864520902, user.created_at
        assert user.public_metadata == {"role": "admin"}

    def assert_image(self, user: models.User, png: bytes) -> None:
        assert user.has_image
        response = httpx.get(user.image_url, timeout=10)
        assert response.status_code == 200 and response.content == png, response.status_code

    @staticmethod
    def assert_after(user: models.User) -> None:
        assert not user.passkeys, user.passkeys
        assert [w.id for w in user.web3_wallets] == ["idn_ada_wallet"]
        assert [a.id for a in user.external_accounts] == ["eac_ada_google"]
        assert not user.totp_enabled and not user.two_factor_enabled

    @staticmethod
    def assert_dropped(users: Any) -> None:
        try:
            users.count(request={})
        except httpx.RemoteProtocolError as err:
            assert "without sending a response" in str(err), err
            return
        raise AssertionError("expected the connection to be dropped")

    def assert_unauthenticated(self) -> None:
        bad = Clerk(bearer_auth="not_a_key", server_url=self.url + "/v1")
        try:
            bad.users.get(user_id="user_example_ada")
        except models.ClerkErrors as err:
            assert err.raw_response.status_code == 401
            assert err.data.errors[0].code == "clerk_key_invalid"
            return
        raise AssertionError("expected ClerkErrors 401")


def enum_value(value: Any) -> Any:
    return getattr(value, "value", value)


def pbkdf2_sha256_digest(password: str) -> str:
    """Clerk's `pbkdf2_sha256` format: `pbkdf2_sha256$<iterations>$<b64 salt>$<b64 hash>`."""
    salt = b"oracle-salt-1234"
    derived = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 1000)
    return f"pbkdf2_sha256$1000${base64.b64encode(salt).decode()}${base64.b64encode(derived).decode()}"


# ---------------------------------------------------------------- the emulator


def start_emulator() -> tuple[str, subprocess.Popen[str] | None]:
    url = os.environ.get("CLERK_EMULATOR_URL")
    if url:
        return url.rstrip("/"), None
    binary = os.environ.get("CLERK_EMULATOR_BIN")
    command = [binary] if binary else ["cargo", "run", "--quiet", "-p", "clerk-emulator", "--"]
    process = subprocess.Popen(
        [*command, "--port", "0"], stdout=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    prefix = "listening on "
    if not line.startswith(prefix):
        process.kill()
        raise SystemExit(f"the emulator did not start: {line!r}")
    return line[len(prefix) :], process


# Every operation of the core's table (Python names, the official SDK's too), from the file
# `cargo run -p clerk-codegen` writes from it: a new operation is "not proven" until a check
# above runs it.
OPERATIONS_TABLE = Path(__file__).resolve().parents[3] / "tests" / "vectors" / "tables" / "errors.json"
ALL_OPERATIONS = list(json.loads(OPERATIONS_TABLE.read_text())["operations"])


def main() -> int:
    started = time.monotonic()
    url, process = start_emulator()
    try:
        oracle = Oracle(url)
        oracle.run()
    finally:
        if process:
            process.terminate()
            process.wait(timeout=10)
    missing = [op for op in ALL_OPERATIONS if op not in oracle.operations]
    print()
    print(f"operations proven by the official SDK: {len(ALL_OPERATIONS) - len(missing)}/{len(ALL_OPERATIONS)}")
    if missing:
        print("not proven: " + ", ".join(missing))
    print(f"took {time.monotonic() - started:.1f} s")
    print(f"oracle: {len(oracle.passed)} passed, {len(oracle.failed)} failed")
    return 1 if oracle.failed or missing else 0


if __name__ == "__main__":
    sys.exit(main())
