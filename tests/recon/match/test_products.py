"""Product pairing: text in classes, tiers first, margins, and evidence from the seats.

Each guard has a test that fails when the guard is removed (checked by disabling it once).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from recon.catalog import TierRelation, load_catalog, tier_relation
from recon.engine import reconcile
from recon.match import pair_products
from recon.match.product_text import compare_names, rank_products
from recon.model import Col, GapKind, Knowledge, MatchSettings, Side
from tests.recon.conftest import make_lines

SETTINGS = MatchSettings()
BP = "Microsoft 365 Business Premium"
PROOFPOINT = "Proofpoint Essentials Business"


def run(vendor_rows, psa_rows, **kwargs):
    return reconcile(make_lines(Side.VENDOR, vendor_rows), make_lines(Side.PSA, psa_rows), **kwargs)


# --- names, compared in classes ------------------------------------------------------------


@pytest.mark.parametrize(
    ("psa", "vendor", "score", "how"),
    [
        ("AcmeBackup Pro", "Acme Backup Pro", 100.0, "without spaces"),
        ("Widget Backup Pro", "Acme Widget Backup Pro", 92.0, "without 'acme'"),
        ("Exchange Plan 1", "Exchange Online Plan 1", 92.0, "without 'online'"),
    ],
)
def test_names_are_scored_by_class(psa: str, vendor: str, score: float, how: str) -> None:
    found = compare_names(psa, vendor)
    assert found.score == score
    assert how in found.how


def test_a_brand_left_out_is_the_same_name() -> None:
    brands = load_catalog().brands()
    found = compare_names("SaaS Protection", "Datto SaaS Protection", brands)
    assert (found.score, found.relation) == (97.0, TierRelation.SAME)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Microsoft 365 E3", "Microsoft 365 E5"),
        ("Exchange Online Plan 1", "Exchange Online Plan 2"),
        ("Microsoft 365 Business Basic", "Microsoft 365 Business Standard"),
        ("Keeper Business", "Keeper Enterprise"),
    ],
)
def test_conflicting_tiers_score_zero(a: str, b: str) -> None:
    assert tier_relation(a, b) is TierRelation.CONFLICT
    assert compare_names(a, b).score == 0.0


def test_a_left_out_tier_word_is_capped_below_acceptance() -> None:
    found = compare_names("Power BI", "Power BI Pro")
    assert found.relation is TierRelation.PARTIAL
    assert found.score < SETTINGS.product_accept_score


# --- pair_products: text alone, with a margin -------------------------------------------------


def test_text_pairs_a_confident_name() -> None:
    pairs = pair_products({"p": "AcmeBackup Pro"}, {"v": "Acme Backup Pro"}, settings=SETTINGS)
    assert pairs["p"].vendor_key == "v"
    assert "without spaces" in pairs["p"].how


def test_two_equally_close_vendor_products_pair_nothing() -> None:
    # "Widget Backup" is "Acme Widget Backup" minus a word, and "Zeta Widget Backup" too.
    vendor = {"a": "Acme Widget Backup", "z": "Zeta Widget Backup"}
    assert pair_products({"p": "Widget Backup"}, vendor, settings=SETTINGS) == {}
    ranked = rank_products({"p": "Widget Backup"}, vendor)
    assert {c.vendor_key for c in ranked["p"]} == {"a", "z"}  # both are offered to a person


def test_a_sibling_tier_is_never_paired_by_text() -> None:
    pairs = pair_products(
        {"p": "Acme Backup Basic"}, {"v": "Acme Backup Premium"}, settings=SETTINGS
    )
    assert pairs == {}
    assert rank_products({"p": "Acme Backup Basic"}, {"v": "Acme Backup Premium"}) == {}


# --- the engine: text pairing, evidence, and one question, not two ---------------------------


def test_a_confident_spelling_is_compared_as_the_vendor_product() -> None:
    result = run(
        [("Acme", "Acme Backup Pro", 12, "3")],
        [("Acme", "AcmeBackup Pro", 10, "5")],
    )
    (gap,) = result.gaps
    assert (gap.kind, gap.seat_delta) == (GapKind.QUANTITY_MISMATCH, 2)
    assert "without spaces" in gap.why
    assert result.unmapped == () and result.questions == ()


SPAM = "Spam Filter Service"  # a reseller's own wording: no rule links it to Proofpoint


def _spam_rows(seats: dict[str, tuple[int, int]]):
    vendor = [(c, PROOFPOINT, v, "3") for c, (v, _) in seats.items()]
    psa = [(c, SPAM, p, "5") for c, (_, p) in seats.items()]
    return vendor, psa


def test_seats_agreeing_at_several_clients_pair_the_products() -> None:
    vendor, psa = _spam_rows({"A": (10, 10), "B": (7, 7), "C": (12, 12), "D": (5, 4)})
    result = run(vendor, psa)
    assert result.unmapped == () and result.questions == ()
    (gap,) = result.gaps  # the real gap on that product, at D, and nothing else
    assert (gap.client, gap.kind, gap.seat_delta) == ("D", GapKind.QUANTITY_MISMATCH, 1)
    assert "paired on seats" in gap.why and "seats match at 3 and are close at 1 of 4" in gap.why


def test_agreeing_seats_never_pair_conflicting_tiers() -> None:
    # PSA bills E3 where the vendor sells E5, at every client: two gaps each, never paired.
    seats = {"A": 10, "B": 7, "C": 12, "D": 5}
    result = run(
        [(c, "Microsoft 365 E5", n, "57") for c, n in seats.items()]
        + [("Z", "Microsoft 365 E3", 1, "36")],
        [(c, "M365 E3 seats", n, "43") for c, n in seats.items()]
        + [("Z", "Microsoft 365 E3", 1, "43")],
    )
    kinds = {(g.client, g.kind) for g in result.gaps}
    assert {(c, GapKind.MISSING_IN_PSA) for c in seats} <= kinds
    assert {(c, GapKind.MISSING_IN_VENDOR) for c in seats} <= kinds
    assert result.questions == ()


def test_one_seat_coincidences_pair_nothing() -> None:
    # Three clients of one seat each: a coincidence proves nothing, so a person is asked.
    vendor, psa = _spam_rows({"A": (1, 1), "B": (1, 1), "C": (1, 1)})
    result = run(vendor, psa)
    assert not any(g.kind is GapKind.QUANTITY_MISMATCH for g in result.gaps)
    (question,) = result.questions
    assert question.clients == 3


def test_a_misnamed_product_is_one_question_not_two_statements() -> None:
    vendor = [("Acme", BP, 10, "22"), ("Acme", PROOFPOINT, 12, "3")]
    psa = [("Acme", "M365 BP", 10, "26"), ("Acme", SPAM, 10, "5")]
    result = run(vendor, psa)
    # Neither half is reported: no missing-in-PSA gap and no unmapped product for those seats.
    assert result.gaps == ()
    assert result.unmapped == ()
    (question,) = result.questions
    assert question.psa_product == SPAM
    assert question.candidates[0].vendor_product == PROOFPOINT
    assert question.candidates[0].answer == "proofpoint-essentials-business"
    assert question.money_at_stake == Decimal("36.00")  # 12 vendor seats at $3.00
    assert result.summary.mapping_questions == 1
    # The run does not count the held vendor line as fixed.
    assert result.scope is not None
    assert not result.scope.covers("acme", "cat:proofpoint-essentials-business")

    # Answered ("recon alias product"), the next run shows the real gap on that product.
    answered = Knowledge(product_aliases=((SPAM, question.candidates[0].answer),))
    after = run(vendor, psa, knowledge=answered)
    assert after.questions == () and after.unmapped == ()
    (gap,) = after.gaps
    assert (gap.product, gap.kind, gap.seat_delta) == (PROOFPOINT, GapKind.QUANTITY_MISMATCH, 2)


def test_a_question_counts_a_product_held_on_two_terms_once_per_client() -> None:
    # Acme holds Proofpoint on a monthly and an annual term: two vendor rows for one
    # (client, product). The question sums them; it neither fails nor counts one term.
    vendor = [("Acme", BP, 10, "22"), ("Acme", PROOFPOINT, 4, "3"), ("Acme", PROOFPOINT, 8, "3")]
    psa = [("Acme", "M365 BP", 10, "26"), ("Acme", SPAM, 10, "5")]
    terms = [{Col.TERM: 1}, {Col.TERM: 1}, {Col.TERM: 12}]
    result = reconcile(make_lines(Side.VENDOR, vendor, terms=terms), make_lines(Side.PSA, psa))
    (question,) = result.questions
    assert question.psa_product == SPAM
    assert question.money_at_stake == Decimal("36.00")  # 4 + 8 vendor seats at $3.00
    assert result.gaps == ()


def test_seats_split_over_two_terms_are_weighed_as_one_holding() -> None:
    # A holds 10 Proofpoint seats as 4 monthly + 6 annual, billed as 10: that agrees.
    vendor, psa = _spam_rows({"A": (10, 10), "B": (7, 7), "C": (12, 12), "D": (5, 4)})
    vendor = [("A", PROOFPOINT, 4, "3"), ("A", PROOFPOINT, 6, "3"), *vendor[1:]]
    terms = [{Col.TERM: 1}, {Col.TERM: 12}, *({Col.TERM: 1} for _ in vendor[2:])]
    result = reconcile(make_lines(Side.VENDOR, vendor, terms=terms), make_lines(Side.PSA, psa))
    assert result.unmapped == () and result.questions == ()
    (gap,) = result.gaps
    assert (gap.client, gap.kind, gap.seat_delta) == ("D", GapKind.QUANTITY_MISMATCH, 1)
    assert "seats match at 3" in gap.why


def test_a_service_billed_everywhere_raises_no_question() -> None:
    # "Managed Services" is billed at every client and sits beside an unbilled licence at one:
    # that is a coincidence, and the unbilled licence stays a gap.
    clients = [f"Client {i}" for i in range(8)]
    vendor = [(c, BP, 5, "22") for c in clients]
    psa = [(c, "Managed Services - Per User", 5, "99") for c in clients]
    psa += [(c, BP, 5, "26") for c in clients[1:]]
    result = run(vendor, psa)
    assert result.questions == ()
    assert [(g.client, g.kind) for g in result.gaps] == [("Client 0", GapKind.MISSING_IN_PSA)]
    (unmapped,) = result.unmapped
    assert unmapped.psa_product == "Managed Services - Per User"


def test_unmapped_products_carry_ranked_candidates() -> None:
    result = run(
        [("Acme", "Acme Widget Backup", 3, "3"), ("Acme", "Zeta Widget Backup", 4, "3")],
        [("Acme", "Widget Backup", 9, "5")],
    )
    (unmapped,) = result.unmapped
    names = [c.vendor_product for c in unmapped.candidates]
    assert set(names) == {"Acme Widget Backup", "Zeta Widget Backup"}
    assert all(c.why.startswith("name:") and c.score > 0 for c in unmapped.candidates)


def test_evidence_can_be_turned_off() -> None:
    vendor, psa = _spam_rows({"A": (10, 10), "B": (7, 7), "C": (12, 12)})
    result = run(vendor, psa, settings=MatchSettings(product_evidence=False))
    assert result.questions == ()
    assert [u.psa_product for u in result.unmapped] == [SPAM]
    assert {g.kind for g in result.gaps} == {GapKind.MISSING_IN_PSA}


def test_tolerant_catalogue_lookups_find_one_product_only() -> None:
    catalog = load_catalog()
    assert catalog.identify(name="PowerBI Pro").id == "ms-power-bi-pro"  # type: ignore[union-attr]
    assert catalog.identify(name="SaaS Protection").id == "datto-saas-protection"  # type: ignore[union-attr]
    assert catalog.identify(name="Business") is None  # the brand-free form names nothing


def test_a_similar_service_name_beside_one_unbilled_licence_raises_no_question() -> None:
    # "Managed Server" looks a little like "Huntress Managed EDR", and at one client of eight
    # the seats even agree; the other seven bill Huntress properly. No question: the gap stays.
    clients = [f"Client {i}" for i in range(8)]
    vendor = [(c, "Huntress Managed EDR", 5, "3") for c in clients]
    psa = [(c, "Managed Server", 5, "99") for c in clients]
    psa += [(c, "Huntress Managed EDR", 5, "5") for c in clients[1:]]
    result = run(vendor, psa)
    assert compare_names("Managed Server", "Huntress Managed EDR").score >= 50
    assert result.questions == ()
    assert [(g.client, g.kind) for g in result.gaps] == [("Client 0", GapKind.MISSING_IN_PSA)]
