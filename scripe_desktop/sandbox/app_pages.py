"""The sandbox's own small web pages, where Scripe's web app would be (``/app/…``).

Why: in sandbox mode the app's links ("Open in Scripe", the tray's "Open Scripe", the API keys
page) must not send a person to the real site, where none of these test files exist. These
pages show what the sandbox holds (workspaces, projects, the files added to each) and say
plainly that this is a local test server, not Scripe. Read-only, no auth (loopback only, like
the admin API). The real web app's pages are not part of the API contract.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from .wire import Response

if TYPE_CHECKING:
    from .state import State, Workspace

APP_PREFIX = "/app"
KEYS_PATH = APP_PREFIX + "/settings/developer/api-keys"

_STYLE = (
    "body{font-family:sans-serif;max-width:46em;margin:2em auto;padding:0 1em;color:#222}"
    ".note{background:#fff3cd;border:1px solid #e0c36a;padding:.6em 1em;border-radius:6px}"
    "li{margin:.2em 0}"
)


def project_url(base_url: str, project_id: str) -> str:
    """The ``url`` a project carries in ``GET /v1/projects`` (the sandbox's page for it)."""
    return f"{base_url}{APP_PREFIX}/projects/{project_id}"


def handle_app(state: State, method: str, path: str) -> Response:
    if method not in ("GET", "HEAD"):
        page = _page(405, "Not allowed", "<p>These pages can only be read.</p>")
        page.close = True  # a body we did not read may follow
        return page
    with state.lock:
        if path in (APP_PREFIX, APP_PREFIX + "/"):
            return _page(200, "Sandbox workspaces", _home(state))
        if path.rstrip("/") == KEYS_PATH:
            return _page(200, "API keys", _keys())
        if path.startswith(APP_PREFIX + "/projects/"):
            project_id = path.removeprefix(APP_PREFIX + "/projects/").strip("/")
            body = _project(state, project_id)
            if body is not None:
                return _page(200, "Project", body)
    back = f'<p>No such page. <a href="{APP_PREFIX}/">All workspaces</a></p>'
    return _page(404, "Not found", back)


def _names(state: State, ws: Workspace, project_id: str | None, kind: str | None) -> list[str]:
    return [
        a.name
        for a in state.attachments.values()
        if a.workspace_id == ws.id
        and (project_id is None or a.project_id == project_id)
        and (kind is None or a.kind == kind)
    ]


def _file_list(names: list[str]) -> str:
    if not names:
        return "<p><i>Nothing added yet.</i></p>"
    items = "".join(f"<li>{html.escape(n)}</li>" for n in names)
    return f"<ul>{items}</ul>"


def _home(state: State) -> str:
    parts = []
    for ws in state.workspaces.values():
        projects = "".join(
            f'<li><a href="{APP_PREFIX}/projects/{html.escape(p.id)}">{html.escape(p.name)}</a>'
            f" ({len(_names(state, ws, p.id, 'source'))} sources)</li>"
            for p in ws.projects
        )
        parts.append(
            f"<h2>{html.escape(ws.name)}</h2><h3>Projects</h3><ul>{projects}</ul>"
            f"<h3>Knowledge</h3>{_file_list(_names(state, ws, None, 'knowledge'))}"
        )
    return "".join(parts) or "<p><i>No workspace yet: no key was issued.</i></p>"


def _project(state: State, project_id: str) -> str | None:
    for ws in state.workspaces.values():
        for p in ws.projects:
            if p.id == project_id:
                return (
                    f"<h2>{html.escape(p.name)}</h2><p>In {html.escape(ws.name)}.</p>"
                    f"<h3>Sources</h3>{_file_list(_names(state, ws, p.id, 'source'))}"
                    f"<h3>Knowledge in this project</h3>"
                    f"{_file_list(_names(state, ws, p.id, 'knowledge'))}"
                    f'<p><a href="{APP_PREFIX}/">All workspaces</a></p>'
                )
    return None


def _keys() -> str:
    return (
        "<p>The sandbox has no accounts. Scripe Desktop's <code>--sandbox</code> mode uses a "
        "test key it makes itself; other keys come from <code>POST /_sandbox/keys</code> "
        "(see the sandbox's README).</p>"
    )


def _page(status: int, title: str, body: str) -> Response:
    text = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}"
        f" · Scripe sandbox</title><style>{_STYLE}</style></head><body>"
        "<p class='note'><b>Scripe sandbox</b>: a local test server on this computer, not "
        "Scripe. Nothing here reaches your real Scripe workspace.</p>"
        f"<h1>{html.escape(title)}</h1>{body}</body></html>"
    )
    return Response(status, text.encode(), [("Content-Type", "text/html; charset=utf-8")])
