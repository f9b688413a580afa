"""The window's toolbar and its actions: Add files, Add folder, Settings, the workspace name and
the sandbox badge, plus the window-wide Quit and "Pause or resume all" shortcuts.

Why actions, not buttons: the same QAction serves the toolbar, its shortcut and tests
(``QAction.trigger()``); the window only connects them to what they do.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QToolBar, QWidget

from . import icons


class MainToolBar(QToolBar):
    """Owns the actions; ``window`` gets the window-wide ones so their shortcuts work."""

    def __init__(self, window: QWidget, *, sandbox: bool) -> None:
        super().__init__(self.tr("Main"), window)
        self.setObjectName("mainToolBar")
        self.setMovable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.add_files_action = QAction(icons.icon("file"), self.tr("Add files…"), window)
        self.add_files_action.setShortcut(QKeySequence.StandardKey.Open)
        self.add_folder_action = QAction(icons.icon("folder"), self.tr("Add folder…"), window)
        self.add_folder_action.setShortcut("Ctrl+Shift+O")
        self.settings_action = QAction(icons.icon("settings"), self.tr("Settings"), window)
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        if self.settings_action.shortcut().isEmpty():
            self.settings_action.setShortcut("Ctrl+,")
        self.quit_action = QAction(self.tr("Quit"), window)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        window.addAction(self.quit_action)
        # An action, not the button's own shortcut: the button's setText() would drop it.
        self.pause_all_action = QAction(self.tr("Pause or resume all"), window)
        self.pause_all_action.setShortcut("Ctrl+Shift+P")
        window.addAction(self.pause_all_action)
        for action in (self.add_files_action, self.add_folder_action):
            self.addAction(action)
        spacer = QWidget()
        spacer.setSizePolicy(
            spacer.sizePolicy().Policy.Expanding, spacer.sizePolicy().Policy.Preferred
        )
        self.addWidget(spacer)
        self.workspace_label = QLabel()
        self.workspace_label.setAccessibleName(self.tr("Connected workspace"))
        self.addWidget(self.workspace_label)
        self.sandbox_badge = QLabel(self.tr("Sandbox"))
        self.sandbox_badge.setObjectName("sandboxBadge")
        self.sandbox_badge.setToolTip(
            self.tr("Connected to a local test server: nothing reaches your real Scripe workspace.")
        )
        self.style_badge()
        self.sandbox_badge.setVisible(sandbox)
        self.addWidget(self.sandbox_badge)
        self.addAction(self.settings_action)

    def style_badge(self) -> None:
        """Colours from the application palette (ours may carry style-sheet colours)."""
        pal = QApplication.palette()
        self.sandbox_badge.setStyleSheet(
            f"#sandboxBadge {{ background: {pal.color(pal.ColorRole.Highlight).name()};"
            f" color: {pal.color(pal.ColorRole.HighlightedText).name()};"
            " border-radius: 8px; padding: 2px 10px; font-weight: bold; margin: 0 8px; }"
        )
