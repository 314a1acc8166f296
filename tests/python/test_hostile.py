"""A hostile or broken server and hostile settings: odd Retry-After values, redirects, oversized
bodies, numbers beyond what the models hold, plain http to other hosts; and the emulator's
guard of its control endpoints and its panic guard."""

import json
from decimal import Decimal
import urllib.error
import urllib.request

import pytest

import clerk_backend
from clerk_backend.models import ClerkBaseError, ClerkInternalError, ResponseValidationError, SDKError
from clerk_backend.testing import Emulator
from clerk_backend.utils import BackoffStrategy, RetryConfig
from conftest import SECRET, Mock

USER = {"id": "user_1", "object": "user", "first_name": "Ada"}


@pytest.mark.parametrize("value", ["1e20", "18446744073709551615", "1e400", "99999999999999999999999", "-1", "NaN"])
def test_any_retry_after_is_an_sdk_error_not_a_crash(clerk, mock, value):
    mock.respond({"status": 404, "headers": {"retry-after": value}, "body": "gone", "raw": True})
    with pytest.raises(SDKError) as caught:
        clerk.users.get(user_id="user_1")
    assert caught.value.status_code == 404
    if value in ("-1", "NaN"):
        assert caught.value.retry_after is None
    else:
        assert caught.value.retry_after is not None and caught.value.retry_after > 1e9


def test_a_huge_retry_after_ends_the_retries_at_once(mock):
    mock.respond({"status": 503, "headers": {"retry-after": "18446744073709551615"}, "body": "busy", "raw": True})
    patient = RetryConfig("backoff", BackoffStrategy(10, 50, 1.5, 5_000), True)
    with clerk_backend.Clerk(bearer_auth=SECRET, server_url=mock.base, retry_config=patient) as clerk:
        with pytest.raises(SDKError) as caught:
            clerk.users.get(user_id="user_1")
    assert caught.value.status_code == 503
    assert len(mock.requests) == 1


def test_redirects_are_not_followed(clerk, mock):
    elsewhere = Mock()
    try:
        location = f"{elsewhere.base}/users"
        mock.respond({"status": 307, "headers": {"location": location}, "body": "", "raw": True})
        with pytest.raises(SDKError) as caught:
            clerk.users.create(email_address=["ada@example.com"], password="correct horse battery")
        assert caught.value.status_code == 307
        assert caught.value.headers["location"] == location
        assert elsewhere.requests == []
    finally:
        elsewhere.close()


def test_the_response_size_cap_per_client_and_per_call(mock):
    body = json.dumps(USER).encode()
    mock.respond({"status": 200, "body": body})
    with clerk_backend.Clerk(bearer_auth=SECRET, server_url=mock.base, retry_config=None,
                             max_response_bytes=len(body) - 1) as small:
        with pytest.raises(ResponseValidationError) as caught:
            small.users.get(user_id="user_1")
        assert caught.value.status_code == 200
        assert "max_response_bytes" in str(caught.value) and str(len(body) - 1) in str(caught.value)
        assert small.users.get(user_id="user_1", max_response_bytes=len(body)).id == "user_1"
    with clerk_backend.Clerk(bearer_auth=SECRET, server_url=mock.base, retry_config=None) as clerk:
        with pytest.raises(ResponseValidationError):
            clerk.users.list(max_response_bytes=10)
    with pytest.raises(ValueError, match="max_response_bytes"):
        clerk_backend.Clerk(bearer_auth=SECRET, max_response_bytes=0)


def test_a_body_over_the_default_cap_is_refused(clerk, mock):
    mock.respond({"status": 200, "body": b'{"id":"' + b"a" * (65 * 1024 * 1024) + b'"}'})
    with pytest.raises(ResponseValidationError) as caught:
        clerk.users.get(user_id="user_1")
    assert str(64 * 1024 * 1024) in str(caught.value)


def test_numbers_beyond_the_model_keep_defaults_and_metadata_is_exact(clerk, mock):
    body = (
        b'{"id":"user_1","object":"user","created_at":1e400,"updated_at":9223372036854775808,"banned":1e400,'
        b'"public_metadata":{"big":1e400,"neg":-1.5e400,"huge":123456789012345678901234567890,"plain":7,"f":1.5,'
        b'"tiny":1e-400,"list":[1e400,18446744073709551616]}}'
    )
    mock.respond({"status": 200, "body": body})
    user = clerk.users.get(user_id="user_1")
    assert user.id == "user_1"
    # The model's fields keep their defaults; the values are kept, exactly, apart.
    assert user.created_at == 0 and user.updated_at == 0 and user.banned is False
    assert user.model_extra == {
        "created_at": Decimal("1e400"),
        "updated_at": 9223372036854775808,
        "banned": Decimal("1e400"),
    }
    assert isinstance(user.model_extra["created_at"], Decimal)
    # Metadata: integers of any size are ints, numbers beyond a float's range Decimals of their
    # text, the rest floats (as json.loads reads them).
    public = user.public_metadata
    assert public["huge"] == 123456789012345678901234567890 and isinstance(public["huge"], int)
    assert public["big"] == Decimal("1e400") and isinstance(public["big"], Decimal)
    assert public["neg"] == Decimal("-1.5e400")
    assert public["list"] == [Decimal("1e400"), 18446744073709551616]
    assert public["plain"] == 7 and isinstance(public["plain"], int)
    assert public["f"] == 1.5 and isinstance(public["f"], float)
    assert public["tiny"] == 0.0 and isinstance(public["tiny"], float)
    data = user.to_dict()
    assert data["updated_at"] == 9223372036854775808
    assert data["created_at"] == Decimal("1e400")
    assert data["public_metadata"] == public

    # Written back, every number is sent as the same number (but the float the tiny one rounds
    # to, as any float is rounded).
    mock.requests = []
    mock.respond({"status": 200, "body": body})
    clerk.users.update_metadata(user_id="user_1", public_metadata=public)
    raw = mock.requests[0].body.decode()
    assert '"huge":123456789012345678901234567890' in raw and "18446744073709551616" in raw
    sent = json.loads(raw, parse_float=Decimal)["public_metadata"]
    original = json.loads(body, parse_float=Decimal)["public_metadata"]
    assert sent.pop("tiny") == 0 and original.pop("tiny") == Decimal("1e-400")
    assert sent == original


@pytest.mark.parametrize("url", ["http://example.com/v1", "http://10.0.0.1/v1", "http://[2001:db8::1]/v1"])
def test_plain_http_only_to_loopback(url):
    host = url.split("//")[1].split("/")[0].strip("[]")
    with pytest.raises(ValueError, match="server_url") as caught:
        clerk_backend.Clerk(bearer_auth=SECRET, server_url=url)
    assert host in str(caught.value) and "allow_insecure_http" in str(caught.value)
    clerk_backend.Clerk(bearer_auth=SECRET, server_url=url, allow_insecure_http=True)


def test_a_per_call_server_url_follows_the_same_rule(clerk, mock):
    with pytest.raises(ValueError, match="example.com"):
        clerk.users.get(user_id="user_1", server_url="http://example.com/v1")
    assert mock.requests == []
    for url in ("http://127.0.0.1:1/v1", "http://localhost:1/v1", "http://[::1]:1/v1"):
        clerk_backend.Clerk(bearer_auth=SECRET, server_url=url)


def test_emulator_control_endpoints_need_the_key_and_json():
    with Emulator(secret_key="sk_test_only") as emu:
        emu.load_users([{"first_name": "Ada"}])
        assert emu.pending_faults() == []  # the helper sends the key
        emu.clear_faults()
        for request in (
            urllib.request.Request(f"{emu.root_url}/emulator/v1/export"),
            urllib.request.Request(f"{emu.root_url}/emulator/v1/reset", data=b"{}", method="POST",
                                   headers={"content-type": "application/json"}),
        ):
            with pytest.raises(urllib.error.HTTPError) as caught:
                urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=10)
            assert caught.value.code == 401
        text_post = urllib.request.Request(
            f"{emu.root_url}/emulator/v1/reset", data=b"{}", method="POST",
            headers={"content-type": "text/plain", "authorization": "Bearer sk_test_only"},
        )
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.build_opener(urllib.request.ProxyHandler({})).open(text_post, timeout=10)
        assert caught.value.code == 415
        assert len(emu.export_data()["users"]) == 1


def test_emulator_methods_turn_a_panic_into_clerk_internal_error():
    with Emulator() as emu:
        with pytest.raises(ClerkInternalError) as caught:
            emu._native._panic_for_tests()
        assert isinstance(caught.value, ClerkBaseError)
        assert "deliberate panic" in str(caught.value)
        emu.reset()  # still usable
