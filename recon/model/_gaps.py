"""Gaps: where what is bought and what is billed disagree, and the one record of a gap's fields."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class GapKind(StrEnum):
    """The four ways the two sides can disagree for one (client, product)."""

    MISSING_IN_PSA = "missing_in_psa"  # bought, not billed: revenue leak
    MISSING_IN_VENDOR = "missing_in_vendor"  # billed, not bought: refund risk
    QUANTITY_MISMATCH = "quantity_mismatch"
    PRICE_BELOW_COST = "price_below_cost"  # billed under what it costs


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
        rests_on: the unanswered mapping question the gap rests on ("the mapping question
            'Spam Filter Service' = 'Proofpoint Essentials Business'"), or None when its
            products are decided. Such a gap is *pending*: it is what the seats say if the
            answer is yes; a no withdraws it (the store closes it without counting it fixed).
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
    rests_on: str | None = None

    @property
    def key(self) -> str:
        """The gap's identity across runs: client, product and kind."""
        return f"{self.client_key}|{self.product_key}|{self.kind.value}"


#: How :attr:`Gap.rests_on` begins: the words before the question's two product names.
PENDING_WORDS = "the mapping question "


def pending_on(psa_product: str, vendor_product: str) -> str:
    """What a pending gap rests on, in words (:attr:`Gap.rests_on`).

    Args:
        psa_product: the PSA's product text as written.
        vendor_product: the vendor product the question proposes.
    """
    return f"{PENDING_WORDS}{psa_product!r} = {vendor_product!r}"


#: How :attr:`Gap.rests_on` begins for a gap of a client pair held in review.
REVIEW_WORDS = "the client review "


def pending_review(vendor_client: str, psa_client: str) -> str:
    """What the gap of a client pair held in review rests on, in words (:attr:`Gap.rests_on`).

    Args:
        vendor_client: the vendor's client name as written.
        psa_client: the PSA client the review's best candidate names.
    """
    return f"{REVIEW_WORDS}{vendor_client!r} = {psa_client!r}"


def is_review(rests_on: str) -> bool:
    """True when a pending gap's :attr:`Gap.rests_on` names a client review (it may name a
    mapping question too: "the client review ... and the mapping question ...")."""
    return rests_on.startswith(REVIEW_WORDS)


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
    _field(
        "rests_on",
        _T,
        "the unanswered mapping question the gap rests on (pending), else empty",
        optional=True,
        table=TableColumn("Pending the question", 9, width=44, when_set=True),
    ),
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
