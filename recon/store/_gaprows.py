"""Rows of the ``gaps`` table: from a :class:`~recon.model.Gap`, and back to a StoredGap."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from recon.errors import NotFound
from recon.model import GAP_RECORD, FieldType, Gap, GapKind
from recon.store._codec import dec_text, opt_dec
from recon.store._people import Owner, OwnerSource
from recon.store._records import GapStatus, StoredGap
from recon.store._time import from_db, opt_from_db

#: Columns that describe what the latest run saw; rewritten every time a run shows the gap.
#: One per stored field of the gap record (:data:`recon.model.GAP_RECORD`).
OBSERVATION_COLUMNS = tuple(f.column for f in GAP_RECORD if f.column is not None)
_STORED = tuple((f, f.column) for f in GAP_RECORD if f.column is not None)

#: Columns a run's lifecycle pass may change on a gap it shows.
LIFECYCLE_COLUMNS = (
    "status",
    "status_changed_at",
    "last_seen",
    "last_run_id",
    "runs_seen",
    "leaked_to_date",
    "refund_risk_to_date",
    "recovered_monthly",
    "recovered_at",
    "overdue",
    "fix_pending",
    "fix_note",
)

_OWNER_COLUMNS = (
    "o.client AS owner_client",
    "o.slack_user AS owner_slack_user",
    "o.email AS owner_email",
    "o.billing_owner AS owner_billing_owner",
    "o.updated_by AS owner_updated_by",
    "o.updated_at AS owner_updated_at",
    "o.given_as AS owner_given_as",
    "o.matched_run_id AS owner_matched_run_id",
    "o.source AS owner_source",
)

#: SELECT of gaps joined with their client's owner; add WHERE/ORDER as needed.
SELECT_GAPS = (
    f"SELECT g.*, {', '.join(_OWNER_COLUMNS)} FROM gaps g "
    "LEFT JOIN owners o ON o.client_key = g.client_key"
)


_STATUSES = {s.value: s for s in GapStatus}


def _day(value: date) -> str:
    return value.isoformat()


def _kind(value: GapKind) -> str:
    return value.value


def _same(value: Any) -> Any:
    return value


def _score(value: float) -> float:
    return float(value)


#: How each type of gap field is written to its column, and read back (None stays None).
_TO_COLUMN: dict[FieldType, Callable[[Any], Any]] = {
    FieldType.KIND: _kind,
    FieldType.TEXT: _same,
    FieldType.QTY: dec_text,
    FieldType.MONEY: dec_text,
    FieldType.SCORE: _score,
    FieldType.DAY: _day,
}
_FROM_COLUMN: dict[FieldType, Callable[[Any], Any]] = {
    FieldType.KIND: GapKind,
    FieldType.TEXT: _same,
    FieldType.QTY: Decimal,
    FieldType.MONEY: Decimal,
    FieldType.SCORE: _score,
    FieldType.DAY: date.fromisoformat,
}


def observation(gap: Gap) -> dict[str, Any]:
    """The observation columns of a gap as the engine produced it."""
    out: dict[str, Any] = {}
    for f, column in _STORED:
        value = getattr(gap, f.name)
        out[column] = None if value is None else _TO_COLUMN[f.type](value)
    return out


def observed(row: Mapping[str, Any]) -> dict[str, Any]:
    """The gap's fields from a stored row (or a held run's saved gap): name -> value.

    A field missing from ``row`` (a held run saved before the field existed) is None.
    """
    out: dict[str, Any] = {}
    for f, column in _STORED:
        value = row.get(column)
        out[f.name] = None if value is None else _FROM_COLUMN[f.type](value)
    return out


def _owner(row: Mapping[str, Any]) -> Owner | None:
    if row.get("owner_client") is None:
        return None
    return Owner(
        client_key=row["client_key"],
        client=row["owner_client"],
        slack_user=row["owner_slack_user"],
        email=row["owner_email"],
        billing_owner=row["owner_billing_owner"],
        updated_by=row["owner_updated_by"],
        updated_at=from_db(row["owner_updated_at"]),
        given_as=row["owner_given_as"] or row["owner_client"],
        matched_run_id=row["owner_matched_run_id"],
        source=OwnerSource(row["owner_source"] or OwnerSource.PERSON),
    )


def stored_gap(row: Mapping[str, Any]) -> StoredGap:
    """A StoredGap from a row of :data:`SELECT_GAPS`."""
    until = row["snoozed_until"]
    return StoredGap(
        **observed(row),
        id=row["id"],
        key=row["key"],
        status=_STATUSES[row["status"]],
        status_changed_at=from_db(row["status_changed_at"]),
        first_seen=from_db(row["first_seen"]),
        last_seen=from_db(row["last_seen"]),
        runs_seen=row["runs_seen"],
        last_run_id=row["last_run_id"],
        leaked_to_date=Decimal(row["leaked_to_date"]),
        refund_risk_to_date=Decimal(row["refund_risk_to_date"]),
        recovered_monthly=opt_dec(row["recovered_monthly"]),
        recovered_at=opt_from_db(row["recovered_at"]),
        overdue=bool(row["overdue"]),
        fixed_at=opt_from_db(row["fixed_at"]),
        resolved_by=row["resolved_by"],
        resolved_at=opt_from_db(row["resolved_at"]),
        resolved_note=row["resolved_note"],
        accepted_by=row["accepted_by"],
        accepted_at=opt_from_db(row["accepted_at"]),
        accepted_reason=row["accepted_reason"],
        accepted_delta=opt_dec(row["accepted_delta"]),
        snoozed_by=row["snoozed_by"],
        snoozed_at=opt_from_db(row["snoozed_at"]),
        snoozed_until=None if until is None else date.fromisoformat(until),
        owner=_owner(row),
        fix_pending=bool(row["fix_pending"]),
        fix_by=row["fix_by"],
        fix_at=opt_from_db(row["fix_at"]),
        fix_summary=row["fix_summary"],
        fix_note=row["fix_note"],
    )


def fetch_row(db: Database, gap_id: int) -> dict[str, Any]:
    """One gap's row (with its owner columns).

    Raises:
        NotFound: no gap has this id.
    """
    rows = list(db.query(f"{SELECT_GAPS} WHERE g.id = ?", [gap_id]))
    if not rows:
        raise NotFound(f"no gap with id {gap_id}; `recon gaps --status all` lists them")
    return rows[0]


def fetch_by_keys(db: Database, keys: Iterable[str]) -> list[dict[str, Any]]:
    """Rows of the gaps whose keys are given, in key order (unknown keys are skipped).

    One query whatever the number of keys: they go in as one JSON array, each looked up
    through the unique index on ``gaps.key``. With no gap stored (a first or a dry run on a
    new database) ``keys`` is not even read, so a caller's generator costs nothing.
    """
    if db.conn.execute("SELECT 1 FROM gaps LIMIT 1").fetchone() is None:
        return []
    wanted = json.dumps(list(dict.fromkeys(keys)))
    return list(db.query(_BY_KEYS, [wanted]))


#: The stored gaps whose keys are in a JSON array, by key (the order a store's JSON lists them).
_BY_KEYS = (
    f"SELECT g.*, {', '.join(_OWNER_COLUMNS)} FROM json_each(?) AS wanted "
    "JOIN gaps g ON g.key = wanted.value "
    "LEFT JOIN owners o ON o.client_key = g.client_key "
    "ORDER BY g.key"
)
