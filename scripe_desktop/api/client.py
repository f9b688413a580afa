"""The Scripe API client: one method per endpoint the app uses, typed results, typed errors."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx

from scripe_desktop import __version__
from scripe_desktop.contract import (
    API_VERSION,
    DEFAULT_API_BASE,
    is_valid_idempotency_key,
    is_valid_key_format,
    strip_params,
)

from .errors import ApiError, NetworkError, ProtocolError
from .models import Deprecation, Job, Project, Upload, WorkspaceInfo
from .network import http_client, is_allowed_url

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


class MalformedKeyError(ValueError):
    """The key does not look like a Scripe key; it was not sent anywhere."""


def check_base_url(base_url: str) -> str:
    """Only https, except plain http to this computer (the sandbox): see network.py."""
    if is_allowed_url(base_url):
        return base_url.strip().rstrip("/")
    if urlsplit(base_url.strip()).scheme == "http":
        raise ValueError(
            f"API address must start with https:// (got {base_url!r}); plain http is only "
            "allowed to 127.0.0.1, ::1 or localhost"
        )
    raise ValueError(f"API address must start with https:// (got {base_url!r})")


def normalize_key(key: str) -> str:
    """Trim a pasted key and check its shape before it is ever sent."""
    key = key.strip()
    if not is_valid_key_format(key):
        raise MalformedKeyError(
            "That doesn't look like a Scripe API key. Keys start with "
            "“scripe_sk_live_” or “scripe_sk_test_”."
        )
    return key


class ScripeClient:
    """Thread-safe client for ``/v1``. One instance per key; share it between workers."""

    def __init__(
        self,
        api_key: str,
        base_url: str = DEFAULT_API_BASE,
        *,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        on_deprecation: Callable[[Deprecation], None] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = check_base_url(base_url)
        self._key = normalize_key(api_key)
        self._on_deprecation = on_deprecation
        self._seen_deprecations: set[str] = set()
        self._lock = threading.Lock()
        self.deprecation: Deprecation | None = None
        self._http = http_client(
            self.base_url,
            base_url=self.base_url + "/v1",
            timeout=timeout,
            verify=True,
            transport=transport,
            headers={
                "Scripe-Api-Version": API_VERSION,
                "User-Agent": f"ScripeDesktop/{__version__}",
                "Accept": "application/json",
            },
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ScripeClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
        auth: bool = True,
    ) -> tuple[Any, httpx.Response]:
        headers: dict[str, str] = {}
        if auth:
            headers["Authorization"] = f"Bearer {self._key}"
        if idempotency_key is not None:
            if not is_valid_idempotency_key(idempotency_key):
                # The server silently ignores malformed keys, which would defeat exactly-once.
                raise ValueError("idempotency key must be 1-64 chars of [A-Za-z0-9_-]")
            headers["Idempotency-Key"] = idempotency_key
        try:
            resp = self._http.request(method, path, json=json, params=params, headers=headers)
        except httpx.TimeoutException as exc:
            raise NetworkError(f"{method} {path}: timed out ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise NetworkError(f"{method} {path}: {type(exc).__name__}: {exc}") from exc
        self._note_deprecation(resp)
        try:
            body = resp.json() if resp.content else None
        except ValueError:
            body = None
        if resp.status_code >= 400:
            err = ApiError.from_response(resp.status_code, body, resp.headers)
            log.warning("%s %s failed: %s", method, path, err)
            raise err
        if body is None:
            raise ProtocolError(f"{method} {path}: HTTP {resp.status_code} without a JSON body")
        return body, resp

    def _note_deprecation(self, resp: httpx.Response) -> None:
        raw = resp.headers.get("scripe-deprecation")
        if not raw:
            return
        with self._lock:
            first = raw not in self._seen_deprecations
            self._seen_deprecations.add(raw)
            self.deprecation = Deprecation.parse(raw)
        if first:
            log.warning("Scripe API deprecation notice: %s", raw)
            if self._on_deprecation:
                self._on_deprecation(self.deprecation)

    @staticmethod
    def _data(body: Any, what: str) -> dict[str, Any]:
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, dict):
            raise ProtocolError(f"{what}: response has no data object")
        return data

    # -- endpoints ------------------------------------------------------------------------

    def health(self) -> str:
        body, _ = self._request("GET", "/health", auth=False)
        return str(body.get("status", "unknown"))

    def workspace_me(self) -> WorkspaceInfo:
        body, _ = self._request("GET", "/workspaces/me")
        return WorkspaceInfo.from_json(body)

    def iter_projects(self, page_size: int = 50) -> Iterator[Project]:
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"limit": page_size}
            if cursor:
                params["cursor"] = cursor
            body, _ = self._request("GET", "/projects", params=params)
            for item in body.get("data") or []:
                yield Project.from_json(item)
            page = body.get("pagination") or {}
            cursor = page.get("next_cursor")
            if not page.get("has_more") or not cursor:
                return

    def list_projects(self, page_size: int = 50) -> list[Project]:
        """Every project, following cursors."""
        return list(self.iter_projects(page_size))

    def mint_upload(self, content_type: str, size: int, idempotency_key: str) -> Upload:
        body, _ = self._request(
            "POST",
            "/uploads",
            json={"contentType": strip_params(content_type), "maxSizeBytes": size},
            idempotency_key=idempotency_key,
        )
        return Upload.from_json(self._data(body, "mint upload"))

    def attach_source(
        self, project_id: str, upload_id: str, name: str, idempotency_key: str
    ) -> Job:
        payload = {"type": "file", "projectId": project_id, "uploadId": upload_id, "name": name}
        body, _ = self._request("POST", "/sources", json=payload, idempotency_key=idempotency_key)
        return Job.from_json(self._data(body, "attach source"))

    def attach_knowledge(
        self, upload_id: str, name: str, idempotency_key: str, project_id: str | None = None
    ) -> Job:
        payload: dict[str, Any] = {"type": "file", "uploadId": upload_id, "name": name}
        if project_id:
            payload["projectId"] = project_id
        body, _ = self._request("POST", "/knowledge", json=payload, idempotency_key=idempotency_key)
        return Job.from_json(self._data(body, "attach knowledge"))

    def get_job(self, job_id: str) -> Job:
        body, _ = self._request("GET", f"/jobs/{job_id}")
        return Job.from_json(self._data(body, "get job"))

    def cancel_job(self, job_id: str, idempotency_key: str | None = None) -> Job:
        body, _ = self._request(
            "POST", f"/jobs/{job_id}/cancel", json={}, idempotency_key=idempotency_key
        )
        return Job.from_json(self._data(body, "cancel job"))
