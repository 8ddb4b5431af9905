"""Fixes written to a PSA: one row per idempotency key, and the gap marked when one lands.

A fix goes through three writes here, each its own transaction:

1. :meth:`FixesMixin.begin_fix` claims the fix's key (state ``sending``) while the gap is
   still open and still as the run saw it. A second claim of the same key (a double click,
   a retried Slack delivery, a second terminal) raises :class:`~recon.errors.Conflict`, so
   only one caller ever talks to the PSA for it.
2. The caller writes to the PSA (no store lock is held meanwhile).
3. :meth:`FixesMixin.complete_fix` marks the gap ``resolved`` with ``fix_pending`` and logs
   the decision (who, when, the PSA's values before and after); or :meth:`FixesMixin.end_fix`
   records why nothing was written (``refused``) or the PSA said no (``failed``), and the
   key may be claimed again by a later attempt.

A claim left ``sending`` by a process that died mid-write can be taken over after
:data:`SENDING_TIMEOUT`; the caller re-reads the PSA before writing, so a write that did
land is then seen as "the PSA changed since the run" and never sent twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from recon.errors import Conflict, NotFound, UsageError
from recon.store._base import StoreBase
from recon.store._codec import from_json, to_json
from recon.store._decisions import log_decision, who
from recon.store._gaprows import fetch_row, stored_gap
from recon.store._gaps import _describe
from recon.store._people import Action
from recon.store._records import GapStatus, RunFile, StoredGap
from recon.store._settings import read_settings, zone_of
from recon.store._time import format_local, from_db, opt_from_db, to_db

#: A claim this old whose writer never finished may be taken over.
SENDING_TIMEOUT = timedelta(minutes=15)
#: Statuses a gap may be fixed from: what an alert shows, or quieted only for a while.
FIXABLE_STATUSES = frozenset({GapStatus.OPEN, GapStatus.SNOOZED})
_ENDINGS = frozenset({"failed", "refused"})


@dataclass(frozen=True, slots=True)
class FixRecord:
    """One attempt (or the one success) to write a fix to a PSA.

    Attributes:
        id: increasing id.
        key: the idempotency key (the same gap, run, PSA record, field, old and new value).
        gap_id: the gap.
        run_id: the run whose figures the fix was planned from.
        psa: ``connectwise`` or ``autotask``.
        state: ``sending``, ``applied``, ``failed`` or ``refused``.
        by: who asked for it.
        started_at: when it was claimed.
        finished_at: when it ended (None while sending).
        plan: the preview that was confirmed (JSON-ready).
        message: what the PSA said, or why nothing was sent.
    """

    id: int
    key: str
    gap_id: int
    run_id: int
    psa: str
    state: str
    by: str
    started_at: datetime
    finished_at: datetime | None
    plan: Mapping[str, Any]
    message: str | None

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict of this fix."""
        return {
            "id": self.id,
            "key": self.key,
            "gap_id": self.gap_id,
            "run_id": self.run_id,
            "psa": self.psa,
            "state": self.state,
            "by": self.by,
            "started_at": to_db(self.started_at),
            "finished_at": None if self.finished_at is None else to_db(self.finished_at),
            "plan": dict(self.plan),
            "message": self.message,
        }


def _record(row: Mapping[str, Any]) -> FixRecord:
    return FixRecord(
        id=row["id"],
        key=row["key"],
        gap_id=row["gap_id"],
        run_id=row["run_id"],
        psa=row["psa"],
        state=row["state"],
        by=row["who"],
        started_at=from_db(row["started_at"]),
        finished_at=opt_from_db(row["finished_at"]),
        plan=from_json(row["plan"]) or {},
        message=row["message"],
    )


def _fix_row(db: Database, key: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM fixes WHERE key = ?", [key]))
    return rows[0] if rows else None


class FixesMixin(StoreBase):
    """Claims, outcomes and reads of fixes written to a PSA."""

    def begin_fix(
        self,
        key: str,
        *,
        gap_id: int,
        run_id: int,
        psa: str,
        by: str,
        plan: Mapping[str, Any],
    ) -> FixRecord:
        """Claim a fix before anything is sent to the PSA: once per key, while it applies.

        Args:
            key: the fix's idempotency key.
            gap_id: the gap.
            run_id: the run the fix was planned from (the gap's latest run).
            psa: ``connectwise`` or ``autotask``.
            by: who asked.
            plan: the preview being confirmed (JSON-ready), kept with the claim.

        Returns:
            The claim (state ``sending``).

        Raises:
            NotFound: no such gap.
            Conflict: the gap is no longer open (or snoozed), a later run has seen it, or
                this fix is already being sent or was sent (the message says by whom and
                when).
        """
        by = who(by)
        with self._write() as db:
            zone = zone_of(read_settings(db))
            now = self._now()
            row = fetch_row(db, gap_id)
            if GapStatus(row["status"]) not in FIXABLE_STATUSES:
                raise Conflict(f"gap {gap_id} is no longer open; it is {_describe(row, zone)}")
            if row["last_run_id"] != run_id:
                raise Conflict(
                    f"gap {gap_id} was seen again by run {row['last_run_id']} after run "
                    f"{run_id} this fix was planned from; preview it again"
                )
            found = _fix_row(db, key)
            if found is not None:
                state = found["state"]
                started = from_db(found["started_at"])
                when = format_local(started, zone)
                if state == "applied":
                    raise Conflict(
                        f"this fix of gap {gap_id} was already sent to the PSA by "
                        f"{found['who']} at {when}; nothing was sent again"
                    )
                if state == "sending" and now - started < SENDING_TIMEOUT:
                    raise Conflict(
                        f"this fix of gap {gap_id} is being sent to the PSA by {found['who']} "
                        f"(since {when}); nothing was sent again"
                    )
                db.conn.execute(
                    "UPDATE fixes SET state = 'sending', who = ?, started_at = ?, "
                    "finished_at = NULL, plan = ?, message = NULL WHERE id = ?",
                    (by, to_db(now), to_json(dict(plan)), found["id"]),
                )
            else:
                db.conn.execute(
                    "INSERT INTO fixes (key, gap_id, run_id, psa, state, who, started_at, plan) "
                    "VALUES (?, ?, ?, ?, 'sending', ?, ?, ?)",
                    (key, gap_id, run_id, psa, by, to_db(now), to_json(dict(plan))),
                )
            claimed = _fix_row(db, key)
            assert claimed is not None
            return _record(claimed)

    def end_fix(self, key: str, *, state: str, message: str) -> FixRecord:
        """Record that a claimed fix wrote nothing: ``refused`` (recon stopped before
        writing: the PSA changed since the run) or ``failed`` (the PSA said no). The gap is
        left as it was; a later attempt may claim the key again.

        Raises:
            UsageError: ``state`` is not ``failed`` or ``refused``.
            NotFound: no fix has this key.
        """
        if state not in _ENDINGS:
            raise UsageError(f"a fix ends as failed or refused, not {state!r}")
        with self._write() as db:
            found = _fix_row(db, key)
            if found is None:
                raise NotFound(f"no fix with key {key!r}")
            db.conn.execute(
                "UPDATE fixes SET state = ?, finished_at = ?, message = ? WHERE id = ?",
                (state, to_db(self._now()), message, found["id"]),
            )
            ended = _fix_row(db, key)
            assert ended is not None
            return _record(ended)

    def complete_fix(
        self,
        key: str,
        *,
        summary: str,
        before: Mapping[str, Any],
        after: Mapping[str, Any],
    ) -> StoredGap:
        """The PSA took the fix and shows it: mark the gap fixed (pending next run) and log it.

        The gap becomes ``resolved`` with ``fix_pending`` set, by the fix's author; its
        money counts as recovered only when the next run no longer shows it.

        Args:
            key: the claimed fix.
            summary: what was written, for people ("ConnectWise addition 101 quantity
                8 -> 10").
            before: the PSA's values before (JSON-ready), for the audit log.
            after: the PSA's values after, as re-read from the PSA.

        Returns:
            The gap as now stored.

        Raises:
            NotFound: no fix has this key.
            Conflict: the fix is not being sent (already completed or ended).
        """
        with self._write() as db:
            found = _fix_row(db, key)
            if found is None:
                raise NotFound(f"no fix with key {key!r}")
            if found["state"] != "sending":
                raise Conflict(f"the fix of gap {found['gap_id']} is {found['state']}, not sending")
            now, by, gap_id = self._now(), found["who"], found["gap_id"]
            row = fetch_row(db, gap_id)
            changes = {
                "status": GapStatus.RESOLVED.value,
                "status_changed_at": to_db(now),
                "resolved_by": by,
                "resolved_at": to_db(now),
                "resolved_note": summary,
                "overdue": 0,
                "recovered_monthly": None,
                "recovered_at": None,
                "fix_pending": 1,
                "fix_by": by,
                "fix_at": to_db(now),
                "fix_summary": summary,
                "fix_note": None,
            }
            sets = ", ".join(f"{column} = ?" for column in changes)
            db.conn.execute(f"UPDATE gaps SET {sets} WHERE id = ?", (*changes.values(), gap_id))
            db.conn.execute(
                "UPDATE fixes SET state = 'applied', finished_at = ?, message = ? WHERE id = ?",
                (to_db(now), summary, found["id"]),
            )
            log_decision(
                db,
                at=now,
                by=by,
                action=Action.FIX_IN_PSA,
                subject=f"gap {gap_id}",
                gap_id=gap_id,
                before={"status": row["status"], "psa": dict(before)},
                after={"status": changes["status"], "fix_pending": True, "psa": dict(after)},
                reason=summary,
            )
            return stored_gap(fetch_row(db, gap_id))

    def fixes(self, *, gap_id: int | None = None) -> list[FixRecord]:
        """Fixes (every attempt), newest first; only one gap's with ``gap_id``."""
        sql = "SELECT * FROM fixes"
        params: list[Any] = []
        if gap_id is not None:
            sql += " WHERE gap_id = ?"
            params.append(gap_id)
        with self._read() as db:
            return [_record(row) for row in db.query(sql + " ORDER BY id DESC", params)]

    def run_inputs(self, run_id: int) -> tuple[RunFile, ...]:
        """The inputs of an applied run (its files or pulls, vendor side first).

        Raises:
            NotFound: no applied run has this id (it may be held, discarded or unknown).
        """
        with self._read() as db:
            if db.conn.execute("SELECT 1 FROM runs WHERE id = ?", (run_id,)).fetchone() is None:
                raise NotFound(f"no applied run with id {run_id}")
            return tuple(
                RunFile(
                    side=f["side"],
                    path=f["path"],
                    format_name=f["format_name"],
                    sha256=f["sha256"],
                    rows_read=f["rows_read"],
                    rows_used=f["rows_used"],
                    skipped=from_json(f["skipped"]),
                )
                for f in db.query(
                    "SELECT * FROM run_files WHERE run_id = ? ORDER BY position", [run_id]
                )
            )
