"""The toy pipeline of issue 16: the floor any reconciliation of two exports stands on.

Read both files, normalise client names (lower case, punctuation and a trailing legal form
removed), group by (client, product) summing quantities, outer-join the two sides and keep
the rows whose quantities differ. No fuzzy matching, no catalogue, no filtering of rows:
it is a speed floor, not a reconciliation. It runs in the fastest library installed:
DuckDB, else polars, else pandas with the pyarrow engine (``pip install -e .[bench]``).

The columns are found by header: the first of each role's names present in the file.
"""

from __future__ import annotations

import csv
import importlib.util
import time
from pathlib import Path
from typing import Any

CLIENT = ("companyName", "CustomerName", "Company Name", "Organization Name", "Customer Name")
PRODUCT = ("productName", "ProductName", "Description", "Service Name", "Product Name")
QUANTITY = ("quantity", "BillableQuantity", "Quantity", "Units")
LEGAL = r"\s+(llc|inc|incorporated|corp|corporation|co|company|ltd|limited|llp|pc|pllc|pa|lp)$"
PUNCT = r"[^a-z0-9 ]"
ENGINES = ("duckdb", "polars", "pandas")


class ToyError(Exception):
    """A file lacks a client, product or quantity column the toy knows."""


def columns(path: Path) -> tuple[str, str, str]:
    """The (client, product, quantity) column names of one export."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    found = []
    for names in (CLIENT, PRODUCT, QUANTITY):
        hit = next((n for n in names if n in header), None)
        if hit is None:
            raise ToyError(f"{path}: none of {names} in the header")
        found.append(hit)
    return found[0], found[1], found[2]


def best_engine() -> str:
    """The fastest toy engine whose library is installed."""
    for name in ("duckdb", "polars"):
        if importlib.util.find_spec(name) is not None:
            return name
    return "pandas"


def _duckdb(vendor: Path, psa: Path) -> int:
    import duckdb

    def side(path: Path) -> str:
        c, p, q = columns(path)
        return (
            f"SELECT regexp_replace(trim(regexp_replace(lower(\"{c}\"), '{PUNCT}', '', 'g')),"
            f" '{LEGAL}', '') AS client, lower(\"{p}\") AS product,"
            f' sum(TRY_CAST("{q}" AS DOUBLE)) AS qty'
            f" FROM read_csv('{path}', header=true, all_varchar=true) GROUP BY 1, 2"
        )

    con = duckdb.connect()
    row = con.execute(
        f"WITH v AS ({side(vendor)}), p AS ({side(psa)}) SELECT count(*) FROM v"
        " FULL OUTER JOIN p USING (client, product)"
        " WHERE coalesce(v.qty, 0) <> coalesce(p.qty, 0)"
    ).fetchone()
    con.close()
    return int(row[0]) if row else 0


def _polars(vendor: Path, psa: Path) -> int:
    import polars as pl

    def side(path: Path, name: str) -> Any:
        c, p, q = columns(path)
        return (
            pl.scan_csv(path, infer_schema=False)
            .select(
                pl.col(c)
                .str.to_lowercase()
                .str.replace_all(PUNCT, "")
                .str.strip_chars()
                .str.replace(LEGAL, "")
                .alias("client"),
                pl.col(p).str.to_lowercase().alias("product"),
                pl.col(q).cast(pl.Float64, strict=False).alias(name),
            )
            .group_by("client", "product")
            .agg(pl.col(name).sum())
        )

    joined = side(vendor, "v").join(
        side(psa, "p"), on=["client", "product"], how="full", coalesce=True
    )
    diff = joined.filter(pl.col("v").fill_null(0) != pl.col("p").fill_null(0))
    return int(diff.select(pl.len()).collect().item())


def _pandas(vendor: Path, psa: Path) -> int:
    import pandas as pd

    def side(path: Path, name: str) -> Any:
        c, p, q = columns(path)
        try:
            frame = pd.read_csv(path, usecols=[c, p, q], dtype=str, engine="pyarrow")
        except ImportError:  # no pyarrow: the C parser
            frame = pd.read_csv(path, usecols=[c, p, q], dtype=str)
        client = frame[c].str.lower().str.replace(PUNCT, "", regex=True).str.strip()
        out = pd.DataFrame(
            {
                "client": client.str.replace(LEGAL, "", regex=True),
                "product": frame[p].str.lower(),
                name: pd.to_numeric(frame[q], errors="coerce"),
            }
        )
        return out.groupby(["client", "product"], as_index=False, dropna=False)[name].sum()

    joined = side(vendor, "v").merge(side(psa, "p"), on=["client", "product"], how="outer")
    return int((joined["v"].fillna(0) != joined["p"].fillna(0)).sum())


def run_toy(vendor: Path, psa: Path, *, engine: str = "auto") -> dict[str, Any]:
    """Run the toy pipeline once and time it (library import excluded).

    Args:
        vendor: the vendor export.
        psa: the PSA export.
        engine: "duckdb", "polars", "pandas" or "auto" (the fastest installed).

    Returns:
        ``{"engine", "seconds", "diffs"}``.
    """
    name = best_engine() if engine == "auto" else engine
    work = {"duckdb": _duckdb, "polars": _polars, "pandas": _pandas}[name]
    __import__(name)  # import cost is not the pipeline's
    started = time.perf_counter()
    diffs = work(vendor, psa)
    return {"engine": name, "seconds": time.perf_counter() - started, "diffs": diffs}
