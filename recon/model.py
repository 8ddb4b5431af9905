"""The nouns of reconciliation: canonical lines, matches, gaps and a run's result.

Everything that crosses a module boundary is defined here, so that ``ingest`` (bytes to
lines), ``match`` (names to pairs), ``compare`` (pairs to gaps), ``store`` and ``bot`` all
speak about the same things with the same names.

Canonical lines are a :class:`pandas.DataFrame` (one row per export row that is a seat line)
with the columns named in :class:`Col`. Quantities and money are exact integers in that frame
(milli-seats and micro-dollars) so that sums over a million rows are both fast and exact;
they become :class:`~decimal.Decimal` at the edge, in :class:`Gap` and friends.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: Quantities in the line frame are integers in thousandths of a seat (Ingram bills 0.50 seats).
QTY_SCALE = 1_000
#: Money in the line frame is integer micro-units of the file's currency (per seat, per month).
MONEY_SCALE = 1_000_000


class Side(StrEnum):
    """Which side of the reconciliation a file or a line belongs to."""

    VENDOR = "vendor"  # what the MSP is charged (vendor or distributor)
    PSA = "psa"  # what the MSP charges its clients


class Role(StrEnum):
    """What a column means, whatever its header says. ``--map ROLE=COLUMN`` uses these names."""

    CLIENT = "client"
    CLIENT_ID = "client_id"
    PRODUCT = "product"
    SKU = "sku"
    QUANTITY = "quantity"
    UNIT_PRICE = "unit_price"  # vendor side: cost per seat to the MSP; PSA side: price per seat
    AMOUNT = "amount"  # extended line total, used when there is no unit price
    STATUS = "status"
    BILLABLE = "billable"
    LESS_INCLUDED = "less_included"
    CHARGE_TYPE = "charge_type"
    START_DATE = "start_date"
    END_DATE = "end_date"
    BILLING_CYCLE = "billing_cycle"
    SUBSCRIPTION_ID = "subscription_id"
    AGREEMENT = "agreement"
    # The commitment of a vendor line (issue 17): how long it binds, until when, in what money.
    TERM = "term"  # commitment term: Monthly, Annual, 1 Year, 3-Year, P1Y
    TERM_START = "term_start"  # when the subscription (or its current term) started
    TERM_END = "term_end"  # when the current term ends, i.e. renews or expires
    CANCEL_BY = "cancel_by"  # the last day the vendor allows seats to be reduced or cancelled
    AUTO_RENEW = "auto_renew"  # whether the term renews by itself
    CURRENCY = "currency"  # ISO 4217 code of the line's prices


class Charge(StrEnum):
    """What kind of charge a line is. Only recurring lines are compared seat for seat."""

    RECURRING = "recurring"  # a seat that is paid for every period: the lines compared
    ONE_TIME = "one_time"  # bought once (perpetual licence, setup fee): no monthly seat
    TRIAL = "trial"  # free or trial seats: not paid for yet
    PRORATION = "proration"  # a charge for part of a period already counted elsewhere


class Col:
    """Column names of the canonical line frame. Never write these as bare strings elsewhere."""

    ROW = (
        "row"  # spreadsheet row number in the source file (header row counts; first data row >= 2)
    )
    CLIENT = "client"  # client name exactly as written
    CLIENT_ID = "client_id"  # the source's own client id (tenant id, company id) or ""
    PRODUCT = "product"  # product name exactly as written, or ""
    SKU = "sku"  # SKU / product id / offer id as written, or ""
    QTY = "qty_milli"  # int64: seats x QTY_SCALE, already net of "less included"
    UNIT = "unit_micro"  # Int64 (nullable): monthly price or cost per seat x MONEY_SCALE
    # The commitment (see :mod:`recon.commitments`). Days are ``date.toordinal()``; 0 unknown.
    TERM = "term_months"  # int64: commitment term in months (1, 12, 36); 0 unknown
    TERM_START = "term_start"  # int64: day the subscription (or its current term) started
    TERM_END = "term_end"  # int64: last day of the current term (it renews the day after)
    CANCEL_BY = "cancel_by"  # int64: last day the source says seats may be reduced
    AUTO_RENEW = "auto_renew"  # int64: 1 renews by itself, 0 does not, -1 unknown
    CURRENCY = "currency"  # str: ISO 4217 code of the prices (upper case), or ""

    SEATS = (ROW, CLIENT, CLIENT_ID, PRODUCT, SKU, QTY, UNIT)
    COMMITMENT = (TERM, TERM_START, TERM_END, CANCEL_BY, AUTO_RENEW, CURRENCY)
    ALL = SEATS + COMMITMENT
    #: What a commitment column holds when its source says nothing.
    UNKNOWN: Mapping[str, int | str] = {
        TERM: 0,
        TERM_START: 0,
        TERM_END: 0,
        CANCEL_BY: 0,
        AUTO_RENEW: -1,
        CURRENCY: "",
    }


class ExtraCol:
    """Columns of :attr:`LineSet.extras`: the rows kept out of the recurring comparison."""

    ROW = Col.ROW
    CLIENT = Col.CLIENT
    PRODUCT = Col.PRODUCT
    SKU = Col.SKU
    CHARGE = "charge"  # a :class:`Charge` value other than recurring
    QTY = Col.QTY
    AMOUNT = "amount_micro"  # Int64 (nullable): the line's money as charged x MONEY_SCALE
    CURRENCY = Col.CURRENCY

    ALL = (ROW, CLIENT, PRODUCT, SKU, CHARGE, QTY, AMOUNT, CURRENCY)


class G:
    """Columns of a side's group frame (:class:`recon.engine.groups.SideGroups`).

    Here rather than in ``recon.engine.groups`` because the matcher reads these columns too,
    and ``recon.engine.groups`` imports the matcher.
    """

    CLIENT = "client_identity"
    PRODUCT = "product_key"
    QTY = "qty_milli"  # net seats, x QTY_SCALE
    PRICED = "priced_milli"  # positive seats that carry a price
    EXT = "ext"  # sum of positive seats x unit price, x EXT_SCALE
    UNIT_ANY = "unit_any_micro"  # highest unit price on any priced line, even at 0 seats; -1 none
    CLIENT_NAME = "client_name"  # as written, first line of the group
    PRODUCT_NAME = "product_name"  # as written, first line of the group
    # Commitments (issue 17): groups are per (client, product, term).
    TERM = "term_months"  # vendor: the lines' commitment term; PSA: the term its name says; 0
    DEADLINE = "deadline"  # the earliest reduction deadline (recon.engine.deadlines.pack)
    CURRENCY = "currency"  # the group's currency ("" unknown; first line's when mixed)


@dataclass(frozen=True, slots=True)
class LineSet:
    """One export after ingest: its canonical seat lines and an account of every row read.

    Attributes:
        side: vendor or PSA.
        path: the file name as the user gave it (or ``source:NAME`` for an API pull).
        format_name: the detected or forced format (``microsoft_nce``, ``connectwise``, ...).
        format_label: that format's human name ("Microsoft Partner Center (new commerce)").
        lines: the canonical frame, columns :attr:`Col.ALL`.
        rows_read: data rows in the file (blank rows excluded).
        skipped: why rows were not used, reason -> count ("cancelled", "total row", ...).
        sha256: hex digest of the file's bytes, so a run records exactly what it read.
        columns: role -> the header that was used for it.
        warnings: things a person should know that did not stop the read.
        extras: trials, one-time charges and prorations (columns :attr:`ExtraCol.ALL`),
            kept out of the recurring comparison and counted in ``skipped``; None: none.
    """

    side: Side
    path: str
    format_name: str
    format_label: str
    lines: pd.DataFrame
    rows_read: int
    skipped: Mapping[str, int]
    sha256: str
    columns: Mapping[str, str]
    warnings: tuple[str, ...] = ()
    extras: pd.DataFrame | None = None

    @property
    def rows_used(self) -> int:
        """Rows that became canonical lines."""
        return len(self.lines)


@dataclass(frozen=True, slots=True)
class SideInput:
    """One side of a reconciliation as given: a file or lines already pulled, and how to read it.

    The service builds one per side from a request, whatever the side came from, and reading
    treats both the same way (:func:`recon.formats.read_sides`).

    Attributes:
        side: vendor or PSA.
        data: a path, the bytes of an upload, or the LineSet a source already pulled.
        name: the name shown in messages (default: the path, or "vendor export" / "psa export"
            for bytes).
        format_name: a forced format (``--vendor-format`` / ``--psa-format``), or None.
        column_map: ``--map`` entries aimed at this side (role -> column).
    """

    side: Side
    data: str | os.PathLike[str] | bytes | LineSet
    name: str | None = None
    format_name: str | None = None
    column_map: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_file(self) -> bool:
        """True for a file to read (a path or bytes); False for lines already pulled."""
        return not isinstance(self.data, LineSet)

    @property
    def label(self) -> str | None:
        """The name to show for the file: ``name``, else the path (None: reading decides)."""
        if self.name is not None:
            return self.name
        if isinstance(self.data, bytes | bytearray | memoryview):
            return f"{self.side.value} export"
        return None


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


class GapKind(StrEnum):
    """The four ways the two sides can disagree for one (client, product)."""

    MISSING_IN_PSA = "missing_in_psa"  # bought, not billed: revenue leak
    MISSING_IN_VENDOR = "missing_in_vendor"  # billed, not bought: refund risk
    QUANTITY_MISMATCH = "quantity_mismatch"
    PRICE_BELOW_COST = "price_below_cost"  # billed under what it costs


@dataclass(frozen=True, slots=True)
class Knowledge:
    """What people have decided, read from the store before matching.

    Names are compared by their normalised keys, so case and punctuation don't matter.

    Attributes:
        client_aliases: (vendor client name, PSA client name) pairs that are the same client.
        client_rejections: pairs that are never the same client; never proposed again.
        product_aliases: (raw product name as written, target) where target is a catalogue
            product id or a PSA product name.
        product_rejections: (PSA product name as written, vendor product it is not): a
            mapping question answered "no"; the pair is never proposed again.
        ignored_products: PSA product names that are never compared (labour, bundles).
        column_maps: per format name, role -> column header, saved from earlier ``--map`` use.
        bundles: (PSA product name, its components) where each component is a catalogue
            product id or a product name: the bundle's billed seats are compared with each
            component's vendor seats.
    """

    client_aliases: tuple[tuple[str, str], ...] = ()
    client_rejections: tuple[tuple[str, str], ...] = ()
    product_aliases: tuple[tuple[str, str], ...] = ()
    product_rejections: tuple[tuple[str, str], ...] = ()
    ignored_products: tuple[str, ...] = ()
    column_maps: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    bundles: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """Thresholds for fuzzy client and product matching (scores are 0-100).

    Attributes:
        accept_score: a fuzzy client pair at or above this is accepted (default 90),
            if it also clears ``min_margin`` and the names differ by no whole word.
        review_score: between this (default 70) and ``accept_score`` a pair goes to review;
            below it the vendor client is unmatched.
        min_margin: the best candidate must beat the runner-up by this much (default 8).
        product_accept_score: product names scoring at or above this pair up on text alone
            (default 90), and only when their tier words (Standard/Premium, Plan 1/2, E3/E5,
            ...) agree and they beat the runner-up by ``product_margin`` (default 5).
        product_evidence: weigh the seats at each matched client to pair PSA products the
            vendor file lacks, or to ask one question about them (default True; see
            :mod:`recon.match.product_evidence`).
        learn: use word-level evidence from past confirmations and rejections (default
            True); when False, only explicit aliases and rejections are used.
    """

    accept_score: float = 90.0
    review_score: float = 70.0
    min_margin: float = 8.0
    product_accept_score: float = 90.0
    product_margin: float = 5.0
    product_evidence: bool = True
    learn: bool = True


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
class Gap:
    """One (client, product) where what is bought and what is billed disagree.

    ``seat_delta`` is vendor seats minus billed seats (positive: under-billing).
    ``monthly_impact`` is positive when the MSP is losing money. ``key`` is stable across runs.

    The commitment fields say what to do, and by when, where the vendor side exceeds the PSA
    side (see :mod:`recon.commitments`): bill ``seat_delta`` more seats from now (recovering
    ``bill_recovers`` until ``term_end``), or reduce the vendor by as many seats, which is
    possible until ``reduce_possible_until`` (the end of the cancellation window, else the
    term's end: the reduction then takes effect at renewal) and saves ``reduce_saves``.
    ``act_by`` is the day to decide by; None where nothing is lost by waiting or the
    commitment is unknown.

    Attributes:
        term: the vendor commitment term ("annual", "monthly", "three-year", "annual +
            monthly" when the seats are held on several), or None when unknown.
        term_end: the last day of the current term (the next renewal is the day after).
        reduce_possible_until: the last day a seat reduction is still possible.
        act_by: the day to act by.
        bill_recovers: money billing the missing seats from now recovers until ``term_end``.
        reduce_saves: money reducing the vendor seats saves: the rest of the term when the
            window is open, else the next term (the seats are paid until renewal anyway).
        currency: ISO code of the gap's money, when the exports say.
    """

    kind: GapKind
    client_key: str
    product_key: str
    client: str
    product: str
    vendor_client: str | None
    psa_client: str | None
    vendor_product: str | None
    psa_product: str | None
    vendor_qty: Decimal
    psa_qty: Decimal
    vendor_unit_cost: Decimal | None
    psa_unit_price: Decimal | None
    seat_delta: Decimal
    monthly_impact: Decimal
    confidence: float
    why: str
    term: str | None = None
    term_end: date | None = None
    reduce_possible_until: date | None = None
    act_by: date | None = None
    bill_recovers: Decimal | None = None
    reduce_saves: Decimal | None = None
    currency: str | None = None

    @property
    def key(self) -> str:
        """The gap's identity across runs: client, product and kind."""
        return f"{self.client_key}|{self.product_key}|{self.kind.value}"


class FieldType(StrEnum):
    """How a gap field's value is written out (JSON, CSV, the store) and read back."""

    KIND = "kind"  # a GapKind, written as its value
    TEXT = "text"  # words, as they are
    QTY = "qty"  # seats (Decimal)
    MONEY = "money"  # money per month or in total (Decimal)
    SCORE = "score"  # a confidence from 0 to 1 (float)
    DAY = "day"  # a calendar day (date), ISO text


@dataclass(frozen=True, slots=True)
class TableColumn:
    """Where and how a gap field shows in the text table of ``recon reconcile``.

    Attributes:
        heading: the column's heading.
        at: its place from the left (the ID/status columns of a stored run come first).
        width: clip longer text to this many characters; None: never clip.
        signed: show a sign, and nothing at all for zero (seat deltas).
        when_set: show the column only when some gap shown has a value (commitment exports).
    """

    heading: str
    at: int
    width: int | None = None
    signed: bool = False
    when_set: bool = False


@dataclass(frozen=True, slots=True)
class GapField:
    """One field of a gap, and everywhere it goes: see :data:`GAP_RECORD`.

    Attributes:
        name: the attribute of :class:`Gap` (and so of ``StoredGap``, which extends it).
        type: how its value is written and read back.
        label: what it means, in words.
        optional: None is a value (unknown, or not applicable).
        out: its JSON key and CSV column; None: not in reports.
        column: its column in the store's ``gaps`` table, rewritten by every run that shows
            the gap; None: not stored as an observation.
        table: its column in the text table; None: not shown there.
        computed: a property of the gap (derived from other fields), not a constructor field.
    """

    name: str
    type: FieldType
    label: str
    optional: bool = False
    out: str | None = None
    column: str | None = None
    table: TableColumn | None = None
    computed: bool = False


def _field(
    name: str,
    type: FieldType,
    label: str,
    *,
    optional: bool = False,
    out: str | None = "",
    column: str | None = "",
    table: TableColumn | None = None,
    computed: bool = False,
) -> GapField:
    """A :class:`GapField` whose JSON/CSV name and stored column default to its name."""
    return GapField(
        name=name,
        type=type,
        label=label,
        optional=optional,
        out=name if out == "" else out,
        column=name if column == "" else column,
        table=table,
        computed=computed,
    )


_T, _Q, _M = FieldType.TEXT, FieldType.QTY, FieldType.MONEY

#: The gap record: every field of a :class:`Gap`, once, in report order. The reports' JSON
#: keys, CSV columns and table columns (:mod:`recon.report`), the store's observation
#: columns and its ``StoredGap`` (:mod:`recon.store`), a held run's saved gaps and the bot's
#: CSV are all derived from it. To add a field: add it to :class:`Gap` and here, then a
#: migration adding its column to ``gaps`` (``tests/recon/test_gap_record.py`` checks).
GAP_RECORD: tuple[GapField, ...] = (
    _field("kind", FieldType.KIND, "what disagrees", table=TableColumn("Kind", 2)),
    _field("client_key", _T, "the client's normalised identity", out=None),
    _field("product_key", _T, "the product's identity", out=None),
    _field("client", _T, "the client, as named", table=TableColumn("Client", 0, width=32)),
    _field("product", _T, "the product, as named", table=TableColumn("Product", 1, width=34)),
    _field("vendor_client", _T, "the client as the vendor names it", optional=True),
    _field("psa_client", _T, "the client as the PSA names it", optional=True),
    _field("vendor_product", _T, "the product as the vendor names it", optional=True),
    _field("psa_product", _T, "the product as the PSA names it", optional=True),
    _field("vendor_qty", _Q, "seats the vendor charges for", table=TableColumn("Vendor", 3)),
    _field("psa_qty", _Q, "seats the PSA bills", table=TableColumn("PSA", 4)),
    _field(
        "seat_delta",
        _Q,
        "vendor seats minus billed seats",
        table=TableColumn("Delta", 5, signed=True),
    ),
    _field("vendor_unit_cost", _M, "the vendor's cost per seat per month", optional=True),
    _field("psa_unit_price", _M, "the billed price per seat per month", optional=True),
    _field(
        "monthly_impact",
        _M,
        "money lost (positive) or over-billed (negative) per month",
        table=TableColumn("Impact/mo", 6),
    ),
    _field("confidence", FieldType.SCORE, "how sure the match is", table=TableColumn("Conf", 7)),
    _field("why", _T, "the evidence, in words"),
    _field("key", _T, "identity across runs", out="gap_key", column=None, computed=True),
    _field("term", _T, "the vendor commitment term", optional=True),
    _field("term_end", FieldType.DAY, "the last day of the current term", optional=True),
    _field(
        "reduce_possible_until",
        FieldType.DAY,
        "the last day a seat reduction is possible",
        optional=True,
    ),
    _field(
        "act_by",
        FieldType.DAY,
        "the day to act by",
        optional=True,
        table=TableColumn("Act by", 8, when_set=True),
    ),
    _field(
        "bill_recovers", _M, "what billing the seats recovers until the term's end", optional=True
    ),
    _field("reduce_saves", _M, "what reducing the vendor seats saves", optional=True),
    _field("currency", _T, "ISO code of the gap's money", optional=True),
)


def check_record(cls: type[Gap], record: tuple[GapField, ...]) -> None:
    """Check a gap record names every constructor field of ``cls`` once, and nothing else.

    Raises:
        TypeError: a field is in one and not the other (add it to both; see
            :data:`GAP_RECORD`).
    """
    fields = [f.name for f in dataclasses.fields(cls)]
    named = [f.name for f in record if not f.computed]
    if sorted(fields) != sorted(named) or len(set(named)) != len(named):
        missing = sorted(set(fields) - set(named))
        extra = sorted(set(named) - set(fields))
        raise TypeError(
            f"the gap record and {cls.__name__} disagree: not in the record {missing}, "
            f"not in {cls.__name__} {extra} (edit both: recon.model.GAP_RECORD)"
        )
    for f in record:
        if f.computed and not isinstance(getattr(cls, f.name, None), property):
            raise TypeError(f"{f.name} is not a property of {cls.__name__}")


check_record(Gap, GAP_RECORD)


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
    """

    psa_product: str
    product_key: str
    clients: int
    seats: Decimal
    monthly_billed: Decimal
    candidates: tuple[ProductCandidate, ...] = ()


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
    """

    psa_product: str
    product_key: str
    candidates: tuple[ProductCandidate, ...]
    clients: int
    seats: Decimal
    money_at_stake: Decimal
    reason: str
    held: frozenset[tuple[str, str]] = frozenset()


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
    not_recurring: tuple[NotRecurring, ...] = ()
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
