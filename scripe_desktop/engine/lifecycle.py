"""The item lifecycle in one table: states, allowed moves, and what a person may do in each.

Why one table: the engine's commands (pause, retry, send to…) and the window's enabled actions
must agree, and the workers' state changes must stay inside a known graph. Both read this table
instead of keeping their own tuples of states.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from .events import ItemState

S = ItemState


class Action(enum.StrEnum):
    """What a person can ask for one file (the names are the engine's command names)."""

    PAUSE = "pause"
    RESUME = "resume"
    CANCEL = "cancel"
    RETRY = "retry"
    REMOVE = "remove"
    SEND_TO = "send_to"  # choose (another) destination; the bytes need not be sent again
    TRY_NOW = "try_now"  # stop waiting out a backoff or a limit


# Where a worker, the job tracker or a command may move an item from each state.
TRANSITIONS: dict[ItemState, frozenset[ItemState]] = {
    S.WAITING: frozenset(
        {
            S.WAITING,
            S.UPLOADING,
            S.ATTACHING,
            S.PROCESSING,
            S.DONE,
            S.SKIPPED,
            S.DUPLICATE,
            S.FAILED,
            S.PAUSED,
            S.CANCELLED,
            S.NEEDS_DESTINATION,
        }
    ),
    S.UPLOADING: frozenset(
        {
            S.UPLOADING,
            S.WAITING,
            S.ATTACHING,
            S.PROCESSING,
            S.DONE,
            S.SKIPPED,
            S.DUPLICATE,
            S.FAILED,
            S.PAUSED,
            S.CANCELLED,
            S.NEEDS_DESTINATION,
        }
    ),
    S.ATTACHING: frozenset(
        {
            S.ATTACHING,
            S.PROCESSING,
            S.DONE,
            S.WAITING,
            S.UPLOADING,  # the upload was refused as expired: send it again
            S.DUPLICATE,
            S.FAILED,
            S.PAUSED,
            S.CANCELLED,
            S.NEEDS_DESTINATION,
        }
    ),
    S.PROCESSING: frozenset({S.PROCESSING, S.DONE, S.FAILED, S.CANCELLED}),
    S.NEEDS_DESTINATION: frozenset(
        {S.NEEDS_DESTINATION, S.WAITING, S.PAUSED, S.CANCELLED, S.FAILED}
    ),
    S.PAUSED: frozenset({S.PAUSED, S.WAITING, S.CANCELLED, S.NEEDS_DESTINATION}),
    S.FAILED: frozenset({S.FAILED, S.WAITING, S.PAUSED, S.NEEDS_DESTINATION}),
    S.CANCELLED: frozenset({S.CANCELLED, S.WAITING, S.PAUSED}),
    S.DUPLICATE: frozenset({S.DUPLICATE, S.WAITING, S.PAUSED}),  # re-checked after a retarget
    S.DONE: frozenset({S.DONE}),
    S.SKIPPED: frozenset({S.SKIPPED}),
}

# What a person may ask for an item in each state.
ACTIONS: dict[ItemState, frozenset[Action]] = {
    S.WAITING: frozenset(
        {Action.PAUSE, Action.CANCEL, Action.REMOVE, Action.SEND_TO, Action.TRY_NOW}
    ),
    S.UPLOADING: frozenset({Action.PAUSE, Action.CANCEL, Action.REMOVE, Action.SEND_TO}),
    S.ATTACHING: frozenset({Action.PAUSE, Action.CANCEL, Action.REMOVE}),
    S.PROCESSING: frozenset({Action.CANCEL, Action.REMOVE}),
    S.NEEDS_DESTINATION: frozenset({Action.SEND_TO, Action.CANCEL, Action.REMOVE}),
    S.PAUSED: frozenset({Action.RESUME, Action.CANCEL, Action.REMOVE, Action.SEND_TO}),
    S.FAILED: frozenset({Action.RETRY, Action.REMOVE, Action.SEND_TO}),
    S.CANCELLED: frozenset({Action.RETRY, Action.REMOVE}),
    S.DUPLICATE: frozenset({Action.REMOVE, Action.SEND_TO}),
    S.DONE: frozenset({Action.REMOVE}),
    S.SKIPPED: frozenset({Action.REMOVE}),
}

# States whose attach request may already have been sent: their destination is fixed.
ATTACH_SENT = frozenset({S.ATTACHING, S.PROCESSING, S.DONE})


def can_move(src: ItemState | str, dst: ItemState | str) -> bool:
    return ItemState(dst) in TRANSITIONS[ItemState(src)]


def allows(state: ItemState | str, action: Action) -> bool:
    return action in ACTIONS[ItemState(state)]


def enabled_actions(states: Iterable[ItemState | str]) -> frozenset[Action]:
    """Actions to enable for a selection: those that apply to at least one selected item
    (the command then acts on those items and leaves the others alone)."""
    out: set[Action] = set()
    for state in set(states):
        out |= ACTIONS[ItemState(state)]
    return frozenset(out)
