"""``python -m scripe_desktop.sandbox``: run the sandbox in the foreground until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from .. import contract
from .sandbox import Sandbox

DEFAULT_PORT = 8765


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m scripe_desktop.sandbox",
        description="A strict local stand-in for the Scripe API and its S3 storage (127.0.0.1).",
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="0 picks a free port")
    p.add_argument(
        "--data-dir", type=Path, default=None, help="default: a temp dir, removed at exit"
    )
    p.add_argument(
        "--job-duration", type=float, default=3.0, help="seconds a job takes (default 3)"
    )
    p.add_argument("--projects", type=int, default=3, help="projects in the workspace (default 3)")
    p.add_argument("--key", default=None, help="use this test key instead of a random one")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.key is not None and not contract.is_valid_key_format(args.key):
        print("--key must look like scripe_sk_test_<8 or more letters or digits>", file=sys.stderr)
        return 2
    if args.data_dir is not None:
        args.data_dir.mkdir(parents=True, exist_ok=True)
    sandbox = Sandbox(
        data_dir=args.data_dir,
        port=args.port,
        job_duration=args.job_duration,
        project_count=args.projects,
        api_key=args.key,
    )
    try:
        sandbox.start()
    except OSError as exc:
        print(f"cannot listen on 127.0.0.1:{args.port}: {exc}", file=sys.stderr)
        return 1
    stopping = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, _stop)
    url = sandbox.base_url
    print(f"Scripe sandbox listening on {url}")
    print(f"API key: {sandbox.api_key}")
    print(f"Data dir: {sandbox.data_dir}")
    print("Try:")
    print(
        f"  curl -H 'Authorization: Bearer {sandbox.api_key}' "
        f"-H 'Scripe-Api-Version: {contract.API_VERSION}' {url}/v1/workspaces/me"
    )
    print(f"  Point Scripe Desktop's API base at {url} and paste the key above.")
    print(f"  Everything the sandbox saw: curl {url}/_sandbox/records")
    print("Press Ctrl-C to stop.", flush=True)
    try:
        while not stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()
    print("Scripe sandbox stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
