"""Account rules in one Qt-free place: which scope and plan each destination needs, checked
against ``/v1/workspaces/me`` before any upload, by the CLI and by the window alike.

Why: the CLI used to accept a key the window refused (a free-plan key minted and PUT every file,
then failed each attach with 403). Problems are codes plus data; ``sentence`` words them in
plain English for the CLI, and the window words the same codes through ``tr()``
(``ui/key_check.py``), with the same English text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scripe_desktop.api import WorkspaceInfo

from .events import AttachKind, Target

ATTACH_FEATURES = ("sources", "knowledge")
# Mint accepts either write scope; each attach needs its own.
SCOPES_FOR: dict[AttachKind, tuple[str, ...]] = {
    AttachKind.SOURCE: ("sources:write",),
    AttachKind.KNOWLEDGE: ("knowledge:write",),
    AttachKind.NONE: ("sources:write", "knowledge:write"),
    AttachKind.UNSET: ("sources:write", "knowledge:write"),
}
ANY_WRITE = ("sources:write", "knowledge:write")


@dataclass(frozen=True)
class AccountProblem:
    code: str  # "plan_not_eligible" | "scope_missing"
    data: dict[str, Any] = field(default_factory=dict)


def check_account(
    info: WorkspaceInfo, destination: Target | AttachKind | None = None
) -> AccountProblem | None:
    """None when this key may send files to ``destination`` (None: to any destination)."""
    if isinstance(destination, Target):
        destination = destination.kind
    kind = destination or AttachKind.UNSET
    attaches = kind is not AttachKind.NONE
    features = {f.lower() for f in info.workspace.features}
    plan = info.workspace.plan.lower()
    if attaches and (
        (features and not features.intersection(ATTACH_FEATURES))
        or (not features and plan == "free")
    ):
        # /workspaces/me answers on every plan; attaching is what the plan may lack.
        return AccountProblem("plan_not_eligible", {"plan": info.workspace.plan})
    scopes = set(info.principal.scopes)
    needed = SCOPES_FOR[kind]
    if scopes and not scopes.intersection(needed):
        return AccountProblem("scope_missing", {"required": list(needed)})
    return None


def scope_names(required: list[str] | str | None) -> str:
    if isinstance(required, str):
        required = [required]
    return " / ".join(f"“{s}”" for s in (required or ANY_WRITE))


def sentence(problem: AccountProblem) -> str:
    """Plain English, word for word the window's untranslated text."""
    if problem.code == "plan_not_eligible":
        return (
            "Your Scripe plan doesn't include API access. Upgrade the workspace in Scripe, "
            "or use a key from a workspace that has it."
        )
    return (
        "This key is not allowed to add files. In Scripe, create a key with the {scopes} "
        "permission and paste it here."
    ).format(scopes=scope_names(problem.data.get("required")))
