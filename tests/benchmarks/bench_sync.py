"""Figures for watched folders (printed, not asserted), each with a reference from the same run.

    python tests/benchmarks/bench_sync.py [--files 100000] [--idle-seconds 60] [--latency-files 20]

1. Stable -> upload start: a file's last write + the settle time, to the engine starting its
   upload; reference: ``engine.add_paths`` of a ready file to its upload starting.
2. Idle ``scripe-desktop sync`` watching N files: CPU over the idle window (target < 1 % of a
   core) and RSS (target <= 150 MB); reference: the same figures for an idle ``sleep``-like
   Python process (the interpreter alone).
3. Catch-up scan of N unchanged files at start (target <= 10 s); reference: ``find`` + stat of
   the same tree (``find -printf`` of size, mtime and inode), run first, page cache as it is
   (dropping it would disturb every other process on the machine); with ``--cold`` (root, Linux)
   the page cache, dentries and inodes are dropped before each of the two, as after a reboot.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scripe_desktop.engine import AttachKind, EngineConfig, ItemState, Target, UploadEngine  # noqa: E402
from scripe_desktop.engine.events import ItemChanged  # noqa: E402
from scripe_desktop.engine.watch import (  # noqa: E402
    FolderList,
    FolderSyncer,
    WatchedFolder,
    WatchIndex,
)
from scripe_desktop.engine.watch.rules import IgnoreRules, walk  # noqa: E402
from scripe_desktop.sandbox import Sandbox  # noqa: E402

KNOWLEDGE = Target(AttachKind.KNOWLEDGE)


def make_tree(root: Path, files: int, per_dir: int = 100) -> None:
    for i in range(files):
        d = root / f"d{i // per_dir:04}"
        if i % per_dir == 0:
            d.mkdir(parents=True, exist_ok=True)
        fd = os.open(d / f"f{i:06}.txt", os.O_WRONLY | os.O_CREAT, 0o644)
        os.write(fd, b"note %d\n" % i)
        os.close(fd)


def upload_starts(engine: UploadEngine) -> dict[str, float]:
    starts: dict[str, float] = {}

    def on(event: object) -> None:
        if isinstance(event, ItemChanged) and event.item.state is ItemState.UPLOADING:
            starts.setdefault(event.item.name, time.monotonic())

    engine.subscribe(on)
    return starts


def wait(pred, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark condition never came")
        time.sleep(0.005)


def bench_latency(tmp: Path, n: int, settle: float) -> None:
    with Sandbox(data_dir=tmp / "sb", job_duration=0.05) as sb:
        home = tmp / "lat-home"
        folder = tmp / "lat"
        folder.mkdir()
        FolderList(home).add(WatchedFolder(str(folder), "knowledge"))
        engine = UploadEngine(EngineConfig(home=home, api_base=sb.base_url), sb.api_key)
        starts = upload_starts(engine)
        engine.start()
        syncer = FolderSyncer(engine, home, settle=settle)
        syncer.start()
        watched, direct = [], []
        try:
            syncer.wait_idle(30)
            for i in range(n):
                name = f"w{i}.txt"
                (folder / name).write_bytes(b"watched %d\n" % i * 50)
                stable_at = time.monotonic() + settle
                wait(lambda name=name: name in starts)
                watched.append(starts[name] - stable_at)
            ready = tmp / "ready"
            ready.mkdir()
            for i in range(n):
                p = ready / f"d{i}.txt"
                p.write_bytes(b"direct %d\n" % i * 50)
                t0 = time.monotonic()
                engine.add_paths([p], KNOWLEDGE)
                wait(lambda p=p: p.name in starts)
                direct.append(starts[p.name] - t0)
        finally:
            syncer.stop()
            engine.shutdown()
    print(f"1. stable -> upload start (settle {settle:g} s, {n} files one after another)")
    print(f"   watched folder : median {1000 * statistics.median(watched):6.1f} ms, "
          f"max {1000 * max(watched):6.1f} ms")  # fmt: skip
    print(f"   add_paths (ref): median {1000 * statistics.median(direct):6.1f} ms, "
          f"max {1000 * max(direct):6.1f} ms")  # fmt: skip


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> tuple[float, float]:
    status = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024


def idle_figures(proc: subprocess.Popen, seconds: float) -> tuple[float, float, float]:
    c0, t0 = cpu_seconds(proc.pid), time.monotonic()
    time.sleep(seconds)  # the measurement window itself, not a stand-in for a condition
    c1, t1 = cpu_seconds(proc.pid), time.monotonic()
    rss, peak = rss_mb(proc.pid)
    return 100 * (c1 - c0) / (t1 - t0), rss, peak


def drop_caches() -> bool:
    """Drop the page cache, dentries and inodes (root on Linux only): a cold start's disk."""
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def bench_idle_and_scan(tmp: Path, files: int, idle: float, cold: bool = False) -> None:
    tree = tmp / "tree"
    t = time.monotonic()
    make_tree(tree, files)
    made = time.monotonic() - t
    cache = "cold" if cold and drop_caches() else "warm"
    t = time.monotonic()
    out = subprocess.run(["find", str(tree), "-type", "f", "-printf", "%s %T@ %i\n"],
                         capture_output=True, check=True)  # fmt: skip
    find_s = time.monotonic() - t
    assert out.stdout.count(b"\n") == files

    home = tmp / "home"
    rules = IgnoreRules()
    t = time.monotonic()
    index = WatchIndex(home)
    index.baseline(str(tree), [(rel, st) for rel, st in walk(tree, rules) if st.size])
    index.close()
    baseline_s = time.monotonic() - t
    FolderList(home).add(WatchedFolder(str(tree), "knowledge"))

    class NoEngine:  # the scan is measured alone: nothing is new, nothing is uploaded
        def subscribe(self, cb):
            return lambda: None

        def items(self):
            return []

    syncer = FolderSyncer(NoEngine(), home, watch_events=False)
    syncer._reload_settings()
    if cache == "cold":
        drop_caches()
    t = time.monotonic()
    syncer._rescan(str(tree), "bench")
    scan_s = time.monotonic() - t
    assert len(syncer.settler) == 0, "an unchanged tree must need nothing"
    syncer.index.close()

    with Sandbox(data_dir=tmp / "sb2") as sb:
        env = {**os.environ, "SCRIPE_DESKTOP_HOME": str(home), "SCRIPE_API_BASE": sb.base_url,
               "SCRIPE_API_KEY": sb.api_key}  # fmt: skip
        proc = subprocess.Popen(
            [sys.executable, "-m", "scripe_desktop", "sync"],
            env=env,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert "Press Ctrl-C" in (proc.stderr.readline() or "")
            start_cpu = cpu_seconds(proc.pid)
            time.sleep(5)  # let the start rescan and inotify set-up finish before measuring
            startup_cpu = cpu_seconds(proc.pid) - start_cpu
            cpu, rss, peak = idle_figures(proc, idle)
        finally:
            proc.terminate()
            proc.wait(30)
        ref = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
        try:
            time.sleep(0.5)
            ref_cpu, ref_rss, ref_peak = idle_figures(ref, min(idle, 10))
        finally:
            ref.kill()
            ref.wait()
    dirs = (files + 99) // 100
    print(f"2. idle `scripe-desktop sync` watching {files:,} files in {dirs:,} folders "
          f"({idle:g} s window)")  # fmt: skip
    print(f"   sync           : CPU {cpu:5.2f} % of a core, RSS {rss:6.1f} MB (peak {peak:.1f})"
          f"; first 5 s after start: {startup_cpu:.2f} CPU s")  # fmt: skip
    print(f"   python (ref)   : CPU {ref_cpu:5.2f} % of a core, RSS {ref_rss:6.1f} MB "
          f"(peak {ref_peak:.1f})")  # fmt: skip
    print(f"3. catch-up scan of {files:,} unchanged files, page cache {cache} for both")
    print(f"   syncer rescan  : {scan_s:6.2f} s")
    print(f"   find+stat (ref): {find_s:6.2f} s   (tree made in {made:.1f} s, "
          f"index baseline in {baseline_s:.1f} s)")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--idle-seconds", type=float, default=60.0)
    ap.add_argument("--latency-files", type=int, default=20)
    ap.add_argument("--settle", type=float, default=1.0)
    ap.add_argument("--cold", action="store_true", help="drop the caches before find and scan")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as d:
        tmp = Path(d)
        bench_latency(tmp, args.latency_files, args.settle)
        bench_idle_and_scan(tmp, args.files, args.idle_seconds, args.cold)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
