"""The rescans that catch what change notices missed: after the machine slept and when the
network came back. Each is driven where the app detects it (the wall clock jumping past the
monotonic one; the engine's "offline" condition clearing after a real outage of the sandbox),
with change notices off so that only the rescan can find the file, and the sandbox's records
as the evidence that it arrived once."""

from __future__ import annotations

import time
from pathlib import Path

from scripe_desktop.engine.events import ConditionKind
from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes

from .conftest import names, wait_for, wait_names


def _looked_twice(syncer) -> None:
    """The loop went round twice more (each pass is at most a second): it saw the folder
    as it is now and found nothing to do."""
    start = syncer.turns
    wait_for(lambda: syncer.turns >= start + 2, 10, "two passes of the watcher")


def test_a_file_added_while_asleep_is_found_by_the_wake_rescan_and_uploaded_once(
    watched: Path, sandbox: Sandbox, make_syncer
) -> None:
    slept = [0.0]
    syncer = make_syncer(watched, watch_events=False, wall=lambda: time.time() + slept[0])
    assert syncer.wait_idle(20)
    assert (str(watched), "start") in syncer.rescans
    (watched / "while asleep.txt").write_bytes(text_bytes(30, tag="asleep"))
    _looked_twice(syncer)
    assert names(sandbox) == {}, "nothing but a rescan may find this file"
    assert not syncer.settler

    slept[0] = 3600.0  # the wall clock ran on for an hour; the monotonic one did not
    wait_names(sandbox, {"while asleep.txt": 1})
    assert (str(watched), "wake") in syncer.rescans
    assert syncer.wait_idle(20)
    _looked_twice(syncer)
    assert names(sandbox) == {"while asleep.txt": 1}


def test_a_file_added_while_offline_is_found_when_the_network_returns_and_uploaded_once(
    tmp_path: Path, watched: Path, sandbox: Sandbox, make_syncer
) -> None:
    (watched / "before.txt").write_bytes(text_bytes(30, tag="before"))
    port = sandbox.port
    sandbox.stop()  # connection refused: the engine says "offline" once it tries
    syncer = make_syncer(watched, watch_events=False)
    engine = syncer.engine
    wait_for(lambda: engine.conditions.has(ConditionKind.OFFLINE), 30, "offline")
    (watched / "while offline.txt").write_bytes(text_bytes(30, tag="offline"))
    _looked_twice(syncer)
    assert (str(watched), "network back") not in syncer.rescans

    back = Sandbox(data_dir=tmp_path / "sb2", port=port, api_key=sandbox.api_key).start()
    try:
        wait_names(back, {"before.txt": 1, "while offline.txt": 1}, timeout=60)
        assert (str(watched), "network back") in syncer.rescans
        assert syncer.wait_idle(20)
        _looked_twice(syncer)
        assert names(back) == {"before.txt": 1, "while offline.txt": 1}
    finally:
        syncer.stop(5)
        engine.shutdown(5)
        back.stop()
