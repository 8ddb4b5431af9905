"""The gap lifecycle a run applies: pure functions from (stored row, what the run saw) to changes.

Rules, per stored gap, when a run is recorded at time ``now``:

Shown by the run (its key is among the result's gaps):

- not stored yet: inserted ``open`` -> **new**.
- ``fixed``: back to ``open`` under the same id, recovered money cleared -> **reopened**
  (``came_back``).
- ``open``: stays open -> **grew** if ``|seat_delta|`` increased, else **changed** if the
  seat delta or the monthly impact changed, else **still_open**.
- ``snoozed``: reopens if ``now`` is at or after midnight starting the snooze date in the
  configured time zone -> **reopened** (``snooze_expired``); else **quiet**.
- ``accepted``: reopens if the seat delta differs from the delta at acceptance ->
  **reopened** (``delta_changed``); else **quiet**.
- ``resolved``: reopens and is marked overdue if ``now >= resolved_at + grace_days``, and
  recovered money is cleared -> **reopened** (``overdue``); else **quiet**.
- ``resolved`` by a fix written to the PSA (``fix_pending``): the PSA should agree now, so
  there is no grace: it reopens at once, ``fix_note`` saying what the run still saw ->
  **reopened** (``fix_not_seen``).

In every case the observation (names, quantities, delta, impact, prices) is replaced by the
run's, ``last_seen``/``last_run_id`` move to this run and ``runs_seen`` grows by one.

Not shown by the run, and not already fixed: becomes ``fixed`` (``fixed_at = now``, overdue
cleared) -> **fixed**. If it was ``open`` or ``snoozed`` with a positive monthly impact, that
impact is recorded as recovered at ``now``; a resolved gap keeps the recovery recorded when
it was resolved; an accepted gap was never counted as leaking, so recovers nothing. A gap
fixed in the PSA from recon (``fix_pending``) is confirmed here: its last positive monthly
impact is recorded as recovered at ``now``.

A *pending* gap (one whose last observation rests on an unanswered mapping question,
``rests_on``) that the run no longer shows is fixed only if the run still compares its
(client, product) with seats on both sides that agree: the question's comparison stands and
the seats now match. Otherwise the comparison it rested on is gone (the question answered
"not the same product", the alias removed, a line gone) and the gap is **withdrawn**: closed
as ``fixed`` with no ``fixed_at``, no money recovered, ``fix_note`` saying why; it never
counts as fixed. Answered "same product", the next run shows the gap under the same key
(client, product, kind), now decided, and its history goes on.

Leak: when this run shows a gap that was ``open`` or ``snoozed`` when it arrived, the monthly
impact last seen times the months (365.25/12 days) from the run that last showed it to this
run is added to
``leaked_to_date`` if positive, or (as a
positive amount) to ``refund_risk_to_date`` if negative. Intervals that start or end with
the gap absent, or while it was resolved or accepted, add nothing. Runs are placed in time
as the anomaly calendar places them (:func:`recon.store._time.placed_at`): on the day their
exports describe when given one (``--as-of``, old months backfilled in one sitting), else
when they were saved; a run placed before the one that last showed the gap adds nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from recon.model import MAKER_WORDS, Gap, is_review
from recon.store._codec import ESTIMATE_QUANTUM, dec_text
from recon.store._gaprows import observation
from recon.store._records import GapStatus, Outcome, ReopenReason
from recon.store._time import from_db, months_between, start_of_day, to_db


@lru_cache(maxsize=8)
def _now_text(now: datetime) -> str:
    return to_db(now)


_ACCRUING = frozenset({GapStatus.OPEN.value, GapStatus.SNOOZED.value})


@dataclass(frozen=True, slots=True)
class RunContext:
    """The facts about a run that every gap's transition depends on."""

    run_id: int
    now: datetime
    grace: timedelta
    zone: ZoneInfo
    #: When each run is placed in time (this one included); runs missing are placed at the
    #: gap's ``last_seen`` (leak) or ``now``.
    placed: Mapping[int, datetime] = field(default_factory=dict)
    #: (client key, product key) the run compared with agreeing seats on both sides: a
    #: pending gap gone from one of them was fixed, gone from anywhere else withdrawn.
    agreeing: frozenset[tuple[str, str]] = frozenset()

    @property
    def now_text(self) -> str:
        """``now`` as the database stores it."""
        return _now_text(self.now)


@dataclass(slots=True)
class Step:
    """One gap's transition: its outcome, why it reopened, and the columns to write."""

    outcome: Outcome
    reason: ReopenReason | None = None
    changes: dict[str, Any] = field(default_factory=dict)


def first_sight(gap: Gap, ctx: RunContext) -> Step:
    """A gap never stored before: every column of its new row."""
    now = ctx.now_text
    row = observation(gap)
    row.update(
        key=gap.key,
        status=GapStatus.OPEN.value,
        status_changed_at=now,
        first_seen=now,
        first_run_id=ctx.run_id,
        last_seen=now,
        last_run_id=ctx.run_id,
        runs_seen=1,
        leaked_to_date="0",
        refund_risk_to_date="0",
        recovered_monthly=None,
        recovered_at=None,
        overdue=0,
        fix_pending=0,
        fix_note=None,
    )
    return Step(Outcome.NEW, None, row)


def _accrual(row: Mapping[str, Any], ctx: RunContext) -> tuple[str, str]:
    # From when the gap was last seen, not from the previous run: runs from different vendors
    # alternate, and each only sees its own products.
    leaked = Decimal(row["leaked_to_date"])
    refund = Decimal(row["refund_risk_to_date"])
    if row["status"] in _ACCRUING and row["last_seen"]:
        impact = Decimal(row["monthly_impact"])
        last = row["last_run_id"]
        start = ctx.placed.get(int(last)) if last is not None else None
        end = ctx.placed.get(ctx.run_id, ctx.now)
        elapsed = months_between(start or from_db(row["last_seen"]), end)
        amount = (abs(impact) * elapsed).quantize(ESTIMATE_QUANTUM)
        if impact > 0:
            leaked += amount
        elif impact < 0:
            refund += amount
    return dec_text(leaked), dec_text(refund)


def seen_again(row: Mapping[str, Any], gap: Gap, ctx: RunContext) -> Step:
    """A stored gap the run shows: the new observation and, maybe, a new status."""
    now = ctx.now_text
    leaked, refund = _accrual(row, ctx)
    changes = observation(gap)
    changes.update(
        status=row["status"],
        status_changed_at=row["status_changed_at"],
        last_seen=now,
        last_run_id=ctx.run_id,
        runs_seen=row["runs_seen"] + 1,
        leaked_to_date=leaked,
        refund_risk_to_date=refund,
        recovered_monthly=row["recovered_monthly"],
        recovered_at=row["recovered_at"],
        overdue=row["overdue"],
        fix_pending=row["fix_pending"],
        fix_note=row["fix_note"],
    )
    step = Step(Outcome.QUIET, None, changes)
    status = GapStatus(row["status"])
    reason: ReopenReason | None = None
    if status is GapStatus.OPEN:
        old_delta = Decimal(row["seat_delta"])
        if abs(gap.seat_delta) > abs(old_delta):
            step.outcome = Outcome.GREW
        elif gap.seat_delta != old_delta or gap.monthly_impact != Decimal(row["monthly_impact"]):
            step.outcome = Outcome.CHANGED
        else:
            step.outcome = Outcome.STILL_OPEN
        return step
    if status is GapStatus.FIXED:
        reason = ReopenReason.CAME_BACK
    elif status is GapStatus.SNOOZED:
        wake = start_of_day(date.fromisoformat(row["snoozed_until"]), ctx.zone)
        if ctx.now >= wake:
            reason = ReopenReason.SNOOZE_EXPIRED
    elif status is GapStatus.ACCEPTED:
        if gap.seat_delta != Decimal(row["accepted_delta"]):
            reason = ReopenReason.DELTA_CHANGED
    elif status is GapStatus.RESOLVED and row["fix_pending"]:
        reason = ReopenReason.FIX_NOT_SEEN
    elif status is GapStatus.RESOLVED and ctx.now >= from_db(row["resolved_at"]) + ctx.grace:
        reason = ReopenReason.OVERDUE
    if reason is None:
        return step
    step.outcome = Outcome.REOPENED
    step.reason = reason
    changes.update(status=GapStatus.OPEN.value, status_changed_at=now)
    if reason in (ReopenReason.CAME_BACK, ReopenReason.OVERDUE):
        # The money was not recovered after all.
        changes.update(recovered_monthly=None, recovered_at=None)
    if reason is ReopenReason.OVERDUE:
        changes["overdue"] = 1
    elif reason is ReopenReason.CAME_BACK:
        changes["overdue"] = 0
        if row.get("fixed_at") is None:  # withdrawn, now back: its note no longer holds
            changes["fix_note"] = None
    elif reason is ReopenReason.FIX_NOT_SEEN:
        changes.update(fix_pending=0, fix_note=fix_not_seen_note(row, gap))
    return step


def fix_not_seen_note(row: Mapping[str, Any], gap: Gap) -> str:
    """Why a gap fixed in the PSA reopened: what the fix wrote and what the run still saw."""
    wrote = row["fix_summary"] or "the fix"
    return (
        f"the run after the fix ({wrote}) still shows vendor {_qty(gap.vendor_qty)} and PSA "
        f"{_qty(gap.psa_qty)}" + (f" at {gap.psa_unit_price:.2f}" if gap.psa_unit_price else "")
    )


def _qty(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


def withdrawn_note(rests_on: str) -> str:
    """Why a pending gap was withdrawn rather than fixed."""
    if rests_on.startswith(MAKER_WORDS):
        return (
            f"withdrawn: it rested on {rests_on}, and the latest run no longer compares the "
            "maker's lines (answered: bought elsewhere)"
        )
    what = "client" if is_review(rests_on) else "product"
    return (
        f"withdrawn: it rested on {rests_on}, and the latest run no longer compares the two "
        f"(answered not the same {what}, or the alias removed)"
    )


def vanished(row: Mapping[str, Any], ctx: RunContext) -> Step:
    """A stored, not yet fixed gap the run no longer shows: closed by the data; or, for a
    pending gap whose (client, product) the run no longer compares with agreeing seats
    (:attr:`RunContext.agreeing`), withdrawn."""
    now = ctx.now_text
    if row["rests_on"] and (row["client_key"], row["product_key"]) not in ctx.agreeing:
        return Step(
            Outcome.WITHDRAWN,
            None,
            {
                "status": GapStatus.FIXED.value,
                "status_changed_at": now,
                "fixed_at": None,
                "overdue": 0,
                # Nothing was recovered: the gap was never a statement on its own.
                "recovered_monthly": None,
                "recovered_at": None,
                "fix_pending": 0,
                "fix_note": withdrawn_note(str(row["rests_on"])),
            },
        )
    changes: dict[str, Any] = {
        "status": GapStatus.FIXED.value,
        "status_changed_at": now,
        "fixed_at": now,
        "overdue": 0,
        "recovered_monthly": row["recovered_monthly"],
        "recovered_at": row["recovered_at"],
        "fix_pending": 0,
        "fix_note": row["fix_note"],
    }
    impact = Decimal(row["monthly_impact"])
    if (row["status"] in _ACCRUING or row["fix_pending"]) and impact > 0:
        changes.update(recovered_monthly=dec_text(impact), recovered_at=now)
    return Step(Outcome.FIXED, None, changes)
