"""Runs the plausibility guard held: kept whole, applied only when an admin confirms them.

A held run keeps exactly what confirming it applies (its gaps, seats and scope) next to its
files, counts and the reasons it was held, so ``recon runs confirm`` applies that run and no
other. Its id comes from the runs' own sequence and it keeps it when confirmed. Holding,
confirming and discarding are logged in the audit log with who did it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from recon.errors import Conflict, NotFound
from recon.model import Gap, ReconResult, RunScope, UnmappedProduct
from recon.normalize import CLIENT_KEY_VERSION
from recon.plausibility import RunFigures
from recon.store._base import StoreBase
from recon.store._clients import required
from recon.store._codec import dec_text, from_json, to_json
from recon.store._decisions import clean_text, log_decision, who
from recon.store._gaprows import observation, observed
from recon.store._owners import offer_owners
from recon.store._people import Action
from recon.store._records import HeldRun, HeldStatus, RunRecord
from recon.store._rekey import KEY_VERSION_FIELD
from recon.store._runapply import _seat_rows, _unique_gaps, apply_run
from recon.store._runfacts import RunFacts, insert_run, log_run, next_run_id, run_facts
from recon.store._settings import read_settings, zone_of
from recon.store._time import format_local, from_db, to_db


@dataclass(frozen=True, slots=True)
class ConfirmedRun:
    """A held run once applied: what it did to the gaps, and what anomaly checks need.

    Attributes:
        record: what applying it did (as :meth:`Store.record_run` returns it).
        gaps: its gaps (for prices).
        unmapped: its unmapped PSA products.
    """

    record: RunRecord
    gaps: tuple[Gap, ...]
    unmapped: tuple[UnmappedProduct, ...]


class HeldRunsMixin(StoreBase):
    """Holding, listing, confirming and discarding runs."""

    def hold_run(
        self,
        result: ReconResult,
        *,
        source: str = "files",
        by: str = "recon",
        figures: RunFigures,
        reasons: tuple[str, ...],
        as_of: date | None = None,
        account_managers: Mapping[str, Mapping[str, str]] | None = None,
        kept: Iterable[str] | None = None,
    ) -> HeldRun:
        """Keep a run without applying it: no gap changes, no seat history, no recovery.

        Args:
            result: what the engine found.
            source: how the data arrived.
            by: who caused the run.
            figures: its size per side (kept for the next run's comparison once confirmed).
            reasons: why it is held, one sentence each.
            as_of: the day the exports describe, kept for when it is confirmed (see
                :meth:`record_run`; default None).
            account_managers: the PSA's account managers its pulls found, by source name
                (``{"connectwise": {client name: e-mail}}``): offered as default owners
                when it is confirmed, as an unheld run offers them before it is recorded
                (default none).
            kept: as :meth:`record_run`, kept for when it is confirmed.

        Returns:
            The held run (status ``held``).
        """
        source = required(source, "the run's source")
        by = who(by)
        payload = {
            "gaps": [_gap_json(g) for g in _unique_gaps(result.gaps).values()],
            "seats": [list(row) for row in _seat_rows(result.seats)],
            "scope": None if result.scope is None else _scope_json(result.scope),
            "unmapped": [_unmapped_json(u) for u in result.unmapped],
            "account_managers": {
                source: dict(managers) for source, managers in (account_managers or {}).items()
            },
        }
        facts = run_facts(result, as_of=as_of, kept=kept)
        with self._write() as db:
            now = self._now()
            run_id = next_run_id(db)
            db.conn.execute(
                "INSERT INTO held_runs (id, at, generated_at, source, caused_by, status, "
                "reasons, bundle, figures, facts, gap_count, under_billed, over_billed, "
                "payload) VALUES (?, ?, ?, ?, ?, 'held', ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    run_id,
                    to_db(now),
                    facts.generated_at,
                    source,
                    by,
                    to_json(list(reasons)),
                    figures.bundle,
                    to_json(figures.as_json()),
                    to_json(facts.as_json()),
                    facts.gap_count,
                    facts.under_billed,
                    facts.over_billed,
                    to_json(payload),
                ),
            )
            log_decision(
                db,
                at=now,
                by=by,
                action=Action.HOLD_RUN,
                subject=f"run {run_id}",
                before=None,
                after={"status": HeldStatus.HELD.value, "source": source},
                reason="; ".join(reasons),
            )
            return _held(_row(db, run_id))

    def held_runs(self, *, status: str | None = HeldStatus.HELD.value) -> list[HeldRun]:
        """Held runs, newest first.

        Args:
            status: only those in this state (default ``held``: waiting); None for all.
        """
        sql = "SELECT * FROM held_runs"
        params: list[Any] = []
        if status is not None:
            sql += " WHERE status = ?"
            params.append(HeldStatus(status).value)
        with self._read() as db:
            return [_held(row) for row in db.query(sql + " ORDER BY id DESC", params)]

    def held_run(self, run_id: int) -> HeldRun:
        """One held run (whatever its state).

        Raises:
            NotFound: no run was held with this id.
        """
        with self._read() as db:
            return _held(_row(db, run_id))

    def confirm_run(self, run_id: int, *, by: str) -> ConfirmedRun:
        """Apply a held run to the gaps, exactly as if it had not been held.

        The run keeps its id, its files and its counts; the lifecycle is applied now (gaps
        it no longer shows are fixed now). The account managers its pulls found become the
        owners of clients nobody has given one, first. Logged as ``confirm_run``.

        Args:
            run_id: the held run.
            by: who confirms it.

        Returns:
            What applying it did, and its gaps and unmapped products.

        Raises:
            NotFound: no run was held with this id.
            Conflict: it was already confirmed or discarded, a later run was applied
                since (its data is older than what the store holds now), or it was held
                under an older client key version (:mod:`recon.store._rekey`).
        """
        by = who(by)
        with self._write() as db:
            row = _row(db, run_id)
            _still_held(db, row)
            later = db.conn.execute("SELECT max(id) FROM runs").fetchone()[0]
            if later is not None and int(later) > run_id:
                raise Conflict(
                    f"run {later} was applied after run {run_id} was held, so run {run_id}'s "
                    "data is older than what is stored now; discard it "
                    f"(recon runs discard {run_id}) and reconcile again if needed"
                )
            payload = from_json(row["payload"])
            keyed_with = payload.get(KEY_VERSION_FIELD, CLIENT_KEY_VERSION)
            if keyed_with != CLIENT_KEY_VERSION:
                raise Conflict(
                    f"run {run_id} was held before this version changed how client names "
                    "are keyed, so its gaps name clients the store no longer knows by those "
                    f"keys; discard it (recon runs discard {run_id}) and reconcile the same "
                    "files again"
                )
            figures = RunFigures.from_json(from_json(row["figures"]))
            facts = RunFacts.from_json(from_json(row["facts"]))
            gaps = tuple(_gap_from_json(g) for g in payload["gaps"])
            seats = [
                (str(ck), str(pk), str(c), str(p), int(v), int(q))
                for ck, pk, c, p, v, q in payload["seats"]
            ]
            now = self._now()
            # What the run's pulls said about account managers becomes owners first, so the
            # run matches them and its alerts reach them, as if it had never been held.
            for source, managers in sorted(payload.get("account_managers", {}).items()):
                offer_owners(db, managers, by=who(source), at=to_db(now))
            insert_run(
                db,
                run_id,
                at=now,
                source=row["source"],
                by=row["caused_by"],
                figures=figures,
                facts=facts,
            )
            scope = None if payload["scope"] is None else _scope_from_json(payload["scope"])
            record = apply_run(db, run_id, now, seats, {g.key: g for g in gaps}, scope)
            db.conn.execute(
                "UPDATE held_runs SET status = 'confirmed', payload = NULL, decided_by = ?, "
                "decided_at = ? WHERE id = ?",
                (by, to_db(now), run_id),
            )
            log_run(
                db,
                record,
                action=Action.CONFIRM_RUN,
                by=by,
                source=row["source"],
                reason=f"held because {'; '.join(from_json(row['reasons']))}",
            )
            unmapped = tuple(_unmapped_from_json(u) for u in payload["unmapped"])
        return ConfirmedRun(record, gaps, unmapped)

    def discard_run(self, run_id: int, *, by: str, reason: str | None = None) -> HeldRun:
        """Drop a held run: it never changes anything. Logged as ``discard_run``.

        Args:
            run_id: the held run.
            by: who discards it.
            reason: why, for the audit log.

        Raises:
            NotFound: no run was held with this id.
            Conflict: it was already confirmed or discarded.
        """
        by = who(by)
        note = clean_text(reason)
        with self._write() as db:
            _still_held(db, _row(db, run_id))
            now = self._now()
            db.conn.execute(
                "UPDATE held_runs SET status = 'discarded', payload = NULL, decided_by = ?, "
                "decided_at = ?, note = ? WHERE id = ?",
                (by, to_db(now), note, run_id),
            )
            log_decision(
                db,
                at=now,
                by=by,
                action=Action.DISCARD_RUN,
                subject=f"run {run_id}",
                before={"status": HeldStatus.HELD.value},
                after={"status": HeldStatus.DISCARDED.value},
                reason=note,
            )
            return _held(_row(db, run_id))


def _row(db: Database, run_id: int) -> Mapping[str, Any]:
    rows = list(db.query("SELECT * FROM held_runs WHERE id = ?", [run_id]))
    if not rows:
        raise NotFound(f"no run {run_id} is or was held (recon runs list shows held runs)")
    return dict(rows[0])


def _still_held(db: Database, row: Mapping[str, Any]) -> None:
    if row["status"] == HeldStatus.HELD.value:
        return
    zone = zone_of(read_settings(db))
    when = format_local(from_db(row["decided_at"]), zone) if row["decided_at"] else "earlier"
    raise Conflict(f"run {row['id']} was already {row['status']} by {row['decided_by']} at {when}")


def _held(row: Mapping[str, Any]) -> HeldRun:
    facts = RunFacts.from_json(from_json(row["facts"]))
    return HeldRun(
        run_id=int(row["id"]),
        at=from_db(row["at"]),
        source=row["source"],
        by=row["caused_by"],
        status=HeldStatus(row["status"]),
        reasons=tuple(from_json(row["reasons"])),
        files=facts.run_files(),
        gap_count=int(row["gap_count"]),
        under_billed=Decimal(row["under_billed"]),
        over_billed=Decimal(row["over_billed"]),
        decided_by=row["decided_by"],
        decided_at=from_db(row["decided_at"]) if row["decided_at"] else None,
        note=row["note"],
    )


def _gap_json(gap: Gap) -> dict[str, Any]:
    """A held gap as JSON: its record's stored fields, written as in the ``gaps`` table."""
    return observation(gap)


def _gap_from_json(data: Mapping[str, Any]) -> Gap:
    return Gap(**observed(data))


def _scope_json(scope: RunScope) -> dict[str, Any]:
    return {
        "products": sorted(scope.products),
        "undecided_clients": sorted(scope.undecided_clients),
    }


def _scope_from_json(data: Mapping[str, Any]) -> RunScope:
    return RunScope(
        products=frozenset(data["products"]),
        undecided_clients=frozenset(data["undecided_clients"]),
    )


def _unmapped_json(item: UnmappedProduct) -> dict[str, Any]:
    return {
        "psa_product": item.psa_product,
        "product_key": item.product_key,
        "clients": item.clients,
        "seats": dec_text(item.seats),
        "monthly_billed": dec_text(item.monthly_billed),
    }


def _unmapped_from_json(data: Mapping[str, Any]) -> UnmappedProduct:
    return UnmappedProduct(
        psa_product=str(data["psa_product"]),
        product_key=str(data["product_key"]),
        clients=int(data["clients"]),
        seats=Decimal(data["seats"]),
        monthly_billed=Decimal(data["monthly_billed"]),
    )
