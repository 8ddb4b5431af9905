"""Plain-language sentences for each rule, from a hit's numbers (milli-seats in, seats out)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from recon.anomaly._calendar import from_days
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


def short(milli: float) -> str:
    """Seats to one decimal, for thresholds: ``4.1``, ``5``."""
    return f"{milli / QTY_SCALE:.1f}".removesuffix(".0")


def _about(milli: float) -> str:
    """A usual change for people: "about 1.5 seats", or "hardly moved"."""
    value = milli / QTY_SCALE
    if value < 0.05:
        return ""
    text = f"{value:.1f}".removesuffix(".0")
    return f"about {text} seat{'' if text == '1' else 's'}"


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def plural(count: int, word: str) -> str:
    """``1 month``, ``4 months``."""
    return _plural(count, word)


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


def _days(days: float) -> str:
    whole = round(days)
    return f"{whole} day{'' if whole == 1 else 's'}"


def _date(days: float) -> str:
    return from_days(days).strftime("%Y-%m-%d")


def growth_stopped(sides: Sequence[Side], facts: Mapping[str, Any]) -> str:
    """``Seats at the vendor rose in 6 of the last 6 months (20 -> 44, about 4 a month) ...``."""
    return (
        f"Seats {where(sides)} rose in {facts['rises']} of the last "
        f"{_plural(facts['months'], 'month')} ({_n(facts['from'])} -> {_n(facts['to'])}, "
        f"{_about(facts['usual_rise'])} a month), but have not risen for "
        f"{_days(facts['stall_days'])}, since {_date(facts['last_rise'])}."
    )


def growth_usual(facts: Mapping[str, Any]) -> str:
    """What a stalled grower was expected to do: its usual rise and gap between rises."""
    return (
        f"a rise of {_about(facts['usual_rise'])} a month, one every "
        f"{_days(facts['usual_gap_days'])}; no rise for over "
        f"{_days(facts['stall_after_days'])} is news"
    )


GROWTH_HINT = (
    "A steady grower that stops is often a provisioning change the PSA didn't see, "
    "or a data problem."
)


def erratic(
    sides: Sequence[Side], facts: Mapping[str, Any], shown: Sequence[float], product: str
) -> str:
    """``Seats in the PSA swung up and down by up to 17 over the last 3 months (...) ...``."""
    return (
        f"Seats {where(sides)} swung up and down by up to {_n(facts['swing'])} over the last "
        f"{_plural(facts['window'], 'month')} ({' -> '.join(_n(v) for v in shown)}); "
        f"{erratic_usual(facts, product)}."
    )


def erratic_usual(facts: Mapping[str, Any], product: str) -> str:
    """The population's usual swing, and what counted as big here."""
    big = f"{short(facts['big_change'])} seats or more counted as big here"
    if facts["population"] == "none":
        return f"there are too few other clients to compare with yet, so {big}"
    share = facts["population_share"]
    whose = (
        f"{product} at {_plural(facts['population_series'], 'other client')}"
        if facts["population"] == "product"
        else f"{_plural(facts['population_series'], 'other series', 'other series')}"
        " (too few other clients have this product)"
    )
    if share == 0:
        return f"for {whose}, at least 9 in 10 months bring no change at all, and {big}"
    percent = f"{share:.0%}" if share >= 0.01 else f"{share:.1%}"
    size = _about(share * facts["usual_level"])
    return (
        f"for {whose}, 9 in 10 monthly changes are within {percent}"
        + (f" ({size} at this size)" if size else "")
        + f", and {big}"
    )


ERRATIC_HINT = "Swings like this are often a licence-provisioning problem."


def one_sided_jump(side: Side, facts: Mapping[str, Any], period: str) -> str:
    """``Seats at the vendor jumped from 24 to 36 (+12) in the latest run, but ...``."""
    step = seats(facts["now"]) - seats(facts["before"])
    verb = "jumped" if step > 0 else "dropped"
    other_side = Side.PSA if side is Side.VENDOR else Side.VENDOR
    if facts["other_now"] == facts["other_before"]:
        follow = f"stayed at {_n(facts['other_now'])}"
    else:
        follow = f"went from {_n(facts['other_before'])} to {_n(facts['other_now'])}"
    when = "in the latest run" if facts["latest"] else f"on {_date(facts['started'])}"
    return (
        f"Seats {_WHERE[side]} {verb} from {_n(facts['before'])} to {_n(facts['now'])} "
        f"({format_qty(step, signed=True)}) {when}, but seats {_WHERE[other_side]} "
        f"{follow}; the difference between the sides grew from {_n(facts['gap_before'])} to "
        f"{_n(facts['gap_now'])}. Before that, seats {_WHERE[side]} "
        f"{jump_usual(facts, period)}."
    )


def jump_usual(facts: Mapping[str, Any], period: str) -> str:
    """How much the side usually moved a period."""
    usual = _about(facts["usual_change"])
    return f"usually moved by {usual} a {period}" if usual else "hardly moved"


def vanished(product: str, side: Side, facts: Mapping[str, Any], period: str) -> str:
    """``Microsoft 365 E3 had seats in the PSA in each of the 5 months before this one ...``."""
    other_side = Side.PSA if side is Side.VENDOR else Side.VENDOR
    return (
        f"{product} had seats {_WHERE[side]} in each of the {_plural(facts['runs'], period)} "
        f"before this one ({_n(facts['before'])} in the last of them) but has none now, while "
        f"{still_there(other_side, facts['other_now'])}."
    )


def client_gone(
    client: str, side: Side, runs: str, products: int, before: float, other_now: float
) -> str:
    """``Acme Corp is gone from the PSA export entirely: ...``."""
    other_side = Side.PSA if side is Side.VENDOR else Side.VENDOR
    return (
        f"{client} is gone from the {_EXPORT[side]} export entirely: it had seats there in "
        f"each of the {runs} before this one ({_n(before)} across "
        f"{_plural(products, 'product')} just before), while "
        f"{still_there(other_side, other_now)}."
    )


def product_gone(
    product: str, side: Side, runs: str, clients: int, before: float, other_now: float
) -> str:
    """``Microsoft 365 E3 is gone from the PSA export for all 14 clients that had it ...``."""
    other_side = Side.PSA if side is Side.VENDOR else Side.VENDOR
    whom = "both" if clients == 2 else f"all {clients}"
    return (
        f"{product} is gone from the {_EXPORT[side]} export for {whom} clients that had it "
        f"there in each of the {runs} before this one ({_n(before)} seats "
        f"just before), while {still_there(other_side, other_now)}."
    )


def vendor_dropped_product(
    product: str, runs: str, before: float, psa_seats: Decimal, clients: int
) -> str:
    """A product the vendor file stopped carrying while the PSA bills it (now unmapped)."""
    return (
        f"{product} is gone from the vendor export: the vendor charged for it in each of the "
        f"{runs} that carried it ({_n(before)} seats in the last), but this "
        f"run's vendor file has no line for it, while the PSA still bills "
        f"{format_qty(psa_seats)} seats to {_plural(clients, 'client')} (listed as unmapped)."
    )


def partly_priced(priced: int, total: int, what: str) -> str:
    """A note when only some of an aggregate's series have a known price."""
    return f" Money counts the {priced} of {total} {what} with a known price."
