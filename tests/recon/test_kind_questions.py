"""Kind questions: a PSA text naming only a kind of product the vendor file sells nothing of
("Is Web Filtering bought from Pax8?"), asked once with its lines' "missing in vendor" shown
pending the answer (:mod:`recon.engine.kind_questions`). Each test fails when its guard there
is removed."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pytest

from recon import Knowledge, reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_costed_lines, make_lines

PREMIUM = "Microsoft 365 Business Premium"
EDR = "Huntress Managed EDR"
WEB = "Web Filtering"


def _run(
    psa_rows: list[tuple[Any, ...]],
    vendor_rows: list[tuple[Any, ...]] = (),  # type: ignore[assignment]
    *,
    format_name: str = "pax8_subscriptions",
    knowledge: Knowledge | None = None,
) -> Any:
    """Acme and Bolt buy Business Premium and Huntress EDR from Pax8 (two makers), billed in
    full with their unit costs; the rows given are added."""
    vendor = make_lines(
        Side.VENDOR,
        [
            ("Acme", PREMIUM, 10, "22.00"),
            ("Bolt", PREMIUM, 5, "22.00"),
            ("Acme", EDR, 10, "3.00"),
            ("Bolt", EDR, 5, "3.00"),
            *vendor_rows,
        ],
    )
    vendor = dataclasses.replace(vendor, format_name=format_name)
    psa = make_costed_lines(
        Side.PSA,
        [
            ("Acme", PREMIUM, 10, "26.00", "22.00"),
            ("Bolt", PREMIUM, 5, "26.00", "22.00"),
            ("Acme", EDR, 10, "5.00", "3.00"),
            ("Bolt", EDR, 5, "5.00", "3.00"),
            *psa_rows,
        ],
    )
    return reconcile(vendor, psa, knowledge=knowledge)


def _lines(result: Any, text: str) -> list[tuple[str, GapKind, Decimal, str | None]]:
    return sorted(
        (g.client, g.kind, g.psa_qty, g.rests_on) for g in result.gaps if g.psa_product == text
    )


def test_a_kind_the_file_sells_nothing_of_is_asked_once_with_its_gap_pending() -> None:
    # 22 seats of "Web Filtering" billed at a cost of $1.29, and no DNS filtering bought in
    # the Pax8 file at all: bought elsewhere, or billed and not bought. One question, the
    # money shown, never a silent "unmapped".
    result = _run([("Acme", WEB, 22, "1.93", "1.29")])
    (question,) = result.maker_questions
    assert question.text == "Is Web Filtering bought from Pax8?"
    assert question.seats == Decimal(22)
    assert question.money_at_stake == Decimal("42.46")
    pending = "the maker question 'Web Filtering' bought from 'Pax8'"
    assert _lines(result, WEB) == [("Acme", GapKind.MISSING_IN_VENDOR, Decimal(22), pending)]
    assert [u.psa_product for u in result.unmapped] == []


def test_a_line_without_a_unit_cost_is_the_msps_own_service_and_not_asked() -> None:
    result = _run([("Acme", WEB, 22, "1.93", "0")])
    assert result.maker_questions == ()
    assert _lines(result, WEB) == []


@pytest.mark.parametrize("format_name", ["microsoft_nce", "generic_vendor"])
def test_a_file_that_is_no_marketplace_never_asks(format_name: str) -> None:
    result = _run([("Acme", WEB, 22, "1.93", "1.29")], format_name=format_name)
    assert result.maker_questions == ()
    assert _lines(result, WEB) == []


def test_a_kind_the_file_sells_at_the_texts_cost_is_not_asked() -> None:
    # DNSFilter bought at Bolt at $1.19: "Web Filtering" may be it; nothing to ask this way.
    result = _run([("Acme", WEB, 22, "1.93", "1.29")], [("Bolt", "DNSFilter", 3, "1.19")])
    assert not [q for q in result.maker_questions if q.maker == WEB]


def test_a_product_of_the_kind_at_another_price_is_not_what_the_text_resells() -> None:
    # Huntress EDR (endpoint security, $3.00) is sold; "Antivirus" at a cost of $1.73 is not
    # it. "Antivirus" is read only by a guess with the brand left out (Datto AV): the
    # question names the text as the PSA writes it.
    result = _run([("Acme", "Antivirus", 40, "2.76", "1.73")])
    (question,) = result.maker_questions
    assert question.text == "Is Antivirus bought from Pax8?"
    (gap,) = [g for g in result.gaps if g.psa_product == "Antivirus"]
    assert gap.kind is GapKind.MISSING_IN_VENDOR
    assert gap.rests_on == "the maker question 'Antivirus' bought from 'Pax8'"


def test_a_branded_text_is_left_to_its_makers_question() -> None:
    result = _run([("Acme", "Barracuda Web Filtering", 22, "1.93", "1.29")])
    assert [q.maker for q in result.maker_questions] == ["Barracuda"]


def test_a_text_branded_by_a_maker_the_file_sells_is_not_asked_by_its_kind() -> None:
    # Huntress is bought from this Pax8 file: its brand says whose the line is, and no kind
    # question speaks for a maker the file sells.
    result = _run([("Acme", "Huntress Web Filtering", 22, "1.93", "1.29")])
    assert result.maker_questions == ()


def test_answer_yes_settles_the_gap_and_no_keeps_the_line_out() -> None:
    rows = [("Acme", WEB, 22, "1.93", "1.29")]
    yes = _run(rows, knowledge=Knowledge(maker_answers=(("Pax8", "web filtering", True),)))
    assert yes.maker_questions == ()
    assert _lines(yes, WEB) == [("Acme", GapKind.MISSING_IN_VENDOR, Decimal(22), None)]
    no = _run(rows, knowledge=Knowledge(maker_answers=(("Pax8", WEB, False),)))
    assert no.maker_questions == ()
    assert _lines(no, WEB) == []


def test_a_text_billed_only_where_the_vendor_file_has_no_client_is_a_settled_ghost() -> None:
    # Cato is in no vendor file: "Web Filtering" there is compared as itself and settled
    # (recon.engine.ghosts), never downgraded to a question.
    result = _run([("Cato", WEB, 22, "1.93", "1.29")])
    assert result.maker_questions == ()
    assert _lines(result, WEB) == [("Cato", GapKind.MISSING_IN_VENDOR, Decimal(22), None)]


def test_a_text_naming_a_catalogued_product_is_that_product_not_a_kind() -> None:
    # "Office 365 E3 - Annual incl. Web Filtering" bills E3 with something said about it:
    # the catalogue names its first segment, so no kind question speaks for the line.
    result = _run([("Acme", "Office 365 E3 - Annual incl. Web Filtering", 3, "30.00", "23.00")])
    assert [q for q in result.maker_questions if "Web Filtering" in q.maker] == []


def test_a_product_of_the_kind_unbilled_at_the_client_is_left_to_the_seats() -> None:
    # DNSFilter bought at Acme and billed by no line there, at a price the text's cost is
    # not: the seats beside each other decide what "Web Filtering" bills, not a question.
    result = _run([("Acme", WEB, 22, "1.93", "1.29")], [("Acme", "DNSFilter", 22, "3.50")])
    assert [q for q in result.maker_questions if q.maker == WEB] == []
