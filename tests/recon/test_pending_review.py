"""The gaps of a client held in review, shown now, pending the review (issue 11).

"Navarro Dental Group PA" (vendor) is "Navarro Dental Group PA - East" (PSA): the PSA adds a
branch (a site label of places or offices alone, "- Head Office", is matched on the name:
recon.match.sites), and the client's one product, Business Premium, differs in seats (12 charged, 10
billed), so the lines cannot settle the pair and it waits in review. Its best candidate is
clearly ahead (no runner-up, the same product on both sides), so the 2-seat gap shows now,
marked as resting on the review. With two or more products, all the same on both sides, the
pair is matched outright. Confirmed, the gap keeps its key and history; rejected, it is
withdrawn, never counted as fixed. Each test fails when its part of the feature is removed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from recon.engine import reconcile
from recon.engine.pending_review import MIN_LEAD, clearly_ahead, same_products_apart
from recon.match.client_evidence import Overlap
from recon.match.names import DiffKind, NameDiff
from recon.model import GapKind, Side, pending_review
from recon.store import GapStatus, Store
from tests.recon.cli_run import invoke, reconcile_json
from tests.recon.conftest import make_lines

VENDOR_NAME = "Navarro Dental Group PA"
PSA_NAME = "Navarro Dental Group PA - East"
BP = "Microsoft 365 Business Premium"
EXO = "Exchange Online (Plan 1)"
RESTS_ON = pending_review(VENDOR_NAME, PSA_NAME)
KEY = "navarro dent grp east|cat:ms-m365-business-premium|quantity_mismatch"


def _vendor(seats: int) -> str:
    return (
        "Customer Name,Product Name,Quantity,Unit Cost\n"
        f"{VENDOR_NAME},{BP},{seats},22.00\n"
        f"Acme,{BP},5,22.00\n"
    )


PSA = f"Company,Product,Quantity,Unit Price\n{PSA_NAME},{BP},10,26.00\nAcme,{BP},5,26.00\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str, str]:
    vendor, psa = tmp_path / "vendor.csv", tmp_path / "psa.csv"
    vendor.write_text(_vendor(12))
    psa.write_text(PSA)
    return str(vendor), str(psa), str(tmp_path / "recon.db")


def _lines(vendor: list[tuple], psa: list[tuple]):
    return make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa)


def test_a_review_items_gap_shows_now_pending_the_review(files) -> None:
    report = reconcile_json(files, "--no-save")
    # Still a review item: a person decides the pair; nothing was merged.
    assert [r["vendor_client"] for r in report["review"]] == [VENDOR_NAME]
    assert all(m["vendor_client"] != VENDOR_NAME for m in report["matches"])
    (gap,) = report["gaps"]
    assert (gap["kind"], gap["product"], gap["seat_delta"]) == ("quantity_mismatch", BP, 2)
    assert gap["gap_key"] == KEY
    assert gap["rests_on"] == RESTS_ON
    assert gap["confidence"] <= 0.5
    table = invoke("reconcile", files[0], files[1], "--db", files[2], "--no-save").stdout
    assert "1 gap(s) rest on a client pair held in review" in table


def test_the_pair_stays_out_of_the_seat_history_and_the_scope() -> None:
    vendor, psa = _lines(
        [(VENDOR_NAME, BP, 12, "22"), ("Acme", BP, 5, "22")],
        [(PSA_NAME, BP, 10, "26"), ("Acme", BP, 5, "26")],
    )
    result = reconcile(vendor, psa)
    assert [g.rests_on for g in result.gaps] == [RESTS_ON]
    assert set(result.seats["client_key"]) == {"acme"}
    assert result.scope is not None
    assert not result.scope.covers("navarro dent grp east", "cat:ms-m365-business-premium")
    assert result.summary.matched_clients == 1 and result.summary.review_items == 1


def test_a_confirmed_pair_keeps_the_gaps_key_and_history(files) -> None:
    (gap,) = reconcile_json(files)["gaps"]
    assert gap["status"] == "new"
    invoke("alias", "client", VENDOR_NAME, PSA_NAME, "--db", files[2], "--by", "cli:b")

    after = reconcile_json(files)
    assert after["review"] == []
    (same,) = after["gaps"]
    assert (same["gap_key"], same["id"], same["rests_on"]) == (KEY, gap["id"], None)
    assert same["confidence"] > 0.5
    stored = Store.open(files[2]).gap(gap["id"])
    assert stored.runs_seen == 2 and stored.status is GapStatus.OPEN
    assert stored.rests_on is None


def test_a_rejected_pair_withdraws_its_pending_gaps(files) -> None:
    (gap,) = reconcile_json(files)["gaps"]
    invoke("reject", "client", VENDOR_NAME, PSA_NAME, "--db", files[2], "--by", "x")

    after = reconcile_json(files)
    assert after["review"] == []
    assert all(g["rests_on"] is None for g in after["gaps"])
    store = Store.open(files[2])
    withdrawn = store.gap(gap["id"])
    assert withdrawn.withdrawn and withdrawn.fixed_at is None
    assert withdrawn.recovered_monthly is None
    assert withdrawn.fix_note is not None and RESTS_ON in withdrawn.fix_note
    assert "not the same client" in withdrawn.fix_note
    listed = invoke("gaps", "--status", "fixed", "--db", files[2]).stdout
    assert "withdrawn: its client review was answered no" in listed


def test_a_pending_gap_whose_seats_come_to_agree_is_fixed_not_withdrawn(files) -> None:
    (gap,) = reconcile_json(files)["gaps"]
    Path(files[0]).write_text(_vendor(10))  # the vendor seats were reduced to what is billed
    after = reconcile_json(files)
    assert after["gaps"] == []
    stored = Store.open(files[2]).gap(gap["id"])
    assert stored.status is GapStatus.FIXED and not stored.withdrawn
    assert stored.fixed_at is not None


def test_explain_says_what_a_review_gap_rests_on(files) -> None:
    reconcile_json(files)
    text = invoke("explain", PSA_NAME, "--db", files[2]).stdout
    assert "pending gaps (true only if the question they rest on is answered yes):" in text
    assert f"rests on {RESTS_ON}" in text


def test_never_both_halves_at_a_pending_pair() -> None:
    # "Spam Filter Service" beside an unbilled Proofpoint with the same seats at a pending
    # client: most likely one product under two names, not a vendor line billed nowhere.
    # The quantity gap still shows.
    vendor, psa = _lines(
        [
            (VENDOR_NAME, BP, 12, "22"),
            (VENDOR_NAME, "Proofpoint Essentials Business", 7, "3"),
            ("Acme", BP, 5, "22"),
        ],
        [
            (PSA_NAME, BP, 10, "26"),
            (PSA_NAME, "Spam Filter Service", 7, "5"),
            ("Acme", BP, 5, "26"),
        ],
    )
    result = reconcile(vendor, psa)
    assert [(g.kind, g.seat_delta) for g in result.gaps] == [
        (GapKind.QUANTITY_MISMATCH, Decimal(2))
    ]


def test_a_pair_with_a_close_runner_up_is_not_shown() -> None:
    # Two PSA clients fit the vendor name as well: which one holds the gap is the question.
    vendor, psa = _lines(
        [(VENDOR_NAME, BP, 12, "22"), ("Acme", BP, 5, "22")],
        [
            (PSA_NAME, BP, 10, "26"),
            ("Navarro Dental Group PA - Annex", BP, 10, "26"),
            ("Acme", BP, 5, "26"),
        ],
    )
    result = reconcile(vendor, psa)
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    assert all(g.client != PSA_NAME for g in result.gaps)
    assert not any(g.rests_on for g in result.gaps)


AGREE = Overlap(1, 2, 2, 2)


@pytest.mark.parametrize(
    ("overlap", "rivals", "ahead"),
    [
        (AGREE, [], True),
        (Overlap(0, 1, 1, 1), [], True),  # one product, seats differ: the gap
        (AGREE, [(80.0 - MIN_LEAD + 0.1, Overlap(0, 2, 2, 0))], False),  # runner-up too close
        (AGREE, [(80.0 - MIN_LEAD, Overlap(0, 2, 2, 0))], True),
        (AGREE, [(60.0, AGREE)], False),  # a sibling whose lines agree as well
        (AGREE, [(60.0, Overlap(0, 2, 2, 2))], True),  # a sibling whose seats agree less
        (Overlap(0, 3, 3, 1), [], False),  # most products differ
        (Overlap(0, 2, 2, 0), [], False),  # nothing in common
        (Overlap(0, 0, 2, 0), [], False),  # no vendor line to compare
    ],
)
def test_clearly_ahead(overlap: Overlap, rivals: list, ahead: bool) -> None:
    assert clearly_ahead(overlap, 80.0, rivals) is ahead


# ---- matched outright: the same products, a site or short form apart ----------------------


def test_the_same_products_under_a_site_name_match_outright() -> None:
    vendor, psa = _lines(
        [(VENDOR_NAME, BP, 12, "22"), (VENDOR_NAME, EXO, 3, "4"), ("Acme", BP, 5, "22")],
        [(PSA_NAME, BP, 10, "26"), (PSA_NAME, EXO, 3, "5"), ("Acme", BP, 5, "26")],
    )
    result = reconcile(vendor, psa)
    assert result.review == ()
    match = next(m for m in result.matches if m.vendor_client == VENDOR_NAME)
    assert match.psa_client == PSA_NAME and match.method.value == "evidence"
    assert "the same 2 products at both" in match.note
    (gap,) = result.gaps
    assert (gap.kind, gap.seat_delta, gap.rests_on) == (GapKind.QUANTITY_MISMATCH, 2, None)
    assert gap.key == KEY  # the key a confirmed review would have given it


@pytest.mark.parametrize(
    ("psa_name", "outright"),
    [
        (PSA_NAME, True),  # a site
        ("Navarro Dntl Grp PA", True),  # short forms
        ("Navarro Dental Lab Group PA", False),  # a distinguishing word: a near twin
    ],
)
def test_only_a_site_or_short_form_apart_matches_outright(psa_name: str, outright: bool) -> None:
    vendor, psa = _lines(
        [(VENDOR_NAME, BP, 12, "22"), (VENDOR_NAME, EXO, 3, "4"), ("Acme", BP, 5, "22")],
        [(psa_name, BP, 10, "26"), (psa_name, EXO, 3, "5"), ("Acme", BP, 5, "26")],
    )
    result = reconcile(vendor, psa)
    matched = any(m.vendor_client == VENDOR_NAME for m in result.matches)
    assert matched is outright


def test_one_product_or_a_rival_keeps_the_pair_in_review() -> None:
    one = _lines(
        [(VENDOR_NAME, BP, 12, "22"), ("Acme", BP, 5, "22")],
        [(PSA_NAME, BP, 10, "26"), ("Acme", BP, 5, "26")],
    )
    assert [r.vendor_client for r in reconcile(*one).review] == [VENDOR_NAME]
    rival = _lines(
        [(VENDOR_NAME, BP, 12, "22"), (VENDOR_NAME, EXO, 3, "4"), ("Acme", BP, 5, "22")],
        [
            (PSA_NAME, BP, 10, "26"),
            (PSA_NAME, EXO, 3, "5"),
            ("Navarro Dental Group PA - Annex", "Visio Plan 2", 1, "15"),
            ("Acme", BP, 5, "26"),
        ],
    )
    result = reconcile(*rival)
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    assert len(result.review[0].candidates) == 2


@pytest.mark.parametrize(
    ("overlap", "kind", "outright"),
    [
        (Overlap(1, 2, 2, 2), DiffKind.SOFT_EXTRA, True),
        (Overlap(0, 2, 2, 2, near=1), DiffKind.SHORT_FORMS, True),
        (Overlap(0, 2, 2, 2), DiffKind.SOFT_EXTRA, False),  # no seats agree anywhere
        (Overlap(0, 1, 1, 1, near=1), DiffKind.SOFT_EXTRA, False),  # one product says little
        (Overlap(1, 3, 2, 2), DiffKind.SOFT_EXTRA, False),  # the vendor holds one more
        (Overlap(1, 2, 3, 2), DiffKind.SOFT_EXTRA, False),  # the PSA bills one more
        (Overlap(1, 2, 2, 2), DiffKind.EXTRA_WORD, False),  # a near twin
    ],
)
def test_same_products_apart(overlap: Overlap, kind: DiffKind, outright: bool) -> None:
    assert same_products_apart(overlap, NameDiff(kind)) is outright


def test_no_pending_gap_where_another_psa_line_bills_the_missing_seats() -> None:
    # The PSA bills 10 seats under the catalogue name and 2 under a name nothing maps: the
    # 2 "missing" seats are most likely that line, so the review's answer decides.
    vendor, psa = _lines(
        [(VENDOR_NAME, BP, 12, "22"), ("Acme", BP, 5, "22")],
        [(PSA_NAME, BP, 10, "26"), (PSA_NAME, "Zorblat Seats", 2, "26"), ("Acme", BP, 5, "26")],
    )
    result = reconcile(vendor, psa)
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    assert result.gaps == ()


def test_a_service_line_of_other_seats_does_not_hide_a_vendor_line() -> None:
    # The PSA client's own "Managed Services" line resembles a vendor product only by a weak
    # name (the vendor file sells Huntress elsewhere): it is not the 4 Copilot seats, so they
    # show, pending the review.
    copilot = "Microsoft 365 Copilot"
    vendor, psa = _lines(
        [
            (VENDOR_NAME, BP, 12, "22"),
            (VENDOR_NAME, copilot, 4, "30"),
            ("Acme", BP, 5, "22"),
            ("Acme", "Huntress Managed EDR", 5, "3"),
        ],
        [
            (PSA_NAME, BP, 10, "26"),
            (PSA_NAME, "Managed Services - Per User", 17, "95"),
            ("Acme", BP, 5, "26"),
            ("Acme", "Huntress Managed EDR", 5, "4"),
        ],
    )
    result = reconcile(vendor, psa)
    assert sorted((g.kind, g.product, g.rests_on) for g in result.gaps) == [
        (GapKind.MISSING_IN_PSA, copilot, RESTS_ON),
        (GapKind.QUANTITY_MISMATCH, BP, RESTS_ON),
    ]


def test_a_vendor_line_billed_under_a_text_naming_it_is_no_other_lines_half() -> None:
    # "Bitdefender AV" (5) is the vendor's Bitdefender (5) under a text nothing maps; the
    # Datto line (4 seats, the vendor sells no Datto here) is then a line of its own.
    bitdefender = "Bitdefender GravityZone Business Security"
    datto = "Datto SaaS Protection for Microsoft 365"
    vendor, psa = _lines(
        [
            (VENDOR_NAME, BP, 12, "22"),
            (VENDOR_NAME, bitdefender, 5, "2"),
            ("Acme", BP, 5, "22"),
            ("Acme", datto, 5, "3"),
        ],
        [
            (PSA_NAME, BP, 10, "26"),
            (PSA_NAME, "Bitdefender AV", 5, "3"),
            (PSA_NAME, datto, 4, "4"),
            ("Acme", BP, 5, "26"),
            ("Acme", datto, 5, "4"),
        ],
    )
    result = reconcile(vendor, psa)
    assert sorted((g.kind, g.product, g.rests_on) for g in result.gaps) == [
        (GapKind.MISSING_IN_VENDOR, "Datto SaaS Protection", RESTS_ON),
        (GapKind.QUANTITY_MISMATCH, BP, RESTS_ON),
    ]
