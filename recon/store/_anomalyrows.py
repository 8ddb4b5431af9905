"""Anomaly rows in and out of SQLite, and the seat history read as one frame for the rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from sqlite_utils import Database

from recon.anomaly._model import RUN_AT, RUN_ID, Anomaly, AnomalyRule, Period, Severity
from recon.model import SeatCol, Side
from recon.store._codec import dec_text, from_json, opt_dec, opt_dec_text, to_json
from recon.store._time import from_db, placed_at

#: Columns of the ``anomalies`` table, in insert order.
COLUMNS = (
    "run_id",
    "position",
    "key",
    "rule",
    "severity",
    "client_key",
    "product_key",
    "client",
    "product",
    "sides",
    "explanation",
    "numbers",
    "seats",
    "unit_price",
    "money_at_stake",
    "details",
    "bands",
    "expected",
    "note",
)


def anomaly_row(run_id: int, position: int, a: Anomaly) -> tuple[Any, ...]:
    numbers = {
        "run_ids": list(a.run_ids),
        "vendor": [dec_text(q) for q in a.vendor_seats],
        "psa": [dec_text(q) for q in a.psa_seats],
        "period": a.period.value,
        "periods": list(a.periods),
        "usual": a.usual,
        "since": None if a.since is None else a.since.isoformat(),
    }
    bands = {side: [dec_text(lo), dec_text(hi)] for side, (lo, hi) in a.bands.items()}
    return (
        run_id,
        position,
        a.key,
        a.rule.value,
        a.severity.value,
        a.client_key,
        a.product_key,
        a.client,
        a.product,
        to_json([s.value for s in a.sides]),
        a.explanation,
        to_json(numbers),
        dec_text(a.seats),
        opt_dec_text(a.unit_price),
        opt_dec_text(a.money_at_stake),
        to_json(a.details),
        to_json(bands),
        int(a.expected),
        a.note,
    )


def anomaly_from_row(row: Mapping[str, Any]) -> Anomaly:
    numbers = from_json(row["numbers"])
    return Anomaly(
        rule=AnomalyRule(row["rule"]),
        client_key=row["client_key"],
        product_key=row["product_key"],
        client=row["client"],
        product=row["product"],
        sides=tuple(Side(s) for s in from_json(row["sides"])),
        severity=Severity(row["severity"]),
        explanation=row["explanation"],
        run_ids=tuple(numbers["run_ids"]),
        vendor_seats=tuple(Decimal(q) for q in numbers["vendor"]),
        psa_seats=tuple(Decimal(q) for q in numbers["psa"]),
        seats=Decimal(row["seats"]),
        unit_price=opt_dec(row["unit_price"]),
        money_at_stake=opt_dec(row["money_at_stake"]),
        details=from_json(row["details"]),
        period=Period(numbers.get("period", Period.MONTH.value)),
        periods=tuple(numbers.get("periods", ())),
        usual=numbers.get("usual", ""),
        since=None if numbers.get("since") is None else datetime.fromisoformat(numbers["since"]),
        bands=bands_from_json(from_json(row["bands"])),
        expected=bool(row["expected"]),
        note=row["note"],
    )


def bands_from_json(data: Mapping[str, list[str]]) -> dict[str, tuple[Decimal, Decimal]]:
    return {side: (Decimal(lo), Decimal(hi)) for side, (lo, hi) in data.items()}


def history_frame(db: Database, run_ids: Iterable[int]) -> pd.DataFrame:
    """Seat rows of these runs (unknown ids are skipped), with each run's time on the
    calendar (:func:`placed_at`), integer reads and categorical names."""
    wanted = sorted(set(run_ids))
    times: dict[int, datetime] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        sql = f"SELECT id, {placed_at()} FROM runs WHERE id IN ({marks})"
        for run, at in db.conn.execute(sql, chunk):
            times[int(run)] = from_db(at)
    found = sorted(times)
    rows = np.concatenate([_packed_seats(db, r) for r in found] or [np.empty((0, 5), np.int64)])
    client_col = _names(db, "SELECT id, client_key, name FROM clients", rows[:, 1])
    product_col = _names(db, "SELECT id, product_key, name FROM products", rows[:, 2])
    at = pd.Series([times[r] for r in found], index=found, dtype="datetime64[us, UTC]")
    return pd.DataFrame(
        {
            RUN_ID: rows[:, 0],
            RUN_AT: at.reindex(rows[:, 0]).reset_index(drop=True),
            SeatCol.CLIENT_KEY: client_col[0],
            SeatCol.PRODUCT_KEY: product_col[0],
            SeatCol.CLIENT: client_col[1],
            SeatCol.PRODUCT: product_col[1],
            SeatCol.VENDOR_QTY: rows[:, 3],
            SeatCol.PSA_QTY: rows[:, 4],
        }
    )


#: One seat row as SQLite writes it for :func:`_packed_seats`: four 64-bit hex integers.
_PACKED_ROW = (
    "printf('%016x%016x%016x%016x', client_id, product_id, vendor_qty_milli, psa_qty_milli)"
)


def _packed_seats(db: Database, run_id: int) -> np.ndarray:
    """One run's seat rows as an (n, 5) int64 array: run, client id, product id, seats.

    A 200,000-row run read row by row costs a Python tuple per row (about 1 s per million);
    instead SQLite writes each row as fixed-width hex (two's complement, so negative
    quantities survive) and numpy reads the bytes in one go.
    """
    text = db.conn.execute(
        f"SELECT group_concat({_PACKED_ROW}, '') FROM seat_history WHERE run_id = ?", (run_id,)
    ).fetchone()[0]
    values = np.frombuffer(bytes.fromhex(text or ""), dtype=">i8").astype(np.int64)
    rows = values.reshape(-1, 4)
    return np.column_stack([np.full(len(rows), run_id, dtype=np.int64), rows])


def _names(db: Database, sql: str, ids: np.ndarray) -> tuple[pd.Categorical, pd.Categorical]:
    """(key, name) columns for integer ids, as categoricals over the table's values."""
    table = db.conn.execute(sql).fetchall()
    size = max((row[0] for row in table), default=0) + 1
    out = []
    for column in (1, 2):
        codes, uniques = pd.factorize(np.array([row[column] for row in table], dtype=object))
        lookup = np.full(size, -1, dtype=np.int64)
        lookup[[row[0] for row in table]] = codes
        out.append(pd.Categorical.from_codes(lookup[ids], categories=pd.Index(uniques)))
    return out[0], out[1]
