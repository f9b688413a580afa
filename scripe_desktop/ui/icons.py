"""SVG icons tinted with the current palette, rendered crisp at any device pixel ratio.

Why tinting: the line icons are drawn in black; in a dark theme black lines vanish. The icon
engine replaces the stroke colour with the palette's text colour when it paints, and renders
each pixmap at the exact device size asked for, so icons stay sharp on high-DPI screens. The
SVGs are tiny resource files, read once and cached.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from scripe_desktop.engine.events import ItemState


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
    """Renders the SVG lazily at exactly the requested size (no blurry scaling).

    With ``tint`` the stroke colour is looked up in the application palette at paint time, so
    every icon follows a light/dark switch without being recreated.
    """

    def __init__(self, source: bytes, tint: bool, color: QColor | None = None) -> None:
        super().__init__()
        self._source = source
        self._tint = tint
        self._color = color
        self._renderers: dict[str, QSvgRenderer] = {}
        self._pixmaps: dict[tuple[int, int, int, str], QPixmap] = {}

    def _color_key(self, mode: QIcon.Mode) -> str:
        if not self._tint:
            return ""
        if self._color is not None:
            return self._color.name()
        app = QApplication.instance()
        palette = app.palette() if isinstance(app, QApplication) else QPalette()
        role = (
            QPalette.ColorRole.HighlightedText
            if mode == QIcon.Mode.Selected
            else QPalette.ColorRole.WindowText
        )
        return palette.color(role).name()

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        data = self._source
        key = ""
        if self._tint:
            color = self._color
            if color is None:
                app = QApplication.instance()
                palette = app.palette() if isinstance(app, QApplication) else QPalette()
                role = (
                    QPalette.ColorRole.HighlightedText
                    if mode == QIcon.Mode.Selected
                    else QPalette.ColorRole.WindowText
                )
                color = palette.color(role)
            key = color.name()
            data = data.replace(b"#000000", key.encode())
        renderer = self._renderers.get(key)
        if renderer is None:
            renderer = self._renderers[key] = QSvgRenderer(QByteArray(data))
        return renderer

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        if mode == QIcon.Mode.Disabled:
            painter.setOpacity(0.4)
        self._renderer(mode).render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        # Cached per size, mode and colour: a table repaint asks for the same few icons for
        # every visible row, and rendering SVG each time is what made repaints slow.
        key = (size.width(), size.height(), int(mode.value), self._color_key(mode))
        cached = self._pixmaps.get(key)
        if cached is not None:
            return cached
        pix = QPixmap(size)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        if len(self._pixmaps) > 64:
            self._pixmaps.clear()
        self._pixmaps[key] = pix
        return pix

    def clone(self) -> QIconEngine:
        return _SvgIconEngine(self._source, self._tint, self._color)


_cache: dict[tuple[str, str], QIcon] = {}


def icon(name: str, color: QColor | None = None) -> QIcon:
    """The named icon from ``resources/icons``, in ``color`` or (default) the palette's text."""
    key = (name, color.name() if color is not None else "")
    cached = _cache.get(key)
    if cached is not None:
        return cached
    source = _svg_source(name)
    if not source:
        return QIcon()
    result = QIcon(_SvgIconEngine(source, tint=name != "app", color=color))
    _cache[key] = result
    return result


def app_icon() -> QIcon:
    return icon("app")


def clear_cache() -> None:
    """Forget cached icons (tests; icons already follow palette changes by themselves)."""
    _cache.clear()


def pixmap(name: str, size: int, ratio: float, color: QColor | None = None) -> QPixmap:
    return icon(name, color).pixmap(QSize(size, size), ratio)


_STATE_ICONS = {
    ItemState.DONE: "done",
    ItemState.FAILED: "error",
    ItemState.WAITING: "waiting",
    ItemState.PAUSED: "pause",
    ItemState.SKIPPED: "info",
    ItemState.NEEDS_DESTINATION: "folder",  # "Choose where to send these"
    ItemState.UPLOADING: "upload",
    ItemState.ATTACHING: "upload",
    ItemState.PROCESSING: "waiting",
    ItemState.DUPLICATE: "done",
    ItemState.CANCELLED: "cancel",
}


def state_pixmaps(ratio: float) -> dict[ItemState, QPixmap]:
    """Ready-made 16 px pixmaps per row state, so painting a row never calls back into Python
    for its icon."""
    return {state: pixmap(name, 16, ratio) for state, name in _STATE_ICONS.items()}
