"""Maker questions in the engine: "Is Egnyte bought from Pax8?".

The PSA bills Egnyte at two clients and the Pax8 file sells nothing of Egnyte. Pax8 is a
marketplace that sells Egnyte, so the run asks once, listing the clients, lines, seats and
money, and shows the two lines' gaps pending the answer. A file whose source sells one maker
(Partner Center), a Pax8 file of one maker only, or a file of unknown source never asks.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from recon import Knowledge, ReconResult, read_export, reconcile
from recon.engine.maker_questions import SOURCES, source_of
from recon.explain import render_pending
from recon.model import GapKind, Side
from tests.recon.maker_files import EGNYTE, EGNYTE_LINES, write_pair


def _run(
    tmp_path: Path,
    *,
    format_name: str | None = None,
    knowledge: Knowledge | None = None,
    **files: bool,
) -> ReconResult:
    vendor_path, psa_path, _ = write_pair(tmp_path, **files)
    vendor = read_export(vendor_path, side=Side.VENDOR)
    if format_name is not None:
        vendor = dataclasses.replace(vendor, format_name=format_name)
    return reconcile(vendor, read_export(psa_path, side=Side.PSA), knowledge=knowledge)


def _egnyte_gaps(result: ReconResult) -> list[tuple[str, Decimal, str | None]]:
    return sorted((g.client, g.psa_qty, g.rests_on) for g in result.gaps if g.product == EGNYTE)


def test_marketplace_file_asks_once_per_maker_and_shows_the_lines_pending(
    tmp_path: Path,
) -> None:
    result = _run(tmp_path)
    (question,) = result.maker_questions
    assert question.text == "Is Egnyte bought from Pax8?"
    assert (question.maker, question.source, question.clients) == ("Egnyte", "Pax8", 2)
    assert question.seats == Decimal(13)
    assert question.money_at_stake == Decimal("260.00")
    assert [(line.client, line.seats) for line in question.lines] == [
        (client, Decimal(seats)) for client, seats in EGNYTE_LINES
    ]
    pending = "the maker question 'Egnyte' bought from 'Pax8'"
    assert _egnyte_gaps(result) == [
        (client, Decimal(seats), pending) for client, seats in sorted(EGNYTE_LINES)
    ]
    for gap in result.gaps:
        assert gap.kind is GapKind.MISSING_IN_VENDOR
        assert gap.confidence <= 0.5  # pending, never settled
    # The run speaks for the maker's stored gaps (a "no" withdraws them).
    assert result.scope is not None
    assert "cat:egnyte-business" in result.scope.products


@pytest.mark.parametrize("format_name", ["microsoft_nce", "partner_center_api"])
def test_partner_center_file_never_asks_about_another_maker(
    tmp_path: Path, format_name: str
) -> None:
    result = _run(tmp_path, format_name=format_name)
    assert result.maker_questions == ()
    assert _egnyte_gaps(result) == []
    (listed,) = [u for u in result.unmapped if u.psa_product == EGNYTE]
    assert "bought elsewhere" in listed.note


def test_marketplace_file_of_one_maker_never_asks(tmp_path: Path) -> None:
    # A Microsoft-only Pax8 customer list: Huntress and Egnyte, billed, are not asked about.
    result = _run(tmp_path, huntress=False)
    assert result.maker_questions == ()
    assert _egnyte_gaps(result) == []
    assert not any(g.rests_on for g in result.gaps)


def test_file_of_unknown_source_never_asks(tmp_path: Path) -> None:
    result = _run(tmp_path, format_name="generic_vendor")
    assert result.maker_questions == ()
    assert _egnyte_gaps(result) == []


def test_maker_the_file_sells_is_compared_settled_not_asked(tmp_path: Path) -> None:
    # Pax8 sells Egnyte at one client: the other client's Egnyte line is billed, not
    # bought, a settled gap (the file is where the MSP buys Egnyte).
    result = _run(tmp_path, egnyte_bought=True)
    assert result.maker_questions == ()
    client, seats = EGNYTE_LINES[1]
    assert _egnyte_gaps(result) == [(client, Decimal(seats), None)]


def test_a_vendor_product_the_catalogue_does_not_know_sells_its_brand(tmp_path: Path) -> None:
    # "Egnyte Cloud File Server" (at a client the PSA bills no Egnyte) is no catalogue
    # product, but its brand says the Pax8 file sells Egnyte: nothing to ask about Egnyte,
    # and the Egnyte Business lines are settled "billed, not bought" gaps.
    result = _run(
        tmp_path,
        egnyte_bought=True,
        vendor_egnyte="Egnyte Cloud File Server",
        vendor_egnyte_at="Brightwater Plumbing",
    )
    assert result.maker_questions == ()
    assert not any(g.rests_on for g in result.gaps)


def test_answer_yes_settles_the_gaps(tmp_path: Path) -> None:
    result = _run(tmp_path, knowledge=Knowledge(maker_answers=(("Pax8", "egnyte", True),)))
    assert result.maker_questions == ()
    assert _egnyte_gaps(result) == [
        (client, Decimal(seats), None) for client, seats in sorted(EGNYTE_LINES)
    ]


def test_answer_no_keeps_the_lines_out_and_says_why(tmp_path: Path) -> None:
    result = _run(tmp_path, knowledge=Knowledge(maker_answers=(("Pax8", "Egnyte", False),)))
    assert result.maker_questions == ()
    assert _egnyte_gaps(result) == []
    (listed,) = [u for u in result.unmapped if u.psa_product == EGNYTE]
    assert listed.note == "answered: Egnyte is bought elsewhere than Pax8, not compared"
    # Still covered: a pending gap stored before the answer is withdrawn, not left open.
    assert result.scope is not None
    assert "cat:egnyte-business" in result.scope.products


def test_an_answer_for_another_source_does_not_count(tmp_path: Path) -> None:
    result = _run(tmp_path, knowledge=Knowledge(maker_answers=(("Ingram", "Egnyte", False),)))
    (question,) = result.maker_questions
    assert question.maker == "Egnyte"


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("Egnyte Cloud File Server /user", True),  # the MSP's own wording, Egnyte's brand
        ("Egnyte Managed Services", False),  # the MSP's own service, not a licence
        ("Egnyte + Keeper bundle", False),  # two makers: no one question
        ("Cloud File Server /user", False),  # no brand: nothing says whose it is
        ("Intercept X Advanced", False),  # a tolerant reading, Sophos's brand left out
    ],
)
def test_a_text_no_rule_reads_is_asked_about_only_when_it_names_one_maker(
    tmp_path: Path, text: str, asked: bool
) -> None:
    result = _run(tmp_path, egnyte=text)
    assert [q.maker for q in result.maker_questions] == (["Egnyte"] if asked else [])
    pending = {g.psa_product for g in result.gaps if g.rests_on}
    assert pending == ({text} if asked else set())


def test_source_table_names_partner_center_as_microsoft_only() -> None:
    pc = source_of("microsoft_nce")
    assert pc is not None and pc.sells("Microsoft") and not pc.sells("Egnyte")
    pax8 = source_of("pax8_invoice")
    assert pax8 is not None and pax8.sells("Egnyte") and pax8.sells("Microsoft")
    assert source_of("generic_vendor") is None
    assert {s.name for s in SOURCES.values()} == {"Microsoft Partner Center", "Pax8"}


def test_explain_says_a_maker_gap_rests_on_its_question_not_a_mapping(tmp_path: Path) -> None:
    result = _run(tmp_path)
    text = render_pending(result.gaps)
    assert "true only if the question they rest on is answered yes" in text
    assert "rests on the maker question 'Egnyte' bought from 'Pax8'" in text
