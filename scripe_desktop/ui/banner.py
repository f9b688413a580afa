"""Whole-queue conditions above the queue, one row each, each with at most one action.

Not connected → "Connect…" (worded apart for "never connected" and "key revoked");
missing permission → "Change key"; daily limit → when it resumes; offline → "Waiting for
connection…"; rate limited → when it resumes; a deprecation notice → its date in the user's
format, a link to the update and "Dismiss" (remembered). Errors, waits and notices look
different. The technical detail is in the row's tooltip and the log, not the sentence.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable

from PySide6.QtCore import QDate, QLocale, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPalette
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

from . import icons, reasons, texts
from .links import DESKTOP_UPDATE_URL, open_link

UPDATE_URL = DESKTOP_UPDATE_URL


class Tone(enum.Enum):
    ERROR = "error"  # nothing moves until the user acts
    WAIT = "wait"  # clears by itself
    NOTICE = "notice"  # for information


class Account(enum.StrEnum):
    """What the window knows about the key (the banner's permanent row)."""

    UNKNOWN = "unknown"
    CONNECTED = "connected"
    NEVER = "never"  # no key yet (first start, cancelled onboarding, key removed)
    REVOKED = "revoked"  # Scripe refused the key it had


_TONES = {
    ConditionKind.KEY_NEEDED: Tone.ERROR,
    ConditionKind.PERMISSION: Tone.ERROR,
    ConditionKind.ENGINE_STOPPED: Tone.ERROR,
    ConditionKind.QUEUE_UNWRITABLE: Tone.ERROR,
    ConditionKind.SPEND_CAP: Tone.WAIT,
    ConditionKind.OFFLINE: Tone.WAIT,
    ConditionKind.RATE_LIMITED: Tone.WAIT,
    ConditionKind.DEPRECATION: Tone.NOTICE,
}
_TONE_COLORS = {Tone.ERROR: "#d0342c", Tone.WAIT: "#c98a00"}

# Most important first: what stops everything comes before what only slows things down.
_ORDER = [
    ConditionKind.QUEUE_UNWRITABLE,
    ConditionKind.ENGINE_STOPPED,
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
        self,
        condition: Condition,
        sentence: str,
        action: str | None,
        parent: QWidget | None = None,
        *,
        tone: Tone | None = None,
    ) -> None:
        super().__init__(parent)
        self.condition = condition
        self.tone = tone or _TONES.get(condition.kind, Tone.NOTICE)
        self.setObjectName("bannerRow")
        self.setProperty("tone", self.tone.value)
        self.setAccessibleName(sentence)
        pal = QApplication.palette()
        accent = (
            QColor(_TONE_COLORS[self.tone])
            if self.tone in _TONE_COLORS
            else pal.color(QPalette.ColorRole.Highlight)
        )
        bg = QColor(accent)
        bg.setAlpha(40 if self.tone is Tone.ERROR else 30)
        width = 2 if self.tone is Tone.ERROR else 1
        self.setStyleSheet(
            f"#bannerRow {{ border: {width}px solid {accent.name()}; border-radius: 6px;"
            f" background: {bg.name(bg.NameFormat.HexArgb)}; }}"
        )
        icon_name = {Tone.ERROR: "error", Tone.WAIT: "waiting"}.get(self.tone, "info")
        if condition.kind in (ConditionKind.KEY_NEEDED, ConditionKind.PERMISSION):
            icon_name = "key"
        elif condition.kind is ConditionKind.OFFLINE:
            icon_name = "offline"
        icon = QLabel()
        icon.setPixmap(icons.icon(icon_name).pixmap(QSize(20, 20)))
        self.label = QLabel(sentence)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        # Our own opener, not QLabel's: it says so when no browser can be opened.
        self.label.linkActivated.connect(lambda url: open_link(url, self.window()))
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

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        dismissed: set[str] | None = None,
        on_dismiss: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Notices"))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._rows: list[BannerRow] = []
        self._dismissed: set[str] = set(dismissed or ())
        self._on_dismiss = on_dismiss
        self._conditions: tuple[Condition, ...] = ()
        self._account = Account.UNKNOWN
        self.hide()

    @property
    def account(self) -> Account:
        return self._account

    def set_account(self, account: Account) -> None:
        """The permanent "Connect your Scripe account" row while no key works."""
        if account is not self._account:
            self._account = account
            self.set_conditions(self._conditions)

    def _account_condition(self) -> Condition | None:
        if self._account not in (Account.NEVER, Account.REVOKED):
            return None
        detail = next(
            (c.detail for c in self._conditions if c.kind is ConditionKind.KEY_NEEDED), None
        )
        return Condition(ConditionKind.KEY_NEEDED, "", detail)

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
        shown = [c for c in conditions if self._key(c) not in self._dismissed]
        account = self._account_condition()
        if account is not None:  # one row about the key, worded for this account state
            shown = [c for c in shown if c.kind is not ConditionKind.KEY_NEEDED] + [account]
        ordered = sorted(
            shown, key=lambda c: _ORDER.index(c.kind) if c.kind in _ORDER else len(_ORDER)
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
        # the raw header for a deprecation: the same notice stays dismissed across restarts
        return f"{condition.kind}:{condition.detail or condition.message}"

    def _on_action(self, kind: ConditionKind) -> None:
        if kind is ConditionKind.DEPRECATION:  # informational: dismissing is the action
            for c in self._conditions:
                if c.kind is kind:
                    self._dismissed.add(self._key(c))
                    if self._on_dismiss is not None:
                        self._on_dismiss(self._key(c))
            self.set_conditions(self._conditions)
        self.actionRequested.emit(kind)

    def describe(self, condition: Condition) -> tuple[str, str | None]:
        """Plain sentence and the button text (None: a note that clears by itself)."""
        kind = condition.kind
        if kind is ConditionKind.KEY_NEEDED:
            if self._account is Account.REVOKED or (
                self._account is not Account.NEVER and condition.detail
            ):
                return (
                    self.tr(
                        "<b>Scripe no longer accepts your API key</b> (it was revoked or has "
                        "expired). Uploads already under way finish, but nothing is added to "
                        "Scripe until you enter a new key. Your queue is kept."
                    ),
                    self.tr("Enter a new key…"),
                )
            return (
                self.tr(
                    "<b>Connect your Scripe account</b> to start uploading. Files you add "
                    "wait in the queue until then."
                ),
                self.tr("Connect…"),
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
                "Waiting for a connection… Uploads continue by themselves once Scripe can be "
                "reached."
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
        if kind is ConditionKind.QUEUE_UNWRITABLE:  # worded in reasons.py (hardening)
            return reasons.queue_unwritable(condition.data or {}), None
        if kind is ConditionKind.DEPRECATION:
            sunset = sunset_date(condition.detail)
            link = f'<a href="{UPDATE_URL}">{self.tr("Get the update")}</a>'
            if sunset is not None:
                when = QLocale().toString(sunset, QLocale.FormatType.LongFormat)
                text = self.tr(
                    "Scripe will stop supporting this version of the app on {date}. {link}"
                ).format(date=when, link=link)
            else:
                text = self.tr(
                    "Scripe will soon stop supporting this version of the app. {link}"
                ).format(link=link)
            return text, self.tr("Dismiss")
        return condition.message, None


def sunset_date(raw: str | None) -> QDate | None:
    """The date in ``Scripe-Deprecation: <ver>; sunset=<date>; …`` (ISO or HTTP date)."""
    if not raw:
        return None
    match = re.search(r"sunset=\s*\"?([^;\"]+)", raw)
    if not match:
        return None
    value = match.group(1).strip()
    date = QDate.fromString(value[:10], Qt.DateFormat.ISODate)
    if date.isValid():
        return date
    from email.utils import parsedate_to_datetime

    try:
        d = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return QDate(d.year, d.month, d.day)
