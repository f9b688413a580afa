"""``scripe-desktop``: the window with no command (or ``--sandbox``), else the command line."""

from __future__ import annotations

import sys

CLI_COMMANDS = {
    "upload",
    "resume",
    "status",
    "login",
    "logout",
    "sandbox",
    "watch",
    "sync",
    "-h",
    "--help",
    "--version",
}


SANDBOX_MISSING = "The sandbox needs extra packages: pip install 'scripe-desktop[sandbox]'"


def sandbox_available() -> bool:
    """The sandbox signs storage URLs with botocore, an optional extra."""
    try:
        import botocore.auth  # noqa: F401
    except ImportError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    wants_sandbox = args[:1] == ["sandbox"] or "--sandbox" in args
    if wants_sandbox and not sandbox_available():
        print(SANDBOX_MISSING, file=sys.stderr)
        return 2
    if any(a in CLI_COMMANDS for a in args[:2]) and "--sandbox" not in args[:1]:
        from .cli import main as cli_main

        return cli_main(args)
    from .ui.app import run_gui  # imported late: the CLI must work without a display

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
