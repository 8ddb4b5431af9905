from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from recon.match import ClientName, match_clients, word_differences
from recon.match.client_evidence import Footprints
from recon.match.names import DiffKind, diff_names
from recon.model import Knowledge, MatchMethod, MatchSettings
from recon.normalize import abbreviation_of, client_key, fold_word


def names(*raw: str, money: str = "0") -> list[ClientName]:
    return [ClientName(client_key(n), n, client_key(n), "", Decimal(money)) for n in raw]


def pairs(result) -> dict[str, str]:
    return {m.vendor_client: m.psa_client for m in result.matches}


def test_exact_key_matches_different_spellings() -> None:
    result = match_clients(
        names("WAYNE ENT", "Acme Mfg."), names("Wayne Enterprises, Inc.", "Acme Manufacturing Corp")
    )
    assert pairs(result) == {
        "WAYNE ENT": "Wayne Enterprises, Inc.",
        "Acme Mfg.": "Acme Manufacturing Corp",
    }
    assert {m.method for m in result.matches} == {MatchMethod.EXACT}


def test_typo_is_matched_fuzzily_with_its_score() -> None:
    result = match_clients(
        names("Mendza and Morris"), names("Mendoza & Morris LLC", "Harbor View Dental")
    )
    assert pairs(result) == {"Mendza and Morris": "Mendoza & Morris LLC"}
    (match,) = result.matches
    assert match.method is MatchMethod.FUZZY
    assert match.score >= 90


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("Northside Dental Lab", "Northside Dental"),
        ("Smith Law - East", "Smith Law"),
        ("Smith Law (Denver)", "Smith Law"),
        ("Smith Dental Group", "Smith Dental"),
    ],
)
def test_near_twin_is_never_merged_but_offered_for_review(vendor: str, psa: str) -> None:
    result = match_clients(names(vendor, money="150"), names(psa))
    assert result.matches == ()
    (item,) = result.review
    assert item.vendor_client == vendor
    assert item.candidates[0].psa_client == psa
    assert item.money_at_stake == Decimal("150")
    assert result.held_psa == frozenset({client_key(psa)})


def test_near_twin_whose_sibling_exists_stays_unmatched() -> None:
    # Both PSA-billed dental practice and an unbilled lab: the lab must not steal the practice.
    result = match_clients(
        names("Northside Dental", "Northside Dental Lab"), names("Northside Dental")
    )
    assert pairs(result) == {"Northside Dental": "Northside Dental"}
    assert result.unmatched_vendor == (client_key("Northside Dental Lab"),)
    assert result.review == ()


def test_unrelated_name_is_unmatched_with_a_note() -> None:
    result = match_clients(names("Zebra Logistics"), names("Harbor View Dental"))
    assert result.matches == () and result.review == ()
    assert result.unmatched_vendor == ("zebra logistics",)
    assert "no PSA client close enough" in result.notes["zebra logistics"]
    assert result.unmatched_psa == (client_key("Harbor View Dental"),)


def test_alias_pairs_names_that_share_nothing() -> None:
    knowledge = Knowledge(client_aliases=(("BW Holdings", "Wayne Enterprises"),))
    result = match_clients(
        names("bw holdings"), names("Wayne Enterprises Inc"), knowledge=knowledge
    )
    assert pairs(result) == {"bw holdings": "Wayne Enterprises Inc"}
    assert result.matches[0].method is MatchMethod.ALIAS


def test_alias_lets_two_tenants_share_one_psa_client() -> None:
    knowledge = Knowledge(client_aliases=(("Wayne Labs", "Wayne Enterprises"),))
    result = match_clients(
        names("Wayne Enterprises", "Wayne Labs"), names("Wayne Enterprises"), knowledge=knowledge
    )
    assert pairs(result) == {
        "Wayne Enterprises": "Wayne Enterprises",
        "Wayne Labs": "Wayne Enterprises",
    }


def test_rejected_pair_is_never_proposed_again() -> None:
    knowledge = Knowledge(client_rejections=(("Mendza and Morris", "Mendoza & Morris LLC"),))
    result = match_clients(
        names("Mendza and Morris"), names("Mendoza & Morris LLC"), knowledge=knowledge
    )
    assert result.matches == ()
    assert all(
        c.psa_client != "Mendoza & Morris LLC" for item in result.review for c in item.candidates
    )


def test_rejected_exact_key_is_not_matched() -> None:
    knowledge = Knowledge(client_rejections=(("Acme", "ACME Inc"),))
    result = match_clients(names("Acme"), names("ACME Inc"), knowledge=knowledge)
    assert result.matches == ()


def test_same_tenant_id_matches_across_names() -> None:
    vendor = [ClientName("id:t-1", "Contoso Tenant", "contoso tenant", "t-1")]
    psa = [ClientName("fabrikam", "Fabrikam", "fabrikam", "t-1")]
    result = match_clients(vendor, psa)
    assert result.matches[0].method is MatchMethod.ID


def test_two_vendor_clients_wanting_one_psa_client_both_go_to_review() -> None:
    result = match_clients(
        names("Harbr View Dental", "Harbor Veiw Dental"), names("Harbor View Dental")
    )
    assert result.matches == ()
    assert len(result.review) == 2


def test_review_band_is_configurable() -> None:
    strict = MatchSettings(accept_score=99.5)
    result = match_clients(
        names("Mendza and Morris"), names("Mendoza & Morris LLC"), settings=strict
    )
    assert result.matches == ()
    assert "below" in result.review[0].reason


def test_review_queue_is_ordered_by_money_at_stake() -> None:
    vendor = names("Smith Law - East", money="10") + names("Northside Dental Lab", money="900")
    result = match_clients(vendor, names("Smith Law", "Northside Dental"))
    assert [r.vendor_client for r in result.review] == ["Northside Dental Lab", "Smith Law - East"]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("northside dental lab", "northside dental", ("lab",)),
        ("mendza and morris", "mendoza and morris", ()),
        ("store 12", "store 13", ("12", "13")),
    ],
)
def test_word_differences(a: str, b: str, expected: tuple[str, ...]) -> None:
    assert word_differences(a, b) == expected


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        # Found by the benchmark at 20k clients: a real word one letter from another.
        ("Ross Plastics PC", ("Ross Plastics Alliance Ltd", "Rossi Plastics Company, Ltd")),
        (
            "Berry Architecture Co",
            ("Perry Architecture LLC", "Berry Architecture Professionals, Co"),
        ),
        ("Gonzalkes Pediatrics Inc", ("Gonzales Pediatrics Network, Inc", "Gonzalez Pediatrics")),
        ("EASTWOOD WEALTH INC.", ("Crestwood Wealth Company Corp",)),
    ],
)
def test_a_real_word_one_letter_away_is_not_a_typo(vendor: str, psa: tuple[str, ...]) -> None:
    result = match_clients(names(vendor), names(*psa))
    assert result.matches == ()
    assert len(result.review) + len(result.unmatched_vendor) == 1


@pytest.mark.parametrize(
    ("vendor", "psa", "words"),
    [
        ("Store 13", "Store 12", ("13", "12")),
        ("EASTWOOD WEALTH INC.", "Crestwood Wealth Company Corp", ("EASTWOOD", "Crestwood")),
    ],
)
def test_a_substituted_word_is_another_client_not_a_question(
    vendor: str, psa: str, words: tuple[str, ...]
) -> None:
    # Each name has a word the other lacks and nothing else says they are one client: the
    # vendor client is unmatched (its seats raise gaps), never merged and never held.
    result = match_clients(names(vendor), names(psa))
    assert result.matches == () and result.review == ()
    assert result.unmatched_vendor == (client_key(vendor),)
    note = result.notes[client_key(vendor)]
    assert all(repr(word) in note for word in words)


@pytest.mark.parametrize(
    ("written", "meant", "real", "expected"),
    [
        ("mendza", "mendoza", (), True),  # a deletion
        ("mendoza", "mednoza", (), True),  # neighbours swapped
        ("ross", "rossi", ("ross", "rossi"), False),  # both real PSA words
        ("ross", "rossi", ("rossi",), True),  # only one is real: a typo of it
        ("gonzalkes", "gonzalez", (), False),  # two edits
        ("abc", "abd", (), False),  # too short to tell
        ("12", "13", (), False),
    ],
)
def test_what_counts_as_a_typo(
    written: str, meant: str, real: tuple[str, ...], expected: bool
) -> None:
    from recon.match.words import is_typo

    assert is_typo(written, meant, real) is expected


# --- guards that fail when removed ---------------------------------------------------------


def lines(rows: dict[str, list[tuple[str, int]]]) -> pd.DataFrame:
    """A footprint frame: client identity -> [(product, seats)]."""
    records = [
        {"identity": client_key(c), "product": p, "qty": n * 1000}
        for c, held in rows.items()
        for p, n in held
    ]
    return pd.DataFrame(records, columns=["identity", "product", "qty"])


SHARED = [("cat:a", 10), ("cat:b", 4), ("cat:c", 7)]
OTHER = [("cat:d", 2), ("cat:e", 9)]


def footprints(vendor: dict, psa: dict) -> Footprints:
    return Footprints(lines(vendor), lines(psa), {"cat:a", "cat:b", "cat:c", "cat:d", "cat:e"})


def test_a_runner_up_within_the_margin_sends_the_pair_to_review() -> None:
    # Both PSA names are typos away; 95.7 against 91.7 is too close to choose.
    result = match_clients(names("Acme Widgetz"), names("Acme Widget", "Acme Widgets"))
    assert result.matches == ()
    (item,) = result.review
    assert "within 4 points" in item.reason
    assert [c.psa_client for c in item.candidates] == ["Acme Widget", "Acme Widgets"]


def test_shared_lines_choose_between_two_close_names() -> None:
    # The same pair, but the lower-scored PSA client holds the vendor client's lines.
    prints = footprints({"Acme Widgetz": SHARED}, {"Acme Widgets": SHARED, "Acme Widget": OTHER})
    result = match_clients(
        names("Acme Widgetz"), names("Acme Widget", "Acme Widgets"), footprints=prints
    )
    assert pairs(result) == {"Acme Widgetz": "Acme Widgets"}
    (match,) = result.matches
    assert match.method is MatchMethod.EVIDENCE
    assert "shares 3 of 3" in match.note


NEAR_TWIN = ("Northside Family Dental Practice Lab", "Northside Family Dental Practice")


def test_near_twin_with_a_high_score_is_still_not_merged() -> None:
    result = match_clients(names(NEAR_TWIN[0]), names(NEAR_TWIN[1]))  # score 94
    assert result.matches == ()
    (item,) = result.review
    # Said once: the candidate carries the words, the reason says why a person decides.
    assert "'Lab'" in item.candidates[0].note and "'Lab'" not in item.reason


def test_near_twin_sharing_some_lines_is_still_not_merged() -> None:
    prints = footprints({NEAR_TWIN[0]: [*SHARED[:2], *OTHER]}, {NEAR_TWIN[1]: SHARED})
    result = match_clients(names(NEAR_TWIN[0]), names(NEAR_TWIN[1]), footprints=prints)
    assert result.matches == ()
    assert "shares 2 of 4" in result.review[0].candidates[0].note


def test_a_dropped_word_merges_only_on_overwhelming_lines() -> None:
    prints = footprints({NEAR_TWIN[0]: SHARED}, {NEAR_TWIN[1]: SHARED})
    merged = match_clients(names(NEAR_TWIN[0]), names(NEAR_TWIN[1]), footprints=prints)
    assert pairs(merged) == {NEAR_TWIN[0]: NEAR_TWIN[1]}


EAST = "Northside Family Dental Practice - East"


def test_a_site_on_one_side_merges_on_agreeing_lines_when_no_rival_exists() -> None:
    # One candidate with that name and the lines agree: "- East" is where the client sits.
    prints = footprints({EAST: SHARED[:2]}, {NEAR_TWIN[1]: SHARED[:2]})
    merged = match_clients(names(EAST), names(NEAR_TWIN[1]), footprints=prints)
    assert pairs(merged) == {EAST: NEAR_TWIN[1]}
    assert "'East'" in merged.matches[0].note
    # Names alone never merge it.
    held = match_clients(names(EAST), names(NEAR_TWIN[1]))
    assert held.matches == () and "'East'" in held.review[0].candidates[0].note


def test_a_site_is_a_different_client_when_a_rival_exists() -> None:
    # The vendor also sells to the practice itself (spelled with a typo, so both vendor names
    # want the one PSA client): the site is the other client, whatever the lines say.
    prints = footprints(
        {EAST: SHARED, "Northside Family Dental Practise": SHARED}, {NEAR_TWIN[1]: SHARED}
    )
    result = match_clients(
        names(EAST, "Northside Family Dental Practise"), names(NEAR_TWIN[1]), footprints=prints
    )
    assert EAST not in pairs(result)


def test_an_organisation_word_merges_on_shared_lines_only() -> None:
    vendor, psa = "Paragon Marketing", "Paragon Marketing Group"
    assert match_clients(names(vendor), names(psa)).matches == ()
    prints = footprints({vendor: SHARED}, {psa: SHARED})
    result = match_clients(names(vendor), names(psa), footprints=prints)
    assert pairs(result) == {vendor: psa}


def test_disjoint_products_undo_a_confident_name() -> None:
    prints = footprints({"Mendza and Morris": SHARED}, {"Mendoza & Morris LLC": OTHER})
    result = match_clients(
        names("Mendza and Morris"), names("Mendoza & Morris LLC"), footprints=prints
    )
    assert result.matches == () and result.review == ()
    assert "no product in common" in result.notes[client_key("Mendza and Morris")]


def test_an_exact_name_goes_to_the_sibling_that_holds_its_lines() -> None:
    vendor = "Aspen Eng"
    prints = footprints(
        {vendor: SHARED},
        {"Aspen Engineering Ltd": OTHER, "Aspen Engineering Collective": SHARED},
    )
    result = match_clients(
        names(vendor),
        names("Aspen Engineering Ltd", "Aspen Engineering Collective"),
        footprints=prints,
    )
    assert pairs(result) == {vendor: "Aspen Engineering Collective"}
    assert result.matches[0].method is MatchMethod.EVIDENCE


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("Rocky Mtn Dental Svcs Intl", "Rocky Mountain Dental Services International"),
        ("Smith Bros Hldgs Mgmt", "Smith Brothers Holdings Management"),
        ("J. B. Hunt Engr", "JB Hunt Engineering"),
        ("The Smith & Jones Assoc", "Smith and Jones Associates"),
    ],
)
def test_listed_abbreviations_fold_to_one_key(vendor: str, psa: str) -> None:
    result = match_clients(names(vendor), names(psa))
    assert pairs(result) == {vendor: psa}
    assert result.matches[0].method is MatchMethod.EXACT


def test_a_surname_that_looks_like_an_abbreviation_is_not_folded() -> None:
    # "Tran" is a prefix of "Transport" but a surname: never the same key, never merged.
    assert client_key("Miller & Tran") != client_key("Miller Transport")
    result = match_clients(names("Miller & Tran"), names("Miller Transport"))
    assert result.matches == ()


def test_review_reasons_show_words_as_written_never_folded() -> None:
    result = match_clients(names("Harbor View Dental Partners"), names("Harbor View Dental"))
    (item,) = result.review
    assert "'Partners'" in item.candidates[0].note and "ptnr" not in item.candidates[0].note


def test_an_exact_name_holding_no_product_in_common_is_not_merged_beside_a_longer_name() -> None:
    # "Quincy Dev" dropped a word ("Supply") and now equals another client's name exactly,
    # while the PSA also bills the longer name.
    psa = ("Quincy Development", "Quincy Development Supply")
    prints = footprints({"Quincy Dev": SHARED}, {psa[0]: OTHER, psa[1]: SHARED[:1]})
    result = match_clients(names("Quincy Dev"), names(*psa), footprints=prints)
    assert "Quincy Dev" not in pairs(result) or pairs(result)["Quincy Dev"] == psa[1]
    # Without lines to compare, the exact name stands.
    assert pairs(match_clients(names("Quincy Dev"), names(*psa))) == {"Quincy Dev": psa[0]}


def test_an_exact_name_with_no_rival_stands_whatever_the_products() -> None:
    # No other client could be meant: no product in common on both sides is what a real
    # missing-in-PSA and missing-at-vendor client looks like, so its gaps must show.
    prints = footprints({"Quincy Dev": SHARED}, {"Quincy Development": OTHER})
    result = match_clients(names("Quincy Dev"), names("Quincy Development"), footprints=prints)
    assert pairs(result) == {"Quincy Dev": "Quincy Development"}


def test_two_plain_words_on_one_side_are_another_name_not_a_near_twin() -> None:
    # One plain word added is a near twin a person may confirm; two are another client's name.
    one = match_clients(names("Pied Piper Spoof"), names("Pied Piper"))
    assert one.matches == () and len(one.review) == 1
    two = match_clients(names("Pied Piper Red Spoof"), names("Pied Piper"))
    assert two.matches == () and two.review == ()


def test_a_word_is_not_two_shortened_words_run_together() -> None:
    # "Harmon" fits "Har(bor) Mo(u)n(tain)" only by shortening both words: another client.
    result = match_clients(names("Harbor Mountain Engineering"), names("Harmon Engineering LLP"))
    assert result.matches == ()
    # One word whole and one shortened still reads as run together, with the lines' support
    # as the same words written apart ("Gate Rsch Labs") would need.
    assert diff_names("Gate Research Labs", "GateRsch Labs").kind is DiffKind.SHORT_FORMS
    prints = footprints({"Gate Research Labs": SHARED}, {"GateRsch Labs": SHARED})
    kept = match_clients(names("Gate Research Labs"), names("GateRsch Labs"), footprints=prints)
    assert pairs(kept) == {"Gate Research Labs": "GateRsch Labs"}


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("Ward Florist", "TheWard Florist"),  # the article run together
        ("Banks Brewing Company", "Banks BrewingCompany"),  # a legal form run together
    ],
)
def test_a_word_keys_drop_run_together_is_the_same_name(vendor: str, psa: str) -> None:
    assert diff_names(vendor, psa).kind is DiffKind.SAME
    result = match_clients(names(vendor), names(psa, "Harbor View Dental"))
    assert pairs(result) == {vendor: psa}


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ("EmersonFamily Medicine", "Emerson Fam. Medicine"),
        ("ReesCommunications LLC", "Reeves Communications"),
    ],
)
def test_a_half_written_short_run_together_is_a_short_form_the_lines_settle(
    vendor: str, psa: str
) -> None:
    # As the same words written apart ("Lyons Fam Florist", "Rees Communications"): "Rees"
    # may shorten "Reeves" or be another family's name, so the lines decide, not the name.
    apart = " ".join(run_apart(vendor))
    assert diff_names(apart, psa).kind is DiffKind.SHORT_FORMS
    assert diff_names(vendor, psa).kind is DiffKind.SHORT_FORMS
    alone = match_clients(names(vendor), names(psa, "Harbor View Dental"))
    assert not alone.matches
    prints = footprints({vendor: SHARED}, {psa: SHARED})
    shared = match_clients(names(vendor), names(psa, "Harbor View Dental"), footprints=prints)
    assert pairs(shared) == {vendor: psa}


def run_apart(name: str) -> list[str]:
    """A name's capitalised words run together written apart ("ReesCommunications" -> "Rees
    Communications")."""
    out = []
    for word in name.split():
        cuts = [i for i, ch in enumerate(word) if ch.isupper() and i > 0 and word[i - 1].islower()]
        out += [word[a:b] for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True)]
    return out


def test_a_name_run_together_with_a_shortened_half_takes_no_psa_only_client() -> None:
    # At 60,000 clients "ReesCommunications LLC" was read as "Reeves Communications" (a PSA
    # client the vendor never sells to) while "Reyes Commun." shared its every line.
    held = [("cat:a", 27), ("cat:b", 41), ("cat:c", 30)]
    prints = footprints(
        {"ReesCommunications LLC": held},
        {"Reyes Commun.": held, "Reeves Communications": [("cat:d", 7)]},
    )
    result = match_clients(
        names("ReesCommunications LLC"),
        names("Reeves Communications", "Reyes Commun."),
        footprints=prints,
    )
    assert ("ReesCommunications LLC", "Reeves Communications") not in pairs(result).items()


def test_an_organisation_word_run_together_is_an_organisation_word() -> None:
    # "SurveyingGroup" is "Surveying" and "Group": a soft difference the lines settle.
    found = diff_names("Vega SurveyingGroup", "Vega Surveying")
    assert found.kind is DiffKind.SOFT_EXTRA
    assert found.vendor_only == ("group",)
    prints = footprints({"Vega SurveyingGroup": SHARED}, {"Vega Surveying": SHARED})
    result = match_clients(names("Vega SurveyingGroup"), names("Vega Surveying"), footprints=prints)
    assert pairs(result) == {"Vega SurveyingGroup": "Vega Surveying"}


def test_words_run_together_are_read_beside_an_added_word() -> None:
    # One word fewer on the run-together side is made up by "Group" on the same side.
    found = diff_names("Herrera Creek Dental", "Herrera CreekDental Group")
    assert found.kind is DiffKind.SOFT_EXTRA
    assert found.psa_only == ("Group",)


def test_a_typo_inside_words_run_together_needs_the_lines() -> None:
    found = diff_names("Pham TwrraceHome Health", "Pham Terrace Home Health")
    assert found.kind is DiffKind.SHORT_FORMS and found.typo
    # Both halves changed is another name, not a typo.
    assert diff_names("Pham TwrraceHme Health", "Pham Terrace Home Health").kind is (
        DiffKind.DIFFERENT
    )


def test_two_letters_and_a_full_stop_are_the_word_they_begin() -> None:
    assert diff_names("North Peak Hospice", "No. Peak Hospice").kind is DiffKind.SHORT_FORMS
    assert diff_names("So. Canyon Foods", "South Canyon Foods").kind is DiffKind.SHORT_FORMS
    # Without the full stop "No" is read as North only beside "North" (a short form: merged
    # on agreeing lines only); beside another word it is a word of its own.
    assert diff_names("No Limits Gym", "North Limits Gym").kind is DiffKind.SHORT_FORMS
    assert diff_names("No Limits Gym", "Nolan Limits Gym").kind is DiffKind.DIFFERENT


def test_a_contraction_keeps_its_final_y() -> None:
    # "Ppty" keeps Property's first and last letters, as the postal "Vly" and "Pkwy" do.
    assert abbreviation_of("ppty") == fold_word("properties")
    assert diff_names("West Point Properties", "West Point Ppty").kind is DiffKind.SHORT_FORMS
    # A word that keeps an inner vowel is still a word, final "y" or not.
    assert abbreviation_of("pony") is None


def test_two_lists_abbreviations_of_one_word_are_that_word() -> None:
    # The Bluebook's "Cmty" and a truncation "Comm." both stand for Community.
    assert diff_names("Red Valley Cmty Center", "Red Valley Comm. Center").kind is (
        DiffKind.SHORT_FORMS
    )
    # Without the full stop "Comm" is no truncation; "Comm." stands for no unlisted word.
    assert diff_names("Red Valley Comm Center", "Red Valley Cmty Center").kind is (
        DiffKind.DIFFERENT
    )
    assert diff_names("Red Valley Comm. Center", "Red Valley Coop Center").kind is (
        DiffKind.DIFFERENT
    )
    # A short form merges only on the lines' support.
    prints = footprints({"Red Valley Cmty Center": SHARED}, {"Red Valley Comm. Center": SHARED})
    result = match_clients(
        names("Red Valley Cmty Center"), names("Red Valley Comm. Center"), footprints=prints
    )
    assert pairs(result) == {"Red Valley Cmty Center": "Red Valley Comm. Center"}
    apart = footprints({"Red Valley Cmty Center": SHARED}, {"Red Valley Comm. Center": OTHER})
    result = match_clients(
        names("Red Valley Cmty Center"), names("Red Valley Comm. Center"), footprints=apart
    )
    assert pairs(result) == {}


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        # "Crossing" is keyed by its postal form "Xing"; its initial is still "C".
        ("RC Mortgage, LP", "Red Crossing Mortgage LP"),
        # Initials beside a site the other side adds.
        ("EC Jewelers", "Eagle Crossing Jewelers, Company - Albany"),
    ],
)
def test_initials_are_found_beside_a_folded_word_or_a_site(vendor: str, psa: str) -> None:
    # Names closer in spelling fill the fuzzy step's few candidates: only the initials
    # find the client.
    others = [f"{w} {vendor.split()[1]}" for w in ("Eden", "Rich", "Mason", "Reno")]
    prints = footprints({vendor: SHARED}, {psa: SHARED, **dict.fromkeys(others, OTHER)})
    result = match_clients(names(vendor), names(psa, *others), footprints=prints)
    assert pairs(result) == {vendor: psa}


def test_a_state_or_city_ending_a_name_is_a_site() -> None:
    found = diff_names("Bennett Family Dentistry", "Bennett Family Dentistry Boise")
    assert found.kind is DiffKind.SOFT_EXTRA and found.places
    # Two places are two sites; after a one-word name a town may be a surname.
    assert diff_names("Weaver Roofing Co Reno", "Weaver Roofing - Spokane").kind is (
        DiffKind.DIFFERENT
    )
    assert diff_names("Bennett", "Bennett Holt").kind is DiffKind.EXTRA_WORD
    assert diff_names("Austin Family Dentistry", "Family Dentistry").kind is DiffKind.EXTRA_WORD
    # Two shared lines support a site; a plain word would need them to overwhelm.
    two = SHARED[:2]
    prints = footprints({"Bennett Family Dentistry": two}, {"Bennett Family Dentistry Boise": two})
    result = match_clients(
        names("Bennett Family Dentistry"),
        names("Bennett Family Dentistry Boise"),
        footprints=prints,
    )
    assert pairs(result) == {"Bennett Family Dentistry": "Bennett Family Dentistry Boise"}


@pytest.mark.parametrize(
    "written", ["Crown Shore Orthopedics Gropu", "Crown Shore Orthopedics Hold"]
)
def test_a_mistyped_or_shortened_organisation_word_is_an_organisation_word(written: str) -> None:
    assert diff_names("Crown Shore Orthopedics", written).kind is DiffKind.SOFT_EXTRA


def test_a_name_written_together_is_found_whatever_its_key() -> None:
    # The keys ("sloan fdn", "sloanfoundation") share nothing a fuzzy score would find.
    # Three closer-scored names that are other clients keep it out of the fuzzy top three.
    others = ("Sloan Fdn Trust Bank", "Sloan Fdn Media Arts", "Sloan Fdn Youth Sports")
    result = match_clients(names("Sloan Foundation Inc."), names("SloanFoundation Inc.", *others))
    assert pairs(result) == {"Sloan Foundation Inc.": "SloanFoundation Inc."}


def test_lines_built_after_a_first_question_are_used() -> None:
    # A client asked about before its lines were built shares nothing; once built, it does.
    prints = footprints({"Acme Widgets": SHARED}, {"Acme Widget": SHARED})
    vendor, psa = client_key("Acme Widgets"), client_key("Acme Widget")
    assert prints.overlap([vendor], psa).shared_products == 0
    prints.prepare([vendor], [psa])
    found = prints.overlap([vendor], psa)
    assert (found.shared, found.shared_products) == (3, 3)
    both = prints.overlap([vendor, vendor], psa)
    assert (both.shared, both.shared_products) == (3, 3)


def test_an_exact_name_whose_initials_another_client_spells_out_is_weighed_again() -> None:
    # "PC of Commerce Co." is Pierce Chamber of Commerce; the PSA also bills Palmer Chamber
    # of Commerce as "PC of Commerce P.L.L.C.", the same key once legal forms go. The lines
    # (none in common with Palmer, all with Pierce) say which one is meant.
    vendor, palmer, pierce = (
        "PC of Commerce Co.",
        "PC of Commerce P.L.L.C.",
        "The Pierce Chamber of Commerce",
    )
    assert client_key(vendor) == client_key(palmer)
    prints = footprints({vendor: SHARED}, {palmer: OTHER, pierce: SHARED})
    result = match_clients(names(vendor), names(palmer, pierce), footprints=prints)
    assert pairs(result).get(vendor) != palmer
    # With no one spelling the initials out, the exact name stands (a real one-sided client).
    alone = match_clients(
        names(vendor), names(palmer), footprints=footprints({vendor: SHARED}, {palmer: OTHER})
    )
    assert pairs(alone) == {vendor: palmer}


def test_an_exact_name_goes_to_the_client_spelling_out_its_initials_when_the_lines_say_so() -> None:
    # The dev benchmark's case: Palmer's exact key shares a product with Pierce's vendor
    # lines but not their seats; Pierce, spelled out, holds every (product, seats) line.
    vendor, palmer, pierce = (
        "PC of Commerce Co.",
        "PC of Commerce P.L.L.C.",
        "The Pierce Chamber of Commerce",
    )
    # Another vendor client, so that lines weigh by how rare they are, as in any real file.
    others = {"Zephyr Logistics": OTHER}
    prints = footprints(
        {vendor: SHARED, **others}, {palmer: [(SHARED[0][0], 2), *OTHER], pierce: SHARED}
    )
    result = match_clients(names(vendor), names(palmer, pierce), footprints=prints)
    assert pairs(result) == {vendor: pierce}
    # The same lines on Palmer's side keep the exact pair: the lines then say it is Palmer.
    same = footprints({vendor: SHARED, **others}, {palmer: SHARED, pierce: OTHER})
    assert pairs(match_clients(names(vendor), names(palmer, pierce), footprints=same)) == {
        vendor: palmer
    }


def test_an_exact_name_whose_initials_a_vendor_client_spells_out_is_weighed_again() -> None:
    # The client spelling the initials out may be billed by the vendor alone: its name is
    # still a rival, so an exact pair holding no product in common is looked at again.
    vendor, palmer, pierce = (
        "PC of Commerce Co.",
        "PC of Commerce P.L.L.C.",
        "The Pierce Chamber of Commerce",
    )
    prints = footprints({vendor: SHARED, pierce: OTHER}, {palmer: OTHER})
    result = match_clients(names(vendor, pierce), names(palmer), footprints=prints)
    assert pairs(result).get(vendor) != palmer
