"""The big "drop files here" area, with "Add files…" and "Add folder…" for keyboard users.

Dropping only hands paths to the engine: no file is opened or walked on the GUI thread (the
engine scans folders on its own thread and reports progress).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from . import icons

_AUDIO = "*.mp3 *.m4a *.wav *.aac *.flac *.ogg *.oga *.opus *.wma *.aiff *.aif"
_VIDEO = "*.mp4 *.m4v *.mov *.webm *.mkv *.avi *.wmv *.mpeg *.mpg"
_IMAGE = "*.png *.jpg *.jpeg *.gif *.webp *.heic *.heif *.tif *.tiff *.bmp"


def paths_from_mime(mime: QMimeData | None) -> list[Path]:
    """Local files and folders in a drag (remote URLs are ignored: we cannot read them)."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def accept_file_drag(event: QDragEnterEvent | QDragMoveEvent) -> bool:
    """Accept a drag that carries local files or folders; ignore anything else."""
    if paths_from_mime(event.mimeData()):
        event.acceptProposedAction()
        return True
    event.ignore()
    return False


class DropZone(QFrame):
    """Emits ``pathsDropped`` with what was dropped or picked in a file dialog."""

    pathsDropped = Signal(list)  # list[Path]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setObjectName("dropZone")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Drop zone"))
        self.setAccessibleDescription(self.tr("Drop files or folders here to upload them"))

        self._icon = QLabel()
        self._icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._title = QLabel(self.tr("Drop files or folders here"))
        font = self._title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self._title.setFont(font)
        self._title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._hint = QLabel(
            self.tr("Audio, video, images, PDF, Word and text files. Folders are searched too.")
        )
        self._hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._hint.setWordWrap(True)
        self._hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.add_files_button = QPushButton(icons.icon("file"), self.tr("Add &files…"))
        self.add_folder_button = QPushButton(icons.icon("folder"), self.tr("Add f&older…"))
        self.add_files_button.setAccessibleName(self.tr("Add files"))
        self.add_folder_button.setAccessibleName(self.tr("Add folder"))
        self.add_files_button.clicked.connect(self.choose_files)
        self.add_folder_button.clicked.connect(self.choose_folder)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_files_button)
        buttons.addWidget(self.add_folder_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self._icon)
        layout.addWidget(self._title)
        layout.addWidget(self._hint)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.file_dialog: QFileDialog | None = None
        self._compact: bool | None = None
        self.set_compact(False)
        self._set_hover(False)

    def set_compact(self, compact: bool) -> None:
        """Large when the queue is empty; a slim strip once there is something to show."""
        if compact == self._compact:
            return
        self._compact = compact
        size = 28 if compact else 56
        self._icon.setPixmap(icons.icon("upload").pixmap(QSize(size, size)))
        self._hint.setVisible(not compact)
        self.setMinimumHeight(110 if compact else 260)
        self.setMaximumHeight(130 if compact else 16777215)

    def _set_hover(self, on: bool) -> None:
        # A subtle highlight derived from the palette (works in light and dark themes). The
        # application palette, not ours: our style sheet overrides our own palette's colours.
        pal = QApplication.palette()
        role = QPalette.ColorRole.Highlight if on else QPalette.ColorRole.PlaceholderText
        color = pal.color(role)
        bg = pal.color(QPalette.ColorRole.Base)
        if on:
            bg = pal.color(QPalette.ColorRole.Highlight)
            bg.setAlpha(28)
        self.setStyleSheet(
            f"#dropZone {{ border: 2px dashed {color.name(color.NameFormat.HexArgb)};"
            " border-radius: 10px;"
            f" background: {bg.name(bg.NameFormat.HexArgb)}; }}"
        )

    def apply_palette(self) -> None:
        """Follow a light/dark switch: colours and icons are derived from the app palette.

        Called by the window on ApplicationPaletteChange: our style sheet fixes our own
        palette, so Qt never sends us a PaletteChange of our own.
        """
        compact, self._compact = self._compact, None
        self.set_compact(bool(compact))
        self._set_hover(False)

    # -- drag and drop ---------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._set_hover(accept_file_drag(event))

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        accept_file_drag(event)

    def dragLeaveEvent(self, event: object) -> None:
        self._set_hover(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_hover(False)
        paths = paths_from_mime(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.pathsDropped.emit(paths)

    # -- dialogs ---------------------------------------------------------------------------

    def name_filters(self) -> list[str]:
        """What the file dialog offers: everything Scripe accepts first, then each kind."""
        groups = [
            (self.tr("Audio"), _AUDIO),
            (self.tr("Video"), _VIDEO),
            (self.tr("Images"), _IMAGE),
            (self.tr("PDF documents"), "*.pdf"),
            (self.tr("Word documents"), "*.doc *.docx *.dotx"),
            (self.tr("Text files"), "*.txt *.md *.csv *.text"),
        ]
        every = " ".join(pattern for _label, pattern in groups)
        return [
            self.tr("Files Scripe accepts ({patterns})").format(patterns=every),
            *(f"{label} ({pattern})" for label, pattern in groups),
            self.tr("All files (*)"),
        ]

    def choose_files(self) -> None:
        """The system's file dialog, filtered to what Scripe accepts (All files is offered)."""
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add files to upload"), "", ";;".join(self.name_filters())
        )
        if names:
            self.pathsDropped.emit([Path(n) for n in names])

    def choose_folder(self) -> None:
        dialog = QFileDialog(self, self.tr("Add a folder to upload"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda name: self.pathsDropped.emit([Path(name)]))
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()
