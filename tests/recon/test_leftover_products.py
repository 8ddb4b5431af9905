"""Two leftover clients whose names read as one ("DC Partners P.A." writes "Dorsey Capital
PA"'s leading words as initials) and who buy and bill exactly the same products at other
seats (Visio Plan 2: 2 bought, 4 billed) are one review question with the quantity gap
pending it (recon.match.leftover_products), not "missing in PSA" beside "missing in vendor"."""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

VISIO = "Visio Plan 2"
VENDOR_NAME = "DC Partners P.A. a/k/a Dorsey Associates"
PSA_NAME = "Dorsey Capital PA"
#: Forty matched clients: the review queue's budget (3 % of the vendor file's clients) has
#: room for one question.
_SURNAMES = (
    "Abbott Adler Baxter Calloway Delgado Everett Fairbanks Galloway Hartwell Ingram "
    "Jennings Kessler Langford Merriman Northcott Oakley Pembrook Quinlan Radcliffe Sheffield "
    "Thornton Underhill Vance Whitaker Yardley Zimmerman Ashford Bellamy Crandall Dunmore "
    "Ellsworth Fenwick Gresham Holloway Iverson Jarvis Kingsley Lockhart Montague Norwood"
).split()
_PRODUCTS = (
    "Microsoft 365 Business Premium",
    "Microsoft 365 Business Basic",
    "Exchange Online (Plan 1)",
)
OTHERS = [(f"{name} Landscaping", _PRODUCTS[i % 3], 3 + i) for i, name in enumerate(_SURNAMES)]


def _result(psa_rows: list[tuple[str, str, int, str]]):
    vendor = make_lines(
        Side.VENDOR,
        [(VENDOR_NAME, VISIO, 2, "12.05"), *((c, p, n, "5.00") for c, p, n in OTHERS)],
    )
    psa = make_lines(Side.PSA, [*psa_rows, *((c, p, n, "8.00") for c, p, n in OTHERS)])
    return reconcile(vendor, psa)


def test_the_same_products_under_names_read_as_one_are_one_question() -> None:
    result = _result([(PSA_NAME, VISIO, 4, "19.41")])
    assert [(r.vendor_client, [c.psa_client for c in r.candidates]) for r in result.review] == [
        (VENDOR_NAME, [PSA_NAME])
    ]
    mine = [g for g in result.gaps if VENDOR_NAME in (g.client, g.vendor_client)]
    mine += [g for g in result.gaps if g.psa_client == PSA_NAME and g not in mine]
    assert [(g.kind, g.vendor_qty, g.psa_qty) for g in mine] == [
        (GapKind.QUANTITY_MISMATCH, Decimal(2), Decimal(4))
    ]
    assert mine[0].rests_on is not None and VENDOR_NAME in mine[0].rests_on


def test_other_products_leave_the_two_apart() -> None:
    # The PSA client also bills a product the vendor file sells and the vendor client does
    # not buy: not the same products, so the names alone ask nothing.
    result = _result(
        [(PSA_NAME, VISIO, 4, "19.41"), (PSA_NAME, "Exchange Online (Plan 1)", 2, "5.00")]
    )
    assert result.review == ()
    kinds = {g.kind for g in result.gaps if g.product == VISIO}
    assert kinds == {GapKind.MISSING_IN_PSA, GapKind.MISSING_IN_VENDOR}


def test_two_names_reading_as_one_ask_nothing() -> None:
    result = _result(
        [(PSA_NAME, VISIO, 4, "19.41"), ("Dorsey Capital Partners", VISIO, 6, "19.41")]
    )
    assert result.review == ()


def test_names_read_as_one_only_by_dropped_letters_ask_nothing() -> None:
    # A place set aside reads the two names as one, but two schools buying one product at
    # other seats are two clients: only initials are read here.
    vendor = make_lines(
        Side.VENDOR,
        [
            ("Dorsey Montessori School of Ohio", "Microsoft 365 Business Premium", 18, "22.00"),
            *((c, p, n, "5.00") for c, p, n in OTHERS),
        ],
    )
    psa = make_lines(
        Side.PSA,
        [
            (
                "Dorsey Montessori School, Professional Corporation",
                "Microsoft 365 Business Premium",
                11,
                "26.00",
            ),
            *((c, p, n, "8.00") for c, p, n in OTHERS),
        ],
    )
    result = reconcile(vendor, psa)
    assert result.review == ()
