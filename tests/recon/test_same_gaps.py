"""The columnar comparison gives the gap list the pandas one gave (issue 16, compute half).

``golden/same_gaps.json`` was written by the comparison as it stood before it moved onto
integer codes (groupby and merge on text, a dict and Decimals per row): the whole JSON
report, every field of every gap (money, ``why``, terms, deadlines, advice, currency), the
currency pairs, review items and unmapped products, for a small generated pair with
commitment terms and for a hand-made pair that takes each rare path (one product on two
terms billed per term and as one line, two currencies with and without a rate, vendor
tenants of one PSA client, negative and zero-seat lines, a price below cost, a typical
price). When the answers change on purpose, write the file again and say why in the commit::

    PYTHONPATH=$PWD python -m tests.recon.test_same_gaps --write
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.generate import Spec, generate
from recon.engine import reconcile
from recon.formats import read_export
from recon.model import LineSet, Side
from recon.report import result_to_dict
from tests.recon.conftest import make_lines

GOLDEN = Path(__file__).resolve().parent / "golden" / "same_gaps.json"
AS_OF = dt.date(2026, 11, 15)
BP = "Microsoft 365 Business Premium"
E3 = "Microsoft 365 E3"
DEF = "Microsoft Defender for Business"
END = dt.date(2027, 3, 31).toordinal()
START = dt.date(2026, 4, 1).toordinal()


def _stamp() -> datetime:
    return datetime(2026, 11, 15, 9, 0, tzinfo=UTC)


def _report(vendor: LineSet, psa: LineSet, **options: Any) -> dict[str, Any]:
    result = reconcile(vendor, psa, as_of=AS_OF, clock=_stamp, **options)
    document: dict[str, Any] = json.loads(json.dumps(result_to_dict(result), default=str))
    document.pop("generated_at", None)
    return document


def _term(months: int, currency: str = "") -> dict[str, object]:
    return {"term_months": months, "term_start": START, "term_end": END, "currency": currency}


def _hand_made() -> tuple[LineSet, LineSet]:
    vendor_rows = [
        ("Acme Ltd", BP, 10, "22", "", "t-1"),  # two terms, billed per term
        ("Acme Ltd", BP, 3, "26", "", "t-1"),
        ("Bolt GmbH", BP, 10, "22"),  # two terms, billed on one line
        ("Bolt GmbH", BP, 4, "26"),
        ("Corvid SA", E3, 10, "30"),  # EUR against USD, a rate set
        ("Delta BV", E3, 12, "30"),  # EUR against USD, billed at 0
        ("Ergo plc", E3, 8, "30"),  # GBP against USD, no rate
        ("Fjord AS", DEF, 5, "3.10", "", "t-5"),  # two tenants of one client
        ("Fjord AS", DEF, 2, "3.30", "", "t-6"),
        ("Gamma Inc", DEF, 7, "3.00"),  # missing in the PSA, priced at the typical price
        ("Gamma Inc", E3, -2, "36"),  # a credit line
        ("Gamma Inc", E3, 6, "36"),
        ("Helix LLC", E3, 0, "36"),  # zero seats with a price
        ("Helix LLC", BP, 4, "20"),
    ]
    vendor_terms = [
        _term(12),
        _term(1),
        _term(12),
        _term(1),
        _term(12, "EUR"),
        _term(12, "EUR"),
        _term(12, "GBP"),
        _term(12),
        _term(12),
        _term(0),
        _term(12),
        _term(12),
        _term(1),
        _term(36),
    ]
    psa_rows = [
        ("Acme Ltd", f"{BP} - Annual", 10, "30"),
        ("Acme Ltd", f"{BP} - Monthly", 2, "33"),
        ("Bolt GmbH", BP, 12, "30"),
        ("Corvid SA", E3, 10, "25"),
        ("Delta BV", E3, 10, "0"),
        ("Ergo plc", E3, 10, "25"),
        ("Fjord AS", DEF, 6, "2.90"),
        ("Gamma Inc", E3, 5, "35"),
        ("Helix LLC", E3, 2, "38"),
        ("Helix LLC", BP, 4, "18.50"),
        ("Ivy Co", DEF, 3, "4.00"),  # missing in the vendor file
        ("Ivy Co", BP, 1, "0"),
    ]
    psa_terms = [{"currency": "USD"}] * len(psa_rows)
    return (
        make_lines(Side.VENDOR, vendor_rows, terms=vendor_terms),
        make_lines(Side.PSA, psa_rows, terms=psa_terms),
    )


def snapshot(work: Path) -> dict[str, Any]:
    """Everything the golden file holds, computed by the code as it stands."""
    made = generate(Spec(3_000, seed=5), work)
    vendor = read_export(made.vendor, side=Side.VENDOR, name="vendor.csv", as_of=AS_OF)
    psa = read_export(made.psa, side=Side.PSA, name="psa.csv", as_of=AS_OF)
    hand_vendor, hand_psa = _hand_made()
    return {
        "generated_3000_seed_5": _report(vendor, psa),
        "hand_made": _report(hand_vendor, hand_psa, rates={("EUR", "USD"): Decimal("1.10")}),
    }


def test_the_gap_lists_are_the_ones_the_pandas_comparison_gave(tmp_path: Path) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    now = snapshot(tmp_path)
    assert set(now) == set(golden)
    for case, expected in golden.items():
        assert len(now[case]["gaps"]) == len(expected["gaps"]), case
        for i, (got, want) in enumerate(zip(now[case]["gaps"], expected["gaps"], strict=True)):
            assert got == want, f"{case}: gap {i} differs"
        assert now[case] == expected, f"{case}: the report changed"


def test_the_hand_made_pair_takes_every_rare_path() -> None:
    # Guards the golden file itself: each path it is meant to hold is in it.
    hand = json.loads(GOLDEN.read_text(encoding="utf-8"))["hand_made"]
    whys = " ".join(g["why"] for g in hand["gaps"])
    assert "compared per term" in whys
    assert "the total is compared" in whys
    assert "converted from EUR to USD" in whys
    assert "prices not compared" in whys
    assert any(g["kind"] == "price_below_cost" for g in hand["gaps"])
    assert any(g.get("act_by") for g in hand["gaps"])


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m tests.recon.test_same_gaps --write")
    with tempfile.TemporaryDirectory() as folder:
        document = snapshot(Path(folder))
    GOLDEN.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")
