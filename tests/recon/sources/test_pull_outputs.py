"""``recon pull``: names from an API are spreadsheet-safe in the CSV; numbers stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from recon.cli import cli
from recon.sources import Pax8Settings
from tests.recon.sources.fakes import pax8
from tests.recon.sources.fakes.server import FakeServer


def test_a_pulled_company_named_like_a_formula_is_written_as_text(
    monkeypatch: pytest.MonkeyPatch,
    pax8_api: tuple[pax8.FakePax8, FakeServer],
    pax8_settings: Pax8Settings,
    tmp_path: Path,
) -> None:
    api, _ = pax8_api
    api.companies[0]["name"] = '=HYPERLINK("http://evil.example","Acme")'
    monkeypatch.setenv("PAX8_CLIENT_ID", pax8.CLIENT_ID)
    monkeypatch.setenv("PAX8_CLIENT_SECRET", pax8.CLIENT_SECRET)
    monkeypatch.setenv("PAX8_API_URL", pax8_settings.api_url)
    monkeypatch.setenv("PAX8_TOKEN_URL", pax8_settings.token_url)
    out = tmp_path / "pax8.csv"
    result = CliRunner().invoke(
        cli, ["pull", "pax8", "--output", str(out), "--as-of", "2026-03-02"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {r["client"] for r in rows} >= {'\'=HYPERLINK("http://evil.example","Acme")'}
    assert all(not r[c].startswith(("=", "+", "@")) for r in rows for c in r)
    assert all(float(r["quantity"]) == float(r["quantity"]) for r in rows)  # plain numbers
