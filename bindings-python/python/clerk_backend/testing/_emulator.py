"""`Emulator`: the Rust emulator of Clerk's users API, running inside this process."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, TypedDict, Union

from .. import _native
from .._client import Clerk
from ..models import User
from ..utils import UNSET, OptionalNullable, RetryConfig


Requirement = Literal["required", "optional", "off"]


class IdentifierSettings(TypedDict, total=False):
    """Which identifiers a user must have (`required`), may have (`optional`) or cannot have (`off`)."""

    email_address: Requirement
    phone_number: Requirement
    username: Requirement
    web3_wallet: Requirement


class PasswordSettings(TypedDict, total=False):
    """Whether a new user needs a password, its minimum length, and whether passwords found in
    data breaches are refused (`form_password_pwned`)."""

    required: bool
    min_length: int
    reject_breached: bool


class UsernameSettings(TypedDict, total=False):
    min_length: int
    max_length: int


class InstanceSettings(TypedDict, total=False):
    """The instance's settings, as a Clerk dashboard sets them; keys left out keep the values of
    `preset` (`"permissive"`, the default: every identifier optional, no password required; or
    `"new_application"`: an email address and a password, the rest off)."""

    preset: Literal["permissive", "new_application"]
    identifiers: IdentifierSettings
    password: PasswordSettings
    username: UsernameSettings


class Stats(TypedDict):
    """What the emulator served since it started or was reset."""

    requests: int
    rate_limited: int
    faulted: int


class EmulatorData(TypedDict, total=False):
    """The emulator's data document (`import_data` / `export_data`, the `--data` file format).

    `users`: user objects as the API returns them; `id`, timestamps and identification IDs are
    filled in when missing; extra keys `password` (plain, hashed on load), `password_digest` +
    `password_hasher`, `totp_secret`, `backup_codes`, `password_compromised`, `profile_image`
    (`{"content_type": ..., "data": base64}`). `organization_memberships` link to users by
    `public_user_data.user_id`, `organization_invitations` by `email_address`;
    `oauth_access_tokens`, `billing_subscriptions` and `billing_credits` carry a `user_id` key
    (credits also an `idempotency_key`).
    """

    users: List[Dict[str, Any]]
    organization_memberships: List[Dict[str, Any]]
    organization_invitations: List[Dict[str, Any]]
    oauth_access_tokens: List[Dict[str, Any]]
    billing_subscriptions: List[Dict[str, Any]]
    billing_credits: List[Dict[str, Any]]
    instance: InstanceSettings


class Fault(TypedDict, total=False):
    """A pending fault, as `pending_faults()` lists it."""

    status: int
    retry_after: int
    delay_ms: int
    malformed_json: bool
    drop_connection: bool
    count: int
    method: str
    path: str


class RateLimit(TypedDict):
    """`requests` per `per_seconds` seconds, per secret key."""

    requests: int
    per_seconds: int


DEFAULT_KEY = "sk_test_clerk_backend_emulator"


class Emulator:
    """A local, stateful, in-memory Clerk users API on a free loopback port, served by the Rust
    emulator (crate `clerk-emulator`) from a background thread of this process::

        with Emulator() as emu:
            clerk = Clerk(bearer_auth="sk_test_x", server_url=emu.url)

    Any key starting with `sk_test_` is accepted, or only `secret_key` when one is given.
    `data` (an `EmulatorData` document) is loaded at start, `instance` (settings, or a preset's
    name) and `rate_limit` (`"20/1s"`) set. The emulator stops on `close()`, at the end of a
    `with` block, or when garbage collected.
    """

    __slots__ = ("_native", "_secret_key")

    def __init__(
        self,
        *,
        secret_key: Optional[str] = None,
        host: str = "127.0.0.1",
        port: int = 0,
        data: Optional[EmulatorData] = None,
        instance: Union[InstanceSettings, str, None] = None,
        rate_limit: Optional[str] = None,
    ) -> None:
        self._secret_key = secret_key
        if not hasattr(_native, "NativeEmulator"):
            raise RuntimeError("this build of clerk_backend has no emulator (built without the `emulator` feature)")
        self._native = _native.NativeEmulator(host, port, secret_key)
        try:
            if instance is not None:
                self.set_instance(instance)
            if rate_limit is not None:
                self.set_rate_limit(rate_limit)
            if data is not None:
                self.import_data(data)
        except BaseException:
            self.close()
            raise

    # -- where it is

    @property
    def url(self) -> str:
        """The API base, `http://127.0.0.1:PORT/v1`: give it to `Clerk(server_url=...)`."""
        return self._native.url + "/v1"

    @property
    def root_url(self) -> str:
        """`http://127.0.0.1:PORT`; the emulator's own endpoints are under `/emulator/v1`."""
        return self._native.url

    @property
    def port(self) -> int:
        return int(self._native.url.rsplit(":", 1)[1])

    @property
    def closed(self) -> bool:
        return not self._native.running

    def client(
        self,
        bearer_auth: Optional[str] = None,
        *,
        retry_config: OptionalNullable[RetryConfig] = UNSET,
        timeout_ms: Optional[int] = None,
    ) -> Clerk:
        """A `Clerk` client for this emulator (with the emulator's key unless given one)."""
        key = bearer_auth or self._secret_key or DEFAULT_KEY
        return Clerk(bearer_auth=key, server_url=self.url, retry_config=retry_config, timeout_ms=timeout_ms)

    # -- state

    def reset(self) -> None:
        """Forgets every user, every loaded object and every pending fault, and restarts the
        rate-limit windows (a limit set with `set_rate_limit` stays)."""
        self._native.reset()

    def load_users(self, users: Iterable[Mapping[str, Any]]) -> List[User]:
        """Adds users (objects as the API returns them; every field is optional, plus `password`,
        `totp_secret`, `backup_codes`); returns them as the API now shows them. A user with the ID
        of an existing one replaces it."""
        if isinstance(users, Mapping):
            users = [users]
        raw = self._native.load_users([dict(u) for u in users])
        return [User(u) for u in raw]

    def import_data(self, data: EmulatorData) -> List[User]:
        """Adds the objects of a data document (see `EmulatorData`); returns the users added."""
        if not isinstance(data, Mapping):
            raise TypeError(f"import_data(): expected a dict, got {type(data).__name__}")
        raw = self._native.import_data(dict(data))
        return [User(u) for u in raw]

    def export_data(self) -> EmulatorData:
        """Everything, as a data document that `import_data` (or `Emulator(data=...)`) reads back.
        Passwords come out as bcrypt digests; profile image bytes are not exported."""
        data: EmulatorData = self._native.export_data()
        return data

    # -- faults

    def fault(
        self,
        status: Optional[int] = None,
        *,
        count: int = 1,
        retry_after: Optional[int] = None,
        delay_ms: Optional[int] = None,
        malformed_json: bool = False,
        drop_connection: bool = False,
        method: Optional[str] = None,
        path: Optional[str] = None,
    ) -> None:
        """Makes the next `count` matching API requests fail.

        Each waits `delay_ms` (beyond a client's `timeout_ms`: a timeout), then is answered with
        `status` (200..599) and a Clerk error body (code `emulator_fault`, with
        `Retry-After: retry_after` seconds when given), with a truncated JSON body
        (`malformed_json`), or not at all: the connection is closed (`drop_connection`, a
        connection error for the client); with only `delay_ms`, it is then served normally.
        `method` (`"POST"`, ...) and `path` (a prefix of the request path, such as `"/v1/users"`)
        narrow which requests match. Faults apply before the key check and the rate limit.
        """
        spec: Dict[str, Any] = {"count": count, "malformed_json": malformed_json, "drop_connection": drop_connection}
        given = {"status": status, "retry_after": retry_after, "delay_ms": delay_ms, "method": method, "path": path}
        spec.update({k: v for k, v in given.items() if v is not None})
        self._native.add_fault(spec)

    def pending_faults(self) -> List[Fault]:
        """The faults not used up yet (with the uses they have left in `count`)."""
        faults: List[Fault] = self._control("GET", "faults")
        return faults

    def clear_faults(self) -> None:
        """Drops every pending fault (`reset()` does too, along with the data)."""
        self._control("DELETE", "faults")

    # -- rate limit

    def set_rate_limit(self, requests: Union[int, str, None], *, per_seconds: int = 10) -> None:
        """Answers 429 (code `too_many_requests`, with `Retry-After`) beyond `requests` API
        requests per `per_seconds` seconds per secret key, as Clerk limits an instance (fixed
        windows); `"20/1s"` says both at once; `None` lifts the limit. `reset()` restarts the
        windows but keeps the limit. `stats()` counts the 429s served."""
        if isinstance(requests, str):
            self._control("PUT", "rate_limit", requests)
            return
        self._native.set_rate_limit(None if requests is None else {"requests": requests, "per_seconds": per_seconds})

    @property
    def rate_limit(self) -> Optional[RateLimit]:
        """The rate limit in force, or `None`."""
        limit: Optional[RateLimit] = self._native.rate_limit()
        return limit

    def stats(self) -> Stats:
        """What was served since the start (or the last `reset()`): `requests` to the API,
        `rate_limited` (the 429s of `set_rate_limit`) and `faulted` (answered by a fault)::

            assert emu.stats()["rate_limited"] == 0
        """
        stats: Stats = self._control("GET", "stats")
        return stats

    # -- instance settings

    def set_instance(self, settings: Union[InstanceSettings, str, None] = None, **sections: Any) -> InstanceSettings:
        """Sets the instance's settings, enforced by `create` and `update` with Clerk's codes::

            emu.set_instance("new_application")            # a preset
            emu.set_instance({"identifiers": {"phone_number": "required"},
                              "password": {"reject_breached": False}})

        Keys left out keep the preset's values (`permissive` unless `preset` says otherwise).
        `reset()` keeps them. Returns the settings now in force. Bad settings raise `ValueError`.
        """
        document: Dict[str, Any] = {"preset": settings} if isinstance(settings, str) else dict(settings or {})
        document.update(sections)
        result: InstanceSettings = self._control("PUT", "instance", document)
        return result

    @property
    def instance(self) -> InstanceSettings:
        """The instance's settings in force (every key)."""
        settings: InstanceSettings = self._control("GET", "instance")
        return settings

    def _control(self, method: str, endpoint: str, body: Any = None) -> Any:
        # Endpoints the native module does not wrap: the emulator's control API (on loopback,
        # never through a proxy). Its refusals (4XX) raise ValueError with its message.
        if self.closed:
            raise RuntimeError("the emulator has been closed")
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.root_url}/emulator/v1/{endpoint}", data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self._secret_key is not None:
            # With a key, the control endpoints need it as the API does.
            request.add_header("Authorization", f"Bearer {self._secret_key}")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=10) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            if error.code >= 500:
                raise
            try:
                detail = json.loads(error.read())["errors"][0]
                message = f"{detail['long_message']} ({detail['code']})"
            except (ValueError, KeyError, IndexError, TypeError):
                message = f"HTTP {error.code}"
            raise ValueError(f"{endpoint}: {message}") from None

    # -- lifetime

    def close(self) -> None:
        """Stops serving (requests in flight get a short grace period); calling it again does nothing."""
        self._native.stop()

    def __enter__(self) -> "Emulator":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "running"
        return f"<clerk_backend.testing.Emulator url={self.url!r} {state}>"
