"""Client names a rule reads but whose lines do not settle it (issue 11, names at scale): a
company id cut inside a site word, and a company id or a trade name unique to one unpaired
client whose seats have moved since. The first pairs on agreeing lines; the others become one
review question with the money, never a merge and never two unpaired clients."""

from __future__ import annotations

from recon.match import match_clients
from recon.match.company_ids import ASK as ID_ASK
from recon.match.company_ids import _spelt, _words
from recon.match.trade_near import ASK as TRADE_ASK
from tests.recon.match.name_shape_setup import OTHER, SHARED, footprints, names, pairs

#: One line, as most clients at scale hold: too little for the fuzzy step to pair on.
ONE = [("cat:a", 10)]
#: The SHARED products with other seats: a product in common, no line agreeing.
MOVED = [("cat:a", 30), ("cat:b", 12), ("cat:c", 20)]


def run(vendor: dict, psa: dict):
    return match_clients(names(*vendor), names(*psa), footprints=footprints(vendor, psa))


def asked(result) -> dict[str, tuple[str, list[str]]]:
    return {
        item.vendor_client: (item.reason, [c.psa_client for c in item.candidates])
        for item in result.review
    }


# --- a full-length id cut inside a site word ----------------------------------------------------


def test_a_full_id_cut_inside_a_site_word_pairs_when_lines_agree() -> None:
    # ConnectWise's Company ID holds 25 characters: "... - Head Office" was cut to "HeadO".
    assert len("BanksCreekLawOfficesHeadO") == 25
    result = run({"Banks Creek Law Offices, Ltd.": ONE}, {"BanksCreekLawOfficesHeadO": ONE})
    assert pairs(result) == {"Banks Creek Law Offices, Ltd.": "BanksCreekLawOfficesHeadO"}


def test_an_id_short_of_the_field_length_is_not_read_as_cut() -> None:
    # At 24 characters nothing was cut: "Head" is a word the name does not have.
    words = _words("Banks Creek Law Offices, Ltd.")
    assert _spelt("bankscreeklawofficesheado", words)
    assert not _spelt("bankscreeklawofficeshead", words)


def test_a_full_id_whose_tail_is_most_of_another_name_is_not_spelled() -> None:
    # "Smith Dental" and then fourteen letters: another company's name, not a cut site word.
    code = "SmithDentalSupplyCompanyA".lower()
    assert len(code) == 25
    assert not _spelt(code, _words("Smith Dental"))
    assert _spelt("SmithDentalSupplyCoHeadOf".lower(), _words("Smith Dental Supply Co"))


# --- one question where the lines do not settle it ----------------------------------------------


def test_an_id_one_client_spells_with_moved_seats_is_one_review_question() -> None:
    result = run({"Knox Heights Family Dentistry": SHARED}, {"KnoxHei": MOVED})
    assert pairs(result) == {}
    assert asked(result) == {"Knox Heights Family Dentistry": (ID_ASK, ["KnoxHei"])}
    assert "KnoxHei" not in result.unmatched_psa  # held by the question: no gap of its own


def test_an_id_whose_lines_say_two_clients_is_neither_merged_nor_asked() -> None:
    result = run({"Knox Heights Family Dentistry": SHARED}, {"KnoxHei": OTHER})
    assert pairs(result) == {}
    assert result.review == ()


def test_an_id_two_unpaired_clients_spell_is_not_asked() -> None:
    result = run(
        {"Knox Heights Family Dentistry": SHARED, "Knox Heights Pharmacy": OTHER},
        {"KnoxHei": MOVED},
    )
    assert pairs(result) == {}
    assert all(reason != ID_ASK for reason, _ in asked(result).values())


def test_a_trade_name_written_apart_with_moved_seats_is_one_review_question() -> None:
    vendor = "Grand Capital L.L.C. DBA Grand Creek Youth Center (Reno)"
    result = run({vendor: SHARED}, {"Grand Creek Youth Center": MOVED})
    assert pairs(result) == {}
    assert asked(result) == {vendor: (TRADE_ASK, ["Grand Creek Youth Center"])}


def test_a_trade_name_written_apart_whose_lines_agree_still_pairs() -> None:
    vendor = "Grand Capital L.L.C. DBA Grand Creek Youth Center (Reno)"
    result = run({vendor: SHARED}, {"Grand Creek Youth Center": SHARED})
    assert pairs(result) == {vendor: "Grand Creek Youth Center"}


def test_a_trade_name_written_apart_whose_lines_say_two_clients_is_not_asked() -> None:
    vendor = "Grand Capital L.L.C. DBA Grand Creek Youth Center (Reno)"
    result = run({vendor: SHARED}, {"Grand Creek Youth Center": OTHER})
    assert pairs(result) == {}
    assert all(reason != TRADE_ASK for reason, _ in asked(result).values())
