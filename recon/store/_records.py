"""What the store hands back about gaps and runs: frozen records with exact values.

Money and quantities are exact :class:`~decimal.Decimal`; times are aware UTC datetimes.
``as_json()`` gives a JSON-ready dict (money as 2-decimal strings, seat counts as numbers,
times as ISO 8601 UTC) for ``--format json`` and for the bot, like :mod:`recon.report`.
Decisions, owners and settings are in :mod:`recon.store._people`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from recon.model import GAP_RECORD, FieldType, Gap, GapKind
from recon.store._codec import json_money, json_qty, json_time
from recon.store._people import Owner


class GapStatus(StrEnum):
    """Where a gap is in its lifecycle.

    ``open``: seen in the latest run and nobody has dealt with it (or it came back).
    ``resolved``: a person says it is fixed; the data has a grace period to agree. A gap
    fixed in the PSA from recon is ``resolved`` with :attr:`StoredGap.fix_pending` set
    ("fixed (pending next run)"): the next run confirms it or reopens it, with no grace.
    ``accepted``: intentional (a reason is kept); quiet until its seat delta changes.
    ``snoozed``: quiet until a date.
    ``fixed``: the latest run no longer shows it (closed by the data, not by a person).
    """

    OPEN = "open"
    RESOLVED = "resolved"
    ACCEPTED = "accepted"
    SNOOZED = "snoozed"
    FIXED = "fixed"


class Outcome(StrEnum):
    """What one run did to one gap (see :class:`RunRecord`)."""

    NEW = "new"
    GREW = "grew"
    CHANGED = "changed"
    REOPENED = "reopened"
    STILL_OPEN = "still_open"
    QUIET = "quiet"
    FIXED = "fixed"
    WITHDRAWN = "withdrawn"  # a pending gap whose mapping question was answered no


class ReopenReason(StrEnum):
    """Why a run reopened a gap."""

    CAME_BACK = "came_back"  # fixed by the data, then seen again
    OVERDUE = "overdue"  # resolved by a person, still present after the grace period
    DELTA_CHANGED = "delta_changed"  # accepted, and the seat delta is no longer the accepted one
    SNOOZE_EXPIRED = "snooze_expired"  # snoozed, and the date has come
    FIX_NOT_SEEN = "fix_not_seen"  # fixed in the PSA from recon, and the next run still shows it


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredGap(Gap):
    """A gap as the store remembers it: its latest observation plus its lifecycle.

    It is a :class:`~recon.model.Gap`: the gap's fields (:data:`~recon.model.GAP_RECORD`) are
    those of the latest run that showed the gap; ``key`` is the one saved when it was first
    seen. The fields below are the store's own.
    ``leaked_to_date`` is the money lost since ``first_seen``: for every interval between two
    consecutive runs that both showed the gap while it was ``open`` or ``snoozed``, the
    positive monthly impact of the earlier run times the interval's length in months.
    ``refund_risk_to_date`` is the same for negative impacts (over-billing), as a positive
    amount. ``recovered_monthly`` is set when a person resolves the gap or the data fixes it
    (the last monthly impact, when positive), with ``recovered_at``; it is cleared if the gap
    reopens. The decision fields keep the latest decision of each kind even after the gap
    has moved on; ``status`` is what is in force.

    ``fix_pending`` is set while a fix written to the PSA from recon (``recon fix``, the
    Slack button) waits for the next run: ``fix_by``/``fix_at`` say who and when and
    ``fix_summary`` what was written ("ConnectWise addition 101 quantity 8 -> 10"). If that
    run still shows the gap it reopens with ``fix_note`` saying what the PSA still shows.
    """

    id: int
    key: str  # as saved when the gap was first seen (the engine's key then)
    status: GapStatus
    status_changed_at: datetime
    first_seen: datetime
    last_seen: datetime
    runs_seen: int
    last_run_id: int
    leaked_to_date: Decimal
    refund_risk_to_date: Decimal
    recovered_monthly: Decimal | None
    recovered_at: datetime | None
    overdue: bool
    fixed_at: datetime | None
    resolved_by: str | None
    resolved_at: datetime | None
    resolved_note: str | None
    accepted_by: str | None
    accepted_at: datetime | None
    accepted_reason: str | None
    accepted_delta: Decimal | None
    snoozed_by: str | None
    snoozed_at: datetime | None
    snoozed_until: date | None
    owner: Owner | None = None
    fix_pending: bool = False
    fix_by: str | None = None
    fix_at: datetime | None = None
    fix_summary: str | None = None
    fix_note: str | None = None

    @property
    def withdrawn(self) -> bool:
        """A pending gap closed because the question it rested on was answered no (or its
        alias removed): closed like a fixed gap, but never counted as fixed (no
        ``fixed_at``, nothing recovered; ``fix_note`` says why)."""
        return self.status is GapStatus.FIXED and self.fixed_at is None

    @property
    def status_label(self) -> str:
        """The status as people read it: ``fixed (pending next run)`` while a PSA fix waits,
        ``withdrawn`` for a pending gap whose question was answered no."""
        if self.fix_pending:
            return "fixed (pending next run)"
        return "withdrawn" if self.withdrawn else self.status.value

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict of this gap (money as 2-decimal strings, times ISO 8601 UTC):
        id, key and status, every field of the gap record under its own name, then the
        lifecycle."""
        out: dict[str, Any] = {"id": self.id, "key": self.key, "status": self.status.value}
        for f in GAP_RECORD:
            if not f.computed:
                out[f.name] = _JSON[f.type](getattr(self, f.name))
        out.update(
            {
                "first_seen": json_time(self.first_seen),
                "last_seen": json_time(self.last_seen),
                "runs_seen": self.runs_seen,
                "last_run_id": self.last_run_id,
                "status_changed_at": json_time(self.status_changed_at),
                "leaked_to_date": json_money(self.leaked_to_date),
                "refund_risk_to_date": json_money(self.refund_risk_to_date),
                "recovered_monthly": json_money(self.recovered_monthly),
                "recovered_at": json_time(self.recovered_at),
                "overdue": self.overdue,
                "fixed_at": json_time(self.fixed_at),
                "resolved_by": self.resolved_by,
                "resolved_at": json_time(self.resolved_at),
                "resolved_note": self.resolved_note,
                "accepted_by": self.accepted_by,
                "accepted_at": json_time(self.accepted_at),
                "accepted_reason": self.accepted_reason,
                "accepted_delta": json_qty(self.accepted_delta),
                "snoozed_by": self.snoozed_by,
                "snoozed_at": json_time(self.snoozed_at),
                "snoozed_until": _day(self.snoozed_until),
                "owner": None if self.owner is None else self.owner.as_json(),
                "fix_pending": self.fix_pending,
                "fix_by": self.fix_by,
                "fix_at": json_time(self.fix_at),
                "fix_summary": self.fix_summary,
                "fix_note": self.fix_note,
            }
        )
        return out


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _same(value: Any) -> Any:
    return value


def _kind(value: GapKind) -> str:
    return value.value


#: How each type of gap field is written in :meth:`StoredGap.as_json`.
_JSON: dict[FieldType, Callable[[Any], Any]] = {
    FieldType.KIND: _kind,
    FieldType.TEXT: _same,
    FieldType.QTY: json_qty,
    FieldType.MONEY: json_money,
    FieldType.SCORE: _same,
    FieldType.DAY: _day,
}


@dataclass(frozen=True, slots=True)
class RunFile:
    """One input of a run: a file (name and SHA-256 of its bytes) or an API pull."""

    side: str
    path: str
    format_name: str
    sha256: str
    rows_read: int
    rows_used: int
    skipped: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class RunInfo:
    """A stored run: when, from what, and its counts and totals.

    Attributes:
        run_id: the run's id (increasing).
        at: when it was recorded (the store's clock).
        generated_at: when the engine produced the result.
        source: ``files`` or the API source name given to :meth:`Store.record_run`.
        files: every input, in order.
        gap_count: gaps in the result.
        seat_rows: rows of seat history kept for it.
        under_billed: sum of positive monthly impacts.
        over_billed: sum of negative monthly impacts, as a positive amount.
        gap_counts: gap kind -> count.
        gap_totals: gap kind -> sum of monthly impact.
        matched_clients: client pairs the engine made.
        review_items: vendor clients left for a person to decide.
        by: who caused it (a Slack user id, ``cli:<login>``, ``scheduler``); None for runs
            recorded before this was kept.
    """

    run_id: int
    at: datetime
    generated_at: datetime
    source: str
    files: tuple[RunFile, ...]
    gap_count: int
    seat_rows: int
    under_billed: Decimal
    over_billed: Decimal
    gap_counts: Mapping[str, int]
    gap_totals: Mapping[str, Decimal]
    matched_clients: int
    review_items: int
    by: str | None = None


class HeldStatus(StrEnum):
    """Where a held run stands."""

    HELD = "held"  # waiting for an admin
    CONFIRMED = "confirmed"  # applied to the gaps (it is a run now, same id)
    DISCARDED = "discarded"  # dropped; it changed nothing


@dataclass(frozen=True, slots=True)
class HeldRun:
    """A run the plausibility guard held: its result was shown, nothing was applied.

    Attributes:
        run_id: its id (the id the run gets if it is confirmed).
        at: when it was held.
        source: how the data arrived (``files``, ``slack``, ``pax8+connectwise``).
        by: who caused it.
        status: held, confirmed or discarded.
        reasons: why it was held, one sentence each.
        files: its inputs.
        gap_count: gaps in its result.
        under_billed: its monthly under-billing.
        over_billed: its monthly over-billing.
        decided_by: who confirmed or discarded it.
        decided_at: when.
        note: the reason given when it was discarded.
    """

    run_id: int
    at: datetime
    source: str
    by: str
    status: HeldStatus
    reasons: tuple[str, ...]
    files: tuple[RunFile, ...]
    gap_count: int
    under_billed: Decimal
    over_billed: Decimal
    decided_by: str | None = None
    decided_at: datetime | None = None
    note: str | None = None

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict of this held run."""
        return {
            "run_id": self.run_id,
            "at": json_time(self.at),
            "source": self.source,
            "by": self.by,
            "status": self.status.value,
            "reasons": list(self.reasons),
            "files": [
                {"side": f.side, "path": f.path, "format": f.format_name, "rows": f.rows_used}
                for f in self.files
            ],
            "gap_count": self.gap_count,
            "under_billed": json_money(self.under_billed),
            "over_billed": json_money(self.over_billed),
            "decided_by": self.decided_by,
            "decided_at": json_time(self.decided_at),
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class RunRecord:
    """What recording a run did to the gaps, as gap ids: the input of the alert policy.

    Every gap of the run's result is in exactly one of ``new``, ``grew``, ``changed``,
    ``reopened``, ``still_open`` and ``quiet``; every stored gap the run no longer shows
    (and that was not already fixed) is in ``fixed``, or in ``withdrawn`` for a pending gap
    whose mapping question was answered no.

    Attributes:
        run_id: the new run's id.
        at: when it was recorded.
        new: first time this (client, product, kind) was seen.
        grew: open before and still open, with a larger absolute seat delta.
        changed: open before and still open; the seat delta or the monthly impact changed,
            but the absolute delta did not grow.
        reopened: back to ``open`` in this run; ``reopened_why`` says why (it came back after
            being fixed, overdue after being resolved, its delta moved away from the accepted
            one, or its snooze ran out).
        still_open: open before and unchanged.
        quiet: present but not open (resolved within the grace period, accepted with the same
            delta, snoozed until a later date).
        fixed: no longer shown by this run; closed by the data.
        withdrawn: pending gaps no longer shown because the comparison they rested on is gone
            (closed, never counted as fixed; see :mod:`recon.store._lifecycle`).
        reopened_why: gap id -> reason, for each id in ``reopened``.
    """

    run_id: int
    at: datetime
    new: tuple[int, ...] = ()
    grew: tuple[int, ...] = ()
    changed: tuple[int, ...] = ()
    reopened: tuple[int, ...] = ()
    still_open: tuple[int, ...] = ()
    quiet: tuple[int, ...] = ()
    fixed: tuple[int, ...] = ()
    withdrawn: tuple[int, ...] = ()
    reopened_why: Mapping[int, ReopenReason] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SeatHistoryRow:
    """The reconciled seats of one (client, product) in one run, on both sides."""

    run_id: int
    at: datetime
    client_key: str
    client: str
    product_key: str
    product: str
    vendor_qty: Decimal
    psa_qty: Decimal

    @property
    def seat_delta(self) -> Decimal:
        """Vendor seats minus billed seats (positive: under-billing)."""
        return self.vendor_qty - self.psa_qty

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict of this row."""
        return {
            "run_id": self.run_id,
            "at": json_time(self.at),
            "client_key": self.client_key,
            "client": self.client,
            "product_key": self.product_key,
            "product": self.product,
            "vendor_qty": json_qty(self.vendor_qty),
            "psa_qty": json_qty(self.psa_qty),
            "seat_delta": json_qty(self.seat_delta),
        }
