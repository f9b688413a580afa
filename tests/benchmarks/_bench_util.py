"""Helpers for ``bench_engine.py``: test data, a sandbox and an nginx sink in their own processes,
curl runners, and the child processes that measure peak RSS.

Run as a script only by ``bench_engine.py`` (``python _bench_util.py rss-engine|rss-put ...``).
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from scripe_desktop import contract

MIB = 1024 * 1024
PY = sys.executable
# An ISO-BMFF "ftyp" box: libmagic calls the file video/mp4, which the API accepts up to 500 MB.
MP4_HEADER = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
WORDS = ["alpha", "beta", "gamma", "scripe", "upload", "queue", "sandbox", "engine", "bytes"]


def run_bounded(cmd: list[str], timeout: float, **kw: object) -> subprocess.CompletedProcess:
    """subprocess.run with a timeout and captured text output; raises on a non-zero exit."""
    return subprocess.run(cmd, timeout=timeout, check=True, capture_output=True, text=True, **kw)


# --- test data ---------------------------------------------------------------------------------


def write_big_file(path: Path, size: int) -> Path:
    """``size`` bytes of incompressible data (one random MiB repeated) behind an mp4 header."""
    block = os.urandom(MIB)
    with open(path, "wb") as fh:
        fh.write(MP4_HEADER)
        left = size - len(MP4_HEADER)
        while left > 0:
            n = min(left, MIB)
            fh.write(block[:n])
            left -= n
    return path


def write_text_files(folder: Path, count: int, lo: int = 2048, hi: int = 20480) -> list[Path]:
    """``count`` distinct plain-text files of ``lo``..``hi`` bytes (libmagic: text/plain)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(1234)
    lines = (" ".join(rng.choices(WORDS, k=12)) for _ in range(4 * hi // 60))
    corpus = "\n".join(lines)
    paths = []
    for i in range(count):
        size = rng.randint(lo, hi)
        offset = rng.randrange(len(corpus) - hi)
        path = folder / f"f{i:05d}.txt"
        path.write_text((f"file {i}\n" + corpus[offset : offset + size])[:size])
        paths.append(path)
    return paths


# --- processes -------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """user + system CPU seconds of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def stop_process(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@dataclass
class SandboxProc:
    base_url: str
    api_key: str
    data_dir: Path
    pid: int
    project_id: str = ""

    def cpu(self) -> float:
        return cpu_seconds(self.pid)

    def api(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.base_url,
            timeout=30,
            headers={
                "Authorization": f"Bearer {self.api_key}",
                "Scripe-Api-Version": contract.API_VERSION,
            },
        )

    def mint(self, api: httpx.Client, content_type: str, size: int) -> tuple[str, str]:
        """A fresh presigned PUT URL: (upload id, URL)."""
        resp = api.post(
            "/v1/uploads",
            json={"contentType": content_type, "maxSizeBytes": size},
            headers={"Idempotency-Key": f"bench_{os.urandom(12).hex()}"},
        )
        resp.raise_for_status()
        data = resp.json()["data"]
        return data["id"], data["uploadUrl"]

    def records(self) -> dict:
        return httpx.get(f"{self.base_url}/_sandbox/records", timeout=60).json()

    def drop_objects(self) -> None:
        """Delete stored objects (the benchmark's own temp data) so disk use stays bounded."""
        for p in (self.data_dir / "objects").glob("*"):
            p.unlink(missing_ok=True)


@contextlib.contextmanager
def sandbox_process(root: Path, job_duration: float = 0.05) -> Iterator[SandboxProc]:
    """``python -m scripe_desktop.sandbox`` in its own process (its CPU is not ours)."""
    data_dir = Path(tempfile.mkdtemp(prefix="sandbox-", dir=root))
    cmd = [
        PY,
        "-m",
        "scripe_desktop.sandbox",
        "--port",
        "0",
        "--data-dir",
        str(data_dir),
        "--job-duration",
        str(job_duration),
        "--projects",
        "1",
    ]
    out = data_dir.parent / f"{data_dir.name}.out"
    with open(out, "wb") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT)
    try:
        text = ""
        deadline = time.monotonic() + 20
        while "Press Ctrl-C" not in text and proc.poll() is None:
            if time.monotonic() > deadline:
                break
            time.sleep(0.02)
            text = out.read_text()
        url, key = re.search(r"listening on (\S+)", text), re.search(r"API key: (\S+)", text)
        if not (url and key):
            raise RuntimeError(f"the sandbox did not start: {text[-500:]}")
        sb = SandboxProc(url.group(1), key.group(1), data_dir, proc.pid)
        with sb.api() as api:
            sb.project_id = api.get("/v1/projects").json()["data"][0]["id"]
        yield sb
    finally:
        stop_process(proc)
        shutil.rmtree(data_dir, ignore_errors=True)
        out.unlink(missing_ok=True)


NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 64; }}
http {{
  log_format sink '$request_method $status $request_time';
  access_log {d}/access.log sink;
  client_body_temp_path {d}/body;
  client_max_body_size 0;
  client_body_buffer_size 1m;
  server {{
    listen 127.0.0.1:{port};
    location / {{ return 200; }}
  }}
}}
"""


@dataclass
class NginxSink:
    port: int
    folder: Path
    pid: int
    logged: int = 0

    def cpu(self) -> float:
        """CPU seconds used so far by nginx's worker(s)."""
        kids = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        return sum(cpu_seconds(int(k)) for k in kids)

    def url_for(self, presigned: str) -> str:
        """The same presigned path and query, sent to the sink instead of the sandbox."""
        parts = urlsplit(presigned)
        return urlunsplit(("http", f"127.0.0.1:{self.port}", parts.path, parts.query, ""))

    def last_request_time(self, timeout: float = 10.0) -> float:
        """nginx's $request_time for the next logged request; nginx logs a request only once
        it has drained the whole body, which may be a moment after the client has sent it."""
        self.logged += 1
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines = (self.folder / "access.log").read_text().splitlines()
            if len(lines) >= self.logged:
                return float(lines[self.logged - 1].split()[-1])
            time.sleep(0.01)
        raise RuntimeError("nginx did not log the request: was the body drained?")


def ensure_nginx() -> str:
    exe = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not exe:
        print("nginx missing: apt-get install -y nginx-light", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run_bounded(["apt-get", "install", "-y", "nginx-light"], 600, env=env)
        exe = shutil.which("nginx") or "/usr/sbin/nginx"
    return exe


@contextlib.contextmanager
def nginx_sink(root: Path) -> Iterator[NginxSink]:
    """nginx on 127.0.0.1 answering every PUT with 200 and reading (discarding) the body."""
    exe = ensure_nginx()
    folder = Path(tempfile.mkdtemp(prefix="nginx-", dir=root))
    (folder / "body").mkdir()
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(d=folder, port=port))
    cmd = [exe, "-c", str(conf), "-p", str(folder), "-e", str(folder / "error.log")]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(port)
        yield NginxSink(port, folder, proc.pid)
    finally:
        stop_process(proc, signal.SIGQUIT)  # graceful: the master reaps its worker
        shutil.rmtree(folder, ignore_errors=True)


# --- clients other than the engine --------------------------------------------------------


def curl_put(url: str, path: Path, content_type: str) -> float:
    """``curl -T`` (Content-Length from the file, never chunked); curl's own time_total."""
    out = run_bounded(
        [
            "curl",
            "-sS",
            "-o",
            "/dev/null",
            "-T",
            str(path),
            "-H",
            f"Content-Type: {content_type}",
            "-w",
            "%{http_code} %{size_upload} %{time_total}",
            url,
        ],
        600,
    ).stdout.split()
    if out[0] != "200" or int(out[1]) != path.stat().st_size:
        raise RuntimeError(f"curl PUT failed: {out}")
    return float(out[2])


# One file: mint (curl POST + jq), PUT (curl -T), attach (curl POST), with Idempotency-Keys.
CURL_PIPELINE = r"""#!/bin/bash
set -euo pipefail
f=$1; size=$(stat -c %s "$f"); name=${f##*/}
H=(-H "Authorization: Bearer $SCRIPE_API_KEY" -H "Scripe-Api-Version: $API_VERSION"
   -H "Content-Type: application/json")
read -r uuid < /proc/sys/kernel/random/uuid
resp=$(curl -sS -f -X POST "$API_BASE/v1/uploads" "${H[@]}" -H "Idempotency-Key: mint_${uuid//-/}" \
  -d "{\"contentType\":\"text/plain\",\"maxSizeBytes\":$size}")
read -r id url < <(jq -r '.data.id + " " + .data.uploadUrl' <<<"$resp")
curl -sS -f -o /dev/null -T "$f" -H "Content-Type: text/plain" "$url"
read -r uuid < /proc/sys/kernel/random/uuid
curl -sS -f -o /dev/null -X POST "$API_BASE/v1/sources" "${H[@]}" \
  -H "Idempotency-Key: att_${uuid//-/}" \
  -d "{\"type\":\"file\",\"projectId\":\"$PROJECT_ID\",\"uploadId\":\"$id\",\"name\":\"$name\"}"
"""


def curl_pipeline(sb: SandboxProc, folder: Path, workers: int, timeout: float) -> float:
    """``find | xargs -P workers`` running :data:`CURL_PIPELINE` per file; wall seconds."""
    script = folder.parent / "curl_pipeline.sh"
    script.write_text(CURL_PIPELINE)
    env = {
        **os.environ,
        "SCRIPE_API_KEY": sb.api_key,
        "API_BASE": sb.base_url,
        "API_VERSION": contract.API_VERSION,
        "PROJECT_ID": sb.project_id,
    }
    cmd = f"find {folder} -type f -print0 | xargs -0 -n 1 -P {workers} bash {script}"
    start = time.perf_counter()
    run_bounded(["bash", "-o", "pipefail", "-c", cmd], timeout, env=env)
    return time.perf_counter() - start


def file_mime_scan(folder: Path, timeout: float) -> float:
    cmd = f"find {folder} -type f -print0 | xargs -0 file --mime-type -b > /dev/null"
    start = time.perf_counter()
    run_bounded(["bash", "-o", "pipefail", "-c", cmd], timeout)
    return time.perf_counter() - start


# --- peak RSS in a fresh process -------------------------------------------------------------


def vm_hwm_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def rss_child(args: list[str], env: dict[str, str], timeout: float = 300) -> int:
    """Run this file as ``args`` in a fresh interpreter; its VmHWM in KiB."""
    out = run_bounded([PY, __file__, *args], timeout, env={**os.environ, **env}).stdout
    return int(out.strip().splitlines()[-1])


def _child_main(argv: list[str]) -> None:
    """``rss-put URL PATH`` or ``rss-engine API_BASE PROJECT PATH`` (key in SCRIPE_API_KEY)."""
    from scripe_desktop.api import StorageClient

    if argv[0] == "rss-put":
        path = Path(argv[2])
        client = StorageClient()
        client.put_file(argv[1], path, "video/mp4", path.stat().st_size)
        client.close()
    else:
        sys.path.insert(0, str(Path(__file__).parent))
        from bench_engine import run_engine  # the same code path the benchmark times

        with tempfile.TemporaryDirectory(prefix="rss-home-") as home:
            _, states = run_engine(
                Path(home),
                argv[1],
                os.environ["SCRIPE_API_KEY"],
                argv[2],
                [Path(argv[3])],
                concurrency=1,
                timeout=240,
            )
        if states != {"processing": 1}:
            raise SystemExit(f"engine upload did not attach: {states}")
    print(vm_hwm_kib())


if __name__ == "__main__":
    _child_main(sys.argv[1:])
