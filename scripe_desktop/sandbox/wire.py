"""What goes on the wire: responses, the Scripe error envelope, S3 XML errors, ids."""

from __future__ import annotations

import hashlib
import json
import secrets
import string
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

DOCS_URL = "https://apidocs.scripe.io/errors#{code}"
_ALNUM = string.ascii_letters + string.digits

# Default error code for a bare status (fault injection, generic refusals).
CODE_FOR_STATUS = {
    400: "invalid_request",
    401: "invalid_token",
    402: "spend_cap_exceeded",
    403: "plan_not_eligible",
    404: "not_found",
    409: "idempotency_key_conflict",
    413: "payload_too_large",
    422: "unprocessable",
    429: "rate_limited",
    500: "internal_error",
    503: "service_unavailable",
}


@dataclass
class Response:
    """A complete response; ``close`` asks the server to end the connection after it."""

    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    close: bool = False

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


def random_id(prefix: str, length: int = 20) -> str:
    """``upl_…``, ``job_…`` etc.: opaque, so clients cannot come to depend on a shape."""
    return prefix + "".join(secrets.choice(_ALNUM) for _ in range(length))


def stable_id(prefix: str, seed: str, length: int = 16) -> str:
    """Like ``random_id``, but the same for the same seed: a sandbox started again with the same
    test key comes back with the same workspace and projects, so a window's queue from the last
    session still names them (``Sources · Interviews``, not a raw id)."""
    digest = hashlib.sha256(seed.encode()).digest()
    return prefix + "".join(_ALNUM[b % len(_ALNUM)] for b in digest[:length])


def request_id() -> str:
    return "req_" + secrets.token_hex(12)


def dumps(obj: Any) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def canonical_json(obj: Any) -> str:
    """Key order and spacing do not make two bodies different (idempotency comparison)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def json_response(status: int, obj: Any, headers: list[tuple[str, str]] | None = None) -> Response:
    return Response(status, dumps(obj), [("Content-Type", "application/json"), *(headers or [])])


class ApiError(Exception):
    """Raised anywhere in API handling; becomes the Scripe error envelope."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: dict[str, Any] | None = None,
        meta: dict[str, Any] | None = None,
        headers: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.meta = meta
        self.headers = headers or []


def error_response(err: ApiError, req_id: str) -> Response:
    body: dict[str, Any] = {
        "code": err.code,
        "message": err.message,
        "request_id": req_id,
        "docs_url": DOCS_URL.format(code=err.code),
    }
    if err.details is not None:
        body["details"] = err.details
    if err.meta is not None:
        body["meta"] = err.meta
    return json_response(err.status, {"error": body}, list(err.headers))


def s3_error(
    status: int, code: str, message: str, req_id: str, close: bool = False, **extra: str
) -> Response:
    """S3's XML error document (storage failures never use the Scripe envelope)."""
    parts = [f"<Code>{escape(code)}</Code>", f"<Message>{escape(message)}</Message>"]
    parts += [f"<{k}>{escape(v)}</{k}>" for k, v in extra.items()]
    parts.append(f"<RequestId>{escape(req_id)}</RequestId>")
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n<Error>' + "".join(parts) + "</Error>"
    headers = [("Content-Type", "application/xml"), ("x-amz-request-id", req_id)]
    return Response(status, xml.encode("utf-8"), headers, close=close)
