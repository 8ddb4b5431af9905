"""The reading path gives the same answers it gave before it was rebuilt (issues 15 and 16).

``golden/same_answers.json`` was written by the reader as it stood before the move into
``recon/formats`` and the columnar rewrite, from the bundled examples and a small generated
pair. Each file's lines (every row number, name, seat and price, as a digest), its skip counts
and warnings must match, and so must the gap list (same gaps, same money).

The gap list also depends on matching: when matching changes on purpose, write the file again
(and say why in the commit)::

    PYTHONPATH=$PWD python -m tests.recon.test_same_answers --write
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.generate import Spec, generate
from recon.engine import reconcile
from recon.formats import read_export
from recon.model import Col, LineSet, Side

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden" / "same_answers.json"
AS_OF = dt.date(2026, 11, 15)
_GAP_FIELDS = (
    "key", "kind", "client", "product", "vendor_qty", "psa_qty", "vendor_unit_cost",
    "psa_unit_price", "seat_delta", "monthly_impact",
)  # fmt: skip


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _lines_digest(lines: LineSet) -> str:
    frame = lines.lines
    units = frame[Col.UNIT].astype(object).where(frame[Col.UNIT].notna(), None)
    digest = hashlib.sha256()
    for row in zip(
        frame[Col.ROW], frame[Col.CLIENT], frame[Col.CLIENT_ID], frame[Col.PRODUCT],
        frame[Col.SKU], frame[Col.QTY], units, strict=True,
    ):  # fmt: skip
        digest.update(repr(tuple(str(v) for v in row)).encode())
    return digest.hexdigest()


def _file(lines: LineSet) -> dict[str, Any]:
    return {
        "format": lines.format_name,
        "rows_read": lines.rows_read,
        "lines": len(lines.lines),
        "seats_milli": int(lines.lines[Col.QTY].sum()),
        "skipped": dict(sorted(lines.skipped.items())),
        "columns": dict(sorted(lines.columns.items())),
        "warnings": list(lines.warnings),
        "lines_sha256": _lines_digest(lines),
    }


def _case(vendor_path: Path, psa_path: Path) -> dict[str, Any]:
    vendor = read_export(vendor_path, side=Side.VENDOR, name="vendor.csv", as_of=AS_OF)
    psa = read_export(psa_path, side=Side.PSA, name="psa.csv", as_of=AS_OF)
    result = reconcile(vendor, psa)
    gaps = [{name: _text(getattr(g, name)) for name in _GAP_FIELDS} for g in result.gaps]
    return {
        "vendor": _file(vendor),
        "psa": _file(psa),
        "gaps": sorted(gaps, key=lambda g: g["key"]),
        "under_billed": str(result.summary.under_billed),
        "over_billed": str(result.summary.over_billed),
    }


def _awkward(path: Path, out: Path) -> Path:
    """The same export as a spreadsheet user might save it: UTF-16, tabs, a title, blank
    rows, a repeated header, a multi-line product name, Excel text cells and a total row."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    sku = header.index("SKU") if "SKU" in header else None
    lines: list[list[str]] = [["Seat report"], ["Exported 2026-11-15, all customers"], [], header]
    for number, row in enumerate(body):
        cells = list(row)
        if sku is not None and number % 7 == 0:
            cells[sku] = f'="{cells[sku]}"'
        if number % 97 == 0:
            cells[1] = cells[1] + "\n(second line)"
        lines.append(cells)
        if number % 50 == 49:
            lines.append([])
        if number == len(body) // 2:
            lines.append(header)
    lines.append(["Total", "", "", "", ""])
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t", lineterminator="\r\n").writerows(lines)
    out.write_bytes(buffer.getvalue().encode("utf-16"))
    return out


def snapshot(work: Path) -> dict[str, Any]:
    """Everything the golden file holds, computed by the code as it stands."""
    made = generate(Spec(1_500, seed=11), work)
    return {
        "generated_awkward_vendor": _case(_awkward(made.vendor, work / "awkward.csv"), made.psa),
        "examples": _case(
            ROOT / "examples" / "vendor_partner_center.csv",
            ROOT / "examples" / "psa_connectwise.csv",
        ),
        "generated_1500_seed_11": _case(made.vendor, made.psa),
    }


def test_examples_and_a_generated_pair_give_the_golden_lines_and_gaps(tmp_path: Path) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    now = json.loads(json.dumps(snapshot(tmp_path)))
    for case, expected in golden.items():
        for side in ("vendor", "psa"):
            assert now[case][side] == expected[side], f"{case}: {side} file read differently"
        assert now[case]["gaps"] == expected["gaps"], f"{case}: the gap list changed"
        assert now[case]["under_billed"] == expected["under_billed"]
        assert now[case]["over_billed"] == expected["over_billed"]
    assert set(now) == set(golden)


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m tests.recon.test_same_answers --write")
    with tempfile.TemporaryDirectory() as folder:
        document = snapshot(Path(folder))
    GOLDEN.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")
