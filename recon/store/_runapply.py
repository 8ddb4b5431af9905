"""Applying a run: its seat history, and every stored gap moved along its lifecycle.

Shared by a run recorded now and a held run confirmed later; the lifecycle's rules are in
:mod:`recon.store._lifecycle`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

import pandas as pd
from sqlite_utils import Database

from recon.errors import StoreError
from recon.model import Gap, RunScope, SeatCol
from recon.store._gaprows import LIFECYCLE_COLUMNS, OBSERVATION_COLUMNS, fetch_by_keys
from recon.store._lifecycle import RunContext, Step, first_sight, seen_again, vanished
from recon.store._owners import match_waiting_owners
from recon.store._records import GapStatus, Outcome, ReopenReason, RunRecord
from recon.store._settings import read_settings, zone_of
from recon.store._time import from_db, placed_at

_INSERT_COLUMNS = (
    *OBSERVATION_COLUMNS,
    *LIFECYCLE_COLUMNS,
    "key",
    "first_seen",
    "first_run_id",
)
_UPDATE_COLUMNS = (*OBSERVATION_COLUMNS, *LIFECYCLE_COLUMNS)
_VANISH_COLUMNS = (
    "status",
    "status_changed_at",
    "fixed_at",
    "overdue",
    "recovered_monthly",
    "recovered_at",
    "fix_pending",
    "fix_note",
)
_STATE_QUERY = (
    "SELECT id, key, client_key, product_key, status, status_changed_at, seat_delta, "
    "monthly_impact, last_seen, last_run_id, rests_on, "
    "runs_seen, leaked_to_date, refund_risk_to_date, recovered_monthly, recovered_at, "
    "overdue, resolved_at, accepted_delta, snoozed_until, fix_pending, fix_summary, fix_note "
    "FROM gaps g"
)


def _seat_rows(seats: pd.DataFrame | None) -> list[tuple[str, str, str, str, int, int]]:
    if seats is None or len(seats) == 0:
        return []
    missing = [c for c in SeatCol.ALL if c not in seats.columns]
    if missing:
        raise StoreError(f"the result's seat frame lacks columns {', '.join(missing)}")
    dupes = seats.duplicated([SeatCol.CLIENT_KEY, SeatCol.PRODUCT_KEY])
    if dupes.any():
        first = seats[dupes].iloc[0]
        raise StoreError(
            "the result's seat frame lists ("
            f"{first[SeatCol.CLIENT_KEY]!r}, {first[SeatCol.PRODUCT_KEY]!r}) more than once"
        )
    try:
        vendor = seats[SeatCol.VENDOR_QTY].to_numpy(dtype="int64").tolist()
        psa = seats[SeatCol.PSA_QTY].to_numpy(dtype="int64").tolist()
    except (TypeError, ValueError) as err:
        raise StoreError(f"the result's seat quantities are not whole milli-seats: {err}") from err
    return list(
        zip(
            seats[SeatCol.CLIENT_KEY].astype(str).tolist(),
            seats[SeatCol.PRODUCT_KEY].astype(str).tolist(),
            seats[SeatCol.CLIENT].astype(str).tolist(),
            seats[SeatCol.PRODUCT].astype(str).tolist(),
            vendor,
            psa,
            strict=True,
        )
    )


def _client_names(
    seats: list[tuple[str, str, str, str, int, int]], gaps: Iterable[Gap]
) -> dict[str, set[str]]:
    """Every client key of a run, with the names it goes by (client, vendor and PSA names)."""
    names: dict[str, set[str]] = {}
    for key, _, name, _, _, _ in seats:
        names.setdefault(key, set()).add(name)
    for gap in gaps:
        found = names.setdefault(gap.client_key, set())
        found.update(n for n in (gap.client, gap.vendor_client, gap.psa_client) if n)
    return names


def _unique_gaps(gaps: Iterable[Gap]) -> dict[str, Gap]:
    by_key: dict[str, Gap] = {}
    for gap in gaps:
        if gap.key in by_key:
            raise StoreError(
                f"the result lists gap {gap.key!r} twice; a run shows each "
                "(client, product, kind) once"
            )
        by_key[gap.key] = gap
    return by_key


def apply_run(
    db: Database,
    run_id: int,
    now: datetime,
    seats: list[tuple[str, str, str, str, int, int]],
    gaps: Mapping[str, Gap],
    scope: RunScope | None,
) -> RunRecord:
    """Write a run's seat history and move every stored gap along its lifecycle."""
    settings = read_settings(db)
    _insert_seats(db, run_id, seats, gaps.values())
    # Owners set before a client was first seen are matched by the run that applies it (a
    # held run only when it is confirmed).
    match_waiting_owners(db, run_id, _client_names(seats, gaps.values()))
    ctx = RunContext(
        run_id=run_id,
        now=now,
        grace=timedelta(days=settings.grace_days),
        zone=zone_of(settings),
        placed={
            int(rid): from_db(at)
            for rid, at in db.conn.execute(f"SELECT id, {placed_at()} FROM runs")
        },
        # Where the run compared both sides and they agree: a pending gap gone from there
        # was fixed; gone from anywhere else, the comparison it rested on is gone.
        agreeing=frozenset((ck, pk) for ck, pk, _, _, v, p in seats if v > 0 and v == p),
    )
    return _apply_lifecycle(db, ctx, gaps, scope)


def _insert_seats(
    db: Database,
    run_id: int,
    seats: list[tuple[str, str, str, str, int, int]],
    gaps: Iterable[Gap],
) -> None:
    clients = {ck: name for ck, _, name, _, _, _ in seats}
    clients.update((g.client_key, g.client) for g in gaps)
    products = {pk: name for _, pk, _, name, _, _ in seats}
    db.conn.executemany(
        "INSERT INTO clients (client_key, name, last_run_id) VALUES (?, ?, ?) "
        "ON CONFLICT (client_key) DO UPDATE SET name = excluded.name, "
        "last_run_id = excluded.last_run_id",
        [(key, name, run_id) for key, name in clients.items()],
    )
    db.conn.executemany(
        "INSERT INTO products (product_key, name) VALUES (?, ?) "
        "ON CONFLICT (product_key) DO UPDATE SET name = excluded.name",
        list(products.items()),
    )
    if seats:
        client_ids = dict(db.conn.execute("SELECT client_key, id FROM clients"))
        product_ids = dict(db.conn.execute("SELECT product_key, id FROM products"))
        db.conn.executemany(
            "INSERT INTO seat_history (run_id, client_id, product_id, vendor_qty_milli, "
            "psa_qty_milli) VALUES (?, ?, ?, ?, ?)",
            [(run_id, client_ids[ck], product_ids[pk], v, p) for ck, pk, _, _, v, p in seats],
        )


def _apply_lifecycle(
    db: Database, ctx: RunContext, gaps: Mapping[str, Gap], scope: RunScope | None
) -> RunRecord:
    """Move every stored gap along its lifecycle for this run, and log what happened.

    Only gaps inside the run's scope can vanish (be fixed): a run from one vendor, or a client
    now waiting in review, says nothing about the gaps it couldn't see.
    """
    stored = {row["key"]: row for row in db.query(f"{_STATE_QUERY} WHERE status != 'fixed'")}
    fixed = {key for (key,) in db.conn.execute("SELECT key FROM gaps WHERE status = 'fixed'")}
    came_back = [key for key in gaps if key not in stored and key in fixed]
    for row in fetch_by_keys(db, came_back):
        stored[row["key"]] = row
    steps: list[tuple[str, Step]] = []
    inserts: list[dict[str, Any]] = []
    updates: list[tuple[Any, ...]] = []
    for key, gap in gaps.items():
        found = stored.get(key)
        step = first_sight(gap, ctx) if found is None else seen_again(found, gap, ctx)
        steps.append((key, step))
        if found is None:
            inserts.append(step.changes)
        else:
            updates.append((*(step.changes[c] for c in _UPDATE_COLUMNS), found["id"]))
    gone: list[tuple[str, Step]] = [
        (key, vanished(row, ctx))
        for key, row in stored.items()
        if key not in gaps
        and row["status"] != GapStatus.FIXED.value
        and (scope is None or scope.covers(row["client_key"], row["product_key"]))
    ]
    if inserts:
        marks = ", ".join("?" * len(_INSERT_COLUMNS))
        db.conn.executemany(
            f"INSERT INTO gaps ({', '.join(_INSERT_COLUMNS)}) VALUES ({marks})",
            [tuple(change[c] for c in _INSERT_COLUMNS) for change in inserts],
        )
    sets = ", ".join(f"{c} = ?" for c in _UPDATE_COLUMNS)
    db.conn.executemany(f"UPDATE gaps SET {sets} WHERE id = ?", updates)
    sets = ", ".join(f"{c} = ?" for c in _VANISH_COLUMNS)
    db.conn.executemany(
        f"UPDATE gaps SET {sets} WHERE id = ?",
        [(*(step.changes[c] for c in _VANISH_COLUMNS), stored[key]["id"]) for key, step in gone],
    )
    ids = {key: row["id"] for key, row in stored.items()}
    if inserts:
        new_ids = db.conn.execute("SELECT key, id FROM gaps WHERE first_run_id = ?", (ctx.run_id,))
        ids.update(new_ids)
    log_rows = []
    for position, (key, step) in enumerate([*steps, *gone]):
        seen = step.changes if key in gaps else stored[key]  # gone: its last observation
        reason = None if step.reason is None else step.reason.value
        log_rows.append(
            (
                ctx.run_id,
                ids[key],
                position,
                step.outcome.value,
                reason,
                seen["seat_delta"],
                seen["monthly_impact"],
            )
        )
    db.conn.executemany(
        "INSERT INTO run_gaps (run_id, gap_id, position, outcome, reason, seat_delta, "
        "monthly_impact) VALUES (?, ?, ?, ?, ?, ?, ?)",
        log_rows,
    )
    by_outcome: dict[Outcome, list[int]] = {o: [] for o in Outcome}
    why: dict[int, ReopenReason] = {}
    for key, step in [*steps, *gone]:
        by_outcome[step.outcome].append(ids[key])
        if step.reason is not None:
            why[ids[key]] = step.reason
    return _record(ctx.run_id, ctx.now, by_outcome, why)


def _record(
    run_id: int,
    at: Any,
    by_outcome: Mapping[Outcome, list[int]],
    why: Mapping[int, ReopenReason],
) -> RunRecord:
    return RunRecord(
        run_id=run_id,
        at=at,
        new=tuple(by_outcome[Outcome.NEW]),
        grew=tuple(by_outcome[Outcome.GREW]),
        changed=tuple(by_outcome[Outcome.CHANGED]),
        reopened=tuple(by_outcome[Outcome.REOPENED]),
        still_open=tuple(by_outcome[Outcome.STILL_OPEN]),
        quiet=tuple(by_outcome[Outcome.QUIET]),
        fixed=tuple(by_outcome[Outcome.FIXED]),
        withdrawn=tuple(by_outcome[Outcome.WITHDRAWN]),
        reopened_why=dict(why),
    )
