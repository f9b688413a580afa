"""A watched folder as people fill it: real files, real inotify (and forced polling), the
sandbox's records as the evidence. Each test runs with change notices and with polling."""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path

import pytest

from scripe_desktop.sandbox import Sandbox
from tests.samples import text_bytes

from .conftest import attached, names, sha, wait_for, wait_names

MODES = ["events", "polling"]


def _kw(mode: str) -> dict[str, object]:
    return {"force_polling": mode == "polling", "poll_seconds": 0.2}


def _settled(syncer, sb: Sandbox, expected: dict[str, int]) -> None:
    """The sentinel arrived and the watcher has nothing left: now counts are final."""
    wait_names(sb, expected)
    assert syncer.wait_idle(20), "the watcher never went idle"


@pytest.mark.parametrize("mode", MODES)
def test_a_slowly_written_file_is_uploaded_once_with_its_final_bytes(
    watched: Path, sandbox: Sandbox, make_syncer, mode: str
) -> None:
    syncer = make_syncer(watched, settle=0.8, **_kw(mode))
    data = text_bytes(1200, tag="slow")
    step = len(data) // 12 + 1
    target = watched / "recording.txt"
    with open(target, "wb") as fh:  # 12 writes over ~2.4 s, each well inside the settle time
        for i in range(12):
            fh.write(data[i * step : (i + 1) * step])
            fh.flush()
            time.sleep(0.2)
    _settled(syncer, sandbox, {"recording.txt": 1})
    got = [a for a in attached(sandbox) if a["name"] == "recording.txt"]
    assert len(got) == 1
    assert got[0]["sha256"] == sha(data), "the upload holds the final bytes, never a partial"


@pytest.mark.parametrize("mode", MODES)
def test_lock_files_partial_downloads_and_temp_names_are_never_uploaded(
    watched: Path, sandbox: Sandbox, make_syncer, mode: str
) -> None:
    syncer = make_syncer(watched, **_kw(mode))
    junk = [
        "~$report.docx",
        ".~lock.notes.odt#",
        "movie.mp4.part",
        "photo.jpg.crdownload",
        "big.zip.download",
        "song.mp3.partial",
        "x.filepart",
        "draft.txt.tmp",
        "~WRL0001.tmp",
        "notes.txt~",
        ".notes.txt.swp",
        ".#notes.txt",
        ".DS_Store",
        "Thumbs.db",
        "desktop.ini",
        "._photo.jpg",
        ".hidden.txt",
        "Icon\r",
    ]
    for name in junk:
        (watched / name).write_bytes(text_bytes(20, tag=name))
    (watched / ".Trashes").mkdir()
    (watched / ".Trashes" / "old.txt").write_bytes(text_bytes(20, tag="trash"))
    (watched / "$RECYCLE.BIN").mkdir()
    (watched / "$RECYCLE.BIN" / "gone.txt").write_bytes(text_bytes(20, tag="bin"))
    # an open Word document: its lock file beside it holds it back until it is closed
    (watched / "~$ntract.txt").write_bytes(b"lock")
    (watched / "contract.txt").write_bytes(text_bytes(30, tag="contract"))
    (watched / "sentinel.txt").write_bytes(text_bytes(20, tag="sentinel"))
    wait_names(sandbox, {"sentinel.txt": 1})
    assert set(names(sandbox)) == {"sentinel.txt"}, "no junk and no open document uploaded"
    (watched / "~$ntract.txt").unlink()  # the document is closed
    _settled(syncer, sandbox, {"contract.txt": 1})
    assert set(names(sandbox)) == {"sentinel.txt", "contract.txt"}


@pytest.mark.parametrize("mode", MODES)
def test_rename_and_move_do_not_upload_again(
    watched: Path, sandbox: Sandbox, make_syncer, mode: str
) -> None:
    syncer = make_syncer(watched, **_kw(mode))
    (watched / "a.txt").write_bytes(text_bytes(30, tag="a"))
    (watched / "sub").mkdir()
    (watched / "sub" / "b.txt").write_bytes(text_bytes(30, tag="b"))
    _settled(syncer, sandbox, {"a.txt": 1, "b.txt": 1})
    os.rename(watched / "a.txt", watched / "renamed.txt")
    (watched / "other").mkdir()
    os.rename(watched / "sub" / "b.txt", watched / "other" / "b.txt")  # a move
    os.rename(watched / "sub", watched / "sub-renamed")  # a folder rename
    (watched / "sentinel.txt").write_bytes(text_bytes(20, tag="s"))
    _settled(syncer, sandbox, {"sentinel.txt": 1})
    assert names(sandbox) == {"a.txt": 1, "b.txt": 1, "sentinel.txt": 1}


@pytest.mark.parametrize("mode", MODES)
def test_edits_upload_one_new_version_per_settled_change(
    watched: Path, sandbox: Sandbox, make_syncer, mode: str
) -> None:
    syncer = make_syncer(watched, settle=0.6, **_kw(mode))
    f = watched / "notes.txt"
    v1 = text_bytes(30, tag="v1")
    f.write_bytes(v1)
    _settled(syncer, sandbox, {"notes.txt": 1})
    v2 = b""
    for i in range(5):  # five quick saves: one settled change
        v2 = text_bytes(30 + i, tag=f"v2-{i}")
        f.write_bytes(v2)
        time.sleep(0.05)
    _settled(syncer, sandbox, {"notes.txt": 2})
    os.utime(f)  # touched, same content: not a new version
    (watched / "sentinel.txt").write_bytes(text_bytes(20, tag="s"))
    _settled(syncer, sandbox, {"sentinel.txt": 1})
    got = [a["sha256"] for a in attached(sandbox) if a["name"] == "notes.txt"]
    assert got == [sha(v1), sha(v2)]


@pytest.mark.parametrize("mode", MODES)
def test_atomic_save_is_uploaded_once_under_its_final_name(
    watched: Path, sandbox: Sandbox, make_syncer, mode: str
) -> None:
    syncer = make_syncer(watched, **_kw(mode))
    data = text_bytes(40, tag="atomic")
    for temp in (".report.txt.swp", "report.txt.tmp", "report.txt.Ab3xYz"):
        (watched / temp).write_bytes(data[:100])  # the editor's temporary copy, half-written
        with open(watched / temp, "ab") as fh:
            fh.write(data[100:])
        os.replace(watched / temp, watched / "report.txt")
    _settled(syncer, sandbox, {"report.txt": 1})
    (watched / "sentinel.txt").write_bytes(text_bytes(20, tag="s"))
    _settled(syncer, sandbox, {"sentinel.txt": 1})
    assert names(sandbox) == {"report.txt": 1, "sentinel.txt": 1}
    assert attached(sandbox)[0]["sha256"] == sha(data)


def test_on_change_ignore_keeps_the_first_version(
    watched: Path, sandbox: Sandbox, make_syncer
) -> None:
    syncer = make_syncer(watched, on_change="ignore")
    f = watched / "notes.txt"
    f.write_bytes(text_bytes(30, tag="v1"))
    _settled(syncer, sandbox, {"notes.txt": 1})
    f.write_bytes(text_bytes(31, tag="v2"))
    (watched / "sentinel.txt").write_bytes(text_bytes(20, tag="s"))
    _settled(syncer, sandbox, {"sentinel.txt": 1})
    assert names(sandbox) == {"notes.txt": 1, "sentinel.txt": 1}


def test_deleting_a_file_deletes_nothing_in_scripe(
    watched: Path, sandbox: Sandbox, make_syncer
) -> None:
    syncer = make_syncer(watched)
    (watched / "keep.txt").write_bytes(text_bytes(30, tag="k"))
    _settled(syncer, sandbox, {"keep.txt": 1})
    (watched / "keep.txt").unlink()
    syncer.rescan(None, "test")
    (watched / "sentinel.txt").write_bytes(text_bytes(20, tag="s"))
    _settled(syncer, sandbox, {"sentinel.txt": 1})
    assert names(sandbox)["keep.txt"] == 1
    deletes = [r for r in sandbox.records()["api_requests"] if r.get("method") == "DELETE"]
    assert deletes == []


@pytest.mark.timeout(700)
@pytest.mark.parametrize(("mode", "count"), [("events", 5000), ("polling", 1000)])
def test_a_burst_of_files_created_in_one_second_all_arrive(
    watched: Path, sandbox: Sandbox, make_syncer, mode: str, count: int
) -> None:
    """5,000 with change notices; polling walks the same code, so 1,000 keep CI short."""
    syncer = make_syncer(watched, settle=0.5, **_kw(mode))
    for i in range(count):  # about a second here (more when the machine is busy)
        fd = os.open(watched / f"f{i:04}.txt", os.O_WRONLY | os.O_CREAT, 0o644)
        os.write(fd, b"burst %d\n" % i * 3)
        os.close(fd)
    # ~1 min on an idle 2-core machine; the engine and the sandbox are the slow part here
    wait_for(lambda: len(sandbox.state.attachments) >= count, 600, f"{count} attachments")
    assert syncer.wait_idle(60)
    assert names(sandbox) == {f"f{i:04}.txt": 1 for i in range(count)}


def test_when_the_os_refuses_more_watches_the_folder_is_polled_and_says_so(
    watched: Path, sandbox: Sandbox, make_syncer
) -> None:
    class NoWatchesLeft:
        """An observer that fails like inotify at fs.inotify.max_user_watches (errno 28).
        Injected: lowering the real limit would break every other process on the machine."""

        def schedule(self, *args: object, **kw: object) -> None:
            raise OSError(errno.ENOSPC, "inotify watch limit reached")

        def stop(self) -> None: ...

        def is_alive(self) -> bool:
            return False

    notices: list[tuple[str, str]] = []
    lock = threading.Lock()

    def notice(kind: str, text: str) -> None:
        with lock:
            notices.append((kind, text))

    syncer = make_syncer(
        watched, observer_factory=NoWatchesLeft, poll_seconds=0.2, on_notice=notice
    )
    (watched / "late.txt").write_bytes(text_bytes(20, tag="late"))
    _settled(syncer, sandbox, {"late.txt": 1})
    [status] = syncer.status()
    assert status.mode == "polling"
    assert "limit on watched folders" in (status.reason or "")
    assert notices and notices[0][0] == "polling" and "watched" in notices[0][1]
