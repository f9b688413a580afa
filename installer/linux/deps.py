"""Shared-library bookkeeping for the Linux bundle (ELF ``NEEDED`` entries and ``ldd``).

    python3 deps.py prune BUNDLE      delete bundled libraries nothing loads any more
    python3 deps.py depends BUNDLE    print the Debian packages the bundle needs (Depends:)

Why: PyInstaller copies every library the collected binaries need, including those of Qt
plugins the spec then leaves out (the GTK theme drags GTK, cairo and pango in). After the cut,
whatever no remaining binary loads (walking ``NEEDED`` entries through bundled libraries
only) is dead weight. The libraries PyInstaller never bundles
(libc, libGL, libxcb, wayland...) come from the system; ``dpkg -S`` names their packages, so the
``Depends:`` line is what the loader actually resolves, not a guess. A library that is "not
found" fails the build: the package would not start on a machine like this one either.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
from pathlib import Path

# Loaded with dlopen/ctypes, so no binary names them: python-magic (ctypes) and the bootloader.
DLOPENED = ("libmagic.so", "libpython3")
# Taken from the system, never bundled: each reads system configuration or talks to a system
# daemon (fonts.conf, the D-Bus daemon, GLib's modules), so the copy that came with the
# distribution is the one that matches. Their own dependencies then leave the bundle too.
SYSTEM_ONLY = (
    "libdbus-1.so",
    "libfontconfig.so",
    "libfreetype.so",
    "libglib-2.0.so",
    "libgthread-2.0.so",
)
_LDD_LINE = re.compile(r"^\s*(\S+)\s+=>\s+(not found|\S+)")


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def elf_files(bundle: Path) -> list[Path]:
    return sorted(p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p))


def internal(bundle: Path) -> Path:
    return bundle / "_internal" if (bundle / "_internal").is_dir() else bundle


def is_library(path: Path, bundle: Path) -> bool:
    """A plain shared library (a candidate for removal), not a plugin or Python module."""
    root = internal(bundle)
    return (
        path.name.startswith("lib")
        and ".so" in path.name
        and (path.parent == root or path.parent == root / "PySide6" / "Qt" / "lib")
    )


def ldd(path: Path, bundle: Path) -> dict[str, str]:
    """soname -> resolved path ("not found" if missing), as the frozen app would see it."""
    env = dict(os.environ, LD_LIBRARY_PATH=str(internal(bundle)))  # what the bootloader sets
    out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env).stdout
    return {m.group(1): m.group(2) for m in map(_LDD_LINE.match, out.splitlines()) if m}


def resolved(bundle: Path) -> dict[Path, dict[str, str]]:
    return {p: ldd(p, bundle) for p in elf_files(bundle)}


def needed(path: Path) -> list[str]:
    """DT_NEEDED entries of an ELF64 little-endian file (what ``readelf -d`` lists)."""
    data = path.read_bytes()
    if data[4] != 2 or data[5] != 1:
        raise SystemExit(f"{path}: not a 64-bit little-endian ELF file")
    shoff, shentsize, shnum = (
        struct.unpack_from("<Q", data, 0x28)[0],
        *struct.unpack_from("<HH", data, 0x3A),
    )
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)
    ]
    names = []
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if kind != 6:  # SHT_DYNAMIC
            continue
        strtab = sections[link][4]
        for i in range(0, size, entsize or 16):
            tag, value = struct.unpack_from("<qQ", data, offset + i)
            if tag == 1:  # DT_NEEDED
                end = data.index(b"\0", strtab + value)
                names.append(data[strtab + value : end].decode())
    return names


def prune(bundle: Path) -> list[tuple[Path, int]]:
    """Delete SYSTEM_ONLY libraries, then every bundled library no root reaches through
    bundled libraries (a system library's own dependencies come from the system)."""
    root = internal(bundle)
    removed: list[tuple[Path, int]] = []
    for p in elf_files(bundle):
        if is_library(p, bundle) and p.name.startswith(SYSTEM_ONLY):
            removed.append((p, p.stat().st_size))
            p.unlink()
    search = [root, root / "PySide6" / "Qt" / "lib"]

    def find(name: str) -> Path | None:
        return next((d / name for d in search if (d / name).exists()), None)

    files = elf_files(bundle)
    todo = [p for p in files if not is_library(p, bundle) or p.name.startswith(DLOPENED)]
    reached: set[Path] = set()
    while todo:
        path = todo.pop().resolve()
        if path in reached:
            continue
        reached.add(path)
        todo += [lib for lib in map(find, needed(path)) if lib is not None]
    for p in files:
        if is_library(p, bundle) and p.resolve() not in reached:
            removed.append((p, p.stat().st_size))
            p.unlink()
    for link in root.rglob("*"):  # links to removed libraries
        if link.is_symlink() and not link.exists():
            link.unlink()
    return removed


def system_libraries(bundle: Path) -> tuple[set[str], list[str]]:
    """Paths of the system libraries bundled files link directly (their own dependencies come
    with their packages), and "binary: soname" lines for anything the loader cannot find."""
    root = internal(bundle)
    search = [root, root / "PySide6" / "Qt" / "lib"]
    system: set[str] = set()
    missing: list[str] = []
    for path, libs in resolved(bundle).items():
        missing += [
            f"{path.relative_to(bundle)}: {so}" for so, t in libs.items() if t == "not found"
        ]
        for name in needed(path):
            if name.startswith("ld-linux") or any((d / name).exists() for d in search):
                continue  # the dynamic loader itself (libc6), or a bundled library
            target = libs.get(name)
            if target and target != "not found":
                system.add(target)
    return system, missing


def owning_packages(paths: set[str]) -> set[str]:
    packages: set[str] = set()
    for path in sorted(paths):
        candidates = {path, os.path.realpath(path)}
        if path.startswith("/lib/"):  # merged /usr: dpkg knows some files by their /usr path
            candidates.add("/usr" + path)
        for candidate in candidates:
            out = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
            if out.returncode == 0:
                packages.add(out.stdout.split(":", 1)[0].strip())
                break
        else:
            raise SystemExit(f"no Debian package owns {path}")
    return packages


def glibc_floor(bundle: Path) -> str:
    """The newest GLIBC_x.y symbol version any binary asks for (libc6's minimum version)."""
    best = (2, 0)
    for path in elf_files(bundle):
        for m in re.finditer(rb"GLIBC_2\.(\d+)", path.read_bytes()):
            best = max(best, (2, int(m.group(1))))
    return f"{best[0]}.{best[1]}"


def depends(bundle: Path) -> str:
    system, missing = system_libraries(bundle)
    if missing:
        raise SystemExit(
            "libraries not found (install them on the build machine):\n  "
            + "\n  ".join(sorted(set(missing)))
        )
    packages = owning_packages(system)
    parts = [f"libc6 (>= {glibc_floor(bundle)})" if p == "libc6" else p for p in sorted(packages)]
    return ", ".join(parts)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("prune", "depends"):
        print(__doc__, file=sys.stderr)
        return 2
    bundle = Path(argv[1])
    if argv[0] == "prune":
        removed = prune(bundle)
        freed = sum(size for _, size in removed) / 1e6
        names = " ".join(sorted(p.name for p, _ in removed))
        print(f"pruned {len(removed)} libraries nothing loads ({freed:.1f} MB): {names}")
    else:
        print(depends(bundle))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
