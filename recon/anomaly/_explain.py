"""Plain-language sentences for each rule, from a hit's numbers (milli-seats in, seats out)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from recon.model import QTY_SCALE, Side
from recon.money import format_qty, qty_from_milli

_WHERE = {Side.VENDOR: "at the vendor", Side.PSA: "in the PSA"}
_EXPORT = {Side.VENDOR: "vendor", Side.PSA: "PSA"}


def where(sides: Sequence[Side]) -> str:
    """``at the vendor``, ``in the PSA``, or ``at the vendor and in the PSA``."""
    return " and ".join(_WHERE[side] for side in sides)


def seats(milli: float) -> Decimal:
    """Milli-seats from the grid as an exact seat count."""
    return qty_from_milli(round(milli))


def _n(milli: float) -> str:
    return format_qty(seats(milli))


def _about(milli: float) -> str:
    """A usual change for people: "about 1.5 seats", or "hardly moved"."""
    value = milli / QTY_SCALE
    if value < 0.05:
        return ""
    text = f"{value:.1f}".removesuffix(".0")
    return f"about {text} seat{'' if text == '1' else 's'}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def still_there(side: Side, milli: float) -> str:
    """What the other side still has: "the vendor still charges 20 seats"."""
    verb = "the vendor still charges" if side is Side.VENDOR else "the PSA still bills"
    return f"{verb} {_n(milli)} seat{'' if seats(milli) == 1 else 's'}"


def why_vanished(side: Side) -> str:
    """What a side going quiet usually means."""
    if side is Side.PSA:
        return (
            "Seats you pay for but no longer bill, unless the PSA export is missing them "
            "(a filter, a renamed client or agreement)."
        )
    return (
        "Billing for seats you may no longer buy, unless the vendor export is missing them "
        "(a filter, another account or distributor)."
    )


def growth_stopped(sides: Sequence[Side], facts: Mapping[str, Any]) -> str:
    """``Seats at the vendor rose in each of 5 runs (12 -> 20), but have not changed ...``."""
    return (
        f"Seats {where(sides)} rose in each of {_plural(facts['rises'], 'run')} "
        f"({_n(facts['from'])} -> {_n(facts['to'])}), but have not changed for "
        f"{_plural(facts['flat_runs'], 'run')}."
    )


GROWTH_HINT = (
    "A steady grower that stops is often a provisioning change the PSA didn't see, "
    "or a data problem."
)


def erratic(sides: Sequence[Side], facts: Mapping[str, Any], shown: Sequence[float]) -> str:
    """``Seats in the PSA swung up and down by up to 16 over the last 4 runs (20 -> 35 ...``."""
    usual = _about(facts["usual_change"])
    before = f"usually moved by {usual} a run" if usual else "hardly moved"
    return (
        f"Seats {where(sides)} swung up and down by up to {_n(facts['swing'])} over the last "
        f"{_plural(facts['window'], 'run')} ({' -> '.join(_n(v) for v in shown)}); before "
        f"that they {before}."
    )


ERRATIC_HINT = "Swings like this are often a licence-provisioning problem."


def one_sided_jump(side: Side, facts: Mapping[str, Any]) -> str:
    """``Seats at the vendor jumped from 24 to 36 (+12) in the latest run, but ...``."""
    step = seats(facts["now"]) - seats(facts["before"])
    verb = "jumped" if step > 0 else "dropped"
    other_side = Side.PSA if side is Side.VENDOR else Side.VENDOR
    if facts["other_now"] == facts["other_before"]:
        follow = f"stayed at {_n(facts['other_now'])}"
    else:
        follow = f"went from {_n(facts['other_before'])} to {_n(facts['other_now'])}"
    usual = _about(facts["usual_change"])
    before = f"usually moved by {usual} a run" if usual else "hardly moved"
    return (
        f"Seats {_WHERE[side]} {verb} from {_n(facts['before'])} to {_n(facts['now'])} "
        f"({format_qty(step, signed=True)}) in the latest run, but seats {_WHERE[other_side]} "
        f"{follow}; the difference between the sides grew from {_n(facts['gap_before'])} to "
        f"{_n(facts['gap_now'])}. Before that, seats {_WHERE[side]} {before}."
    )


def vanished(product: str, side: Side, facts: Mapping[str, Any]) -> str:
    """``Microsoft 365 E3 had seats in the PSA in each of the 5 runs before this one ...``."""
    other_side = Side.PSA if side is Side.VENDOR else Side.VENDOR
    return (
        f"{product} had seats {_WHERE[side]} in each of the {_plural(facts['runs'], 'run')} "
        f"before this one ({_n(facts['before'])} in the last of them) but has none now, while "
        f"{still_there(other_side, facts['other_now'])}."
    )


def client_gone(
    client: str, side: Side, runs: int, products: int, before: float, other_now: float
) -> str:
    """``Acme Corp is gone from the PSA export entirely: ...``."""
    other_side = Side.PSA if side is Side.VENDOR else Side.VENDOR
    return (
        f"{client} is gone from the {_EXPORT[side]} export entirely: it had seats there in "
        f"each of the {_plural(runs, 'run')} before this one ({_n(before)} across "
        f"{_plural(products, 'product')} just before), while "
        f"{still_there(other_side, other_now)}."
    )


def product_gone(
    product: str, side: Side, runs: int, clients: int, before: float, other_now: float
) -> str:
    """``Microsoft 365 E3 is gone from the PSA export for all 14 clients that had it ...``."""
    other_side = Side.PSA if side is Side.VENDOR else Side.VENDOR
    whom = "both" if clients == 2 else f"all {clients}"
    return (
        f"{product} is gone from the {_EXPORT[side]} export for {whom} clients that had it "
        f"there in each of the {_plural(runs, 'run')} before this one ({_n(before)} seats "
        f"just before), while {still_there(other_side, other_now)}."
    )


def vendor_dropped_product(
    product: str, runs: int, before: float, psa_seats: Decimal, clients: int
) -> str:
    """A product the vendor file stopped carrying while the PSA bills it (now unmapped)."""
    return (
        f"{product} is gone from the vendor export: the vendor charged for it in each of the "
        f"{_plural(runs, 'run')} that carried it ({_n(before)} seats in the last), but this "
        f"run's vendor file has no line for it, while the PSA still bills "
        f"{format_qty(psa_seats)} seats to {_plural(clients, 'client')} (listed as unmapped)."
    )


def partly_priced(priced: int, total: int, what: str) -> str:
    """A note when only some of an aggregate's series have a known price."""
    return f" Money counts the {priced} of {total} {what} with a known price."
