"""A client pair held in review whose one PSA line names the vendor client's product by its
maker's brand and kind, at other seats ("Bitdefender AV" 6 beside Bitdefender GravityZone
Business Security 9): the pair is compared pending its review and the line weighed there, so
its quantity gap shows pending one mapping question (recon.match.read_lines.branded_product,
recon.engine.pending_review.evidence_pairs)."""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

GZ = "Bitdefender GravityZone Business Security"
OTHERS = [
    ("Harbor Dental", "Microsoft 365 Business Premium", 5),
    ("Quill Legal", "Microsoft 365 Business Standard", 7),
]


def _result(
    text: str, product: str = GZ
) -> tuple[list[tuple[GapKind, str, Decimal, Decimal]], list[str]]:
    vendor = make_lines(
        Side.VENDOR,
        [("Wyatt and Snyder Hardware Group Corp", product, 9, "1.62")]
        + [(c, p, n, "20.00") for c, p, n in OTHERS],
    )
    psa = make_lines(
        Side.PSA,
        [("Wyatt & Snyder Hardware", text, 6, "2.91")] + [(c, p, n, "25.00") for c, p, n in OTHERS],
    )
    result = reconcile(vendor, psa)
    gaps = [
        (g.kind, g.psa_product or "", g.vendor_qty, g.psa_qty)
        for g in result.gaps
        if g.vendor_client == "Wyatt and Snyder Hardware Group Corp"
    ]
    return gaps, [q.psa_product for q in result.questions]


def test_a_held_pairs_line_named_by_brand_and_kind_shows_its_gap_pending_one_question() -> None:
    gaps, questions = _result("Bitdefender AV")
    assert gaps == [(GapKind.QUANTITY_MISMATCH, "Bitdefender AV", Decimal(9), Decimal(6))]
    assert questions == ["Bitdefender AV"]


def test_a_held_pairs_line_naming_the_maker_and_another_kind_reads_nothing() -> None:
    # Datto sells web filtering nowhere in the catalogue, and "Web Filtering" is not EDR: the
    # brand alone does not make the line the client's Datto EDR.
    gaps, questions = _result("Datto Web Filtering", "Datto EDR")
    assert gaps == []
    assert questions == []


def test_a_held_pairs_line_beside_two_products_of_its_maker_reads_nothing() -> None:
    vendor = make_lines(
        Side.VENDOR,
        [
            ("Wyatt and Snyder Hardware Group Corp", GZ, 9, "1.62"),
            ("Wyatt and Snyder Hardware Group Corp", f"{GZ} Premium", 3, "2.80"),
        ]
        + [(c, p, n, "20.00") for c, p, n in OTHERS],
    )
    psa = make_lines(
        Side.PSA,
        [("Wyatt & Snyder Hardware", "Bitdefender AV", 6, "2.91")]
        + [(c, p, n, "25.00") for c, p, n in OTHERS],
    )
    result = reconcile(vendor, psa)
    assert [g for g in result.gaps if g.kind is GapKind.QUANTITY_MISMATCH] == []
