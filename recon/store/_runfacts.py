"""A run's own rows: what its ``runs`` and ``run_files`` rows say, and writing them.

Also the next run id and the run's audit-log entry. Shared by a run recorded now and a held
run confirmed later.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from recon.model import ReconResult
from recon.plausibility import RunFigures
from recon.store._codec import dec_text, to_json
from recon.store._decisions import log_decision
from recon.store._people import Action
from recon.store._records import RunFile, RunRecord
from recon.store._time import to_db


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
    # Catalogue ids the run's reading left their own product (``ProductResolver`` ``kept``),
    # sorted; None when not known (a held run kept before it was recorded).
    kept: tuple[str, ...] | None = None

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
            "kept": None if self.kept is None else list(self.kept),
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
            kept=None if data.get("kept") is None else tuple(map(str, data["kept"])),
        )

    def run_files(self) -> tuple[RunFile, ...]:
        """The inputs as records."""
        return tuple(
            RunFile(side, path, fmt, sha, read, used, dict(skipped))
            for side, path, fmt, sha, read, used, skipped in self.files
        )


def run_facts(
    result: ReconResult, *, as_of: date | None = None, kept: Iterable[str] | None = None
) -> RunFacts:
    """The run-level facts of a result: totals, summary, inputs, the day they describe and
    the catalogue products its reading kept (None: not known)."""
    s = result.summary
    return RunFacts(
        as_of=None if as_of is None else as_of.isoformat(),
        kept=None if kept is None else tuple(sorted(kept)),
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
        "over_billed, summary, caused_by, bundle, figures, as_of, kept_products) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            None if facts.kept is None else to_json(list(facts.kept)),
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
