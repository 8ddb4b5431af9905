"""Anomalies per run, and the anomalies people marked expected (with who, when and why).

The store computes nothing here: it reads the seat history (:meth:`AnomaliesMixin.run_times`,
:meth:`AnomaliesMixin.seat_history_frame`) and saves what the service layer found
(:meth:`AnomaliesMixin.save_anomaly_check`; see :func:`recon.service.check_anomalies`).
:meth:`AnomaliesMixin.mark_expected` is a decision (logged like the gap decisions): the
rule stays quiet for that series until its seats move out of the range they were in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from sqlite_utils import Database

# The nouns only: the rules themselves run in the service layer, never in the store.
from recon.anomaly._model import Anomaly, AnomalyRule, ExpectedMark, Period
from recon.errors import Conflict, NotFound, UsageError
from recon.store._anomalyrows import (
    COLUMNS,
    anomaly_from_row,
    anomaly_row,
    bands_from_json,
    history_frame,
)
from recon.store._base import StoreBase
from recon.store._codec import from_json
from recon.store._decisions import clean_text, log_decision, who
from recon.store._people import Action
from recon.store._settings import read_settings, zone_of
from recon.store._time import format_local, from_db, placed_at, to_db


@dataclass(frozen=True, slots=True)
class AnomalyCheck:
    """That a run was checked for anomalies, and over how much history.

    Attributes:
        run_id: the run.
        at: when it was checked.
        series: (client, product) series the run saw.
        history_runs: runs of history read (the run and those before it).
        found: anomalies found, expected ones included.
        expected: how many of them people had marked expected.
        period: the period the runs were resampled to (``month``, ``week`` or ``day``).
        periods: periods of history read.
        months: calendar months of history read.
    """

    run_id: int
    at: datetime
    series: int
    history_runs: int
    found: int
    expected: int
    period: Period = Period.MONTH
    periods: int = 0
    months: int = 0

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict of this check."""
        return {
            "run_id": self.run_id,
            "at": self.at.isoformat(),
            "series": self.series,
            "history_runs": self.history_runs,
            "period": self.period.value,
            "periods": self.periods,
            "months": self.months,
            "found": self.found,
            "expected": self.expected,
        }


class AnomaliesMixin(StoreBase):
    """Anomaly checks, stored anomalies and expected marks."""

    def run_times(
        self, *, until: int | None = None, since: datetime | None = None
    ) -> list[tuple[int, datetime, str]]:
        """When each run is placed in time and what it read, in run order: the rules' calendar.

        A run is placed when it was saved, or, when it was given the day its exports
        describe (``as_of``, old exports backfilled), at the same time of day on that day.

        Args:
            until: the newest run to include (default: the latest).
            since: only runs made at or after this time (default: all).

        Returns:
            ``(run id, time, files)`` per run, ``files`` being its files' format names
            joined with ``+`` (``pax8+connectwise``).

        Raises:
            NotFound: there is no such run (or no run yet).
        """
        with self._read() as db:
            newest = _run_or_latest(db, until)
            sql = (
                f"SELECT r.id, {placed_at('r')}, coalesce(group_concat(f.format_name, '+'), '') "
                "FROM runs r LEFT JOIN run_files f ON f.run_id = r.id WHERE r.id <= ?"
            )
            params: list[Any] = [newest]
            if since is not None:
                sql += f" AND {placed_at('r')} >= ?"
                params.append(to_db(since))
            rows = db.conn.execute(sql + " GROUP BY r.id ORDER BY r.id", params).fetchall()
        return [(int(run), from_db(at), str(files)) for run, at, files in rows]

    def seat_history_frame(
        self, run_ids: Iterable[int] | None = None, *, runs: int = 12
    ) -> pd.DataFrame:
        """The seat history of some runs as one frame, for :func:`recon.detect_anomalies`.

        Columns :data:`recon.anomaly.RUN_ID`, :data:`recon.anomaly.RUN_AT` (UTC) and
        :attr:`SeatCol.ALL` (milli-seats; keys and names as categoricals, so millions of
        rows stay cheap).

        Args:
            run_ids: these runs (unknown ids are skipped); default: the latest ``runs``.
            runs: how many of the latest runs, without ``run_ids`` (default 12).

        Raises:
            UsageError: ``runs`` below 1.
        """
        if runs < 1:
            raise UsageError(f"runs must be 1 or more, not {runs}")
        with self._read() as db:
            if run_ids is None:
                run_ids = [
                    r
                    for (r,) in db.conn.execute(
                        "SELECT id FROM runs ORDER BY id DESC LIMIT ?", (runs,)
                    )
                ]
            return history_frame(db, run_ids)

    def save_anomaly_check(
        self,
        run_id: int,
        anomalies: Sequence[Anomaly],
        *,
        lapsed: Iterable[str] = (),
        series: int = 0,
        history_runs: int = 0,
        period: Period = Period.MONTH,
        periods: int = 0,
        months: int = 0,
    ) -> AnomalyCheck:
        """Save what a check of a run found, replacing what was saved for it before.

        Args:
            run_id: the run checked.
            anomalies: what was found, most urgent first (expected ones flagged).
            lapsed: keys of the expected marks whose series moved: they lapse now.
            series: (client, product) series the run saw.
            history_runs: runs of history read.
            period: the period the runs were resampled to.
            periods: periods of history read.
            months: calendar months of history read.

        Returns:
            The check as saved.

        Raises:
            NotFound: there is no such run.
        """
        with self._write() as db:
            run_id = _run_or_latest(db, run_id)
            now = self._now()
            db.conn.execute("DELETE FROM anomalies WHERE run_id = ?", (run_id,))
            db.conn.executemany(
                f"INSERT INTO anomalies ({', '.join(COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(COLUMNS))})",
                [anomaly_row(run_id, position, a) for position, a in enumerate(anomalies)],
            )
            check = AnomalyCheck(
                run_id,
                now,
                series,
                history_runs,
                len(anomalies),
                sum(a.expected for a in anomalies),
                period,
                periods,
                months,
            )
            db.conn.execute(
                "INSERT OR REPLACE INTO anomaly_checks (run_id, at, series, history_runs, found, "
                "expected, period, periods, months) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    run_id,
                    to_db(now),
                    series,
                    history_runs,
                    check.found,
                    check.expected,
                    period.value,
                    periods,
                    months,
                ),
            )
            db.conn.executemany(
                "UPDATE expected_anomalies SET lapsed_at = ?, lapsed_run_id = ? "
                "WHERE key = ? AND lapsed_at IS NULL",
                [(to_db(now), run_id, key) for key in lapsed],
            )
        return check

    def anomalies(
        self, run_id: int | None = None, *, include_expected: bool = False
    ) -> list[Anomaly]:
        """A run's stored anomalies, most urgent first.

        Args:
            run_id: the run (default: the latest run that was checked).
            include_expected: also those people marked expected (default False).

        Returns:
            The anomalies; empty when the run was not checked (see :meth:`anomaly_check`).
        """
        with self._read() as db:
            run_id = _checked_run(db, run_id)
            if run_id is None:
                return []
            sql = "SELECT * FROM anomalies WHERE run_id = ?"
            if not include_expected:
                sql += " AND expected = 0"
            return [anomaly_from_row(row) for row in db.query(sql + " ORDER BY position", [run_id])]

    def anomaly_check(self, run_id: int | None = None) -> AnomalyCheck | None:
        """How a run was checked (default: the latest checked run), or None if it wasn't."""
        with self._read() as db:
            row = db.conn.execute(
                "SELECT run_id, at, series, history_runs, found, expected, period, periods, "
                "months FROM anomaly_checks "
                + ("WHERE run_id = ?" if run_id is not None else "ORDER BY run_id DESC LIMIT 1"),
                () if run_id is None else (run_id,),
            ).fetchone()
        if row is None:
            return None
        return AnomalyCheck(
            run_id=row[0],
            at=from_db(row[1]),
            series=row[2],
            history_runs=row[3],
            found=row[4],
            expected=row[5],
            period=Period(row[6]),
            periods=row[7],
            months=row[8],
        )

    def mark_expected(self, key: str, *, by: str, reason: str | None = None) -> ExpectedMark:
        """Teach the rules that an anomaly is expected: quiet until its series moves.

        The mark holds while each side's latest seats stay within max(2 seats, 10%) of the
        range the anomaly was about (its ``bands``); the first run outside lapses it, and
        the anomaly shows again. Logged in the decision log as ``mark_expected``.

        Args:
            key: the anomaly key (``client_key|product_key|rule``) from the latest checked
                run, as :meth:`anomalies` gives it.
            by: who (Slack user id or ``cli:<login>``).
            reason: why, for the log (optional).

        Returns:
            The mark.

        Raises:
            UsageError: ``by`` is blank, or the key is not ``client|product|rule``.
            NotFound: the latest checked run has no anomaly with this key.
            Conflict: it is already marked expected (the message says by whom and when).
        """
        by = who(by)
        reason = clean_text(reason)
        key = _valid_key(key)
        with self._write() as db:
            now = self._now()
            run_id = _checked_run(db, None)
            row = None
            if run_id is not None:
                row = db.conn.execute(
                    "SELECT bands, note FROM anomalies WHERE run_id = ? AND key = ?",
                    (run_id, key),
                ).fetchone()
            if run_id is None or row is None:
                where = f"run {run_id}" if run_id is not None else "any checked run"
                raise NotFound(f"no anomaly {key!r} in {where}; see `recon anomalies`")
            current = _active_marks(db).get(key)
            if current is not None:
                when = format_local(current.at, zone_of(read_settings(db)))
                raise Conflict(
                    f"anomaly {key!r} was already marked expected by {current.by} at {when}"
                )
            mark = ExpectedMark(key, by, now, reason, run_id, bands_from_json(from_json(row[0])))
            db.conn.execute(
                "INSERT OR REPLACE INTO expected_anomalies (key, run_id, bands, marked_by, "
                "marked_at, reason, lapsed_at, lapsed_run_id) "
                "VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)",
                (key, run_id, row[0], by, to_db(now), reason),
            )
            note = f"Marked expected by {by} on {now:%Y-%m-%d}" + (f" ({reason})" if reason else "")
            db.conn.execute(
                "UPDATE anomalies SET expected = 1, note = ? WHERE run_id = ? AND key = ?",
                (note, run_id, key),
            )
            log_decision(
                db,
                at=now,
                by=by,
                action=Action.MARK_EXPECTED,
                subject=f"anomaly {key}",
                before={"status": "open"},
                after={"status": "expected", "bands": from_json(row[0])},
                reason=reason,
            )
        return mark

    def expected_marks(self) -> list[ExpectedMark]:
        """The marks in force (not lapsed), oldest first."""
        with self._read() as db:
            return sorted(_active_marks(db).values(), key=lambda m: m.at)


def _active_marks(db: Database) -> dict[str, ExpectedMark]:
    return {
        row["key"]: ExpectedMark(
            key=row["key"],
            by=row["marked_by"],
            at=from_db(row["marked_at"]),
            reason=row["reason"],
            run_id=row["run_id"],
            bands=bands_from_json(from_json(row["bands"])),
        )
        for row in db.query("SELECT * FROM expected_anomalies WHERE lapsed_at IS NULL")
    }


def _valid_key(key: str) -> str:
    parts = key.strip().split("|")
    rules = ", ".join(r.value for r in AnomalyRule)
    if len(parts) != 3 or not all(parts) or parts[2] not in {r.value for r in AnomalyRule}:
        raise UsageError(
            f"{key!r} is not an anomaly key; expected CLIENT_KEY|PRODUCT_KEY|RULE with RULE "
            f"one of {rules} (see `recon anomalies`)"
        )
    return "|".join(parts)


def _run_or_latest(db: Database, run_id: int | None) -> int:
    if run_id is None:
        row = db.conn.execute("SELECT max(id) FROM runs").fetchone()
        if row[0] is None:
            raise NotFound("no run yet: record one with `recon reconcile` first")
        return int(row[0])
    if db.conn.execute("SELECT 1 FROM runs WHERE id = ?", (run_id,)).fetchone() is None:
        raise NotFound(f"no run with id {run_id}")
    return run_id


def _checked_run(db: Database, run_id: int | None) -> int | None:
    if run_id is not None:
        return run_id
    row = db.conn.execute("SELECT max(run_id) FROM anomaly_checks").fetchone()
    return None if row[0] is None else int(row[0])
