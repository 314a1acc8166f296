"""Result objects: thin, lazy views over the JSON-shaped dicts the native core decodes.

Nothing is built until it is read: a nested object or list is wrapped on first access and cached.
The items of a list result are lazier still: each starts as an empty shell pointing at the
undecoded response body (`_src`, `_idx`), and is decoded and converted by the native core the
first time anything reads it (an attribute, `to_dict()`, `==`, `repr`, pickling, ...).
"""

from __future__ import annotations

import copy
from typing import Any, Dict, Iterator, List, Optional

from .._native import _materialize

# Free-form user data (and error `meta`) stays a plain dict: its keys are not fields.
_RAW_KEYS = frozenset({"public_metadata", "private_metadata", "unsafe_metadata", "meta", "metadata"})


def _camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


class ClerkModel:
    """A response object: attribute access, `==`, `repr`, `to_dict()` / `model_dump()`.

    A field the response left out (or sent as null) reads as `None`; fields this version of
    the library does not know are kept and come back in `to_dict()`.
    """

    # `_src` and `_idx`: only on an unread item of a list result (see `wrap_result`).
    __slots__ = ("_data", "_cache", "_name", "_src", "_idx")
    _data: Dict[str, Any]
    _cache: Dict[str, Any]
    _name: Optional[str]

    def __init__(self, data: Dict[str, Any], name: Optional[str] = None) -> None:
        if not isinstance(data, dict):
            raise TypeError(f"{type(self).__name__} wraps a dict, got {type(data).__name__}")
        object.__setattr__(self, "_data", data)
        object.__setattr__(self, "_cache", {})
        object.__setattr__(self, "_name", name)

    def __getattr__(self, name: str) -> Any:
        if name in _UNREAD:
            # An item of a list result read for the first time: decode it (once, thread-safe).
            _materialize(self)
            return object.__getattribute__(self, name)
        if name.startswith("__"):
            raise AttributeError(name)
        cache = self._cache
        if name in cache:
            return cache[name]
        value = _wrap(name, self._data.get(name))
        cache[name] = value
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{self._type_name()} objects are read-only; use to_dict() for a copy")

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ClerkModel):
            return self._data == other._data
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __dir__(self) -> List[str]:
        return sorted(set(self._data) | {"to_dict", "model_dump", "model_dump_json"})

    def __reduce__(self) -> Any:
        return (type(self), (self._data, self._name))

    def _type_name(self) -> str:
        if self._name:
            return self._name
        if type(self) is not ClerkModel:
            return type(self).__name__
        kind = self._data.get("object")
        return _camel(kind) if isinstance(kind, str) and kind else "ClerkModel"

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={getattr(self, k)!r}" for k in self._data)
        return f"{self._type_name()}({fields})"

    def to_dict(self) -> Dict[str, Any]:
        """The JSON-shaped dict of this object (a copy), unknown fields included."""
        return copy.deepcopy(self._data)

    def model_dump(self, **_ignored: Any) -> Dict[str, Any]:
        """Same as `to_dict()`, for code moving from the official SDK (options are ignored)."""
        return self.to_dict()

    def model_dump_json(self, **_ignored: Any) -> str:
        import json

        return json.dumps(self._data)


# The slots an unread list item lacks until `_materialize` fills them.
_UNREAD = frozenset({"_data", "_cache", "_name"})


def _wrap(key: str, value: Any) -> Any:
    if isinstance(value, dict):
        return value if key in _RAW_KEYS else ClerkModel(value)
    if isinstance(value, list):
        if key in _RAW_KEYS:
            return value
        return [_wrap(key, item) for item in value]
    return value


def _classes() -> Dict[str, Any]:
    from . import _results

    return {name: getattr(_results, name) for name in _results.__all__}


_RESULT_TYPES: Dict[str, Any] = {}


def wrap_result(op: str, raw: Any) -> Any:
    """Wraps the native result of `op` in its model class; a list result comes as a
    `_native.LazyList` and becomes a Python list of unread items."""
    if not _RESULT_TYPES:
        from .. import _native

        classes = _classes()
        for name, response in _native.OPERATIONS:
            many = response.startswith("Vec<")
            cls = classes.get(response[4:-1] if many else response, ClerkModel)
            _RESULT_TYPES[name] = (many, cls)
    many, cls = _RESULT_TYPES[op]
    if many:
        return raw.wrap(cls)
    return cls(raw)
