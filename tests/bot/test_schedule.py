"""The schedule as registered, catching up once, and one scheduler per database.

APScheduler is started paused: nothing fires by wall time. The tests read the registered
jobs' triggers with a fake "now", run jobs by calling them, and move the store's clock to
expire leases.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from bot.app import make_client
from bot.conversation import Conversation
from bot.jobs import Jobs, SourceRunner, SweepResult
from bot.schedule import LEASE, CadenceTrigger, Scheduler
from bot.settings import BotSettings
from recon import Cadence, Store
from tests.bot.conftest import ANN, blocks_text, seed
from tests.conftest import FakeClock

ROOT = Path(__file__).resolve().parents[2]
MARCH = datetime(2026, 3, 1, tzinfo=UTC)
APRIL = datetime(2026, 4, 1, tzinfo=UTC)


def fire_times(trigger: CadenceTrigger, start: datetime, end: datetime) -> list[datetime]:
    """Every time a trigger fires in [start, end), asked the way APScheduler asks."""
    times = []
    fire = trigger.get_next_fire_time(None, start)
    while fire is not None and fire < end:
        times.append(fire)
        fire = trigger.get_next_fire_time(fire, fire)
    return times


@pytest.fixture
def runner(folder_settings: BotSettings, store: Store, clock: FakeClock) -> Iterator[SourceRunner]:
    opened = SourceRunner.open(
        folder_settings, store, clock=clock, sleep=lambda s: clock.advance(seconds=s)
    )
    assert opened is not None
    yield opened
    opened.close()


@pytest.fixture
def schedulers() -> Iterator[list[Scheduler]]:
    """Every scheduler a test made, stopped afterwards."""
    made: list[Scheduler] = []
    yield made
    for scheduler in made:
        scheduler.stop()


@pytest.fixture
def make_scheduler(schedulers: list[Scheduler], folder_settings, runner, clock, tmp_path):
    """Makes schedulers, each with its own store object on the one database file (like
    processes), APScheduler in UTC, and the runs from the watched folder."""

    def make(holder: str) -> Scheduler:
        store = Store.open(tmp_path / "recon.db", clock=clock)
        jobs = Jobs(
            make_client(folder_settings), store, folder_settings, runner=runner, clock=clock
        )
        scheduler = Scheduler(
            store, jobs, holder=holder, clock=clock, scheduler=BackgroundScheduler(timezone=UTC)
        )
        schedulers.append(scheduler)
        return scheduler

    return make


def test_the_run_job_fires_daily_at_the_month_edges_and_weekly_between(make_scheduler) -> None:
    scheduler = make_scheduler("host-a:1:aa")
    assert scheduler.start(paused=True)
    job = scheduler.run_job()
    assert job is not None and job.max_instances == 1 and job.coalesce is True
    times = fire_times(job.trigger, MARCH, APRIL)
    # March 2026: the 1st-7th daily, Mondays 9, 16 and 23, the 25th-31st daily; 07:00 UTC.
    assert [t.day for t in times] == [1, 2, 3, 4, 5, 6, 7, 9, 16, 23, 25, 26, 27, 28, 29, 30, 31]
    assert {(t.hour, t.minute, t.tzinfo) for t in times} == {(7, 0, UTC)}
    digest = scheduler.digest_job()
    assert digest is not None and digest.max_instances == 1 and digest.coalesce is True
    assert fire_times(digest.trigger, MARCH, APRIL) == [
        datetime(2026, 3, day, 9, tzinfo=UTC) for day in (2, 9, 16, 23, 30)
    ]


def test_the_schedule_follows_the_store_settings(make_scheduler) -> None:
    scheduler = make_scheduler("host-a:1:aa")
    store = scheduler.store
    for key, value in {
        "billing_day": "15",
        "run_hour": "6",
        "run_weekday": "wed",
        "timezone": "America/New_York",
        "digest_weekday": "fri",
        "digest_hour": "16",
    }.items():
        store.set_setting(key, value, by="cli:test")
    scheduler.start(paused=True)
    zone = Cadence.from_settings(store.settings()).zone
    runs = fire_times(scheduler.run_job().trigger, MARCH, APRIL)
    local = [t.astimezone(zone) for t in runs]
    # Billing month from the 15th: its last week (8-14) and first week (15-21) are daily,
    # Wednesdays between (4 and 25 March).
    assert [t.day for t in local] == [4, *range(8, 22), 25]
    assert {t.hour for t in local} == {6}
    digests = [t.astimezone(zone) for t in fire_times(scheduler.digest_job().trigger, MARCH, APRIL)]
    assert [(t.day, t.hour) for t in digests] == [(6, 16), (13, 16), (20, 16), (27, 16)]

    # A crontab replaces the cadence; the heartbeat picks the change up while running.
    store.set_setting("schedule_cron", "30 5 * * mon-fri", by="cli:test")
    assert scheduler.heartbeat()
    week = fire_times(scheduler.run_job().trigger, MARCH, MARCH + timedelta(days=7))
    assert [t.astimezone(zone).strftime("%a %H:%M") for t in week] == [
        f"{day} 05:30" for day in ("Mon", "Tue", "Wed", "Thu", "Fri")
    ]


def test_after_downtime_one_run_catches_up_at_start(
    make_scheduler, clock: FakeClock, store: Store
) -> None:
    seed(store, owners={"Pied Piper": ANN})  # run 1, then the bot is down for ten days
    clock.advance(days=10)
    assert len(Cadence().run_times(store.last_run().at, clock())) > 1  # several runs missed

    scheduler = make_scheduler("host-a:1:aa")
    scheduler.start(paused=True)
    catch_up = scheduler.catch_up_job()
    assert catch_up is not None
    assert [j.id for j in scheduler.aps.get_jobs()].count("catch-up") == 1
    done = catch_up.func(**catch_up.kwargs)
    assert done.sweep is not None and done.sweep.result is SweepResult.RAN
    assert done.digest_due is None  # no digest was ever posted: a first start misses none
    assert [r.run_id for r in store.runs()] == [2, 1]  # exactly one run for the downtime

    later = make_scheduler("host-a:1:aa")  # a restart now: nothing was missed since run 2
    scheduler.stop()
    later.start(paused=True)
    assert later.catch_up_job() is None


def test_nothing_to_catch_up_when_no_run_was_due(make_scheduler, clock, store) -> None:
    seed(store)  # Monday 09:00, after the 07:00 run time
    clock.advance(hours=20)  # Tuesday 05:00: the next run is at 07:00
    scheduler = make_scheduler("host-a:1:aa")
    scheduler.start(paused=True)
    assert scheduler.catch_up_job() is None and scheduler.run_job() is not None


def test_one_scheduler_per_database_and_the_other_says_so_once(make_scheduler, caplog) -> None:
    first, second = make_scheduler("host-a:101:aa"), make_scheduler("host-b:202:bb")
    assert first.start(paused=True)
    with caplog.at_level(logging.INFO, logger="bot.schedule"):
        assert not second.start(paused=True)
        assert not second.heartbeat()
    lines = [r.getMessage() for r in caplog.records if "another process" in r.getMessage()]
    assert lines == [
        "another process (holder host-a:101:aa) runs the scheduler; this one serves Slack "
        "without it"
    ]
    assert second.run_job() is None and second.digest_job() is None
    assert first.run_job() is not None and first.heartbeat()


def test_the_standby_takes_over_when_the_lease_expires(
    make_scheduler, clock: FakeClock, caplog
) -> None:
    first, second = make_scheduler("host-a:101:aa"), make_scheduler("host-b:202:bb")
    first.start(paused=True)
    second.start(paused=True)
    clock.advance(minutes=2)
    assert first.heartbeat() and not second.heartbeat()  # renewed: still first's
    clock.advance(minutes=4)  # first stopped beating (hung or killed): its lease runs out
    with caplog.at_level(logging.INFO, logger="bot.schedule"):
        assert second.heartbeat()
        assert second.run_job() is not None and second.digest_job() is not None
        assert not first.heartbeat()  # it wakes up: it stands down instead of doubling
    assert first.run_job() is None and first.digest_job() is None
    assert "took over the scheduler from host-a:101:aa" in caplog.text
    assert "the scheduler lease was taken by host-b:202:bb" in caplog.text


def test_stopping_gives_the_lease_back_at_once(
    make_scheduler, store: Store, chat: Conversation
) -> None:
    first, second = make_scheduler("host-a:101:aa"), make_scheduler("host-b:202:bb")
    first.start(paused=True)
    second.start(paused=True)
    first.stop()
    assert second.heartbeat()
    held, lease = chat.acquire_lease(LEASE, "someone-else", ttl=timedelta(minutes=1))
    assert not held and lease.holder == "host-b:202:bb"


_PROCESS = """
import logging, sys
from slack_sdk import WebClient
from bot.jobs import Jobs
from bot.schedule import Scheduler
from bot.settings import BotSettings
from recon import Store

logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
store = Store.open(sys.argv[1])
settings = BotSettings(bot_token="xoxb-test")
jobs = Jobs(WebClient(base_url="http://127.0.0.1:9/"), store, settings, runner=None)
scheduler = Scheduler(store, jobs)
held = scheduler.start()
print("held" if held else "standby", scheduler.holder, flush=True)
sys.stdin.readline()
scheduler.stop()
"""


def _process(db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _PROCESS, str(db)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen[str]) -> str:
    _out, err = process.communicate("\n", timeout=60)
    assert process.returncode == 0, err
    return err


def test_two_real_processes_on_one_database(tmp_path: Path, folder_settings, caplog) -> None:
    db = tmp_path / "shared.db"
    Store.open(db)
    other = _process(db)
    word, other_holder = other.stdout.readline().split()  # blocks until it has started
    assert word == "held"

    store = Store.open(db)  # this process, on the real clock
    jobs = Jobs(make_client(folder_settings), store, folder_settings, runner=None)
    here = Scheduler(store, jobs, holder="here:1:cc", scheduler=BackgroundScheduler(timezone=UTC))
    try:
        with caplog.at_level(logging.INFO, logger="bot.schedule"):
            assert not here.start(paused=True)
            assert here.digest_job() is None
            _finish(other)  # it stops and gives the lease back
            assert here.heartbeat() and here.digest_job() is not None
        assert f"another process (holder {other_holder}) runs the scheduler" in caplog.text
        assert f"took over the scheduler from {other_holder}" in caplog.text

        late = _process(db)  # started by mistake while this one holds the schedule
        word, _late_holder = late.stdout.readline().split()
        assert word == "standby"
        log = _finish(late)
        assert (
            "another process (holder here:1:cc) runs the scheduler; this one serves Slack "
            "without it"
        ) in log
    finally:
        here.stop()


def test_python_m_bot_runs_the_schedule_and_gives_the_lease_back_on_sigterm(
    tmp_path: Path, fake
) -> None:
    with socket.socket() as probe:  # a free port for HTTP mode
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "RECON_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        SLACK_BOT_TOKEN="xoxb-test-token",
        SLACK_SIGNING_SECRET="s3cr3t",
        RECON_ADMINS="U0ADMIN01",
        SLACK_API_URL=fake.api_url,
        RECON_DB=str(tmp_path / "recon.db"),
        PORT=str(port),
    )
    bot = subprocess.Popen(
        [sys.executable, "-m", "bot"], cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        seen = []
        for line in bot.stderr:  # until it says it holds the schedule and serves
            seen.append(line)
            if "bot.http: listening" in line:
                break
        text = "".join(seen)
        assert "this process runs the scheduler (holder " in text
        assert "runs off (no vendor and PSA source configured)" in text
        bot.send_signal(signal.SIGTERM)
        _out, rest = bot.communicate(timeout=60)
    finally:
        if bot.poll() is None:
            bot.kill()
    assert bot.returncode == 0, rest
    held, _lease = Conversation.open(Store.open(tmp_path / "recon.db")).acquire_lease(
        LEASE, "next:1:aa", ttl=timedelta(minutes=1)
    )
    assert held  # given back at shutdown, not left to expire


def digest_posts(fake) -> list:
    return [c for c in fake.calls_to("chat.postMessage") if "Billing digest" in c.params["text"]]


def test_a_digest_missed_while_the_bot_was_down_is_posted_late_once(
    make_scheduler, clock: FakeClock, store: Store, fake
) -> None:
    seed(store)  # Monday 2 March 09:00: a run, and the digest is due
    first = make_scheduler("host-a:1:aa")
    first.start(paused=True)
    assert first.jobs.weekly_digest()  # on time
    first.stop()
    clock.advance(days=7, hours=3)  # down over Monday 9 March 09:00, back at 12:00
    fake.clear()

    back = make_scheduler("host-a:1:bb")
    back.start(paused=True)
    job = back.catch_up_job()
    assert job is not None and job.kwargs["digest_due"] == datetime(2026, 3, 9, 9, tzinfo=UTC)
    done = job.func(**job.kwargs)
    assert done.digest_posted and done.sweep is not None  # the missed run first, then it
    [late] = digest_posts(fake)
    assert late.params["text"].startswith("Billing digest (late): ")
    text = blocks_text(late.params)
    assert "This digest was due 2026-03-09 09:00 UTC, when the bot was not running" in text

    back.stop()
    fake.clear()
    again = make_scheduler("host-a:1:cc")  # restarted once more the same day
    again.start(paused=True)
    assert again.catch_up_job() is None  # said once
    assert again.jobs.weekly_digest() is False  # and the slot is not posted twice
    assert digest_posts(fake) == []


def test_a_digest_posted_on_time_is_not_posted_again_after_a_restart(
    make_scheduler, clock: FakeClock, store: Store, fake
) -> None:
    seed(store)
    first = make_scheduler("host-a:1:aa")
    first.start(paused=True)
    assert first.jobs.weekly_digest()
    first.stop()
    clock.advance(hours=2)  # restarted later the same morning
    fake.clear()
    back = make_scheduler("host-a:1:bb")
    back.start(paused=True)
    assert back.catch_up_job() is None and digest_posts(fake) == []


def test_reminders_are_sent_daily_half_past_the_run_hour_in_its_zone(make_scheduler) -> None:
    scheduler = make_scheduler("host-a:1:aa")
    scheduler.store.set_setting("run_hour", "6", by="cli:test")
    scheduler.store.set_setting("timezone", "America/New_York", by="cli:test")
    assert scheduler.start(paused=True)
    job = scheduler.reminder_job()
    assert job is not None and job.max_instances == 1 and job.coalesce is True
    assert job.func == scheduler.jobs.send_reminders
    zone = Cadence.from_settings(scheduler.store.settings()).zone
    fire = job.trigger.get_next_fire_time(None, MARCH)
    times = []
    while fire < MARCH + timedelta(days=10):  # daily, mid-month weeks included
        times.append(fire.astimezone(zone))
        fire = job.trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
    assert [t.day for t in times] == list(range(1, 11))
    assert {(t.hour, t.minute) for t in times} == {(6, 30)}
