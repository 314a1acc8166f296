"""Retry configuration, pacing and the `UNSET` sentinel, as in the official SDK's `utils`."""

from __future__ import annotations

from typing import Optional, Tuple, TypeVar, Union

from .._native import DEFAULT_BACKOFF

T = TypeVar("T")


class Unset:
    """The type of `UNSET`: a parameter that was not given (as opposed to an explicit `None`)."""

    _instance: Optional["Unset"] = None

    def __new__(cls) -> "Unset":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "UNSET"


UNSET = Unset()

# Not given (UNSET), sent as null (None), or a value.
OptionalNullable = Union[Optional[T], Unset]


class BackoffStrategy:
    """Exponential backoff, all times in milliseconds."""

    __slots__ = ("initial_interval", "max_interval", "exponent", "max_elapsed_time")

    def __init__(self, initial_interval: int, max_interval: int, exponent: float, max_elapsed_time: int) -> None:
        self.initial_interval = initial_interval
        self.max_interval = max_interval
        self.exponent = exponent
        self.max_elapsed_time = max_elapsed_time

    def __repr__(self) -> str:
        return (
            f"BackoffStrategy(initial_interval={self.initial_interval}, max_interval={self.max_interval}, "
            f"exponent={self.exponent}, max_elapsed_time={self.max_elapsed_time})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BackoffStrategy):
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in self.__slots__)


class RetryConfig:
    """`strategy` is `"backoff"` or `"none"`; retried are 429, 5XX and, with
    `retry_connection_errors`, connection errors and timeouts."""

    __slots__ = ("strategy", "backoff", "retry_connection_errors")

    def __init__(self, strategy: str, backoff: Optional[BackoffStrategy], retry_connection_errors: bool) -> None:
        self.strategy = strategy
        self.backoff = backoff
        self.retry_connection_errors = retry_connection_errors

    def __repr__(self) -> str:
        return (
            f"RetryConfig(strategy={self.strategy!r}, backoff={self.backoff!r}, "
            f"retry_connection_errors={self.retry_connection_errors})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RetryConfig):
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in self.__slots__)


# The core's default (`BackoffStrategy::default()`), used when a RetryConfig has no backoff.
_DEFAULT_BACKOFF = BackoffStrategy(*DEFAULT_BACKOFF)

RetryTuple = Tuple[str, int, int, float, int, bool]


def retry_tuple(config: Optional[RetryConfig]) -> RetryTuple:
    """What the native module takes; `None` means no retries."""
    if config is None:
        config = RetryConfig("none", None, False)
    if not isinstance(config, RetryConfig):
        raise TypeError(f"retries must be a RetryConfig or None, got {type(config).__name__}")
    b = config.backoff if config.backoff is not None else _DEFAULT_BACKOFF
    return (
        config.strategy,
        b.initial_interval,
        b.max_interval,
        float(b.exponent),
        b.max_elapsed_time,
        bool(config.retry_connection_errors),
    )


class RateLimit:
    """Client-side pacing: at most `requests` calls sent in any window of `per_seconds`, shared
    by every call of a client. A 429 with `Retry-After` then pauses the whole client. Give
    `Clerk(rate_limit="auto")` for Clerk's documented limit of the key's instance (100 per 10 s
    for `sk_test_` keys, 1000 per 10 s for `sk_live_` keys)."""

    __slots__ = ("requests", "per_seconds")

    def __init__(self, requests: int, per_seconds: float) -> None:
        self.requests = requests
        self.per_seconds = per_seconds

    def __repr__(self) -> str:
        return f"RateLimit(requests={self.requests}, per_seconds={self.per_seconds})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RateLimit):
            return NotImplemented
        return (self.requests, self.per_seconds) == (other.requests, other.per_seconds)


def rate_limit_arg(value: Union[RateLimit, str, None]) -> Union[Tuple[int, float], str, None]:
    """What the native module takes for `rate_limit`."""
    if value is None or isinstance(value, str):
        return value
    if not isinstance(value, RateLimit):
        raise TypeError(f'rate_limit must be a RateLimit or "auto", got {type(value).__name__}')
    return (value.requests, float(value.per_seconds))


__all__ = ["UNSET", "BackoffStrategy", "OptionalNullable", "RateLimit", "RetryConfig", "Unset"]
