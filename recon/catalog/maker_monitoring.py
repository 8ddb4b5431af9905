"""A managed security product written with what its maker does: "Huntress M365 Monitoring".

Some makers sell a watch, not software. Huntress names every product it sells "Managed ..."
(Managed EDR, Managed ITDR, Managed SAT: huntress.com/platform), and its Microsoft 365 product
is its own SOC watching the tenant around the clock ("Huntress Managed Identity Threat
Detection and Response (ITDR, formerly MDR for Microsoft 365)", support.huntress.io); MDR
products in general (Sophos MDR, SentinelOne Vigilance, CrowdStrike Falcon Complete) are the
maker's 24/7 monitoring by definition. An MSP that bills "Huntress M365 Monitoring" bills that
product: the monitoring is the maker's, so the word says what the product does.

A text that names no product is still the MSP's own service ("Backup Monitoring", "RMM
Monitoring & Patching"), and so is a monitoring word beside a product that is not a managed
service ("Keeper Business Monitoring": Keeper sells a password vault, the MSP watches it):
only a product whose own name or kind says it is managed ("Managed", MDR, ITDR), read by a
name of its own and never by a brand guess, is read through the word.
"""

from __future__ import annotations

import re

#: The words that say a watch is kept ("Monitoring", "Monitored", "24/7 Monitor").
MONITOR_WORDS = frozenset({"monitoring", "monitored", "monitor"})

#: Kinds (products.csv ``family``) that are a maker's managed detection and response.
MANAGED_KINDS = frozenset({"mdr", "itdr"})

_WORD = re.compile(r"[A-Za-z0-9]+")


def without_monitoring(name: str) -> str | None:
    """The name with its monitoring words taken out, or None when it has none.

    Args:
        name: a product name as written ("Huntress M365 Monitoring - M2M").

    Returns:
        The rest, spaces tidied ("Huntress M365 - M2M"), or None when no monitoring word
        is in the name or nothing else is.
    """
    found = [m for m in _WORD.finditer(name) if m.group().casefold() in MONITOR_WORDS]
    if not found:
        return None
    rest = name
    for match in reversed(found):
        rest = rest[: match.start()] + " " + rest[match.end() :]
    rest = " ".join(rest.split()).strip(" -,:;|/")
    return rest or None


def is_managed(product_name: str, family: str) -> bool:
    """True when a catalogued product is its maker's managed service: its current name says
    "Managed" (Huntress Managed ITDR) or its kind is managed detection and response."""
    words = {w.casefold() for w in _WORD.findall(product_name)}
    return "managed" in words or family.strip().casefold() in MANAGED_KINDS
