"""Recording runs: the run, its inputs, its seat history and the gap lifecycle, all at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlite_utils import Database

from recon.errors import NotFound, StoreError
from recon.model import Candidate, Gap, ReconResult, ReviewItem, RunScope, SeatCol
from recon.plausibility import RunFigures, SideFigures
from recon.store._base import StoreBase
from recon.store._clients import required
from recon.store._codec import dec_text, from_json, to_json
from recon.store._decisions import log_decision, who
from recon.store._gaprows import LIFECYCLE_COLUMNS, OBSERVATION_COLUMNS, fetch_by_keys
from recon.store._lifecycle import RunContext, Step, first_sight, seen_again, vanished
from recon.store._owners import match_waiting_owners
from recon.store._people import Action
from recon.store._records import GapStatus, Outcome, ReopenReason, RunFile, RunInfo, RunRecord
from recon.store._settings import read_settings, zone_of
from recon.store._time import from_db, placed_at, to_db

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
)
_STATE_QUERY = (
    "SELECT id, key, client_key, product_key, status, status_changed_at, seat_delta, "
    "monthly_impact, last_seen, last_run_id, "
    "runs_seen, leaked_to_date, refund_risk_to_date, recovered_monthly, recovered_at, "
    "overdue, resolved_at, accepted_delta, snoozed_until, fix_pending, fix_summary, fix_note "
    "FROM gaps g"
)


class RunsMixin(StoreBase):
    """Recording runs and reading them back."""

    def record_run(
        self,
        result: ReconResult,
        *,
        source: str = "files",
        by: str = "recon",
        figures: RunFigures | None = None,
        as_of: date | None = None,
    ) -> RunRecord:
        """Save a run whole (or not at all) and move every gap along its lifecycle.

        In one write transaction: the run (time, source, who caused it, counts, totals), its
        input files (names, SHA-256, row counts), the seat history (``result.seats``), the
        lifecycle of every stored gap (see :mod:`recon.store._lifecycle` for the exact
        rules), and a ``record_run`` entry in the audit log.

        Args:
            result: what the engine found.
            source: ``"files"`` (default) or the name of the API the data was pulled from.
            by: who caused the run (a Slack user id, ``cli:<login>``, ``scheduler``).
            figures: the run's size per side, for the plausibility guard of later runs of
                the same bundle (see :mod:`recon.plausibility`).
            as_of: the day the exports describe, when it is not the day of saving (old
                exports backfilled): the anomaly calendar places the run on that day
                (default None: on the day it is saved).

        Returns:
            The run's id and time, and which gaps are new, grew, changed, reopened, are still
            open, are quiet, or were fixed.

        Raises:
            StoreError: the result lists a gap key or a seat (client, product) twice, or its
                seat frame lacks columns; nothing is written.
        """
        source = required(source, "the run's source")
        by = who(by)
        seats = _seat_rows(result.seats)
        gaps = _unique_gaps(result.gaps)
        with self._write() as db:
            now = self._now()
            run_id = next_run_id(db)
            insert_run(
                db,
                run_id,
                at=now,
                source=source,
                by=by,
                figures=figures,
                facts=run_facts(result, as_of=as_of),
            )
            record = apply_run(db, run_id, now, seats, gaps, result.scope)
            log_run(db, record, action=Action.RECORD_RUN, by=by, source=source)
            return record

    def note_preview(self, *, by: str, subject: str, reason: str | None = None) -> None:
        """Audit a reconciliation someone ran but may not save: a preview changed nothing.

        Args:
            by: who (a Slack user id).
            subject: what they ran ("upload of v.csv and p.csv", "/reconcile run").
            reason: why it was only a preview.
        """
        by = who(by)
        with self._write() as db:
            log_decision(
                db,
                at=self._now(),
                by=by,
                action=Action.PREVIEW_RUN,
                subject=subject,
                before=None,
                after={"saved": False},
                reason=reason,
            )

    def last_figures(self, bundle: str) -> tuple[int, RunFigures] | None:
        """The latest applied run of a bundle and its figures, for the plausibility guard.

        Runs recorded before figures were kept are compared on what they did record (rows
        and clients per side; their money is unknown).

        Args:
            bundle: :attr:`recon.plausibility.RunFigures.bundle`.

        Returns:
            ``(run id, figures)``, or None when no run of that bundle was applied yet.
        """
        with self._read() as db:
            row = db.conn.execute(
                "SELECT id, figures FROM runs WHERE bundle = ? ORDER BY id DESC LIMIT 1",
                (bundle,),
            ).fetchone()
            if row is not None:
                return int(row[0]), RunFigures.from_json(from_json(row[1]))
            return _legacy_figures(db, bundle)

    def last_run(self) -> RunInfo | None:
        """The latest run, or None before the first one."""
        found = self.runs(limit=1)
        return found[0] if found else None

    def runs(self, limit: int = 20) -> list[RunInfo]:
        """The latest runs, newest first.

        Args:
            limit: at most this many (default 20).
        """
        with self._read() as db:
            rows = list(db.query("SELECT * FROM runs ORDER BY id DESC LIMIT ?", [limit]))
            files: dict[int, list[RunFile]] = {}
            if rows:
                oldest = rows[-1]["id"]
                for f in db.query(
                    "SELECT * FROM run_files WHERE run_id >= ? ORDER BY run_id, position",
                    [oldest],
                ):
                    files.setdefault(f["run_id"], []).append(_run_file(f))
        return [_run_info(row, files.get(row["id"], [])) for row in rows]

    def run_review(self, run_id: int | None = None) -> list[ReviewItem]:
        """The review items of a run (default: the latest), as the run listed them.

        ``recon explain`` answers from these, so that it says what the run said.
        """
        with self._read() as db:
            if run_id is None:
                row = db.conn.execute(
                    "SELECT summary FROM runs ORDER BY id DESC LIMIT 1"
                ).fetchone()
            else:
                row = db.conn.execute("SELECT summary FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            return []
        return [
            ReviewItem(
                vendor_client=item["vendor_client"],
                vendor_key=item["vendor_key"],
                candidates=tuple(
                    Candidate(c["psa_client"], float(c["score"]), c.get("note", ""))
                    for c in item.get("candidates", [])
                ),
                reason=item["reason"],
                money_at_stake=Decimal(item["money_at_stake"]),
            )
            for item in from_json(row[0]).get("review", [])
        ]

    def run_record(self, run_id: int) -> RunRecord:
        """What recording a past run did to the gaps (as :meth:`record_run` returned it).

        Raises:
            NotFound: no run has this id.
        """
        with self._read() as db:
            run = db.conn.execute("SELECT at FROM runs WHERE id = ?", (run_id,)).fetchone()
            if run is None:
                raise NotFound(f"no run with id {run_id}")
            by_outcome: dict[Outcome, list[int]] = {o: [] for o in Outcome}
            why: dict[int, ReopenReason] = {}
            for gap_id, outcome, reason in db.conn.execute(
                "SELECT gap_id, outcome, reason FROM run_gaps WHERE run_id = ? ORDER BY position",
                (run_id,),
            ):
                by_outcome[Outcome(outcome)].append(gap_id)
                if reason:
                    why[gap_id] = ReopenReason(reason)
        return _record(run_id, from_db(run[0]), by_outcome, why)


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


@dataclass(frozen=True, slots=True)
class RunFacts:
    """What the ``runs`` and ``run_files`` rows of a run say, whether it is recorded now or
    confirmed later from a held run."""

    generated_at: str
    gap_count: int
    seat_rows: int
    under_billed: str
    over_billed: str
    summary: Mapping[str, Any]
    files: tuple[tuple[str, str, str, str, int, int, Mapping[str, int]], ...]
    as_of: str | None = None  # ISO date the exports describe, when given (``--as-of``)

    def as_json(self) -> dict[str, Any]:
        """For a held run's row."""
        return {
            "generated_at": self.generated_at,
            "gap_count": self.gap_count,
            "seat_rows": self.seat_rows,
            "under_billed": self.under_billed,
            "over_billed": self.over_billed,
            "summary": dict(self.summary),
            "files": [[*f[:6], dict(f[6])] for f in self.files],
            "as_of": self.as_of,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RunFacts:
        """Back from :meth:`as_json`."""
        return cls(
            generated_at=str(data["generated_at"]),
            gap_count=int(data["gap_count"]),
            seat_rows=int(data["seat_rows"]),
            under_billed=str(data["under_billed"]),
            over_billed=str(data["over_billed"]),
            summary=dict(data["summary"]),
            files=tuple(
                (str(f[0]), str(f[1]), str(f[2]), str(f[3]), int(f[4]), int(f[5]), dict(f[6]))
                for f in data["files"]
            ),
            as_of=data.get("as_of"),  # held before runs had one: None
        )

    def run_files(self) -> tuple[RunFile, ...]:
        """The inputs as records."""
        return tuple(
            RunFile(side, path, fmt, sha, read, used, dict(skipped))
            for side, path, fmt, sha, read, used, skipped in self.files
        )


def run_facts(result: ReconResult, *, as_of: date | None = None) -> RunFacts:
    """The run-level facts of a result: totals, summary, inputs and the day they describe."""
    s = result.summary
    return RunFacts(
        as_of=None if as_of is None else as_of.isoformat(),
        generated_at=to_db(result.generated_at),
        gap_count=len(result.gaps),
        seat_rows=0 if result.seats is None else len(result.seats),
        under_billed=dec_text(s.under_billed),
        over_billed=dec_text(s.over_billed),
        summary={
            "gap_counts": dict(s.gap_counts),
            "gap_totals": {k: dec_text(v) for k, v in s.gap_totals.items()},
            "under_billed": dec_text(s.under_billed),
            "over_billed": dec_text(s.over_billed),
            "vendor_clients": s.vendor_clients,
            "psa_clients": s.psa_clients,
            "matched_clients": s.matched_clients,
            "review_items": s.review_items,
            "money_in_review": dec_text(s.money_in_review),
            "unmatched_vendor_clients": s.unmatched_vendor_clients,
            "unmatched_psa_clients": s.unmatched_psa_clients,
            "unmapped_products": s.unmapped_products,
            # What the run said about each vendor client it would not pair alone: `recon
            # explain` repeats it rather than guessing again without the files.
            "review": [
                {
                    "vendor_client": r.vendor_client,
                    "vendor_key": r.vendor_key,
                    "reason": r.reason,
                    "money_at_stake": dec_text(r.money_at_stake),
                    "candidates": [
                        {"psa_client": c.psa_client, "score": c.score, "note": c.note}
                        for c in r.candidates
                    ],
                }
                for r in result.review
            ],
        },
        files=tuple(
            (
                str(f.side),
                f.path,
                f.format_name,
                f.sha256,
                f.rows_read,
                f.rows_used,
                dict(f.skipped),
            )
            for f in s.files
        ),
    )


def next_run_id(db: Database) -> int:
    """The next run id: runs and held runs share one sequence, so a held run keeps its id
    when it is confirmed."""
    row = db.conn.execute(
        "SELECT max(coalesce((SELECT max(id) FROM runs), 0), "
        "coalesce((SELECT max(id) FROM held_runs), 0))"
    ).fetchone()
    return int(row[0]) + 1


def insert_run(
    db: Database,
    run_id: int,
    *,
    at: datetime,
    source: str,
    by: str,
    figures: RunFigures | None,
    facts: RunFacts,
) -> None:
    """Write a run's ``runs`` and ``run_files`` rows."""
    db.conn.execute(
        "INSERT INTO runs (id, at, generated_at, source, gap_count, seat_rows, under_billed, "
        "over_billed, summary, caused_by, bundle, figures, as_of) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            run_id,
            to_db(at),
            facts.generated_at,
            source,
            facts.gap_count,
            facts.seat_rows,
            facts.under_billed,
            facts.over_billed,
            to_json(facts.summary),
            by,
            None if figures is None else figures.bundle,
            None if figures is None else to_json(figures.as_json()),
            facts.as_of,
        ),
    )
    db.conn.executemany(
        "INSERT INTO run_files (run_id, position, side, path, format_name, sha256, rows_read, "
        "rows_used, skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (run_id, position, side, path, fmt, sha, read, used, to_json(dict(skipped)))
            for position, (side, path, fmt, sha, read, used, skipped) in enumerate(facts.files)
        ],
    )


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
    )
    return _apply_lifecycle(db, ctx, gaps, scope)


def log_run(
    db: Database,
    record: RunRecord,
    *,
    action: Action,
    by: str,
    source: str,
    reason: str | None = None,
) -> None:
    """The audit-log entry of an applied run: who caused it and what it changed."""
    log_decision(
        db,
        at=record.at,
        by=by,
        action=action,
        subject=f"run {record.run_id}",
        before=None,
        after={
            "source": source,
            "new": len(record.new),
            "reopened": len(record.reopened),
            "fixed": len(record.fixed),
        },
        reason=reason,
    )


def _legacy_figures(db: Database, bundle: str) -> tuple[int, RunFigures] | None:
    """Figures of the latest run recorded before figures were kept, if it is of ``bundle``."""
    for run_id, summary in db.conn.execute(
        "SELECT id, summary FROM runs WHERE bundle IS NULL ORDER BY id DESC LIMIT 50"
    ).fetchall():
        sides = {
            side: (fmt, used)
            for side, fmt, used in db.conn.execute(
                "SELECT side, format_name, rows_used FROM run_files WHERE run_id = ? "
                "ORDER BY position DESC",
                (run_id,),
            )
        }
        if "vendor" not in sides or "psa" not in sides:
            continue
        counts = from_json(summary) or {}
        figures = RunFigures(
            SideFigures(
                sides["vendor"][0],
                int(sides["vendor"][1]),
                int(counts.get("vendor_clients", 0)),
                None,
            ),
            SideFigures(
                sides["psa"][0], int(sides["psa"][1]), int(counts.get("psa_clients", 0)), None
            ),
        )
        if figures.bundle == bundle:
            return int(run_id), figures
    return None


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
        reopened_why=dict(why),
    )


def _run_file(row: Mapping[str, Any]) -> RunFile:
    return RunFile(
        side=row["side"],
        path=row["path"],
        format_name=row["format_name"],
        sha256=row["sha256"],
        rows_read=row["rows_read"],
        rows_used=row["rows_used"],
        skipped=from_json(row["skipped"]),
    )


def _run_info(row: Mapping[str, Any], files: list[RunFile]) -> RunInfo:
    summary = from_json(row["summary"])
    return RunInfo(
        run_id=row["id"],
        at=from_db(row["at"]),
        generated_at=from_db(row["generated_at"]),
        source=row["source"],
        files=tuple(files),
        gap_count=row["gap_count"],
        seat_rows=row["seat_rows"],
        under_billed=Decimal(row["under_billed"]),
        over_billed=Decimal(row["over_billed"]),
        gap_counts=dict(summary.get("gap_counts", {})),
        gap_totals={k: Decimal(v) for k, v in summary.get("gap_totals", {}).items()},
        matched_clients=int(summary.get("matched_clients", 0)),
        review_items=int(summary.get("review_items", 0)),
        by=row["caused_by"],
    )
