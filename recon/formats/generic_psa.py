"""Any PSA export whose headers name a client, a product or SKU, a quantity, and a unit price
or an amount (the unit price is then amount / quantity). Columns are found through the synonym
table in :mod:`recon.formats.synonyms`; ``--map ROLE=COLUMN`` fills in the rest.

Rows are skipped by the lenient status rule, a billable flag, and start/end dates when such
columns exist; prices are made monthly by a billing-cycle column when there is one.
"""

from __future__ import annotations

from recon.formats.spec import FormatSpec
from recon.model import Side

SPEC = FormatSpec(
    name="generic_psa",
    label="generic PSA export",
    side=Side.PSA,
    generic=True,
    credits=True,  # discount and credit additions carry a negative price
)
