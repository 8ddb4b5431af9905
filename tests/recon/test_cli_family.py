"""``recon family``: a family question answered through the CLI, and the next run.

The first run asks "Is Hastings Staffing billed for Hastings Animal Hospital's licences?"
(the subsidiary's seats fill the parent's shortfall). A yes is a decision of its own (never a
client alias: an alias would pair the vendor customer with the subsidiary and break its match
with the parent's company): the next run sums the two companies. A no compares them apart
and never asks again. A bad answer is refused with a specific message and saves nothing.
Each test runs on one real SQLite file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from recon.cli import cli
from recon.store import Action, Store
from tests.recon.cli_run import invoke, reconcile_json

BP = "Microsoft 365 Business Premium"
EXO = "Exchange Online (Plan 1)"
PARENT, SUB = "Hastings Animal Hospital", "Hastings Staffing"
OTHERS = ("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Logistics", "Summit Legal Group")


def _files(tmp_path: Path) -> tuple[str, str, str]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i, client in enumerate(OTHERS):
        vendor += [f"{client},{BP},{10 + i},22.00", f"{client},{EXO},{3 + i},4.00"]
        psa += [f"{client},{BP},{10 + i},26.00", f"{client},{EXO},{3 + i},5.00"]
    # The vendor sells Hastings 21 seats; the PSA bills 12 + 8 of them and the mailboxes at
    # the subsidiary: one seat short once summed.
    vendor += [f"{PARENT},{BP},21,22.00", f"{PARENT},{EXO},5,4.00"]
    psa += [f"{PARENT},{BP},12,26.00", f"{SUB},{BP},8,26.00", f"{SUB},{EXO},5,5.00"]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def _families(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "family"]


def _gaps(report: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(g["client"], g["product"], g["kind"]) for g in report["gaps"]}


def _fails(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 1, result.output
    return result.output


@pytest.fixture
def asked(tmp_path: Path) -> tuple[str, str, str]:
    """The files after a first saved run, which asks one family question."""
    files = _files(tmp_path)
    first = reconcile_json(files)
    (question,) = _families(first)
    assert question["question"] == f"Is {SUB} billed for {PARENT}'s licences?"
    assert question["answer_yes"] == f'recon family join "{PARENT}" "{SUB}"'
    # One pending gap (the seat still short once summed), not the subsidiary's lines.
    (gap,) = first["gaps"]
    assert (gap["client"], gap["kind"], gap["seat_delta"]) == (PARENT, "quantity_mismatch", 1)
    assert gap["rests_on"].startswith("the family question")
    return files


def test_join_sums_the_companies_from_the_next_run(asked: tuple[str, str, str]) -> None:
    db = asked[2]
    out = invoke("family", "join", PARENT, SUB, "--db", db, "--by", "cli:lead").output
    assert "from the next run their seats are compared summed" in out
    second = reconcile_json(asked)
    assert _families(second) == []
    (gap,) = second["gaps"]
    assert (gap["client"], gap["seat_delta"], gap["rests_on"]) == (PARENT, 1, None)
    assert f"seats summed over {PARENT} + {SUB}" in gap["why"]
    # The parent's own pair still stands, and the subsidiary is paired with its customer.
    pairs = {(m["vendor_client"], m["psa_client"]) for m in second["matches"]}
    assert {(PARENT, PARENT), (PARENT, SUB)} <= pairs
    store = Store.open(db)
    (answer,) = store.family_answers()
    assert (answer.vendor_client, answer.psa_client, answer.same, answer.created_by) == (
        PARENT,
        SUB,
        True,
        "cli:lead",
    )
    assert store.decisions(limit=1)[0].action == Action.FAMILY_JOIN
    # Not a client alias: that would pair the customer with the subsidiary alone.
    assert store.knowledge().client_aliases == ()


def test_apart_compares_them_apart_and_never_asks_again(asked: tuple[str, str, str]) -> None:
    invoke("family", "apart", PARENT, SUB, "--db", asked[2], "--by", "cli:lead")
    second = reconcile_json(asked)
    assert _families(second) == []
    assert {(SUB, BP, "missing_in_vendor"), (SUB, EXO, "missing_in_vendor")} <= _gaps(second)
    assert (PARENT, BP, "quantity_mismatch") in _gaps(second)
    listed = invoke("family", "list", "--db", asked[2]).output
    assert f"answered no: '{SUB}' / '{PARENT}' by cli:lead" in listed


def test_a_double_click_is_refused_and_changes_nothing(asked: tuple[str, str, str]) -> None:
    db = asked[2]
    invoke("family", "join", PARENT, SUB, "--db", db, "--by", "cli:lead")
    before = Store.open(db).decisions()
    out = _fails("family", "join", PARENT, SUB, "--db", db, "--by", "cli:other")
    assert "already answered yes (one organisation) by cli:lead" in out
    assert Store.open(db).decisions() == before


@pytest.mark.parametrize(
    ("vendor", "psa", "message"),
    [
        ("Nobody Inc", "Nothing LLC", "no family question of the latest saved run names"),
        (OTHERS[0], SUB, f"the latest run asks: Is {SUB} billed for {PARENT}'s licences?"),
    ],
    ids=["unknown-pair", "another-customer"],
)
def test_an_answer_no_question_asks_is_refused_and_saves_nothing(
    asked: tuple[str, str, str], vendor: str, psa: str, message: str
) -> None:
    out = _fails("family", "join", vendor, psa, "--db", asked[2], "--by", "cli:lead")
    assert message in out and "Nothing was saved." in out
    assert Store.open(asked[2]).family_answers() == []


def test_a_company_aliased_to_another_customer_is_refused(asked: tuple[str, str, str]) -> None:
    db = asked[2]
    invoke("alias", "client", OTHERS[1], SUB, "--db", db, "--by", "cli:lead")
    out = _fails("family", "join", PARENT, SUB, "--db", db, "--by", "cli:lead")
    assert f"'{SUB}' is paired with the vendor customer '{OTHERS[1]}'" in out
    assert Store.open(db).family_answers() == []


def test_a_changed_mind_replaces_the_answer_and_says_so(asked: tuple[str, str, str]) -> None:
    db = asked[2]
    invoke("family", "apart", PARENT, SUB, "--db", db, "--by", "cli:lead")
    out = invoke("family", "join", PARENT, SUB, "--db", db, "--by", "cli:other").output
    assert "This replaces the answer no given by cli:lead" in out
    (answer,) = Store.open(db).family_answers()
    assert (answer.same, answer.created_by) == (True, "cli:other")
