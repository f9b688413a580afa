"""Scripe API client (httpx) and storage client for presigned PUTs. Never imports Qt."""

from .client import MalformedKeyError, ScripeClient, check_base_url, normalize_key
from .errors import (
    ApiError,
    Cancelled,
    ErrorKind,
    NetworkError,
    ProtocolError,
    ScripeError,
    StorageError,
    StorageStalled,
    StorageUnreachable,
)
from .models import Deprecation, Job, Project, Upload, Workspace, WorkspaceInfo
from .network import ProxySettingsError
from .redact import RedactingFilter, install_redaction, redact
from .storage import FileChangedError, StorageClient

__all__ = [
    "ApiError",
    "Cancelled",
    "Deprecation",
    "ErrorKind",
    "FileChangedError",
    "Job",
    "MalformedKeyError",
    "NetworkError",
    "Project",
    "ProtocolError",
    "ProxySettingsError",
    "RedactingFilter",
    "ScripeClient",
    "ScripeError",
    "StorageClient",
    "StorageError",
    "StorageStalled",
    "StorageUnreachable",
    "Upload",
    "Workspace",
    "WorkspaceInfo",
    "check_base_url",
    "install_redaction",
    "normalize_key",
    "redact",
]
