"""One misread PSA text billing two vendor products, each at clients of its own.

"Microsoft 365 F1" was the name of today's F3 until Microsoft's 2020 Frontline renames, and an
MSP whose catalogue was typed before then may still bill F3 under it, and Office 365 E1 under
the same item at other clients. A name rule reads it as today's F1. The seats split two ways:
neither product is a clear majority and each looked like the other's rival, so every client
holding the text showed two false gaps. Each test fails when its guard is removed.
"""

from __future__ import annotations

from recon.model import GapKind, Knowledge
from tests.recon.conftest import reconcile_rows as run

OLD_NAME = "Microsoft 365 F1"
F1 = "Microsoft 365 F1"
F3 = "Microsoft 365 F3"
E1 = "Office 365 E1"
KIOSK = "Exchange Online Kiosk"
MISREAD = "M365 Business"
PREMIUM = "Microsoft 365 Business Premium"
STANDARD = "Microsoft 365 Business Standard"
BASIC = "Microsoft 365 Business Basic"


def _family(
    first: int, second: int, *, text: str = OLD_NAME, names: tuple[str, str, str] = (F3, E1, F1)
) -> tuple[list, list]:
    """``first`` clients buy names[0] and ``second`` others names[1], all billed as ``text``;
    three more clients buy names[2] (what a name rule reads the text as) under its name."""
    vendor, psa = [], []
    for i in range(first + second):
        seats = 3 + i % 7
        client = f"Client {i:02}"
        vendor.append((client, names[0] if i < first else names[1], seats, "8"))
        psa.append((client, text, seats, "10"))
    for i in range(3):
        vendor.append((f"Other {i}", names[2], 4 + i, "2.25"))
        psa.append((f"Other {i}", names[2], 4 + i, "3"))
    return vendor, psa


def _kinds(result) -> set[tuple[str, str, GapKind]]:
    return {(g.client, g.product, g.kind) for g in result.gaps}


def test_an_old_name_billing_two_products_is_compared_as_each_at_its_clients() -> None:
    vendor, psa = _family(first=9, second=8)
    # A real gap on E1 at one client: 9 seats bought, 6 billed.
    vendor[16] = ("Client 16", E1, 9, "8")
    psa[16] = ("Client 16", OLD_NAME, 6, "10")
    result = run(vendor, psa)

    # Not "F1 missing in vendor" beside "F3 / E1 missing in PSA" at seventeen clients.
    assert _kinds(result) == {("Client 16", E1, GapKind.QUANTITY_MISMATCH)}
    (question,) = result.questions
    assert question.psa_product == OLD_NAME
    assert [c.vendor_product for c in question.candidates] == [F3, E1]
    assert question.held == frozenset()  # acted on in this run
    assert "compared as 'Microsoft 365 F3' and 'Office 365 E1' in this run" in question.reason
    assert "at 9 and 'Office 365 E1' at 7 other clients of 20" in question.reason


def test_two_products_at_about_half_the_clients_each_ask_one_question() -> None:
    # Nine and eight of twenty-five: together a majority, not a clear one. No tier words set
    # "M365 Business" against either edition: one question holds both, no gap is raised.
    vendor, psa = _family(9, 8, text=MISREAD, names=(STANDARD, BASIC, PREMIUM))
    for i in range(8):
        vendor.append((f"Client {17 + i}", PREMIUM, 5, "22"))
        psa.append((f"Client {17 + i}", MISREAD, 5, "26"))
        vendor.append((f"Client {17 + i}", "Huntress Managed EDR", 40, "4"))
        psa.append((f"Client {17 + i}", "Huntress Managed EDR", 40, "5"))
    result = run(vendor, psa)
    assert result.gaps == ()
    (question,) = result.questions
    assert [c.vendor_product for c in question.candidates] == [STANDARD, BASIC]
    assert question.clients == 17
    assert {product for _, product in question.held} == {
        "cat:ms-m365-business-standard",
        "cat:ms-m365-business-basic",
    }
    assert "no gap is raised" in question.reason


def test_a_second_product_at_too_few_clients_to_act_is_only_asked() -> None:
    # Eleven and four: the four are a rival to the eleven, and too few to act on.
    vendor, psa = _family(11, 4, text=MISREAD, names=(STANDARD, BASIC, PREMIUM))
    result = run(vendor, psa)
    assert result.gaps == ()
    (question,) = result.questions
    assert question.clients == 15
    assert "no gap is raised" in question.reason


def test_at_scale_a_text_billing_two_products_keeps_its_real_quantity_gaps() -> None:
    # Thirty clients, fifteen per product; seats agree at six of each (twelve: over a third)
    # and differ by a real three-seat gap at the others, beside the product every time.
    vendor, psa = _family(15, 15)
    for i in range(30):
        if i % 15 >= 6:
            client, text, seats, price = psa[i]
            psa[i] = (client, text, seats + 3, price)
    result = run(vendor, psa)
    (question,) = result.questions
    assert question.held == frozenset()
    assert _kinds(result) == {
        (f"Client {i:02}", F3 if i < 15 else E1, GapKind.QUANTITY_MISMATCH)
        for i in range(30)
        if i % 15 >= 6
    }


def test_tier_words_against_a_split_that_is_not_clear_stay_real_gaps() -> None:
    # Six F3 and six E1 of twenty: a majority, not a clear one, and "F1" is a tier word
    # neither F3 nor E1 carries: what a real change of edition looks like. Never held.
    vendor, psa = _family(6, 6)
    for i in range(8):
        vendor.append((f"Client {12 + i}", F1, 5, "2.25"))
        psa.append((f"Client {12 + i}", OLD_NAME, 5, "3"))
    vendor.append(("Client 12", "Huntress Managed EDR", 40, "4"))
    result = run(vendor, psa)
    assert result.questions == ()
    assert len([g for g in result.gaps if g.kind is GapKind.MISSING_IN_PSA]) == 13


def test_a_third_product_agreeing_as_often_is_no_two_way_reading() -> None:
    # At six clients the vendor also sells Kiosk, unbilled, for the same people: the seats
    # no longer say which products the text bills.
    vendor, psa = _family(9, 8)
    for i in range(6):
        vendor.append((f"Client {i * 2:02}", KIOSK, 3 + (i * 2) % 7, "2"))
    result = run(vendor, psa)
    assert all(len(q.candidates) == 1 for q in result.questions)
    assert ("Client 00", F3, GapKind.MISSING_IN_PSA) in _kinds(result)


def test_a_right_name_with_changes_of_edition_at_a_minority_stays_real_gaps() -> None:
    # Fourteen clients buy F1 as billed; three moved to F3 and three to E1 in the vendor
    # portal only. Every one of those gaps is real.
    vendor, psa = _family(3, 3)
    for i in range(14):
        vendor.append((f"Client {6 + i:02}", F1, 4, "2.25"))
        psa.append((f"Client {6 + i:02}", OLD_NAME, 4, "3"))
    result = run(vendor, psa)
    assert result.questions == ()
    assert len(result.gaps) == 12


def test_confirmed_the_next_run_compares_the_second_product_at_its_clients() -> None:
    # The answer names the first product; the second, alike in name, is split off at its
    # own clients (recon.engine.second_products), so answering never makes the run worse.
    vendor, psa = _family(9, 8, text=MISREAD, names=(STANDARD, BASIC, PREMIUM))
    assert run(vendor, psa).gaps == ()
    confirmed = Knowledge(product_aliases=((MISREAD, "ms-m365-business-standard"),))
    after = run(vendor, psa, knowledge=confirmed)
    assert after.questions == ()
    assert after.gaps == ()


def test_a_second_product_at_two_clients_is_no_two_way_reading() -> None:
    # Five and two of seven: two clients are too few to say the text bills a second product.
    vendor, psa = _family(5, 2, text=MISREAD, names=(STANDARD, BASIC, PREMIUM))
    result = run(vendor, psa)
    assert result.questions == ()
    assert len(result.gaps) == 14


def test_one_product_short_of_a_clear_majority_is_so_with_a_second() -> None:
    # Fifteen F3 and five E1 of twenty-three: F3 alone is no clear majority (and its tier
    # word is not the text's, so never a question), but with E1 at clients of its own it is.
    vendor, psa = _family(15, 5)
    result = run(vendor, psa)
    assert result.gaps == ()
    (question,) = result.questions
    assert [c.vendor_product for c in question.candidates] == [F3, E1]


def test_one_line_billing_both_products_at_a_client_is_held_not_two_gaps() -> None:
    # Client 00 buys E1 for twenty more people and Client 10 F3 for thirty, each billed on
    # one line with the rest: the seats are both products' together. No row can be
    # compared as two products, so the question holds them.
    vendor, psa = _family(9, 8)
    vendor.append(("Client 00", E1, 20, "8"))
    psa[0] = ("Client 00", OLD_NAME, 3 + 20, "10")
    vendor.append(("Client 10", F3, 30, "8"))
    psa[10] = ("Client 10", OLD_NAME, 6 + 30, "10")
    result = run(vendor, psa)
    assert result.gaps == ()
    (question,) = result.questions
    assert ("client 00", "cat:ms-o365-e1") in question.held
    assert ("client 10", "cat:ms-m365-f3") in question.held


def _read_right_beside(right: int, other: int, ghosts: int = 0) -> tuple[list, list]:
    """``right`` clients buy F1 billed as the old name (a name rule reads it right there),
    ``other`` clients buy F3 billed under the same text, and at ``ghosts`` more (clients
    matched on another product) the text is billed with nothing bought."""
    vendor, psa = [], []
    for i in range(right + other + ghosts):
        seats = 3 + i % 7
        client = f"Client {i:02}"
        if i < right + other:
            vendor.append((client, F1 if i < right else F3, seats, "8"))
        else:
            vendor.append((client, "Huntress Managed EDR", 40, "4"))
            psa.append((client, "Huntress Managed EDR", 40, "5"))
        psa.append((client, OLD_NAME, seats, "10"))
    return vendor, psa


def test_a_text_read_right_at_some_clients_and_billing_another_product_at_the_rest_is_asked() -> (
    None
):
    # Ten clients buy F1 as billed, twelve F3 billed under the old name: a majority of the
    # text's clients, and every client where the reading is not confirmed. Tier words ("F1" /
    # "F3") would make each a real change of edition; at most clients it is the text, not
    # twelve upgrades. One question holds the twelve, not twenty-four false gaps.
    vendor, psa = _read_right_beside(10, 12)
    result = run(vendor, psa)
    assert result.gaps == ()
    (question,) = result.questions
    assert question.psa_product == OLD_NAME
    assert [c.vendor_product for c in question.candidates] == [F3]
    assert {client for client, _ in question.held} == {f"client {i:02}" for i in range(10, 22)}
    assert "the vendor sells 'Microsoft 365 F1' as billed at 10 others" in question.reason


def _kinds_at(result, clients: range) -> set[tuple[str, str, GapKind]]:
    return {k for k in _kinds(result) if int(k[0].split()[-1]) in clients}


def test_changes_of_edition_short_of_a_majority_of_a_right_text_stay_real_gaps() -> None:
    # Twelve clients buy F1 as billed, fourteen moved to F3 in the vendor portal only and
    # four more are billed for nothing: fourteen of thirty is no majority. Real gaps.
    vendor, psa = _read_right_beside(12, 14, ghosts=4)
    result = run(vendor, psa)
    assert result.questions == ()
    assert _kinds_at(result, range(12, 26)) == {
        (f"Client {i:02}", product, kind)
        for i in range(12, 26)
        for product, kind in ((F3, GapKind.MISSING_IN_PSA), (F1, GapKind.MISSING_IN_VENDOR))
    }


def test_another_product_at_a_majority_not_the_clear_rest_of_a_text_stays_real_gaps() -> None:
    # Four clients buy F1 as billed, twelve F3 under the text, eight are billed for nothing:
    # twelve of the twenty where F1 is not confirmed is no clear share of them.
    vendor, psa = _read_right_beside(4, 12, ghosts=8)
    result = run(vendor, psa)
    assert result.questions == ()
    assert ("Client 04", F3, GapKind.MISSING_IN_PSA) in _kinds(result)


def test_a_few_clients_of_a_small_text_are_too_few_to_hold_as_a_question() -> None:
    # Six clients buy F1, seven F3 under the same text: a majority, but fewer than ten
    # agreeing clients, so the seven stay two real gaps each (a small MSP's upgrades are
    # worth seeing at once).
    vendor, psa = _read_right_beside(6, 7)
    result = run(vendor, psa)
    assert result.questions == ()
    assert len([g for g in result.gaps if g.kind is GapKind.MISSING_IN_PSA]) == 7


def test_a_confirmed_old_name_compares_each_client_as_its_product_the_next_run() -> None:
    # The answer names F3; where the vendor sells F1 as billed the text stays F1
    # (recon.engine.second_products), so confirming never makes the next run worse.
    vendor, psa = _read_right_beside(10, 12)
    confirmed = Knowledge(product_aliases=((OLD_NAME, "ms-m365-f3"),))
    after = run(vendor, psa, knowledge=confirmed)
    assert after.questions == ()
    assert after.gaps == ()
