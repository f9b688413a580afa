"""Whole-queue conditions above the queue, one row each, each with exactly one action.

Key rejected → "Enter a new key"; missing permission → "Change key"; daily limit → when it
resumes; offline → "Waiting for connection…"; rate limited → when it resumes; a deprecation
notice → "Dismiss". The technical detail is in the row's tooltip and the log, not the sentence.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from scripe_desktop.engine.events import Condition, ConditionKind

from . import icons, texts

# Most important first: what stops everything comes before what only slows things down.
_ORDER = [
    ConditionKind.KEY_NEEDED,
    ConditionKind.PERMISSION,
    ConditionKind.SPEND_CAP,
    ConditionKind.OFFLINE,
    ConditionKind.RATE_LIMITED,
    ConditionKind.DEPRECATION,
]
_ICONS = {
    ConditionKind.KEY_NEEDED: "key",
    ConditionKind.PERMISSION: "key",
    ConditionKind.SPEND_CAP: "waiting",
    ConditionKind.OFFLINE: "offline",
    ConditionKind.RATE_LIMITED: "waiting",
    ConditionKind.DEPRECATION: "info",
}


class BannerRow(QFrame):
    """One condition: icon, sentence, one button (or a plain note when nothing can be done)."""

    def __init__(
        self, condition: Condition, sentence: str, action: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.condition = condition
        self.setObjectName("bannerRow")
        self.setAccessibleName(sentence)
        pal = QApplication.palette()
        accent = pal.color(QPalette.ColorRole.Highlight)
        bg = pal.color(QPalette.ColorRole.Highlight)
        bg.setAlpha(36)
        self.setStyleSheet(
            f"#bannerRow {{ border: 1px solid {accent.name()}; border-radius: 6px;"
            f" background: {bg.name(bg.NameFormat.HexArgb)}; }}"
        )
        icon = QLabel()
        icon.setPixmap(icons.icon(_ICONS.get(condition.kind, "info")).pixmap(QSize(20, 20)))
        self.label = QLabel(sentence)
        self.label.setWordWrap(True)
        if condition.detail:
            self.setToolTip(condition.detail)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(icon)
        layout.addWidget(self.label, 1)
        self.button: QPushButton | None = None
        if action:
            self.button = QPushButton(action)
            self.button.setAccessibleName(action)
            layout.addWidget(self.button)


class Banner(QWidget):
    """Shows the engine's current conditions; emits ``actionRequested(kind)`` for a button."""

    actionRequested = Signal(object)  # ConditionKind

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Notices"))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._rows: list[BannerRow] = []
        self._dismissed: set[str] = set()
        self._conditions: tuple[Condition, ...] = ()
        self.hide()

    @property
    def conditions(self) -> tuple[Condition, ...]:
        return self._conditions

    @property
    def rows(self) -> list[BannerRow]:
        return list(self._rows)

    def row_for(self, kind: ConditionKind) -> BannerRow | None:
        return next((r for r in self._rows if r.condition.kind is kind), None)

    def set_conditions(self, conditions: tuple[Condition, ...]) -> None:
        self._conditions = tuple(conditions)
        for row in self._rows:
            row.setParent(None)
            row.deleteLater()
        self._rows = []
        ordered = sorted(
            (c for c in conditions if self._key(c) not in self._dismissed),
            key=lambda c: _ORDER.index(c.kind) if c.kind in _ORDER else len(_ORDER),
        )
        for condition in ordered:
            sentence, action = self.describe(condition)
            row = BannerRow(condition, sentence, action, self)
            if row.button is not None:
                kind = condition.kind
                row.button.clicked.connect(lambda _=False, k=kind: self._on_action(k))
            self._layout.addWidget(row)
            self._rows.append(row)
        self.setVisible(bool(self._rows))

    @staticmethod
    def _key(condition: Condition) -> str:
        return f"{condition.kind}:{condition.message}"

    def _on_action(self, kind: ConditionKind) -> None:
        if kind is ConditionKind.DEPRECATION:  # informational: dismissing is the action
            for c in self._conditions:
                if c.kind is kind:
                    self._dismissed.add(self._key(c))
            self.set_conditions(self._conditions)
        self.actionRequested.emit(kind)

    def describe(self, condition: Condition) -> tuple[str, str | None]:
        """Plain sentence and the button text (None: a note that clears by itself)."""
        kind = condition.kind
        if kind is ConditionKind.KEY_NEEDED:
            return (
                self.tr(
                    "Scripe no longer accepts your API key. Uploads are paused and nothing is lost."
                ),
                self.tr("Enter a new key"),
            )
        if kind is ConditionKind.PERMISSION:
            return (
                condition.message or self.tr("Your key is not allowed to do this."),
                self.tr("Change key"),
            )
        if kind is ConditionKind.SPEND_CAP:
            when = texts.clock_time(condition.until) if condition.until else None
            if when:
                text = self.tr(
                    "Your workspace reached its daily limit. Files keep uploading "
                    "and are added to Scripe at {time}."
                ).format(time=when)
            else:
                text = self.tr(
                    "Your workspace reached its daily limit. Files keep uploading "
                    "and are added to Scripe when the limit resets."
                )
            return text, self.tr("Try now")
        if kind is ConditionKind.OFFLINE:
            return self.tr(
                "Waiting for connection… Uploads continue by themselves once Scripe can be reached."
            ), None
        if kind is ConditionKind.RATE_LIMITED:
            if condition.until:
                return self.tr("Scripe asked us to slow down; continuing at {time}.").format(
                    time=texts.clock_time(condition.until)
                ), None
            return self.tr("Scripe asked us to slow down; continuing shortly."), None
        if kind is ConditionKind.ENGINE_STOPPED:
            return (
                self.tr("Uploading stopped unexpectedly. Nothing is lost."),
                self.tr("Restart uploading"),
            )
        if kind is ConditionKind.DEPRECATION:
            return (
                self.tr("Notice from Scripe: {message}").format(message=condition.message),
                self.tr("Dismiss"),
            )
        return condition.message, None
