"""A client review's one-sided gaps that hold whichever way it is answered (issue 11).

"Blair & Mann Partners Corp." (vendor) may be "Blair & Mann Ptnrs Services Corp." (PSA): a
whole word apart, so a person decides. The PSA client bills only the MSP's own service, so
the vendor's 6 Defender seats are billed nowhere whatever the answer: that gap shows now,
resting on the review, on the vendor client. A PSA line of a product the vendor client does
not hold is likewise not bought whichever way. Where the two clients may hold one product
under two names (about the same seats, or a text that may be that product), nothing shows
until the review is answered. Each test fails when its part of the rule is removed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from recon.catalog import load_catalog
from recon.engine import reconcile
from recon.engine.one_kind import other_kinds, product_kinds
from recon.engine.pending_review import may_be_one_line, one_side
from recon.model import QTY_SCALE, GapKind, Side, pending_review
from recon.store import Store
from tests.recon.cli_run import invoke, reconcile_json
from tests.recon.conftest import make_lines, one_sided_gap

VENDOR_NAME = "Blair & Mann Partners Corp."
PSA_NAME = "Blair & Mann Ptnrs Services Corp."
RESTS_ON = pending_review(VENDOR_NAME, PSA_NAME)
DEFENDER = "Microsoft Defender for Office 365 (Plan 1)"
DEFENDER_P2 = "Microsoft Defender for Office 365 (Plan 2)"
BP = "Microsoft 365 Business Premium"
TEAMS = "Microsoft Teams Essentials"
EXO = "Exchange Online (Plan 1)"
SERVICE = "Managed Services - Per User"
OTHERS_V = [("Acme Dental", BP, 5, "22"), ("Zephyr Logistics", EXO, 9, "4")]
OTHERS_P = [("Acme Dental", BP, 5, "26"), ("Zephyr Logistics", EXO, 9, "5")]


def _run(vendor: list[tuple], psa: list[tuple]):
    return reconcile(
        make_lines(Side.VENDOR, vendor + OTHERS_V), make_lines(Side.PSA, psa + OTHERS_P)
    )


def test_a_vendor_line_the_candidate_bills_nothing_like_shows_pending() -> None:
    result = _run([(VENDOR_NAME, DEFENDER, 6, "1.82")], [(PSA_NAME, SERVICE, 28, "95")])
    # Still one review item: nothing merged, the queue as it was.
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    assert all(m.vendor_client != VENDOR_NAME for m in result.matches)
    (gap,) = result.gaps
    assert (gap.kind, gap.vendor_qty, gap.psa_qty) == (GapKind.MISSING_IN_PSA, 6, 0)
    # On the vendor client, right whichever way the review is answered.
    assert (gap.vendor_client, gap.psa_client) == (VENDOR_NAME, None)
    assert gap.rests_on == RESTS_ON
    assert gap.confidence <= 0.5
    assert "whichever way the review is answered" in gap.why
    # A pair nobody confirmed has no seat history.
    assert gap.client_key not in set(result.seats["client_key"])


def test_a_candidates_line_the_vendor_client_does_not_hold_shows_pending() -> None:
    result = _run(
        [(VENDOR_NAME, DEFENDER, 6, "1.82")],
        [(PSA_NAME, SERVICE, 28, "95"), (PSA_NAME, EXO, 14, "5")],
    )
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    # Exchange is billed to a client the vendor sells no Exchange to, whichever way; the
    # Defender seats are billed nowhere, whichever way.
    shown = {(g.kind, g.product, g.vendor_client, g.psa_client, g.rests_on) for g in result.gaps}
    assert shown == {
        (GapKind.MISSING_IN_VENDOR, EXO, None, PSA_NAME, RESTS_ON),
        (GapKind.MISSING_IN_PSA, DEFENDER, VENDOR_NAME, None, RESTS_ON),
    }


@pytest.mark.parametrize(
    ("psa_line", "why"),
    [
        ((PSA_NAME, "Email Security Seats", 6, "3"), "about the same seats, a text nothing reads"),
        ((PSA_NAME, DEFENDER_P2, 6, "4"), "about the same seats, a product of its kind"),
        ((PSA_NAME, "Email Threat Protection P1", 40, "3"), "a text that may be that product"),
    ],
)
def test_nothing_shows_where_one_line_may_be_read_two_ways(psa_line: tuple, why: str) -> None:
    result = _run([(VENDOR_NAME, DEFENDER, 6, "1.82")], [psa_line])
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME], why
    assert [g for g in result.gaps if g.rests_on] == [], why


def test_a_line_of_another_kind_at_about_the_same_seats_hides_nothing() -> None:
    # A small client bills many products at a few seats each: some line is nearly always
    # within a seat of any vendor line. Business Premium is not Defender read another way
    # (a suite, not email security), so both lines hold whichever way the review goes.
    result = _run(
        [(VENDOR_NAME, DEFENDER, 6, "1.82")],
        [(PSA_NAME, BP, 6, "26"), (PSA_NAME, TEAMS, 5, "4")],
    )
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    shown = {(g.kind, g.product, g.rests_on) for g in result.gaps}
    assert shown == {
        (GapKind.MISSING_IN_PSA, DEFENDER, RESTS_ON),
        (GapKind.MISSING_IN_VENDOR, BP, RESTS_ON),
        (GapKind.MISSING_IN_VENDOR, TEAMS, RESTS_ON),
    }


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        ("cat:ms-m365-business-premium", "cat:ms-defender-office-p1", True),
        ("cat:ms-defender-office-p1", "cat:ms-defender-office-p2", False),
        # "Managed EDR" may be either maker's: endpoint protection, EDR and MDR are one kind.
        ("cat:huntress-managed-edr", "cat:s1-singularity-control", False),
        ("cat:huntress-managed-edr", "cat:huntress-managed-sat", True),
        # A text the catalogue does not hold may be any product.
        ("cat:ms-defender-office-p1", "email security seats", False),
    ],
)
def test_only_catalogued_products_of_two_kinds_are_never_one_line(
    a: str, b: str, apart: bool
) -> None:
    kinds = product_kinds(load_catalog().products())
    assert other_kinds(a, b, kinds) is apart
    assert other_kinds(b, a, kinds) is apart


def test_a_review_with_two_candidates_shows_only_what_neither_bills() -> None:
    # Which PSA client it is, is the question; a line neither bills anything like is billed
    # nowhere whichever way it is answered (recon.engine.review_short).
    vendor = [(VENDOR_NAME, DEFENDER, 6, "1.82")]
    psa = [(PSA_NAME, SERVICE, 28, "95"), ("Blair & Mann Partners Group", SERVICE, 9, "95")]
    result = _run(vendor, psa)
    assert len(result.review) == 1 and len(result.review[0].candidates) == 2
    (gap,) = result.gaps
    assert (gap.kind, gap.product, gap.vendor_qty) == (GapKind.MISSING_IN_PSA, DEFENDER, 6)
    assert gap.rests_on is not None and gap.rests_on.startswith("the client review")
    # A line either may bill under a text the run cannot read is not settled.
    psa = [*psa[:1], ("Blair & Mann Partners Group", "Mail Shield Seats", 6, "3")]
    result = _run(vendor, psa)
    assert len(result.review) == 1 and len(result.review[0].candidates) == 2
    assert result.gaps == ()


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str, str]:
    vendor, psa = tmp_path / "vendor.csv", tmp_path / "psa.csv"
    vendor.write_text(
        "Customer Name,Product Name,Quantity,Unit Cost\n"
        f'"{VENDOR_NAME}",{DEFENDER},6,1.82\nAcme Dental,{BP},5,22.00\n'
        f"Zephyr Logistics,{EXO},9,4.00\n"
    )
    psa.write_text(
        "Company,Product,Quantity,Unit Price\n"
        f'"{PSA_NAME}",{SERVICE},28,95.00\nAcme Dental,{BP},5,26.00\n'
        f"Zephyr Logistics,{EXO},9,5.00\n"
    )
    return str(vendor), str(psa), str(tmp_path / "recon.db")


def test_answered_no_the_same_gap_shows_again_no_longer_pending(files) -> None:
    (gap,) = reconcile_json(files)["gaps"]
    assert gap["rests_on"] == RESTS_ON
    invoke("reject", "client", VENDOR_NAME, PSA_NAME, "--db", files[2], "--by", "x")

    after = reconcile_json(files)
    assert after["review"] == []
    (same,) = after["gaps"]
    assert (same["gap_key"], same["id"], same["rests_on"]) == (gap["gap_key"], gap["id"], None)
    stored = Store.open(files[2]).gap(gap["id"])
    assert stored.runs_seen == 2 and not stored.withdrawn


def test_answered_yes_the_pair_is_compared_and_the_pending_gap_withdrawn(files) -> None:
    (gap,) = reconcile_json(files)["gaps"]
    invoke("alias", "client", VENDOR_NAME, PSA_NAME, "--db", files[2], "--by", "cli:b")

    after = reconcile_json(files)
    assert after["review"] == []
    (now,) = after["gaps"]
    assert (now["kind"], now["psa_client"], now["rests_on"]) == ("missing_in_psa", PSA_NAME, None)
    assert Decimal(str(now["vendor_qty"])) == 6
    old = Store.open(files[2]).gap(gap["id"])
    assert old.withdrawn and old.fixed_at is None


@pytest.mark.parametrize(("unmapped", "shown"), [(True, True), (False, False)])
def test_only_an_unmapped_text_speaks_for_a_vendor_line(unmapped: bool, shown: bool) -> None:
    # 25 PSA seats of a product the vendor client does not hold, beside 25 unbilled vendor
    # seats of another. Where an unmapped text at the client names the vendor product, that
    # text is its line and the PSA line is one of its own; a question's text does not say so
    # (it may be this very line, compared by name here and asked about elsewhere).
    gap = one_sided_gap(GapKind.MISSING_IN_VENDOR, "cat:ironscales", 25)
    beside = [("cat:proofpoint", 25 * QTY_SCALE)]
    lines = [(25 * QTY_SCALE, frozenset({"cat:proofpoint"}), unmapped)]
    mine = [one_side(gap)]
    assert may_be_one_line(gap, mine, beside, lines) is not shown
