"""A text naming the frontline family without an edition ("M365 Frontline") is asked about as
the family's plan the client buys. Each test fails when its guard in
recon.match.plan_families (or its use in recon.match.product_evidence.TextScores) is removed.
"""

from __future__ import annotations

from recon.engine import reconcile
from recon.match.plan_families import names_family
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

F3 = "Microsoft 365 F3"
TEXT = "M365 Frontline"


def _run():
    vendor, psa = [], []
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, "Microsoft 365 Business Premium", 10 + i, "22"))
        psa.append((client, "Microsoft 365 Business Premium", 10 + i, "26"))
    # At Client 01 three unbilled lines of 2 seats: the seats alone cannot say which one the
    # text bills, and by name it is as near Exchange Online as F3.
    vendor += [
        ("Client 01", F3, 2, "8.15"),
        ("Client 01", "Exchange Online (Plan 1)", 2, "4.00"),
        ("Client 01", "Webroot Endpoint Protection", 2, "2.50"),
    ]
    psa.append(("Client 01", TEXT, 2, "11.22"))
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def test_a_frontline_text_is_asked_about_as_the_f_plan_beside_it() -> None:
    result = _run()
    (question,) = [q for q in result.questions if q.psa_product == TEXT]
    assert question.candidates[0].vendor_product == F3
    kinds = {(g.client, g.product, g.kind) for g in result.gaps}
    assert ("Client 01", F3, GapKind.MISSING_IN_PSA) not in kinds


def test_only_an_f_plan_is_named_by_the_family_word() -> None:
    assert names_family(TEXT, F3) == "Frontline"
    assert names_family("Office 365 Firstline", "Office 365 F3") == "Firstline"
    assert names_family(TEXT, "Microsoft 365 E3") == ""
    assert names_family("M365 Business", F3) == ""


def test_a_text_with_its_edition_is_left_to_the_catalogue() -> None:
    assert names_family("M365 Frontline F1", F3) == ""
