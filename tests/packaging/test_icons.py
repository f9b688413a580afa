"""The committed installer icons (installer/make_icons.py) are well-formed and decode at every
size an OS asks for."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ICONS = Path(__file__).resolve().parents[2] / "installer" / "icons"
pytestmark = pytest.mark.gui


def test_ico_holds_png_images_16_to_256(qapp) -> None:
    data = (ICONS / "scripe-desktop.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        w, h, _c, _r, _planes, _bpp, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * i
        )
        image = QImage.fromData(data[offset : offset + length], "PNG")
        assert not image.isNull()
        assert image.width() == (w or 256) == image.height() == (h or 256)
        sizes.append(image.width())
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_icns_entries_are_pngs_of_their_declared_size(qapp) -> None:
    data = (ICONS / "scripe-desktop.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    declared = {
        **{b"icp4": 16, b"icp5": 32, b"icp6": 64, b"ic07": 128, b"ic08": 256, b"ic09": 512},
        **{b"ic10": 1024, b"ic11": 32, b"ic12": 64, b"ic13": 256, b"ic14": 512},
    }
    pos, seen = 8, set()
    while pos < len(data):
        kind, length = data[pos : pos + 4], struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        image = QImage.fromData(data[pos + 8 : pos + length], "PNG")
        assert image.width() == image.height() == declared[kind], kind
        seen.add(kind)
        pos += length
    assert seen == set(declared) and pos == len(data)


def test_hicolor_pngs(qapp) -> None:
    for size in (16, 32, 48, 64, 128, 256, 512):
        image = QImage(str(ICONS / "png" / f"scripe-desktop-{size}.png"))
        assert image.width() == image.height() == size
