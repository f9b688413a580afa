"""The admin API under /_sandbox/: the Python controls, over HTTP, for other processes.

No auth: the server only listens on 127.0.0.1. Bodies and answers are small JSON objects;
mistakes answer ``400 {"error": "<message>"}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .clock import iso
from .wire import Response, dumps

if TYPE_CHECKING:
    from .sandbox import Sandbox

AdminHandler = Callable[["Sandbox", dict[str, Any]], Any]


def _ok(**extra: Any) -> dict[str, Any]:
    return {"ok": True, **extra}


def _issue(sb: Sandbox, b: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    if "scopes" in b:
        scopes = b["scopes"]
        if not isinstance(scopes, list) or not all(isinstance(x, str) for x in scopes):
            raise ValueError("scopes must be a list of strings")
        kwargs["scopes"] = tuple(scopes)
    if "plan" in b:
        if not isinstance(b["plan"], str):
            raise ValueError("plan must be a string")
        kwargs["plan"] = b["plan"]
    if "workspace_name" in b:
        kwargs["workspace_name"] = str(b["workspace_name"])
    return _ok(key=sb.issue_key(**kwargs))


def _advance(sb: Sandbox, b: dict[str, Any]) -> Any:
    return _ok(now=iso(sb.clock.advance(float(b["seconds"]))))


def _fail_next(sb: Sandbox, b: dict[str, Any]) -> Any:
    sb.faults.fail_next(
        str(b["route"]),
        int(b.get("count", 1)),
        int(b["status"]),
        b.get("retry_after"),
        b.get("code"),
    )
    return _ok()


def _revoke(sb: Sandbox, b: dict[str, Any]) -> Any:
    sb.revoke_key(str(b["key"]))
    return _ok()


def _expire(sb: Sandbox, b: dict[str, Any]) -> Any:
    sb.expire_key(str(b["key"]))
    return _ok()


def _garble(sb: Sandbox, b: dict[str, Any]) -> Any:
    sb.faults.garble_next(str(b["route"]), int(b.get("count", 1)))
    return _ok()


def _cut(sb: Sandbox, b: dict[str, Any]) -> Any:
    sb.faults.cut_put_after(int(b["nbytes"]), int(b.get("count", 1)))
    return _ok()


def _delay(sb: Sandbox, b: dict[str, Any]) -> Any:
    sb.faults.delay(str(b["route"]), float(b["seconds"]), int(b.get("count", 1)))
    return _ok()


def _fail_jobs(sb: Sandbox, b: dict[str, Any]) -> Any:
    sb.faults.fail_jobs_next(int(b["count"]))
    return _ok()


def _clear_faults(sb: Sandbox, b: dict[str, Any]) -> Any:
    sb.faults.clear()
    return _ok()


def _expire_urls(sb: Sandbox, b: dict[str, Any]) -> Any:
    sb.expire_urls()
    return _ok()


def _rate_limit(sb: Sandbox, b: dict[str, Any]) -> Any:
    limit = b.get("limit")
    sb.set_rate_limit(None if limit is None else int(limit), float(b.get("window_seconds", 60)))
    return _ok()


def _deprecation(sb: Sandbox, b: dict[str, Any]) -> Any:
    value = b.get("value")
    sb.set_deprecation(None if value is None else str(value))
    return _ok()


def _spend(sb: Sandbox, b: dict[str, Any]) -> Any:
    cap = b.get("cap_cents")
    sb.set_spend(None if cap is None else int(cap), int(b.get("spent_cents", 0)))
    return _ok()


def _projects(sb: Sandbox, b: dict[str, Any]) -> Any:
    sb.set_project_count(int(b["count"]))
    return _ok()


ROUTES: dict[tuple[str, str], AdminHandler] = {
    ("POST", "/_sandbox/keys"): _issue,
    ("POST", "/_sandbox/keys/revoke"): _revoke,
    ("POST", "/_sandbox/keys/expire"): _expire,
    ("GET", "/_sandbox/clock"): lambda sb, b: _ok(now=iso(sb.clock.now())),
    ("POST", "/_sandbox/clock/advance"): _advance,
    ("POST", "/_sandbox/faults/fail_next"): _fail_next,
    ("POST", "/_sandbox/faults/garble_next"): _garble,
    ("POST", "/_sandbox/faults/cut_put_after"): _cut,
    ("POST", "/_sandbox/faults/delay"): _delay,
    ("POST", "/_sandbox/faults/fail_jobs"): _fail_jobs,
    ("POST", "/_sandbox/faults/clear"): _clear_faults,
    ("POST", "/_sandbox/expire_urls"): _expire_urls,
    ("POST", "/_sandbox/rate_limit"): _rate_limit,
    ("POST", "/_sandbox/deprecation"): _deprecation,
    ("POST", "/_sandbox/spend"): _spend,
    ("POST", "/_sandbox/projects"): _projects,
    ("GET", "/_sandbox/records"): lambda sb, b: sb.records(),
}


# Fields each route accepts: a misspelt field is an error, not a silent default.
FIELDS: dict[str, frozenset[str]] = {
    "/_sandbox/keys": frozenset({"scopes", "plan", "workspace_name"}),
    "/_sandbox/keys/revoke": frozenset({"key"}),
    "/_sandbox/keys/expire": frozenset({"key"}),
    "/_sandbox/clock/advance": frozenset({"seconds"}),
    "/_sandbox/faults/fail_next": frozenset({"route", "count", "status", "retry_after", "code"}),
    "/_sandbox/faults/garble_next": frozenset({"route", "count"}),
    "/_sandbox/faults/cut_put_after": frozenset({"nbytes", "count"}),
    "/_sandbox/faults/delay": frozenset({"route", "seconds", "count"}),
    "/_sandbox/faults/fail_jobs": frozenset({"count"}),
    "/_sandbox/rate_limit": frozenset({"limit", "window_seconds"}),
    "/_sandbox/deprecation": frozenset({"value"}),
    "/_sandbox/spend": frozenset({"cap_cents", "spent_cents"}),
    "/_sandbox/projects": frozenset({"count"}),
}


def handle_admin(sb: Sandbox, method: str, path: str, body: bytes) -> Response:
    handler = ROUTES.get((method, path.rstrip("/")))
    headers = [("Content-Type", "application/json")]
    if handler is None:
        return Response(404, dumps({"error": f"no admin route {method} {path}"}), headers)
    try:
        payload = json.loads(body) if body.strip() else {}
        if not isinstance(payload, dict):
            raise ValueError("the body must be a JSON object")
        unknown = set(payload) - FIELDS.get(path.rstrip("/"), frozenset())
        if unknown:
            raise ValueError(f"unknown field(s) {sorted(unknown)} for {path}")
        result = handler(sb, payload)
    except KeyError as exc:
        return Response(400, dumps({"error": f"missing field or unknown value {exc}"}), headers)
    except (ValueError, TypeError) as exc:
        return Response(400, dumps({"error": str(exc)}), headers)
    return Response(200, dumps(result), headers)
