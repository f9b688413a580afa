"""Without the ``sandbox`` extra (botocore), asking for the sandbox says what to install."""

from __future__ import annotations

import subprocess
import sys

import pytest

# botocore made unimportable for the child only: a None entry in sys.modules blocks an import.
_WRAPPER = (
    "import sys; sys.modules['botocore'] = None; "
    "from scripe_desktop.__main__ import main; sys.exit(main(sys.argv[1:]))"
)


@pytest.mark.parametrize("args", [["sandbox"], ["sandbox", "--port", "0"], ["--sandbox"]])
def test_the_sandbox_without_botocore_is_one_plain_line_and_exit_2(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "The sandbox needs extra packages: pip install 'scripe-desktop[sandbox]'"
    ]


def test_the_check_itself_sees_botocore_when_it_is_installed() -> None:
    from scripe_desktop.__main__ import sandbox_available

    assert sandbox_available()  # the test environment has the extra
