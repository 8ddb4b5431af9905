"""A PSA line that bills two products: one question naming both, answered as a bundle.

"Exchange Online P2 & Entra ID P1 Bundle" beside an unbilled Exchange Online (Plan 2) and an
unbilled Entra ID P1 used to raise two "missing in PSA" gaps and list the PSA line unmapped.
It is one question now, with the money of both lines at stake; answered (``recon bundle
define``), the next run compares each product's vendor seats with the line's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from recon.catalog.billing_text import bundle_parts
from recon.cli import cli
from recon.engine.bundle_questions import bundle_reading

VENDOR = (
    "Customer Name,Product Name,Quantity,Unit Cost\n"
    "Acme,Microsoft 365 Business Premium,10,22.00\n"
    "Acme,Exchange Online (Plan 2),6,8.00\n"
    "Acme,Microsoft Entra ID P1,6,6.00\n"
    "Birch,Microsoft 365 Business Premium,4,22.00\n"
    "Birch,Microsoft Intune Plan 1,3,8.00\n"
)
PSA = (
    "Company,Product,Quantity,Unit Price\n"
    "Acme,M365 BP,10,26.00\n"
    "Acme,Exchange Online P2 & Entra ID P1 Bundle,6,18.00\n"
    "Birch,M365 BP,4,26.00\n"
    "Birch,Intune,3,9.00\n"
)
TEXT = "Exchange Online P2 & Entra ID P1 Bundle"


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str, str]:
    vendor, psa = tmp_path / "vendor.csv", tmp_path / "psa.csv"
    vendor.write_text(VENDOR)
    psa.write_text(PSA)
    return str(vendor), str(psa), str(tmp_path / "recon.db")


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def reconcile(files: tuple[str, str, str], *extra: str) -> dict:
    vendor, psa, db = files
    result = invoke("reconcile", vendor, psa, "--db", db, "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_line_billing_two_products_reads_as_its_parts() -> None:
    assert bundle_parts(TEXT) == ("Exchange Online P2", "Entra ID P1")
    assert bundle_parts("M365 E3 + Defender for Endpoint P2") == (
        "M365 E3",
        "Defender for Endpoint P2",
    )
    # The MSP's own service billed with a product is one product, not a bundle.
    assert bundle_parts("Office365 Essentials - Annual & Managed Support Bundle") == ()
    assert bundle_parts("Microsoft 365 Business Premium") == ()
    _, keys = bundle_reading(TEXT)
    assert keys == ("cat:ms-exchange-online-p2", "cat:ms-entra-id-p1")
    # Words that read as no product ask nothing.
    assert bundle_reading("Domain & DNS Hosting") == ((), ())


def test_one_question_names_both_products_then_the_answer_compares_each(files) -> None:
    before = reconcile(files)
    assert before["gaps"] == []  # no "missing in PSA" of either vendor line
    assert before["unmapped"] == []
    (question,) = before["questions"]
    assert question["psa_product"] == TEXT
    assert [b["answer"] for b in question["bundle"]] == ["ms-exchange-online-p2", "ms-entra-id-p1"]
    # Both vendor lines' cost is at stake: 6 x 8.00 + 6 x 6.00.
    assert question["money_at_stake"] == "84.00"
    assert question["answer_bundle"] == (
        f'recon bundle define "{TEXT}" "ms-exchange-online-p2" "ms-entra-id-p1"'
    )
    table = invoke("reconcile", files[0], files[1], "--db", files[2], "--no-save").stdout
    assert "a bundle of all it names: recon bundle define" in table

    answered = invoke(
        "bundle",
        "define",
        TEXT,
        "ms-exchange-online-p2",
        "ms-entra-id-p1",
        "--db",
        files[2],
        "--by",
        "cli:lead",
    )
    assert answered.exit_code == 0, answered.output
    after = reconcile(files)
    assert after["questions"] == [] and after["unmapped"] == [] and after["gaps"] == []


def test_a_bundle_whose_products_differ_in_seats_shows_the_one_that_differs(
    files, tmp_path: Path
) -> None:
    reconcile(files)
    invoke("bundle", "define", TEXT, "ms-exchange-online-p2", "ms-entra-id-p1", "--db", files[2])
    # The vendor now sells 8 Entra ID P1 but still 6 Exchange Online (Plan 2).
    more = VENDOR.replace("Microsoft Entra ID P1,6,", "Microsoft Entra ID P1,8,")
    Path(files[0]).write_text(more)
    after = reconcile(files)
    assert [(g["product"], g["kind"], g["seat_delta"]) for g in after["gaps"]] == [
        ("Microsoft Entra ID P1", "quantity_mismatch", 2)
    ]


@pytest.mark.parametrize(
    "wrong",
    [
        "ms-visio-p2",  # a product the catalogue knows, but the line does not name
        "no-such-sku",  # no product at all
        "Microsoft Intune Plan 1",  # sold, but at another client
    ],
)
def test_a_bad_answer_changes_nothing_and_says_why(files, wrong: str) -> None:
    reconcile(files)
    said = invoke("bundle", "define", TEXT, "ms-exchange-online-p2", wrong, "--db", files[2])
    assert said.exit_code == 1
    assert "not a product" in said.output and "Nothing was saved" in said.output
    assert "ms-entra-id-p1" in said.output  # what the question does offer
    again = reconcile(files)
    assert len(again["questions"]) == 1 and again["gaps"] == []


def test_before_the_answer_a_difference_shows_pending_the_bundle_question(files) -> None:
    # 8 Exchange Online (Plan 2) bought, 6 billed on the bundle line, 6 Entra ID P1: the
    # question rests on Entra ID P1 (its seats agree) and holds the Exchange line too, saying
    # where the count differs; nothing is "missing in PSA".
    more = VENDOR.replace("Exchange Online (Plan 2),6,", "Exchange Online (Plan 2),8,")
    Path(files[0]).write_text(more)
    before = reconcile(files)
    assert before["gaps"] == [] and before["unmapped"] == []
    (question,) = before["questions"]
    assert question["money_at_stake"] == "100.00"  # 8 x 8.00 + 6 x 6.00
    assert "at 1 client(s) another product's count is not the line's" in question["reason"]
    # Once answered, the product whose count differs shows its own quantity gap.
    invoke("bundle", "define", TEXT, "ms-exchange-online-p2", "ms-entra-id-p1", "--db", files[2])
    after = reconcile(files)
    assert [(g["product"], g["kind"], g["seat_delta"]) for g in after["gaps"]] == [
        ("Exchange Online (Plan 2)", "quantity_mismatch", 2)
    ]


def test_a_pending_gap_names_every_product_of_the_line(files) -> None:
    # 4 billed on the bundle line beside 6 of each: a "yes" implies 2 short on the question's
    # product, shown now, resting on the question that names both.
    less = PSA.replace("Entra ID P1 Bundle,6,", "Entra ID P1 Bundle,4,")
    Path(files[1]).write_text(less)
    before = reconcile(files)
    (gap,) = before["gaps"]
    assert (gap["kind"], gap["seat_delta"]) == ("quantity_mismatch", 2)
    assert gap["rests_on"] == (
        f"the mapping question '{TEXT}' = 'Exchange Online (Plan 2)' + 'Microsoft Entra ID P1'"
    )
