"""How long a frozen storage server holds a file before the engine retries its PUT.

The sandbox takes the PUT and reads no byte of it (``faults.hold``); we time from the moment
it is held to the moment a second PUT for the same file arrives. Run with the old stall timeout
(60 s, the baseline) and the new one (30 s) in the same run:

    .venv/bin/python tests/benchmarks/bench_stall.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from scripe_desktop.engine import AttachKind, EngineConfig, Target, UploadEngine
from scripe_desktop.sandbox import Sandbox

MIB = 1024 * 1024


def measure(stall_timeout: float, size: int) -> float:
    with tempfile.TemporaryDirectory() as tmp, Sandbox(job_duration=0.1) as sb:
        f = Path(tmp) / "frozen.txt"
        f.write_bytes((b"frozen server line\n" * (size // 19 + 1))[:size])
        hold = sb.faults.hold("PUT storage")
        config = EngineConfig(
            home=Path(tmp) / "home", api_base=sb.base_url, stall_timeout=stall_timeout
        )
        engine = UploadEngine(config, sb.api_key)
        engine.start()
        try:
            engine.add_paths([f], Target(AttachKind.KNOWLEDGE))
            assert hold.wait_held(1, timeout=30)
            t0 = time.monotonic()
            while len(sb.records()["storage_requests"]) < 1:  # the retried PUT is logged
                time.sleep(0.05)
                if time.monotonic() - t0 > 300:
                    raise RuntimeError("no retry within 300 s")
            return time.monotonic() - t0
        finally:
            hold.release()
            engine.shutdown()


def main() -> None:
    print(f"machine load: {os.getloadavg()} (2 cores shared by several helpers)")
    for size in (64 * 1024, 8 * MIB):
        for label, timeout in (("before (60 s)", 60.0), ("after (30 s)", 30.0)):
            seconds = measure(timeout, size)
            kib = size // 1024
            print(f"{kib:>6} KiB  stall timeout {label:14}: retried after {seconds:5.1f} s")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
