"""Send alerts to another tool (a PSA ticket, Teams, a pager) as signed JSON.

Each alert is POSTed as JSON with two headers a receiver checks, like Slack's own signing:

- ``X-Recon-Timestamp``: Unix seconds when it was sent (:func:`verify` refuses one more than
  five minutes off, so a captured request can't be replayed later);
- ``X-Recon-Signature``: ``v1=`` + hex HMAC-SHA256 of ``v1:{timestamp}:{body}`` with the
  shared secret (``RECON_WEBHOOK_SECRET``).

Failures (connection errors, HTTP 429 and 5xx) are retried with exponential backoff,
honouring ``Retry-After``; other HTTP errors are not retried. Delivery never raises: it
returns what happened, so a broken receiver can never stop Slack alerts.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from recon.alerts import ClientAlert
from recon.clock import utc_now
from recon.report import money_text, qty_value

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Recon-Signature"
TIMESTAMP_HEADER = "X-Recon-Timestamp"


@dataclass(frozen=True, slots=True)
class Delivery:
    """What happened to one webhook call."""

    ok: bool
    attempts: int
    status: int | None  # the last HTTP status, None when the receiver was unreachable
    error: str | None = None


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-Recon-Signature`` value for a body sent at ``timestamp``."""
    message = b"v1:" + str(timestamp).encode() + b":" + body
    return "v1=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


#: A signature more than this many seconds old (or ahead) is refused: a replay, or a clock
#: badly wrong. The same rule as Slack's.
MAX_AGE_S = 5 * 60


def verify(
    secret: str,
    timestamp: int,
    body: bytes,
    signature: str,
    *,
    now: float | None = None,
    max_age: float = MAX_AGE_S,
) -> bool:
    """True when ``signature`` is this body's signature (constant-time) and ``timestamp``
    is within ``max_age`` seconds of ``now``, for receivers.

    Args:
        secret: the shared secret.
        timestamp: the ``X-Recon-Timestamp`` header, as an int.
        body: the raw body.
        signature: the ``X-Recon-Signature`` header.
        now: the receiver's Unix time (default: the system clock).
        max_age: how far off the timestamp may be, in seconds (default 300).
    """
    current = utc_now().timestamp() if now is None else now
    if abs(current - timestamp) > max_age:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def alert_payload(alert: ClientAlert, *, sent_at: datetime) -> dict[str, Any]:
    """The JSON document for one client's alert."""
    return {
        "type": "billing_gap_alert",
        "sent_at": sent_at.isoformat(),
        "client": alert.client,
        "client_key": alert.client_key,
        "monthly_total": money_text(alert.monthly_total),
        "threshold": money_text(alert.threshold),
        "recipients": list(alert.recipients.users) or [alert.recipients.channel],
        "gaps": [
            {
                "id": w.gap.id,
                "reason": w.reason.value,
                "kind": w.gap.kind.value,
                "product": w.gap.product,
                "vendor_client": w.gap.vendor_client,
                "psa_client": w.gap.psa_client,
                "seat_delta": qty_value(w.gap.seat_delta),
                "monthly_impact": money_text(w.gap.monthly_impact),
                "first_seen": w.gap.first_seen.isoformat(),
            }
            for w in alert.gaps
        ],
    }


def deliver(
    url: str,
    payload: Mapping[str, Any],
    *,
    secret: str,
    attempts: int = 4,
    timeout: float = 10.0,
    backoff: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.time,
) -> Delivery:
    """POST one signed payload, retrying transient failures; never raises.

    Args:
        url: the receiver (the ``webhook_url`` setting).
        payload: the JSON document.
        secret: the shared signing secret.
        attempts: tries in all (default 4).
        timeout: seconds per try (default 10).
        backoff: the first wait in seconds, doubled each retry (default 1).
        sleep: how to wait (tests pass a recorder).
        clock: Unix time source for the timestamp header.

    Returns:
        Whether it arrived, after how many tries, and the last status or error.
    """
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    status: int | None = None
    error: str | None = None
    for attempt in range(1, attempts + 1):
        stamp = int(clock())
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": "msp-billing-recon",
                TIMESTAMP_HEADER: str(stamp),
                SIGNATURE_HEADER: sign(secret, stamp, body),
            },
        )
        wait = backoff * 2 ** (attempt - 1)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Delivery(True, attempt, response.status)
        except urllib.error.HTTPError as err:
            status, error = err.code, f"HTTP {err.code}"
            if err.code != 429 and err.code < 500:
                break  # the receiver refuses this payload; retrying won't change that
            wait = max(wait, _retry_after(err.headers.get("Retry-After")))
        except (urllib.error.URLError, OSError) as err:
            status, error = None, f"unreachable: {getattr(err, 'reason', err)}"
        if attempt < attempts:
            log.warning("webhook attempt %s failed (%s); retrying in %.0fs", attempt, error, wait)
            sleep(wait)
    log.error("webhook delivery failed after %s attempt(s): %s", attempt, error)
    return Delivery(False, attempt, status, error)


def _retry_after(value: str | None) -> float:
    try:
        return max(0.0, float(value)) if value else 0.0
    except ValueError:
        return 0.0
