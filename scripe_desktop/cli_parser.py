"""The command line's argument parser: every command, option and help text in one place."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from . import __version__


def parse_rate(text: str) -> int:
    """``500K``, ``2M``, ``1.5MB``, ``800000`` -> bytes per second."""
    m = re.fullmatch(r"\s*([\d.]+)\s*([kmg]?)i?b?(?:/s)?\s*", text.lower())
    if not m:
        raise argparse.ArgumentTypeError(f"not a rate: {text!r} (try 500K or 2M)")
    scale = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m.group(2)]
    try:
        rate = int(float(m.group(1)) * scale)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a rate: {text!r} (try 500K or 2M)") from None
    if rate < 1:
        raise argparse.ArgumentTypeError(
            f"the rate must be at least 1 byte per second (got {text!r}); leave --limit-rate "
            "out for no limit"
        )
    return rate


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="scripe-desktop", description="Upload files to Scripe.")
    p.add_argument("--sandbox", action="store_true", help="open the app on a local sandbox")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--verbose", "-v", action="store_true", help="log details to stderr")
    common = argparse.ArgumentParser(add_help=False)  # -v works after the command too
    common.add_argument("--verbose", "-v", action="store_true", default=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command")

    up = sub.add_parser("upload", help="upload files or folders", parents=[common])
    up.add_argument("paths", nargs="+", type=Path)
    up.add_argument(
        "--attach",
        choices=["source", "knowledge", "none"],
        default="source",
        help="where files go; 'none' only uploads them: Scripe deletes an upload that is not "
        "attached within 24 h (the desktop window does not offer it)",
    )
    up.add_argument("--project", help="project id (proj_…) for sources or project knowledge")
    up.add_argument("--concurrency", type=int, default=4)
    up.add_argument("--limit-rate", type=parse_rate, default=None, help="e.g. 500K or 2M")
    up.add_argument("--wait", action="store_true", help="wait for processing in Scripe to end")
    up.add_argument("--json", action="store_true", help="one JSON object per file")
    up.add_argument("--force", action="store_true", help="send files already uploaded")
    up.add_argument("--api-base", default=None)

    res = sub.add_parser("resume", help="finish what the queue holds", parents=[common])
    res.add_argument("--wait", action="store_true")
    res.add_argument("--json", action="store_true")
    res.add_argument("--concurrency", type=int, default=4)
    res.add_argument("--api-base", default=None)

    st = sub.add_parser("status", help="show what the queue holds", parents=[common])
    st.add_argument("--json", action="store_true")

    login = sub.add_parser(
        "login", help="check an API key and store it in the keyring", parents=[common]
    )
    login.add_argument("--api-base", default=None)
    sub.add_parser("logout", help="remove the stored API key", parents=[common])

    sub.add_parser("sandbox", help="run the local sandbox (see: scripe-desktop sandbox --help)")
    from .cli_sync import add_parsers  # watched folders and sync (cli_sync.py)

    add_parsers(sub, common)
    return p
