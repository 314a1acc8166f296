"""Exceptions. The native core classifies every failure; it instantiates these classes."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from ._results import ClerkError, ClerkErrorsData


class ClerkBaseError(Exception):
    """Base of every error of this library.

    `status_code`, `body` (text) and `headers` are set when there was a response; `retry_after`
    (seconds) when it had a `Retry-After` header.
    """

    message: str
    status_code: Optional[int]
    body: Optional[str]
    headers: Dict[str, str]
    retry_after: Optional[float]

    def __init__(
        self,
        message: str,
        *,
        status_code: Optional[int] = None,
        body: Optional[str] = None,
        headers: Optional[Mapping[str, str]] = None,
        retry_after: Optional[float] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.body = body
        self.headers = dict(headers or {})
        self.retry_after = retry_after

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        status = "" if self.status_code is None else f", status_code={self.status_code}"
        return f"{type(self).__name__}({self.message!r}{status})"

    # Rebuilt from the message, then the fields are restored: works for every subclass.
    def __reduce__(self) -> Any:
        return (type(self), (self.message,), self.__dict__)

    def __setstate__(self, state: Optional[Dict[str, Any]]) -> None:
        self.__dict__.update(state or {})


class ClerkErrors(ClerkBaseError):
    """A status that the operation's docs list for `ClerkErrors`, with a JSON error body."""

    data: ClerkErrorsData

    def __init__(self, message: str, *, data: Optional[Dict[str, Any]] = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.data = ClerkErrorsData.model_validate(data if data is not None else {"errors": []})

    @property
    def clerk_trace_id(self) -> Optional[str]:
        """The request's trace ID; give it to Clerk's support."""
        return self.data.clerk_trace_id

    @property
    def errors(self) -> List[ClerkError]:
        return self.data.errors


class SDKError(ClerkBaseError):
    """Any other 4XX/5XX response."""


class ResponseValidationError(ClerkBaseError):
    """A success response whose body could not be decoded; `cause` says why."""

    cause: Optional[str]

    def __init__(self, message: str, *, cause: Optional[str] = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.cause = cause


class ClerkConnectionError(ClerkBaseError, ConnectionError):
    """No response: the connection was refused, reset, or could not be set up (DNS, TLS)."""


class ClerkTimeoutError(ClerkBaseError, TimeoutError):
    """No response within the timeout of an attempt."""


class ClerkInternalError(ClerkBaseError):
    """A bug inside the native code (a Rust panic); please report it."""
