"""Typed access to the app's QSettings. The API key is never stored here (it lives in the keyring).

Why a wrapper: keys and defaults in one place, conversion from QSettings' loose types in one
place, and tests inject a QSettings pointing into ``tmp_path``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings

from scripe_desktop.contract import DEFAULT_API_BASE
from scripe_desktop.engine.events import AttachKind, Target

ORGANIZATION = "Scripe"
APPLICATION = "Scripe Desktop"


@dataclass(frozen=True)
class DestinationChoice:
    """What the destination bar remembers: kind plus the project for sources (may be unset)."""

    kind: AttachKind
    project_id: str | None = None

    def target(self) -> Target | None:
        """The engine target, or None while sources still lack a project."""
        if self.kind is AttachKind.SOURCE and not self.project_id:
            return None
        if self.kind is AttachKind.NONE:
            return Target(AttachKind.NONE)
        if self.kind is AttachKind.KNOWLEDGE:
            return Target(AttachKind.KNOWLEDGE)
        return Target(self.kind, self.project_id)


class AppSettings:
    """The app's preferences (destination, concurrency, bandwidth, API base URL)."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = settings if settings is not None else QSettings(ORGANIZATION, APPLICATION)

    def _str(self, key: str, default: str = "") -> str:
        value = self.qsettings.value(key, default)
        return str(value) if value is not None else default

    def _int(self, key: str, default: int) -> int:
        try:
            return int(self.qsettings.value(key, default))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return default

    @property
    def destination(self) -> DestinationChoice:
        try:
            kind = AttachKind(self._str("destination/kind", AttachKind.KNOWLEDGE.value))
        except ValueError:
            kind = AttachKind.KNOWLEDGE
        if kind is AttachKind.NONE:
            # The window no longer offers "Upload only" (Scripe deletes an unattached upload
            # after 24 h and nothing here could attach it later); an old choice means Knowledge.
            kind = AttachKind.KNOWLEDGE
        return DestinationChoice(kind, self._str("destination/project_id") or None)

    @property
    def destination_chosen(self) -> bool:
        """False until the person has picked a destination once: a first drop then waits for
        their choice instead of going to a default they never saw."""
        return bool(self.qsettings.contains("destination/kind"))

    @destination.setter
    def destination(self, choice: DestinationChoice) -> None:
        self.qsettings.setValue("destination/kind", choice.kind.value)
        self.qsettings.setValue("destination/project_id", choice.project_id or "")

    @property
    def concurrency(self) -> int:
        return max(1, min(16, self._int("uploads/concurrency", 4)))

    @concurrency.setter
    def concurrency(self, n: int) -> None:
        self.qsettings.setValue("uploads/concurrency", int(n))

    @property
    def rate_limit_kbps(self) -> int:
        """Bandwidth limit in KB/s; 0 means unlimited."""
        return max(0, self._int("uploads/rate_limit_kbps", 0))

    @rate_limit_kbps.setter
    def rate_limit_kbps(self, kbps: int) -> None:
        self.qsettings.setValue("uploads/rate_limit_kbps", max(0, int(kbps)))

    @property
    def rate_limit_bps(self) -> int | None:
        kbps = self.rate_limit_kbps
        return kbps * 1024 if kbps else None

    @property
    def api_base(self) -> str:
        return self._str("advanced/api_base", DEFAULT_API_BASE) or DEFAULT_API_BASE

    @api_base.setter
    def api_base(self, url: str) -> None:
        self.qsettings.setValue("advanced/api_base", url.strip() or DEFAULT_API_BASE)

    def _bytes(self, key: str) -> QByteArray:
        value = self.qsettings.value(key)
        return value if isinstance(value, QByteArray) else QByteArray()

    @property
    def window_geometry(self) -> QByteArray:
        return self._bytes("window/geometry")

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", value)

    @property
    def header_state(self) -> QByteArray:
        return self._bytes("window/queue_header")

    @header_state.setter
    def header_state(self, value: QByteArray) -> None:
        self.qsettings.setValue("window/queue_header", value)

    @property
    def header_user_sized(self) -> bool:
        """Whether the user dragged a column edge (else the columns keep fitting the window)."""
        return self._str("window/queue_header_user_sized", "false") == "true"

    @header_user_sized.setter
    def header_user_sized(self, on: bool) -> None:
        self.qsettings.setValue("window/queue_header_user_sized", "true" if on else "false")

    @property
    def dismissed_notices(self) -> set[str]:
        value = self.qsettings.value("notices/dismissed", [])
        if isinstance(value, str):
            value = [value]
        return {str(v) for v in (value or [])}

    def dismiss_notice(self, key: str) -> None:
        self.qsettings.setValue("notices/dismissed", sorted(self.dismissed_notices | {key}))

    def sync(self) -> None:
        self.qsettings.sync()
