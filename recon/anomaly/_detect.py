"""From hits to anomalies: merge sides, roll vanished series up to clients and products,
attach the recent numbers and a money estimate, and rank."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from recon.anomaly import _explain as text
from recon.anomaly._grid import Grid, build_grid
from recon.anomaly._model import (
    EVERYTHING,
    SEVERITY,
    Anomaly,
    AnomalyRule,
    AnomalySettings,
    Bands,
    Severity,
)
from recon.anomaly._rules import Hit, all_hits, other
from recon.model import QTY_SCALE, Gap, Side, UnmappedProduct
from recon.money import cents

Prices = Mapping[tuple[str, str], Decimal]
_RANK = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}
_HINTS = {
    AnomalyRule.GROWTH_STOPPED: text.GROWTH_HINT,
    AnomalyRule.ERRATIC: text.ERRATIC_HINT,
}


def prices_from_gaps(gaps: Iterable[Gap]) -> dict[tuple[str, str], Decimal]:
    """(client key, product key) -> the run's unit price: the PSA price, else the vendor cost.

    A PSA price of zero means "included in something else", so the cost is used instead.
    Only (client, product) pairs with a gap in the run have a price: seat history keeps none.
    """
    prices: dict[tuple[str, str], Decimal] = {}
    for gap in gaps:
        price = gap.psa_unit_price or gap.vendor_unit_cost
        if price:
            prices.setdefault((gap.client_key, gap.product_key), price)
    return prices


def detect_anomalies(
    history: pd.DataFrame,
    *,
    prices: Prices | None = None,
    unmapped: Iterable[UnmappedProduct] = (),
    settings: AnomalySettings | None = None,
) -> list[Anomaly]:
    """Find the anomalies of the latest run in a seat-history frame.

    Vectorised over every series (numpy over a series x run grid); Python work is done only
    for the series a rule flags. See :mod:`recon.anomaly` for the rules.

    Args:
        history: one row per run and (client, product): :data:`RUN_ID` plus
            :attr:`~recon.model.SeatCol.ALL`, quantities in milli-seats. The highest run id
            is "now"; :meth:`Store.seat_history_frame` returns this frame.
        prices: (client key, product key) -> unit price per seat per month (default none:
            money stays None); see :func:`prices_from_gaps`.
        unmapped: the latest run's unmapped PSA products, to notice a product the vendor
            export stopped carrying (default none).
        settings: thresholds (default :class:`AnomalySettings`).

    Returns:
        Anomalies, high severity first, then most money, then most seats.

    Example::

        found = detect_anomalies(store.seat_history_frame(), prices=prices_from_gaps(gaps))
    """
    cfg = settings or AnomalySettings()
    if history.empty:
        return []
    grid = build_grid(history)
    hits = all_hits(grid, unmapped, cfg)
    builder = _Builder(grid, prices or {}, cfg)
    found = builder.rollups([h for h in hits if h.rule is AnomalyRule.VANISHED])
    by_series: dict[tuple[AnomalyRule, int], list[Hit]] = defaultdict(list)
    for hit in hits:
        if hit.row >= 0 and (hit.rule, hit.row) not in builder.rolled_up:
            by_series[(hit.rule, hit.row)].append(hit)
    found += [builder.series(rule, row, group) for (rule, row), group in by_series.items()]
    return sorted(found, key=_order)


def _order(a: Anomaly) -> tuple[Any, ...]:
    money = a.money_at_stake if a.money_at_stake is not None else Decimal(-1)
    return (_RANK[a.severity], -money, -a.seats, a.client, a.product, a.rule.value)


class _Builder:
    """Turns hits into anomalies against one grid."""

    def __init__(self, grid: Grid, prices: Prices, cfg: AnomalySettings) -> None:
        self.grid = grid
        self.prices = prices
        self.cfg = cfg
        self.rolled_up: set[tuple[AnomalyRule, int]] = set()

    def _price(self, row: int) -> Decimal | None:
        return self.prices.get((self.grid.client_key[row], self.grid.product_key[row]))

    def _shown(self, row: int) -> tuple[tuple[int, ...], tuple[Decimal, ...], tuple[Decimal, ...]]:
        g, k = self.grid, self.cfg.shown_runs
        cols = slice(-min(k, int(g.count[row])), None)
        return (
            tuple(int(r) for r in g.runs[row, cols]),
            tuple(text.seats(v) for v in g.vendor[row, cols]),
            tuple(text.seats(v) for v in g.psa[row, cols]),
        )

    def series(self, rule: AnomalyRule, row: int, hits: Sequence[Hit]) -> Anomaly:
        """One (client, product) anomaly from the hits of one rule (one or both sides)."""
        hits = sorted(hits, key=lambda h: h.side is not Side.VENDOR)
        g = self.grid
        sentences: list[str] = []
        involved = 0.0
        bands: dict[str, tuple[Decimal, Decimal]] = {}
        for hit in hits:
            sides = [h.side for h in hits if h.facts == hit.facts] if len(hits) > 1 else [hit.side]
            said = len(sides) > 1 and hit.side is not sides[0]  # told with the first side
            if rule is AnomalyRule.GROWTH_STOPPED:
                sentences += [] if said else [text.growth_stopped(sides, hit.facts)]
                involved = max(involved, hit.facts["usual_rise"])
            elif rule is AnomalyRule.ERRATIC:
                shown = hit.facts["shown"]
                sentences += [] if said else [text.erratic(sides, hit.facts, shown)]
                involved = max(involved, hit.facts["swing"])
                bands[hit.side.value] = (text.seats(min(shown)), text.seats(max(shown)))
            elif rule is AnomalyRule.ONE_SIDED_JUMP:
                sentences.append(text.one_sided_jump(hit.side, hit.facts))
                involved = max(involved, hit.facts["gap_now"] - hit.facts["gap_before"])
            else:
                sentences.append(text.vanished(g.product[row], hit.side, hit.facts))
                sentences.append(text.why_vanished(hit.side))
                involved = hit.facts["other_now"]
        if rule in _HINTS:
            sentences.append(_HINTS[rule])
        run_ids, vendor, psa = self._shown(row)
        for side, values in ((Side.VENDOR, vendor), (Side.PSA, psa)):
            low, high = bands.get(side.value, (values[-1], values[-1]))
            bands[side.value] = (low, high)
        price = self._price(row)
        seats = text.seats(involved)
        return Anomaly(
            rule=rule,
            client_key=str(g.client_key[row]),
            product_key=str(g.product_key[row]),
            client=str(g.client[row]),
            product=str(g.product[row]),
            sides=tuple(h.side for h in hits),
            severity=SEVERITY[rule],
            explanation=" ".join(sentences),
            run_ids=run_ids,
            vendor_seats=vendor,
            psa_seats=psa,
            seats=seats,
            unit_price=price,
            money_at_stake=None if price is None else cents(seats * price),
            details=_details(hits, int(g.count[row])),
            bands=bands,
        )

    def rollups(self, hits: Sequence[Hit]) -> list[Anomaly]:
        """Vanished series gathered into whole products and whole clients where they can be.

        A product gone from a side for two or more clients (no client left with seats for it
        there) is one anomaly; then a client gone from a side for two or more products (no
        seats left there at all) is one; vendor products missing from the run are one each.
        """
        g = self.grid
        out = [self._dropped_product(h) for h in hits if h.row < 0]
        for side in Side:
            rows = [h for h in hits if h.side is side and h.row >= 0]
            x_now = np.nan_to_num(g.seats(side)[:, -1])
            for attr, whole in (("product_key", "product"), ("client_key", "client")):
                if not rows:
                    break
                codes = pd.factorize(getattr(g, attr))[0]
                groups: dict[int, list[Hit]] = defaultdict(list)
                for hit in rows:
                    if (hit.rule, hit.row) not in self.rolled_up:
                        groups[int(codes[hit.row])].append(hit)
                for code, group in groups.items():
                    members = np.flatnonzero(codes == code)
                    if len(group) < 2 or x_now[members].sum() != 0:
                        continue
                    out.append(self._gone(whole, side, group, members))
                    self.rolled_up.update((h.rule, h.row) for h in group)
        return out

    def _gone(self, whole: str, side: Side, group: list[Hit], members: np.ndarray) -> Anomaly:
        g = self.grid
        first = group[0].row
        runs = min(h.facts["runs"] for h in group)
        before = sum(h.facts["before"] for h in group)
        other_now = float(np.nansum(g.seats(other(side))[members, -1]))
        priced = [(h, self._price(h.row)) for h in group]
        known = [cents(text.seats(h.facts["other_now"]) * p) for h, p in priced if p is not None]
        if whole == "client":
            sentence = text.client_gone(
                str(g.client[first]), side, runs, len(group), before, other_now
            )
            what = "products"
        else:
            sentence = text.product_gone(
                str(g.product[first]), side, runs, len(group), before, other_now
            )
            what = "clients"
        sentence += " " + text.why_vanished(side)
        if known and len(known) < len(group):
            sentence += text.partly_priced(len(known), len(group), what)
        cols = np.flatnonzero((~np.isnan(g.raw_vendor[members])).any(axis=0))[
            -self.cfg.shown_runs :
        ]
        vendor = np.nansum(g.raw_vendor[members][:, cols], axis=0)
        psa = np.nansum(g.raw_psa[members][:, cols], axis=0)
        return self._whole(
            AnomalyRule.VANISHED,
            client=(str(g.client_key[first]), str(g.client[first])) if whole == "client" else None,
            product=(str(g.product_key[first]), str(g.product[first]))
            if whole == "product"
            else None,
            side=side,
            explanation=sentence,
            run_ids=g.run_ids[cols],
            vendor=vendor,
            psa=psa,
            seats=text.seats(sum(h.facts["other_now"] for h in group)),
            unit_price=None,
            money=sum(known, Decimal(0)) if known else None,
            details={"runs": runs, "series": len(group), "priced_series": len(known)},
        )

    def _dropped_product(self, hit: Hit) -> Anomaly:
        g, item = self.grid, hit.facts["unmapped"]
        p, cols = hit.facts["product_index"], [*hit.facts["columns"], g.width - 1]
        vendor = np.nan_to_num(g.product_vendor[p, cols])
        psa = np.nan_to_num(g.product_psa[p, cols])
        psa[-1] = float(item.seats) * QTY_SCALE
        price = item.monthly_billed / item.seats if item.seats else None
        explanation = text.vendor_dropped_product(
            item.psa_product, hit.facts["runs"], hit.facts["before"], item.seats, item.clients
        )
        return self._whole(
            AnomalyRule.VANISHED,
            client=None,
            product=(item.product_key, item.psa_product),
            side=Side.VENDOR,
            explanation=f"{explanation} {text.why_vanished(Side.VENDOR)}",
            run_ids=g.run_ids[cols],
            vendor=vendor,
            psa=psa,
            seats=item.seats,
            unit_price=price,
            money=cents(item.monthly_billed),
            details={"runs": hit.facts["runs"], "clients": item.clients},
        )

    def _whole(
        self,
        rule: AnomalyRule,
        *,
        client: tuple[str, str] | None,
        product: tuple[str, str] | None,
        side: Side,
        explanation: str,
        run_ids: np.ndarray,
        vendor: np.ndarray,
        psa: np.ndarray,
        seats: Decimal,
        unit_price: Decimal | None,
        money: Decimal | None,
        details: dict[str, Any],
    ) -> Anomaly:
        vendor_seats = tuple(text.seats(v) for v in vendor)
        psa_seats = tuple(text.seats(v) for v in psa)
        bands: Bands = {
            Side.VENDOR.value: (vendor_seats[-1], vendor_seats[-1]),
            Side.PSA.value: (psa_seats[-1], psa_seats[-1]),
        }
        return Anomaly(
            rule=rule,
            client_key=client[0] if client else EVERYTHING,
            product_key=product[0] if product else EVERYTHING,
            client=client[1] if client else "all clients",
            product=product[1] if product else "all products",
            sides=(side,),
            severity=SEVERITY[rule],
            explanation=explanation,
            run_ids=tuple(int(r) for r in run_ids),
            vendor_seats=vendor_seats,
            psa_seats=psa_seats,
            seats=seats,
            unit_price=unit_price,
            money_at_stake=money,
            details=details,
            bands=bands,
        )


def _details(hits: Sequence[Hit], runs: int) -> dict[str, Any]:
    """The rule's numbers per side, in seats, for JSON and for people who want to check."""
    out: dict[str, Any] = {"history_runs": runs}
    for hit in hits:
        out[hit.side.value] = {key: _seat_fact(key, value) for key, value in hit.facts.items()}
    return out


def _seat_fact(key: str, value: Any) -> Any:
    if key in _COUNTS:
        return int(value)
    if isinstance(value, tuple):
        return [float(text.seats(v)) for v in value]
    return float(text.seats(value))


_COUNTS = {"rises", "flat_runs", "moves", "window", "runs"}
