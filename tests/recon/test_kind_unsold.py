"""A PSA text naming only a kind of product, billed where nothing of that kind is bought,
asked about the one product of its kind the vendor file sells elsewhere at its cost: one
question carrying the "missing in vendor" a "yes" implies, never an unmapped line and never a
silent pairing (:mod:`recon.engine.kind_unsold`). Each test fails when its guard there is
removed."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from recon import Knowledge, reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_costed_lines, make_lines, reconcile_beside_premium

AV = "Managed AV - Workstation"
BITDEFENDER = "Bitdefender GravityZone Business Security"
WEBROOT = "Webroot Business Endpoint Protection"
SOPHOS = "Sophos Intercept X Advanced"
PREMIUM = "Microsoft 365 Business Premium"


def _av_gaps(result: object) -> list[tuple[str, GapKind, Decimal, bool]]:
    return sorted(
        (g.client, g.kind, g.psa_qty, g.rests_on is not None)
        for g in result.gaps  # type: ignore[attr-defined]
        if g.psa_product == AV
    )


def test_a_kind_text_where_nothing_of_it_is_bought_is_asked_as_the_files_one_product() -> None:
    # Acme buys Bitdefender at $1.60, billed in full. Cato, a client the vendor file lacks,
    # is billed 15 "Managed AV - Workstation" at a cost of $1.60: Bitdefender billed and not
    # bought there, asked once with its money, not an unmapped line.
    result = reconcile_beside_premium(
        [("Acme", BITDEFENDER, 6, "1.60")],
        [("Acme", BITDEFENDER, 6, "2.00", "1.60"), ("Cato", AV, 15, "2.47", "1.60")],
    )
    (question,) = result.questions
    assert question.psa_product == AV
    assert question.candidates[0].vendor_product == BITDEFENDER
    assert "names its kind" in question.candidates[0].why
    assert result.unmapped == ()
    assert _av_gaps(result) == [("Cato", GapKind.MISSING_IN_VENDOR, Decimal(15), True)]


def test_a_kind_text_far_from_the_vendors_cost_is_not_asked() -> None:
    result = reconcile_beside_premium(
        [("Acme", BITDEFENDER, 6, "1.60")],
        [("Acme", BITDEFENDER, 6, "2.00", "1.60"), ("Cato", AV, 15, "12.00", "9.00")],
    )
    assert result.questions == ()
    assert _av_gaps(result) == []


def test_of_two_products_of_the_kind_the_one_at_the_texts_cost_is_asked() -> None:
    result = reconcile_beside_premium(
        [("Acme", BITDEFENDER, 6, "1.60"), ("Bolt", WEBROOT, 4, "2.20")],
        [
            ("Acme", BITDEFENDER, 6, "2.00", "1.60"),
            ("Bolt", WEBROOT, 4, "2.80", "2.20"),
            ("Cato", AV, 15, "2.47", "1.62"),
        ],
    )
    assert [(q.psa_product, q.candidates[0].vendor_product) for q in result.questions] == [
        (AV, BITDEFENDER)
    ]


def test_two_products_of_the_kind_at_the_texts_cost_are_one_question_nearest_first() -> None:
    # Cato buys nothing: billed and not bought whichever of the two it is, one question.
    result = reconcile_beside_premium(
        [("Acme", BITDEFENDER, 6, "1.60"), ("Bolt", WEBROOT, 4, "1.70")],
        [
            ("Acme", BITDEFENDER, 6, "2.00", "1.60"),
            ("Bolt", WEBROOT, 4, "2.10", "1.70"),
            ("Cato", AV, 15, "2.47", "1.68"),
        ],
    )
    (question,) = result.questions
    assert [c.vendor_product for c in question.candidates[:2]] == [WEBROOT, BITDEFENDER]
    assert _av_gaps(result) == [("Cato", GapKind.MISSING_IN_VENDOR, Decimal(15), True)]


def test_an_unbilled_line_of_the_kind_at_the_client_is_left_to_the_seats() -> None:
    # Bolt buys 4 Sophos (endpoint protection) billed by no text: "Managed AV" there may be
    # it, whatever its cost; the passes that weigh lines side by side decide, not this one.
    result = reconcile_beside_premium(
        [("Acme", BITDEFENDER, 6, "1.60"), ("Bolt", SOPHOS, 4, "2.70")],
        [("Acme", BITDEFENDER, 6, "2.00", "1.60"), ("Bolt", AV, 3, "2.47", "1.60")],
    )
    assert [(q.psa_product, q.candidates[0].vendor_product) for q in result.questions] == [
        (AV, SOPHOS)
    ]


def test_an_unbilled_line_of_the_kind_at_another_cost_still_holds_the_text_back() -> None:
    # Bolt buys 10 Sophos billed by no text, too far from "Managed AV" 3 for the seats and
    # at another cost: Bitdefender's price alone does not say the text is not Sophos there.
    result = reconcile_beside_premium(
        [("Acme", BITDEFENDER, 6, "1.60"), ("Bolt", SOPHOS, 10, "2.70")],
        [("Acme", BITDEFENDER, 6, "2.00", "1.60"), ("Bolt", AV, 3, "2.47", "1.60")],
    )
    assert [q.psa_product for q in result.questions] == []


def test_a_product_of_the_kind_billed_in_full_by_its_own_text_is_accounted_for() -> None:
    # Bolt buys 4 Sophos billed by name: "Managed AV" at Bitdefender's price is asked as
    # Bitdefender, billed there with none bought.
    result = reconcile_beside_premium(
        [("Acme", BITDEFENDER, 6, "1.60"), ("Bolt", SOPHOS, 4, "2.70")],
        [
            ("Acme", BITDEFENDER, 6, "2.00", "1.60"),
            ("Bolt", SOPHOS, 4, "3.40", "2.70"),
            ("Bolt", AV, 3, "2.47", "1.60"),
        ],
    )
    assert [(q.psa_product, q.candidates[0].vendor_product) for q in result.questions] == [
        (AV, BITDEFENDER)
    ]
    assert _av_gaps(result) == [("Bolt", GapKind.MISSING_IN_VENDOR, Decimal(3), True)]


def test_a_client_billing_the_product_by_its_own_name_is_not_asked() -> None:
    # Cato is billed 2 Bitdefender by name (none bought): "Managed AV" beside it is no
    # second purchase of its own to ask about.
    result = reconcile_beside_premium(
        [("Acme", BITDEFENDER, 6, "1.60")],
        [
            ("Acme", BITDEFENDER, 6, "2.00", "1.60"),
            ("Cato", BITDEFENDER, 2, "2.00", "1.60"),
            ("Cato", AV, 3, "2.47", "1.60"),
        ],
    )
    assert [q.psa_product for q in result.questions] == []


def test_a_branded_text_is_not_read_by_its_kind() -> None:
    # "Barracuda Email" names its maker: never asked as the file's Exchange Online by kind.
    result = reconcile_beside_premium(
        [("Acme", "Exchange Online (Plan 1)", 6, "3.60")],
        [
            ("Acme", "Exchange Online (Plan 1)", 6, "4.50", "3.60"),
            ("Cato", "Barracuda Email", 6, "4.50", "3.60"),
        ],
    )
    assert [q.psa_product for q in result.questions] == []


def test_a_text_billed_only_where_the_vendor_file_has_no_client_is_a_settled_ghost() -> None:
    # "Web Filtering" says it is no service of the MSP's own: at Cato alone, a client the
    # vendor file lacks, it is compared as itself and settled (recon.engine.ghosts).
    text = "Web Filtering"
    result = reconcile_beside_premium(
        [("Acme", "DNSFilter", 6, "1.19")],
        [("Acme", "DNSFilter", 6, "1.49", "1.19"), ("Cato", text, 27, "1.97", "1.16")],
    )
    assert result.questions == ()
    assert [(g.client, g.kind, g.rests_on) for g in result.gaps if g.psa_product == text] == [
        ("Cato", GapKind.MISSING_IN_VENDOR, None)
    ]


def test_a_text_where_every_vendor_line_is_billed_is_a_settled_unread_line() -> None:
    # Bolt's every vendor line is billed: "Web Filtering" there is compared as itself and
    # settled (recon.engine.unread_lines), never downgraded to a question.
    text = "Web Filtering"
    result = reconcile_beside_premium(
        [("Acme", "DNSFilter", 6, "1.19")],
        [("Acme", "DNSFilter", 6, "1.49", "1.19"), ("Bolt", text, 27, "1.97", "1.16")],
    )
    assert result.questions == ()
    assert [(g.client, g.kind, g.rests_on) for g in result.gaps if g.psa_product == text] == [
        ("Bolt", GapKind.MISSING_IN_VENDOR, None)
    ]


def _beside_short_premium(
    psa_rows: Sequence[tuple[Any, ...]],
    client: tuple[str, str] = ("Cedar Ridge Dental", "Cedar Rdg Dntl"),
    knowledge: Knowledge | None = None,
) -> Any:
    """Acme buys Business Premium and Bitdefender at $1.90, billed in full; the client (vendor
    name, PSA name) buys 12 seats of Premium billed as 8: a vendor line billed short, where
    the unread-line reading settles nothing (:mod:`recon.engine.unread_lines`)."""
    vendor_name, psa_name = client
    vendor = make_lines(
        Side.VENDOR,
        [
            ("Acme", PREMIUM, 10, "22.00"),
            ("Acme", BITDEFENDER, 6, "1.90"),
            (vendor_name, PREMIUM, 12, "22.00"),
        ],
    )
    psa = make_costed_lines(
        Side.PSA,
        [
            ("Acme", PREMIUM, 10, "26.00", "22.00"),
            ("Acme", BITDEFENDER, 6, "2.40", "1.90"),
            (psa_name, PREMIUM, 8, "26.00", "22.00"),
            *psa_rows,
        ],
    )
    return reconcile(vendor, psa, knowledge=knowledge)


def _said(result: Any, text: str) -> list[tuple[str, GapKind, Decimal, str | None]]:
    return sorted(
        (g.client, g.kind, g.psa_qty, g.rests_on) for g in result.gaps if g.psa_product == text
    )


def test_a_kind_text_beside_a_line_billed_short_is_asked_not_left_unmapped() -> None:
    # Premium is billed short at Cedar, so no reading settles "Managed AV - Workstation" there
    # as billed and not bought: it was left unmapped, its 77 seats at Bitdefender's cost
    # stated nowhere. One question now carries them.
    result = _beside_short_premium([("Cedar Rdg Dntl", AV, 77, "2.84", "1.90")])
    (question,) = result.questions
    assert (question.psa_product, question.candidates[0].vendor_product) == (AV, BITDEFENDER)
    assert result.unmapped == ()
    pending = f"the mapping question '{AV}' = '{BITDEFENDER}'"
    assert _said(result, AV) == [
        ("Cedar Rdg Dntl", GapKind.MISSING_IN_VENDOR, Decimal(77), pending)
    ]


def test_a_kind_text_the_catalogue_guesses_by_its_kind_alone_is_asked_too() -> None:
    # "Antivirus (NCE)" is read only by a guess with the brand left out (Datto AV, which the
    # file sells nowhere): a guess, not a reading, so it is asked as a kind text is.
    text = "Antivirus (NCE)"
    result = _beside_short_premium([("Cedar Rdg Dntl", text, 77, "2.84", "1.90")])
    assert [(q.psa_product, q.candidates[0].vendor_product) for q in result.questions] == [
        (text, BITDEFENDER)
    ]
    assert [g.kind for g in result.gaps if g.psa_product == text] == [GapKind.MISSING_IN_VENDOR]


def test_a_kind_text_at_a_client_in_review_carries_its_money_once_the_client_is_answered() -> None:
    # "Quincey Hldg Grp" is offered for review as Quincy Holdings. In review the text says
    # nothing twice; answered, its 77 seats are the question's pending "missing in vendor".
    client = ("Quincy Holdings", "Quincey Hldg Grp")
    rows = [("Quincey Hldg Grp", AV, 77, "2.84", "1.90")]
    held = _beside_short_premium(rows, client)
    assert [r.vendor_client for r in held.review] == ["Quincy Holdings"]
    assert (
        len([g for g in held.gaps if g.psa_product == AV])
        + len([u for u in held.unmapped if u.psa_product == AV])
        <= 1
    )
    answered = _beside_short_premium(rows, client, Knowledge(client_aliases=(client,)))
    (question,) = answered.questions
    assert question.psa_product == AV
    # The question holds no seats: its money is the pending gap's, 77 x $2.84 a month.
    (gap,) = [g for g in answered.gaps if g.psa_product == AV]
    assert gap.monthly_impact == Decimal("-218.68")
    assert answered.unmapped == ()
    pending = f"the mapping question '{AV}' = '{BITDEFENDER}'"
    assert _said(answered, AV) == [
        ("Quincey Hldg Grp", GapKind.MISSING_IN_VENDOR, Decimal(77), pending)
    ]
