"""One running app per user: a second launch hands its files to the first and exits.

A QLocalServer named per user (and per home directory, so tests and the sandbox do not collide
with a real instance) receives one JSON line of paths from each later launch.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)
TIMEOUT_MS = 1000


def server_name(home: str) -> str:
    digest = hashlib.sha1(f"{getpass.getuser()}:{home}".encode()).hexdigest()[:12]
    return f"scripe-desktop-{digest}"


def forward_to_running(name: str, paths: list[str]) -> bool:
    """True if another instance is listening and took the paths (then this one should exit)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    socket.write((json.dumps({"paths": paths}) + "\n").encode())
    socket.flush()
    socket.waitForBytesWritten(TIMEOUT_MS)
    socket.waitForReadyRead(TIMEOUT_MS)  # the first instance answers "ok" once it has them
    socket.disconnectFromServer()
    return True


class SingleInstanceServer(QObject):
    """Emits ``pathsReceived(list[str])`` (possibly empty: "just show the window")."""

    pathsReceived = Signal(list)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_connection)
        self._buffers: dict[QLocalSocket, bytearray] = {}

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)  # a stale socket left by a crash
        ok = self.server.listen(self.name)
        if not ok:
            log.warning("single-instance server failed: %s", self.server.errorString())
        return ok

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = bytearray()
            socket.readyRead.connect(self._on_ready)
            socket.disconnected.connect(self._on_disconnected)

    @Slot()
    def _on_ready(self) -> None:
        socket = self.sender()
        if not isinstance(socket, QLocalSocket) or socket not in self._buffers:
            return
        buffer = self._buffers[socket]
        buffer.extend(bytes(socket.readAll().data()))
        if not buffer.endswith(b"\n"):
            return
        try:
            paths = [str(p) for p in json.loads(buffer.decode()).get("paths", [])]
        except (ValueError, AttributeError):
            paths = []
        buffer.clear()
        socket.write(b"ok\n")  # the client disconnects once it has read this
        socket.flush()
        self.pathsReceived.emit(paths)

    @Slot()
    def _on_disconnected(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket) and self._buffers.pop(socket, None) is not None:
            socket.deleteLater()

    def close(self) -> None:
        for socket in list(self._buffers):
            socket.readyRead.disconnect(self._on_ready)
            socket.disconnected.disconnect(self._on_disconnected)
            socket.abort()
        self._buffers.clear()
        self.server.close()
