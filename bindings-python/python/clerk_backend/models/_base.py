"""`ClerkModel`, the base of every result class.

The native part (`_native.Model`) holds the response body and this object's place in it; each
declared field is a descriptor that decodes the field the first time it is read and keeps the
value, so a page of users costs only what the caller reads. The classes themselves, with their
typed fields, are generated from the core (`_results.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Dict, Iterator, List, Tuple

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
    are kept: in `to_dict()`, in `model_extra`, and as attributes. Objects are read-only.
    """

    __slots__ = ()
    # The declared fields, in order (set by the native module when the classes are registered).
    _clerk_fields: ClassVar[Tuple[str, ...]] = ()

    if not TYPE_CHECKING:
        # Hidden from type checkers, so that a misspelt field is an error for them too.
        def __getattr__(self, name: str) -> Any:
            if not name.startswith("__"):
                extra = self.model_extra
                if name in extra:
                    return extra[name]
            import difflib  # only on this error path: keeps `import clerk_backend` light

            message = f"{type(self).__name__!r} object has no attribute {name!r}"
            close = difflib.get_close_matches(name, self._clerk_fields, n=1)
            if close:
                message += f"; did you mean {close[0]!r}?"
            raise AttributeError(message)

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
        if key not in self._keys():
            raise KeyError(key)
        return getattr(self, key)

    def __dir__(self) -> List[str]:
        return sorted(set(object.__dir__(self)) | set(self._clerk_fields) | set(self.model_extra) | set(_METHODS))

    def __repr__(self) -> str:
        fields = ", ".join(f"{key}={getattr(self, key)!r}" for key in self._keys())
        return f"{type(self).__name__}({fields})"

    def __reduce__(self) -> Any:
        return (_rebuild, (type(self), self._raw_json()))


def _rebuild(cls: Any, raw: bytes) -> Any:
    return cls.model_validate_json(raw)
