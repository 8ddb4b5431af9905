"""Family questions: is this PSA company billed for that vendor customer's licences?

One organisation is often billed from several PSA companies (a subsidiary under a name of its
own, a department opened as a company) or bought as two vendor customers (a second tenant
after an acquisition). Where names cannot say so but the lines do, the run asks one question
instead of reporting the extra company's lines and its parent's shortfall as gaps.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

#: How :attr:`recon.model.Gap.rests_on` begins for a gap pending a family question.
FAMILY_WORDS = "the family question "


def pending_family(asked_psa: str, asked_vendor: str) -> str:
    """What a gap pending a family question rests on, in words (:attr:`Gap.rests_on`).

    Args:
        asked_psa: the PSA company the question is about, as written.
        asked_vendor: the vendor customer, as written.
    """
    return f"{FAMILY_WORDS}{asked_psa!r} billed for {asked_vendor!r}"


@dataclass(frozen=True, slots=True)
class FamilyLine:
    """One product of a family question: the vendor's seats and what each company bills.

    Attributes:
        product: the product's name.
        vendor_seats: seats the vendor customer(s) hold, per customer as written.
        billed: seats billed, per PSA company as written.
    """

    product: str
    vendor_seats: tuple[tuple[str, Decimal], ...]
    billed: tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True, slots=True)
class FamilyQuestion:
    """Is a PSA company billed for a vendor customer's licences (one organisation)?

    Asked where a company with no vendor customer of its own bills only products a matched
    client holds, in the seats its paired company leaves short (or, the reverse, a vendor
    customer with no PSA company holds the seats a matched company bills beyond its own
    customer's). Answered with ``recon family`` or the Slack buttons; the answer is about the
    pair (``vendor_client``, ``psa_client``).

    Attributes:
        vendor_client: the vendor customer the answer names, as written.
        psa_client: the PSA company the answer names, as written.
        vendor_clients: every vendor customer of the family, the paired one first.
        psa_clients: every PSA company of the family, the paired one first.
        lines: the products the question holds, with their seats.
        money_at_stake: the monthly money of the gaps the question holds (both sides').
        reason: why the engine asks rather than decides.
        held: (client key, product key) pairs whose gaps wait for the answer.
        unpaired: True when the vendor customer is paired with no company and every company
            of ``psa_clients`` is asked about with it (:mod:`recon.engine.family_unpaired`):
            the answer is about each pair (:attr:`pairs`).
        tenants: True when the PSA company is paired with no vendor customer and every
            customer of ``vendor_clients`` is asked about with it
            (:mod:`recon.engine.family_tenants`): the answer is about each pair.
    """

    vendor_client: str
    psa_client: str
    vendor_clients: tuple[str, ...]
    psa_clients: tuple[str, ...]
    lines: tuple[FamilyLine, ...]
    money_at_stake: Decimal
    reason: str
    held: frozenset[tuple[str, str]] = frozenset()
    unpaired: bool = False
    tenants: bool = False

    @property
    def text(self) -> str:
        """The question in words."""
        if self.unpaired and len(self.psa_clients) > 1:
            *first, last = self.psa_clients
            return f"Are {', '.join(first)} and {last} billed for {self.vendor_client}'s licences?"
        if self.tenants:
            *first, last = self.vendor_clients
            return f"Is {self.psa_client} billed for {', '.join(first)} and {last}'s licences?"
        return f"Is {self.psa_client} billed for {self.vendor_client}'s licences?"

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """The (vendor customer, PSA company) pairs one answer is about, as written."""
        if self.unpaired:
            return tuple((self.vendor_client, company) for company in self.psa_clients)
        if self.tenants:
            return tuple((customer, self.psa_client) for customer in self.vendor_clients)
        return ((self.vendor_client, self.psa_client),)
