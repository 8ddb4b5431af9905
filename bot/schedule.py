"""When the jobs run: APScheduler (3.x, a background thread) in exactly one bot process.

- **Cadence.** The run job fires at the times :class:`recon.Cadence` gives (daily in the
  first and last week of the billing month, weekly in between, or the ``schedule_cron``
  setting), the digest at its day and hour; both are store settings, read again by the
  heartbeat, so ``recon settings set run_hour 6`` applies within a minute. Triggers are
  :class:`CadenceTrigger`, a thin APScheduler trigger over the cadence.
- **Reminders.** A daily job at half past the run hour (in the cadence's zone) sends what
  comes due with time alone (:meth:`bot.jobs.Jobs.send_reminders`): runs are weekly
  mid-month, and a seven-day reduction window fits between two of them.
- **One process.** Before scheduling anything the process takes the store's
  ``scheduler`` lease (holder ``host:pid:random``, a few minutes long), renewed by a
  heartbeat job every minute and released on shutdown. A second process started by mistake
  logs one line and serves Slack without a schedule; its heartbeat keeps trying, so it takes
  over when the first one's lease expires (it died) or is released (it stopped).
- **No overlap.** Jobs have ``max_instances=1`` and ``coalesce=True``, and the run job
  itself skips while a run holds the runner's lock (see :class:`bot.jobs.Jobs`).
- **Catch-up.** When the process takes the schedule and a run was due since the last run
  (:meth:`recon.Cadence.missed`: the bot was down), one run is started at once, not one per
  missed time. If the latest weekly digest went by unposted (:meth:`bot.jobs.Jobs.missed_digest`),
  it is posted then too, after that run, once, saying it is late.

Usage::

    scheduler = Scheduler(store, jobs)
    scheduler.start()        # False: another process holds the schedule
    ...
    scheduler.stop()
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Literal

from apscheduler.job import Job
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger

from bot.jobs import Jobs
from recon import Cadence, ReconError, Store, utc_now

log = logging.getLogger(__name__)

LEASE = "scheduler"
#: How long the lease lasts without renewal: a dead process is replaced after this.
LEASE_TTL = timedelta(minutes=3)
#: How often the heartbeat renews the lease (or, in a standby process, tries to take it).
HEARTBEAT = timedelta(minutes=1)
#: A fire time missed by less than this (the process was busy or suspended) still runs.
MISFIRE_GRACE = timedelta(minutes=30)
RUN_JOB = "reconcile"
DIGEST_JOB = "digest"
REMINDER_JOB = "reminders"
#: Reminders go at this minute of the run hour: after a run at the hour has usually ended.
REMINDER_MINUTE = 30
CATCH_UP_JOB = "catch-up"
HEARTBEAT_JOB = "heartbeat"
_TICK = timedelta(microseconds=1)


class CadenceTrigger(BaseTrigger):
    """An APScheduler trigger firing at a :class:`recon.Cadence`'s run or digest times.

    Args:
        cadence: the schedule.
        what: ``"run"`` (reconciliations) or ``"digest"``.
    """

    __slots__ = ("cadence", "what")

    def __init__(self, cadence: Cadence, what: Literal["run", "digest"]) -> None:
        self.cadence = cadence
        self.what = what

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        """The first time at or after ``now`` (and after ``previous_fire_time``), in UTC."""
        start = now if previous_fire_time is None else min(now, previous_fire_time + _TICK)
        if previous_fire_time is not None and start <= previous_fire_time:
            start = previous_fire_time + _TICK
        after = start - _TICK
        if self.what == "digest":
            return self.cadence.next_digest(after)
        return self.cadence.next_run(after)

    def __str__(self) -> str:
        return f"cadence[{self.what}]"


def holder_id() -> str:
    """Who holds the lease: ``host:pid:random`` (random, so a reused pid is someone else)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class Scheduler:
    """The bot's schedule, held by one process per database.

    Args:
        store: the store (settings, the last run).
        jobs: what to run (and the bot's memory, where the lease is kept).
        holder: this process's lease holder id (default :func:`holder_id`).
        clock: the current time (UTC), for the catch-up decision.
        scheduler: the APScheduler to use (default: a ``BackgroundScheduler`` in UTC).
        lease_ttl: how long the lease lasts without renewal (default 3 minutes).
    """

    def __init__(
        self,
        store: Store,
        jobs: Jobs,
        *,
        holder: str | None = None,
        clock: Callable[[], datetime] = utc_now,
        scheduler: BaseScheduler | None = None,
        lease_ttl: timedelta = LEASE_TTL,
    ) -> None:
        self.store = store
        self.jobs = jobs
        self.holder = holder or holder_id()
        self.clock = clock
        self.aps = scheduler or BackgroundScheduler(timezone=UTC)
        self.lease_ttl = lease_ttl
        self.leading = False
        self.cadence: Cadence | None = None
        self._other: str | None = None

    def start(self, *, paused: bool = False) -> bool:
        """Start the heartbeat and, if the lease is free, the schedule.

        Args:
            paused: start APScheduler paused (tests inspect the jobs and run them by hand).

        Returns:
            True when this process now holds the schedule.
        """
        self.aps.add_job(
            self.heartbeat,
            "interval",
            seconds=HEARTBEAT.total_seconds(),
            id=HEARTBEAT_JOB,
            max_instances=1,
            coalesce=True,
            replace_existing=True,
        )
        self.aps.start(paused=paused)
        return self.heartbeat()

    def heartbeat(self) -> bool:
        """Renew the lease (or try to take it); start or stop the schedule to match.

        Returns:
            True when this process holds the schedule.
        """
        try:
            held, lease = self.jobs.chat.acquire_lease(LEASE, self.holder, ttl=self.lease_ttl)
        except ReconError as err:  # a busy or unreadable database: try again next beat
            log.warning("scheduler lease could not be renewed: %s", err)
            return self.leading
        if held and not self.leading:
            self._lead()
        elif held:
            self._follow_settings()
        elif self.leading:
            log.error(
                "the scheduler lease was taken by %s (this process missed its renewals); "
                "this one stops scheduling and serves Slack without it",
                lease.holder,
            )
            self._other = lease.holder
            self._drop_jobs()
        elif lease.holder != self._other:
            self._other = lease.holder
            log.warning(
                "another process (holder %s) runs the scheduler; this one serves Slack without it",
                lease.holder,
            )
        return self.leading

    def stop(self) -> None:
        """Stop scheduling (waiting for a run in progress) and give the lease back."""
        if self.aps.running:
            self.aps.shutdown(wait=True)
        if self.leading:
            self.leading = False
            try:
                self.jobs.chat.release_lease(LEASE, self.holder)
            except ReconError as err:
                log.warning("scheduler lease not released (it will expire): %s", err)

    def run_job(self) -> Job | None:
        """The registered run job, if any."""
        return self.aps.get_job(RUN_JOB)

    def digest_job(self) -> Job | None:
        """The registered digest job, if any."""
        return self.aps.get_job(DIGEST_JOB)

    def reminder_job(self) -> Job | None:
        """The registered daily reminders job, if any."""
        return self.aps.get_job(REMINDER_JOB)

    def catch_up_job(self) -> Job | None:
        """The one-off catch-up run, while it has not run yet."""
        return self.aps.get_job(CATCH_UP_JOB)

    # --- the schedule ---------------------------------------------------------------

    def _lead(self) -> None:
        taken_from, self._other = self._other, None
        self.leading = True
        if taken_from is not None:
            log.warning("took over the scheduler from %s (its lease ended)", taken_from)
        else:
            log.info("this process runs the scheduler (holder %s)", self.holder)
        self._schedule(Cadence.from_settings(self.store.settings()))
        self._catch_up()

    def _schedule(self, cadence: Cadence) -> None:
        self.cadence = cadence
        options = {
            "max_instances": 1,
            "coalesce": True,
            "misfire_grace_time": int(MISFIRE_GRACE.total_seconds()),
            "replace_existing": True,
        }
        if self.jobs.runner is not None:
            trigger = CadenceTrigger(cadence, "run")
            self.aps.add_job(self.jobs.scheduled_run, trigger, id=RUN_JOB, **options)
        self.aps.add_job(
            self.jobs.weekly_digest, CadenceTrigger(cadence, "digest"), id=DIGEST_JOB, **options
        )
        reminders = CronTrigger(
            hour=cadence.run_hour, minute=REMINDER_MINUTE, timezone=cadence.timezone
        )
        self.aps.add_job(self.jobs.send_reminders, reminders, id=REMINDER_JOB, **options)
        run = self.run_job()
        digest = self.digest_job()
        log.info(
            "scheduled: runs %s; digest %s (%s)",
            f"next at {run.next_run_time:%Y-%m-%d %H:%M %Z}"
            if run is not None and run.next_run_time
            else "off (no vendor and PSA source configured)",
            f"next at {digest.next_run_time:%Y-%m-%d %H:%M %Z}"
            if digest is not None and digest.next_run_time
            else "pending",
            cadence.timezone,
        )

    def _catch_up(self) -> None:
        if self.cadence is None:
            return
        now = self.clock()
        last = self.store.last_run()
        run = self.jobs.runner is not None and self.cadence.missed(last.at if last else None, now)
        digest_due = self.jobs.missed_digest(now)
        if not run and digest_due is None:
            return
        if run:
            log.info("a scheduled run was due while no process ran the scheduler: catching up")
        if digest_due is not None:
            log.info("the digest due %s was missed: posting it late, once", digest_due)
        self.aps.add_job(  # a date trigger with no date: now; the run first, then the digest
            self.jobs.catch_up,
            "date",
            id=CATCH_UP_JOB,
            kwargs={"run": run, "digest_due": digest_due},
            max_instances=1,
            misfire_grace_time=None,
            replace_existing=True,
        )

    def _follow_settings(self) -> None:
        cadence = Cadence.from_settings(self.store.settings())
        if cadence != self.cadence:
            log.info("the schedule settings changed; rescheduling")
            self._schedule(cadence)

    def _drop_jobs(self) -> None:
        self.leading = False
        for job_id in (RUN_JOB, DIGEST_JOB, REMINDER_JOB, CATCH_UP_JOB):
            if self.aps.get_job(job_id) is not None:
                self.aps.remove_job(job_id)
