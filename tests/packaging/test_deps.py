"""installer/linux/deps.py against a small bundle made of real system libraries: ``ldd`` and
``dpkg -S`` answer, nothing is faked."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    shutil.which("ldd") is None or shutil.which("dpkg") is None, reason="needs ldd and dpkg"
)


def system_lib(soname: str) -> Path:
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.strip().startswith(soname + " ") and "x86-64" in line:
            return Path(line.rsplit("=>", 1)[1].strip())
    pytest.skip(f"{soname} is not installed")


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """_internal/ with a "plugin" that needs libmagic's dependencies, libmagic (loaded by
    ctypes, so kept although nothing names it), and libz plus an orphan library."""
    root = tmp_path / "app" / "_internal"
    (root / "PySide6" / "Qt" / "plugins" / "platforms").mkdir(parents=True)
    magic = system_lib("libmagic.so.1")
    shutil.copy(magic, root / "libmagic.so.1")
    # libmagic stands in for a plugin (a root): whatever it links must stay.
    shutil.copy(magic, root / "PySide6" / "Qt" / "plugins" / "platforms" / "libqfake.so")
    shutil.copy(system_lib("libz.so.1"), root / "libz.so.1")
    shutil.copy(system_lib("libz.so.1"), root / "liborphan.so.1")
    return tmp_path / "app"


def test_prune_removes_only_what_nothing_loads(deps, bundle: Path) -> None:
    root = bundle / "_internal"
    removed = {p.name for p, _size in deps.prune(bundle)}
    assert removed == {"liborphan.so.1"}
    assert (root / "libmagic.so.1").exists()  # dlopen'd by python-magic: kept
    if "libz.so.1" in deps.ldd(root / "libmagic.so.1", bundle):
        assert (root / "libz.so.1").exists()  # loaded by the "plugin": kept


def test_depends_names_the_packages_of_system_libraries(deps, bundle: Path) -> None:
    line = deps.depends(bundle)
    packages = [p.split(" ")[0] for p in line.split(", ")]
    assert packages == sorted(packages)
    assert "libc6" in packages and "libc6 (>= 2." in line
    # libz is inside the bundle, so zlib1g must not be required for it
    assert "zlib1g" not in packages


def test_a_missing_library_fails_the_build(deps, bundle: Path) -> None:
    (bundle / "_internal" / "libz.so.1").unlink()
    (bundle / "_internal" / "liborphan.so.1").unlink()
    fake = bundle / "_internal" / "PySide6" / "Qt" / "plugins" / "platforms" / "libqneeds.so"
    shutil.copy(bundle / "_internal" / "libmagic.so.1", fake)
    # Patch the NEEDED entry "libz.so.1" to a library that exists nowhere (same length).
    data = fake.read_bytes()
    if b"libz.so.1\x00" not in data:
        pytest.skip("this libmagic does not link libz")
    fake.write_bytes(data.replace(b"libz.so.1\x00", b"libQ.so.9\x00"))
    with pytest.raises(SystemExit, match=r"libQ\.so\.9"):
        deps.depends(bundle)
