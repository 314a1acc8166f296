"""`Clerk(...)` checks its settings at once (the core builds its HTTP client on first use)."""

from __future__ import annotations

import asyncio
import threading

import pytest

from clerk_backend import Clerk
from clerk_backend.models import ClerkConnectionError
from clerk_backend.utils import BackoffStrategy, RetryConfig
from conftest import SECRET, free_port
from test_client import USER


# Bad settings: `Clerk(...)` fails at once, with the core's error naming the setting.
BAD_SETTINGS = [
    dict(bearer_auth=""),
    dict(bearer_auth="sk_test_\x7f"),
    dict(bearer_auth="sk_test_\x00"),
    dict(bearer_auth="sk\ntest"),
    dict(bearer_auth="sk", server_url="not a url"),
    dict(bearer_auth="sk", server_url="ftp://example.com/v1"),
    dict(bearer_auth="sk", server_url="http://"),
    dict(bearer_auth="sk", server_url="http://example.com/v1?x=1"),
    dict(bearer_auth="sk", server_url="http://example.com/v1#frag"),
    dict(bearer_auth="sk", server_url="unix:/tmp/socket"),
    dict(bearer_auth="sk", timeout_ms=0),
    dict(bearer_auth="sk", api_version="2025\n"),
    dict(bearer_auth="sk", http_headers={"bad header": "x"}),
    dict(bearer_auth="sk", http_headers={"x-ok": "bad\nvalue"}),
    dict(bearer_auth="sk", retry_config=RetryConfig("backoff", BackoffStrategy(10, 5, 1.5, 100), False)),
    dict(bearer_auth="sk", retry_config=RetryConfig("backoff", BackoffStrategy(1, 5, 0.5, 100), False)),
    dict(bearer_auth="sk", retry_config=RetryConfig("backoff", BackoffStrategy(1, 5, float("nan"), 100), False)),
]


@pytest.mark.parametrize("settings", BAD_SETTINGS, ids=lambda s: repr(s)[:60])
def test_bad_settings_fail_at_construction(settings):
    with pytest.raises(ValueError) as error:
        Clerk(**settings)
    named = ("secret_key", "server_url", "timeout", "api_version", "http_headers", "retries.backoff")
    assert any(name in str(error.value) for name in named), error.value


@pytest.mark.parametrize(
    "settings",
    [
        dict(bearer_auth="sk"),
        dict(bearer_auth="sk_test_é"),  # not ASCII, but a valid header value (obs-text)
        dict(bearer_auth="sk", server_url="http://127.0.0.1:1/v1/"),
        dict(bearer_auth="sk", server_url="https://example.com"),
        dict(bearer_auth="sk", server_url="HTTP://EXAMPLE.com:8080/v1", allow_insecure_http=True),
        dict(bearer_auth="sk", timeout_ms=1, api_version="2099-01-01", http_headers={"x-a": "b"}),
        dict(bearer_auth="sk", retry_config=None),
        dict(bearer_auth="sk", retry_config=RetryConfig("backoff", BackoffStrategy(5, 5, 1.0, 0), True)),
    ],
)
def test_good_settings_are_accepted(settings):
    client = Clerk(**settings)
    url = settings.get("server_url") or "https://api.clerk.com/v1"
    expected = url[:-1] if url.endswith("/") else url
    assert repr(client) == f'<clerk_backend.NativeClient(server_url="{expected}", bearer_auth=<redacted>)>'


def test_the_default_backoff_and_the_strategy_names_are_the_cores():
    from clerk_backend import _native
    from clerk_backend.utils import retry_tuple

    # A RetryConfig without a backoff takes the core's default, read from the native module.
    assert retry_tuple(RetryConfig("backoff", None, True)) == ("backoff", *_native.DEFAULT_BACKOFF, True)
    initial, longest, exponent, budget = _native.DEFAULT_BACKOFF
    assert isinstance(exponent, float) and 0 < initial <= longest and budget > 0
    # The core parses the strategy's name.
    Clerk(bearer_auth="sk", retry_config=RetryConfig("none", None, False))
    with pytest.raises(ValueError, match=r'retries\.strategy must be "backoff" or "none", got "Backoff"'):
        Clerk(bearer_auth="sk", retry_config=RetryConfig("Backoff", None, True))


def test_the_http_client_is_built_on_first_use(mock):
    client = Clerk(bearer_auth=SECRET, server_url=mock.base, retry_config=None)
    mock.respond({"status": 200, "body": USER})
    results = []

    def call():
        results.append(client.users.get(user_id="user_1").id)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["user_1"] * 8
    other = Clerk(bearer_auth=SECRET, server_url=f"http://127.0.0.1:{free_port()}/v1", retry_config=None)
    with pytest.raises(ClerkConnectionError):
        asyncio.run(other.users.get_async(user_id="user_1"))
