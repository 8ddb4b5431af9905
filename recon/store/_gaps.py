"""Reading gaps, and the decisions people take on them (resolve, accept, snooze, reopen).

Every decision is one write transaction: read the gap, check its status (and the caller's
``expected_status``, for stale Slack buttons), write the change and its audit-log entry.
A decision that no longer applies raises :class:`~recon.errors.Conflict` and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from recon.errors import Conflict, UsageError
from recon.listing import gap_order
from recon.store._base import StoreBase
from recon.store._clients import resolve_client
from recon.store._codec import dec_text
from recon.store._decisions import clean_text, log_decision, who
from recon.store._gaprows import SELECT_GAPS, fetch_by_keys, fetch_row, stored_gap
from recon.store._people import Action
from recon.store._records import GapStatus, StoredGap
from recon.store._settings import read_settings, zone_of
from recon.store._time import format_local, from_db, local_date, opt_from_db, to_db

#: ``status=`` value that lists gaps in every status.
ALL_STATUSES = "all"

Changes = dict[str, Any]
_UTC = ZoneInfo("UTC")


def _describe(row: Mapping[str, Any], zone: ZoneInfo) -> str:
    """What a gap's current status says, for Conflict messages ("resolved by U1 at ...")."""
    status = GapStatus(row["status"])
    if status is GapStatus.RESOLVED and row["fix_pending"]:
        when = format_local(from_db(row["fix_at"]), zone)
        return f"fixed in the PSA by {row['fix_by']} at {when} (pending next run)"
    if status is GapStatus.RESOLVED:
        when = format_local(from_db(row["resolved_at"]), zone)
        return f"resolved by {row['resolved_by']} at {when}"
    if status is GapStatus.ACCEPTED:
        when = format_local(from_db(row["accepted_at"]), zone)
        return f"accepted by {row['accepted_by']} at {when} ({row['accepted_reason']})"
    if status is GapStatus.SNOOZED:
        return f"snoozed until {row['snoozed_until']} by {row['snoozed_by']}"
    if status is GapStatus.FIXED and row["fixed_at"] is None:
        return str(row["fix_note"] or "withdrawn: its question was answered no")
    if status is GapStatus.FIXED:
        when = format_local(opt_from_db(row["fixed_at"]), zone)
        return f"fixed: the run at {when} no longer showed it"
    return "open"


class GapsMixin(StoreBase):
    """Gap reads and gap decisions."""

    def gaps(
        self, *, status: GapStatus | str = GapStatus.OPEN, client: str | None = None
    ) -> list[StoredGap]:
        """Stored gaps in list order: money at stake, then client, then product
        (:func:`recon.listing.gap_order`).

        Args:
            status: a :class:`GapStatus` (default ``open``), or :data:`ALL_STATUSES` (``all``);
                its text as typed is checked.
            client: only this client's gaps; a name or part of one (see
                :meth:`resolve_client`).

        Raises:
            UsageError: unknown status.
            NotFound: no client matches ``client``.
            Ambiguous: several clients match ``client``.
        """
        if status != ALL_STATUSES and status not in {s.value for s in GapStatus}:
            choices = ", ".join([*(s.value for s in GapStatus), ALL_STATUSES])
            raise UsageError(f"unknown gap status {status!r}; choose one of {choices}")
        where: list[str] = []
        params: list[Any] = []
        with self._read() as db:
            if client is not None:
                where.append("g.client_key = ?")
                params.append(resolve_client(db, client))
            if status != ALL_STATUSES:
                where.append("g.status = ?")
                params.append(status)
            sql = SELECT_GAPS + (f" WHERE {' AND '.join(where)}" if where else "")
            found = [stored_gap(row) for row in db.query(sql, params)]
        found.sort(key=lambda g: (*gap_order(g), g.id))
        return found

    def gap(self, gap_id: int) -> StoredGap:
        """One gap by id.

        Raises:
            NotFound: no gap has this id.
        """
        with self._read() as db:
            return stored_gap(fetch_row(db, gap_id))

    def gaps_by_key(self, keys: Iterable[str]) -> dict[str, StoredGap]:
        """The stored gaps with these keys (``Gap.key``); unknown keys are left out."""
        with self._read() as db:
            return {row["key"]: stored_gap(row) for row in fetch_by_keys(db, keys)}

    def resolve(
        self,
        gap_id: int,
        *,
        by: str,
        note: str | None = None,
        expected_status: GapStatus | str | None = None,
    ) -> StoredGap:
        """A person says the gap is fixed (in the PSA or at the vendor).

        Its last positive monthly impact counts as recovered from now. If a run still shows
        it ``grace_days`` after this, it reopens and is marked overdue.

        Args:
            gap_id: the gap.
            by: who (Slack user id or ``cli:<login>``).
            note: what was done, for the log.
            expected_status: only act if the gap is still in this status (stale buttons).

        Raises:
            NotFound: no such gap.
            Conflict: it is already resolved or fixed, or not in ``expected_status``.
        """
        note = clean_text(note)

        def change(row: Mapping[str, Any], now: str) -> Changes:
            impact = Decimal(row["monthly_impact"])
            recovered = dec_text(impact) if impact > 0 else None
            return {
                "status": GapStatus.RESOLVED.value,
                "resolved_by": by,
                "resolved_at": now,
                "resolved_note": note,
                "overdue": 0,
                "recovered_monthly": recovered,
                "recovered_at": now if recovered else None,
            }

        allowed = {GapStatus.OPEN, GapStatus.SNOOZED, GapStatus.ACCEPTED}
        return self._decide(
            gap_id,
            action=Action.RESOLVE,
            by=by,
            reason=note,
            allowed=allowed,
            expected_status=expected_status,
            change=change,
        )

    def accept(
        self,
        gap_id: int,
        *,
        reason: str,
        by: str,
        expected_status: GapStatus | str | None = None,
    ) -> StoredGap:
        """A person says the gap is intentional; it stays quiet until its seat delta changes.

        Args:
            gap_id: the gap.
            reason: why it is intentional (required).
            by: who.
            expected_status: only act if the gap is still in this status.

        Raises:
            UsageError: no reason given.
            NotFound: no such gap.
            Conflict: it is already accepted or fixed, or not in ``expected_status``.
        """
        text = clean_text(reason)
        if text is None:
            raise UsageError("accepting a gap needs a reason")

        def change(row: Mapping[str, Any], now: str) -> Changes:
            return {
                "status": GapStatus.ACCEPTED.value,
                "accepted_by": by,
                "accepted_at": now,
                "accepted_reason": text,
                "accepted_delta": row["seat_delta"],
                "overdue": 0,
                "fix_pending": 0,
                "recovered_monthly": None,
                "recovered_at": None,
            }

        allowed = {GapStatus.OPEN, GapStatus.SNOOZED, GapStatus.RESOLVED}
        return self._decide(
            gap_id,
            action=Action.ACCEPT,
            by=by,
            reason=text,
            allowed=allowed,
            expected_status=expected_status,
            change=change,
        )

    def snooze(
        self,
        gap_id: int,
        *,
        until: date,
        by: str,
        reason: str | None = None,
        expected_status: GapStatus | str | None = None,
    ) -> StoredGap:
        """Quiet an open gap until a date; the first run on or after that date reopens it.

        The date is a calendar day in the configured time zone and must be after today.
        A snoozed gap may be snoozed again to another date.

        Args:
            gap_id: the gap.
            until: the day it wakes up.
            by: who.
            reason: why, for the log.
            expected_status: only act if the gap is still in this status.

        Raises:
            UsageError: the date is not after today.
            NotFound: no such gap.
            Conflict: the gap is not open (or already snoozed until that date), or not in
                ``expected_status``.
        """
        reason = clean_text(reason)

        def change(row: Mapping[str, Any], now: str) -> Changes:
            if row["snoozed_until"] == until.isoformat() and row["status"] == GapStatus.SNOOZED:
                raise Conflict(f"gap {row['id']} was already {_describe(row, _UTC)}")
            return {
                "status": GapStatus.SNOOZED.value,
                "snoozed_by": by,
                "snoozed_at": now,
                "snoozed_until": until.isoformat(),
            }

        def check_date(now: datetime, zone: ZoneInfo) -> None:
            today = local_date(now, zone)
            if until <= today:
                raise UsageError(
                    f"snooze until {until.isoformat()}: the date must be after today "
                    f"({today.isoformat()} in {zone.key})"
                )

        allowed = {GapStatus.OPEN, GapStatus.SNOOZED}
        return self._decide(
            gap_id,
            action=Action.SNOOZE,
            by=by,
            reason=reason,
            allowed=allowed,
            expected_status=expected_status,
            change=change,
            check=check_date,
        )

    def reopen(
        self,
        gap_id: int,
        *,
        by: str,
        reason: str | None = None,
        expected_status: GapStatus | str | None = None,
    ) -> StoredGap:
        """Undo a resolve, accept or snooze: the gap is open again (and no longer recovered).

        Args:
            gap_id: the gap.
            by: who.
            reason: why, for the log.
            expected_status: only act if the gap is still in this status.

        Raises:
            NotFound: no such gap.
            Conflict: the gap is already open, or fixed (the data closed it; it reopens by
                itself if a run shows it again), or not in ``expected_status``.
        """
        reason = clean_text(reason)

        def change(row: Mapping[str, Any], now: str) -> Changes:
            return {
                "status": GapStatus.OPEN.value,
                "overdue": 0,
                "recovered_monthly": None,
                "recovered_at": None,
                "fix_pending": 0,
            }

        allowed = {GapStatus.RESOLVED, GapStatus.ACCEPTED, GapStatus.SNOOZED}
        return self._decide(
            gap_id,
            action=Action.REOPEN,
            by=by,
            reason=reason,
            allowed=allowed,
            expected_status=expected_status,
            change=change,
        )

    def _decide(
        self,
        gap_id: int,
        *,
        action: Action,
        by: str,
        reason: str | None,
        allowed: Collection[GapStatus],
        expected_status: GapStatus | str | None,
        change: Callable[[Mapping[str, Any], str], Changes],
        check: Callable[[datetime, ZoneInfo], None] | None = None,
    ) -> StoredGap:
        by = who(by)
        expected = None if expected_status is None else GapStatus(expected_status)
        with self._write() as db:
            zone = zone_of(read_settings(db))
            now = self._now()
            if check is not None:
                check(now, zone)
            row = fetch_row(db, gap_id)
            current = GapStatus(row["status"])
            if expected is not None and current is not expected:
                raise Conflict(
                    f"gap {gap_id} is no longer {expected.value}; it is {_describe(row, zone)}"
                )
            if current not in allowed:
                already = "is already" if current is GapStatus.OPEN else "was already"
                raise Conflict(f"gap {gap_id} {already} {_describe(row, zone)}")
            changes = change(row, to_db(now))
            changes["status_changed_at"] = to_db(now)
            sets = ", ".join(f"{column} = ?" for column in changes)
            cursor = db.conn.execute(
                f"UPDATE gaps SET {sets} WHERE id = ? AND status = ?",
                (*changes.values(), gap_id, current.value),
            )
            if cursor.rowcount != 1:  # pragma: no cover - the write lock makes this impossible
                raise Conflict(f"gap {gap_id} changed while this decision was taken")
            before = {column: row[column] for column in changes}
            log_decision(
                db,
                at=now,
                by=by,
                action=action,
                subject=f"gap {gap_id}",
                gap_id=gap_id,
                before=before,
                after=changes,
                reason=reason,
            )
            return stored_gap(fetch_row(db, gap_id))
