"""Reading the wire: Retry-After, paging links, JSON bodies, error details, log scrubbing.

Small pure helpers of :mod:`recon.sources._http`, kept apart so each stays one idea.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import logging
import math
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    import httpx  # imported when an error is read: see recon.sources._http

_URL = re.compile(r"https?://[^\s/?\"']+([^\s?\"']*)(\?[^\s\"']*)?")
_HOST = re.compile(r"host='[^']*'")
#: The loggers of the HTTP stack that name URLs or hosts.
_HTTP_LOGGERS = ("httpx", "httpcore.connection", "httpcore.http11", "httpcore.proxy")


class _ScrubUrls(logging.Filter):
    """Keep only the path of URLs (and no host) in the HTTP stack's log lines.

    The host is the configured base URL (a proxy's may carry a user and password) and the
    query can hold a SAS signature or a user name; neither belongs in a log.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        message = _URL.sub(lambda m: (m[1] or "/") + ("?…" if m[2] else ""), message)
        record.msg = _HOST.sub("host=…", message)
        record.args = None
        return True


def _install_log_scrubber() -> None:
    for name in _HTTP_LOGGERS:
        target = logging.getLogger(name)
        if not any(isinstance(f, _ScrubUrls) for f in target.filters):
            target.addFilter(_ScrubUrls())


_install_log_scrubber()


def retry_after_seconds(value: str | None, now: dt.datetime) -> float | None:
    """Seconds a ``Retry-After`` header asks for, or None when absent or unreadable.

    Args:
        value: the header (``"120"`` or ``"Wed, 21 Oct 2015 07:28:00 GMT"``).
        now: the current time, for the HTTP-date form.

    Returns:
        Seconds to wait (never negative), or None.
    """
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        return max(0.0, (when - now).total_seconds())
    return max(0.0, seconds) if math.isfinite(seconds) else None


def same_origin(base_url: str, link: str) -> str:
    """A link from a response, pointed at the configured server.

    Paging links and operation URLs are followed on the host we were configured with (a
    proxy, a sandbox, a fake server), never on whatever host a response names, so
    credentials only ever go where the settings say.

    Args:
        base_url: the configured API root, e.g. ``https://api.example.com/v1``.
        link: absolute (``https://host/v1/x?page=2``) or relative (``/x?page=2``, ``/v1/x``).

    Returns:
        An absolute URL on ``base_url``'s scheme and host.
    """
    base = urlsplit(base_url)
    target = urlsplit(link)
    path = target.path
    root = base.path.rstrip("/")
    if not target.netloc and not path.startswith("/"):
        path = f"{root}/{path}"
    elif not target.netloc and root and not path.startswith(root + "/") and path != root:
        path = f"{root}{path}"  # relative to the API root, as Partner Center writes them
    return urlunsplit((base.scheme, base.netloc, path, target.query, ""))


def parse_json_bytes(data: bytes) -> Any:
    """JSON with exact decimals (money must never pass through a float)."""
    return json.loads(data, parse_float=Decimal)


def transport_reason(err: httpx.TransportError) -> str:
    import httpx  # noqa: PLC0415 - loaded only once a request is sent (see _http)

    if isinstance(err, httpx.TimeoutException):
        return "timed out"
    if isinstance(err, httpx.ConnectError):
        return "connection failed"
    return "connection broken"


def error_code(response: httpx.Response) -> str:
    """An OAuth-style error code (``invalid_client``), never its free-text description."""
    try:
        doc = parse_json_bytes(response.content)
    except ValueError:
        return ""
    code = doc.get("error") if isinstance(doc, dict) else None
    if isinstance(code, str) and re.fullmatch(r"[a-z_]{1,40}", code):
        return f", {code}"
    return ""


def error_detail(response: httpx.Response) -> str:
    """A short human detail from an error body (its ``message``/``error``), if any."""
    try:
        doc = parse_json_bytes(response.content)
    except ValueError:
        return ""
    text: Any = None
    if isinstance(doc, dict):
        text = doc.get("message") or doc.get("error_description") or doc.get("error")
        if isinstance(text, dict):
            text = text.get("message")
        if text is None and isinstance(doc.get("errors"), list) and doc["errors"]:
            text = doc["errors"][0]
    if not isinstance(text, str) or not text.strip():
        return ""
    text = " ".join(text.split())
    return f": {text[:200]}"
