"""HTTP plumbing: one loopback ThreadingHTTPServer for the API, the storage and the admin API.

HTTP/1.1 with keep-alive; every response has a Content-Length; request bodies are always read
to the end, or the connection is closed gracefully ("lingering close": stop writing, drain what
the client still sends) so an early refusal is not lost to a TCP reset.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import socketserver
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from .admin import handle_admin
from .api_routes import API_BODY_LIMIT, ApiRequest, handle_api
from .app_pages import APP_PREFIX, handle_app
from .storage import handle_storage, header_dict
from .wire import ApiError, Response, error_response, random_id, request_id, s3_error

if TYPE_CHECKING:
    from .sandbox import Sandbox

log = logging.getLogger("scripe_desktop.sandbox")
DRAIN_SECONDS = 15.0


class BodyTooLarge(Exception):
    """A request body (API or admin) over the limit; it is left unread and the connection closed."""


class SandboxServer(ThreadingHTTPServer):
    """Tracks open connections so :meth:`close_connections` can end idle keep-alives on stop."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind does a reverse DNS lookup (getfqdn): slow and useless here.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def close_connections(self) -> None:
        with self.connections_lock:
            for conn in list(self.connections):
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ScripeSandbox/1.0"
    sys_version = ""
    timeout = 120
    disable_nagle_algorithm = True  # small answers must not wait for the client's delayed ACK
    server: SandboxServer

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()
        with self.server.connections_lock:
            self.server.connections.discard(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:
        self._dispatch()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_GET

    # --- dispatch --------------------------------------------------------------------------------

    def _dispatch(self) -> None:
        path = urlsplit(self.path).path
        kind = "api" if path == "/v1" or path.startswith("/v1/") else "storage"
        if path.startswith("/_sandbox/"):
            kind = "admin"
        elif path == APP_PREFIX or path.startswith(APP_PREFIX + "/"):
            kind = "app"  # the sandbox's stand-in for Scripe's web pages (app_pages.py)
        try:
            response = self._route(kind)
        except Exception:
            log.exception("sandbox bug while answering %s %s", self.command, self.path)
            response = self._internal_error(kind)
        if response is None:
            self.close_connection = True
            return
        try:
            self._send(response)
        except OSError:
            self.close_connection = True

    def _route(self, kind: str) -> Response | None:
        sandbox = self.server.sandbox
        if kind == "storage":
            delay = sandbox.faults.take_delay(self.command, self.path, True)
            if delay > 0:
                time.sleep(delay)
            return handle_storage(sandbox.state, self)
        split = urlsplit(self.path)
        if kind == "app":
            return handle_app(sandbox.state, self.command, split.path)
        try:
            body: bytes | None = self._read_body(API_BODY_LIMIT)
        except BodyTooLarge:
            body = None
        if kind == "admin":
            if body is None:
                return Response(413, b'{"error":"body too large"}', close=True)
            return handle_admin(sandbox, self.command, split.path, body)
        req = ApiRequest(
            method=self.command,
            path=split.path,
            query=parse_qs(split.query, keep_blank_values=True),
            headers=header_dict(self),
            body=body,
        )
        return handle_api(sandbox.state, req)

    def _internal_error(self, kind: str) -> Response:
        if kind == "storage":
            return s3_error(500, "InternalError", "Sandbox bug; see its log.", random_id(""), True)
        rid = request_id()
        resp = error_response(ApiError(500, "internal_error", "Sandbox bug; see its log."), rid)
        resp.headers.append(("X-Request-Id", rid))
        resp.close = True
        return resp

    # --- bodies ----------------------------------------------------------------------------------

    def _read_body(self, limit: int) -> bytes:
        """The whole body (Content-Length or chunked); :class:`BodyTooLarge` over ``limit``."""
        te = self.headers.get("Transfer-Encoding", "")
        if "chunked" in te.lower():
            return self._read_chunked(limit)
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            return b""
        try:
            length = int(length_text)
        except ValueError as exc:
            raise BodyTooLarge from exc
        if length > limit or length < 0:
            raise BodyTooLarge
        return self.rfile.read(length)

    def _read_chunked(self, limit: int) -> bytes:
        parts: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            size = int(line.split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(parts)
            total += size
            if total > limit:
                raise BodyTooLarge
            parts.append(self.rfile.read(size))
            self.rfile.readline(1024)

    # --- responses -------------------------------------------------------------------------------

    def _send(self, resp: Response) -> None:
        self.send_response(resp.status)
        for name, value in resp.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(resp.body)))
        if resp.close:
            self.send_header("Connection", "close")
        # Headers and body in one write: one segment for small answers.
        self._headers_buffer.append(b"\r\n")  # type: ignore[attr-defined]
        if self.command != "HEAD" and resp.body:
            self._headers_buffer.append(resp.body)  # type: ignore[attr-defined]
        self.flush_headers()
        if resp.close:
            self.close_connection = True
            self._linger()

    def _linger(self) -> None:
        """Half-close, then discard what the client still sends so it can read our answer."""
        try:
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(1.0)
            deadline = time.monotonic() + DRAIN_SECONDS
            while time.monotonic() < deadline:
                if not self.rfile.read1(1024 * 1024):  # type: ignore[attr-defined]
                    break
        except OSError:
            pass
