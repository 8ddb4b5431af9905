"""A PSA text carrying a word only one product of the vendor file carries, beside that product's
unbilled line at the same client, is one mapping question, not "unmapped" plus "missing in PSA".
"""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.engine.beside import own_words
from recon.model import GapKind, Side, pending_on
from tests.recon.conftest import make_lines

KIOSK = "Exchange Online Kiosk"


def test_a_word_only_one_product_carries_asks_one_question_with_its_pending_gap() -> None:
    # 5 bought, 8 billed as "Kiosk Webmail per user": the names are unlike (41) and the seats
    # too far apart, so the run said "missing in PSA" and "unmapped" of one misnaming.
    vendor = make_lines(
        Side.VENDOR,
        [
            ("Acme", KIOSK, 5, "1.60"),
            ("Acme", "Microsoft 365 Business Premium", 9, "22"),
            ("Acme", "SentinelOne Singularity Control", 8, "3.60"),
        ],
    )
    psa = make_lines(
        Side.PSA,
        [
            ("Acme", "Kiosk Webmail per user", 8, "2.06"),
            ("Acme", "M365 BP", 9, "26"),
            ("Acme", "EDR - Endpoint", 8, "6.00"),
            ("Acme", "Managed Services", 12, "95"),
        ],
    )
    result = reconcile(vendor, psa)
    asked = {q.psa_product: q.candidates[0].vendor_product for q in result.questions}
    assert asked["Kiosk Webmail per user"] == KIOSK
    assert [(g.kind, g.vendor_qty, g.psa_qty, g.rests_on) for g in result.gaps] == [
        (
            GapKind.QUANTITY_MISMATCH,
            Decimal(5),
            Decimal(8),
            pending_on("Kiosk Webmail per user", KIOSK),
        )
    ]
    assert [u.psa_product for u in result.unmapped] == ["Managed Services"]


def test_a_maker_the_catalogue_does_not_know_is_named_by_its_own_word() -> None:
    # "Egnyte" names no one catalogue product (it has two); the file sells one carrying it.
    vendor = make_lines(
        Side.VENDOR,
        [
            ("Acme", "Egnyte Business", 1, "15.38"),
            ("Acme", "SentinelOne Singularity Complete", 1, "5.50"),
        ],
    )
    psa = make_lines(Side.PSA, [("Acme", "File Sharing (Egnyte)", 1, "22.93")])
    result = reconcile(vendor, psa)
    (question,) = result.questions
    assert question.candidates[0].vendor_product == "Egnyte Business"
    # The other unbilled line stays a real gap; no gap where the seats agree.
    assert [(g.kind, g.product) for g in result.gaps] == [
        (GapKind.MISSING_IN_PSA, "SentinelOne Singularity Complete")
    ]


def test_a_word_several_products_share_names_none_of_them() -> None:
    owned = own_words(
        ["Exchange Online Kiosk", "Exchange Online (Plan 1)", "Dropbox Business", "Keeper Business"]
    )
    assert owned["kiosk"] == "Exchange Online Kiosk"
    assert owned["dropbox"] == "Dropbox Business"
    # Two catalogue products carry "egnyte" (Business, Enterprise Lite): no one product's word.
    assert "egnyte" not in own_words(["Egnyte Business", "Keeper Business"])
    # Two products of the file carry these; "security" names a kind in the catalogue.
    assert "exchange" not in owned and "business" not in owned
    assert "security" not in own_words(["Avanan Email Security - Advanced"])
