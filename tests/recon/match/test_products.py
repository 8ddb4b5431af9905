"""Product pairing: text in classes, tiers first, margins, and evidence from the seats.

Each guard has a test that fails when the guard is removed (checked by disabling it once).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from recon.catalog import TierRelation, load_catalog, tier_relation
from recon.catalog.text import compare_names, compare_product, rank_products
from recon.engine import reconcile
from recon.match import pair_products
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
    # Neither half is reported: no missing-in-PSA gap and no unmapped product for those seats;
    # the 2 seats the answer "yes" would leave unbilled show as one gap resting on the question.
    (pending,) = result.gaps
    assert (pending.kind, pending.seat_delta) == (GapKind.QUANTITY_MISMATCH, 2)
    assert pending.rests_on is not None and SPAM in pending.rests_on
    assert result.unmapped == ()
    (question,) = result.questions
    assert question.psa_product == SPAM
    assert question.candidates[0].vendor_product == PROOFPOINT
    assert question.candidates[0].answer == "proofpoint-essentials-business"
    assert question.money_at_stake == Decimal("36.00")  # 12 vendor seats at $3.00
    assert result.summary.mapping_questions == 1

    # Answered ("recon alias product"), the next run shows the real gap on that product.
    answered = Knowledge(product_aliases=((SPAM, question.candidates[0].answer),))
    after = run(vendor, psa, knowledge=answered)
    assert after.questions == () and after.unmapped == ()
    (gap,) = after.gaps
    assert (gap.product, gap.kind, gap.seat_delta) == (PROOFPOINT, GapKind.QUANTITY_MISMATCH, 2)
    assert gap.key == pending.key and gap.rests_on is None  # its history goes on


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
    # 12 seats held against 10 billed: one pending gap of 2, not one per term.
    assert [(g.kind, g.seat_delta, g.rests_on is not None) for g in result.gaps] == [
        (GapKind.QUANTITY_MISMATCH, 2, True)
    ]


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


# --- round two: service words, name-only pairings the seats contradict ---------------------


def test_a_managed_service_word_leaves_out_a_tier_word_but_never_conflicts() -> None:
    # "MDR" says how a reseller sells an EDR, not which product it is.
    assert tier_relation("MDR - Endpoint", "Huntress Managed EDR") is TierRelation.PARTIAL
    # Two add-on words still tell two products apart.
    assert tier_relation("Huntress Managed EDR", "Huntress Managed ITDR") is TierRelation.CONFLICT


def test_seats_pair_a_reseller_service_name_with_the_product_it_wraps() -> None:
    seats = {"A": 10, "B": 7, "C": 12, "D": 5}
    result = run(
        [(c, "Huntress Managed EDR", n, "3") for c, n in seats.items()],
        [(c, "MDR - Endpoint", n, "5") for c, n in seats.items()],
    )
    assert result.gaps == () and result.unmapped == () and result.questions == ()


DROPSUITE = "Dropsuite Microsoft 365 Backup"
DATTO = "Datto SaaS Protection"
BITDEFENDER = "Bitdefender GravityZone Business Security"


def _backup_rows() -> tuple[list[tuple[str, str, int, str]], list[tuple[str, str, int, str]]]:
    # The PSA's "M365 Backup" reads as Dropsuite by name, but at every client billing it the
    # vendor sells Datto's backup with the same seats (and Dropsuite only at one other client).
    seats = {"A": 10, "B": 7, "C": 12, "D": 5}
    vendor = [(c, DATTO, n, "2") for c, n in seats.items()] + [("Z", DROPSUITE, 3, "2")]
    psa = [(c, "M365 Backup", n, "4") for c, n in seats.items()] + [("Z", DROPSUITE, 3, "4")]
    return vendor, psa


def test_a_name_only_pairing_the_seats_contradict_is_paired_again() -> None:
    vendor, psa = _backup_rows()
    result = run(vendor, psa)
    # Without the second look: four missing-in-PSA (Datto) and four missing-at-vendor gaps.
    assert result.gaps == ()
    assert result.unmapped == () and result.questions == ()


def test_a_name_only_pairing_the_seats_confirm_stays() -> None:
    vendor = [("A", DROPSUITE, 10, "2"), ("B", DROPSUITE, 7, "2"), ("C", DROPSUITE, 12, "2")]
    vendor += [("D", DATTO, 5, "2")]
    psa = [("A", "M365 Backup", 10, "4"), ("B", "M365 Backup", 7, "4")]
    psa += [("C", "M365 Backup", 11, "4"), ("D", DATTO, 5, "4")]
    result = run(vendor, psa)
    (gap,) = result.gaps
    assert (gap.client, gap.product, gap.kind) == ("C", DROPSUITE, GapKind.QUANTITY_MISMATCH)


# --- round three: evidence at scale is a share, not a count ---------------------------------


def _spread(agreeing: int, apart: int) -> tuple[list, list]:
    # A misnamed Proofpoint at agreeing + apart clients: seats agree exactly at the first
    # ones (varied counts) and are far apart (real quantity gaps) at the rest.
    vendor, psa = [], []
    for i in range(agreeing + apart):
        seats = 5 + i % 9
        vendor.append((f"Client {i:03}", PROOFPOINT, seats, "3"))
        psa.append((f"Client {i:03}", SPAM, seats if i < agreeing else seats * 4, "5"))
    return vendor, psa


def test_seats_agreeing_at_a_third_of_many_clients_pair_the_products() -> None:
    # 12 of 36 clients (a third) agree exactly: far more than chance, though under 60 %.
    vendor, psa = _spread(12, 24)
    result = run(vendor, psa)
    assert result.unmapped == () and result.questions == ()
    assert {g.kind for g in result.gaps} == {GapKind.QUANTITY_MISMATCH}
    assert len(result.gaps) == 24
    assert all("paired on seats" in g.why for g in result.gaps)


def test_a_small_share_of_agreeing_clients_pairs_nothing_however_many() -> None:
    # 12 agreeing clients out of 96 (an eighth): a service billed widely meets a licence's seats
    # by chance at that rate. The count alone proves nothing, so nothing is paired.
    vendor, psa = _spread(12, 84)
    result = run(vendor, psa)
    assert not any(g.kind is GapKind.QUANTITY_MISMATCH for g in result.gaps)
    assert [u.psa_product for u in result.unmapped] == [SPAM]


def test_the_candidate_the_seats_back_leads_over_a_look_alike_name() -> None:
    # "Widget Email Shield" looks like "Zeta Email Shield Pro" (no seats behind it) but sits
    # beside an unbilled Proofpoint at every client with the seats equal at a third of them.
    vendor, psa = _spread(12, 24)
    psa = [(c, "Widget Email Shield", n, p) for c, _, n, p in psa]
    vendor += [(c, "Zeta Email Shield Pro", n + 1, "3") for c, _, n, _ in vendor[:12:4]]
    assert compare_names("Widget Email Shield", "Zeta Email Shield Pro").score >= 70
    result = run(vendor, psa)
    paired = [g for g in result.gaps if "paired on seats" in g.why]
    assert len(paired) == 24
    assert {g.product for g in paired} == {PROOFPOINT}


def test_a_name_only_pairing_that_bills_a_product_twice_is_paired_again() -> None:
    # Each client buys both backups and the PSA bills Dropsuite under its own name: "M365
    # Backup" read as Dropsuite would bill it twice while Datto (same seats) goes unbilled.
    seats = {"A": 10, "B": 7, "C": 12, "D": 5}
    vendor = [(c, DATTO, n, "2") for c, n in seats.items()]
    vendor += [(c, DROPSUITE, 3, "2") for c in seats]
    psa = [(c, "M365 Backup", n, "4") for c, n in seats.items()]
    psa += [(c, DROPSUITE, 3, "4") for c in seats]
    result = run(vendor, psa)
    assert result.gaps == ()
    assert result.unmapped == () and result.questions == ()


def test_a_catalogued_product_the_vendor_sells_nowhere_is_paired_on_seats() -> None:
    # The catalogue knows "Windows 365 Business"; the vendor names the plan by a configuration
    # the catalogue lacks. The seats agree at four clients: one product, no gap.
    seats = {"A": 10, "B": 7, "C": 12, "D": 5}
    config = "Windows 365 Business 8 vCPU, 32 GB, 512 GB with Windows Hybrid Benefit"
    assert load_catalog().identify(name=config) is None
    result = run(
        [(c, config, n, "40") for c, n in seats.items()],
        [(c, "Windows 365 Business", n, "50") for c, n in seats.items()],
    )
    assert result.gaps == ()
    assert result.unmapped == () and result.questions == ()


def test_a_catalogued_product_the_vendor_names_otherwise_is_one_question_not_two_gaps() -> None:
    # One client's agreeing seats are too little to pair. The vendor names the plan by a
    # configuration the catalogue lacks, so nothing says they differ: one question, not a
    # missing-in-PSA line beside an unmapped one (issue 11: never both halves of a misnaming).
    result = run(
        [("A", "Windows 365 Business 8 vCPU, 32 GB, 512 GB with Windows Hybrid Benefit", 3, "40")],
        [("A", "Windows 365 Business", 3, "50")],
    )
    assert result.gaps == () and result.unmapped == ()
    (question,) = result.questions
    assert question.candidates[0].vendor_product.endswith("with Windows Hybrid Benefit")


def test_a_catalogued_product_beside_another_catalogued_product_is_never_held() -> None:
    # Both names are products the catalogue knows, and they are different products: both
    # statements are real, whatever the seats, so nothing is held in a question.
    result = run(
        [("A", "Huntress Managed EDR", 3, "4")],
        [("A", "SentinelOne Singularity Control", 3, "6")],
    )
    assert result.questions == ()
    assert [g.kind for g in result.gaps] == [GapKind.MISSING_IN_PSA]
    (unmapped,) = result.unmapped
    assert unmapped.candidates[0].clients == 1  # the seats are shown as a candidate


def test_a_short_qualifier_is_set_aside_when_names_are_compared() -> None:
    found = compare_names("SW - AcmeBackup Pro - M2M", "Acme Backup Pro")
    assert found.score == 98.0 and found.relation is TierRelation.SAME
    assert "set aside" in found.how
    # A plan is no qualifier: left out, it still caps the score below acceptance.
    assert compare_names("Widget Mail - Plan 2", "Widget Mail").score <= 80.0
    # Text alone now pairs the qualified name, and the real gap shows.
    result = run([("Acme", "Acme Backup Pro", 12, "3")], [("Acme", "SW - AcmeBackup Pro", 10, "5")])
    (gap,) = result.gaps
    assert (gap.kind, gap.seat_delta) == (GapKind.QUANTITY_MISMATCH, 2)


def test_a_backup_for_office_365_is_a_backup_for_microsoft_365() -> None:
    # The suite a backup protects is no tier of the backup; the suites themselves still conflict.
    assert tier_relation("Office 365 Backup", DROPSUITE) is not TierRelation.CONFLICT
    assert tier_relation("Office 365 E3", "Microsoft 365 E3") is TierRelation.CONFLICT
    assert tier_relation("Office 365 Backup", "Microsoft 365 E3") is TierRelation.CONFLICT
    seats = {"A": 10, "B": 7, "C": 12, "D": 5}
    result = run(
        [(c, DROPSUITE, n, "2") for c, n in seats.items()],
        [(c, "SW - Office 365 Backup", n, "4") for c, n in seats.items()],
    )
    assert result.gaps == () and result.unmapped == () and result.questions == ()


def test_a_tolerant_catalogue_guess_the_vendor_sells_nowhere_is_still_asked() -> None:
    # "Managed Detection & Response" reads as Blackpoint's MDR only with the brand left out, a
    # guess; beside an unbilled Huntress EDR with equal seats at one client, a person is asked.
    result = run(
        [("Acme", "Huntress Managed EDR", 17, "3")],
        [("Acme", "Managed Detection & Response", 17, "5")],
    )
    (question,) = result.questions
    assert question.candidates[0].vendor_product == "Huntress Managed EDR"
    assert result.gaps == ()


# --- round four: a brand-free guess keeps its own key ---------------------------------------


def test_a_brand_free_guess_is_not_absorbed_by_an_exact_spelling_of_the_same_product() -> None:
    # "Email Security" is IRONSCALES's product only with the brand left out: a guess. Where an
    # exact IRONSCALES spelling comes first, the guess must not take on its certainty: at the
    # four clients billing it the vendor sells Proofpoint with the same seats, so the seats
    # pair it again. (With one key for both, four missing-in-PSA and four missing-at-vendor.)
    seats = {"A": 10, "B": 7, "C": 12, "D": 5}
    vendor = [("Z", "IRONSCALES Email Security", 3, "2")]
    vendor += [(c, PROOFPOINT, n, "2") for c, n in seats.items()]
    psa = [("Z", "IRONSCALES Email Security", 3, "4")]
    psa += [(c, "Email Security", n, "4") for c, n in seats.items()]
    result = run(vendor, psa)
    assert result.gaps == ()
    assert result.unmapped == () and result.questions == ()


def test_a_brand_free_guess_is_still_compared_as_the_product_the_vendor_sells() -> None:
    # The same guess, where the vendor does sell IRONSCALES at those clients: compared as it,
    # and the one real difference in seats is a quantity gap on IRONSCALES.
    vendor = [(c, "IRONSCALES Email Security", n, "2") for c, n in (("A", 10), ("B", 7))]
    psa = [("A", "Email Security", 10, "4"), ("B", "Email Security", 9, "4")]
    result = run(vendor, psa)
    (gap,) = result.gaps
    assert (gap.client, gap.product, gap.kind) == (
        "B",
        "IRONSCALES Email Security",
        GapKind.QUANTITY_MISMATCH,
    )


def test_equal_seats_on_two_lines_are_told_apart_by_their_names() -> None:
    # One client, two PSA lines of 27 seats beside two unbilled vendor lines of 27: the seats
    # alone cannot say which is which. "Teams Voice /user" is the Teams Phone licence by
    # name; the antivirus line is then the only pairing left. One question each, no gap.
    # (Without the names: two unmapped lines and two false missing-in-PSA gaps.)
    vendor = [("A", "Microsoft Teams Phone Standard", 27, "9"), ("A", BITDEFENDER, 27, "2")]
    psa = [("A", "Teams Voice /user", 27, "12"), ("A", "Managed AV - Workstation", 27, "4")]
    result = run(vendor, psa)
    assert result.gaps == ()
    asked = {q.psa_product: q.candidates[0].vendor_product for q in result.questions}
    assert asked == {
        "Teams Voice /user": "Microsoft Teams Phone Standard",
        "Managed AV - Workstation": BITDEFENDER,
    }


def test_a_specialist_brand_makes_names_alike_but_never_pairs_on_text() -> None:
    brands = load_catalog().brands()
    webroot = compare_names("Webroot AV Licenses", "Webroot Business Endpoint Protection", brands)
    assert webroot.score == 70.0 and "same brand" in webroot.how
    split = compare_names("Sentinel One EDR", "SentinelOne Singularity Control", brands)
    assert split.score == 70.0
    # Sixty products share "Microsoft": product keys fold it away, so it makes nothing alike.
    assert compare_names("Microsoft Teams Phone", "Microsoft Intune Plan 1", brands).score < 50


def test_a_branded_reseller_name_beside_a_service_line_is_read_by_its_maker_and_kind() -> None:
    # "Webroot AV Licenses" and "Managed Workstation" both bill 4 seats beside Webroot's 4:
    # the maker and the kind the PSA name carries settle which one stands for the licence.
    # Webroot sells one endpoint product, so the text is read as it outright (it was a
    # question while the text was only "same brand"; recon.catalog.text.MAKER_KIND).
    vendor = [("A", "Webroot Business Endpoint Protection", 4, "2")]
    psa = [("A", "Webroot AV Licenses", 4, "3"), ("A", "Managed Workstation", 4, "60")]
    result = run(vendor, psa)
    assert result.gaps == ()
    assert result.questions == ()
    assert "Managed Workstation" in {u.psa_product for u in result.unmapped}


def test_a_product_under_its_older_name_is_weighed_on_the_seats() -> None:
    # "Office365 Essentials Plan" is today's Business Basic under its 2020 name, with
    # "Business" left out and a word added: against the current name the edition words
    # conflict, against the catalogue's older name "Office 365 Business Essentials" they only
    # differ by a word or two. One question, no gap. (Compared with the current name alone:
    # unmapped plus a missing-in-PSA gap.)
    result = run(
        [("A", "Microsoft 365 Business Basic", 17, "5")],
        [("A", "Office365 Essentials Plan", 17, "7")],
    )
    assert result.gaps == ()
    (question,) = result.questions
    assert question.candidates[0].vendor_product == "Microsoft 365 Business Basic"
    assert "Office 365 Business Essentials" in question.candidates[0].why


def test_an_older_name_never_pairs_on_text_alone() -> None:
    brands = load_catalog().brands()
    found = compare_product(
        "Managed Detection & Response", "cat:huntress-managed-edr", "Huntress Managed EDR", brands
    )
    assert "as 'Huntress Managed Endpoint Detection and Response'" in found.how
    assert found.score < SETTINGS.product_accept_score


def test_names_carrying_two_vendors_brands_are_unlike() -> None:
    brands = load_catalog().brands()
    assert compare_names("Acronis Backup", "N-able Backup", brands).score < 50
    assert compare_names("Acronis Backup", "Acronis Cyber Protect Cloud", brands).score >= 70


def test_the_catalogue_never_reads_another_vendors_brand_as_left_out() -> None:
    catalog = load_catalog()
    assert catalog.identify(name="Mimecast Email Security") is None
    assert catalog.identify(name="Email Security").id == "ironscales-email-security"  # type: ignore[union-attr]


# --- round six: a brand and words the catalogue lacks ---------------------------------------


def test_a_branded_line_the_vendor_does_not_carry_at_that_client_is_missing_at_the_vendor() -> None:
    # "IRONSCALES Anti-Phishing" names the brand's one catalogue product. The vendor sells it
    # at A, not at B: B is billed for a product the vendor file does not carry there. (Read
    # as a name of its own, it was an unmapped product and no gap.)
    result = run(
        [("A", "IRONSCALES Email Security", 10, "2"), ("B", BP, 4, "20")],
        [
            ("A", "IRONSCALES Email Security", 10, "4"),
            ("B", BP, 4, "25"),
            ("B", "IRONSCALES Anti-Phishing", 6, "4"),
        ],
    )
    assert result.unmapped == () and result.questions == ()
    (gap,) = result.gaps
    assert (gap.client, gap.product, gap.kind) == (
        "B",
        "IRONSCALES Email Security",
        GapKind.MISSING_IN_VENDOR,
    )


def test_a_branded_line_the_vendor_does_carry_at_that_client_is_that_product() -> None:
    # The same line where the vendor does sell IRONSCALES at B with the same seats: one
    # product under two names, so no gap, no question, nothing unmapped.
    result = run(
        [("B", "IRONSCALES Email Security", 6, "2"), ("B", BP, 4, "20")],
        [("B", BP, 4, "25"), ("B", "IRONSCALES Anti-Phishing", 6, "4")],
    )
    assert result.gaps == () and result.unmapped == () and result.questions == ()


def test_a_bracketed_maker_is_never_set_aside_as_a_qualifier() -> None:
    # "(Datto)" says who makes the backup: read without it, the name would be Dropsuite's
    # product with the brand left out, and one Datto line would become a missing-in-PSA
    # Datto line beside a missing-at-vendor Dropsuite one.
    brands = load_catalog().brands()
    other = compare_names("Microsoft 365 Backup (Datto)", "Dropsuite Microsoft 365 Backup", brands)
    assert other.score < 50.0
    # The maker's own brand in brackets is still only the brand, set aside or not.
    own = compare_names("SaaS Protection (Datto)", "Datto SaaS Protection", brands)
    assert own.score >= 90.0


def test_a_product_billed_on_two_lines_one_without_its_suite_word_is_one_holding() -> None:
    # Five seats billed as two lines, one written "365 Business Premium (1 Year)": the same
    # product, so the vendor's five seats agree and no quantity gap is raised.
    result = run(
        [("A", BP, 5, "20")],
        [("A", BP, 2, "25"), ("A", "365 Business Premium (1 Year)", 3, "25")],
    )
    assert result.gaps == () and result.unmapped == () and result.questions == ()
