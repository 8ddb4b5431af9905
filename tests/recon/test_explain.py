"""``recon explain``: the same decision a run makes, with everything behind it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from recon.cli import cli
from recon.explain import explain_client
from recon.model import Knowledge

ROOT = Path(__file__).resolve().parents[2]
VENDOR = str(ROOT / "examples" / "vendor_partner_center.csv")
PSA = str(ROOT / "examples" / "psa_connectwise.csv")


def test_exact_match_is_explained_with_its_key() -> None:
    e = explain_client("WAYNE ENT", ["Wayne Enterprises, Inc.", "Acme"])
    assert (e.outcome, e.psa_client, e.method, e.key) == (
        "matched",
        "Wayne Enterprises, Inc.",
        "exact",
        "wayne ent",
    )
    assert e.candidates[0].score == 100.0


def test_near_twin_review_names_the_distinguishing_word() -> None:
    e = explain_client("Northside Dental Lab", ["Northside Dental"])
    assert e.outcome == "review"
    assert e.candidates[0].differences == ("Lab",)  # as written, never a folded form


def test_with_every_vendor_client_a_taken_candidate_is_shown_as_taken() -> None:
    e = explain_client(
        "Northside Dental Lab",
        ["Northside Dental"],
        vendor_names=["Northside Dental", "Northside Dental Lab"],
    )
    assert e.outcome == "unmatched"
    assert e.candidates[0].paired_with == "Northside Dental"
    assert e.exact_run


def test_rejections_and_learned_evidence_are_shown() -> None:
    knowledge = Knowledge(
        client_aliases=(("Kord Ind", "Kord Enterprises"), ("Queen Ind", "Queen Enterprises")),
        client_rejections=(("Stark Ind", "Stark Holdings"),),
    )
    e = explain_client("Stark Ind", ["Stark Enterprises", "Stark Holdings"], knowledge=knowledge)
    assert (e.outcome, e.method) == ("matched", "learned")
    assert e.compared_as != e.key
    assert any("confirmations" in fact for fact in e.evidence)
    assert [c.rejected for c in e.candidates if c.psa_client == "Stark Holdings"] == [True]


def test_cli_explains_against_the_exports(tmp_path: Path) -> None:
    runner = CliRunner()
    args = [
        "explain",
        "Harbor View Dental Partners",
        "--vendor",
        VENDOR,
        "--psa",
        PSA,
        "--db",
        str(tmp_path / "r.db"),
    ]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "review: " in result.stdout and "(differs by 'Partners')" in result.stdout
    assert "ptnr'" not in result.stdout.split("\n", 2)[2]  # only the key line shows the key
    assert "approximate" not in result.stdout
    assert not (tmp_path / "r.db").exists()  # both exports given: no database made
    doc = json.loads(runner.invoke(cli, [*args, "--format", "json"]).stdout)
    assert doc["outcome"] == "review" and doc["candidates"][0]["psa_client"] == "Harbor View Dental"


def test_cli_with_both_exports_gives_the_runs_verdict_not_the_names_alone(
    tmp_path: Path,
) -> None:
    """The run pairs "Mendza and Morris" on the lines both sides hold (method evidence);
    names alone call it a fuzzy match. Explain says what the run does."""
    args = ["explain", "Mendza and Morris", "--vendor", VENDOR, "--psa", PSA]
    args += ["--db", str(tmp_path / "r.db"), "--format", "json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["outcome"], doc["psa_client"], doc["method"]) == (
        "matched",
        "Mendoza & Morris LLC",
        "evidence",
    )
    assert "(product, seats) lines" in doc["reason"]
    assert doc["exact_run"]


def test_cli_uses_the_last_run_and_says_what_it_decided(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    runner = CliRunner()
    runner.invoke(cli, ["reconcile", VENDOR, PSA, "--db", db])
    result = runner.invoke(cli, ["explain", "GLOBEX CORP", "--db", db])
    assert result.exit_code == 0
    assert "matched 'Globex Corporation' by exact" in result.stdout
    assert "as run 1 decided" in result.stdout


def test_cli_without_files_says_what_the_run_said_about_a_review_item(tmp_path: Path) -> None:
    """Issue 18.8: without the exports, explain used to answer "unmatched" for a name the
    run had put to review (the PSA client it was offered has no seats of its own)."""
    db = str(tmp_path / "r.db")
    runner = CliRunner()
    runner.invoke(cli, ["reconcile", VENDOR, PSA, "--db", db])
    result = runner.invoke(cli, ["explain", "Harbor View Dental Partners", "--db", db])
    assert result.exit_code == 0, result.output
    assert "review: " in result.stdout and "(differs by 'Partners')" in result.stdout
    assert "'Harbor View Dental'" in result.stdout
    assert "unmatched" not in result.stdout


def test_cli_without_a_run_or_a_psa_file_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["explain", "Acme", "--db", str(tmp_path / "r.db")])
    assert result.exit_code == 1
    assert "--psa FILE" in result.stderr
