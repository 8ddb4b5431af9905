"""A review candidate whose lines are another company's is no candidate (issue 11, review).

At 60,000 clients "Keller Meadows Financial Services, LP" (bought for, billed nowhere) waited
in review with "Keller Fncl Services" (billed, bought nowhere), the names a word apart and the
seats agreeing at 7 of 25 lines: neither's 38 gaps showed. Lines that agree by seats at no
more than a third of five or more are two companies' (``recon.match.other_company``): the
candidate goes, and each side's lines are gaps. Each test fails when its rule or guard is
removed.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from recon.engine import reconcile
from recon.match import ClientMatching
from recon.match.client_evidence import Footprints
from recon.match.names import ClientName
from recon.match.other_company import lines_apart, other_company, release_other_companies
from recon.model import QTY_SCALE, Candidate, GapKind, ReconResult, ReviewItem, Side
from recon.normalize import client_key
from tests.recon.conftest import Row, make_lines

BP = "Microsoft 365 Business Premium"
BASIC = "Microsoft 365 Business Basic"
STANDARD = "Microsoft 365 Business Standard"
EDR = "Huntress Managed EDR"
F3 = "Microsoft 365 F3"
E3 = "Microsoft 365 E3"
EXO = "Exchange Online (Plan 1)"
PBI = "Power BI Pro"
VISIO = "Visio Plan 2"
PRICES = {
    BP: "22",
    BASIC: "6",
    STANDARD: "12.5",
    EDR: "3",
    F3: "8",
    E3: "36",
    EXO: "4",
    PBI: "10",
    VISIO: "15",
}
VENDOR_NAME = "Keller Meadows Financial"
PSA_NAME = "Keller Financial"
# An ordinary client holding every product, so the vendor file sells each one the PSA bills.
ACME = [("Acme", product, 5) for product in PRICES]


def _rows(rows: list[tuple[str, str, int]], markup: str = "0") -> list[Row]:
    return [(c, p, n, str(float(PRICES[p]) + float(markup))) for c, p, n in rows]


def _run(vendor: list[tuple[str, str, int]], psa: list[tuple[str, str, int]]) -> ReconResult:
    return reconcile(
        make_lines(Side.VENDOR, _rows([*vendor, *ACME])),
        make_lines(Side.PSA, _rows([*psa, *ACME], markup="2")),
    )


def _gaps(result: ReconResult, client: str) -> dict[str, tuple[GapKind, str | None]]:
    return {g.product: (g.kind, g.rests_on) for g in result.gaps if g.client == client}


#: Six lines bought; the PSA company bills six, three of the same products, one at the same
#: seats: one client's two files would agree at five.
KELLER_VENDOR = [
    (VENDOR_NAME, BP, 12),
    (VENDOR_NAME, EDR, 12),
    (VENDOR_NAME, F3, 4),
    (VENDOR_NAME, E3, 9),
    (VENDOR_NAME, EXO, 3),
    (VENDOR_NAME, BASIC, 7),
]
KELLER_PSA = [
    (PSA_NAME, BP, 30),
    (PSA_NAME, EDR, 12),
    (PSA_NAME, F3, 15),
    (PSA_NAME, STANDARD, 8),
    (PSA_NAME, PBI, 5),
    (PSA_NAME, VISIO, 2),
]


def test_a_candidate_whose_seats_agree_at_one_line_in_six_is_another_company() -> None:
    result = _run(KELLER_VENDOR, KELLER_PSA)
    assert result.review == ()
    assert all(m.vendor_client != VENDOR_NAME for m in result.matches)
    # Each side's lines are gaps of their own, shown outright, not pending a question.
    assert _gaps(result, VENDOR_NAME) == {
        p: (GapKind.MISSING_IN_PSA, None) for _, p, _ in KELLER_VENDOR
    }
    assert _gaps(result, PSA_NAME) == {
        p: (GapKind.MISSING_IN_VENDOR, None) for _, p, _ in KELLER_PSA
    }


def test_a_candidate_with_too_few_lines_to_tell_stays_in_review() -> None:
    # Four lines a side, one alike: one licence not yet billed is a quarter of a client that
    # small.
    vendor = [
        (VENDOR_NAME, BP, 12),
        (VENDOR_NAME, EDR, 12),
        (VENDOR_NAME, F3, 20),
        (VENDOR_NAME, E3, 9),
    ]
    psa = [(PSA_NAME, BP, 30), (PSA_NAME, EDR, 12), (PSA_NAME, F3, 15), (PSA_NAME, STANDARD, 8)]
    result = _run(vendor, psa)
    assert [(r.vendor_client, [c.psa_client for c in r.candidates]) for r in result.review] == [
        (VENDOR_NAME, [PSA_NAME])
    ]


def test_a_tenant_billed_within_the_candidates_sums_stays_in_review() -> None:
    # Every product the vendor client holds is billed to the candidate, at as many seats or
    # more: a tenant's share of one organisation's sum, not another company's lines.
    tenant = [
        (VENDOR_NAME, BP, 12),
        (VENDOR_NAME, EDR, 10),
        (VENDOR_NAME, F3, 4),
        (VENDOR_NAME, PBI, 2),
    ]
    summed = [
        (PSA_NAME, BP, 30),
        (PSA_NAME, EDR, 10),
        (PSA_NAME, F3, 15),
        (PSA_NAME, PBI, 2),
        (PSA_NAME, STANDARD, 8),
        (PSA_NAME, VISIO, 2),
        (PSA_NAME, E3, 6),
    ]
    result = _run(tenant, summed)
    assert [(r.vendor_client, [c.psa_client for c in r.candidates]) for r in result.review] == [
        (VENDOR_NAME, [PSA_NAME])
    ]


def test_subscriptions_that_agree_once_summed_are_one_clients() -> None:
    # Three products bought as two subscriptions each, billed as one line of their sum: line
    # by line nothing agrees, summed three of six lines do (one client's two files).
    vendor = {
        "cat:bp": [6, 32],
        "cat:edr": [5, 7],
        "cat:f3": [2, 3],
        "cat:e3": [25],
        "cat:exo": [3],
    }
    psa = {
        "cat:bp": [38],
        "cat:edr": [12],
        "cat:f3": [5],
        "cat:e3": [20],
        "cat:std": [8],
        "cat:pbi": [5],
    }

    def frame(held: dict[str, list[int]]) -> pd.DataFrame:
        rows = [("them", p, n * QTY_SCALE) for p, counts in held.items() for n in counts]
        return pd.DataFrame(rows, columns=["identity", "product", "qty"])

    products = {*vendor, *psa}
    footprints = Footprints(frame(vendor), frame(psa), products)
    footprints.prepare(["them"], ["them"])
    assert lines_apart(footprints.overlap(["them"], "them"))
    assert not other_company(footprints, ["them"], "them")


def test_offices_of_one_name_offered_together_stay_in_review() -> None:
    # One customer billed per office, an office over what it buys: alone it agrees at no
    # line, with its sibling the seats are the customer's (the site step weighs them summed).
    customer = "Carson Bend Printing"
    tulsa, dayton = "Carson Bend Printing Ltd. - Tulsa", "Carson Bend Printing Ltd. - Dayton"
    vendor = {customer: [("a", 1), ("b", 3), ("c", 2), ("d", 2), ("e", 2), ("f", 1)]}
    psa = {tulsa: [("a", 6), ("f", 3), ("g", 4)], dayton: [("b", 3), ("c", 2), ("d", 2)]}

    def frame(rows: dict[str, list[tuple[str, int]]]) -> pd.DataFrame:
        records = [(client_key(c), p, n * QTY_SCALE) for c, held in rows.items() for p, n in held]
        return pd.DataFrame(records, columns=["identity", "product", "qty"])

    def name(raw: str) -> ClientName:
        return ClientName(client_key(raw), raw, client_key(raw), "", Decimal(0))

    offered = (Candidate(tulsa, 87.0, ""), Candidate(dayton, 85.1, ""))
    item = ReviewItem(customer, client_key(customer), offered, "", Decimal(0))
    matching = ClientMatching((), (item,), {}, frozenset(map(client_key, psa)), (), ())
    footprints = Footprints(frame(vendor), frame(psa), set("abcdefg"))
    result = release_other_companies(matching, [name(customer)], [name(n) for n in psa], footprints)
    assert result.review == (item,)
