"""`ClerkModel`, the base of every result class.

The native part (`_native.Model`) holds the response body and this object's place in it; each
declared field is a descriptor that decodes the field the first time it is read and keeps the
value, so a page of users costs only what the caller reads. The classes themselves, with their
typed fields, are generated from the core (`_results.py`).
"""

from __future__ import annotations

from typing import Any, ClassVar, Dict, Iterator, List, Optional, Tuple

from .._native import Model

_METHODS = ("to_dict", "model_dump", "model_dump_json", "model_extra", "model_validate", "model_validate_json")


def _dump(value: Any) -> Any:
    if isinstance(value, ClerkModel):
        return value.model_dump()
    if isinstance(value, list):
        return [_dump(item) for item in value]
    return value


class ClerkModel(Model):
    """A response object: typed attributes, `==`, a readable `repr`, pickling, `to_dict()` (the
    JSON as sent) and `model_dump()` (every declared field, as the reference SDK gives it).

    A field the response left out, sent as null or with a value of another type reads as `None`,
    or as the field's default (`""`, `0`, `False`, `[]`, `{}`). Keys this version does not know
    are kept: in `to_dict()`, in `model_extra`, and as attributes (unless the name is one of the
    class's, such as `to_dict`). A misspelt name raises `AttributeError`; Python's traceback
    suggests the close field. Objects are read-only. There is no `__getattr__` hook: reading a
    field again is a plain attribute load.
    """

    # No `__slots__`: a field read once is kept in the instance's `__dict__` (see `_native`), so
    # reading it again is a plain attribute load.
    # The declared fields, in order (set by the native module when the classes are registered).
    _clerk_fields: ClassVar[Tuple[str, ...]] = ()

    def __init__(self, data: Optional[Dict[str, Any]] = None) -> None:
        # Only for objects built from a dict: decoded results skip `__init__`.
        if data:
            self._keep_unknown_keys()

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} objects are read-only; use to_dict() for a copy")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} objects are read-only")

    @classmethod
    def model_validate(cls, data: Dict[str, Any]) -> Any:
        """An object of this class from a JSON-shaped dict (as `to_dict()` gives)."""
        if not isinstance(data, dict):
            raise TypeError(f"{cls.__name__}.model_validate() takes a dict, got {type(data).__name__}")
        import json

        # Through JSON text, so that a model with kinds gives the kind's class.
        return cls.model_validate_json(json.dumps(data, allow_nan=False))

    def model_dump(self, **_ignored: Any) -> Dict[str, Any]:
        """Every declared field (with its default when the response left it out), nested objects
        dumped too, then the unknown keys as sent: what the reference SDK's `model_dump()` gives.
        Options are ignored."""
        out = {name: _dump(getattr(self, name)) for name in self._clerk_fields}
        out.update(self.model_extra)
        return out

    def model_dump_json(self, **_ignored: Any) -> str:
        """`model_dump()` as JSON text."""
        import json

        return json.dumps(self.model_dump())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ClerkModel):
            return NotImplemented
        if type(self) is not type(other):
            return False
        return self._raw_json() == other._raw_json() or self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __contains__(self, key: object) -> bool:
        return key in self._keys()

    def __getitem__(self, key: str) -> Any:
        if key in self._clerk_fields:
            return getattr(self, key)
        extra = self.model_extra
        if key in extra:
            return extra[key]
        raise KeyError(key)

    def __dir__(self) -> List[str]:
        return sorted(set(object.__dir__(self)) | set(self._clerk_fields) | set(self.model_extra) | set(_METHODS))

    def __repr__(self) -> str:
        fields = ", ".join(f"{key}={getattr(self, key)!r}" for key in self._keys())
        return f"{type(self).__name__}({fields})"

    def __reduce__(self) -> Any:
        return (_rebuild, (type(self), self._raw_json()))


def _rebuild(cls: Any, raw: bytes) -> Any:
    return cls.model_validate_json(raw)
