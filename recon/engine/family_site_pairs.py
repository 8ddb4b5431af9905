"""One question where a vendor customer named after one office is billed as a company named
after another.

An organisation's vendor customer is often named after the office that signed up ("The
Cedar Hollow Mortgage - TX", "Falcon Vista Insurance Agency Reno") while the MSP bills it
under another office's name ("The Cedar Hollow Mortgage - Fresno Office", "Falcon Vista
Insurance Agency - Spokane"). Two site labels are two offices as far as names go, so the
matcher never pairs them (:mod:`recon.match.sites` reads a different site as a different
client), and :mod:`recon.engine.family_unpaired` asks only where the customer is billed as
two to four companies. So each line showed twice: bought and "missing in PSA" at the
customer, billed and "missing in vendor" at the company (on the site families' 20,000 pair
the three such organisations carried 10 false gaps and $1,600 a month).

Here, where the lines say so, the run asks one family question ("Is The Cedar Hollow
Mortgage - Fresno Office billed for The Cedar Hollow Mortgage - TX's licences?"), as
:mod:`recon.engine.family_unpaired` asks it for several companies:

- the **names** are the same base of two words or more, each followed by a site label
  (:func:`recon.engine.family_sites.site_base`: a place, an office, a state), and no other
  lone customer or company of the run is a site of that base (one answer);
- the **lines**: every product the company bills is one the customer holds; the seats agree
  exactly on :data:`~recon.engine.family_unpaired.STRONG_AGREE` products, or on every
  product where the customer holds fewer, and within a seat or a tenth on at least half of
  the customer's products (:func:`lines_agree`).

A "no" (``recon family apart``) keeps the pair from being asked again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping

from recon.engine.family_sites import site_base
from recon.engine.family_unpaired import STRONG_AGREE, Asked, ask_one, near
from recon.model import Gap
from recon.normalize import client_key


def ask_site_pairs(
    customers: Mapping[str, Mapping[str, Gap]],
    companies: Mapping[str, Mapping[str, Gap]],
    *,
    apart: Collection[tuple[str, str]],
) -> list[Asked]:
    """The family questions of customers and companies named after two offices of one base.

    Args:
        customers: each lone vendor customer's one-sided gaps, per product key (those no
            question names).
        companies: each lone PSA company's one-sided gaps, per product key (likewise).
        apart: (vendor client key, PSA client key) pairs people said are not one
            organisation.

    Returns:
        One (question, implied gaps, held gap keys) per customer asked about.
    """
    by_base: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for customer in sorted(customers):
        if (base := site_base(client_key(customer))) is not None:
            by_base[base][0].append(customer)
    for company in sorted(companies):
        if (base := site_base(client_key(company))) is not None and base in by_base:
            by_base[base][1].append(company)
    out: list[Asked] = []
    for found, named in by_base.values():
        if len(found) != 1 or len(named) != 1:
            continue  # two offices of one base on a side: whose lines are whose is open
        customer, company = found[0], named[0]
        if client_key(customer) == client_key(company):
            continue
        if (client_key(customer), client_key(company)) in apart:
            continue
        if lines_agree(customers[customer], companies[company]):
            out.append(ask_one(customer, (company,), customers[customer], companies))
    return out


def lines_agree(customer: Mapping[str, Gap], company: Mapping[str, Gap]) -> bool:
    """True when the company bills only the customer's products, exactly on enough of them
    and near on half (the module doc)."""
    if not company or not set(company) <= set(customer):
        return False
    exact = sum(1 for p, gap in company.items() if gap.psa_qty == customer[p].vendor_qty)
    agreeing = sum(1 for p, gap in company.items() if near(customer[p].vendor_qty, gap.psa_qty))
    return exact >= min(STRONG_AGREE, len(customer)) and 2 * agreeing >= len(customer)
