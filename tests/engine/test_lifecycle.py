"""The lifecycle table is complete and consistent with what the engine's commands do."""

from __future__ import annotations

from scripe_desktop.engine.events import ItemState
from scripe_desktop.engine.lifecycle import ACTIONS, TRANSITIONS, Action, enabled_actions


def test_every_state_has_transitions_and_actions() -> None:
    assert set(TRANSITIONS) == set(ItemState) == set(ACTIONS)
    for state, targets in TRANSITIONS.items():
        assert state in targets  # re-announcing a row (same state) is always allowed


def test_actions_lead_somewhere_the_table_allows() -> None:
    lands = {
        Action.PAUSE: ItemState.PAUSED,
        Action.RESUME: ItemState.WAITING,
        Action.RETRY: ItemState.WAITING,
    }
    for state, actions in ACTIONS.items():
        for action, dst in lands.items():
            if action in actions:
                assert dst in TRANSITIONS[state], (state, action)
        if Action.CANCEL in actions and state is not ItemState.PROCESSING:
            assert ItemState.CANCELLED in TRANSITIONS[state], state


def test_enabled_actions_for_a_mixed_selection() -> None:
    got = enabled_actions([ItemState.DONE, ItemState.FAILED])
    assert got == {Action.REMOVE, Action.RETRY, Action.SEND_TO}
    assert enabled_actions([]) == frozenset()
    assert Action.SEND_TO in enabled_actions([ItemState.NEEDS_DESTINATION])
    assert Action.SEND_TO not in enabled_actions([ItemState.DONE, ItemState.PROCESSING])
