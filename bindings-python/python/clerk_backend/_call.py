"""What every method of `clerk.users` does with its arguments (the methods themselves are
generated into `_users.py`): split the per-call options from the parameters, read files, catch
a bare string given for a list, and hand the rest to the native core, which validates, encodes,
sends, retries and decodes.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, AsyncIterator, ClassVar, Dict, FrozenSet, Iterator, List, Mapping, Optional, Tuple

from . import _native
from .models._errors import ClerkErrors, SDKError
from .utils import UNSET, OptionalNullable, RetryConfig, retry_tuple

if TYPE_CHECKING:
    from . import models

_OPTIONS = ("retries", "server_url", "timeout_ms", "http_headers", "max_response_bytes")
# Retries and pauses are logged at WARNING by the native client; every attempt at DEBUG when this
# logger says so, checked per call (a cached lookup), so that a silent logger costs no GIL hop.
_LOG = logging.getLogger("clerk_backend")
# A library logs only where the application sends its logs: nothing reaches stderr by default.
_LOG.addHandler(logging.NullHandler())
# `list_all`'s page size unless told otherwise: the core's.
_PAGE_SIZE = _native.UserPages.DEFAULT_PAGE_SIZE


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
    if _LOG.isEnabledFor(logging.DEBUG):
        options["log_attempts"] = True
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

    def list_all(
        self,
        request: Optional[models.GetUserListRequestTypedDict] = None,
        *,
        page_size: int = _PAGE_SIZE,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> Iterator[models.User]:
        """Every user matching `request`'s filters, newest first (`order_by="+created_at"`: oldest
        first), fetched `page_size` (default 500, at most 500) a page by cursor as the iterator is
        read: users created or deleted meanwhile never make it skip or repeat another. Each page is
        retried like any call; an error is raised after the users before it. An ordering other
        than by `created_at`, or an `offset`, raises `ValueError` at once.

        Deleting the users as they come is safe: when a page's cursor (the previous page's last
        user) is refused (any 4XX but 401, 403 and 429, as `ClerkErrors` or `SDKError`), the page is asked
        for once more by creation time from that user's millisecond on, without yielding again the
        users the previous page gave."""
        return self._walk(*self._pages(locals()))

    def _pages(self, args: Dict[str, Any]) -> Tuple[_native.UserPages, Optional[Dict[str, Any]]]:
        """The walk of `list_all`, checked by the core before any request, and the call options."""
        args = dict(args)
        page_size = args.pop("page_size")
        kwargs, options = _split("list", args, self._ARRAYS.get("list", _NO_ARRAYS))
        return _native.UserPages(kwargs, page_size), options

    def _walk(self, pages: _native.UserPages, options: Optional[Dict[str, Any]]) -> Iterator[models.User]:
        while (request := pages.next_request()) is not None:
            try:
                page: List[models.User] = self._native.call("list", request, options)
            except (ClerkErrors, SDKError) as error:
                if error.status_code is not None and pages.recover(error.status_code):
                    continue
                raise
            yield from _fresh(pages, page)

    def list_all_async(
        self,
        request: Optional[models.GetUserListRequestTypedDict] = None,
        *,
        page_size: int = _PAGE_SIZE,
        retries: OptionalNullable[RetryConfig] = UNSET,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> AsyncIterator[models.User]:
        """`list_all` as an async iterator: `async for user in clerk.users.list_all_async(...)`."""
        return self._walk_async(*self._pages(locals()))

    async def _walk_async(
        self, pages: _native.UserPages, options: Optional[Dict[str, Any]]
    ) -> AsyncIterator[models.User]:
        while (request := pages.next_request()) is not None:
            try:
                page: List[models.User] = await self._native.call_async("list", request, options)
            except (ClerkErrors, SDKError) as error:
                if error.status_code is not None and pages.recover(error.status_code):
                    continue
                raise
            for user in _fresh(pages, page):
                yield user


def _fresh(pages: _native.UserPages, page: List[models.User]) -> List[models.User]:
    """Records `page` in the walk and returns the users to yield: all of them, unless the page
    was asked for again after a refused cursor and repeats some of the previous page."""
    skip = pages.advance([user.id for user in page], page[-1].created_at if page else None)
    return [user for at, user in enumerate(page) if at not in skip] if skip else page
