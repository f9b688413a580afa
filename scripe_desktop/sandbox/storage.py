"""The S3 stand-in: strict checks on presigned PUTs and a streaming, all-or-nothing write.

Bodies are read in 1 MiB ``readinto`` calls into one reused buffer and hashed as they go, so
memory stays flat whatever the object size; the object only appears under its final name once
every byte has arrived (S3 never exposes partial objects).
"""

from __future__ import annotations

import hashlib
import os
import socket
import struct
import tempfile
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from .clock import iso
from .presign import verify
from .state import State, Upload
from .wire import Response, random_id, s3_error

CHUNK = 1024 * 1024
FAULT_S3_CODES = {403: "AccessDenied", 500: "InternalError", 503: "SlowDown", 400: "BadRequest"}


def header_dict(handler: BaseHTTPRequestHandler) -> dict[str, str]:
    """All request headers, lower-case names (repeated headers joined with ``, ``)."""
    out: dict[str, str] = {}
    for name, value in handler.headers.items():
        key = name.lower()
        out[key] = f"{out[key]}, {value}" if key in out else value
    return out


def handle_storage(state: State, handler: BaseHTTPRequestHandler) -> Response | None:
    """Answer one storage request; ``None`` means the connection was cut on purpose."""
    req_id = random_id("", 16).upper()
    headers = header_dict(handler)
    record: dict[str, Any] = {
        "method": handler.command,
        "path": handler.path,
        "headers": headers,
        "status": None,
        "requestId": req_id,
        "bytesReceived": 0,
        "outcome": None,
    }
    with state.lock:
        state.storage_live[req_id] = record
        state.storage_peak = max(state.storage_peak, len(state.storage_live))
    try:
        response = _handle(state, handler, headers, req_id, record)
    except OSError:
        response = None
        record["outcome"] = "connection error"
    if response is not None:
        record["status"] = response.status
        record["outcome"] = record["outcome"] or ("stored" if response.status == 200 else "refused")
    with state.lock:
        del state.storage_live[req_id]
        state.storage_log.append(record)
    return response


def _declared_body(headers: dict[str, str]) -> bool:
    return "transfer-encoding" in headers or headers.get("content-length", "0").strip() != "0"


def _handle(
    state: State,
    handler: BaseHTTPRequestHandler,
    headers: dict[str, str],
    req_id: str,
    record: dict[str, Any],
) -> Response | None:
    has_body = _declared_body(headers)

    def refuse(status: int, code: str, message: str, **extra: str) -> Response:
        return s3_error(status, code, message, req_id, close=has_body, **extra)

    if handler.command != "PUT":
        return refuse(405, "MethodNotAllowed", "The sandbox storage only accepts presigned PUTs.")
    fault = state.faults.take_failure("PUT", handler.path, True)
    if fault is not None:
        code = fault.code or FAULT_S3_CODES.get(fault.status, "InternalError")
        resp = refuse(fault.status, code, "Injected by the sandbox (faults.fail_next).")
        if fault.retry_after is not None:
            resp.headers.append(("Retry-After", str(round(fault.retry_after))))
        return resp
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return refuse(
            501,
            "NotImplemented",
            "A header you provided implies functionality that is not implemented",
            Header="Transfer-Encoding",
        )
    length_text = headers.get("content-length")
    if length_text is None:
        return s3_error(
            411,
            "MissingContentLength",
            "You must provide the Content-Length HTTP header.",
            req_id,
            close=True,
        )
    if not length_text.strip().isdigit():
        return s3_error(
            400, "InvalidArgument", "Content-Length is not a number.", req_id, close=True
        )
    length = int(length_text)
    if "authorization" in headers:
        return refuse(
            400,
            "InvalidArgument",
            "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, "
            "Signature query string parameter or the Authorization header should be specified",
            ArgumentName="Authorization",
        )
    scripe = sorted(h for h in headers if h.startswith("scripe-"))
    if scripe:
        return refuse(
            400,
            "InvalidArgument",
            f"Storage requests must not carry Scripe API headers ({', '.join(scripe)}); "
            "use a separate HTTP client for storage.",
            ArgumentName=scripe[0],
        )
    verdict = verify("PUT", handler.path, headers)
    if verdict.code is not None:
        return refuse(verdict.status, verdict.code, verdict.message)
    bucket, _, key = handler.path.partition("?")[0].lstrip("/").partition("/")
    with state.lock:
        upload = state.uploads_by_object.get((bucket, key))
        now = state.clock.now()
        if upload is None:
            return refuse(403, "AccessDenied", "Access Denied")
        if upload.url_revoked or now > verdict.signed_at + verdict.expires:
            return refuse(
                403,
                "AccessDenied",
                "Request has expired",
                Expires=iso(verdict.signed_at + verdict.expires),
                ServerTime=iso(now),
            )
        if upload.received:
            return refuse(403, "AccessDenied", "This upload URL has already been used.")
    if length > upload.max_size:
        return refuse(
            400,
            "EntityTooLarge",
            "Your proposed upload exceeds the maximum allowed size",
            ProposedSize=str(length),
            MaxSizeAllowed=str(upload.max_size),
        )
    return _receive(state, handler, upload, length, req_id, record)


def _receive(
    state: State,
    handler: BaseHTTPRequestHandler,
    upload: Upload,
    length: int,
    req_id: str,
    record: dict[str, Any],
) -> Response | None:
    """Stream the body to a temp file; rename it into place only when complete."""
    cut_after = state.faults.take_cut()
    fd, tmp_name = tempfile.mkstemp(dir=state.tmp_dir, prefix=upload.id + ".")
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    buf = bytearray(CHUNK)
    view = memoryview(buf)
    received = 0
    complete = False
    try:
        with os.fdopen(fd, "wb", buffering=0) as out:
            while received < length:
                want = min(CHUNK, length - received)
                if cut_after is not None:
                    want = min(want, cut_after - received)
                    if want <= 0:
                        break
                try:
                    n = handler.rfile.readinto(view[:want])  # type: ignore[attr-defined]
                except (TimeoutError, OSError):
                    n = 0
                if not n:
                    break
                chunk = view[:n]
                digest.update(chunk)
                out.write(chunk)
                received += n
                record["bytesReceived"] = received  # live: tests see a PUT that is underway
        record["bytesReceived"] = received
        complete = received == length
        if cut_after is not None and not complete:
            record["outcome"] = f"cut after {received} bytes (faults.cut_put_after)"
            _abort_connection(handler)
            return None
        if not complete:
            record["outcome"] = f"incomplete: {received} of {length} bytes"
            return s3_error(
                400,
                "IncompleteBody",
                "You did not provide the number of bytes specified by the Content-Length "
                "HTTP header.",
                req_id,
                close=True,
            )
        with state.lock:
            if upload.received:
                return s3_error(
                    403, "AccessDenied", "This upload URL has already been used.", req_id
                )
            final = state.objects_dir / upload.id
            os.replace(tmp, final)
            upload.received = True
            upload.size = received
            upload.sha256 = digest.hexdigest()
            upload.path = final
        etag = f'"{digest.hexdigest()[:32]}"'
        return Response(200, b"", [("ETag", etag), ("x-amz-request-id", req_id)])
    finally:
        tmp.unlink(missing_ok=True)  # gone already when renamed into place


def _abort_connection(handler: BaseHTTPRequestHandler) -> None:
    """Drop the connection with a reset, as a dying proxy or network would."""
    conn: socket.socket = handler.connection  # type: ignore[attr-defined]
    try:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()
    except OSError:
        pass
    handler.close_connection = True
