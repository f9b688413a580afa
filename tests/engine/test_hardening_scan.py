"""Issue 11 items 2, 3 and 12: a dropped folder is queued whole, whatever is inside it and
whatever happens to the process while it is scanned."""

from __future__ import annotations

import os
import signal
import sqlite3
from collections import Counter
from pathlib import Path

from scripe_desktop.engine import ItemState, Target
from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes, write

from .cli_helpers import cli_env, json_lines, queue_rows, run_cli, start_cli
from .conftest import NONE, run_batch, sha256, wait_for


def _received(sb: Sandbox) -> Counter[str]:
    return Counter(u["sha256"] for u in sb.records()["uploads"] if u["received"])


def test_one_bad_entry_never_drops_the_folder(
    tmp_path: Path, sandbox: Sandbox, make_engine
) -> None:
    drop = tmp_path / "drop"
    good = [write(drop, "a.txt", text_bytes(tag="a")), write(drop, "z/b.txt", text_bytes(tag="b"))]
    os.symlink(drop / "loop2", drop / "loop1")  # a loop of links
    os.symlink(drop / "loop1", drop / "loop2")
    deep = drop / "deep"
    deep.mkdir()
    for _ in range(1000):  # deeper than Python's recursion limit
        deep = deep / "d"
        deep.mkdir()
    good.append(write(deep, "bottom.txt", text_bytes(tag="deep")))
    expected = Counter(sha256(f) for f in good)
    engine, _ = make_engine()
    try:
        items = run_batch(engine, [drop], Target(NONE), timeout=60)
    finally:
        _remove_deep(drop / "deep")  # pytest's own clean-up recurses and would fail on it
    by_name = {i.name: i for i in items}
    assert {i.name for i in items if i.state is ItemState.DONE} == {"a.txt", "b.txt", "bottom.txt"}
    assert by_name["loop1"].state is ItemState.SKIPPED
    assert by_name["loop1"].reason == "“loop1” is a loop of links."
    assert _received(sandbox) == expected


def _remove_deep(top: Path) -> None:
    chain = [top]
    while (nxt := chain[-1] / "d").is_dir():
        chain.append(nxt)
    for folder in reversed(chain):
        for entry in folder.iterdir():
            if not entry.is_dir():
                entry.unlink()
        folder.rmdir()


def test_names_that_are_not_utf8_are_kept_exactly_and_shown_readably(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    folder = os.path.join(os.fsencode(drop), b"r\xe9sum\xe9s")  # Latin-1 bytes, not UTF-8
    os.mkdir(folder)
    name = os.path.join(folder, b"caf\xe9.txt")
    with open(name, "wb") as fh:
        fh.write(text_bytes(tag="latin1"))
    write(drop, "plain.txt", text_bytes(tag="plain"))
    home = tmp_path / "home"
    rc, out, err = run_cli(
        ["upload", str(drop), "--attach", "none", "--json"], cli_env(sandbox, home)
    )
    assert rc == 0, err
    records, summary = json_lines(out)
    assert summary["uploaded"] == 2 and summary["total"] == 2
    shown = {Path(r["path"]).name for r in records}
    assert "caf\ufffd.txt" in shown
    assert any("r\ufffdsum\ufffds" in r["path"] for r in records)
    con = sqlite3.connect(home / "queue.sqlite3")
    raw = [r[0] for r in con.execute("SELECT path_raw FROM items WHERE path_raw IS NOT NULL")]
    con.close()
    assert raw == [name]  # the exact bytes, so the file can be found again


def test_links_to_files_are_sniffed_on_their_target(
    tmp_path: Path, sandbox: Sandbox, make_engine
) -> None:
    drop = tmp_path / "drop"
    real = write(drop, "notes/real.txt", text_bytes(tag="real"))
    os.symlink(real, drop / "inside-link.txt")
    outside = write(tmp_path, "elsewhere/out.txt", text_bytes(tag="out"))
    os.symlink(outside, drop / "outside-link.txt")
    named = tmp_path / "named-link.txt"
    os.symlink(outside, named)
    engine, _ = make_engine()
    items = run_batch(engine, [drop, named], Target(NONE), timeout=30)
    states = {i.name: (i.state, i.reason) for i in items}
    # sniffed as the text file it points to (then a duplicate of that same file, walked too)
    assert states["inside-link.txt"][0] in (ItemState.DONE, ItemState.DUPLICATE)
    assert {i.name: i.content_type for i in items}["inside-link.txt"] == "text/plain"
    assert states["named-link.txt"][0] is ItemState.DONE
    assert states["outside-link.txt"][0] is ItemState.SKIPPED
    assert "outside the dropped folder" in (states["outside-link.txt"][1] or "")


def test_a_drop_not_yet_scanned_is_scanned_after_a_restart(
    tmp_path: Path, sandbox: Sandbox, make_engine
) -> None:
    drop = tmp_path / "drop"
    files = [write(drop, f"f{i}.txt", text_bytes(tag=f"r{i}")) for i in range(30)]
    home = tmp_path / "home"
    first, _ = make_engine(home=home, start=False)
    batch = first.add_paths([drop], Target(NONE))  # dropped, then the app is quit at once
    first.shutdown()
    second, _ = make_engine(home=home)
    second.wait_scanned(10)
    wait_for(
        lambda: (
            len(second.batch_items(batch)) == 30
            and all(i.state is ItemState.DONE for i in second.batch_items(batch))
        ),
        timeout=30,
        what="the restarted scan to queue and send everything",
    )
    assert _received(sandbox) == Counter(sha256(f) for f in files)


def _scan_done(home: Path) -> int | None:
    con = sqlite3.connect(f"file:{home / 'queue.sqlite3'}?mode=ro", uri=True, timeout=5)
    try:
        row = con.execute("SELECT done FROM scans").fetchone()
    finally:
        con.close()
    return None if row is None else int(row[0])


def test_kill_during_the_scan_then_resume_sends_the_whole_folder(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    drop = tmp_path / "drop"
    files = [
        write(drop / f"d{i % 7}", f"f{i}.txt", text_bytes(200, tag=f"k{i}")) for i in range(1500)
    ]
    for attempt in range(3):  # the scan must still be running when the kill lands
        home = tmp_path / f"home{attempt}"
        env = cli_env(sandbox, home)
        proc = start_cli(["upload", str(drop), "--attach", "none", "--json"], env)
        wait_for(lambda: len(queue_rows(home)) > 0, what="the first rows")  # noqa: B023
        proc.send_signal(signal.SIGSTOP)
        interrupted = _scan_done(home) == 0 and len(queue_rows(home)) < len(files)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        if interrupted:
            break
    assert interrupted, "the scan always ended before the kill"
    rc, out, err = run_cli(["resume", "--json"], env, timeout=120)
    assert rc == 0, err
    _, summary = json_lines(out)
    assert summary["failed"] == 0
    assert _scan_done(home) == 1
    rows = queue_rows(home)
    assert len(rows) == len(files) and all(r["state"] == "done" for r in rows)
    received = _received(sandbox)
    assert set(received) == {sha256(f) for f in files}
