"""What every method of `clerk.users` does with its arguments (the methods themselves are
generated into `_users.py`): split the per-call options from the parameters, read files, catch
a bare string given for a list, and hand the rest to the native core, which validates, encodes,
sends, retries and decodes.
"""

from __future__ import annotations

from typing import Any, ClassVar, Dict, FrozenSet, Mapping, Optional, Tuple

from . import _native
from .utils import UNSET, retry_tuple

_OPTIONS = ("retries", "server_url", "timeout_ms", "http_headers", "max_response_bytes")
def _request_dict(request: Any) -> Dict[str, Any]:
    """The `request=` of list and count: a dict (TypedDict) or a model with `to_dict`/`model_dump`."""
    if request is None:
        return {}
    if isinstance(request, Mapping):
        items = request.items()
    elif hasattr(request, "to_dict"):
        items = request.to_dict().items()
    elif hasattr(request, "model_dump"):
        items = request.model_dump().items()
    else:
        raise TypeError(f"request must be a dict, got {type(request).__name__}")
    # `None` goes to the core, which knows whether it means null or "not given".
    return {k: v for k, v in items if v is not UNSET}


def _file_dict(file: Any) -> Any:
    """`set_profile_image`'s `file`: content read from a file object, str sent as UTF-8."""
    if file is None or not isinstance(file, Mapping):
        return file
    out = dict(file)
    content: Any = out.get("content")
    if hasattr(content, "read"):
        content = content.read()
    if isinstance(content, str):
        content = content.encode("utf-8")
    elif isinstance(content, (bytearray, memoryview)):
        content = bytes(content)
    out["content"] = content
    return out


def _split(
    op: str, args: Dict[str, Any], arrays: FrozenSet[str]
) -> Tuple[Dict[str, Any], Optional[Dict[str, Any]]]:
    args.pop("self", None)
    options: Dict[str, Any] = {}
    retries = args.pop("retries")
    if retries is not UNSET:
        options["retries"] = retry_tuple(retries)
    for key in _OPTIONS[1:]:
        value = args.pop(key)
        if value is not None:
            options[key] = dict(value) if key == "http_headers" else value
    if "request" in args:
        kwargs = _request_dict(args["request"])
    else:
        kwargs = {k: v for k, v in args.items() if v is not UNSET}
        if "file" in kwargs:
            kwargs["file"] = _file_dict(kwargs["file"])
    for name in arrays:
        if isinstance(kwargs.get(name), (str, bytes)):
            raise TypeError(f"{op}(): parameter `{name}` must be a list of str, got a single str")
    return kwargs, options or None


_NO_ARRAYS: FrozenSet[str] = frozenset()


class UsersBase:
    """The calls behind the generated methods of `Users`."""

    __slots__ = ("_native",)
    _ARRAYS: ClassVar[Dict[str, FrozenSet[str]]] = {}

    def __init__(self, native: _native.NativeClient) -> None:
        self._native = native

    def __repr__(self) -> str:
        return "<clerk_backend Users>"

    def _call(self, op: str, args: Dict[str, Any]) -> Any:
        kwargs, options = _split(op, args, self._ARRAYS.get(op, _NO_ARRAYS))
        return self._native.call(op, kwargs, options)

    async def _call_async(self, op: str, args: Dict[str, Any]) -> Any:
        kwargs, options = _split(op, args, self._ARRAYS.get(op, _NO_ARRAYS))
        return await self._native.call_async(op, kwargs, options)
