"""Matching's results: how clients and products were paired, and what waits for a person."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class MatchMethod(StrEnum):
    """How a vendor client was paired with a PSA client."""

    ID = "id"  # same external id on both sides (e.g. tenant id stored in the PSA)
    EXACT = "exact"  # identical normalised name key
    ALIAS = "alias"  # a person said so (stored alias or confirmed review)
    LEARNED = "learned"  # identical once words people taught as equal or as noise are unified
    FUZZY = (
        "fuzzy"  # similar enough, with a clear margin; differences that could mean no other client
    )
    EVIDENCE = "evidence"  # similar names that also share (product, seats) lines


class ProductMethod(StrEnum):
    """How a product line was identified or paired."""

    CATALOGUE = "catalogue"  # same bundled-catalogue product on both sides
    ALIAS = "alias"  # a stored product alias
    NAME = "name"  # identical normalised product name (not in the catalogue)
    FUZZY = "fuzzy"  # similar names with identical tier words


@dataclass(frozen=True, slots=True)
class ClientMatch:
    """A vendor client paired with a PSA client."""

    vendor_client: str
    psa_client: str
    method: MatchMethod
    score: float
    vendor_key: str
    psa_key: str
    note: str = ""  # the evidence a learned match used, or a fuzzy match's runner-up


@dataclass(frozen=True, slots=True)
class Candidate:
    """One PSA client a person might pick for a review item."""

    psa_client: str
    score: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A vendor client the engine would not pair on its own; it produces no gap until decided."""

    vendor_client: str
    vendor_key: str
    candidates: tuple[Candidate, ...]
    reason: str
    money_at_stake: Decimal  # the vendor's monthly cost for this client's seats


@dataclass(frozen=True, slots=True)
class ProductCandidate:
    """One vendor product a PSA product may be, with what the guess rests on.

    Attributes:
        vendor_product: the vendor's (or the catalogue's) name for it.
        product_key: its identity (``cat:<id>`` or ``name:<key>``).
        score: confidence, 0-100.
        why: the evidence in words ("seats agree at 4 of 4 client(s); name: similar name (72)").
        answer: what confirms it: ``recon alias product "<PSA product>" "<answer>"``.
        clients: clients where the seats support it.
    """

    vendor_product: str
    product_key: str
    score: float
    why: str
    answer: str
    clients: int = 0


@dataclass(frozen=True, slots=True)
class UnmappedProduct:
    """A PSA product no vendor line accounts for: a person maps it or ignores it.

    ``candidates`` are the vendor products it most resembles, best first (may be empty).
    ``note`` says, once for all its lines, why it is not compared when the run knows ("the
    vendor file sells nothing of Keeper Security": bought elsewhere); empty otherwise.
    """

    psa_product: str
    product_key: str
    clients: int
    seats: Decimal
    monthly_billed: Decimal
    candidates: tuple[ProductCandidate, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class MappingQuestion:
    """A PSA product that is probably a vendor product under another name: one question.

    While it is open, the seats it holds raise no gap on either side: the vendor line is not
    "missing in PSA" and the PSA line is not "unmapped". Answering it (``recon alias product``
    or the Slack button) makes the next run compare them.

    Attributes:
        psa_product: the PSA's product text as written.
        product_key: its identity.
        candidates: the vendor products it may be, best first (the first is the question).
        clients: clients whose lines the question holds.
        seats: PSA seats of this product at those clients.
        money_at_stake: the vendor's monthly cost of the held vendor lines.
        reason: why the engine asks rather than decides.
        held: (client key, vendor product key) pairs that raise no gap until it is answered.
        bundle: where the PSA line bills two (or three) products on one line, each product
            it names (``answer`` is what ``recon bundle define`` takes); empty otherwise.
            Answered as a bundle, each line counts as that many seats of every product.
    """

    psa_product: str
    product_key: str
    candidates: tuple[ProductCandidate, ...]
    clients: int
    seats: Decimal
    money_at_stake: Decimal
    reason: str
    held: frozenset[tuple[str, str]] = frozenset()
    bundle: tuple[ProductCandidate, ...] = ()


@dataclass(frozen=True, slots=True)
class ProductMerge:
    """A vendor product the catalogue does not know, compared as another vendor product.

    The vendor sells one product under two names (an NCE and a legacy SKU, a distributor's own
    name) and the MSP bills one PSA line for both: where the second name's seats make up the
    PSA's excess over the product's own vendor line at enough clients, its seats are added to
    the product's. Undone by ``recon reject product "<second_name>" "<answer>"`` (the
    product rejection a mapping question's "no" also stores), which the next run honours.

    Attributes:
        second_name: the vendor's second name, as written.
        second_key: its identity (``name:<key>``).
        product: the vendor product it is compared as.
        product_key: that product's identity.
        clients: matched clients where the second name's seats make up the PSA's excess.
        sold_at: matched clients the second name is sold at.
        seats: the second name's vendor seats at the matched clients.
        answer: what names the product in ``recon reject product`` (catalogue id or name).
    """

    second_name: str
    second_key: str
    product: str
    product_key: str
    clients: int
    sold_at: int
    seats: Decimal
    answer: str

    @property
    def why(self) -> str:
        """The merge in words, as every gap on the product carries it."""
        seats = f"{self.seats.normalize():f}"
        return (
            f"vendor also sells it as {self.second_name!r} ({seats} seat"
            f"{'' if self.seats == 1 else 's'}), read as one product because those seats make "
            f"up the PSA's excess at {self.clients} of {self.sold_at} clients"
        )

    @property
    def undo(self) -> str:
        """The CLI line that undoes the merge on the next run."""
        return f"recon reject product {_quoted(self.second_name)} {_quoted(self.answer)}"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
