"""What the scheduler does, as plain methods of their dependencies (no APScheduler here).

- :class:`SourceRunner` holds the configured vendor and PSA sources (opened once, so the
  watched folder remembers what it saw between sweeps) and the lock that keeps two runs
  from overlapping, whoever starts them: the schedule, the catch-up at start, or
  ``/reconcile run``.
- :meth:`Jobs.scheduled_run` is one sweep: skip at once if a run is going (logged); run
  only when a source has something new (:meth:`recon.Source.has_new_data`; APIs always
  have); then alerts, review prompts and anomalies through :func:`bot.notify.notify_after_run`,
  and the same alerts to the webhook on its own thread.
- :meth:`Jobs.send_reminders` runs daily, between runs too: what comes due with time alone (a
  seat-reduction window closing within ``reminder_days``, an open gap reaching the escalation
  age) is sent then, once, even when no export changed; a weekly run alone would let a
  seven-day window open and close unseen.
- :meth:`Jobs.weekly_digest` posts the digest and its chart (:func:`bot.notify.post_digest`),
  and claims its slot (the due time) in the store, so that a digest is posted once per slot.
- :meth:`Jobs.missed_digest` says whether the latest slot went by while no process ran the
  schedule (the bot was down); :meth:`Jobs.catch_up` then posts that digest late, once,
  saying so (after the catch-up run, if one is due too).

Tests call these directly with a fake clock; :mod:`bot.schedule` decides when.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import messages, slack_io
from bot.blocks import held_run_message, plain_message
from bot.context import RunInProgress, billing_channel
from bot.conversation import ClaimKind, Conversation
from bot.notify import NotifyProblem, NotifyReport, notify_after_run, post_digest
from bot.settings import FOLDER, BotSettings
from bot.webhooks import WebhookSender
from recon import (
    Cadence,
    HeldRun,
    PreviewNote,
    ReconcileOutcome,
    ReconcileRequest,
    ReconError,
    Runtime,
    Side,
    Source,
    Store,
    open_source,
    plan_from_store,
    run_reconciliation,
    utc_now,
)

log = logging.getLogger(__name__)

#: Claim kind of a digest slot (its due time): posted once, on time or late.
DIGEST_CLAIM = ClaimKind.DIGEST
_WEEK_AND_A_DAY = timedelta(days=8)


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
        preview: PreviewNote | None = None,
    ) -> ReconcileOutcome:
        """Pull both sides and record the run (a preview with ``save=False``, audited with
        ``preview``); the caller holds :attr:`lock`.

        Raises:
            ReconError: a source failed (``SourceError``) or an export can't be read.
        """
        request = ReconcileRequest(
            vendor=self.vendor, psa=self.psa, by=by, save=save, preview=preview
        )
        return run_reconciliation(request, store=self.store, clock=self.clock, progress=progress)

    def run_now(
        self,
        progress: Callable[[str], None],
        *,
        save: bool = True,
        by: str = "scheduler",
        preview: PreviewNote | None = None,
    ) -> ReconcileOutcome:
        """``/reconcile run``: run now, new data or not, unless a run is going.

        Raises:
            RunInProgress: another run holds the lock.
            ReconError: the run failed.
        """
        if not self.lock.acquire(blocking=False):
            raise RunInProgress
        try:
            return self.run(progress, save=save, by=by, preview=preview)
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


@dataclass(frozen=True)
class CatchUp:
    """What starting after downtime did: the run (if one was due) and the late digest."""

    sweep: Sweep | None
    digest_due: datetime | None
    digest_posted: bool


class Jobs:
    """The scheduled work of the bot.

    Args:
        client: a Web API client with the bot token.
        store: the store.
        settings: the bot's settings.
        runner: the configured sources (None: no scheduled runs, the digest only).
        webhook: where the alerts of scheduled runs also go (None: nowhere).
        clock: the current time (UTC).
        chat: the bot's own memory (default: :meth:`Conversation.open` on the store's file).
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
        chat: Conversation | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.chat = chat or Conversation.open(store)
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
                self.chat,
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

    def send_reminders(self) -> NotifyReport | None:
        """Send the alerts that came due with time alone, between runs.

        A gap's reduction window coming within ``reminder_days`` of closing, or an open gap
        reaching the escalation age, needs no new export to be worth saying; each is said
        once (the store remembers what was said, so the next pass sends nothing). Skipped
        while a run holds the runner's lock: that run alerts itself.

        Returns:
            What was sent; None when nothing was due or a run was going (nothing sent).
        """
        now = self.clock()
        if not plan_from_store(self.store, now=now).alerts:
            return None
        lock = self.runner.lock if self.runner is not None else None
        if lock is not None and not lock.acquire(blocking=False):
            log.info("reminders: a run is going and alerts itself; skipped")
            return None
        try:
            report = notify_after_run(
                self.client, self.store, self.chat, self.settings, now=now, webhook=self.webhook
            )
        finally:
            if lock is not None:
                lock.release()
        for target, reason in report.failures:
            log.warning("reminders: couldn't alert %s: %s", target, reason)
        log.info("reminders: %s alert message(s)", report.sent)
        return report

    def weekly_digest(self) -> bool:
        """Post the digest (and its chart) to the billing channel; False (logged) if not.

        The slot it fills (the latest digest time up to now) is claimed first, so a slot is
        posted once whichever process or restart gets to it; a failed post gives it back.
        """
        now = self.clock()
        return self._post_digest(self.due_digest(now), late=False)

    def due_digest(self, now: datetime) -> datetime | None:
        """The latest digest time at or before ``now`` (within the last week and a day)."""
        cadence = Cadence.from_settings(self.store.settings())
        times = cadence.digest_times(now - _WEEK_AND_A_DAY, now)
        return times[-1] if times else None

    def missed_digest(self, now: datetime) -> datetime | None:
        """The digest slot that went by unposted while the bot was down, or None.

        A slot counts as missed when it is not claimed but an earlier scheduled digest was
        (within the claims' 30 days): on a first start there is nothing to catch up.
        """
        due = self.due_digest(now)
        if due is None or self.chat.claimed(DIGEST_CLAIM, _slot(due)):
            return None
        return due if self.chat.claimed(DIGEST_CLAIM) else None

    def catch_up(self, *, run: bool = True, digest_due: datetime | None = None) -> CatchUp:
        """After downtime: one run if one was due, then the missed digest, late and once.

        Args:
            run: a scheduled run was missed (default True).
            digest_due: the missed digest's due time (default None: none was missed).
        """
        sweep = self.scheduled_run() if run else None
        posted = digest_due is not None and self._post_digest(digest_due, late=True)
        return CatchUp(sweep, digest_due, posted)

    def _post_digest(self, due: datetime | None, *, late: bool) -> bool:
        slot = _slot(due) if due is not None else None
        if slot is not None and not self.chat.claim(DIGEST_CLAIM, slot):
            log.info("the digest due %s was already posted", slot)
            return False
        try:
            channel, _ = post_digest(
                self.client,
                self.store,
                self.settings,
                now=self.clock(),
                due=due if late else None,
            )
        except NotifyProblem as problem:
            log.error("weekly digest not posted: %s", problem)
            if slot is not None:
                self.chat.unclaim(DIGEST_CLAIM, slot)
            return False
        log.info("%s digest posted to %s", "late" if late else "weekly", channel)
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


def _slot(due: datetime) -> str:
    """A digest slot's claim key: its due time in UTC, to the minute."""
    return f"{due.astimezone(UTC):%Y-%m-%dT%H:%MZ}"
