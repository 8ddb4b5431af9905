"""Which parent a lone company fits on a name: the rules :mod:`recon.engine.family_questions`
reads where the lines alone are not enough, and how fits are made unique.

A company named after its parent's whole name (:func:`recon.engine.family_names.named_after`),
or as a site of the parent's company's name (:mod:`recon.engine.family_sites`), is no
coincidence the way a first word in common is: :func:`named_fits` weighs its lines less
strictly, :func:`named_tenant_fits` the reverse (a vendor customer named as its parent's
site), and :func:`unique` lets a fit on the name outrank fits on a first word or on seats.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from recon.engine.family_names import one_word_after
from recon.engine.family_sites import site_named
from recon.engine.family_unpaired import near
from recon.model import Gap
from recon.normalize import client_key


@dataclass(frozen=True, slots=True)
class Fit:
    parent: str  # the parent's client key
    company: str  # the lone company's name as written
    lines: Mapping[str, Gap]  # product key -> the company's gap (those the parent lacks)
    named: bool = False  # named after the parent (whole name plus words, or as its site)
    alike: bool = False  # the two names begin with the same word


def named_fits(
    company: str,
    lines: Mapping[str, Gap],
    parents: Mapping[str, Mapping[str, Gap]],
    candidates: Collection[str],
    *,
    reverse: bool,
    apart: Collection[tuple[str, str]],
) -> list[Fit]:
    """Parents a company named after them (:func:`named_after`) fits on most products.

    A department billed under its parent's whole name also carries the family's real gaps:
    a product the organisation never bought, or more seats than the parent lacks. Such a line
    is no sign of another client when the name says whose department it is, so the parent
    need only be short of at least half of the company's products (of one, where a site or
    department label follows the name and the seats there are exact: :func:`_department_exact`),
    with the seats there agreeing on at least half of them, a seat or a tenth apart
    (:func:`near`), at the parent's price. Not exactly: the department's own seats moved
    too ("... Warehouse" billing 20 of the 21 seats its parent lacks is the family's
    one-seat gap, not another client). The other lines stay the company's own gaps (a "yes"
    sums them from the next run). Without the name, every product must be short and one
    exactly (:func:`_fits`): a chance product in common is common at scale.

    The reverse (``reverse``), a vendor customer named as its parent's site ("Shaffer
    Realty PA - Mesa", :class:`recon.engine.family_sites.SiteTenants`: a second tenant the
    PSA bills inside its parent's company), is read more strictly: every product it holds is
    one its parent's company bills more of than the parent's tenant holds, the seats near on
    at least half and exact on one. One exact line is then enough: two were needed without
    the name (vendor-only customers are common), and a second tenant often holds one product.

    ``candidates`` are parents the company is named after (:class:`NamedAfter`), or whose
    site it is named as (reverse).
    """
    if reverse:
        return named_tenant_fits(company, lines, parents, candidates, apart=apart)
    out = []
    for parent in sorted(candidates):
        gaps = parents[parent]
        first = next(iter(gaps.values()))
        vendor_name = first.vendor_client or ""
        short = {p: gap for p, gap in lines.items() if p in gaps}
        if not short or priced_apart(gaps, short):
            continue
        if (client_key(vendor_name), client_key(company)) in apart:
            continue
        key = client_key(company)
        if 2 * len(short) < len(lines) and not _department_exact(key, parent, short, gaps):
            continue
        agree = sum(1 for p, gap in short.items() if near(abs(gaps[p].seat_delta), gap.psa_qty))
        # Every product the company bills is one its parent lacks: the department's whole
        # bill is its parent's, whatever the seats (they make the family's gap, asked).
        # Seats beyond the whole shortfall only under a site label or one word of the
        # company's own ("... Laboratory": a department's name), where the parent bills
        # none of them: "Espinoza Property Management of Tampa" billing 16 where its
        # namesake lacks 5 is another company (a franchise of that name) as often as a
        # department; "... - Billing" names none.
        if 2 * agree >= len(short) or (
            len(short) == len(lines)
            and (
                all(gap.psa_qty <= abs(gaps[p].seat_delta) for p, gap in short.items())
                or site_named(key, parent)
                or (one_word_after(key, parent) and all(gaps[p].psa_qty == 0 for p in short))
            )
        ):
            out.append(Fit(parent, company, short, named=True, alike=True))
    return out


def _department_exact(
    key: str, parent: str, short: Mapping[str, Gap], gaps: Mapping[str, Gap]
) -> bool:
    """True when a company under its parent's whole name and a site or department label
    ("Zimmerman Technologies - Accounting Dept") fills one of the parent's shortfalls exactly.

    Such a department bills its own products too (the organisation's real "billed, not
    bought" gaps: Exchange for its own staff), often more of them than of its parent's: the
    share of products the parent lacks says nothing there, where a label names no business
    (:func:`recon.engine.family_sites.site_named`) and the seats are exactly the parent's.
    Its other lines stay its own gaps. On the site families' 20,000 pair, the Accounting
    Dept's 16 SharePoint seats beside its parent's 16 were two false gaps.
    """
    return site_named(key, parent) and any(
        gap.psa_qty == abs(gaps[p].seat_delta) for p, gap in short.items()
    )


def named_tenant_fits(
    company: str,
    lines: Mapping[str, Gap],
    parents: Mapping[str, Mapping[str, Gap]],
    candidates: Collection[str],
    *,
    apart: Collection[tuple[str, str]],
) -> list[Fit]:
    """The reverse of :func:`named_fits`: parents a vendor customer named as their site
    fills the excess of on every product, near on half and exact on one."""
    out = []
    for parent in sorted(candidates):
        gaps = parents[parent]
        if any(p not in gaps for p in lines):
            continue
        psa_name = next(iter(gaps.values())).psa_client or ""
        if (client_key(company), client_key(psa_name)) in apart:
            continue
        seats = [(abs(gaps[p].seat_delta), gap.vendor_qty) for p, gap in lines.items()]
        exact = sum(1 for excess, own in seats if excess == own)
        agree = sum(1 for excess, own in seats if near(excess, own))
        if exact and 2 * agree >= len(lines):
            out.append(Fit(parent, company, lines, named=True, alike=True))
    return out


def priced_apart(parent: Mapping[str, Gap], lines: Mapping[str, Gap]) -> bool:
    """True when the company bills a product at another unit price than the parent's
    company bills it (where it bills it at all)."""
    for product, own in lines.items():
        price = parent[product].psa_unit_price
        if price is not None and own.psa_unit_price is not None and price != own.psa_unit_price:
            return True
    return False


def unique(fits: list[Fit], parents: Mapping[str, Mapping[str, Gap]] | None = None) -> list[Fit]:
    """Fits whose company fits one parent only and whose parent one company only.

    A fit on the parent's whole name (:attr:`Fit.named`) outranks fits on a first word or
    on seats alone: "Summit Pines Hospitality Laboratory" filling "Summit Pines
    Hospitality"'s shortfall is its department even where the same seats are short at
    "Summit Grove Pediatrics" too. So the named fits are weighed among themselves first
    (one parent named per company, one named company per parent); the fits they outrank
    are still counted against each other, never asked about for having lost one rival.

    With ``parents`` (each parent's gaps), a fit where the parent's company bills every
    product of the company's at the company's own unit price (:func:`priced_alike`) outranks
    fits where it bills them at another price or not at all: offices of one organisation pay
    its agreement's price ("Harper Staffing" at $7.29 beside "Harper Financial Services" at
    $7.29, not "Harper Library", which bills no such line). Under one price list every parent
    billing the product pays that price: the rivals tie again and none is asked.
    """
    kept = {id(f) for f in _alone([f for f in fits if f.named])}
    # A fit under names beginning alike (the brand a subsidiary keeps) outranks fits on
    # seats alone the same way: "Red Imaging" filling "Red Springs Realty" exactly on its two
    # one-seat lines is not made ambiguous by "Cameron Falls Motors" short of the same two.
    kept |= {id(f) for f in _alone([f for f in fits if f.alike or f.named])}
    alone = {id(f) for f in _alone(fits)}
    if parents is not None:
        # Only contested fits are priced (a fit alone among all shares no company or parent
        # with any other, so leaving it out changes no other fit's count): a few at 60,000.
        contested = [f for f in fits if id(f) not in alone]
        kept |= {
            id(f) for f in _alone([f for f in contested if priced_alike(parents[f.parent], f)])
        }
    kept |= alone
    return [f for f in fits if id(f) in kept]


def priced_alike(parent: Mapping[str, Gap], fit: Fit) -> bool:
    """True when the parent's company bills every product of the fit at the company's price."""
    for product, own in fit.lines.items():
        gap = parent.get(product)
        price = gap.psa_unit_price if gap is not None else None
        if price is None or own.psa_unit_price is None or price != own.psa_unit_price:
            return False
    return True


def _alone(fits: list[Fit]) -> list[Fit]:
    """Fits whose company fits one parent only and whose parent one company only."""
    per_company: dict[str, int] = defaultdict(int)
    per_parent: dict[str, int] = defaultdict(int)
    for fit in fits:
        per_company[fit.company] += 1
        per_parent[fit.parent] += 1
    return [f for f in fits if per_company[f.company] == 1 and per_parent[f.parent] == 1]
