"""The native module (Rust, pyo3): marshals arguments to the core and results back."""

from typing import Any, Awaitable, Dict, Mapping, Optional, Tuple

VERSION: str
OPERATIONS: Tuple[Tuple[str, str], ...]

_RetryTuple = Tuple[str, int, int, float, int, bool]

class NativeClient:
    def __new__(
        cls,
        bearer_auth: str,
        server_url: Optional[str] = None,
        retry_config: Optional[_RetryTuple] = None,
        timeout_ms: Optional[int] = None,
        api_version: Optional[str] = None,
        http_headers: Optional[Mapping[str, str]] = None,
    ) -> "NativeClient": ...
    def call(self, op: str, kwargs: Dict[str, Any], options: Optional[Dict[str, Any]] = None) -> Any: ...
    def call_async(
        self, op: str, kwargs: Dict[str, Any], options: Optional[Dict[str, Any]] = None
    ) -> Awaitable[Any]: ...

def _panic_for_tests(asynchronous: bool = False) -> Any: ...
