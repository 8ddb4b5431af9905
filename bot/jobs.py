"""What the scheduler does, as plain methods of their dependencies (no APScheduler here).

- :class:`SourceRunner` holds the configured vendor and PSA sources (opened once, so the
  watched folder remembers what it saw between sweeps) and the lock that keeps two runs
  from overlapping, whoever starts them: the schedule, the catch-up at start, or
  ``/reconcile run``.
- :meth:`Jobs.scheduled_run` is one sweep: skip at once if a run is going (logged); run
  only when a source has something new (:meth:`recon.Source.has_new_data`; APIs always
  have); then alerts, review prompts and anomalies through :func:`bot.notify.notify_after_run`,
  and the same alerts to the webhook on its own thread.
- :meth:`Jobs.weekly_digest` posts the digest and its chart (:func:`bot.notify.post_digest`).

Tests call these directly with a fake clock; :mod:`bot.schedule` decides when.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import messages, slack_io
from bot.blocks import held_run_message, plain_message
from bot.context import RunInProgress, billing_channel
from bot.notify import NotifyProblem, NotifyReport, notify_after_run, post_digest
from bot.settings import FOLDER, BotSettings
from bot.webhooks import WebhookSender
from recon import (
    HeldRun,
    ReconcileOutcome,
    ReconcileRequest,
    ReconError,
    Runtime,
    Side,
    Source,
    Store,
    open_source,
    run_reconciliation,
    utc_now,
)

log = logging.getLogger(__name__)


class SourceRunner:
    """The configured sources, opened once, and the one lock around every run from them.

    Args:
        vendor: the vendor side's source.
        psa: the PSA side's source (may be the same object: the watched folder).
        store: where runs are recorded.
        clock: the current time (UTC).
        sleep: how a folder's settle interval is waited (tests advance a fake clock).
        settle_seconds: the watched folder's settle interval, or 0 without a folder.
    """

    def __init__(
        self,
        *,
        vendor: Source,
        psa: Source,
        store: Store,
        clock: Callable[[], datetime] = utc_now,
        sleep: Callable[[float], None] = time.sleep,
        settle_seconds: float = 0.0,
    ) -> None:
        self.vendor = vendor
        self.psa = psa
        self.store = store
        self.clock = clock
        self.sleep = sleep
        self.settle_seconds = settle_seconds
        self.lock = threading.Lock()

    @classmethod
    def open(
        cls,
        settings: BotSettings,
        store: Store,
        *,
        clock: Callable[[], datetime] = utc_now,
        sleep: Callable[[float], None] = time.sleep,
    ) -> SourceRunner | None:
        """Open the sources ``RECON_VENDOR_SOURCE`` and ``RECON_PSA_SOURCE`` name.

        Returns:
            The runner; None when a side has no source (nothing is opened then).

        Raises:
            SourceError: a source is not configured (settings checked it; not expected).
        """
        if settings.vendor_source is None or settings.psa_source is None:
            return None
        runtime = Runtime(clock=clock, sleep=sleep)
        vendor = open_source(settings.vendor_source, settings.sources, runtime=runtime)
        same = settings.psa_source == settings.vendor_source  # one folder serves both sides
        psa = (
            vendor if same else open_source(settings.psa_source, settings.sources, runtime=runtime)
        )
        folder = settings.sources.folder
        uses_folder = FOLDER in (settings.vendor_source, settings.psa_source)
        settle = folder.settle_seconds if folder is not None and uses_folder else 0.0
        return cls(
            vendor=vendor, psa=psa, store=store, clock=clock, sleep=sleep, settle_seconds=settle
        )

    @property
    def names(self) -> str:
        """``vendor+psa`` source names, for logs."""
        return f"{self.vendor.name}+{self.psa.name}"

    def has_new_data(self) -> bool:
        """True when either side may give something not reconciled yet.

        A watched folder only trusts a file that stayed the same for its settle interval;
        a file seen for the first time is looked at again after that interval.
        """
        if self._anything_new():
            return True
        if self.settle_seconds <= 0:
            return False
        self.sleep(self.settle_seconds)
        return self._anything_new()

    def _anything_new(self) -> bool:
        vendor = self.vendor.has_new_data(Side.VENDOR)
        return self.psa.has_new_data(Side.PSA) or vendor

    def run(
        self,
        progress: Callable[[str], None] | None = None,
        *,
        save: bool = True,
        by: str = "scheduler",
    ) -> ReconcileOutcome:
        """Pull both sides and record the run (a preview with ``save=False``); the caller
        holds :attr:`lock`.

        Raises:
            ReconError: a source failed (``SourceError``) or an export can't be read.
        """
        request = ReconcileRequest(vendor=self.vendor, psa=self.psa, by=by, save=save)
        return run_reconciliation(request, store=self.store, clock=self.clock, progress=progress)

    def run_now(
        self, progress: Callable[[str], None], *, save: bool = True, by: str = "scheduler"
    ) -> ReconcileOutcome:
        """``/reconcile run``: run now, new data or not, unless a run is going.

        Raises:
            RunInProgress: another run holds the lock.
            ReconError: the run failed.
        """
        if not self.lock.acquire(blocking=False):
            raise RunInProgress
        try:
            return self.run(progress, save=save, by=by)
        finally:
            self.lock.release()

    def close(self) -> None:
        """Close the sources."""
        self.vendor.close()
        if self.psa is not self.vendor:
            self.psa.close()


class SweepResult(StrEnum):
    """How a scheduled sweep went."""

    RAN = "ran"
    NOTHING_NEW = "nothing new"
    BUSY = "busy"
    FAILED = "failed"
    HELD = "held"  # the plausibility guard held the run: admins are asked, nobody alerted
    NO_SOURCES = "no sources"


@dataclass(frozen=True)
class Sweep:
    """One scheduled sweep: how it went, and the run and its alerts when it ran."""

    result: SweepResult
    outcome: ReconcileOutcome | None = None
    report: NotifyReport | None = None


class Jobs:
    """The scheduled work of the bot.

    Args:
        client: a Web API client with the bot token.
        store: the store.
        settings: the bot's settings.
        runner: the configured sources (None: no scheduled runs, the digest only).
        webhook: where the alerts of scheduled runs also go (None: nowhere).
        clock: the current time (UTC).
    """

    def __init__(
        self,
        client: WebClient,
        store: Store,
        settings: BotSettings,
        *,
        runner: SourceRunner | None,
        webhook: WebhookSender | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.client = client
        self.store = store
        self.settings = settings
        self.runner = runner
        self.webhook = webhook
        self.clock = clock
        self._last_problem: str | None = None

    def scheduled_run(self) -> Sweep:
        """One sweep: run from the sources if something is new, then tell people.

        Never overlaps another run (a sweep finding one going is skipped and logged). A
        failed run is logged and posted once to the billing channel (once per distinct
        problem, so a source down for a week is not a message a day).
        """
        runner = self.runner
        if runner is None:
            return Sweep(SweepResult.NO_SOURCES)
        if not runner.lock.acquire(blocking=False):
            log.warning("a reconciliation is still running; this scheduled run is skipped")
            return Sweep(SweepResult.BUSY)
        try:
            try:
                if not runner.has_new_data():
                    log.info("scheduled run: nothing new from %s; nothing to do", runner.names)
                    return Sweep(SweepResult.NOTHING_NEW)
                log.info("scheduled run: reading %s", runner.names)
                outcome = runner.run()
            except ReconError as err:  # a source down, a folder not mounted, a bad export
                log.error("scheduled run failed: %s", err)
                self._tell_problem(str(err))
                return Sweep(SweepResult.FAILED)
            self._last_problem = None
            if outcome.held is not None:
                log.warning("scheduled run %s held: %s", outcome.held.run_id, outcome.held.reasons)
                self._tell_held(outcome.held)
                return Sweep(SweepResult.HELD, outcome)
            report = notify_after_run(
                self.client,
                self.store,
                self.settings,
                outcome=outcome,
                now=self.clock(),
                webhook=self.webhook,
            )
            for target, reason in report.failures:
                log.warning("scheduled run: couldn't alert %s: %s", target, reason)
            log.info(
                "scheduled run %s: %s gaps, %s alert message(s)",
                outcome.run.run_id if outcome.run else "-",
                len(outcome.result.gaps),
                report.sent,
            )
            return Sweep(SweepResult.RAN, outcome, report)
        finally:
            runner.lock.release()

    def weekly_digest(self) -> bool:
        """Post the digest (and its chart) to the billing channel; False (logged) if not."""
        try:
            channel, _ = post_digest(self.client, self.store, self.settings, now=self.clock())
        except NotifyProblem as problem:
            log.error("weekly digest not posted: %s", problem)
            return False
        log.info("weekly digest posted to %s", channel)
        return True

    def _tell_held(self, held: HeldRun) -> None:
        """Ask the admins, in the billing channel, to confirm or discard a held run."""
        channel = billing_channel(self.store, self.settings)
        if channel is None:
            return
        try:
            slack_io.post(
                self.client, channel, held_run_message(held, zone=self.store.settings().zone)
            )
        except SlackApiError as err:
            log.warning("couldn't post held run to %s: %s", channel, slack_io.error_code(err))

    def _tell_problem(self, error: str) -> None:
        if error == self._last_problem:
            return
        self._last_problem = error
        channel = billing_channel(self.store, self.settings)
        if channel is None:
            return
        try:
            slack_io.post(self.client, channel, plain_message(messages.scheduled_run_failed(error)))
        except SlackApiError as err:
            log.warning("couldn't post the failure to %s: %s", channel, slack_io.error_code(err))
