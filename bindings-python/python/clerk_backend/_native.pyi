"""The native module (Rust, pyo3): marshals arguments to the core and results back."""

from typing import Any, Awaitable, ClassVar, Dict, List, Mapping, Optional, Sequence, Tuple, Type, TypeVar, Union, final

from typing_extensions import disjoint_base

_M = TypeVar("_M", bound="Model")

__all__ = [
    "FieldGetter",
    "Model",
    "NativeClient",
    "NativeEmulator",
    "DEFAULT_BACKOFF",
    "OPERATIONS",
    "RESULT_MODELS",
    "UserPages",
    "VERSION",
    "_panic_for_tests",
    "register_models",
]

VERSION: str
# The core's default backoff: (initial_interval, max_interval, exponent, max_elapsed_time).
DEFAULT_BACKOFF: Tuple[int, int, float, int]
OPERATIONS: Tuple[Tuple[str, str], ...]
# (operation, class of a list result's items, class of an object result)
RESULT_MODELS: Tuple[Tuple[str, Optional[str], Optional[str]], ...]

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
        rate_limit: Union[Tuple[int, float], str, None] = None,
        max_concurrency: Optional[int] = None,
    ) -> "NativeClient": ...
    def call(self, op: str, kwargs: Dict[str, Any], options: Optional[Dict[str, Any]] = None) -> Any: ...
    def call_async(
        self, op: str, kwargs: Dict[str, Any], options: Optional[Dict[str, Any]] = None
    ) -> Awaitable[Any]: ...

@final
class UserPages:
    """The walk of `list_all`: the next page's `list` arguments, then the page's IDs and last
    creation time, or the status of its failure."""

    DEFAULT_PAGE_SIZE: ClassVar[int]
    MAX_PAGE_SIZE: ClassVar[int]
    def __new__(cls, request: Mapping[str, Any], page_size: int) -> "UserPages": ...
    def next_request(self) -> Optional[Dict[str, Any]]: ...
    def advance(self, ids: Sequence[str], last_created_at: Optional[int] = None) -> List[int]: ...
    def recover(self, status_code: int) -> bool: ...

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

@disjoint_base
class Model:
    """The base of the result classes: the response body and the fields read so far."""

    def __new__(cls: Type[_M], data: Optional[Dict[str, Any]] = None) -> _M: ...
    @classmethod
    def model_validate_json(cls: Type[_M], data: Union[str, bytes]) -> _M: ...
    def to_dict(self) -> Dict[str, Any]: ...
    @property
    def model_extra(self) -> Dict[str, Any]: ...
    def _raw_json(self) -> bytes: ...
    def _keep_unknown_keys(self) -> None: ...
    def _keys(self) -> List[str]: ...

@final
class FieldGetter:
    """The descriptor of one declared field of a result class."""

    def __get__(self, instance: Any, owner: Any = None, /) -> Any: ...

def register_models(classes: Dict[str, type]) -> None: ...
def _panic_for_tests(asynchronous: bool = False) -> Any: ...
