"""The nouns of reconciliation: canonical lines, matches, gaps and a run's result.

Everything that crosses a module boundary is defined here, so that ``ingest`` (bytes to
lines), ``match`` (names to pairs), ``compare`` (pairs to gaps), ``store`` and ``bot`` all
speak about the same things with the same names. Import them from ``recon.model``; the
private modules behind it hold one subject each:

- ``_lines``: the sides, column roles and line-frame columns (:class:`Col`), a read export
  (:class:`LineSet`) and a side as given (:class:`SideInput`);
- ``_knowledge``: what people decided (:class:`Knowledge`) and the matching thresholds
  (:class:`MatchSettings`);
- ``_makers``: maker questions (:class:`MakerQuestion`): is a maker bought from the source?
- ``_matches``: how clients and products were paired, review items and mapping questions;
- ``_gaps``: :class:`Gap` and :data:`GAP_RECORD`, the one record of a gap's fields;
- ``_gap_table``: :class:`GapTable`, the comparison's gaps as a column per field;
- ``_results``: :class:`ReconResult`, its summary, seat columns and scope.

Canonical lines are a :class:`pandas.DataFrame` (one row per export row that is a seat line)
with the columns named in :class:`Col`. Quantities and money are exact integers in that frame
(milli-seats and micro-dollars) so that sums over a million rows are both fast and exact;
they become :class:`~decimal.Decimal` at the edge, in :class:`Gap` and friends.
"""

from __future__ import annotations

from recon.model._families import (
    FAMILY_WORDS,
    FamilyLine,
    FamilyQuestion,
    pending_family,
)
from recon.model._gap_table import FieldColumn, GapTable
from recon.model._gaps import (
    GAP_RECORD,
    PENDING_WORDS,
    REVIEW_WORDS,
    FieldType,
    Gap,
    GapField,
    GapKind,
    TableColumn,
    check_record,
    is_review,
    pending_on,
    pending_review,
)
from recon.model._knowledge import Knowledge, MatchSettings
from recon.model._lines import (
    MONEY_SCALE,
    QTY_SCALE,
    Charge,
    Col,
    ExtraCol,
    G,
    LineSet,
    Role,
    Side,
    SideInput,
)
from recon.model._makers import MAKER_WORDS, MakerLine, MakerQuestion, pending_maker
from recon.model._matches import (
    Candidate,
    ClientMatch,
    MappingQuestion,
    MatchMethod,
    ProductCandidate,
    ProductMerge,
    ProductMethod,
    ReviewItem,
    UnmappedProduct,
)
from recon.model._not_recurring import CodedColumn, NotRecurringColumns, NotRecurringFields
from recon.model._results import (
    CurrencyPair,
    FileSummary,
    NotRecurring,
    ReconResult,
    RunScope,
    SeatCol,
    Summary,
)

__all__ = [
    "FAMILY_WORDS",
    "GAP_RECORD",
    "MAKER_WORDS",
    "MONEY_SCALE",
    "PENDING_WORDS",
    "QTY_SCALE",
    "REVIEW_WORDS",
    "Candidate",
    "Charge",
    "ClientMatch",
    "CodedColumn",
    "Col",
    "CurrencyPair",
    "ExtraCol",
    "FamilyLine",
    "FamilyQuestion",
    "FieldColumn",
    "FieldType",
    "FileSummary",
    "G",
    "Gap",
    "GapField",
    "GapKind",
    "GapTable",
    "Knowledge",
    "LineSet",
    "MakerLine",
    "MakerQuestion",
    "MappingQuestion",
    "MatchMethod",
    "MatchSettings",
    "NotRecurring",
    "NotRecurringColumns",
    "NotRecurringFields",
    "ProductCandidate",
    "ProductMerge",
    "ProductMethod",
    "ReconResult",
    "ReviewItem",
    "Role",
    "RunScope",
    "SeatCol",
    "Side",
    "SideInput",
    "Summary",
    "TableColumn",
    "UnmappedProduct",
    "check_record",
    "is_review",
    "pending_family",
    "pending_maker",
    "pending_on",
    "pending_review",
]
