"""Fixtures: a fresh sandbox per test, an API client and a separate storage client."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from scripe_desktop import contract
from scripe_desktop.sandbox import Sandbox

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
# httpx builds an SSL context per client (~0.1 s); the sandbox is plain HTTP, so share one.
SSL_CONTEXT = ssl.create_default_context()
TEXT = b"Hello from the sandbox tests.\nA second line of plain text.\n"


@pytest.fixture
def sb(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(tmp_path / "data", job_duration=1.0) as sandbox:
        yield sandbox


def api_client(sb: Sandbox, key: str | None = None) -> httpx.Client:
    return httpx.Client(
        base_url=sb.base_url,
        headers={
            "Authorization": f"Bearer {key or sb.api_key}",
            "Scripe-Api-Version": contract.API_VERSION,
        },
        timeout=10,
        verify=SSL_CONTEXT,
    )


@pytest.fixture
def api(sb: Sandbox) -> Iterator[httpx.Client]:
    with api_client(sb) as client:
        yield client


@pytest.fixture
def storage() -> Iterator[httpx.Client]:
    """Storage gets its own client: no Authorization, no Scripe headers."""
    with httpx.Client(timeout=10, verify=SSL_CONTEXT) as client:
        yield client


def mint(api: httpx.Client, content_type: str, size: int | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"contentType": content_type}
    if size is not None:
        body["maxSizeBytes"] = size
    r = api.post("/v1/uploads", json=body)
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


def put(storage: httpx.Client, upload: dict[str, Any], content: bytes, **kw: Any) -> httpx.Response:
    headers = {"Content-Type": upload["contentType"], **kw.pop("headers", {})}
    return storage.put(upload["uploadUrl"], content=content, headers=headers, **kw)


def uploaded(api: httpx.Client, storage: httpx.Client, content_type: str, content: bytes) -> str:
    """Mint and PUT; returns the upload id."""
    up = mint(api, content_type, len(content))
    r = put(storage, up, content)
    assert r.status_code == 200, r.text
    return str(up["id"])


def first_project(api: httpx.Client) -> str:
    return str(api.get("/v1/projects").json()["data"][0]["id"])


def error_of(r: httpx.Response) -> dict[str, Any]:
    err: dict[str, Any] = r.json()["error"]
    assert {"code", "message", "request_id", "docs_url"} <= set(err), err
    assert err["request_id"] == r.headers["X-Request-Id"]
    return err


def s3_code(r: httpx.Response) -> str:
    assert r.headers["Content-Type"] == "application/xml", r.text
    assert r.text.startswith("<?xml"), r.text
    return r.text.split("<Code>", 1)[1].split("</Code>", 1)[0]


def plain_get(url: str, **kw: Any) -> httpx.Response:
    """A one-off GET without building a new SSL context."""
    return httpx.get(url, verify=SSL_CONTEXT, timeout=10, **kw)
