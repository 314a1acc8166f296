"""`Clerk`: the client. One native client, hence one connection pool, per instance."""

from __future__ import annotations

from typing import Any, Literal, Mapping, Optional, Union

from . import _native
from ._users import Users
from .utils import UNSET, OptionalNullable, RateLimit, RetryConfig, rate_limit_arg, retry_tuple


class Clerk:
    """A client for Clerk's Backend API users operations.

    `retry_config`: not given, the default (backoff from 500 ms, 60 s in all); `None`, no retries.
    `timeout_ms`: per attempt (default 30 s). `max_response_bytes`: the largest response body
    accepted (default 64 MiB; a larger one raises `ResponseValidationError` before more of it is
    read). `allow_insecure_http`: allow `http://` to hosts other than loopback (the key would
    travel in cleartext). `rate_limit`: pace the client (a `RateLimit`, or `"auto"` for Clerk's
    documented limit of the key); `max_concurrency`: at most this many calls in flight. The
    secret key is kept only in native memory and never appears in a `repr`.

    The client logs through `logging.getLogger("clerk_backend")`: each attempt at DEBUG, retries
    and pauses at WARNING; never keys, bodies or metadata.
    """

    users: Users

    def __init__(
        self,
        bearer_auth: str,
        server_url: Optional[str] = None,
        retry_config: OptionalNullable[RetryConfig] = UNSET,
        timeout_ms: Optional[int] = None,
        *,
        api_version: Optional[str] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
        allow_insecure_http: bool = False,
        rate_limit: Union[RateLimit, Literal["auto"], None] = None,
        max_concurrency: Optional[int] = None,
    ) -> None:
        if not isinstance(bearer_auth, str):
            raise TypeError(f"bearer_auth must be a str, got {type(bearer_auth).__name__}")
        native = _native.NativeClient(
            bearer_auth,
            server_url,
            None if retry_config is UNSET else retry_tuple(retry_config),  # type: ignore[arg-type]
            timeout_ms,
            api_version,
            dict(http_headers) if http_headers is not None else None,
            max_response_bytes,
            allow_insecure_http,
            rate_limit_arg(rate_limit),
            max_concurrency,
        )
        self._native = native
        self.users = Users(native)

    def __repr__(self) -> str:
        return f"<clerk_backend.{self._native!r}>"

    def close(self) -> None:
        """Nothing to release eagerly: connections close when the client is garbage collected."""

    def __enter__(self) -> "Clerk":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    async def __aenter__(self) -> "Clerk":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        self.close()
