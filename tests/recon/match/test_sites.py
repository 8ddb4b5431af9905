"""One client written at two sites ("X - Spokane" / "X (Tampa)"): matched only when nothing
else bears the name and the lines say so (issue 11). Each test fails when its guard is removed.
"""

from __future__ import annotations

import pytest

from recon.engine import reconcile
from recon.match.client_evidence import Overlap
from recon.match.names import site_split
from recon.match.office_labels import site_label
from recon.match.sites import lines_settle, one_client
from recon.model import GapKind, Knowledge, MatchMethod, Side
from tests.recon.conftest import make_lines
from tests.recon.test_leftover_clients import _fillers

VENDOR = "Weber & Dunn Medical Associates - Spokane"
PSA = "Weber & Dunn Medical Associates (Tampa)"
BP, EXO = "Microsoft 365 Business Premium", "Exchange Online (Plan 1)"
E3, PHONE = "Office 365 E3", "Microsoft Teams Phone Standard"


def _rows(name: str, phone: int, price: str) -> list[tuple]:
    return [
        (name, BP, 4, price),
        (name, EXO, 2, price),
        (name, E3, 6, price),
        (name, PHONE, phone, price),
    ]


def _run(vendor: list[tuple], psa: list[tuple], knowledge: Knowledge | None = None):
    return reconcile(
        make_lines(Side.VENDOR, [*vendor, ("Acme", BP, 5, "22")]),
        make_lines(Side.PSA, [*psa, ("Acme", BP, 5, "26")]),
        knowledge=knowledge,
    )


def _paired(result, vendor: str = VENDOR) -> str | None:
    return next((m.psa_client for m in result.matches if m.vendor_client == vendor), None)


def test_site_split_sets_the_sites_and_legal_forms_apart() -> None:
    assert site_split(VENDOR) == (("weber", "dunn", "med", "assoc"), ("spokane",))
    assert site_split("Alvarado Hospice Co. - TX")[1] == ("tx",)


def test_one_name_at_two_sites_is_one_client_when_the_lines_agree() -> None:
    result = _run(_rows(VENDOR, 1, "22"), _rows(PSA, 3, "26"))
    assert _paired(result) == PSA
    match = next(m for m in result.matches if m.vendor_client == VENDOR)
    assert match.method is MatchMethod.EVIDENCE and "two sites" in match.note
    # The real gap shows, decided, instead of four false lines on each side.
    assert [(g.kind, g.seat_delta, g.rests_on) for g in result.gaps] == [
        (GapKind.QUANTITY_MISMATCH, -2, None)
    ]


@pytest.mark.parametrize(
    ("extra_vendor", "extra_psa"),
    [
        ([], [("Weber & Dunn Medical Associates (Boise)", BP, 1, "26")]),  # another site billed
        ([("Weber & Dunn Medical Associates - Boise", BP, 1, "22")], []),  # another site bought
        ([], [("Weber & Dunn Medical Associates", BP, 1, "26")]),  # the name with no site
        (  # a third site, matched on both sides
            [("Weber & Dunn Medical Associates (Boise)", BP, 1, "22")],
            [("Weber & Dunn Medical Associates (Boise)", BP, 1, "26")],
        ),
    ],
)
def test_another_client_of_the_name_keeps_the_sites_apart(extra_vendor, extra_psa) -> None:
    result = _run([*_rows(VENDOR, 1, "22"), *extra_vendor], [*_rows(PSA, 3, "26"), *extra_psa])
    assert _paired(result) != PSA


def test_a_plain_word_apart_or_few_lines_keep_the_sites_apart() -> None:
    lab = "Weber & Dunn Medical Lab (Tampa)"
    assert _paired(_run(_rows(VENDOR, 1, "22"), _rows(lab, 3, "26"))) is None
    one = _run([(VENDOR, BP, 4, "22")], [(PSA, BP, 4, "26")])
    assert _paired(one) is None  # one line says too little


def test_a_rejected_pair_is_never_matched_by_its_sites() -> None:
    no = Knowledge(client_rejections=((VENDOR, PSA),))
    assert _paired(_run(_rows(VENDOR, 1, "22"), _rows(PSA, 3, "26"), no)) is None


@pytest.mark.parametrize(
    ("overlap", "one"),
    [
        (Overlap(3, 3, 3, 3), True),  # overwhelms
        (Overlap(3, 4, 4, 4), True),  # the same four products, three seats agree
        (Overlap(2, 2, 2, 2), True),  # the same two products, both agree
        (Overlap(1, 2, 2, 2), False),  # the same two products, one agrees: too little
        (Overlap(1, 3, 3, 3), False),  # one of three agrees: no support
        (Overlap(2, 3, 4, 3), False),  # the PSA bills another product
        (Overlap(1, 1, 1, 1), False),  # one product
    ],
)
def test_one_client(overlap: Overlap, one: bool) -> None:
    assert one_client(overlap) is one


# One side only writes the site ("Tran Surveying" / "Tran Surveying - Columbus"): a site
# label, matched when nothing else bears the name and the lines do not say two clients.
PLAIN = "Tran Surveying"
TEAMS = "Microsoft Teams Essentials"


def _plain_rows(name: str, seats: int, price: str) -> list[tuple]:
    return [(name, BP, seats, price), (name, TEAMS, 3, price)]


def _labelled_rows(name: str) -> list[tuple]:
    # One product in common and its seats differ: no other rule pairs the names on lines
    # this thin.
    return [(name, BP, 6, "26")]


@pytest.mark.parametrize(
    "labelled",
    [
        "Tran Surveying - Columbus",
        "Tran Surveying (Tampa)",
        "Tran Surveying - Main Office",
        "Tran Surveying Main Office",
        "Tran Surveying - Billing",
    ],
)
def test_a_site_label_on_one_side_is_one_client(labelled: str) -> None:
    result = _run(_plain_rows(PLAIN, 4, "22"), _labelled_rows(labelled))
    assert _paired(result, PLAIN) == labelled
    match = next(m for m in result.matches if m.vendor_client == PLAIN)
    assert match.method is MatchMethod.EVIDENCE and "site label" in match.note
    assert not result.review
    # The real gaps show, decided.
    assert sorted((g.kind, g.seat_delta, g.rests_on) for g in result.gaps) == [
        (GapKind.MISSING_IN_PSA, 3, None),
        (GapKind.QUANTITY_MISMATCH, -2, None),
    ]


@pytest.mark.parametrize(
    "twin",
    [
        "Tran Surveying - East",  # a direction names a branch, maybe another company
        "Tran Surveying South",
        "Tran Surveying II",  # a number
        "Tran Surveying of Columbus",  # part of a legal name
        "Tran Surveying Lab (Columbus)",  # a plain word beside the place
    ],
)
def test_a_near_twin_beside_a_site_is_never_matched_on_the_label(twin: str) -> None:
    result = _run(_plain_rows(PLAIN, 4, "22"), _labelled_rows(twin))
    assert _paired(result, PLAIN) is None


@pytest.mark.parametrize(
    ("extra_vendor", "extra_psa"),
    [
        ([], [("Tran Surveying Group", TEAMS, 1, "26")]),  # another client extends the name
        ([("Tran Surveying Lab", TEAMS, 2, "22")], []),  # a near twin bought from the vendor
    ],
)
def test_another_client_of_the_name_keeps_a_site_label_apart(extra_vendor, extra_psa) -> None:
    labelled = "Tran Surveying - Columbus"
    result = _run(
        [*_plain_rows(PLAIN, 4, "22"), *extra_vendor],
        [*_labelled_rows(labelled), *extra_psa],
    )
    assert _paired(result, PLAIN) != labelled


def test_a_site_label_with_no_product_in_common_stays_in_review() -> None:
    labelled = "Tran Surveying - Columbus"
    # The PSA client bills a product the vendor file sells elsewhere, none of the vendor
    # client's: two clients' lines, nothing shared.
    elsewhere = "Zeta Dental"
    result = _run(
        [(PLAIN, BP, 4, "22"), (PLAIN, TEAMS, 3, "22"), (elsewhere, E3, 2, "30")],
        [(labelled, E3, 4, "36"), (elsewhere, E3, 2, "36")],
    )
    assert _paired(result, PLAIN) is None
    # One side billing nothing the vendor file sells says nothing either way.
    alone = _run([(PLAIN, BP, 4, "22"), (PLAIN, TEAMS, 3, "22")], [(labelled, E3, 4, "26")])
    assert _paired(alone, PLAIN) == labelled


def test_a_rejected_pair_is_never_matched_by_its_site_label() -> None:
    labelled = "Tran Surveying - Columbus"
    no = Knowledge(client_rejections=((PLAIN, labelled),))
    result = _run(_plain_rows(PLAIN, 4, "22"), _labelled_rows(labelled), no)
    assert _paired(result, PLAIN) is None


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Newman Supply Main Office", (("newman", "sply"), ("main", "office"))),
        ("Gleason Farms - Admin", (("gleason", "farms"), ("admn",))),
        ("Roman Hospice - TX", (("roman", "hospice"), ("tx",))),
        ("Lighthouse Canyon Systems - East", None),
        ("Acme Dental - Store 12", None),
    ],
)
def test_site_label(name: str, label) -> None:
    assert site_label(name) == label


def _review_of(result, vendor: str = VENDOR):
    return next((r for r in result.review if r.vendor_client == vendor), None)


def _filled(vendor: list[tuple], psa: list[tuple]):
    # Forty clients matched by name, so the review budget (3 %) has room for a question.
    fillers = _fillers()
    return reconcile(
        make_lines(Side.VENDOR, [*fillers, *vendor]),
        make_lines(Side.PSA, [(c, p, q, "30") for c, p, q, _ in fillers] + psa),
    )


def test_two_sites_with_thin_lines_are_asked_not_left_unmatched() -> None:
    # One product in common, its seats differ: too little to match, enough to ask.
    result = _filled([(VENDOR, BP, 4, "22"), (VENDOR, TEAMS, 2, "22")], [(PSA, BP, 6, "26")])
    assert _paired(result) is None
    item = _review_of(result)
    assert item is not None and [c.psa_client for c in item.candidates] == [PSA]
    assert "two sites" in item.reason
    # Not "missing in vendor" for the whole PSA client beside "missing in PSA" for the vendor's.
    assert not any(g.kind is GapKind.MISSING_IN_VENDOR and not g.rests_on for g in result.gaps)


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("Weber & Dunn Medical Associates - East", PSA),  # a direction: maybe another branch
        (VENDOR, "Weber & Dunn Medical Associates - Store 12"),  # a number
    ],
)
def test_two_labels_one_of_them_a_branch_are_never_asked(vendor: str, psa: str) -> None:
    result = _filled([(vendor, BP, 4, "22"), (vendor, TEAMS, 2, "22")], [(psa, BP, 6, "26")])
    assert _paired(result, vendor) is None
    assert _review_of(result, vendor) is None


def test_two_sites_holding_different_products_are_not_asked() -> None:
    result = _filled(
        [(VENDOR, BP, 4, "22"), (VENDOR, TEAMS, 2, "22"), ("Zeta Dental", E3, 2, "30")],
        [(PSA, E3, 6, "36"), ("Zeta Dental", E3, 2, "36")],
    )
    assert _review_of(result) is None


# Two labels, both places, and lines that support the pair without overwhelming it: two
# rare lines alike, a licence bought and never billed, a seat that moved (issue 11).
DEFENDER = "Microsoft Defender for Office 365 (Plan 1)"


def _supported(vendor: str = VENDOR) -> tuple[list[tuple], list[tuple]]:
    bought = [(vendor, BP, 86, "22"), (vendor, DEFENDER, 88, "2"), (vendor, E3, 166, "20")]
    billed = [(PSA, BP, 86, "26"), (PSA, DEFENDER, 88, "3"), (PSA, PHONE, 11, "9")]
    return [*bought, (vendor, PHONE, 12, "8")], billed


def test_two_sites_whose_rare_lines_support_them_are_one_client() -> None:
    result = _filled(*_supported())
    assert _paired(result) == PSA
    # The licence bought and never billed and the moved seat show, not every line twice.
    assert sorted((g.kind, g.seat_delta) for g in result.gaps if "Weber" in g.client) == [
        (GapKind.MISSING_IN_PSA, 166),
        (GapKind.QUANTITY_MISMATCH, 1),
    ]


def test_two_sites_whose_supporting_lines_are_common_are_not_matched() -> None:
    # The same clients alone in their files: every line is held by half the vendor's clients.
    assert _paired(_run(*_supported())) is None


def test_a_direction_label_is_never_matched_on_supporting_lines() -> None:
    east = "Weber & Dunn Medical Associates - East"
    assert _paired(_filled(*_supported(east)), east) is None


@pytest.mark.parametrize(
    ("overlap", "settles"),
    [
        (Overlap(2, 4, 3, 3, 0, 12.0), True),  # two rare lines of three alike
        (Overlap(2, 4, 3, 3, 0, 9.0), False),  # the same, common lines
        (Overlap(1, 1, 1, 1, 0, 12.0), False),  # one line alike, however rare
        (Overlap(2, 6, 5, 5, 0, 12.0), False),  # two lines of five: no support
    ],
)
def test_lines_settle(overlap: Overlap, settles: bool) -> None:
    assert lines_settle(overlap) is settles
