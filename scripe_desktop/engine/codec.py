"""The engine boundary's codec: registered dataclasses and enums as nested plain values.

Why not pickle: a pickled exception that cannot be rebuilt (``ApiError`` needs keyword
arguments) killed the pipe's reader and froze the window with no word, and pickle runs whatever
a message names. Here a message is a registered dataclass of plain values (numbers, strings,
lists, tuples, dicts, enums, other registered dataclasses), turned into nested tuples and sent
with ``marshal``, which carries nothing but plain data. Every dataclass and enum in
:mod:`.events` is registered, so a new event or field crosses without further work.
"""

from __future__ import annotations

import dataclasses
import enum
import marshal
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from . import events as ev

_TYPES: dict[str, type] = {}
_FIELDS: dict[type, tuple[str, ...]] = {}


def wire(cls: type) -> type:
    """Register a dataclass or an enum so that it may cross the boundary."""
    _TYPES[cls.__name__] = cls
    if dataclasses.is_dataclass(cls):
        _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return cls


for _obj in list(vars(ev).values()):  # every event type and value type the engine defines
    is_ours = isinstance(_obj, type) and _obj.__module__ == ev.__name__
    if is_ours and (dataclasses.is_dataclass(_obj) or issubclass(_obj, enum.Enum)):
        wire(_obj)


class ProtocolError(RuntimeError):
    """A message that is not part of the protocol (a bug, never user input)."""


def encode(obj: Any) -> Any:
    """A registered object as nested plain values; tuples are tagged, lists stay lists."""
    if obj is None or type(obj) in (bool, int, float, str, bytes):
        return obj
    cls = type(obj)
    names = _FIELDS.get(cls)
    if names is not None:
        return (cls.__name__, *[encode(getattr(obj, n)) for n in names])
    if isinstance(obj, enum.Enum):
        if cls.__name__ not in _TYPES:
            raise ProtocolError(f"{cls.__name__} is not registered")
        return ("~" + cls.__name__, obj.value)
    if cls is list:
        return [encode(v) for v in obj]
    if cls is tuple:
        return ("()", *[encode(v) for v in obj])
    if cls is dict or cls is MappingProxyType:
        return {k: encode(v) for k, v in obj.items()}
    if isinstance(obj, Path):
        return str(obj)
    raise ProtocolError(f"{cls.__name__} cannot cross the engine boundary")


_VALUE_TYPES = {"Target"}  # small, immutable and repeated on every row: decoded once
_SHARED: dict[tuple[Any, ...], Any] = {}
# Most rows carry no reason data: one read-only empty mapping for all of them, not a dict each.
EMPTY: Mapping[str, Any] = MappingProxyType({})


def decode(data: Any) -> Any:
    t = type(data)
    if t is tuple:
        tag = data[0]
        if tag == "()":
            return tuple(decode(v) for v in data[1:])
        if tag[0] == "~":
            return _TYPES[tag[1:]](data[1])
        if tag in _VALUE_TYPES and (shared := _SHARED.get(data)) is not None:
            return shared
        cls = _TYPES.get(tag)
        if cls is None:
            raise ProtocolError(f"unknown message type {tag!r}")
        obj = cls(*[decode(v) for v in data[1:]])
        if tag in _VALUE_TYPES and len(_SHARED) < 10_000:
            _SHARED[data] = obj  # one Target for 50,000 rows that go to the same place
        return obj
    if t is list:
        return [decode(v) for v in data]
    if t is dict:
        return {k: decode(v) for k, v in data.items()} if data else EMPTY
    return data  # strings as they are: the window's row store shares the repeated ones


def dumps(message: Any) -> bytes:
    return marshal.dumps(encode(message))


def call_id_of(payload: bytes) -> int:
    """The call id of a ``Call`` that could not be decoded (so it can be refused), else 0."""
    try:
        raw = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return 0
    ok = type(raw) is tuple and len(raw) > 1 and raw[0] == "Call" and type(raw[1]) is int
    return raw[1] if ok else 0


def loads(payload: bytes) -> Any:
    try:
        return decode(marshal.loads(payload))
    except (ValueError, EOFError, TypeError, KeyError, IndexError) as exc:
        raise ProtocolError(f"unreadable message: {exc}") from exc
