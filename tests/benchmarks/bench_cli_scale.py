"""CLI throughput and memory against queue size (issue 11 items 13 and 14). Printed, not asserted.

    .venv/bin/python tests/benchmarks/bench_cli_scale.py [--small 1000] [--large 20000]

Each figure is one ``scripe-desktop upload FOLDER --attach knowledge --json`` of tiny distinct
text files against a sandbox in its own process, in a fresh SCRIPE_DESKTOP_HOME: files/s over
the whole run (scan, mint, PUT, attach; with ``--wait`` until every job is DONE) and the CLI's
peak RSS (``wait4`` ru_maxrss). Targets: the large rate >= 0.9 x the small rate, peak RSS for
the large run <= 120 MB, and with ``--wait`` <= 2 x without. Also the sandbox's garbage
collection per API request at 15,000 uploads, against the old full scan (baseline, same run).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _bench_util import PY, sandbox_process


def write_tiny(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        sub = folder / f"d{i // 1000:03}"
        sub.mkdir(exist_ok=True)
        (sub / f"f{i:06}.txt").write_bytes(f"tiny file number {i} for the scale run\n".encode())


def cli_run(sb, folder: Path, wait: bool, timeout: float) -> tuple[float, int, int]:
    """(seconds, peak RSS KiB, exit code) of one upload run in a fresh home."""
    home = Path(tempfile.mkdtemp(prefix="scale-home-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SCRIPE_")},
        "SCRIPE_DESKTOP_HOME": str(home),
        "SCRIPE_API_BASE": sb.base_url,
        "SCRIPE_API_KEY": sb.api_key,
    }
    args = [PY, "-m", "scripe_desktop", "upload", str(folder), "--attach", "knowledge", "--json"]
    if wait:
        args.append("--wait")
    start = time.monotonic()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            raise SystemExit(f"CLI run did not end within {timeout:.0f} s")
        time.sleep(0.05)
    seconds = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        print(proc.stderr.read().decode()[-2000:] if proc.stderr else "", file=sys.stderr)
    return seconds, usage.ru_maxrss, proc.returncode


def gc_figures(uploads: int = 15_000, calls: int = 200) -> tuple[float, float]:
    """(ms per collect_garbage now, ms per the old full scan) with ``uploads`` recent uploads."""
    from scripe_desktop.sandbox.clock import Clock
    from scripe_desktop.sandbox.faults import Faults
    from scripe_desktop.sandbox.state import UPLOAD_TTL, State, Upload

    root = Path(tempfile.mkdtemp(prefix="gc-"))
    state = State(Clock(), Faults(), root, 0.1, 1)
    now = state.clock.now()
    for i in range(uploads):
        state.add_upload(Upload(f"upl_{i}", "ws", "text/plain", 10, now, now + 900, "b", f"k{i}"))

    def old_scan() -> None:  # what ran on every request before (the baseline)
        t = state.clock.now()
        with state.lock:
            for up in state.uploads.values():
                if up.collected or up.attached_to or t - up.minted_at < UPLOAD_TTL:
                    continue
            for _scope, entry in list(state.idempotency.items()):
                if t - entry.stored_at >= UPLOAD_TTL:
                    pass

    def per_call(fn) -> float:
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        return (time.perf_counter() - t0) / calls * 1000

    return per_call(state.collect_garbage), per_call(old_scan)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=20000)
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} (shared, loaded)")
    now_ms, old_ms = gc_figures()
    print(
        f"sandbox GC per API request at 15,000 uploads: {now_ms:.3f} ms (old scan {old_ms:.2f} ms)"
    )
    root = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    folders = {}
    for n in (args.small, args.large):
        folders[n] = root / f"files-{n}"
        write_tiny(folders[n], n)
    results: dict[tuple[int, bool], tuple[float, int]] = {}
    with sandbox_process(root, job_duration=0.2) as sb:
        for wait in (False, True):
            for n in (args.small, args.large):
                seconds, rss, rc = cli_run(sb, folders[n], wait, args.timeout)
                results[(n, wait)] = (n / seconds, rss)
                flag = " --wait" if wait else ""
                print(
                    f"upload {n:>6} tiny files{flag:7}: {seconds:7.1f} s, {n / seconds:6.1f} "
                    f"files/s, peak RSS {rss / 1024:6.1f} MB, exit {rc}",
                    flush=True,
                )
                sb.drop_objects()
    for wait in (False, True):
        small, large = results[(args.small, wait)][0], results[(args.large, wait)][0]
        flag = "with --wait" if wait else "without --wait"
        print(
            f"{flag}: {args.large} rate / {args.small} rate = {large / small:.2f} (target >= 0.9)"
        )
    rss_nowait, rss_wait = results[(args.large, False)][1], results[(args.large, True)][1]
    print(
        f"peak RSS {args.large}: {rss_nowait / 1024:.1f} MB (target <= 120), with --wait "
        f"{rss_wait / 1024:.1f} MB = {rss_wait / rss_nowait:.2f} x (target <= 2)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
