"""The typed boundary between the engine and a front end: commands, replies, events.

Messages are registered dataclasses sent with the explicit codec in :mod:`.codec` (never
pickle). Errors cross as a code, a message and plain data and are rebuilt on the other side
from a table; an unknown code becomes :class:`CommandFailed`.

Adding a command is one dataclass here, decorated with ``@command``: its ``method`` names the
:class:`~scripe_desktop.engine.engine.UploadEngine` method and its fields are that method's
keyword arguments. Both engines (in this process, in a child) and both clients use the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from . import events as ev
from .codec import _FIELDS, ProtocolError, call_id_of, decode, dumps, encode, loads, wire
from .events import Condition, ItemSnapshot, Target, Totals
from .lockfile import QueueBusyError
from .store_safety import QUEUE_ERRORS, QueueStoreError
from .type_database import TypeDatabaseError

__all__ = ["ProtocolError", "call_id_of", "decode", "dumps", "encode", "ev", "loads", "wire"]

# -- commands -------------------------------------------------------------------------------------


class Command:
    """Base of every command; ``method`` is the engine method it calls with its fields."""

    method: ClassVar[str]
    blocking: ClassVar[bool] = False  # waits for something: run it off the command thread
    # long work in steps: the host runs ``<method>_steps`` a step at a time, and any command
    # that arrives meanwhile between two steps (removing 50,000 rows delays no pause)
    stepwise: ClassVar[bool] = False

    def kwargs(self) -> dict[str, Any]:
        return {n: getattr(self, n) for n in _FIELDS[type(self)]}


COMMANDS: dict[str, type[Command]] = {}


def command(method: str, *, blocking: bool = False, stepwise: bool = False) -> Any:
    """``@command("pause")`` on a class: make it a frozen dataclass and register it."""

    def register(cls: type[Command]) -> type[Command]:
        cls = dataclass(frozen=True)(cls)
        cls.method = method
        cls.blocking = blocking
        cls.stepwise = stepwise
        wire(cls)
        COMMANDS[method] = cls
        return cls

    return register


def make_command(method: str, *args: Any, **kwargs: Any) -> Command:
    """``make_command("pause", [1, 2])``: the front ends' name-based shorthand."""
    cls = COMMANDS.get(method)
    if cls is None:
        raise ProtocolError(f"unknown engine command {method!r}")
    names = _FIELDS[cls]
    values = dict(zip(names, (_plain(a) for a in args), strict=False))
    values.update({k: _plain(v) for k, v in kwargs.items()})
    return cls(**values)


def _plain(value: Any) -> Any:
    """Generators and sets become lists; paths become strings."""
    if isinstance(value, set | frozenset) or hasattr(value, "__next__"):
        return list(value)
    if isinstance(value, list):
        return [str(v) if isinstance(v, Path) else v for v in value]
    return value


@command("add_paths")
class AddPaths(Command):
    paths: list[str]
    target: Target | None  # None: no usable destination yet ("Choose where to send these")
    force: bool = False
    hold: bool = False
    include_hidden: bool = False
    batch_id: int | None = None  # chosen by the client from its reserved range
    problem: str | None = None  # a Reason code: why ``target`` is None


@command("send_to")
class SendTo(Command):
    """ "Send to…": the files that may still move go to ``target`` (a RetargetReport tells)."""

    item_ids: list[int]
    target: Target


@command("send_copies")
class SendCopies(Command):
    """Also send these (already attached) files to ``target``: new uploads."""

    item_ids: list[int]
    target: Target


@command("start")
class Start(Command):
    pass


@command("start_batch")
class StartBatch(Command):
    batch_id: int


@command("set_batch_target")
class SetBatchTarget(Command):
    batch_id: int
    target: Target


@command("pause")
class Pause(Command):
    item_ids: list[int]


@command("resume")
class Resume(Command):
    item_ids: list[int]


@command("cancel")
class Cancel(Command):
    item_ids: list[int]


@command("retry")
class Retry(Command):
    item_ids: list[int]


@command("remove", stepwise=True)
class Remove(Command):
    item_ids: list[int]


@command("pause_all")
class PauseAll(Command):
    pass


@command("resume_all")
class ResumeAll(Command):
    pass


@command("retry_failed")
class RetryFailed(Command):
    pass


@command("clear_finished")
class ClearFinished(Command):
    pass


@command("try_now")
class TryNow(Command):
    pass


@command("set_concurrency")
class SetConcurrency(Command):
    n: int


@command("set_rate_limit")
class SetRateLimit(Command):
    bytes_per_second: int | None


@command("set_api_key")
class SetApiKey(Command):
    key: str | None


# Reads: the engine's answer is the reply's value.


@command("items")
class Items(Command):
    pass


@command("item")
class Item(Command):
    item_id: int


@command("batch_items")
class BatchItems(Command):
    batch_id: int


@command("totals")
class GetTotals(Command):
    pass


@command("conditions_now")
class ConditionsNow(Command):
    pass


@command("rate_limit")
class RateLimit(Command):
    pass


@command("concurrency")
class Concurrency(Command):
    pass


@command("reserve_batch_ids")
class ReserveBatchIds(Command):
    count: int


@command("unfinished_scan_batches")
class UnfinishedScanBatches(Command):
    pass


@command("fatal")
class Fatal(Command):
    pass


@command("wait_scanned", blocking=True)
class WaitScanned(Command):
    timeout: float | None = None


# -- messages -------------------------------------------------------------------------------------


@wire
@dataclass(frozen=True)
class Call:
    """Client → engine. ``call_id`` 0: nobody waits for the answer (failures are logged)."""

    call_id: int
    command: Any


@wire
@dataclass(frozen=True)
class Shutdown:
    """Client → engine: save and stop; the engine answers :class:`Bye`."""


@wire
@dataclass(frozen=True)
class SnapshotPart:
    """Engine → client, on connecting: items in chunks (bounded work per message)."""

    items: list[ItemSnapshot]


@wire
@dataclass(frozen=True)
class Ready:
    """Engine → client: the snapshot is complete; batch ids in [first, last) are the client's."""

    totals: Totals
    conditions: tuple[Condition, ...]
    batch_ids: tuple[int, int]


@wire
@dataclass(frozen=True)
class Events:
    events: list[Any]


@wire
@dataclass(frozen=True)
class Reply:
    call_id: int
    value: Any = None


@wire
@dataclass(frozen=True)
class Failure:
    """A command (``call_id``) or the start (``call_id`` 0) failed."""

    call_id: int
    code: str
    message: str
    data: dict[str, Any] = field(default_factory=dict)


@wire
@dataclass(frozen=True)
class Bye:
    """Engine → client: stopped and saved; the last message."""


# -- errors ---------------------------------------------------------------------------------------


class CommandFailed(RuntimeError):
    """A command failed in the engine for a reason without a class of its own here."""

    def __init__(self, code: str, message: str, data: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.data = data or {}


# Exceptions whose message is written for people and that front ends tell apart by class.
ERRORS: dict[str, type[Exception]] = {
    "queue_busy": QueueBusyError,
    "type_database": TypeDatabaseError,
    "invalid_value": ValueError,
    "not_found": KeyError,
    **QUEUE_ERRORS,  # the queue file itself: damaged, read-only, full disk, replaced
}


def failure_of(call_id: int, exc: BaseException) -> Failure:
    code = next((c for c, cls in ERRORS.items() if type(exc) is cls), None)
    if code is None:
        code = getattr(exc, "code", None) if isinstance(exc, CommandFailed) else "engine_error"
    data = dict(exc.data) if isinstance(exc, CommandFailed | QueueStoreError) else {}
    data.setdefault("type", type(exc).__name__)
    message = str(exc.args[0]) if exc.args else type(exc).__name__
    return Failure(call_id, str(code or "engine_error"), message, data)


def refused(call_id: int, what: str) -> Failure:
    """The answer to a call that is not a registered command: refused, never run."""
    return Failure(call_id, "unknown_command", f"{what} is not an engine command", {})


def rebuild(failure: Failure) -> Exception:
    cls = ERRORS.get(failure.code)
    if cls is not None:
        typed = issubclass(cls, QueueStoreError)  # its path and problem cross as data
        return cls.from_data(failure.message, failure.data) if typed else cls(failure.message)
    return CommandFailed(failure.code, failure.message, failure.data)
