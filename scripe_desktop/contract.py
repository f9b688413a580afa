"""Facts of the Scripe API contract shared by the client, the engine and the sandbox.

One table, one place: if the client and the sandbox each had their own copy of the caps, a test
against the sandbox could pass while the real service refused the same file.
See ``shared/scripe-api.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

API_VERSION = "2026-08-01"
ACCEPTED_API_VERSIONS = (API_VERSION,)
DEFAULT_API_BASE = "https://api.scripe.io"

MB = 1024 * 1024  # [decision] MB = 1024 x 1024 bytes

KEY_RE = re.compile(r"^scripe_sk_(live|test)_[A-Za-z0-9]{8,128}$")
IDEMPOTENCY_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

WORD_TYPES = (
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
)


@dataclass(frozen=True)
class TypeFamily:
    """A group of content types that share one size cap."""

    name: str
    label: str  # plain words for users
    cap_bytes: int


AUDIO = TypeFamily("audio", "audio", 500 * MB)
VIDEO = TypeFamily("video", "video", 500 * MB)
IMAGE = TypeFamily("image", "image", 25 * MB)
PDF = TypeFamily("pdf", "PDF document", 100 * MB)
WORD = TypeFamily("word", "Word document", 100 * MB)  # [decision] 100 MB
TEXT = TypeFamily("text", "text file", 25 * MB)

FAMILIES = (AUDIO, VIDEO, IMAGE, PDF, WORD, TEXT)


def strip_params(content_type: str) -> str:
    """``text/plain; charset=utf-8`` -> ``text/plain`` (lower case, no parameters)."""
    return content_type.split(";", 1)[0].strip().lower()


def family_of(content_type: str) -> TypeFamily | None:
    """The family an API content type belongs to, or None when the API refuses it."""
    ct = strip_params(content_type)
    if ct.startswith("audio/"):
        return AUDIO
    if ct.startswith("video/"):
        return VIDEO
    if ct.startswith("image/"):
        return IMAGE
    if ct == "application/pdf":
        return PDF
    if ct in WORD_TYPES:
        return WORD
    if ct == "text/plain":
        return TEXT
    return None


def upload_content_type(detected: str) -> str:
    """Map a libmagic type to the ``contentType`` we send ([decision]: any text/* is text/plain)."""
    ct = strip_params(detected)
    if ct.startswith("text/") and family_of(ct) is None:
        return "text/plain"
    return ct


def is_valid_key_format(key: str) -> bool:
    return bool(KEY_RE.match(key.strip()))


def is_valid_idempotency_key(key: str) -> bool:
    return bool(IDEMPOTENCY_KEY_RE.match(key))
