"""Gaps of a family (one organisation billed as several PSA companies) name its companies.

The family's seats are compared summed (:mod:`recon.match.tenant_sites`), so its gaps are
shown under its first PSA company; a billing lead fixing one needs to know which companies
the seats were summed over, the one to bill being any of them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from recon.match.clients import shown_key
from recon.match.names import ClientName
from recon.match.tenant_sites import Family
from recon.model import Gap


def name_families(
    gaps: Sequence[Gap], families: Sequence[Family], psa: Sequence[ClientName]
) -> tuple[Gap, ...]:
    """``gaps`` with each family gap's reason naming the companies its seats sum.

    Args:
        gaps: the comparison's gaps.
        families: the families compared as one.
        psa: every PSA client (for the names as written).
    """
    names = {c.identity: c.name for c in psa}
    summed: dict[str, str] = {}
    for family in families:
        companies = [names[p] for p in family.psa if p in names]
        if len(companies) > 1:
            summed[shown_key(family.psa[0])] = " + ".join(companies)
    if not summed:
        return tuple(gaps)
    return tuple(
        dataclasses.replace(g, why=f"{g.why}; seats summed over {summed[g.client_key]}")
        if g.client_key in summed
        else g
        for g in gaps
    )
