"""A PSA spelling a name rule misread: the seats at the matched clients overrule the reading.

"M365 Business" is read by the catalogue as Business Premium (its name until 2020); the MSPs
in these tests bill Business Standard under it. Each test fails when its guard is removed.
"""

from __future__ import annotations

from decimal import Decimal

from recon.model import GapKind, Knowledge
from tests.recon.conftest import reconcile_rows as run

MISREAD = "M365 Business"
PREMIUM = "Microsoft 365 Business Premium"
STANDARD = "Microsoft 365 Business Standard"
STANDARD_ID = "ms-m365-business-standard"


def _exports(standard: int, premium: int) -> tuple[list, list]:
    """``standard`` clients buy Standard and ``premium`` clients buy Premium, all billed as
    "M365 Business"; three more clients buy and bill Premium under its own name."""
    vendor, psa = [], []
    for i in range(standard + premium):
        seats = 3 + i % 7
        client = f"Client {i:02}"
        vendor.append((client, STANDARD if i < standard else PREMIUM, seats, "12.50"))
        psa.append((client, MISREAD, seats, "15"))
    for i in range(3):
        vendor.append((f"Other {i}", PREMIUM, 4 + i, "22"))
        psa.append((f"Other {i}", PREMIUM, 4 + i, "26"))
    return vendor, psa


def _kinds(result) -> set[tuple[str, str, GapKind]]:
    return {(g.client, g.product, g.kind) for g in result.gaps}


def test_a_misread_spelling_is_compared_as_the_product_the_seats_show() -> None:
    vendor, psa = _exports(standard=9, premium=0)
    # A real gap on Standard at one client: 5 seats bought, 2 billed.
    psa[8] = ("Client 08", MISREAD, 2, "15")
    vendor[8] = ("Client 08", STANDARD, 5, "12.50")
    # Client 00 also bills Premium under its right name: the spelling keeps its own seats.
    vendor.append(("Client 00", PREMIUM, 11, "22"))
    psa.append(("Client 00", "M365 BP License", 11, "26"))
    result = run(vendor, psa)

    # Not one "Premium missing in vendor" or "Standard missing in PSA": one pairing.
    (gap,) = result.gaps
    assert (gap.client, gap.product, gap.kind, gap.seat_delta) == (
        "Client 08",
        STANDARD,
        GapKind.QUANTITY_MISMATCH,
        Decimal(3),
    )
    assert "seats match 'Microsoft 365 Business Standard' at 8 of 9 clients" in gap.why
    (question,) = result.questions
    assert question.psa_product == MISREAD
    assert question.candidates[0].answer == STANDARD_ID
    assert question.held == frozenset()  # acted on in this run: it holds nothing
    assert "compared as 'Microsoft 365 Business Standard' in this run" in question.reason
    assert "no 'Microsoft 365 Business Premium' there" in question.reason

    # Confirmed ("recon alias product"), the next run reads it so without being asked.
    confirmed = Knowledge(product_aliases=((MISREAD, STANDARD_ID),))
    after = run(vendor, psa, knowledge=confirmed)
    assert after.questions == ()
    assert [(g.client, g.kind) for g in after.gaps] == [("Client 08", GapKind.QUANTITY_MISMATCH)]


def test_a_real_upgrade_at_a_minority_of_clients_stays_two_real_gaps() -> None:
    # Seven clients buy what the PSA reads (Premium); three moved to Standard in the vendor
    # portal only. Three is "several", but a minority: those gaps are real.
    vendor, psa = _exports(standard=3, premium=7)
    result = run(vendor, psa)
    assert result.questions == ()
    assert _kinds(result) == {
        *((f"Client {i:02}", PREMIUM, GapKind.MISSING_IN_VENDOR) for i in range(3)),
        *((f"Client {i:02}", STANDARD, GapKind.MISSING_IN_PSA) for i in range(3)),
    }


def test_a_pattern_at_too_few_clients_stays_two_real_gaps() -> None:
    vendor, psa = _exports(standard=2, premium=0)
    result = run(vendor, psa)
    assert result.questions == ()
    assert len(result.gaps) == 4


def test_a_majority_that_is_not_clear_asks_one_question_not_two_gaps() -> None:
    # Six of ten clients: more than half, less than a clear majority.
    vendor, psa = _exports(standard=6, premium=4)
    result = run(vendor, psa)
    assert result.gaps == ()
    (question,) = result.questions
    assert question.psa_product == MISREAD
    assert question.clients == 6
    assert question.candidates[0].answer == STANDARD_ID
    assert len(question.held) == 6
    # 3+4+5+6+7+8 Standard seats at the vendor cost of $12.50.
    assert question.money_at_stake == Decimal("412.50")
    assert "no gap is raised" in question.reason

    # Answered, the next run compares it as Standard. The four clients buying Premium alone,
    # each with exactly the text's seats where no unrelated product ever agrees, are more
    # than chance gives: the text bills Premium there too (recon.engine.second_products),
    # so no false "missing in vendor" beside "missing in PSA".
    answered = run(vendor, psa, knowledge=Knowledge(product_aliases=((MISREAD, STANDARD_ID),)))
    assert answered.questions == ()
    assert answered.gaps == ()


def test_a_persons_alias_wins_over_the_seats() -> None:
    vendor, psa = _exports(standard=9, premium=0)
    said = Knowledge(product_aliases=((MISREAD, "ms-m365-business-premium"),))
    result = run(vendor, psa, knowledge=said)
    assert result.questions == ()
    assert {(g.product, g.kind) for g in result.gaps} == {
        (PREMIUM, GapKind.MISSING_IN_VENDOR),
        (STANDARD, GapKind.MISSING_IN_PSA),
    }
    assert len(result.gaps) == 18


def test_a_rejected_reading_is_never_weighed_again() -> None:
    vendor, psa = _exports(standard=9, premium=0)
    said = Knowledge(product_rejections=((MISREAD, STANDARD_ID),))
    result = run(vendor, psa, knowledge=said)
    assert result.questions == ()
    assert len(result.gaps) == 18


def test_an_upgrade_across_tier_words_is_never_held_in_a_question() -> None:
    # "Microsoft 365 E3" billed, E5 bought at six of ten clients: E3 / E5 is what an upgrade
    # looks like, so short of a clear majority the two gaps stand and nothing is held.
    vendor, psa = [], []
    for i in range(10):
        seats = 3 + i % 7
        vendor.append(
            (f"Client {i:02}", "Microsoft 365 E5" if i < 6 else "Microsoft 365 E3", seats)
        )
        psa.append((f"Client {i:02}", "Microsoft 365 E3", seats))
    result = run(vendor, psa)
    assert result.questions == ()
    assert len(result.gaps) == 12


def test_a_spelling_split_over_two_terms_agrees_as_one_holding() -> None:
    # Each client holds Standard on two terms, billed as two texts; the vendor line counts both.
    vendor, psa = [], []
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, STANDARD, 10 + i, "12.50"))
        psa.append((client, f"{MISREAD} - Annual", 4 + i, "15"))
        psa.append((client, f"{MISREAD} - Monthly", 6, "16"))
    vendor.append(("Other", PREMIUM, 4, "22"))
    psa.append(("Other", PREMIUM, 4, "26"))
    result = run(vendor, psa)
    assert result.gaps == ()
    # One text on two terms: one question for both spellings.
    (question,) = result.questions
    assert question.psa_product in {f"{MISREAD} - Annual", f"{MISREAD} - Monthly"}
    assert question.clients == 6

    # One answer covers the text on every term.
    answer = Knowledge(product_aliases=((MISREAD, STANDARD_ID),))
    after = run(vendor, psa, knowledge=answer)
    assert after.questions == () and after.gaps == ()


def test_the_same_text_with_a_billing_word_is_weighed_as_one_text() -> None:
    vendor, psa = _exports(standard=9, premium=0)
    # "M365 Business - Annual" at five more clients: three agree with Standard (a bare
    # majority alone), two buy Premium. It is "M365 Business" on a term: weighed as one text.
    for i in range(5):
        client = f"Annual {i}"
        vendor.append((client, STANDARD if i < 3 else PREMIUM, 10 + i, "12.50"))
        psa.append((client, f"{MISREAD} - Annual", 10 + i, "15"))
    result = run(vendor, psa)
    (question,) = result.questions
    assert question.held == frozenset()
    assert question.psa_product == MISREAD
    assert "at 12 of 14 clients" in question.reason
    assert _kinds(result) == {
        *((f"Annual {i}", STANDARD, GapKind.MISSING_IN_VENDOR) for i in (3, 4)),
        *((f"Annual {i}", PREMIUM, GapKind.MISSING_IN_PSA) for i in (3, 4)),
    }


def test_an_answer_covers_the_text_with_a_category_or_billing_word() -> None:
    vendor, psa = _exports(standard=6, premium=0)
    psa = [(c, f"Licensing: {p}" if p == MISREAD else p, q, price) for c, p, q, price in psa]
    answer = Knowledge(product_aliases=((MISREAD, STANDARD_ID),))
    result = run(vendor, psa, knowledge=answer)
    assert result.questions == () and result.gaps == ()


def test_the_read_product_sold_beside_with_other_seats_is_no_sign_of_the_reading() -> None:
    # A distributor's clients hold many products: four of ten also buy Premium, which the
    # PSA does not bill (real gaps), at seats other than those billed as "M365 Business".
    vendor, psa = _exports(standard=10, premium=0)
    for i in range(4):
        vendor.append((f"Client {i:02}", PREMIUM, 40 + i, "22"))
    result = run(vendor, psa)
    (question,) = result.questions
    assert question.psa_product == MISREAD
    assert question.held == frozenset()  # ten of ten: compared as Standard in this run
    assert "at 10 of 10 clients" in question.reason
    assert _kinds(result) == {(f"Client {i:02}", PREMIUM, GapKind.MISSING_IN_PSA) for i in range(4)}


def test_the_read_product_with_the_same_seats_still_counts_against_the_reading() -> None:
    # Where the vendor's Premium seats are the seats billed as "M365 Business", the reading
    # may be right: those clients do not count for Standard, and six of ten is not clear.
    vendor, psa = _exports(standard=10, premium=0)
    for i in range(4):
        vendor.append((f"Client {i:02}", PREMIUM, 3 + i % 7, "22"))
    result = run(vendor, psa)
    (question,) = result.questions
    assert question.clients == 6
    assert "no gap is raised" in question.reason


def _gapped(clients: int, agreeing: int) -> tuple[list, list]:
    """Standard billed as "M365 Business" at ``clients`` clients; seats agree at
    ``agreeing`` of them and differ by a real gap of three seats at the others."""
    vendor, psa = [], []
    for i in range(clients):
        seats = 3 + i % 7
        vendor.append((f"Client {i:02}", STANDARD, seats, "12.50"))
        psa.append((f"Client {i:02}", MISREAD, seats + (0 if i < agreeing else 3), "15"))
    vendor.append(("Other", PREMIUM, 4, "22"))
    psa.append(("Other", PREMIUM, 4, "26"))
    return vendor, psa


def test_at_scale_a_misread_text_keeps_its_real_quantity_gaps() -> None:
    # Thirty clients: seats agree at twelve (two in five), the other eighteen are real gaps.
    # Standard sits unbilled beside the text at all thirty: it is compared as Standard.
    vendor, psa = _gapped(30, 12)
    result = run(vendor, psa)
    (question,) = result.questions
    assert question.held == frozenset()
    assert "at 12 of 30 clients" in question.reason
    assert _kinds(result) == {
        (f"Client {i:02}", STANDARD, GapKind.QUANTITY_MISMATCH) for i in range(12, 30)
    }
    assert {g.seat_delta for g in result.gaps} == {Decimal(-3)}


def test_agreeing_seats_below_a_third_are_no_reading_even_at_scale() -> None:
    vendor, psa = _gapped(36, 11)
    result = run(vendor, psa)
    assert result.questions == ()
    assert len(result.gaps) == 72


def test_an_upgrade_at_a_minority_of_many_clients_stays_two_real_gaps() -> None:
    # Of forty clients billed Premium, fifteen moved to Standard in the vendor portal only and
    # ten were dropped at the vendor: a third agree with Standard, but Standard sits beside
    # the text at a minority of its clients. Every one of these gaps is real.
    vendor, psa = _exports(standard=15, premium=15)
    for i in range(10):
        vendor.append((f"Dropped {i}", "Exchange Online (Plan 1)", 7, "4"))
        psa.extend([(f"Dropped {i}", MISREAD, 5, "15"), (f"Dropped {i}", "EXO Plan 1", 7, "5")])
    result = run(vendor, psa)
    assert result.questions == ()
    assert len(result.gaps) == 40
    assert {g.kind for g in result.gaps if g.product == PREMIUM} == {GapKind.MISSING_IN_VENDOR}


def test_spellings_of_the_misread_product_are_weighed_again_once_overruled() -> None:
    # Four clients also buy Premium, billed under a spelling no rule reads. While "M365
    # Business" was read as Premium it billed their Premium lines, so nothing paired that
    # spelling; compared as Standard, it frees them and the spelling pairs on its seats.
    vendor, psa = _exports(standard=10, premium=0)
    for i in range(4):
        vendor.append((f"Client {i:02}", PREMIUM, 40 + i, "22"))
        psa.append((f"Client {i:02}", "Biz Prem Seats", 40 + i, "26"))
    result = run(vendor, psa)
    assert result.gaps == ()
    assert result.unmapped == ()
    assert {q.psa_product for q in result.questions} >= {MISREAD}


BASIC = "Microsoft 365 Business Basic"
MISREAD_TOO = "Microsoft 365 Business"


def _two_misread(clients: int) -> tuple[list, list]:
    """Every client buys Premium, Standard and Basic; the PSA bills Premium under its name,
    Standard as "M365 Business" and Basic as "Microsoft 365 Business" (both read as Premium).
    Two clients in three buy Standard and Basic for the same people (equal seats)."""
    vendor, psa = [], []
    for i in range(clients):
        client = f"Client {i:02}"
        premium, standard = 10 + i, 3 + i % 4
        basic = standard if i % 3 else standard + 4
        for product, seats in ((PREMIUM, premium), (STANDARD, standard), (BASIC, basic)):
            vendor.append((client, product, seats, "10"))
        psa.append((client, PREMIUM, premium, "20"))
        psa.append((client, MISREAD, standard, "12"))
        psa.append((client, MISREAD_TOO, basic, "12"))
    return vendor, psa


def test_two_texts_misread_as_one_product_at_the_same_clients_are_each_overruled() -> None:
    # The vendor's Premium seats are the real Premium line's alone: neither misread text is
    # needed to account for them. And where Standard and Basic seats are equal, each text
    # sees the other's product beside it: that is the other text's answer, not a rival.
    vendor, psa = _two_misread(12)
    result = run(vendor, psa)
    assert result.gaps == ()
    answers = {q.psa_product: q.candidates[0].vendor_product for q in result.questions}
    assert answers == {MISREAD: STANDARD, MISREAD_TOO: BASIC}
