"""The append-only audit log: one row per human decision, never updated or deleted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from recon.errors import UsageError
from recon.store._codec import from_json, to_json
from recon.store._people import Action, Decision
from recon.store._time import from_db, to_db


def who(by: str | None) -> str:
    """Check that a decision names who took it.

    Raises:
        UsageError: ``by`` is missing or blank.
    """
    if by is None or not by.strip():
        raise UsageError("every decision needs to say who took it (by=...)")
    return by.strip()


def clean_text(value: str | None) -> str | None:
    """Strip a free-text reason or note; blank becomes None."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def log_decision(
    db: Database,
    *,
    at: datetime,
    by: str,
    action: Action,
    subject: str,
    before: Any,
    after: Any,
    reason: str | None = None,
    gap_id: int | None = None,
) -> int:
    """Append one decision (call inside the write transaction that carries it out).

    Args:
        db: the database, inside a write transaction.
        at: when.
        by: who.
        action: what kind of decision.
        subject: what it is about, for people (``gap 12``, ``client 'Acme'``).
        before: the relevant state before (JSON-able), or None.
        after: the state after (JSON-able), or None.
        reason: the reason or note given, if any.
        gap_id: the gap concerned, for gap decisions.

    Returns:
        The decision's id.
    """
    cursor = db.conn.execute(
        "INSERT INTO decisions (at, who, action, subject, gap_id, before, after, reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            to_db(at),
            by,
            action.value,
            subject,
            gap_id,
            None if before is None else to_json(before),
            None if after is None else to_json(after),
            reason,
        ),
    )
    return int(cursor.lastrowid or 0)


#: Audit entries about runs rather than people's decisions.
RUN_ACTIONS = (
    Action.RECORD_RUN,
    Action.HOLD_RUN,
    Action.CONFIRM_RUN,
    Action.DISCARD_RUN,
    Action.PREVIEW_RUN,
)


def read_decisions(
    db: Database, *, limit: int | None = None, gap_id: int | None = None, runs: bool = False
) -> list[Decision]:
    """Decisions, newest first, optionally only the latest ``limit`` or one gap's; with
    ``runs``, the run entries too."""
    sql = "SELECT * FROM decisions"
    where: list[str] = []
    params: list[Any] = []
    if gap_id is not None:
        where.append("gap_id = ?")
        params.append(gap_id)
    if not runs:
        where.append(f"action NOT IN ({', '.join('?' * len(RUN_ACTIONS))})")
        params.extend(a.value for a in RUN_ACTIONS)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [
        Decision(
            id=row["id"],
            at=from_db(row["at"]),
            by=row["who"],
            action=Action(row["action"]),
            subject=row["subject"],
            gap_id=row["gap_id"],
            before=from_json(row["before"]),
            after=from_json(row["after"]),
            reason=row["reason"],
        )
        for row in db.query(sql, params)
    ]
