"""The attached journal (``attached.jsonl``) stays bounded: compacting keeps every attached
entry, drops what was forgotten, and a kill at any moment leaves a complete journal (the old
one or the new one, never a mix). Real files, real processes killed with SIGKILL."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from scripe_desktop.engine.store import QueueStore
from scripe_desktop.engine.store_journal import AttachedJournal


def _history(journal: AttachedJournal, kept: int, churn: int) -> set[tuple[str, int, str]]:
    """``kept`` attached entries, and ``churn`` more that were attached and then forgotten
    (failed jobs, removed files), as a journal that was never compacted holds them."""
    live = set()
    with open(journal.path, "a", encoding="utf-8") as fh:
        for i in range(kept):
            live.add((f"{i:064x}", i + 1, "knowledge:"))
            fh.write(f'{{"op":"add","sha256":"{i:064x}","size":{i + 1},"target":"knowledge:"}}\n')
        for i in range(churn):
            for op in ("add", "forget"):
                sha = f"{i + kept:064x}"
                fh.write(f'{{"op":"{op}","sha256":"{sha}","size":7,"target":"source:p"}}\n')
    assert set(journal.entries()) == live
    return live


def test_compacting_a_large_history_keeps_every_attached_entry(tmp_path: Path) -> None:
    journal = AttachedJournal(tmp_path / "attached.jsonl")
    live = _history(journal, kept=2_000, churn=20_000)
    before = journal.path.stat().st_size
    assert journal.compact_if_large()
    assert set(journal.entries()) == live
    after = journal.path.stat().st_size
    assert after < before / 10  # 2,000 lines of 42,000
    assert len(journal.path.read_text().splitlines()) == len(live)
    assert not journal.compact_if_large()  # nothing to gain now: left alone
    journal.add("ff" * 32, 1, "knowledge:")  # appending goes on after a compaction
    assert ("ff" * 32, 1, "knowledge:") in journal.entries()


def test_a_long_session_with_many_forgotten_entries_stays_bounded(tmp_path: Path) -> None:
    journal = AttachedJournal(tmp_path / "attached.jsonl")
    live = _history(journal, kept=100, churn=0)
    for i in range(25_000):  # through the journal's own methods, as the engine writes
        journal.add(f"{i:060x}beef", 3, "knowledge:")
        journal.forget(f"{i:060x}beef", 3, "knowledge:")
    assert set(journal.entries()) == live
    assert len(journal.path.read_text().splitlines()) <= 100 + 2 * 10_000


def test_a_queue_that_opens_compacts_its_journal(tmp_path: Path) -> None:
    db = tmp_path / "queue.sqlite3"
    store = QueueStore(db)
    live = _history(store.journal, kept=50, churn=5_000)
    store.close()
    lines = len(store.journal.path.read_text().splitlines())
    again = QueueStore(db)
    assert len(again.journal.path.read_text().splitlines()) == len(live) < lines
    assert set(again.journal.entries()) == live
    again.close()


_COMPACT = """
import sys
from pathlib import Path
from scripe_desktop.engine.store_journal import AttachedJournal
print("ready", flush=True)
AttachedJournal(Path(sys.argv[1])).compact_if_large()
print("done", flush=True)
"""


def test_a_kill_at_any_moment_of_compacting_loses_nothing(tmp_path: Path) -> None:
    journal = AttachedJournal(tmp_path / "attached.jsonl")
    live = _history(journal, kept=3_000, churn=60_000)
    original = journal.path.read_bytes()
    rng = random.Random(11)
    outcomes = {"old": 0, "new": 0}
    for _ in range(12):
        journal.path.write_bytes(original)
        proc = subprocess.Popen(
            [sys.executable, "-c", _COMPACT, str(journal.path)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.0, 0.4))  # somewhere in reading, writing or renaming
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert set(AttachedJournal(journal.path).entries()) == live
        lines = len(journal.path.read_text().splitlines())
        outcomes["new" if lines == len(live) else "old"] += 1
        assert lines in (len(live), len(original.splitlines()))  # one or the other, whole
        AttachedJournal(journal.path).compact_if_large()  # the next start tidies up
        assert [p for p in tmp_path.iterdir() if p.name != "attached.jsonl"] == []
        assert set(AttachedJournal(journal.path).entries()) == live
    print(f"kills: {outcomes}")  # both sides are normally hit; either way nothing was lost
    assert os.listdir(tmp_path) == ["attached.jsonl"]
