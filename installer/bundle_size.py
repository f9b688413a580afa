"""Print what each part of a PyInstaller bundle costs on disk (unpacked, symlinks not followed).

    python3 installer/bundle_size.py dist/scripe-desktop [--max-mb 150]

Parts are matched in order; the first match wins. ``--max-mb`` fails (exit 1) above a budget,
so a dependency that quietly doubles the bundle shows up in CI, not in a user's download.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

PARTS: list[tuple[str, str]] = [
    ("app (executable holding the Python code archive)", r"^scripe-desktop(-cli)?(\.exe)?$"),
    ("Qt translations", r"PySide6/(Qt/)?translations/"),
    ("Qt plugins", r"PySide6/(Qt/)?plugins/"),
    ("ICU (Qt's Unicode data)", r"(^|/)libicu"),
    (
        "PySide6/shiboken bindings",
        r"^PySide6/[^/]+\.(abi3\.so|pyd)$|^shiboken6/|(^|/)lib(pyside|shiboken)",
    ),
    ("Qt libraries", r"(^|/)(lib)?Qt6[A-Za-z]*\.(so|dll)|(^|/)Qt[A-Za-z]*\.framework/"),
    ("botocore", r"^botocore/"),
    ("cryptography (Secret Service keyring)", r"^cryptography|_cffi_backend"),
    ("libmagic database", r"^magic/"),
    ("Python runtime", r"(^|/)libpython|^base_library\.zip|^lib-dynload/|^python3|\.cpython-"),
    ("other system libraries", r"(^|/)lib[^/]*\.so|\.dll$|\.dylib$"),
]


def measure(bundle: Path) -> tuple[dict[str, int], int]:
    root = bundle / "_internal" if (bundle / "_internal").is_dir() else bundle
    sizes = {name: 0 for name, _ in PARTS}
    sizes["everything else"] = 0
    total = 0
    compiled = [(name, re.compile(rx)) for name, rx in PARTS]
    for dirpath, _dirs, files in os.walk(bundle):
        for f in files:
            path = Path(dirpath, f)
            if path.is_symlink():
                continue
            size = path.stat().st_size
            total += size
            rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else f
            part = next((n for n, rx in compiled if rx.search(rel)), "everything else")
            sizes[part] += size
    return sizes, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--max-mb", type=float, default=None)
    args = parser.parse_args(argv)
    sizes, total = measure(args.bundle)
    print(f"bundle size by part ({args.bundle}):")
    for name, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
        print(f"  {size / 1e6:8.1f} MB  {name}")
    print(f"  {total / 1e6:8.1f} MB  TOTAL unpacked")
    if args.max_mb is not None and total / 1e6 > args.max_mb:
        print(f"bundle is over its budget of {args.max_mb:.0f} MB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
