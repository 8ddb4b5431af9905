"""Catalogue readings of Microsoft's plan names as MSPs shorten them (issue 11).

"Office365 Essentials" is Office 365 Business Essentials (today's Microsoft 365 Business
Basic) with "Business" left out; "Kiosk Mailbox" is the Exchange Online Kiosk plan's mailbox;
"Teams Phone" is Microsoft Teams Phone Standard. Each was an unread text: the Business Basic
seats billed under it showed as "missing in PSA", and a real seat gap on it was missed.
"""

from __future__ import annotations

import pytest

from recon.catalog import load_catalog
from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Office365 Essentials", "ms-m365-business-basic"),
        ("O365 Essentials /user", "ms-m365-business-basic"),
        ("Office 365 Standard", "ms-m365-business-standard"),
        ("Kiosk Mailbox /user", "ms-exchange-online-kiosk"),
        ("SW - Kiosk Mailbox", "ms-exchange-online-kiosk"),
        ("Teams Phone", "ms-teams-phone-standard"),
        # The plans Teams Phone is part of keep their own words.
        ("Teams Phone with Calling Plan", "ms-teams-phone-calling-plan"),
        ("Teams Phone Resource Account", "ms-teams-phone-resource-account"),
        # Project Online Professional (String ID PROJECTPROFESSIONAL) is Project Plan 3.
        ("Project Pro", "ms-project-p3"),
        ("Project Pro (1 Year) - Annual", "ms-project-p3"),
    ],
)
def test_a_microsoft_plan_shortened_as_msps_write_it_is_that_plan(name: str, expected: str) -> None:
    found = load_catalog().lookup(name=name)
    assert found is not None
    assert found[0].id == expected


@pytest.mark.parametrize(
    "name",
    [
        # "Premium" names two plans with "Business" put back: Office 365 Business Premium
        # (today's Business Standard) and Microsoft 365 Business Premium.
        "Office 365 Premium",
        "Office 365 Apps",  # no business plan is named "Apps" alone
        # The perpetual desktop edition, written with its year, is no subscription plan.
        "Project Professional 2021",
    ],
)
def test_an_edition_word_two_plans_share_reads_as_none(name: str) -> None:
    assert load_catalog().lookup(name=name) is None


def test_a_seat_gap_billed_under_the_old_short_name_is_found() -> None:
    # Harmon buys 5 Business Basic and bills 4 as "Office365 Essentials": one seat short, not
    # "5 missing in PSA" beside an unread text.
    vendor = make_lines(
        Side.VENDOR,
        [
            ("Harmon", "Microsoft 365 Business Basic", 5, "5.96"),
            ("Avery", "Exchange Online Kiosk", 7, "1.77"),
        ],
    )
    psa = make_lines(
        Side.PSA,
        [("Harmon", "Office365 Essentials", 4, "6.94"), ("Avery", "Kiosk Mailbox", 7, "2.53")],
    )
    result = reconcile(vendor, psa)
    assert [(g.client, g.kind, g.seat_delta) for g in result.gaps] == [
        ("Harmon", GapKind.QUANTITY_MISMATCH, 1)
    ]
