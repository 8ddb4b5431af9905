"""Would a careful person believe this run? The guard between a reconciliation and memory.

A run closes every stored gap it no longer shows and counts its money as recovered. So an
input that is empty or much smaller than last time (a failed export, a filter left on, the
wrong file) must not reach the gap lifecycle. :func:`judge` compares a run's figures with
the last run of the same *bundle* (the same vendor and PSA formats or sources) and returns
the reasons to hold it; an empty tuple means it may be applied.

Held when, on either side:

- there are no data rows at all;
- the clients, the lines or the monthly money fell by more than ``max_drop`` (default 30 %)
  since the last run of the bundle.

Pure: figures in, reasons out. Figures are taken from the canonical lines
(:func:`side_figures`), so a file and an API pull of the same data compare alike.

Example::

    figures = RunFigures(side_figures(vendor_lines), side_figures(psa_lines))
    reasons = judge(figures, previous=store.last_figures(figures.bundle))
    if reasons:
        ...  # hold: show the result, change nothing, let an admin confirm or discard
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from recon.model import MONEY_SCALE, QTY_SCALE, Col, LineSet, Side
from recon.money import format_money

#: The share a side may lose since the last run of its bundle before the run is held.
DEFAULT_MAX_DROP = Decimal("0.30")
_SCALE = Decimal(QTY_SCALE * MONEY_SCALE)


@dataclass(frozen=True, slots=True)
class SideFigures:
    """The size of one side of a run, as the guard compares it.

    Attributes:
        format_name: the side's format or source (``connectwise``, ``pax8_api``).
        rows: data rows that became lines.
        clients: distinct client names.
        money: monthly money of the lines with a known price (seats x unit price); None
            when unknown (runs recorded before the guard existed).
    """

    format_name: str
    rows: int
    clients: int
    money: Decimal | None

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict (money as exact text)."""
        return {
            "format": self.format_name,
            "rows": self.rows,
            "clients": self.clients,
            "money": None if self.money is None else str(self.money),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SideFigures:
        """Back from :meth:`as_json`."""
        money = data.get("money")
        return cls(
            format_name=str(data["format"]),
            rows=int(data["rows"]),
            clients=int(data["clients"]),
            money=None if money is None else Decimal(str(money)),
        )


@dataclass(frozen=True, slots=True)
class RunFigures:
    """Both sides' figures; ``bundle`` says which earlier runs are comparable."""

    vendor: SideFigures
    psa: SideFigures

    @property
    def bundle(self) -> str:
        """The pair of formats or sources (``vendor:pax8_subscriptions+psa:connectwise``)."""
        return f"vendor:{self.vendor.format_name}+psa:{self.psa.format_name}"

    def side(self, side: Side) -> SideFigures:
        """One side's figures."""
        return self.vendor if side is Side.VENDOR else self.psa

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"vendor": self.vendor.as_json(), "psa": self.psa.as_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunFigures:
        """Back from :meth:`as_json`."""
        return cls(SideFigures.from_json(data["vendor"]), SideFigures.from_json(data["psa"]))


def side_figures(lines: LineSet) -> SideFigures:
    """Rows, clients and monthly money of one side's canonical lines.

    Money is exact: quantities are summed per distinct unit price (int64 milli-seats) and
    each sum is multiplied by its price as a Python integer, so nothing overflows. Ended
    subscriptions kept only as evidence are not rows the file bills: left out.
    """
    frame = lines.billable
    priced = frame[frame[Col.UNIT].notna()]
    total = 0
    if len(priced):
        per_price = priced.groupby(Col.UNIT, sort=False)[Col.QTY].sum()
        units = per_price.index.to_numpy(dtype="int64").tolist()
        total = sum(u * q for u, q in zip(units, per_price.to_numpy().tolist(), strict=True))
    return SideFigures(
        format_name=lines.format_name,
        rows=len(frame),
        clients=int(frame[Col.CLIENT].nunique()),
        money=Decimal(total) / _SCALE,
    )


def judge(
    current: RunFigures,
    previous: RunFigures | None,
    *,
    max_drop: Decimal = DEFAULT_MAX_DROP,
    previous_run: int | None = None,
) -> tuple[str, ...]:
    """The reasons to hold a run, one sentence each; empty when it may be applied.

    Args:
        current: this run's figures.
        previous: the last applied run of the same bundle, or None (first of its kind).
        max_drop: the share a side may lose before the run is held (default 0.30).
        previous_run: that run's id, to name it in the reasons.

    Returns:
        Sentences like "the PSA side has no data rows (a failed or filtered export?)" or
        "the vendor side's clients fell 45% since run 7: 12, down from 22".
    """
    reasons: list[str] = []
    last = f"run {previous_run}" if previous_run is not None else "the last run"
    for side in Side:
        now = current.side(side)
        name = "vendor" if side is Side.VENDOR else "PSA"
        if now.rows == 0:
            reasons.append(f"the {name} side has no data rows (a failed or filtered export?)")
            continue
        if previous is None:
            continue
        before = previous.side(side)
        for what, old, new, show in (
            ("clients", before.clients, now.clients, _count),
            ("lines", before.rows, now.rows, _count),
            ("monthly money", before.money, now.money, _money),
        ):
            drop = _drop(old, new)
            if drop is not None and drop > max_drop:
                reasons.append(
                    f"the {name} side's {what} fell {_percent(drop)} since {last}: "
                    f"{show(new)}, down from {show(old)}"
                )
    return tuple(reasons)


def _drop(old: int | Decimal | None, new: int | Decimal | None) -> Decimal | None:
    if old is None or new is None or old <= 0:
        return None
    return (Decimal(old) - Decimal(new)) / Decimal(old)


def _percent(share: Decimal) -> str:
    return f"{(share * 100).quantize(Decimal(1))}%"


def _count(value: int | Decimal | None) -> str:
    return f"{int(value or 0):,}"


def _money(value: int | Decimal | None) -> str:
    return format_money(None if value is None else Decimal(value)) + "/mo"


def same_input(vendor: object, psa: object) -> bool:
    """True when both sides are the same file: identical bytes, or the same path.

    The one helper here that reads: it is called before either file is parsed, so the
    refusal names the mistake instead of whatever the vendor reader would stumble on first.
    Anything that is not bytes or a path (a source to pull) is never "the same file".

    Args:
        vendor: the vendor side as given (bytes, a path, or a source).
        psa: the PSA side as given.
    """
    if isinstance(vendor, bytes) and isinstance(psa, bytes):
        return vendor == psa
    a, b = _as_path(vendor), _as_path(psa)
    if a is None or b is None:
        return False
    try:
        if os.path.samefile(a, b):
            return True
        if not (os.path.isfile(a) and os.path.isfile(b)):
            return False
        if os.path.getsize(a) != os.path.getsize(b):
            return False
        return _digest(a) == _digest(b)
    except OSError:
        return False  # missing or unreadable: the reader says so, with the file's name


def _as_path(given: object) -> str | None:
    if isinstance(given, os.PathLike):
        path = os.fspath(given)
        return path if isinstance(path, str) else None
    return given if isinstance(given, str) else None


def _digest(path: str) -> bytes:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.digest()
