"""The alerts Slack was given, also POSTed as signed JSON to the ``webhook_url`` setting.

Delivery (:func:`recon.deliver`: signed, retried with backoff, never raising) runs on one
background thread, after the Slack alerts have gone out, so a slow or broken receiver never
delays or stops them; a failure is logged and nothing else. The webhook is off until both
the store's ``webhook_url`` setting and ``RECON_WEBHOOK_SECRET`` are set.

Usage::

    webhook = WebhookSender(store, secret=settings.webhook_secret)
    futures = webhook.send(report.alerts, now=now)   # returns at once
    webhook.close()                                   # at shutdown: waits for what is queued
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from datetime import datetime

from recon import ClientAlert, Delivery, ReconError, Store, alert_payload, deliver

log = logging.getLogger(__name__)


class WebhookSender:
    """Sends delivered alerts to the webhook receiver, off the caller's thread.

    Args:
        store: where the ``webhook_url`` setting is read (at each send, so a change made
            with ``recon settings set webhook_url ...`` applies to the next run).
        secret: ``RECON_WEBHOOK_SECRET``; None turns the webhook off.
        executor: where deliveries run (default: one background thread, in order).
        sleep: how retries wait (tests pass a recorder).
    """

    def __init__(
        self,
        store: Store,
        *,
        secret: str | None,
        executor: Executor | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._store = store
        self._secret = secret
        self._executor = executor or ThreadPoolExecutor(1, thread_name_prefix="recon-webhook")
        self._sleep = sleep
        self._warned = False

    def url(self) -> str | None:
        """The receiver, when the webhook is on (the setting and the secret are both set)."""
        try:
            url = self._store.settings().webhook_url
        except ReconError as err:
            log.warning("webhook: can't read the webhook_url setting: %s", err)
            return None
        if url and not self._secret and not self._warned:
            self._warned = True
            log.warning(
                "webhook_url is set but RECON_WEBHOOK_SECRET is not: no alert is sent to it"
            )
        return url if url and self._secret else None

    def send(self, alerts: Sequence[ClientAlert], *, now: datetime) -> list[Future[Delivery]]:
        """Queue one signed POST per alert; returns at once.

        Args:
            alerts: the alerts Slack was given (and the store recorded).
            now: when they were sent (the payload's ``sent_at``).

        Returns:
            One future per alert (empty when the webhook is off); each resolves to the
            :class:`recon.Delivery` and never raises.
        """
        url = self.url()
        if url is None or not alerts:
            return []
        assert self._secret is not None
        secret = self._secret
        return [self._executor.submit(self._deliver, url, secret, alert, now) for alert in alerts]

    def _deliver(self, url: str, secret: str, alert: ClientAlert, now: datetime) -> Delivery:
        delivery = deliver(url, alert_payload(alert, sent_at=now), secret=secret, sleep=self._sleep)
        if not delivery.ok:  # the URL is never logged: it may carry a token
            log.error(
                "webhook: the alert for %s was not delivered after %s attempt(s): %s",
                alert.client,
                delivery.attempts,
                delivery.error,
            )
        return delivery

    def close(self) -> None:
        """Finish what is queued, then stop the thread."""
        self._executor.shutdown(wait=True)
