"""Grouping lets its row-long temporaries go before it builds the groups (issue 16: memory at
scale).

At 60,000 clients a side has 800,000 lines, and every per-line array grouping makes (row
numbers, kept flags, product and client codes, the (client, product, term) key, prices) is
6 MiB. Those held to the end of :func:`recon.engine.groups.group_side` sat under the side's
peak, which is reached as the groups' columns and client records are built.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from recon.catalog import load_catalog
from recon.engine import groups as groups_module
from recon.formats import read_export
from recon.match import ProductResolver
from recon.model import Knowledge, Side

ROOT = Path(__file__).resolve().parents[2]
FILES = {
    Side.VENDOR: ROOT / "examples" / "vendor_partner_center.csv",
    Side.PSA: ROOT / "examples" / "psa_connectwise.csv",
}
#: The per-line arrays no step after the sums reads.
ROW_LONG = (
    "rows",
    "keep",
    "flat_index",
    "product_codes",
    "row_identity",
    "all_names",
    "identity_of",
    "all_ids",
    "grouped",
    "term_codes",
    "row_product",
    "found",
    "qty",
    "priced",
    "unit_values",
    "known",
)


@pytest.mark.parametrize("side", [Side.VENDOR, Side.PSA])
def test_row_long_temporaries_are_gone_when_the_client_records_are_built(
    monkeypatch: pytest.MonkeyPatch, side: Side
) -> None:
    seen: list[set[str]] = []
    clients_of = groups_module._clients

    def noting(*args: Any, **kwargs: Any) -> Any:
        # The names group_side still holds while the records (its last large step) are made.
        seen.append(set(sys._getframe(1).f_locals))
        return clients_of(*args, **kwargs)

    monkeypatch.setattr(groups_module, "_clients", noting)
    lines = read_export(FILES[side], side=side).lines
    resolver = ProductResolver(load_catalog(), Knowledge())
    grouped = groups_module.group_side(lines, side=side, resolver=resolver)
    assert len(grouped.groups) and grouped.clients  # the grouping itself is whole
    assert len(seen) == 1
    assert seen[0].isdisjoint(ROW_LONG), sorted(seen[0] & set(ROW_LONG))
