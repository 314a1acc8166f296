"""Result objects: typed classes generated from the core's models, decoded field by field.

Every model reachable from the operations is read through its typed attributes (the wire
vectors check each against the core's decode; here: fake users, every class and field, the rules
for missing, null, odd and unknown values, and the object protocol)."""

from __future__ import annotations

import copy
import json
import pickle
import sys
import threading
import traceback
import typing
from pathlib import Path
from typing import Any, List, get_args, get_origin, get_type_hints

import pytest

from clerk_backend import _native, models
from clerk_backend.models import ClerkModel, ResponseValidationError
from conftest import load_vectors
from test_client import USER

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from fake_users import make_users  # noqa: E402

RESULT_CLASSES = [cls for name in models._results.__all__ if isinstance(cls := getattr(models, name), type)]


def fields_of(cls: type) -> dict:
    return {name: hint for name, hint in get_type_hints(cls).items() if not name.startswith("_")}


def check_typed(value: Any, hint: Any, path: str) -> None:
    """`value` is of the declared type `hint` (recursively through lists and models)."""
    origin = get_origin(hint)
    if origin is typing.Union:
        options = get_args(hint)
        if value is None:
            assert type(None) in options, path
            return
        (hint,) = [option for option in options if option is not type(None)]
        origin = get_origin(hint)
    if hint is Any:
        return
    if origin is list:
        assert type(value) is list, path
        for i, item in enumerate(value):
            check_typed(item, get_args(hint)[0], f"{path}[{i}]")
    elif origin is dict:
        assert type(value) is dict, path
    elif isinstance(hint, type) and issubclass(hint, ClerkModel):
        # The declared class, or the class of its kind (a Verification's VerificationOTP, ...).
        assert type(value) is hint or type(value).__bases__ == (hint,), (path, type(value), hint)
        read_all(value, path)
    else:
        assert type(value) is hint, (path, value, hint)


def read_all(obj: ClerkModel, path: str = "") -> None:
    hints = fields_of(type(obj))
    assert set(hints) >= set(type(obj)._clerk_fields)
    for name in type(obj)._clerk_fields:
        check_typed(getattr(obj, name), hints[name], f"{path}.{name}")


def test_every_result_model_has_a_class_with_typed_fields():
    names = {cls.__name__ for cls in RESULT_CLASSES}
    for expected in ("User", "EmailAddress", "PhoneNumber", "Web3Wallet", "Passkey", "ExternalAccountWithVerification",
                     "SAMLAccount", "EnterpriseAccount", "Verification", "TotalCount", "DeletedObject",
                     "OrganizationMemberships", "OrganizationInvitationsWithPublicOrganizationData",
                     "CommerceCreditLedgerResponse", "CommerceCreditBalanceResponse", "VerifyPasswordResponseBody",
                     "DeleteBackupCodeResponseBody", "VerifyTOTPResponseBody", "CommerceSubscription",
                     "OAuthAccessToken", "ClerkErrorsData"):
        assert expected in names
    # Earlier names stay as aliases of the same classes.
    assert models.CreditBalance is models.CommerceCreditBalanceResponse
    assert models.UserIdResponse is models.DeleteBackupCodeResponseBody is models.DisableMFAResponseBody
    for cls in RESULT_CLASSES:
        assert cls._clerk_fields, cls
        hints = fields_of(cls)
        assert list(hints) == list(cls._clerk_fields), cls
        empty = cls()  # an empty object reads every field as its default
        read_all(empty, cls.__name__)


# The 86 model classes reachable from the users operations' results in the official SDK
# (clerk-backend-api 5.0.6), but its seven `...Meta` classes (an error's `meta`, a plain dict
# here), by the class each names here. That SDK declares a class per place a model appears
# (`Otp` for an email address's verification, `VerificationAdminVerificationAdmin` for a web3
# wallet's); here one class serves every place, and the other names are aliases of it.
OFFICIAL_NAMES = {
    **{name: name for name in (
        "CommerceCreditBalanceResponse", "CommerceCreditLedgerResponse", "CommerceMoneyResponse",
        "CommercePayerResponse", "CommercePaymentMethodResponse", "CommercePerUnitTotal", "CommercePerUnitTotalTier",
        "CommercePlanUnitPrice", "CommercePlanUnitPriceTier", "CommerceSubscription",
        "CommerceSubscriptionCreditResponse", "CommerceSubscriptionItem", "CommerceSubscriptionNextPayment", "Credits",
        "DeleteBackupCodeResponseBody", "DeletedObject", "EmailAddress", "EnterpriseAccount",
        "ExternalAccountWithVerification", "FeatureResponse", "IdentificationLink", "NextPayment", "OAuthAccessToken",
        "OrganizationInvitationPublicOrganizationData", "OrganizationInvitationPublicUserData",
        "OrganizationInvitationWithPublicOrganizationData", "OrganizationInvitationsWithPublicOrganizationData",
        "OrganizationMembership", "OrganizationMembershipOrganization", "OrganizationMembershipPublicUserData",
        "OrganizationMemberships", "Passkey", "PhoneNumber", "SAMLAccount", "Seats", "TotalCount", "Totals", "User",
        "VerificationAdmin", "VerificationOTP", "VerificationOauth", "VerificationPasskey", "VerificationSAML",
        "VerificationTicket", "VerifyPasswordResponseBody", "VerifyTOTPResponseBody", "Web3Wallet",
    )},
    "Plan": "CommercePlan",
    "DeleteTOTPResponseBody": "DeleteBackupCodeResponseBody",
    "DisableMFAResponseBody": "DeleteBackupCodeResponseBody",
    "Otp": "VerificationOTP",
    "Admin": "VerificationAdmin",
    "VerificationAdminVerificationAdmin": "VerificationAdmin",
    "FromOAuth": "VerificationFromOauth",
    "Ticket": "VerificationTicket",
    "VerificationTicketVerificationTicket": "VerificationTicket",
    "Saml": "VerificationSAML",
    "VerificationSAMLVerificationSAML": "VerificationSAML",
    "EmailLink": "VerificationEmailLink",
    "Oauth": "VerificationOauth",
    "GoogleOneTap": "VerificationGoogleOneTap",
    "Web3Signature": "VerificationWeb3",
    "ErrorClerkError": "ClerkError",
    "VerificationGoogleOneTapErrorClerkError": "ClerkError",
    "VerificationOauthErrorClerkError": "ClerkError",
    "VerificationOauthErrorEnterpriseAccountClerkError": "ClerkError",
    "VerificationSAMLErrorSAMLAccountClerkError": "ClerkError",
    "VerificationSamlErrorClerkError": "ClerkError",
    "VerificationSamlErrorEnterpriseAccountClerkError": "ClerkError",
    "Amount": "CommerceMoneyResponse",
    "Balance": "CommerceMoneyResponse",
    "CommerceSubscriptionItemAmount": "CommerceMoneyResponse",
    "CommerceSubscriptionItemAnnualFee": "CommerceMoneyResponse",
    "CommerceSubscriptionItemAnnualMonthlyFee": "CommerceMoneyResponse",
    "CommerceSubscriptionItemCredits": "Credits",
    "CommerceSubscriptionItemPayer": "PayerCredit",
    "CommerceSubscriptionItemTotalsPayer": "PayerCredit",
    "Proration": "ProrationCreditDetail",
    "CommerceSubscriptionItemProration": "ProrationCreditDetail",
}


def test_every_official_name_is_a_class_of_the_models():
    assert len(OFFICIAL_NAMES) == 86 - 7
    for official, ours in OFFICIAL_NAMES.items():
        assert official in models.__all__, official
        cls = getattr(models, official)
        assert cls in RESULT_CLASSES and cls.__name__ == ours, (official, cls)
    # The aliases are the classes the decoder makes, so `isinstance` with an official name works.
    user = models.User.model_validate({
        "email_addresses": [{"email_address": "a@example.com", "verification": {"object": "verification_otp"}}],
        "web3_wallets": [{"web3_wallet": "0x1", "verification": {"object": "verification_web3"}}],
        "enterprise_accounts": [{"verification": {"object": "verification_saml", "error": {"code": "x"}}}],
    })
    assert isinstance(user.email_addresses[0].verification, models.Otp)
    assert isinstance(user.web3_wallets[0].verification, models.Web3Signature)
    saml = user.enterprise_accounts[0].verification
    assert isinstance(saml, models.VerificationSAMLVerificationSAML) and not isinstance(saml, models.Otp)
    assert isinstance(saml.error, models.VerificationSamlErrorEnterpriseAccountClerkError)
    balance = models.CommerceCreditBalanceResponse.model_validate({"balance": {"amount": 1}}).balance
    assert isinstance(balance, models.Balance) and balance.amount == 1


def test_the_result_type_of_every_operation_is_typed():
    """Each operation's result classes, from the core's shapes, are classes of clerk_backend.models."""
    assert [name for name, _, _ in _native.RESULT_MODELS] == [name for name, _ in _native.OPERATIONS]
    for name, items, obj in _native.RESULT_MODELS:
        assert items or obj, name
        for cls_name in filter(None, (items, obj)):
            assert getattr(models, cls_name) in RESULT_CLASSES, (name, cls_name)
    results = {name: (items, obj) for name, items, obj in _native.RESULT_MODELS}
    assert results["list"] == ("User", None) and results["get"] == (None, "User")
    assert results["get_o_auth_access_token"] == ("OAuthAccessToken", "OAuthAccessTokenPage")


def test_fake_users_read_typed_field_by_field(mock, clerk):
    users = make_users(40)
    mock.respond({"status": 200, "body": users})
    page = clerk.users.list(request={"limit": 40})
    assert len(page) == 40
    for user, sent in zip(page, users):
        assert type(user) is models.User
        read_all(user)
        assert user.to_dict() == sent
        assert user.id == sent["id"] and user.email_addresses[0].email_address == sent["email_addresses"][0]["email_address"]
        assert user.public_metadata == sent["public_metadata"]


def test_every_vector_result_reads_typed():
    cases = [(vector["operation"], case) for vector in load_vectors() for case in vector["cases"]]
    assert len(cases) >= len(_native.OPERATIONS)
    for operation, case in cases:
        body = case["response"]["body"]
        if case["response"]["status"] >= 300 or body is None:
            continue
        item_class, object_class = next((i, o) for name, i, o in _native.RESULT_MODELS if name == operation)
        many = isinstance(body, list)
        cls = getattr(models, item_class if many else object_class)
        for item in body if many else [body]:
            obj = cls.model_validate(item)
            read_all(obj, f"{operation}/{case['name']}")
            assert obj.to_dict() == item


def test_misspelt_names_raise_and_suggest(mock, clerk):
    mock.respond({"status": 200, "body": USER})
    user = clerk.users.get(user_id="user_1")
    with pytest.raises(AttributeError, match="'User' object has no attribute 'frist_name'") as info:
        user.frist_name  # type: ignore[attr-defined]
    # Python's traceback names the close field (from dir(), which lists every field); the
    # traceback module does so from 3.12 (3.10 and 3.11 only when the interpreter prints it).
    assert "first_name" in dir(user) and info.value.obj is user and info.value.name == "frist_name"
    if sys.version_info >= (3, 12):
        text = "".join(traceback.format_exception(info.value))
        assert "Did you mean: 'first_name'?" in text, text
    with pytest.raises(AttributeError):
        user.email_addresses[0].emial_address  # type: ignore[attr-defined]
    assert not hasattr(user, "__html__")
    assert getattr(user, "__deepcopy__", None) is None
    # An unknown key named like a method stays in model_extra; the method is not hidden.
    odd = models.User.model_validate({"id": "u", "to_dict": 1, "__class__": 2, "fine": 3})
    assert odd.to_dict() == {"id": "u", "to_dict": 1, "__class__": 2, "fine": 3}
    assert odd.model_extra == {"to_dict": 1, "__class__": 2, "fine": 3} and odd.fine == 3  # type: ignore[attr-defined]
    assert type(odd) is models.User and odd["to_dict"] == 1
    # A second read is the kept value, found in the instance's __dict__.
    assert user.first_name is user.first_name and "first_name" in vars(user)


def test_missing_null_and_unknown_values(mock, clerk):
    body = {"id": "user_9", "first_name": None, "phoneNumber": "+1", "brand_new": {"a": [1]}, "banned": None}
    mock.respond({"status": 200, "body": body})
    user = clerk.users.get(user_id="user_9")
    # Missing or null: None for optional fields, the default for the others.
    assert user.first_name is None and user.last_name is None and user.locale is None
    assert (user.banned, user.email_addresses, user.created_at, user.public_metadata, user.object) == (False, [], 0, {}, "")
    # Unknown keys are kept under their exact spelling, never fill a declared field.
    assert user.phone_numbers == [] and user.phoneNumber == "+1"  # type: ignore[attr-defined]
    assert user.model_extra == {"phoneNumber": "+1", "brand_new": {"a": [1]}}
    # to_dict() is the JSON as sent: nulls kept, nothing invented.
    assert user.to_dict() == body
    dumped = user.model_dump()
    assert dumped["banned"] is False and dumped["first_name"] is None and dumped["phoneNumber"] == "+1"
    assert json.loads(user.model_dump_json()) == dumped
    assert list(user) == list(body) and "phoneNumber" in user and user["first_name"] is None


def test_unknown_enum_values_stay_strings():
    email = models.EmailAddress.model_validate(
        {"email_address": "a@b.c", "verification": {"status": "from_the_future", "strategy": "pigeon", "object": "v9"}}
    )
    assert email.verification is not None
    assert (email.verification.status, email.verification.strategy, email.verification.object) == (
        "from_the_future", "pigeon", "v9")


def test_metadata_stays_a_plain_dict_and_a_second_read_is_the_same_object(mock, clerk):
    mock.respond({"status": 200, "body": USER})
    user = clerk.users.get(user_id="user_1")
    assert type(user.public_metadata) is dict
    assert user.public_metadata is user.public_metadata
    assert user.email_addresses is user.email_addresses
    assert user.email_addresses[0] is user.email_addresses[0]


def test_results_are_read_only(mock, clerk):
    mock.respond({"status": 200, "body": USER})
    user = clerk.users.get(user_id="user_1")
    for name in ("first_name", "brand_new_field", "anything"):
        with pytest.raises(AttributeError):
            setattr(user, name, "x")
        with pytest.raises(AttributeError):
            delattr(user, name)
    with pytest.raises(AttributeError):
        models.User.__dict__["first_name"].__set__(user, "x")
    assert user.first_name == "Ada"


def test_equality_repr_pickle_copy(mock, clerk):
    mock.respond({"status": 200, "body": [USER, {**USER, "id": "user_2"}]})
    a, b = clerk.users.list()
    mock.respond({"status": 200, "body": USER})
    eager = clerk.users.get(user_id="user_1")
    assert a == eager and a != b and a != USER
    assert models.User(dict(USER)) == a and models.User.model_validate(USER) == a
    # Same JSON value, other key order: equal.
    assert models.User(dict(reversed(list(USER.items())))) == a
    assert models.EmailAddress.model_validate(USER["email_addresses"][0]) != a
    with pytest.raises(TypeError):
        hash(a)
    text = repr(a)
    assert text.startswith("User(id='user_1'") and "EmailAddress(" in text and "brand_new_field={'kept': True}" in text
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        data = pickle.dumps([a, b], protocol=protocol)
        assert pickle.loads(data) == [a, b]
    assert copy.copy(a) == a and copy.deepcopy(a) == a
    assert "first_name" in dir(a) and "brand_new_field" in dir(a) and "to_dict" in dir(a)


def test_list_shape_errors_are_raised_by_the_call(mock, clerk):
    for body in ([USER, 5], [USER, None], [USER, [1]], {"data": [USER]}, None, "text"):
        mock.respond({"status": 200, "body": body})
        with pytest.raises(ResponseValidationError) as info:
            clerk.users.list()
        assert info.value.status_code == 200
    for body in ([USER], 5, "text"):
        mock.respond({"status": 200, "body": body})
        with pytest.raises(ResponseValidationError):
            clerk.users.get(user_id="user_1")
    mock.respond({"status": 200, "body": []})
    assert clerk.users.list() == []


def test_concurrent_first_reads_agree(mock, clerk):
    mock.respond({"status": 200, "body": make_users(100)})
    page = clerk.users.list(request={"limit": 100})
    barrier = threading.Barrier(8)
    seen: List[Any] = []
    errors: List[BaseException] = []

    def read() -> None:
        try:
            barrier.wait()
            seen.append([(id(u.first_name), id(u.email_addresses)) for u in page])
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=read) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    # One value per field won; every thread got that same object.
    assert all(s == seen[0] for s in seen)


def test_results_outlive_the_client(mock):
    from clerk_backend import Clerk

    with Clerk(bearer_auth="sk_test_x", server_url=mock.base, retry_config=None) as client:
        mock.respond({"status": 200, "body": make_users(3)})
        last = client.users.list()[-1]
    del client
    assert last.first_name and last.email_addresses[0].email_address


def test_model_validate_rejects_what_is_not_an_object():
    with pytest.raises(TypeError):
        models.User([1, 2])  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        models.User.model_validate_json(b"[1]")
    with pytest.raises(ValueError):
        models.User.model_validate_json(b"{\"id\": ")
    with pytest.raises(ValueError):
        models.User({"x": float("nan")})
    with pytest.raises(TypeError):
        _native.Model.model_validate_json(b"{}")



def test_verifications_have_a_class_per_kind(mock, clerk):
    kinds = {
        "verification_otp": models.VerificationOTP,
        "verification_admin": models.VerificationAdmin,
        "verification_from_oauth": models.VerificationFromOauth,
        "verification_ticket": models.VerificationTicket,
        "verification_saml": models.VerificationSAML,
        "verification_email_link": models.VerificationEmailLink,
        "verification_oauth": models.VerificationOauth,
        "verification_passkey": models.VerificationPasskey,
        "verification_google_one_tap": models.VerificationGoogleOneTap,
        "verification_from_the_future": models.Verification,  # unknown kind: the base class
    }
    emails = [
        {"email_address": f"{i}@example.com", "verification": {"object": kind, "status": "verified", "strategy": "x"}}
        for i, kind in enumerate(kinds)
    ]
    mock.respond({"status": 200, "body": {**USER, "email_addresses": emails}})
    user = clerk.users.get(user_id="user_1")
    for email, (kind, cls) in zip(user.email_addresses, kinds.items()):
        verification = email.verification
        assert type(verification) is cls and isinstance(verification, models.Verification), kind
        assert verification.object == kind and verification.status == "verified"
        assert repr(verification).startswith(cls.__name__ + "(")
        # Built from JSON or a dict, the kind's class too; pickling keeps it.
        assert type(models.Verification.model_validate(verification.to_dict())) is cls
        assert pickle.loads(pickle.dumps(verification)) == verification
    no_object = models.Verification.model_validate({"status": "verified"})
    assert type(no_object) is models.Verification and no_object.object is None


def test_odd_bodies_never_crash(mock, clerk):
    # Numbers beyond i64 or f64 where an integer belongs read as the default and stay in
    # model_extra; in metadata, integers of any size are kept exactly.
    body = b'{"id": "user_1", "created_at": 1e400, "updated_at": 123456789012345678901234567890,' \
           b' "public_metadata": {"big": 123456789012345678901234567890}}'
    user = models.User.model_validate_json(body)
    assert (user.created_at, user.updated_at) == (0, 0)
    assert user.model_extra["updated_at"] == 123456789012345678901234567890
    assert user.public_metadata == {"big": 123456789012345678901234567890}
    # Nesting deeper than the parser reads, invalid UTF-8, a lone surrogate: the call fails with
    # ResponseValidationError, as the core's decode does.
    deep = '{"id": "u", "public_metadata": ' + '{"a": ' * 300 + '1' + '}' * 300 + '}'
    for raw in (deep.encode(), b'{"id": "u", "first_name": "\xff"}', b'{"id": "u", "first_name": "\\ud800"}'):
        mock.respond({"status": 200, "body": raw})
        with pytest.raises(ResponseValidationError):
            clerk.users.get(user_id="u")


def test_keys_with_escapes_read_as_the_core_reads_them():
    user = models.User.model_validate_json(b'{"first\\u005fname": "Ada", "caf\\u00e9": 1, "id": "u"}')
    assert user.first_name == "Ada" and user.id == "u"
    assert user.model_extra == {"caf\u00e9": 1}
    assert user.to_dict() == {"first_name": "Ada", "caf\u00e9": 1, "id": "u"}
