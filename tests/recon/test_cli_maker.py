"""``recon maker``: a maker question answered through the CLI, and the next run.

The first saved run asks "Is Egnyte bought from Pax8?" and shows the two Egnyte lines' gaps
pending it. A yes makes them settled gaps from the next run; a no (bought elsewhere)
withdraws them and the maker is never asked about again. A bad answer (unknown maker, the
same answer twice) is refused with a specific message and saves nothing. Each test runs on
one real SQLite file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from recon.cli import cli
from recon.store import Action, Store
from tests.recon.cli_run import invoke, reconcile_json
from tests.recon.maker_files import EGNYTE, write_pair


def _makers(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "maker"]


def _egnyte(report: dict[str, Any]) -> list[tuple[str, str | None]]:
    return sorted((g["client"], g["rests_on"]) for g in report["gaps"] if g["product"] == EGNYTE)


def _fails(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 1, result.output
    return result.output


@pytest.fixture
def asked(tmp_path: Path) -> tuple[str, str, str]:
    """The files after a first saved run, which asks one maker question."""
    files = write_pair(tmp_path)
    first = reconcile_json(files, "--as-of", "2026-11-01")
    (question,) = _makers(first)
    assert question["question"] == "Is Egnyte bought from Pax8?"
    assert (question["clients"], question["seats"], question["money_at_stake"]) == (
        2,
        13,
        "260.00",
    )
    assert question["answer_yes"] == 'recon maker yes "Egnyte"'
    assert question["answer_no"] == 'recon maker no "Egnyte"'
    pending = "the maker question 'Egnyte' bought from 'Pax8'"
    assert _egnyte(first) == [("Cedar Ridge Dental", pending), ("Summit Legal Group", pending)]
    return files


def test_list_shows_the_question(asked: tuple[str, str, str]) -> None:
    out = invoke("maker", "list", "--db", asked[2]).output
    assert "asked: Is Egnyte bought from Pax8? 2 client(s), $260.00/mo at stake" in out


def test_yes_settles_the_gaps_from_the_next_run(asked: tuple[str, str, str]) -> None:
    db = asked[2]
    out = invoke("maker", "yes", "egnyte", "--db", db, "--by", "cli:lead").output
    assert "Saved: Egnyte is bought from Pax8" in out
    second = reconcile_json(asked, "--as-of", "2026-11-02")
    assert _makers(second) == []
    assert _egnyte(second) == [("Cedar Ridge Dental", None), ("Summit Legal Group", None)]
    (answer,) = Store.open(db).maker_answers()
    assert (answer.source, answer.maker, answer.bought, answer.created_by) == (
        "Pax8",
        "Egnyte",
        True,
        "cli:lead",
    )
    (decision,) = [d for d in Store.open(db).decisions() if d.action is Action.MAKER_BOUGHT]
    assert decision.by == "cli:lead"


def test_no_withdraws_the_gaps_and_never_asks_again(asked: tuple[str, str, str]) -> None:
    db = asked[2]
    out = invoke("maker", "no", "Egnyte", "--db", db, "--reason", "bought direct").output
    assert "bought elsewhere than Pax8" in out
    second = reconcile_json(asked, "--as-of", "2026-11-02")
    assert _makers(second) == []
    assert _egnyte(second) == []
    stored = [g for g in Store.open(db).gaps(status="all") if g.product == EGNYTE]
    assert len(stored) == 2
    assert all(g.fix_note and "(answered: bought elsewhere)" in g.fix_note for g in stored)
    listed = invoke("gaps", "--status", "all", "--db", db).output
    assert "withdrawn: its maker question was answered no" in listed
    third = reconcile_json(asked, "--as-of", "2026-11-03")
    assert _makers(third) == []


def test_unknown_maker_is_refused_and_nothing_saved(asked: tuple[str, str, str]) -> None:
    db = asked[2]
    out = _fails("maker", "yes", "Dropbox", "--db", db)
    assert "no maker question of the latest saved run names 'Dropbox'" in out
    assert Store.open(db).maker_answers() == []


def test_same_answer_twice_is_refused(asked: tuple[str, str, str]) -> None:
    db = asked[2]
    invoke("maker", "no", "Egnyte", "--db", db, "--by", "cli:lead")
    out = _fails("maker", "no", "Egnyte", "--db", db)
    assert "already answered no (bought elsewhere) by cli:lead" in out
    assert len(Store.open(db).maker_answers()) == 1


def test_answer_changed_after_the_run_stops_asking(asked: tuple[str, str, str]) -> None:
    db = asked[2]
    invoke("maker", "no", "Egnyte", "--db", db)
    reconcile_json(asked, "--as-of", "2026-11-02")  # asks nothing now
    out = invoke("maker", "yes", "Egnyte", "--db", db).output
    assert "This replaces the answer no" in out
    third = reconcile_json(asked, "--as-of", "2026-11-03")
    assert _egnyte(third) == [("Cedar Ridge Dental", None), ("Summit Legal Group", None)]
