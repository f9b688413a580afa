"""The /v1 API pipeline: faults, auth, version, rate limit, scopes, idempotency, then a handler.

The whole pipeline after the injected delay runs under the state lock: requests are cheap,
and serialising them makes idempotency and single-use checks trivially race-free.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import contract
from . import api_handlers as h
from .state import ApiKey, IdemEntry, State
from .wire import (
    CODE_FOR_STATUS,
    ApiError,
    Response,
    canonical_json,
    error_response,
    json_response,
    request_id,
)

API_BODY_LIMIT = 1024 * 1024

Handler = Callable[["Call"], Response]


@dataclass
class ApiRequest:
    """A fully read API request (``body`` is None when it exceeded :data:`API_BODY_LIMIT`)."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes | None


@dataclass
class Call:
    """What a route handler gets: the request, its key, its parsed JSON body."""

    state: State
    req: ApiRequest
    key: ApiKey
    params: dict[str, str]
    json: Any = None
    extra_headers: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    any_scope: tuple[str, ...] = ()
    paid_plan: bool = False
    json_object: bool = False


ROUTES = (
    Route("GET", re.compile(r"^/v1/workspaces/me$"), h.workspace_me),
    Route("GET", re.compile(r"^/v1/projects$"), h.list_projects),
    Route(
        "POST",
        re.compile(r"^/v1/uploads$"),
        h.create_upload,
        any_scope=("sources:write", "knowledge:write"),
        json_object=True,
    ),
    Route(
        "POST",
        re.compile(r"^/v1/sources$"),
        h.attach_source,
        any_scope=("sources:write",),
        paid_plan=True,
        json_object=True,
    ),
    Route(
        "POST",
        re.compile(r"^/v1/knowledge$"),
        h.attach_knowledge,
        any_scope=("knowledge:write",),
        paid_plan=True,
        json_object=True,
    ),
    Route("GET", re.compile(r"^/v1/jobs/(?P<job_id>[^/]+)$"), h.get_job),
    Route("POST", re.compile(r"^/v1/jobs/(?P<job_id>[^/]+)/cancel$"), h.cancel_job),
)


def handle_api(state: State, req: ApiRequest) -> Response:
    """Answer one /v1 request and log it (always with X-Request-Id, maybe Scripe-Deprecation)."""
    rid = request_id()
    extra: list[tuple[str, str]] = []
    log: dict[str, Any] = {
        "method": req.method,
        "path": req.path,
        "status": None,
        "idempotencyKey": req.headers.get("idempotency-key"),
        "replayed": False,
        "requestId": rid,
    }
    delay = state.faults.take_delay(req.method, req.path, False)
    if delay > 0:
        time.sleep(delay)
    try:
        resp = _pipeline(state, req, extra, log)
    except ApiError as err:
        resp = error_response(err, rid)
    if req.body is None:
        resp.close = True
    resp.headers.extend(extra)
    resp.headers.append(("X-Request-Id", rid))
    with state.lock:
        if state.deprecation:
            resp.headers.append(("Scripe-Deprecation", state.deprecation))
        log["status"] = resp.status
        state.api_log.append(log)
    return resp


def _fault_error(
    state: State, status: int, code: str | None, retry_after: float | None
) -> ApiError:
    code = code or CODE_FOR_STATUS.get(
        status, "internal_error" if status >= 500 else "invalid_request"
    )
    headers = []
    if retry_after is not None:
        headers.append(("Retry-After", str(max(0, math.ceil(retry_after)))))
    meta = h.spend_meta(state) if status == 402 else None
    details = {"required": ["sources:write"]} if code == "scope_missing" else None
    message = f"Injected failure (sandbox faults.fail_next): HTTP {status} {code}."
    return ApiError(status, code, message, details=details, meta=meta, headers=headers)


def _pipeline(
    state: State, req: ApiRequest, extra: list[tuple[str, str]], log: dict[str, Any]
) -> Response:
    fault = state.faults.take_failure(req.method, req.path, False)
    if fault is not None and fault.status == 200:  # faults.garble_next
        return json_response(200, {"unexpected": "not the contract's shape"})
    if fault is not None:
        raise _fault_error(state, fault.status, fault.code, fault.retry_after)
    if req.body is None:
        raise ApiError(
            413, "payload_too_large", f"Request bodies are limited to {API_BODY_LIMIT} bytes."
        )
    if req.path == "/v1/health":
        if req.method != "GET":
            raise ApiError(404, "not_found", f"No route {req.method} {req.path}.")
        return json_response(200, {"status": "ok"})
    route, params = _match(req.method, req.path)
    with state.lock:
        state.collect_garbage()
        key = _authenticate(state, req)
        _check_version(req)
        _rate_limit(state, key, extra)
        if route is None:
            raise ApiError(404, "not_found", f"No route {req.method} {req.path}.")
        _check_scope(route, key)
        call = Call(state, req, key, params)
        call.json = _parse_body(req, route)
        replay = _idempotency_lookup(call, log)
        if replay is not None:
            return replay
        resp = route.handler(call)
        _idempotency_store(call, resp)
        return resp


def _match(method: str, path: str) -> tuple[Route | None, dict[str, str]]:
    for route in ROUTES:
        m = route.pattern.match(path)
        if m and route.method == method:
            return route, m.groupdict()
    return None, {}


def _authenticate(state: State, req: ApiRequest) -> ApiKey:
    scheme, _, token = req.headers.get("authorization", "").strip().partition(" ")
    token = token.strip()
    record = state.keys.get(token) if scheme.lower() == "bearer" else None
    if record is None or not contract.KEY_RE.match(token):
        raise ApiError(
            401, "invalid_token", "Missing or unknown API key: send 'Authorization: Bearer <key>'."
        )
    if record.revoked:
        raise ApiError(401, "key_revoked", "This API key has been revoked.")
    if record.expired:
        raise ApiError(401, "key_expired", "This API key has expired.")
    return record


def _check_version(req: ApiRequest) -> None:
    version = req.headers.get("scripe-api-version")
    if version is None or version.strip() not in contract.ACCEPTED_API_VERSIONS:
        shown = "missing" if version is None else repr(version)
        raise ApiError(
            400,
            "version_unsupported",
            f"Scripe-Api-Version is {shown}; send one of the accepted versions.",
            details={"accepted": list(contract.ACCEPTED_API_VERSIONS), "received": version},
        )


def _rate_limit(state: State, key: ApiKey, extra: list[tuple[str, str]]) -> None:
    """Fixed window per key; headers on every response while a limit is configured."""
    rl = state.rate
    if rl.limit is None:
        return
    now = state.clock.now()
    start, count = rl.windows.get(key.key, (now, 0))
    if now - start >= rl.window:
        start, count = now, 0
    reset = max(1, math.ceil(start + rl.window - now))
    if count >= rl.limit:
        extra += [
            ("X-RateLimit-Limit", str(rl.limit)),
            ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", str(reset)),
        ]
        raise ApiError(
            429,
            "rate_limited",
            f"Rate limit of {rl.limit} requests per {rl.window:g} s reached; retry in {reset} s.",
            headers=[("Retry-After", str(reset))],
        )
    rl.windows[key.key] = (start, count + 1)
    extra += [
        ("X-RateLimit-Limit", str(rl.limit)),
        ("X-RateLimit-Remaining", str(rl.limit - count - 1)),
        ("X-RateLimit-Reset", str(reset)),
    ]


def _check_scope(route: Route, key: ApiKey) -> None:
    if route.any_scope and not set(route.any_scope) & set(key.scopes):
        raise ApiError(
            403,
            "scope_missing",
            f"This API key lacks the scope {' or '.join(route.any_scope)}.",
            details={"required": list(route.any_scope)},
        )
    if route.paid_plan and key.workspace.plan == "free":
        raise ApiError(
            403,
            "plan_not_eligible",
            "The workspace's plan (free) does not include API ingestion; upgrade to use it.",
            details={"plan": key.workspace.plan},
        )


def _parse_body(req: ApiRequest, route: Route) -> Any:
    raw = req.body or b""
    if not raw.strip():
        if route.json_object:
            raise ApiError(400, "invalid_request", "The request body must be a JSON object.")
        return None
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiError(
            400, "invalid_request", f"The request body is not valid JSON: {exc}."
        ) from exc
    if route.json_object and not isinstance(body, dict):
        raise ApiError(400, "invalid_request", "The request body must be a JSON object.")
    return body


def _idem_scope(call: Call) -> tuple[str, str, str] | None:
    """(api key, route, idempotency key), or None: malformed keys are silently ignored."""
    ik = call.req.headers.get("idempotency-key")
    if call.req.method != "POST" or ik is None or not contract.is_valid_idempotency_key(ik):
        return None
    return (call.key.key, f"{call.req.method} {call.req.path}", ik)


def _idempotency_lookup(call: Call, log: dict[str, Any]) -> Response | None:
    scope = _idem_scope(call)
    if scope is None:
        return None
    entry = call.state.idempotency.get(scope)
    if entry is None:
        return None
    if entry.canonical_body != canonical_json(call.json):
        raise ApiError(
            409,
            "idempotency_key_conflict",
            "This Idempotency-Key was already used with a different request body.",
            details={"idempotencyKey": scope[2]},
        )
    log["replayed"] = True
    headers = [("Content-Type", "application/json"), ("Idempotent-Replayed", "true")]
    return Response(entry.status, entry.body, headers)


def _idempotency_store(call: Call, resp: Response) -> None:
    """Only 2xx responses are kept: a refused request may be retried with the same key."""
    scope = _idem_scope(call)
    if scope is not None and 200 <= resp.status < 300:
        call.state.store_idempotency(
            scope,
            IdemEntry(canonical_json(call.json), resp.status, resp.body, call.state.clock.now()),
        )
