"""An organisation word on one side only never merges two clients on a product in common:
the names are all there is, and two firms can differ by no more ("Cooper Engineering Inc."
and "Cooper Engineering Associates" at 60,000 clients, where a rule that merged such pairs
moved one firm's money onto the other)."""

from __future__ import annotations

import pytest

from recon.match import match_clients
from tests.recon.match.test_clients import footprints, names, pairs

# One line each, the same product, the seats apart: what two firms on one catalogue look like,
# and what one client whose seats changed looks like too.
V_LINES = [("cat:a", 10)]
P_LINES = [("cat:a", 12)]


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("Cooper Engineering", "Cooper Eng Assoc"),
        ("Bell Travel Group LP", "Bell Travel"),
        ("Highland Gate Insurance", "Highland Gate Insurance Services"),
        ("Palmer Laboratories", "PL Group"),
    ],
)
def test_an_organisation_word_and_a_product_in_common_are_asked_not_merged(
    vendor: str, psa: str
) -> None:
    prints = footprints({vendor: V_LINES}, {psa: P_LINES})
    result = match_clients(names(vendor), names(psa), footprints=prints)
    assert pairs(result) == {}
    assert [c.psa_client for c in result.review[0].candidates] == [psa]
