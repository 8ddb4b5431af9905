"""A Teams Rooms licence billed without its edition is Teams Rooms Pro.

Teams Rooms Basic is free (learn.microsoft.com/microsoftteams/rooms/rooms-licensing), so a
billed "Teams Room License" is the paid edition. Unread, it was asked about as whatever
vendor line beside it had its seats: "Teams Room License" 11 beside an unbilled "Exchange
Online (Plan 1)" 11 held both lines in a question, and neither real gap was reported. Each
test fails when the two name_variant rows for Teams Rooms Pro leave ``aliases.csv``.
"""

from __future__ import annotations

import pytest

from recon.catalog import load_catalog
from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines


@pytest.mark.parametrize(
    "text", ["Teams Room License", "Teams Room License - Annual", "Microsoft Teams Rooms"]
)
def test_a_teams_rooms_licence_without_its_edition_is_pro(text: str) -> None:
    found = load_catalog().lookup(text)
    assert found is not None and found[0].id == "ms-teams-rooms-pro"


def test_the_free_edition_keeps_its_own_name() -> None:
    found = load_catalog().lookup("Teams Rooms Basic")
    assert found is not None and found[0].id == "ms-teams-rooms-basic"


def test_a_room_licence_beside_an_unbilled_mailbox_plan_is_two_gaps() -> None:
    vendor = [
        ("Foster Museum", "Exchange Online (Plan 1)", 11, "4.00"),
        ("Foster Museum", "Microsoft 365 Business Premium", 14, "22.00"),
        ("Acme Dental", "Microsoft 365 Business Premium", 10, "22.00"),
    ]
    psa = [
        ("Foster Museum", "Teams Room License", 11, "40.00"),
        ("Foster Museum", "M365 BP", 14, "26.00"),
        ("Acme Dental", "M365 BP", 10, "26.00"),
    ]
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    decided = {(g.product, g.kind) for g in result.gaps if not g.rests_on}
    assert ("Exchange Online (Plan 1)", GapKind.MISSING_IN_PSA) in decided
    assert any(kind is GapKind.MISSING_IN_VENDOR for _, kind in decided)
