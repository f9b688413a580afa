"""Render the app icon (resources/icons/app.svg) into the files installers need.

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/make_icons.py

Writes installer/icons/: scripe-desktop.ico (Windows: 16-256 px), scripe-desktop.icns (macOS:
16-1024 px) and png/scripe-desktop-<N>.png (Linux hicolor theme). Qt renders the SVG; ICO and
ICNS are written here (PNG entries, understood since Windows Vista and OS X 10.7), because
Qt's image writers store one size per file. The outputs are committed: builds do not need Qt
at icon time, and a change to the SVG is followed by running this again.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "installer" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)
# ICNS entry types that hold PNG data, by pixel size (the @2x types share sizes).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return header + entries + blobs


def icns(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "app.svg"))
    if not renderer.isValid():
        raise SystemExit("resources/icons/app.svg did not load")
    sizes = sorted({*ICO_SIZES, *PNG_SIZES, *(s for _, s in ICNS_TYPES)})
    pngs = {size: render_png(renderer, size) for size in sizes}
    (OUT / "png").mkdir(parents=True, exist_ok=True)
    (OUT / "scripe-desktop.ico").write_bytes(ico({s: pngs[s] for s in ICO_SIZES}))
    (OUT / "scripe-desktop.icns").write_bytes(icns(pngs))
    for size in PNG_SIZES:
        (OUT / "png" / f"scripe-desktop-{size}.png").write_bytes(pngs[size])
    print(f"wrote {OUT}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
