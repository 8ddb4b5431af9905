"""Canonical lines: the sides, the column roles, the line frame's columns and a read export.

Canonical lines are a :class:`pandas.DataFrame` (one row per export row that is a seat line)
with the columns named in :class:`Col`. Quantities and money are exact integers in that frame
(milli-seats and micro-dollars) so that sums over a million rows are both fast and exact;
they become :class:`~decimal.Decimal` at the edge, in :class:`~recon.model.Gap` and friends.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
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

    # Integer columns other than QTY and UNIT come in the narrowest integer type that holds
    # the file's values (day ordinals in int32, terms and flags in int16): a distributor's
    # month is 1.4 million lines. Read them with ``to_numpy(dtype=np.int64)`` before any
    # arithmetic.
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
    TERM = "term_months"  # integer: commitment term in months (1, 12, 36); 0 unknown
    TERM_START = "term_start"  # integer: day the subscription (or its current term) started
    TERM_END = "term_end"  # integer: last day of the current term (it renews the day after)
    CANCEL_BY = "cancel_by"  # integer: last day the source says seats may be reduced
    AUTO_RENEW = "auto_renew"  # integer: 1 renews by itself, 0 does not, -1 unknown
    CURRENCY = "currency"  # str: ISO 4217 code of the prices (upper case), or ""

    # PSA: the MSP's own monthly cost per seat on the line, where the export carries one (a
    # ConnectWise addition's Cost, an Autotask service's Unit Cost). Not in ALL: only read
    # as evidence of which product a line bills (recon.engine.price_readings).
    COST = "cost_micro"  # Int64 (nullable), x MONEY_SCALE

    SEATS = (ROW, CLIENT, CLIENT_ID, PRODUCT, SKU, QTY, UNIT)
    COMMITMENT = (TERM, TERM_START, TERM_END, CANCEL_BY, AUTO_RENEW, CURRENCY)
    ALL = SEATS + COMMITMENT
    #: Columns a frame may carry after :attr:`ALL` when its source has them.
    OPTIONAL = (COST,)
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
    # PRICED, UNIT_ANY, COST and TERM are held in the narrowest integer type that holds the
    # side's values (recon.codes.narrowest): read them with to_numpy(dtype=np.int64).
    PRICED = "priced_milli"  # positive seats that carry a price
    EXT = "ext"  # sum of positive seats x unit price, x EXT_SCALE
    UNIT_ANY = "unit_any_micro"  # highest unit price on any priced line, even at 0 seats; -1 none
    COST = "cost_micro"  # PSA: highest unit cost the lines carry (Col.COST); -1 none
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
        evidence: the row numbers (:attr:`Col.ROW`) of the lines of 0 seats that are ended
            vendor subscriptions, kept only as evidence the client had the product
            (:mod:`recon.formats.ended`) and also counted in ``skipped``. Only the engine's
            rule for them reads these lines; whatever writes or counts seat lines reads
            :attr:`billable` (default: none).
        ended_on: (client, product) as written -> the day an ended subscription kept as
            evidence ended, where the export gives it.
        gone: vendor customers (as written) the file shows only ended, no row of theirs kept
            as seats (:mod:`recon.formats.gone_clients`); for a PSA file, the companies it
            bills only stopped lines (:mod:`recon.formats.gone_companies`; default: none).
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
    evidence: frozenset[int] = frozenset()
    ended_on: Mapping[tuple[str, str], dt.date] = field(default_factory=dict)
    gone: frozenset[str] = frozenset()

    @property
    def evidence_rows(self) -> int:
        """How many lines are ended subscriptions kept only as evidence."""
        return len(self.evidence)

    @property
    def rows_used(self) -> int:
        """Rows that became canonical seat lines (ended subscriptions kept as evidence not
        counted: they are counted as skipped)."""
        return len(self.lines) - self.evidence_rows

    @property
    def evidence_mask(self) -> npt.NDArray[np.bool_]:
        """Per line of :attr:`lines`: is it an ended subscription kept only as evidence?"""
        import numpy as np  # noqa: PLC0415 - recon.model loads with every command

        if not self.evidence:
            return np.zeros(len(self.lines), dtype=bool)
        mask: npt.NDArray[np.bool_] = self.lines[Col.ROW].isin(self.evidence).to_numpy(bool)
        return mask

    @property
    def billable(self) -> pd.DataFrame:
        """The seat lines a file shows: :attr:`lines` without the evidence lines.

        A pulled file (``recon pull``), a run's figures and anything else that writes or
        counts seat lines reads these, so keeping ended subscriptions as evidence for the
        engine changes none of them: text columns name no client or product only an
        evidence line had. The frame itself when there is no evidence line.
        """
        from pandas import CategoricalDtype  # noqa: PLC0415 - as above

        if not self.evidence:
            return self.lines
        frame = self.lines[~self.evidence_mask].reset_index(drop=True)
        for name in frame.columns:
            if isinstance(frame[name].dtype, CategoricalDtype):
                frame[name] = frame[name].cat.remove_unused_categories()
        return frame


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
