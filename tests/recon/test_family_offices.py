"""Several sibling offices filling one parent's shortfall together: one question naming all.

``recon.engine.family_offices``: the vendor customer pairs with "Acme Holdings - Phoenix
Office"; "- Austin Office" and "- Irvine Office", with no vendor customer of their own, each
bill part of what Phoenix leaves short (Apps: 4 bought, 2 + 2 billed). Weighed one by one
neither fills the shortfall, and every line showed as two false gaps.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from recon.engine.family_questions import ask_families
from recon.model import FAMILY_WORDS, Gap, GapKind
from recon.normalize import client_key
from tests.recon.cli_run import invoke, reconcile_json
from tests.recon.family_gaps import lone, short

PHOENIX = "Acme Holdings - Phoenix Office"
AUSTIN, IRVINE = "Acme Holdings - Austin Office", "Acme Holdings - Irvine Office"
OFFICES = {AUSTIN, IRVINE}


def _family(
    austin: dict[str, int] | None = None, irvine: dict[str, int] | None = None
) -> list[Gap]:
    """Phoenix short 4 apps and 3 exo; by default Austin bills 2 + 1, Irvine 2 + 2."""
    austin = {"apps": 2, "exo": 1} if austin is None else austin
    irvine = {"apps": 2, "exo": 2} if irvine is None else irvine
    return [
        short(PHOENIX, "apps", 4, 0),
        short(PHOENIX, "exo", 3, 0),
        *(lone(AUSTIN, p, n) for p, n in austin.items()),
        *(lone(IRVINE, p, n) for p, n in irvine.items()),
    ]


def test_offices_filling_the_shortfall_together_are_one_question() -> None:
    result = ask_families(_family(), lone_psa=OFFICES, lone_vendor=())
    (question,) = result.questions
    assert question.psa_clients == (AUSTIN, IRVINE)
    assert question.text == f"Are {AUSTIN} and {IRVINE} billed for {PHOENIX}'s licences?"
    assert {line.product for line in question.lines} == {"apps", "exo"}
    # summed exactly: every gap waits on the answer, none shows
    assert result.gaps == ()


def test_the_gap_a_yes_implies_shows_now_pending_the_question() -> None:
    gaps = [*_family(), short(PHOENIX, "entra", 5, 0), lone(IRVINE, "entra", 4)]
    result = ask_families(gaps, lone_psa=OFFICES, lone_vendor=())
    (implied,) = result.gaps
    assert (implied.client, implied.product, implied.kind) == (
        PHOENIX,
        "entra",
        GapKind.QUANTITY_MISMATCH,
    )
    assert (implied.vendor_qty, implied.psa_qty) == (5, 4)
    assert implied.rests_on is not None and implied.rests_on.startswith(FAMILY_WORDS)


@pytest.mark.parametrize(
    ("austin", "irvine"),
    [
        # summed exactly on one product only (4 = 2 + 2; 3 != 1 + 1)
        ({"apps": 2, "exo": 1}, {"apps": 2, "exo": 1}),
        # an office billing a product the parent is not short of bills another client's line
        ({"apps": 2, "exo": 1}, {"apps": 2, "exo": 2, "visio": 3}),
        # an office adding nothing where the sums agree is another client
        ({"apps": 4, "exo": 3}, {"apps": 6}),
    ],
    ids=["one-exact-sum", "product-not-short", "office-adds-nothing"],
)
def test_offices_whose_lines_do_not_add_up_are_not_asked_about(
    austin: dict[str, int], irvine: dict[str, int]
) -> None:
    gaps = _family(austin, irvine)
    result = ask_families(gaps, lone_psa=OFFICES, lone_vendor=())
    assert result.questions == ()
    assert result.gaps == tuple(gaps)


def test_an_office_billed_at_another_price_is_another_agreement() -> None:
    gaps = _family()
    gaps[-1] = dataclasses.replace(gaps[-1], psa_unit_price=Decimal(4))
    result = ask_families(gaps, lone_psa=OFFICES, lone_vendor=())
    # Austin alone is still its sibling's (its seats within the shortfall); Irvine is not
    assert [q.psa_clients for q in result.questions] == [(PHOENIX, AUSTIN)]


def test_companies_sharing_only_a_first_word_are_not_offices() -> None:
    gaps = [
        short(PHOENIX, "apps", 4, 0),
        short(PHOENIX, "exo", 3, 0),
        lone("Acme Staffing", "apps", 2),
        lone("Acme Staffing", "exo", 1),
        lone("Acme Transport", "apps", 2),
        lone("Acme Transport", "exo", 2),
    ]
    result = ask_families(gaps, lone_psa={"Acme Staffing", "Acme Transport"}, lone_vendor=())
    assert result.questions == ()


def test_a_no_for_one_office_keeps_every_office_unasked() -> None:
    apart = {(client_key(PHOENIX), client_key(IRVINE))}
    result = ask_families(_family(), lone_psa=OFFICES, lone_vendor=(), apart=apart)
    assert [q.psa_clients for q in result.questions] == [(PHOENIX, AUSTIN)]


def _files(tmp_path: Path) -> tuple[str, str, str]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    bp, exo = "Microsoft 365 Business Premium", "Exchange Online (Plan 1)"
    apps, entra = "Microsoft 365 Apps for business", "Microsoft Entra ID P1"
    for i, client in enumerate(("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")):
        vendor += [f"{client},{bp},{10 + i},22.00", f"{client},{exo},{3 + i},4.00"]
        psa += [f"{client},{bp},{10 + i},26.00", f"{client},{exo},{3 + i},5.00"]
    vendor += [
        f"{PHOENIX},{bp},6,22.00",
        f"{PHOENIX},{apps},4,8.00",
        f"{PHOENIX},{exo},3,4.00",
        f"{PHOENIX},{entra},5,6.00",
    ]
    psa += [
        f"{PHOENIX},{bp},6,26.00",
        f"{AUSTIN},{apps},2,11.00",
        f"{AUSTIN},{exo},1,5.00",
        f"{IRVINE},{apps},2,11.00",
        f"{IRVINE},{exo},2,5.00",
        f"{IRVINE},{entra},4,7.00",
    ]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def test_a_run_asks_once_and_a_yes_sums_every_office_on_the_next_run(tmp_path: Path) -> None:
    files = _files(tmp_path)
    first = reconcile_json(files)
    (question,) = [q for q in first["questions"] if q.get("kind") == "family"]
    assert question["psa_clients"] == [AUSTIN, IRVINE]
    # Irvine bills one Entra seat fewer than Phoenix lacks: the family's gap, pending
    (gap,) = first["gaps"]
    assert (gap["client"], gap["seat_delta"]) == (PHOENIX, 1)
    assert gap["rests_on"].startswith(FAMILY_WORDS)
    invoke("family", "join", PHOENIX, AUSTIN, "--db", files[2])
    second = reconcile_json(files)
    assert [q for q in second["questions"] if q.get("kind") == "family"] == []
    (gap,) = second["gaps"]
    assert (gap["seat_delta"], gap["rests_on"]) == (1, None)


def test_an_office_that_fills_one_line_alone_is_named_with_the_others() -> None:
    # Tulsa alone bills the Entra Phoenix lacks; three offices named after one parent make
    # none of them its one fit, so the question names all three.
    tulsa = "Acme Holdings - Tulsa Office"
    gaps = [*_family(), short(PHOENIX, "entra", 5, 0), lone(tulsa, "entra", 5)]
    result = ask_families(gaps, lone_psa={*OFFICES, tulsa}, lone_vendor=())
    assert [q.psa_clients for q in result.questions] == [(AUSTIN, IRVINE, tulsa)]
    assert result.gaps == ()


TULSA = "Acme Holdings - Tulsa Office"


def _three(tulsa: Gap, *more: Gap) -> list[Gap]:
    """Austin and Irvine fill Phoenix's apps and exo; Tulsa bills one line of its own."""
    return [*_family(), tulsa, *more]


def _names(gaps: list[Gap], apart: set[tuple[str, str]] | None = None) -> list[tuple[str, ...]]:
    lone_psa = {*OFFICES, TULSA}
    result = ask_families(gaps, lone_psa=lone_psa, lone_vendor=(), apart=apart or set())
    return [q.psa_clients for q in result.questions]


def test_three_offices_are_asked_about_by_none_where_one_is_billed_at_another_price() -> None:
    # Austin 2 apps, Irvine 2 apps + 2 exo, Tulsa the third exo seat at $4 (the others $3)
    gaps = [
        short(PHOENIX, "apps", 4, 0),
        short(PHOENIX, "exo", 3, 0),
        lone(AUSTIN, "apps", 2),
        lone(IRVINE, "apps", 2),
        lone(IRVINE, "exo", 2),
        dataclasses.replace(lone(TULSA, "exo", 1), psa_unit_price=Decimal(4)),
    ]
    assert _names(gaps) == []


def test_three_offices_are_asked_about_by_none_where_people_said_one_is_not_theirs() -> None:
    gaps = _three(lone(TULSA, "entra", 5), short(PHOENIX, "entra", 5, 0))
    apart = {(client_key(PHOENIX), client_key(TULSA))}
    assert _names(gaps, apart=apart) == []


def test_an_office_adding_nothing_where_the_sums_agree_keeps_the_others_unasked() -> None:
    # Tulsa bills 3 Entra where Phoenix lacks 9: nowhere near, so Tulsa is no office of it
    gaps = _three(lone(TULSA, "entra", 3), short(PHOENIX, "entra", 9, 0))
    assert _names(gaps) == []


def test_offices_named_after_two_parents_are_asked_about_by_neither() -> None:
    dayton = "Acme Holdings - Dayton Office"
    gaps = [*_family(), short(dayton, "apps", 4, 0), short(dayton, "exo", 3, 0)]
    result = ask_families(gaps, lone_psa=OFFICES, lone_vendor=())
    assert result.questions == ()


def test_more_offices_than_one_question_names_are_not_weighed() -> None:
    # Four offices a seat each: sums of many small lines agree by chance too often.
    offices = [f"Acme Holdings - {town} Office" for town in ("Austin", "Irvine", "Tulsa", "Mesa")]
    gaps = [short(PHOENIX, "apps", 4, 0), short(PHOENIX, "exo", 3, 0)]
    gaps += [lone(office, "apps", 1) for office in offices]
    gaps += [lone(office, "exo", 1) for office in offices[:3]]
    assert ask_families(gaps, lone_psa=set(offices), lone_vendor=()).questions == ()
