"""Shared test setup.

Qt platform first, before anything imports Qt: with no display, pytest-qt's QApplication
aborts the whole run with SIGABRT (pytest-qt does not choose a platform). Set
SCRIPE_TEST_DISPLAY=1 to run the GUI tests on a real display instead.
"""

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

if os.environ.get("SCRIPE_TEST_DISPLAY") != "1":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MB file system of its own (root only: the test needs mount);
    tests of a full or read-only disk under the state folder."""
    where = tmp_path / "disk"
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(where)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)
