"""Typed errors built from the Scripe error envelope and from S3's XML errors.

The engine acts on ``ErrorKind`` alone, never on message strings: the class decides whether to
retry, stop the whole queue, or fail one item.
"""

from __future__ import annotations

import enum
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any


class ErrorKind(enum.StrEnum):
    RETRY = "retry"  # 429, 500, 503, network: try again later
    AUTH = "auth"  # 401: the key is bad; stop everything, ask for a new key
    PERMISSION = "permission"  # 403: missing scope or plan; stop, explain
    SPEND_CAP = "spend_cap"  # 402: attaching paused until a reset time
    ITEM = "item"  # 404/413/422 or a failed job: this file failed, others go on
    CLIENT_BUG = "client_bug"  # 400/409: our request was wrong; fail the item, log loudly
    EXPIRED = "expired"  # storage refused the URL (expired/used/signature): mint again


_KIND_BY_STATUS = {
    400: ErrorKind.CLIENT_BUG,
    401: ErrorKind.AUTH,
    402: ErrorKind.SPEND_CAP,
    403: ErrorKind.PERMISSION,
    404: ErrorKind.ITEM,
    409: ErrorKind.CLIENT_BUG,
    413: ErrorKind.ITEM,
    422: ErrorKind.ITEM,
    429: ErrorKind.RETRY,
}


class ScripeError(Exception):
    """Base of every error this package raises."""

    kind: ErrorKind = ErrorKind.RETRY
    retry_after: float | None = None


@dataclass
class ApiError(ScripeError):
    """An error response from the Scripe API (the ``{"error": {...}}`` envelope)."""

    status: int
    code: str
    message: str
    request_id: str | None = None
    docs_url: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    retry_after: float | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    @property
    def kind(self) -> ErrorKind:  # type: ignore[override]
        if self.status >= 500:
            return ErrorKind.RETRY
        return _KIND_BY_STATUS.get(self.status, ErrorKind.ITEM)

    def __str__(self) -> str:
        rid = f" (request {self.request_id})" if self.request_id else ""
        return f"{self.status} {self.code}: {self.message}{rid}"

    @classmethod
    def from_response(cls, status: int, body: Any, headers: Any) -> ApiError:
        env = body.get("error") if isinstance(body, dict) else None
        if not isinstance(env, dict):
            env = {}
        return cls(
            status=status,
            code=str(env.get("code") or f"http_{status}"),
            message=str(env.get("message") or f"HTTP {status}"),
            request_id=env.get("request_id") or headers.get("x-request-id"),
            docs_url=env.get("docs_url"),
            details=env.get("details") if isinstance(env.get("details"), dict) else {},
            meta=env.get("meta") if isinstance(env.get("meta"), dict) else {},
            retry_after=parse_retry_after(headers.get("retry-after")),
        )


class NetworkError(ScripeError):
    """The request never got an HTTP answer: DNS, refused, reset, timeout, TLS.

    For a storage PUT, not necessarily "offline": the engine asks the API before it words it
    (``api_answers``)."""

    kind = ErrorKind.RETRY
    api_answers: bool | None = None  # None: not asked


class StorageStalled(NetworkError):
    """Storage accepted no byte of a PUT (or sent no answer) for the stall time."""


class StorageUnreachable(NetworkError):
    """No connection to the storage address at all (refused, no route, connect timeout).

    A connection cut mid-transfer is a plain ``NetworkError``: that address still works."""


class ProtocolError(ScripeError):
    """A 2xx answer we could not understand (not JSON, missing fields)."""

    kind = ErrorKind.RETRY


@dataclass
class StorageError(ScripeError):
    """S3 refused the PUT. ``s3_code`` is S3's own code (``AccessDenied``, ...)."""

    status: int
    s3_code: str
    message: str

    def __post_init__(self) -> None:
        super().__init__(self.message)

    @property
    def kind(self) -> ErrorKind:  # type: ignore[override]
        if self.status == 403:
            return ErrorKind.EXPIRED
        if self.status >= 500 or self.status == 429:
            return ErrorKind.RETRY
        if self.s3_code in ("IncompleteBody", "RequestTimeout"):
            return ErrorKind.RETRY
        return ErrorKind.ITEM

    def __str__(self) -> str:
        return f"storage {self.status} {self.s3_code}: {self.message}"

    @classmethod
    def from_response(cls, status: int, text: str) -> StorageError:
        code, message = f"HTTP{status}", text[:200] or f"HTTP {status}"
        try:
            root = ET.fromstring(text)
            code = root.findtext("Code") or code
            message = root.findtext("Message") or message
        except ET.ParseError:
            pass
        return cls(status=status, s3_code=code, message=message)


class Cancelled(ScripeError):
    """The caller asked to stop this transfer (pause, cancel, shutdown)."""

    kind = ErrorKind.ITEM


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
