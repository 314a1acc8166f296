"""The native module (Rust, pyo3): marshals arguments to the core and results back."""

from typing import Any, Awaitable, Dict, List, Mapping, Optional, Tuple, final

__all__ = [
    "LazyList",
    "NativeClient",
    "NativeEmulator",
    "OPERATIONS",
    "VERSION",
    "_materialize",
    "_panic_for_tests",
]

VERSION: str
OPERATIONS: Tuple[Tuple[str, str], ...]

_RetryTuple = Tuple[str, int, int, float, int, bool]

@final
class NativeClient:
    def __new__(
        cls,
        bearer_auth: str,
        server_url: Optional[str] = None,
        retry_config: Optional[_RetryTuple] = None,
        timeout_ms: Optional[int] = None,
        api_version: Optional[str] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
        allow_insecure_http: bool = False,
    ) -> "NativeClient": ...
    def call(self, op: str, kwargs: Dict[str, Any], options: Optional[Dict[str, Any]] = None) -> Any: ...
    def call_async(
        self, op: str, kwargs: Dict[str, Any], options: Optional[Dict[str, Any]] = None
    ) -> Awaitable[Any]: ...

@final
class NativeEmulator:
    """The Rust emulator serving on a loopback port from a background thread."""

    def __new__(cls, host: Optional[str] = None, port: int = 0, secret_key: Optional[str] = None) -> "NativeEmulator": ...
    @property
    def url(self) -> str: ...
    @property
    def running(self) -> bool: ...
    def reset(self) -> None: ...
    def add_fault(self, fault: Mapping[str, Any]) -> None: ...
    def set_rate_limit(self, limit: Optional[Mapping[str, Any]]) -> None: ...
    def rate_limit(self) -> Any: ...
    def import_data(self, data: Mapping[str, Any]) -> List[Dict[str, Any]]: ...
    def load_users(self, users: List[Dict[str, Any]]) -> List[Dict[str, Any]]: ...
    def export_data(self) -> Any: ...
    def stop(self) -> None: ...
    def _panic_for_tests(self) -> None: ...

@final
class LazyList:
    """A list result's body, split into undecoded items; each is decoded when first read."""

    def __len__(self) -> int: ...
    def wrap(self, cls: type) -> List[Any]: ...

def _materialize(obj: Any) -> None: ...
def _panic_for_tests(asynchronous: bool = False) -> Any: ...

