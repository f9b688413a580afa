"""“Keep this folder in sync” on a dropped folder's batch summary.

Someone who dropped a folder may want its future files to go up by themselves. When a batch
ends and its roots (saved by the engine) include a folder no watched folder covers, the summary
line gets a button; it asks for the destination (the batch's, preselected) and, preselected,
"only new files": the files just dropped are recorded as known so they are not uploaded again.
Reading the roots and counting the folder run on workers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from scripe_desktop.engine import EngineConfig
from scripe_desktop.engine.events import BatchSummary, Target
from scripe_desktop.engine.watch import FolderError, FolderList, WatchedFolder, WatchIndex
from scripe_desktop.engine.watch.dropped import dropped_folders
from scripe_desktop.engine.watch.rules import IgnoreRules, walk

from . import icons
from .watch_dialogs import AddFolderDialog
from .workers import run_task


class KeepInSync:
    """Owns the button on the destination bar; ``app`` is the DesktopApp."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.home = Path(app.options.home)
        self.bar = app.window.destination_bar
        self.folder: str | None = None
        self.target: Target | None = None
        self.dialog: AddFolderDialog | None = None
        self.looked = 0  # batches whose roots were read (tests wait on it)
        self.button = QToolButton()
        self.button.setIcon(icons.icon("folder"))
        self.button.setText(self.bar.tr("Keep this folder in sync…"))
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setAutoRaise(True)
        self.button.hide()
        self.button.clicked.connect(self.ask)
        layout = self.bar.layout()
        layout.insertWidget(layout.indexOf(self.bar.close_button), self.button)
        app.bridge.batchFinished.connect(self.batch_finished)
        app.bridge.itemsUpserted.connect(self._maybe_hide)

    def batch_finished(self, summary: BatchSummary) -> None:
        """After the window turned the bar into this batch's summary: offer a folder, if any."""
        self.button.hide()
        if not self.bar.showing_summary:
            return
        model = self.app.window.model
        targets = {t for _, t in model.names_and_targets(batch_id=summary.batch_id)}
        target = targets.pop() if len(targets) == 1 else None
        queue, home, batch = EngineConfig(home=self.home).queue_path, self.home, summary.batch_id
        run_task(
            lambda: dropped_folders(queue, home, batch),
            lambda folders: self._offer(folders, target),
            lambda exc: self._offer([], None),  # nothing to offer; the summary is unchanged
            context=self.button,
        )

    def _offer(self, folders: list[str], target: Target | None) -> None:
        self.looked += 1
        if len(folders) != 1 or not self.bar.showing_summary or not self.bar.isVisible():
            return  # several folders at once: the Watched folders page adds them one by one
        self.folder, self.target = folders[0], target
        self.button.setToolTip(self.folder)
        self.button.show()

    def _maybe_hide(self, _items: object) -> None:
        if self.button.isVisible() and not self.bar.showing_summary:
            self.button.hide()  # the bar went back to choosing for a new drop

    def ask(self) -> None:
        folder = self.folder
        if folder is None:
            return
        rules = IgnoreRules()
        run_task(
            lambda: [(rel, st) for rel, st in walk(Path(folder), rules) if st.size],
            lambda files: self._ask(folder, files),
            lambda exc: self.bar.summary.setText(str(exc)),
            context=self.button,
        )

    def _ask(self, folder: str, files: list[tuple[str, Any]]) -> None:
        target = self.target
        current = (
            WatchedFolder(folder, target.kind.value, target.project_id)
            if target is not None and target.kind.value in ("source", "knowledge")
            else None
        )
        size = sum(st.size for _rel, st in files)
        dialog = AddFolderDialog(
            folder, list(getattr(self.app.projects, "projects", [])), existing=(len(files), size),
            current=current, only_new=True, parent=self.app.window,
        )  # fmt: skip
        dialog.setWindowTitle(dialog.tr("Keep this folder in sync"))
        dialog.accepted.connect(lambda: self._add(folder, files, dialog))
        self.dialog = dialog
        dialog.open()

    def _add(self, folder: str, files: list[tuple[str, Any]], dialog: AddFolderDialog) -> None:
        attach, project = dialog.choice()
        try:
            if dialog.only_new.isChecked():  # the dropped files are known before the watcher
                index = WatchIndex(self.home)
                index.baseline(folder, files)
                index.close()
            FolderList(self.home).add(WatchedFolder(folder, attach, project))
        except (FolderError, ValueError) as exc:
            self.bar.summary.setText(str(exc))
            return
        self.button.hide()
        self.bar.summary.setText(
            self.bar.tr("“{name}” is now watched: new files in it go up by themselves.").format(
                name=Path(folder).name
            )
        )


def install(app: Any) -> KeepInSync:
    keeper = KeepInSync(app)
    app.window.keep_in_sync = keeper  # type: ignore[attr-defined]
    return keeper
