"""Any vendor or distributor export whose headers name a client, a product or SKU and a
quantity (a unit cost is optional). Columns are found through the synonym table in
:mod:`recon.formats.synonyms`; ``--map ROLE=COLUMN`` fills in the rest.

Rows are skipped by the lenient status rule, a billable flag, and start/end dates when such
columns exist.
"""

from __future__ import annotations

from recon.formats.spec import FormatSpec
from recon.model import Side

SPEC = FormatSpec(
    name="generic_vendor",
    label="generic vendor export",
    side=Side.VENDOR,
    generic=True,
)
