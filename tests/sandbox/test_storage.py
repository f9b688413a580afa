"""The S3 stand-in: presigned PUT checks, S3 XML errors, all-or-nothing objects."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from scripe_desktop.sandbox import Sandbox

from .conftest import TEXT, mint, put, s3_code


def test_put_stores_object(api: httpx.Client, storage: httpx.Client, sb: Sandbox) -> None:
    up = mint(api, "text/plain", len(TEXT))
    r = put(storage, up, TEXT)
    assert r.status_code == 200
    assert r.headers["ETag"]
    path = sb.object_path(up["id"])
    assert path is not None and path.read_bytes() == TEXT
    rec = sb.records()["uploads"][0]
    assert rec["received"] and rec["size"] == len(TEXT)
    assert rec["sha256"] == hashlib.sha256(TEXT).hexdigest()
    req = sb.records()["storage_requests"][0]
    assert req["method"] == "PUT" and req["status"] == 200
    assert "authorization" not in req["headers"]
    assert req["headers"]["content-type"] == "text/plain"


def test_smaller_than_cap_is_fine(api: httpx.Client, storage: httpx.Client) -> None:
    up = mint(api, "text/plain", 1000)
    assert put(storage, up, TEXT).status_code == 200


def test_wrong_content_type(api: httpx.Client, storage: httpx.Client, sb: Sandbox) -> None:
    up = mint(api, "text/plain", len(TEXT))
    for ct in ("text/plain; charset=utf-8", "application/octet-stream"):
        r = storage.put(up["uploadUrl"], content=TEXT, headers={"Content-Type": ct})
        assert r.status_code == 403
        assert s3_code(r) == "SignatureDoesNotMatch"
    r = storage.put(up["uploadUrl"], content=TEXT)  # no Content-Type at all
    assert s3_code(r) == "SignatureDoesNotMatch"
    assert sb.object_path(up["id"]) is None
    assert put(storage, up, TEXT).status_code == 200  # refusals do not consume the URL


@pytest.mark.parametrize(
    "tamper",
    [
        lambda u: u.replace("X-Amz-Expires=900", "X-Amz-Expires=9000"),
        lambda u: u[:-3] + ("000" if not u.endswith("000") else "111"),
        lambda u: u.replace("/upl_", "/upl_x"),
        lambda u: u + "&extra=1",
    ],
)
def test_tampered_url(api: httpx.Client, storage: httpx.Client, tamper: object) -> None:
    up = mint(api, "text/plain", len(TEXT))
    url = tamper(up["uploadUrl"])  # type: ignore[operator]
    r = storage.put(url, content=TEXT, headers={"Content-Type": "text/plain"})
    assert r.status_code == 403
    assert s3_code(r) == "SignatureDoesNotMatch"


def test_other_host_name_breaks_signature(
    api: httpx.Client, storage: httpx.Client, sb: Sandbox
) -> None:
    up = mint(api, "text/plain", len(TEXT))
    url = up["uploadUrl"].replace("127.0.0.1", "localhost")
    r = storage.put(url, content=TEXT, headers={"Content-Type": "text/plain"})
    assert s3_code(r) == "SignatureDoesNotMatch"


def test_unsigned_amz_header(api: httpx.Client, storage: httpx.Client) -> None:
    up = mint(api, "text/plain", len(TEXT))
    r = put(storage, up, TEXT, headers={"x-amz-meta-foo": "bar"})
    assert r.status_code == 403 and s3_code(r) == "AccessDenied"


def test_expired_by_clock(api: httpx.Client, storage: httpx.Client, sb: Sandbox) -> None:
    up = mint(api, "text/plain", len(TEXT))
    sb.clock.advance(14 * 60)
    up2 = mint(api, "text/plain", len(TEXT))
    sb.clock.advance(61 + 1)
    r = put(storage, up, TEXT)
    assert r.status_code == 403
    assert s3_code(r) == "AccessDenied"
    assert "Request has expired" in r.text
    assert put(storage, up2, TEXT).status_code == 200


def test_expire_urls(api: httpx.Client, storage: httpx.Client, sb: Sandbox) -> None:
    up = mint(api, "text/plain", len(TEXT))
    sb.expire_urls()
    r = put(storage, up, TEXT)
    assert r.status_code == 403 and "Request has expired" in r.text
    assert put(storage, mint(api, "text/plain", len(TEXT)), TEXT).status_code == 200


def test_single_use(api: httpx.Client, storage: httpx.Client, sb: Sandbox) -> None:
    up = mint(api, "text/plain", len(TEXT))
    assert put(storage, up, TEXT).status_code == 200
    r = put(storage, up, b"other bytes")
    assert r.status_code == 403 and s3_code(r) == "AccessDenied"
    path = sb.object_path(up["id"])
    assert path is not None and path.read_bytes() == TEXT


def test_chunked_is_501(api: httpx.Client, storage: httpx.Client, sb: Sandbox) -> None:
    up = mint(api, "text/plain", len(TEXT))

    def gen() -> Iterator[bytes]:
        yield TEXT[:10]
        yield TEXT[10:]

    r = storage.put(up["uploadUrl"], content=gen(), headers={"Content-Type": "text/plain"})
    assert r.status_code == 501
    assert s3_code(r) == "NotImplemented"
    assert sb.object_path(up["id"]) is None
    assert put(storage, up, TEXT).status_code == 200


def _raw(sb: Sandbox, request: bytes, shut_write: bool = False) -> bytes:
    with socket.create_connection(("127.0.0.1", sb.port), timeout=5) as s:
        s.sendall(request)
        if shut_write:
            s.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _target(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_missing_length_is_411(api: httpx.Client, sb: Sandbox) -> None:
    up = mint(api, "text/plain", len(TEXT))
    head = (
        f"PUT {_target(up['uploadUrl'])} HTTP/1.1\r\nHost: 127.0.0.1:{sb.port}\r\n"
        "Content-Type: text/plain\r\n\r\n"
    )
    answer = _raw(sb, head.encode() + TEXT, shut_write=True)
    assert answer.startswith(b"HTTP/1.1 411")
    assert b"<Code>MissingContentLength</Code>" in answer
    assert sb.object_path(up["id"]) is None


def test_short_body_is_incomplete(api: httpx.Client, storage: httpx.Client, sb: Sandbox) -> None:
    up = mint(api, "text/plain", len(TEXT))
    head = (
        f"PUT {_target(up['uploadUrl'])} HTTP/1.1\r\nHost: 127.0.0.1:{sb.port}\r\n"
        f"Content-Type: text/plain\r\nContent-Length: {len(TEXT)}\r\n\r\n"
    )
    answer = _raw(sb, head.encode() + TEXT[:20], shut_write=True)
    assert answer.startswith(b"HTTP/1.1 400")
    assert b"<Code>IncompleteBody</Code>" in answer
    assert sb.object_path(up["id"]) is None
    assert not list((sb.data_dir / "tmp").iterdir())
    assert put(storage, up, TEXT).status_code == 200


def test_too_large(api: httpx.Client, storage: httpx.Client, sb: Sandbox) -> None:
    up = mint(api, "text/plain", 10)
    r = put(storage, up, b"x" * 11)
    assert r.status_code == 400
    assert s3_code(r) == "EntityTooLarge"
    assert r.headers["Connection"] == "close"
    assert sb.object_path(up["id"]) is None
    big = put(storage, mint(api, "text/plain", 10), b"y" * (8 * 1024 * 1024))
    assert s3_code(big) == "EntityTooLarge"
    assert put(storage, up, b"x" * 10).status_code == 200  # exact size after a refusal


def test_cut_connection_leaves_no_object(
    api: httpx.Client, storage: httpx.Client, sb: Sandbox
) -> None:
    body = b"z" * (3 * 1024 * 1024)
    up = mint(api, "text/plain", len(body))
    sb.faults.cut_put_after(1024 * 1024 + 5)
    with pytest.raises(httpx.TransportError):
        put(storage, up, body)
    assert sb.object_path(up["id"]) is None
    rec = sb.records()
    assert rec["uploads"][0]["received"] is False
    assert rec["storage_requests"][0]["status"] is None
    assert rec["storage_requests"][0]["bytesReceived"] == 1024 * 1024 + 5
    assert not list((sb.data_dir / "tmp").iterdir())
    assert put(storage, up, body).status_code == 200  # the URL is still usable
    path = sb.object_path(up["id"])
    assert path is not None and path.stat().st_size == len(body)


@pytest.mark.parametrize(
    "header",
    [("Authorization", "Bearer scripe_sk_test_abcdefgh12"), ("Scripe-Api-Version", "2026-08-01")],
)
def test_api_headers_on_storage_are_refused(
    api: httpx.Client, storage: httpx.Client, sb: Sandbox, header: tuple[str, str]
) -> None:
    up = mint(api, "text/plain", len(TEXT))
    r = put(storage, up, TEXT, headers=dict([header]))
    assert r.status_code == 400
    assert s3_code(r) == "InvalidArgument"
    seen = sb.records()["storage_requests"][0]["headers"]
    assert header[0].lower() in seen
    assert put(storage, up, TEXT).status_code == 200


def test_storage_fault_and_delay(api: httpx.Client, storage: httpx.Client, sb: Sandbox) -> None:
    up = mint(api, "text/plain", len(TEXT))
    sb.faults.fail_next("PUT storage", 1, 503)
    r = put(storage, up, TEXT)
    assert r.status_code == 503 and s3_code(r) == "SlowDown"
    sb.faults.delay("PUT storage", 0.3)
    r = put(storage, up, TEXT)
    assert r.status_code == 200
    assert r.elapsed.total_seconds() >= 0.3


def test_get_is_refused(api: httpx.Client, storage: httpx.Client) -> None:
    up = mint(api, "text/plain", len(TEXT))
    r = storage.get(up["uploadUrl"])
    assert r.status_code == 405 and s3_code(r) == "MethodNotAllowed"
