"""installer/bundle_size.py: each file lands in one part, links are not counted twice, and the
budget fails the build."""

from __future__ import annotations

from pathlib import Path


def write(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)


def test_parts_and_budget(bundle_size, tmp_path: Path, capsys) -> None:
    app = tmp_path / "scripe-desktop"
    root = app / "_internal"
    write(app / "scripe-desktop", 1000)
    write(root / "PySide6" / "Qt" / "lib" / "libQt6Core.so.6", 3000)
    (root / "libQt6Core.so.6").symlink_to("PySide6/Qt/lib/libQt6Core.so.6")  # not counted
    write(root / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so", 200)
    write(root / "PySide6" / "QtCore.abi3.so", 400)
    write(root / "libicudata.so.73", 5000)
    write(root / "botocore" / "data" / "endpoints.json", 70)
    write(root / "magic" / "magic.mgc", 800)
    write(root / "libX11.so.6", 90)
    write(root / "certifi" / "cacert.pem", 5)
    sizes, total = bundle_size.measure(app)
    assert total == 1000 + 3000 + 200 + 400 + 5000 + 70 + 800 + 90 + 5
    assert sizes["Qt libraries"] == 3000
    assert sizes["Qt plugins"] == 200
    assert sizes["PySide6/shiboken bindings"] == 400
    assert sizes["ICU (Qt's Unicode data)"] == 5000
    assert sizes["botocore"] == 70
    assert sizes["libmagic database"] == 800
    assert sizes["other system libraries"] == 90
    assert sizes["app (executable holding the Python code archive)"] == 1000
    assert sizes["everything else"] == 5
    assert bundle_size.main([str(app), "--max-mb", "1"]) == 0
    assert bundle_size.main([str(app), "--max-mb", "0.005"]) == 1
    assert "over its budget" in capsys.readouterr().err
