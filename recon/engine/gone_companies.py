"""A vendor customer named as a PSA company billed only stopped lines: that company's client.

The PSA-side twin of :mod:`recon.engine.gone_names`. A PSA company whose every line is
cancelled or ended (:mod:`recon.formats.gone_companies`) adds no client, so the vendor
customer of its very name was left with no PSA company: each product it buys was "missing
in PSA" at a customer with "no PSA client close enough". That much is right (nothing is
billed under that company). But the family step weighs only paired clients as parents, so a
subsidiary the MSP bills as a company of its own beside it ("Bay Staffing" beside the
cancelled "Bay Prairie Pools and Spas": ConnectWise's separate companies per location, each
paying its own, visionary360.com "When to use sites vs separate companies in ConnectWise
Manage"; Autotask's sub-organizations billed individually, Autotask help "Invoicing
sub-organization items to a parent organization") showed its seats as "billed, not bought"
beside the customer's "bought, not billed", one family's seats as two gaps.

Here such a customer is read as that company's client: its gaps name the company as the PSA
client (the seats and the money unchanged, its reason saying the company bills only stopped
lines), so the family rules weigh it as any parent whose company bills none of a product. The
names must be the same client key (case, punctuation, abbreviations and legal form set aside,
the matcher's first step).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from recon.model import Gap, GapKind
from recon.normalize import client_key

#: The reason's client part, where the customer is read as a stopped company's.
REASON = "client: PSA company {name!r} of the same name bills only cancelled or ended lines"


def pair_gone(
    gaps: Sequence[Gap],
    lone_vendor: Iterable[str],
    gone: Iterable[str],
) -> tuple[tuple[Gap, ...], set[str]]:
    """The gaps with each lone vendor customer named as a stopped PSA company its client,
    and the customers so paired.

    Args:
        gaps: the comparison's gaps.
        lone_vendor: vendor customers (as written) with no PSA company.
        gone: PSA companies (as written) billed only stopped lines (none bills a seat, so
            none is a paired client's; two spellings of one key name one client).
    """
    company = {key: name for name in sorted(gone) if (key := client_key(name))}
    paired = {v: company[k] for v in lone_vendor if (k := client_key(v)) in company}
    if not paired:
        return tuple(gaps), set()  # the caller's tuple itself: no copy of 100,000 gaps
    out = []
    for gap in gaps:
        name = paired.get(gap.vendor_client or "")
        if name is None or gap.psa_client is not None or gap.kind is not GapKind.MISSING_IN_PSA:
            out.append(gap)
            continue
        out.append(dataclasses.replace(gap, psa_client=name, why=_reason(gap.why, name)))
    return tuple(out), set(paired)


def _reason(why: str, company: str) -> str:
    """``why`` with its client part saying the company bills only stopped lines."""
    head, sep, rest = why.partition("; ")
    if not head.startswith("client:"):
        return why
    return REASON.format(name=company) + sep + rest
