"""A customer held in review whose candidate bills one of its products under a text no
ranking names ("File Sharing (Egnyte)": the kind, then the maker in brackets, like no product's
whole name). The text names the maker and the kind of the one Egnyte product the customer
buys (Egnyte Business, file sharing: egnyte.com/plans), so the line reader reads it
(recon.match.read_lines.LineReader.prepare): the pair's products agree, it is compared pending
its review, and its one-seat Exchange gap shows (the dev pair small pax8subs-autotask c85 s6
missed it, the pair's products read as disagreeing)."""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import GapKind, ReconResult, Side, pending_review
from tests.recon.conftest import make_lines

CUSTOMER = "The Birch HarborCommunity Center PLLC"
SITE = "Birch Harbor Community Center - Albany"
EXO = "Exchange Online (Plan 1)"
OTHERS = [
    ("Harbor Dental", "Microsoft 365 Business Premium", 5),
    ("Quill Legal", "Microsoft 365 Business Standard", 7),
    ("Tern Logistics", "Egnyte Business", 3),
]


def _run(text: str) -> ReconResult:
    vendor = make_lines(
        Side.VENDOR,
        [
            (CUSTOMER, EXO, 8, "3.38"),
            (CUSTOMER, "Egnyte Business", 5, "17.41"),
            (CUSTOMER, "Microsoft Intune Plan 1", 8, "7.06"),
        ]
        + [(c, p, n, "20.00") for c, p, n in OTHERS],
    )
    psa = make_lines(
        Side.PSA,
        [(SITE, EXO, 7, "5.36"), (SITE, text, 5, "22.28")]
        + [(c, p, n, "25.00") for c, p, n in OTHERS],
    )
    return reconcile(vendor, psa)


def test_a_maker_in_brackets_reads_the_line_and_the_pending_gap_shows() -> None:
    result = _run("File Sharing (Egnyte)")
    # Nothing is merged: the pair stays a person's to decide.
    assert [r.vendor_client for r in result.review] == [CUSTOMER]
    exchange = [g for g in result.gaps if g.product == EXO]
    assert [(g.kind, g.vendor_qty, g.psa_qty) for g in exchange] == [
        (GapKind.QUANTITY_MISMATCH, Decimal(8), Decimal(7))
    ]
    assert exchange[0].rests_on == pending_review(CUSTOMER, SITE)
    assert exchange[0].psa_client == SITE


def test_a_text_naming_the_kind_only_is_asked_not_read_by_maker() -> None:
    # "File Sharing" names the kind but no maker: the maker reading leaves it, and the kind
    # reading (recon.match.kind_lines) reads it as the one file-sharing product the customer
    # buys with one mapping question, so the Exchange gap shows pending both.
    result = _run("File Sharing")
    assert [r.vendor_client for r in result.review] == [CUSTOMER]
    assert [q.psa_product for q in result.questions] == ["File Sharing"]
    assert [g.kind for g in result.gaps if g.product == EXO] == [GapKind.QUANTITY_MISMATCH]


def test_a_text_naming_no_maker_and_no_kind_reads_nothing() -> None:
    # "Team Drive" names neither a maker nor a kind: the pair's products do not agree and
    # nothing shows at the candidate.
    result = _run("Team Drive")
    assert [r.vendor_client for r in result.review] == [CUSTOMER]
    assert not any(g.product == EXO for g in result.gaps)
