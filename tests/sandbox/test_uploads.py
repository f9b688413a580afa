"""POST /v1/uploads: accepted types, caps (exact cap passes, cap+1 fails), scopes."""

from __future__ import annotations

import httpx
import pytest

from scripe_desktop import contract
from scripe_desktop.sandbox import Sandbox

from .conftest import api_client, error_of, mint

TYPES = [
    ("audio/mpeg", contract.AUDIO),
    ("audio/x-wav", contract.AUDIO),
    ("video/mp4", contract.VIDEO),
    ("image/png", contract.IMAGE),
    ("image/jpeg", contract.IMAGE),
    ("application/pdf", contract.PDF),
    ("application/msword", contract.WORD),
    (contract.WORD_TYPES[1], contract.WORD),
    (contract.WORD_TYPES[2], contract.WORD),
    ("text/plain", contract.TEXT),
]


@pytest.mark.parametrize(("content_type", "family"), TYPES)
def test_cap_per_family(api: httpx.Client, content_type: str, family: contract.TypeFamily) -> None:
    up = mint(api, content_type, family.cap_bytes)
    assert up["maxSizeBytes"] == family.cap_bytes
    r = api.post(
        "/v1/uploads", json={"contentType": content_type, "maxSizeBytes": family.cap_bytes + 1}
    )
    assert r.status_code == 422
    err = error_of(r)
    assert err["code"] == "unprocessable"
    assert str(family.cap_bytes // contract.MB) in err["message"]
    assert err["details"]["capBytes"] == family.cap_bytes


def test_caps_are_mebibytes() -> None:
    assert contract.AUDIO.cap_bytes == 500 * 1024 * 1024
    assert contract.IMAGE.cap_bytes == 25 * 1024 * 1024


def test_mint_shape_and_default_cap(api: httpx.Client, sb: Sandbox) -> None:
    r = api.post("/v1/uploads", json={"contentType": "audio/mpeg"})
    assert r.status_code == 201
    data = r.json()["data"]
    assert data["id"].startswith("upl_")
    assert data["maxSizeBytes"] == contract.AUDIO.cap_bytes
    assert data["contentType"] == "audio/mpeg"
    assert data["uploadUrl"].startswith(sb.base_url + "/scripe-uploads/")
    assert "X-Amz-Signature=" in data["uploadUrl"]
    assert data["expiresAt"].endswith("Z")
    rec = sb.records()["uploads"][0]
    assert rec["id"] == data["id"] and rec["received"] is False


def test_parameters_are_stripped(api: httpx.Client) -> None:
    up = mint(api, "Text/Plain; charset=utf-8", 10)
    assert up["contentType"] == "text/plain"


@pytest.mark.parametrize("ct", ["application/zip", "text/csv", "application/json", "nonsense"])
def test_unaccepted_types(api: httpx.Client, ct: str) -> None:
    r = api.post("/v1/uploads", json={"contentType": ct, "maxSizeBytes": 10})
    assert r.status_code == 422
    assert error_of(r)["code"] == "unprocessable"


@pytest.mark.parametrize("size", [0, -5])
def test_size_below_one(api: httpx.Client, size: int) -> None:
    r = api.post("/v1/uploads", json={"contentType": "image/png", "maxSizeBytes": size})
    assert r.status_code == 422


def test_mint_scopes(sb: Sandbox) -> None:
    with api_client(sb, sb.issue_key(scopes=("knowledge:write",))) as c:
        assert c.post("/v1/uploads", json={"contentType": "text/plain"}).status_code == 201
    with api_client(sb, sb.issue_key(scopes=("sources:read",))) as c:
        r = c.post("/v1/uploads", json={"contentType": "text/plain"})
    assert r.status_code == 403
    err = error_of(r)
    assert err["code"] == "scope_missing"
    assert "sources:write" in err["details"]["required"]
