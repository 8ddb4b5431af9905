"""A contraction of a listed business word beside a site: "Brooks Ppty - Denver" is the PSA's
office label for the client the vendor bills as "Brooks Properties, PLLC".

"Ppty" contracts Properties the way the public lists contract words (the letters in order, a
final "y" kept, as USPS Publication 28 writes "Vly" for Valley and "Pkwy" for Parkway).
Client keys keep a contraction as written (a surname can look like one), so neither the
name's score nor its form without the site found the client once a few closer-scored
"Brooks P..." names stood in the PSA file: the vendor client and the office were left two
unpaired clients, each line a gap on both sides. The fuzzy step's derived forms now read
the contraction as the word ("brooks prop"), and the names and lines judge the pair as any
other: the site and the contraction are soft differences the agreeing lines settle.
"""

from __future__ import annotations

from recon.engine import reconcile
from recon.model import GapKind, ReconResult, Side
from tests.recon.conftest import make_lines

BP = "Microsoft 365 Business Premium"
SP1 = "SharePoint (Plan 1)"
KEEPER = "Keeper Business"
EXO = "Exchange Online (Plan 1)"
#: PSA companies of the same surname, billing products the vendor client does not hold: more
#: than the fuzzy step reads as writing a rare word, and several scoring closer to "Brooks
#: Properties" than the office label does.
CLOSER = (
    "Brooks Pines",
    "Brooks Park",
    "Brooks Prairie",
    "Brooks Printing",
    *(
        f"Brooks {first}{second}"
        for first in ("Dal", "Mor", "Ken", "Tul", "Ver", "Hal", "Sor")
        for second in ("vin", "ton", "ley", "wick", "ford", "mont", "ridge")
    ),
)


def _run(vendor: str, psa: str) -> ReconResult:
    vendor_rows = [
        (vendor, BP, 12, "18.51"),
        (vendor, SP1, 7, "4.15"),
        (vendor, KEEPER, 9, "3.06"),
    ]
    psa_rows = [(psa, BP, 10, "24.45"), (psa, SP1, 7, "5.64"), (psa, KEEPER, 9, "4.96")]
    psa_rows += [(name, EXO, 4 + n, "4.50") for n, name in enumerate(CLOSER)]
    return reconcile(make_lines(Side.VENDOR, vendor_rows), make_lines(Side.PSA, psa_rows))


def test_a_contraction_beside_a_site_pairs_on_agreeing_lines() -> None:
    result = _run("Brooks Properties, PLLC", "Brooks Ppty - Denver")
    assert [(m.vendor_client, m.psa_client) for m in result.matches] == [
        ("Brooks Properties, PLLC", "Brooks Ppty - Denver")
    ]
    assert [(g.kind, g.product) for g in result.gaps if g.psa_client == "Brooks Ppty - Denver"] == [
        (GapKind.QUANTITY_MISMATCH, BP)
    ]


def test_the_same_contraction_written_by_the_vendor_pairs_too() -> None:
    result = _run("Brooks Ppty - Denver", "Brooks Properties, PLLC")
    assert [(m.vendor_client, m.psa_client) for m in result.matches] == [
        ("Brooks Ppty - Denver", "Brooks Properties, PLLC")
    ]


def test_without_agreeing_lines_the_contraction_pairs_nothing() -> None:
    # The form only finds the candidate; a site and a contraction apart are soft
    # differences, merged on the lines alone: no line in common, no pair.
    vendor_rows = [
        ("Brooks Properties, PLLC", KEEPER, 9, "3.06"),
        ("Brooks Properties, PLLC", SP1, 3, "4.15"),
    ]
    psa_rows = [("Brooks Ppty - Denver", BP, 10, "24.45"), ("Brooks Ppty - Denver", EXO, 6, "4.50")]
    result = reconcile(make_lines(Side.VENDOR, vendor_rows), make_lines(Side.PSA, psa_rows))
    assert not result.matches
