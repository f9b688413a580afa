"""Helpers shared by the GUI tests: files on disk and simulated drops."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget


def make_files(folder: Path, names: dict[str, bytes]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in names.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        paths.append(path)
    return paths


def text_bytes(size: int) -> bytes:
    """Plain text, unique per call (identical files would be skipped as duplicates)."""
    line = b"The quick brown fox jumps over the lazy dog.\n"
    head = f"id {uuid.uuid4().hex}\n".encode()
    return (head + line * (size // len(line) + 1))[:size]


def simulate_drop(target: QWidget, paths: list[Path]) -> bool:
    """Enter → move → drop with file URLs, as a file manager does. Returns drop acceptance."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(target.rect().center())
    action = Qt.DropAction.CopyAction
    button, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = _event(QDragEnterEvent, pos, action, mime, button, mods)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    move = _event(QDragMoveEvent, pos + QPointF(1, 1), action, mime, button, mods)
    QApplication.sendEvent(target, move)
    drop = QDropEvent(pos, action, mime, button, mods)
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()


def _event(cls: type, pos: QPointF, *args: object) -> object:
    """PySide6 6.11 wants a QPoint for drag enter/move events, 6.12 a QPointF."""
    try:
        return cls(pos, *args)
    except TypeError:
        return cls(pos.toPoint(), *args)
