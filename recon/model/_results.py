"""A run's result: the gaps, matches and seats it found, with its summary and scope."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from recon.model._families import FamilyQuestion
from recon.model._gap_table import GapTable
from recon.model._gaps import Gap
from recon.model._lines import Charge, Side
from recon.model._makers import MakerQuestion
from recon.model._matches import (
    ClientMatch,
    MappingQuestion,
    ProductMerge,
    ReviewItem,
    UnmappedProduct,
)

if TYPE_CHECKING:
    import pandas as pd


class SeatCol:
    """Columns of :attr:`ReconResult.seats`: reconciled seats per (client, product), both sides.

    One row per matched (client, product) pair that either side carries, so seat history can
    be kept per run. Quantities are int64 milli-seats, like the line frame.
    """

    CLIENT_KEY = "client_key"
    PRODUCT_KEY = "product_key"
    CLIENT = "client"
    PRODUCT = "product"
    VENDOR_QTY = "vendor_qty_milli"
    PSA_QTY = "psa_qty_milli"

    ALL = (CLIENT_KEY, PRODUCT_KEY, CLIENT, PRODUCT, VENDOR_QTY, PSA_QTY)


@dataclass(frozen=True, slots=True)
class FileSummary:
    """What was read from one file."""

    side: Side
    path: str
    format_name: str
    format_label: str
    sha256: str
    rows_read: int
    rows_used: int
    skipped: Mapping[str, int]
    columns: Mapping[str, str]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NotRecurring:
    """Trials, one-time charges or prorations of one (side, client, product), kept out of the
    recurring comparison and listed on their own.

    Attributes:
        side: where the lines were.
        charge: trial, one-time or proration.
        client: the client as written.
        product: the product as written.
        lines: how many lines.
        seats: their seats (summed).
        amount: their money as charged (not monthly), None when no line had a price.
        currency: ISO code, when the export says.
    """

    side: Side
    charge: Charge
    client: str
    product: str
    lines: int
    seats: Decimal
    amount: Decimal | None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class CurrencyPair:
    """A (client, product) whose two sides are priced in different currencies.

    Attributes:
        client: the client's name.
        product: the product's name.
        vendor_currency: the vendor side's currency.
        psa_currency: the PSA side's currency.
        rate: the admin's rate used to convert vendor money (PSA units per vendor unit), or
            None: the prices were not compared.
    """

    client: str
    product: str
    vendor_currency: str
    psa_currency: str
    rate: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts and money totals of a run."""

    files: tuple[FileSummary, ...]
    gap_counts: Mapping[str, int]  # GapKind value -> count
    gap_totals: Mapping[str, Decimal]  # GapKind value -> sum of monthly_impact
    under_billed: Decimal  # sum of positive impacts (money leaking per month)
    over_billed: Decimal  # sum of negative impacts, as a positive number (refund risk)
    vendor_clients: int
    psa_clients: int
    matched_clients: int
    review_items: int
    money_in_review: Decimal
    unmatched_vendor_clients: int
    unmatched_psa_clients: int
    unmapped_products: int
    mapping_questions: int = 0
    money_in_questions: Decimal = Decimal(0)
    # trials, one-time charges and prorations, most money first (a run's are columns:
    # recon.model.NotRecurringColumns)
    not_recurring: Sequence[NotRecurring] = ()
    currency_pairs: tuple[CurrencyPair, ...] = ()


@dataclass(frozen=True, slots=True)
class RunScope:
    """What a run could see. A stored gap outside it is not "fixed" by the run's silence.

    A run from one vendor says nothing about products only another vendor sells, and a
    client held in review is undecided, not fixed.

    Attributes:
        products: product keys the vendor file carries (the comparable products).
        undecided_clients: client keys in review (vendor names and the PSA clients offered).
        undecided_pairs: (client key, product key) pairs an open mapping question holds.
    """

    products: frozenset[str]
    undecided_clients: frozenset[str]
    undecided_pairs: frozenset[tuple[str, str]] = frozenset()

    def covers(self, client_key: str, product_key: str) -> bool:
        """True when this run would have shown a gap for this (client, product) if it existed.

        A product compared on one term (``cat:m365-bp~12``) is covered by its product.
        """
        product = product_key.split("~", 1)[0]
        return (
            product in self.products
            and client_key not in self.undecided_clients
            and (client_key, product_key) not in self.undecided_pairs
            and (client_key, product) not in self.undecided_pairs
        )


@dataclass(frozen=True, slots=True)
class ReconResult:
    """Everything one reconciliation found, ready to render or to store."""

    gaps: tuple[Gap, ...]
    matches: tuple[ClientMatch, ...]
    review: tuple[ReviewItem, ...]
    unmapped: tuple[UnmappedProduct, ...]
    seats: pd.DataFrame  # columns SeatCol.ALL
    summary: Summary
    generated_at: datetime
    scope: RunScope | None = None  # None: the run covers every stored gap
    questions: tuple[MappingQuestion, ...] = ()  # products a person should map, most money first
    # vendor products compared as another vendor product (a second name), each once
    merges: tuple[ProductMerge, ...] = ()
    # companies perhaps billed for another client's licences (one organisation), most money first
    family_questions: tuple[FamilyQuestion, ...] = ()
    # makers billed in the PSA that the vendor file's source may sell, none of them bought
    maker_questions: tuple[MakerQuestion, ...] = ()
    # the comparison's gaps as columns (None: not made by a comparison); a report reads the
    # listed gaps that are its records from it (:class:`recon.model.GapTable`)
    gap_table: GapTable | None = field(default=None, compare=False, repr=False)
