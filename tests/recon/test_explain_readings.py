"""``recon explain`` after a person's alias that would split a product: it reads products as
the run did (the run's stored reading, or with both exports the reading a run of them makes),
and says what the run said. Through the CLI, on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.recon.cli_run import invoke, reconcile_json

TEXT = "Microsoft 365 F1 Frontline"
E1 = "Office 365 E1"


def _files(tmp_path: Path) -> tuple[str, str, str]:
    """Eight clients buy E1, billed as ``TEXT``; six buy F1, billed as "365 F1 - Monthly",
    the last of them two seats short."""
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i in range(14):
        client, seats = f"Client {i:02}", 3 + i % 5
        e1 = i < 8
        vendor.append(f"{client},{E1 if e1 else 'Microsoft 365 F1'},{seats},8.00")
        billed = seats - 2 if i == 13 else seats
        psa.append(f"{client},{TEXT if e1 else '365 F1 - Monthly'},{billed},10.00")
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def _explain(db: str, *args: str) -> dict[str, Any]:
    said: dict[str, Any] = json.loads(
        invoke("explain", "Client 13", *args, "--format", "json", "--db", db).stdout
    )
    return said


def test_explain_says_what_the_run_said_after_an_alias_that_would_split_f1(
    tmp_path: Path,
) -> None:
    files = _files(tmp_path)
    reconcile_json(files)  # creates the database
    invoke("alias", "product", TEXT, E1, "--db", files[2], "--by", "cli:lead")
    report = reconcile_json(files)
    assert [(g["client"], g["product"], g["kind"]) for g in report["gaps"]] == [
        ("Client 13", "Microsoft 365 F1", "quantity_mismatch")
    ]
    for said in (_explain(files[2]), _explain(files[2], "--vendor", files[0], "--psa", files[1])):
        assert (said["outcome"], said["psa_client"]) == ("matched", "Client 13")
        assert said["exact_run"] is True
