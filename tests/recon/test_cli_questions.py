"""Mapping questions from the CLI: asked once, answered yes or no, and the next run is right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from recon.cli import cli
from recon.errors import Conflict
from recon.store import Store

VENDOR = (
    "Customer Name,Product Name,Quantity,Unit Cost\n"
    "Acme,Microsoft 365 Business Premium,10,22.00\n"
    "Acme,Proofpoint Essentials Business,12,3.00\n"
)
PSA = (
    "Company,Product,Quantity,Unit Price\nAcme,M365 BP,10,26.00\nAcme,Spam Filter Service,10,5.00\n"
)


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str, str]:
    vendor, psa = tmp_path / "vendor.csv", tmp_path / "psa.csv"
    vendor.write_text(VENDOR)
    psa.write_text(PSA)
    return str(vendor), str(psa), str(tmp_path / "recon.db")


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def reconcile(files: tuple[str, str, str]) -> dict:
    vendor, psa, db = files
    result = invoke("reconcile", vendor, psa, "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_misnamed_product_is_asked_once_and_answered_yes(files) -> None:
    before = reconcile(files)
    assert before["unmapped"] == []
    # 12 seats bought, 10 billed: the gap a "yes" implies shows now, resting on the question.
    assert [(g["kind"], g["seat_delta"], g["rests_on"] is not None) for g in before["gaps"]] == [
        ("quantity_mismatch", 2, True)
    ]
    (question,) = before["questions"]
    assert question["psa_product"] == "Spam Filter Service"
    assert question["money_at_stake"] == "36.00"
    best = question["candidates"][0]
    assert best["vendor_product"] == "Proofpoint Essentials Business"
    assert "seats" in best["why"]

    table = invoke("reconcile", files[0], files[1], "--db", files[2], "--no-save").stdout
    assert "Mapping questions" in table
    assert (
        'yes: recon alias product "Spam Filter Service" "proofpoint-essentials-business"' in table
    )

    answered = invoke(
        "alias", "product", "Spam Filter Service", best["answer"], "--db", files[2], "--by", "cli:b"
    )
    assert answered.exit_code == 0, answered.output
    after = reconcile(files)
    assert after["questions"] == [] and after["unmapped"] == []
    assert [(g["product"], g["kind"], g["seat_delta"]) for g in after["gaps"]] == [
        ("Proofpoint Essentials Business", "quantity_mismatch", 2)
    ]


def test_a_question_answered_no_is_never_asked_again(files) -> None:
    best = reconcile(files)["questions"][0]["candidates"][0]
    said = invoke(
        "reject", "product", "Spam Filter Service", best["answer"], "--db", files[2], "--by", "x"
    )
    assert said.exit_code == 0, said.output
    assert "is not 'proofpoint-essentials-business'" in said.stdout
    after = reconcile(files)
    assert after["questions"] == []
    assert [u["psa_product"] for u in after["unmapped"]] == ["Spam Filter Service"]
    assert [(g["product"], g["kind"]) for g in after["gaps"]] == [
        ("Proofpoint Essentials Business", "missing_in_psa")
    ]
    again = invoke(
        "reject", "product", "Spam Filter Service", best["answer"], "--db", files[2], "--by", "x"
    )
    assert again.exit_code == 1
    assert "already not" in again.output
    changed = invoke(
        "alias", "product", "Spam Filter Service", best["answer"], "--db", files[2], "--by", "y"
    )
    assert changed.exit_code == 0, changed.output
    assert "This replaces the answer no that x gave at " in changed.stdout


def test_a_rejection_lifts_an_alias_between_the_two(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "r.db")
    store.add_product_alias("Spam Filter Service", "proofpoint-essentials-business", by="a")
    store.reject_product("Spam Filter Service", "proofpoint-essentials-business", by="b")
    knowledge = store.knowledge()
    assert knowledge.product_aliases == ()
    assert knowledge.product_rejections == (
        ("Spam Filter Service", "proofpoint-essentials-business"),
    )
    with pytest.raises(Conflict, match="said by b"):
        store.reject_product("spam filter service", "Proofpoint-Essentials-Business", by="c")
