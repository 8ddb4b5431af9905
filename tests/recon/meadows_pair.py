"""One client under two names no name rule pairs, "Northern Meadows Technologies" (vendor) and
"The No Meaadows" (PSA), beside filler clients matched by name: the shared pieces of the
leftovers and identical-lines tests."""

from __future__ import annotations

VENDOR_NAME = "Northern Meadows Technologies"
PSA_NAME = "The No Meaadows"
BP = "Microsoft 365 Business Premium"
VISIO = "Visio Plan 2"
PBI = "Power BI Pro"
EXO = "Exchange Online (Plan 1)"
TEAMS = "Microsoft Teams Essentials"
#: Names of fillers, none close to the pair's names or to each other's.
FILLER_NAMES = [
    f"{first} {last}"
    for first in ("Amber", "Birch", "Cobalt", "Delta")
    for last in (
        "Farms",
        "Bakery",
        "Plumbing",
        "Roofing",
        "Dental",
        "Florist",
        "Motors",
        "Realty",
        "Tailors",
        "Optics",
    )
]
#: A line: client, product, seats, unit price.
Row = tuple[str, str, int, str]


def rows(client: str, lines: list[tuple[str, int]], price: str) -> list[Row]:
    """The client's lines, one row per (product, seats), at one unit price."""
    return [(client, product, seats, price) for product, seats in lines]
