"""SVG icons tinted with the current palette, rendered crisp at any device pixel ratio.

Why tinting: the line icons are drawn in black; in a dark theme black lines vanish. We replace the
stroke colour with the palette's text colour and an icon engine renders each pixmap at the exact
device size asked for, so icons stay sharp on high-DPI screens. The SVGs are tiny resource
files, read once and cached.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication


def resource_dir() -> Path:
    """``resources/`` next to the package in a checkout; inside the package when installed."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[2] / "resources", here.parents[1] / "resources"):
        if (candidate / "icons").is_dir():
            return candidate
    return here.parents[2] / "resources"


@cache
def _svg_source(name: str) -> bytes:
    path = resource_dir() / "icons" / f"{name}.svg"
    try:
        return path.read_bytes()
    except OSError:
        return b""


class _SvgIconEngine(QIconEngine):
    """Renders the SVG lazily at exactly the requested size (no blurry scaling)."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._data = data
        self._renderer = QSvgRenderer(QByteArray(data))

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        if mode == QIcon.Mode.Disabled:
            painter.setOpacity(0.4)
        self._renderer.render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pix = QPixmap(size)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return pix

    def clone(self) -> QIconEngine:
        return _SvgIconEngine(self._data)


_cache: dict[tuple[str, str], QIcon] = {}


def icon(name: str, color: QColor | None = None) -> QIcon:
    """The named icon from ``resources/icons``, drawn in ``color`` (default: palette text)."""
    if color is None:
        app = QApplication.instance()
        palette = app.palette() if isinstance(app, QApplication) else QPalette()
        color = palette.color(QPalette.ColorRole.WindowText)
    key = (name, color.name())
    cached = _cache.get(key)
    if cached is not None:
        return cached
    source = _svg_source(name)
    if not source:
        return QIcon()
    data = source if name == "app" else source.replace(b"#000000", color.name().encode())
    result = QIcon(_SvgIconEngine(data))
    _cache[key] = result
    return result


def app_icon() -> QIcon:
    return icon("app")


def clear_cache() -> None:
    """Call on a palette change so icons follow a light/dark switch."""
    _cache.clear()


def pixmap(name: str, size: int, ratio: float, color: QColor | None = None) -> QPixmap:
    return icon(name, color).pixmap(QSize(size, size), ratio)
