"""Seat history: each run's reconciled seats per (client, product), both sides."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from recon.errors import NotFound, UsageError
from recon.money import qty_from_milli
from recon.store._base import StoreBase
from recon.store._clients import resolve_client
from recon.store._records import Outcome, SeatHistoryRow
from recon.store._time import from_db, to_db

#: What a run did to the gaps it showed as open (the rest were quiet or fixed).
_SHOWN_OPEN = (Outcome.NEW, Outcome.GREW, Outcome.CHANGED, Outcome.REOPENED, Outcome.STILL_OPEN)


class HistoryMixin(StoreBase):
    """Seat history reads."""

    def history(
        self,
        *,
        client: str | None = None,
        product: str | None = None,
        runs: int | None = None,
    ) -> list[SeatHistoryRow]:
        """Seats per run for each (client, product), by client, product, then run.

        Args:
            client: only this client (a name or part of one, see :meth:`resolve_client`).
            product: only products whose name contains this text (case-insensitive), or
                whose product key is exactly this.
            runs: only the latest N runs (default: all).

        Raises:
            UsageError: ``runs`` below 1.
            NotFound: no client, or no product, matches.
            Ambiguous: several clients match ``client``.
        """
        where: list[str] = []
        params: list[Any] = []
        with self._read() as db:
            if client is not None:
                where.append("c.client_key = ?")
                params.append(resolve_client(db, client))
            if product is not None:
                text = product.strip()
                match = "(p.product_key = ? OR instr(lower(p.name), ?) > 0)"
                hit = db.conn.execute(
                    f"SELECT 1 FROM products p WHERE {match} LIMIT 1", (text, text.casefold())
                ).fetchone()
                if not text or hit is None:
                    raise NotFound(f"no product in the seat history matches {product!r}")
                where.append(match)
                params += [text, text.casefold()]
            if runs is not None:
                if runs < 1:
                    raise UsageError(f"runs must be 1 or more, not {runs}")
                where.append("s.run_id IN (SELECT id FROM runs ORDER BY id DESC LIMIT ?)")
                params.append(runs)
            sql = (
                "SELECT s.run_id, r.at, c.client_key, c.name AS client, p.product_key, "
                "p.name AS product, s.vendor_qty_milli, s.psa_qty_milli FROM seat_history s "
                "JOIN runs r ON r.id = s.run_id JOIN clients c ON c.id = s.client_id "
                "JOIN products p ON p.id = s.product_id"
                + (f" WHERE {' AND '.join(where)}" if where else "")
                + " ORDER BY c.name, p.name, s.run_id"
            )
            return [
                SeatHistoryRow(
                    run_id=row["run_id"],
                    at=from_db(row["at"]),
                    client_key=row["client_key"],
                    client=row["client"],
                    product_key=row["product_key"],
                    product=row["product"],
                    vendor_qty=qty_from_milli(row["vendor_qty_milli"]),
                    psa_qty=qty_from_milli(row["psa_qty_milli"]),
                )
                for row in db.query(sql, params)
            ]

    def client_names(self) -> list[str]:
        """Every client name runs have shown, by name (for suggestions)."""
        with self._read() as db:
            return [row[0] for row in db.conn.execute("SELECT name FROM clients ORDER BY name")]

    def product_choices(self) -> list[tuple[str, str]]:
        """Every product runs have shown, as (component value, name), by name.

        The value is the catalogue id for catalogue products, else the name: exactly what a
        bundle definition or a product alias accepts.
        """
        with self._read() as db:
            rows = db.conn.execute("SELECT product_key, name FROM products ORDER BY name")
            return [
                (key.removeprefix("cat:") if key.startswith("cat:") else name, name)
                for key, name in rows
            ]

    def psa_client_names(self) -> list[str]:
        """The PSA clients of the latest run (those billed for anything), by name.

        Used to explain a vendor name's match without re-reading the exports.
        """
        with self._read() as db:
            rows = db.conn.execute(
                "SELECT DISTINCT c.name FROM seat_history s JOIN clients c ON c.id = s.client_id "
                "WHERE s.run_id = (SELECT max(id) FROM runs) AND s.psa_qty_milli != 0 "
                "ORDER BY c.name"
            ).fetchall()
        return [name for (name,) in rows]

    def leakage_by_run(
        self, *, since: datetime | None = None
    ) -> list[tuple[datetime, Decimal, Decimal]]:
        """Per run: when, the money leaking per month, and the refund risk per month.

        Counts the gaps each run showed as open (new, grew, changed, reopened, still open);
        quiet ones (accepted, snoozed, resolved within grace) and fixed ones don't count.

        Args:
            since: only runs at or after this time (default: all).
        """
        shown_open = [o.value for o in _SHOWN_OPEN]
        sql = (
            "SELECT r.at, rg.monthly_impact FROM runs r LEFT JOIN run_gaps rg ON rg.run_id = r.id "
            f"AND rg.outcome IN ({', '.join('?' * len(shown_open))})"
        )
        params: list[Any] = [*shown_open]
        if since is not None:
            sql += " WHERE r.at >= ?"
            params.append(to_db(since))
        totals: dict[str, list[Decimal]] = {}
        with self._read() as db:
            for at, impact in db.conn.execute(sql + " ORDER BY r.id", params):
                pair = totals.setdefault(at, [Decimal(0), Decimal(0)])
                if impact is not None:
                    value = Decimal(impact)
                    pair[0 if value > 0 else 1] += abs(value)
        return [(from_db(at), leak, refund) for at, (leak, refund) in totals.items()]
