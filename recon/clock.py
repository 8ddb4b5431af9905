"""The one clock: every default "now" in ``recon`` (and the bot) reads :func:`utc_now`.

Code that needs the time takes a ``clock`` argument defaulting to this function, so tests
inject a fake clock and nothing else in the project calls ``datetime.now`` itself.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """The current time, aware and in UTC.

    Returns:
        ``datetime.now(UTC)``.
    """
    return datetime.now(UTC)
