"""Throughput and memory of 1 GiB of presigned PUTs into the sandbox's storage.

Run: ``python tests/benchmarks/bench_sandbox_put.py [--mib 1024]``

The sandbox runs in a subprocess (its RSS is what we measure, from /proc/<pid>/status). The
largest cap is 500 MiB (audio), so 1 GiB goes as consecutive PUTs of at most the cap, each a
generator of 1 MiB chunks with an explicit Content-Length (the client's recipe).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from scripe_desktop import contract

CHUNK = 1024 * 1024


def rss_kib(pid: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            out[name] = int(value.split()[0])
    return out


def body(size: int) -> Iterator[bytes]:
    block = bytes(range(256)) * (CHUNK // 256)
    left = size
    while left:
        n = min(CHUNK, left)
        yield block[:n]
        left -= n


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mib", type=int, default=1024, help="total MiB to PUT (default 1024)")
    args = ap.parse_args()
    total = args.mib * CHUNK
    with tempfile.TemporaryDirectory(prefix="sandbox-bench-") as data_dir:
        proc = subprocess.Popen(
            [sys.executable, "-m", "scripe_desktop.sandbox", "--port", "0", "--data-dir", data_dir],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().rsplit(" ", 1)[1].strip()
            key = proc.stdout.readline().removeprefix("API key:").strip()
            api = httpx.Client(
                base_url=url,
                headers={
                    "Authorization": f"Bearer {key}",
                    "Scripe-Api-Version": contract.API_VERSION,
                },
            )
            storage = httpx.Client(timeout=120)
            api.get("/v1/workspaces/me")  # warm up: imports and first request done
            before = rss_kib(proc.pid)
            sent, elapsed = 0, 0.0
            while sent < total:
                size = min(contract.AUDIO.cap_bytes, total - sent)
                up = api.post(
                    "/v1/uploads", json={"contentType": "audio/mpeg", "maxSizeBytes": size}
                )
                up.raise_for_status()
                data = up.json()["data"]
                started = time.perf_counter()
                r = storage.put(
                    data["uploadUrl"],
                    content=body(size),
                    headers={"Content-Type": "audio/mpeg", "Content-Length": str(size)},
                )
                elapsed += time.perf_counter() - started
                r.raise_for_status()
                sent += size
            after = rss_kib(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"PUT {sent / CHUNK:.0f} MiB in {elapsed:.2f} s: {sent / elapsed / 1e9:.2f} GB/s")
    rss_before, rss_after = before["VmRSS"] / 1024, after["VmRSS"] / 1024
    print(
        f"sandbox RSS before {rss_before:.1f} MiB, after {rss_after:.1f} MiB,"
        f" peak (VmHWM) {after['VmHWM'] / 1024:.1f} MiB;"
        f" growth of peak over start {(after['VmHWM'] - before['VmRSS']) / 1024:.1f} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
