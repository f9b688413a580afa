"""Where dropped files go: queue a drop with the remembered destination, hold it when there is
none, and follow the destination bar, "Send to…" and the project list.

Why apart from the window: choosing a destination has rules of its own (a first drop asks, a
vanished project holds the batch, Start remembers the choice) that the window's layout and
menus don't need to know about.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from scripe_desktop.engine.events import (
    AttachKind,
    ItemSnapshot,
    Reason,
    RetargetReport,
    ScanProgress,
    Target,
)

from .app_settings import AppSettings, DestinationChoice
from .destination_bar import DestinationBar
from .engine_bridge import EngineBridge
from .projects import ProjectsLoader
from .queue_cells import is_system_file
from .queue_facts import workspace_url
from .queue_model import QueueModel
from .send_to_dialog import AlreadySentNote, SendToDialog


class DestinationFlow(QObject):
    """Batches waiting for a choice (``held``) and the dialogs that make it."""

    reloadRequested = Signal()

    def __init__(
        self,
        bridge: EngineBridge,
        settings: AppSettings,
        projects: ProjectsLoader,
        model: QueueModel,
        bar: DestinationBar,
        note: AlreadySentNote,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.settings = settings
        self.projects = projects
        self.model = model
        self.bar = bar
        self.note = note
        self.held: set[int] = set()
        self.projects_known = False
        self.send_to_dialog: SendToDialog | None = None
        self._found: dict[int, int] = {}  # batch -> files its scan found (system files too)
        bar.targetChanged.connect(
            lambda batch, target: bridge.call("set_batch_target", batch, target)
        )
        bar.startRequested.connect(self._start_batch)
        bar.choiceChanged.connect(self._remember_choice)
        bar.reloadProjects.connect(self.reload_projects)
        projects.loaded.connect(self._on_projects)
        projects.failed.connect(bar.set_projects_failed)
        bridge.retargetReported.connect(self._on_retarget)
        note.sendCopiesRequested.connect(
            lambda ids, target: bridge.call("send_copies", ids, target)
        )

    def add_paths(self, paths: list[Path]) -> None:
        """Queue a drop with the remembered destination. Without a usable one (no project
        chosen, or the remembered project is not in the list) the files upload and then wait,
        persisted, as "Choose where to send these" until Start or "Send to…"."""
        choice = self.settings.destination
        target = choice.target()
        problem = None if target is not None else Reason.NO_PROJECT.value
        if not self.settings.destination_chosen:
            target, problem = None, Reason.NO_PROJECT.value  # first drop: ask, don't guess
        if (
            target is not None
            and target.kind is AttachKind.SOURCE
            and self.projects_known
            and target.project_id not in self.projects.names()
        ):
            target, problem = None, Reason.PROJECT_MISSING.value
        held = target is None
        shown = choice if self.settings.destination_chosen else None  # a first drop: neither
        self.bridge.add_paths(
            list(paths),
            target,
            problem=problem,
            on_added=lambda batch: self._on_batch_added(batch, shown, held),
        )

    def on_scan(self, scan: ScanProgress) -> int:
        """Files found so far, counted as the list shows them (system files apart)."""
        self._found[scan.batch_id] = scan.found
        found = scan.found - self.model.system_files(scan.batch_id)
        if scan.batch_id == self.bar.batch_id:
            self.bar.set_file_count(found)
        return found

    def on_rows(self, items: list[ItemSnapshot]) -> None:
        """System files arrive as rows after the scan counted them: the bar's count follows."""
        batch = self.bar.batch_id
        if batch in self._found and any(
            i.batch_id == batch and is_system_file(i.name) for i in items
        ):
            self.bar.set_file_count(self._found[batch] - self.model.system_files(batch))

    def _on_batch_added(self, batch_id: int, choice: DestinationChoice | None, held: bool) -> None:
        if held:
            self.held.add(batch_id)
            self.model.set_held_batches(self.held)
        self.bar.present(batch_id, choice, held=held)

    def release(self, batch_id: int) -> None:
        """The batch no longer waits for a choice (started or finished)."""
        self.held.discard(batch_id)
        self.model.set_held_batches(self.held)

    def _on_retarget(self, report: RetargetReport) -> None:
        self.note.show_report(report, self.projects.names())
        bar = self.bar
        if bar.batch_id is not None and not self.model.has_batch(bar.batch_id):
            # "Send to…" took every file of the bar's batch: nothing is left to choose for
            bar.batch_finished(bar.batch_id)

    def open_send_to(self, item_ids: list[int]) -> None:
        """ "Send to…" on the selected rows (the engine moves those that still can)."""
        if self.send_to_dialog is not None:
            self.send_to_dialog.raise_()
            return
        dialog = SendToDialog(item_ids, self.projects.projects, self.parent())  # type: ignore[arg-type]
        dialog.chosen.connect(lambda ids, target: self.bridge.call("send_to", ids, target))
        dialog.finished.connect(lambda _r: setattr(self, "send_to_dialog", None))
        self.send_to_dialog = dialog
        dialog.open()

    def _start_batch(self, batch_id: int, target: Target) -> None:
        choice = self.bar.choice()
        if choice is not None:  # Start confirms the choice
            self.settings.destination = choice
        self.release(batch_id)
        self.bridge.call("set_batch_target", batch_id, target)
        self.bridge.call("start_batch", batch_id)

    def _remember_choice(self, choice: DestinationChoice) -> None:
        self.settings.destination = choice

    def reload_projects(self) -> None:
        self.bar.set_projects_loading()
        self.reloadRequested.emit()

    def _on_projects(self, projects: list) -> None:
        self.projects_known = True
        self.bar.set_projects(projects, self.settings.destination.project_id)
        self.model.set_project_names(self.projects.names())
        urls = {p.id: p.url for p in projects if p.url}
        self.model.set_project_urls(urls, workspace_url(list(urls.values())))
