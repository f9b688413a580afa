"""A logging filter that removes API keys from every log line.

Installed on handlers (not loggers), because a logger's filters do not see records propagated
from its children, while a handler sees everything it writes.
"""

from __future__ import annotations

import logging
import re

_SECRET_RE = re.compile(r"scripe_sk_(?:live|test)_[A-Za-z0-9]+|(?<=Bearer )[^\s'\"]+")
REDACTED = "[REDACTED]"


def redact(text: str) -> str:
    return _SECRET_RE.sub(REDACTED, text)


class RedactingFilter(logging.Filter):
    """Rewrites the formatted message so no key survives, whatever the args were."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not leak args either
            message = f"{record.msg!s} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def install_redaction(logger: logging.Logger | None = None) -> None:
    """Add the filter to every handler of ``logger`` (root by default), once."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
