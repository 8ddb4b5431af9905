"""From hits to anomalies: merge sides, roll vanished series up to clients and products,
attach the recent numbers and a money estimate, and rank."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from recon.anomaly import _explain as text
from recon.anomaly._calendar import choose_period, from_days, to_days
from recon.anomaly._grid import Grid, build_grid
from recon.anomaly._model import (
    EVERYTHING,
    RUN_AT,
    SEVERITY,
    Anomaly,
    AnomalyRule,
    AnomalySettings,
    Bands,
    Period,
    Severity,
)
from recon.anomaly._rules import Hit, all_hits, other
from recon.catalog import load_catalog
from recon.model import QTY_SCALE, Gap, Side, UnmappedProduct
from recon.money import cents

Prices = Mapping[tuple[str, str], Decimal]


@dataclass(frozen=True, slots=True)
class _Shown:
    """The recent period values an anomaly shows: runs, labels, both sides."""

    run_ids: tuple[int, ...]
    labels: tuple[str, ...]
    vendor: tuple[Decimal, ...]
    psa: tuple[Decimal, ...]


_RANK = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}
_MONTHLY = frozenset({AnomalyRule.GROWTH_STOPPED, AnomalyRule.ERRATIC})
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
    period: Period | None = None,
) -> list[Anomaly]:
    """Find the anomalies of the latest run in a seat-history frame.

    Each series is resampled to calendar periods (see :mod:`recon.anomaly._calendar`), then
    the rules run vectorised over every series (numpy over a series x period grid); Python
    work is done only for the series a rule flags. See :mod:`recon.anomaly` for the rules.

    Args:
        history: one row per run and (client, product): :data:`RUN_ID`, :data:`RUN_AT` and
            :attr:`~recon.model.SeatCol.ALL`, quantities in milli-seats. The highest run id
            is "now"; :meth:`Store.seat_history_frame` returns this frame.
        prices: (client key, product key) -> unit price per seat per month (default none:
            money stays None); see :func:`prices_from_gaps`.
        unmapped: the latest run's unmapped PSA products, to notice a product the vendor
            export stopped carrying (default none).
        settings: thresholds (default :class:`AnomalySettings`).
        period: the period that fits the runs (default: judged from the frame's run times;
            :func:`plan_history` judges it from every run, before thinning).

    Returns:
        Anomalies, high severity first, then most money, then most seats.

    Example::

        plan = plan_history(store.run_stamps())
        frame = store.seat_history_frame(run_ids=plan.run_ids)
        found = detect_anomalies(frame, prices=prices_from_gaps(gaps), period=plan.period)
    """
    cfg = settings or AnomalySettings()
    if history.empty:
        return []
    if period is None:
        period = choose_period(np.unique(to_days(history[RUN_AT])), cfg)
    grid = build_grid(history, period, cfg)
    months = (
        grid if period is Period.MONTH else build_grid(history, Period.MONTH, cfg, calendar=True)
    )
    hits = all_hits(grid, months, seat_based(grid), unmapped, cfg)
    builder = _Builder(grid, months, prices or {}, cfg)
    found = builder.rollups([h for h in hits if h.rule is AnomalyRule.VANISHED])
    by_series: dict[tuple[AnomalyRule, int], list[Hit]] = defaultdict(list)
    for hit in hits:
        if hit.row >= 0 and (hit.rule, hit.row) not in builder.rolled_up:
            by_series[(hit.rule, hit.row)].append(hit)
    found += [builder.series(rule, row, group) for (rule, row), group in by_series.items()]
    return sorted(found, key=_order)


def seat_based(grid: Grid) -> np.ndarray:
    """Per row: is the product counted in seats? Not a catalogue product the catalogue says
    is consumption (Azure plan, extra storage), nor one with fractional quantities now."""
    catalog = load_catalog()
    codes, keys = pd.factorize(grid.product_key)
    counted = np.array(
        [
            not (
                isinstance(key, str)
                and key.startswith("cat:")
                and (found := catalog.get(key[4:])) is not None
                and not found.seat_based
            )
            for key in keys
        ],
        dtype=bool,
    )
    rows = counted[codes] if len(keys) else np.zeros(len(codes), dtype=bool)
    whole = (np.nan_to_num(grid.vendor[:, -1]) % QTY_SCALE == 0) & (
        np.nan_to_num(grid.psa[:, -1]) % QTY_SCALE == 0
    )
    counted_now: np.ndarray = rows & whole
    return counted_now


def _order(a: Anomaly) -> tuple[Any, ...]:
    money = a.money_at_stake if a.money_at_stake is not None else Decimal(-1)
    return (_RANK[a.severity], -money, -a.seats, a.client, a.product, a.rule.value)


class _Builder:
    """Turns hits into anomalies against one grid and its month view."""

    def __init__(self, grid: Grid, months: Grid, prices: Prices, cfg: AnomalySettings) -> None:
        self.grid = grid
        self.months = months
        self.prices = prices
        self.cfg = cfg
        self.rolled_up: set[tuple[AnomalyRule, int]] = set()

    def _price(self, row: int) -> Decimal | None:
        return self.prices.get((self.grid.client_key[row], self.grid.product_key[row]))

    def _shown(self, view: Grid, row: int, since: float = float("inf")) -> _Shown:
        # At least the latest periods, and back to the one before the pattern started.
        back = int(np.sum(view.at[row] >= since - 1e-9)) + 1
        cols = view.shown(row, max(self.cfg.shown_periods, back))
        return _Shown(
            tuple(int(r) for r in view.runs[row, cols]),
            tuple(str(view.labels[c]) for c in view.cols[row, cols]),
            tuple(text.seats(v) for v in view.vendor[row, cols]),
            tuple(text.seats(v) for v in view.psa[row, cols]),
        )

    def series(self, rule: AnomalyRule, row: int, hits: Sequence[Hit]) -> Anomaly:
        """One (client, product) anomaly from the hits of one rule (one or both sides)."""
        hits = sorted(hits, key=lambda h: h.side is not Side.VENDOR)
        g = self.grid
        view = self.months if rule in _MONTHLY else g
        period = view.period.value
        sentences: list[str] = []
        usual: list[str] = []
        involved = 0.0
        started = float("inf")
        bands: dict[str, tuple[Decimal, Decimal]] = {}
        for hit in hits:
            sides = [h.side for h in hits if h.facts == hit.facts] if len(hits) > 1 else [hit.side]
            said = len(sides) > 1 and hit.side is not sides[0]  # told with the first side
            lead = "" if len(sides) == len(hits) else f"{hit.side.value}: "
            if rule is AnomalyRule.GROWTH_STOPPED:
                sentences += [] if said else [text.growth_stopped(sides, hit.facts)]
                usual += [] if said else [lead + text.growth_usual(hit.facts)]
                involved = max(involved, hit.facts["usual_rise"])
                started = min(started, hit.facts["last_rise"])
            elif rule is AnomalyRule.ERRATIC:
                shown = hit.facts["shown"]
                product = str(g.product[row])
                sentences += [] if said else [text.erratic(sides, hit.facts, shown, product)]
                usual += [] if said else [lead + text.erratic_usual(hit.facts, product)]
                involved = max(involved, hit.facts["swing"])
                started = min(started, hit.facts["started"])
                bands[hit.side.value] = (text.seats(min(shown)), text.seats(max(shown)))
            elif rule is AnomalyRule.ONE_SIDED_JUMP:
                sentences.append(text.one_sided_jump(hit.side, hit.facts, period))
                usual.append(
                    f"{hit.side.value} {text.jump_usual(hit.facts, period)}; a jump is "
                    f"{text.short(hit.facts['jump_at'])} seats or more"
                )
                involved = max(involved, hit.facts["gap_now"] - hit.facts["gap_before"])
                started = min(started, hit.facts["started"])
            else:
                sentences.append(text.vanished(g.product[row], hit.side, hit.facts, period))
                sentences.append(text.why_vanished(hit.side))
                involved = hit.facts["other_now"]
                started = min(started, hit.facts["started"])
        if rule in _HINTS:
            sentences.append(_HINTS[rule])
        shown_values = self._shown(
            view, row, started if rule is AnomalyRule.ONE_SIDED_JUMP else float("inf")
        )
        for side, values in ((Side.VENDOR, shown_values.vendor), (Side.PSA, shown_values.psa)):
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
            run_ids=shown_values.run_ids,
            vendor_seats=shown_values.vendor,
            psa_seats=shown_values.psa,
            seats=seats,
            unit_price=price,
            money_at_stake=None if price is None else cents(seats * price),
            details=_details(hits, int(view.count[row])),
            period=view.period,
            periods=shown_values.labels,
            usual="; ".join(usual),
            since=from_days(started) if started != float("inf") else None,
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
        periods = text.plural(runs, g.period.value)
        before = sum(h.facts["before"] for h in group)
        other_now = float(np.nansum(g.seats(other(side))[members, -1]))
        priced = [(h, self._price(h.row)) for h in group]
        known = [cents(text.seats(h.facts["other_now"]) * p) for h, p in priced if p is not None]
        if whole == "client":
            sentence = text.client_gone(
                str(g.client[first]), side, periods, len(group), before, other_now
            )
            what = "products"
        else:
            sentence = text.product_gone(
                str(g.product[first]), side, periods, len(group), before, other_now
            )
            what = "clients"
        sentence += " " + text.why_vanished(side)
        if known and len(known) < len(group):
            sentence += text.partly_priced(len(known), len(group), what)
        cols = np.flatnonzero((~np.isnan(g.raw_vendor[members])).any(axis=0))[
            -self.cfg.shown_periods :
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
            cols=cols,
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
            item.psa_product,
            text.plural(hit.facts["runs"], g.period.value),
            hit.facts["before"],
            item.seats,
            item.clients,
        )
        return self._whole(
            AnomalyRule.VANISHED,
            client=None,
            product=(item.product_key, item.psa_product),
            side=Side.VENDOR,
            explanation=f"{explanation} {text.why_vanished(Side.VENDOR)}",
            cols=np.asarray(cols),
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
        cols: np.ndarray,
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
            run_ids=tuple(int(r) for r in self.grid.column_run[cols]),
            vendor_seats=vendor_seats,
            psa_seats=psa_seats,
            seats=seats,
            unit_price=unit_price,
            money_at_stake=money,
            details=details,
            period=self.grid.period,
            periods=tuple(str(label) for label in self.grid.labels[cols]),
            since=from_days(self.grid.now),
            bands=bands,
        )


def _details(hits: Sequence[Hit], periods: int) -> dict[str, Any]:
    """The rule's numbers per side, in seats, for JSON and for people who want to check."""
    out: dict[str, Any] = {"history_periods": periods}
    for hit in hits:
        out[hit.side.value] = {key: _fact(key, value) for key, value in hit.facts.items()}
    return out


def _fact(key: str, value: Any) -> Any:
    """A rule's number for JSON: a count, days, a date, a share, a word, or seats."""
    if key in _FLAGS:
        return bool(value)
    if key in _COUNTS:
        return int(value)
    if key in _DAYS:
        return round(float(value), 1)
    if key in _DATES:
        return from_days(value).date().isoformat()
    if key in _SHARES:
        return round(float(value), 4)
    if isinstance(value, str):
        return value
    if isinstance(value, tuple):
        return [float(text.seats(v)) for v in value]
    return float(text.seats(value))


_FLAGS = {"latest"}
_COUNTS = {
    "rises",
    "months",
    "moves",
    "window",
    "runs",
    "population_changes",
    "population_series",
}
_DAYS = {"usual_gap_days", "stall_days", "stall_after_days"}
_DATES = {"last_rise", "started"}
_SHARES = {"population_share"}
