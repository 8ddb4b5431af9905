"""Recording runs and reading them back: the :class:`~recon.store.Store` methods of runs.

Saving is done by :mod:`recon.store._runfacts` (the run's own rows) and
:mod:`recon.store._runapply` (seat history and the gap lifecycle).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from recon.errors import NotFound
from recon.model import Candidate, ReconResult, ReviewItem
from recon.plausibility import RunFigures, SideFigures
from recon.store._base import StoreBase
from recon.store._clients import required
from recon.store._codec import from_json
from recon.store._decisions import log_decision, who
from recon.store._people import Action
from recon.store._records import Outcome, ReopenReason, RunFile, RunInfo, RunRecord
from recon.store._runapply import _record, _seat_rows, _unique_gaps, apply_run
from recon.store._runfacts import insert_run, log_run, next_run_id, run_facts
from recon.store._time import from_db


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
        kept: Iterable[str] | None = None,
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
            kept: the catalogue ids the run's product reading left their own product where a
                person's alias would have split them (``Grouped.kept``), so that ``recon fix``
                reads the PSA's lines as the run did (default None: not known, and a fix of
                its gaps is stricter).

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
                facts=run_facts(result, as_of=as_of, kept=kept),
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

    def kept_products(self, run_id: int) -> frozenset[str] | None:
        """The catalogue ids an applied run's product reading left their own product (see
        :meth:`record_run`'s ``kept``); None when the run did not record them (recorded
        before recon kept them) or no applied run has this id."""
        with self._read() as db:
            row = db.conn.execute(
                "SELECT kept_products FROM runs WHERE id = ?", (run_id,)
            ).fetchone()
        if row is None or row[0] is None:
            return None
        return frozenset(str(k) for k in from_json(row[0]))

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
