"""The Windows sharing-violation check. The OS call (CreateFileW with no sharing) cannot run
here, so the opener is injected; what is tested is the decision made from its answer, and
that a file another program holds open waits in the settler and goes up once it is let go."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scripe_desktop.engine.watch import sharing
from scripe_desktop.engine.watch.stability import Settler, Verdict


@pytest.mark.parametrize(
    ("code", "busy"),
    [
        (0, False),  # opened alone: nobody else has it
        (sharing.ERROR_SHARING_VIOLATION, True),  # a writer still has it open
        (sharing.ERROR_LOCK_VIOLATION, True),  # a region of it is locked
        (2, False),  # gone: the stat look reports that, not this check
        (5, False),  # access denied: would wait forever; the engine says why instead
    ],
)
def test_only_a_sharing_or_lock_violation_means_in_use(code: int, busy: bool) -> None:
    asked: list[str] = []

    def opener(path: str) -> int:
        asked.append(path)
        return code

    assert sharing.in_use("C:/Users/a/rec.wav", opener) is busy
    assert asked == ["C:/Users/a/rec.wav"]


@pytest.mark.skipif(os.name == "nt", reason="the POSIX no-op")
def test_outside_windows_the_check_is_a_no_op(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("x")
    with f.open("rb"):  # held open by us: POSIX has no sharing modes, nothing to wait for
        assert sharing.in_use(str(f)) is False


def test_a_file_held_open_waits_and_is_stable_once_released(tmp_path: Path) -> None:
    f = tmp_path / "call.mp3"
    f.write_bytes(b"ID3" + b"\0" * 100)
    now = [0.0]
    held = [True]
    settler = Settler(
        5.0,
        clock=lambda: now[0],
        opener=lambda p: sharing.ERROR_SHARING_VIOLATION if held[0] else 0,
    )
    settler.touch("/w", "call.mp3", str(f))
    now[0] = 5.0
    assert settler.due() == [("/w", "call.mp3", str(f))]
    assert settler.check(str(f))[0] == Verdict.WAIT
    assert str(f) in settler  # kept, looked at again later
    now[0] = 100.0
    assert settler.due() == [("/w", "call.mp3", str(f))]
    held[0] = False
    assert settler.check(str(f))[0] == Verdict.STABLE
    assert str(f) not in settler
