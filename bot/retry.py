"""Retrying Slack Web API calls that hit a rate limit, with an injectable wait.

slack_sdk's own handler sleeps with ``time.sleep`` inside the call; this one takes the sleep
function as an argument, so tests can assert that ``Retry-After`` was honoured without
waiting for it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryHandler, RetryState


class RateLimitRetry(RetryHandler):
    """Retry HTTP 429 after the ``Retry-After`` seconds Slack asks for, plus up to 1 s of jitter.

    Args:
        max_retry_count: retries after the first try (default 3).
        sleep: how to wait (default ``time.sleep``).
        jitter: a random extra in [0, 1) so many clients don't retry at the same instant.
    """

    def __init__(
        self,
        max_retry_count: int = 3,
        *,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self._sleep = sleep
        self._jitter = jitter

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code == 429

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        state.next_attempt_requested = True
        self._sleep(retry_after(response) + self._jitter())
        state.increment_current_attempt()


def retry_after(response: HttpResponse | None) -> float:
    """The seconds a 429 response asks to wait (1 when it doesn't say)."""
    if response is None:
        return 1.0
    for name, values in response.headers.items():
        if name.lower() == "retry-after" and values:
            try:
                return max(0.0, float(values[0]))
            except ValueError:
                return 1.0
    return 1.0
