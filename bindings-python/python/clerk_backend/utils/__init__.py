"""Retry configuration and the `UNSET` sentinel, as in the official SDK's `utils`."""

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


__all__ = ["UNSET", "BackoffStrategy", "OptionalNullable", "RetryConfig", "Unset"]
