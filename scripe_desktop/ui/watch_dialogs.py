"""The small dialogs of the Watched folders page: where a folder's files go (and whether the
files already there go too), and what the folder ignores.

The ignore patterns are checked by ``engine/watch/rules.clean_patterns``, the same check
``scripe-desktop watch rules`` uses, so the window and the CLI accept and refuse the same lines.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from scripe_desktop.engine.events import AttachKind
from scripe_desktop.engine.watch import WatchedFolder
from scripe_desktop.engine.watch.rules import clean_patterns

from . import texts
from .app_settings import DestinationChoice


def remembered_destination(choice: DestinationChoice, projects: list[Any]) -> str | None:
    """The drop destination the person last chose, as a destination choice's data, when it
    can be used here: Knowledge, or Sources in a project still in the loaded list. A new
    watched folder starts there rather than at Knowledge, which they may never have picked."""
    if choice.kind is AttachKind.KNOWLEDGE:
        return "knowledge:"
    if choice.kind is AttachKind.SOURCE and any(p.id == choice.project_id for p in projects):
        return f"source:{choice.project_id}"
    return None


class AddFolderDialog(QDialog):
    """Where a folder's files go and, for a new folder, whether those already there go too."""

    def __init__(
        self,
        path: str,
        projects: list[Any],
        *,
        existing: tuple[int, int] | None,
        current: WatchedFolder | None = None,
        only_new: bool = False,
        default: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            self.tr("Watch a folder") if current is None else self.tr("Destination")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Files saved into “{path}” go to:").format(path=path)))
        self.destination = QComboBox()
        self.destination.addItem(self.tr("Knowledge (whole workspace)"), "knowledge:")
        for p in projects:
            self.destination.addItem(
                self.tr("Sources in {name}").format(name=p.name), f"source:{p.id}"
            )
        if current is not None:
            default = f"{current.attach}:{current.project_id or ''}"
        if default is not None:
            self.destination.setCurrentIndex(max(0, self.destination.findData(default)))
        layout.addWidget(self.destination)
        self.upload_existing = QRadioButton()
        self.only_new = QRadioButton(self.tr("Only new files"))
        if existing is not None:
            n, size = existing
            self.upload_existing.setText(
                texts.plural(self.tr("Also upload the %n file(s) already here", "", n), n)
                + f" ({texts.human_bytes(size)})"
            )
            (self.only_new if only_new else self.upload_existing).setChecked(True)
            layout.addWidget(self.upload_existing)
            layout.addWidget(self.only_new)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Watch this folder") if current is None or existing else self.tr("Save"))
        ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons

    def choice(self) -> tuple[str, str | None]:
        attach, _, project = str(self.destination.currentData()).partition(":")
        return attach, project or None


class RulesDialog(QDialog):
    """The folder's own ignore patterns (one per line) and whether hidden files go up."""

    def __init__(self, folder: WatchedFolder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("What this folder ignores"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "System and temporary files are always left out. Add your own patterns, one "
                "per line, for example *.wav or drafts/ (the same rules as .gitignore)."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.patterns = QPlainTextEdit("\n".join(folder.ignore))
        self.patterns.setTabChangesFocus(True)
        layout.addWidget(self.patterns)
        self.hidden = QCheckBox(self.tr("Also upload hidden files (names starting with a dot)"))
        self.hidden.setChecked(folder.include_hidden)
        layout.addWidget(self.hidden)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.result_rules: tuple[tuple[str, ...], bool] | None = None

    def accept(self) -> None:
        """Refuses a line the rules cannot read, saying which, and stays open."""
        try:
            patterns = clean_patterns(self.patterns.toPlainText().splitlines())
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.result_rules = (patterns, self.hidden.isChecked())
        super().accept()
