"""A generated pair's PSA file and truth, loaded to be re-spelled and written as a copy.

The pseudo-holdout builders (:mod:`~benchmarks.independent.family_text`,
:mod:`~benchmarks.independent.misread`) each rewrite some PSA product texts of a generated
pair and record what they did in the copy's ``truth.json``. What they share is here: finding
the columns in either PSA layout, looking a row's client and product up in the truth, and
writing the copy with the files left unchanged beside it.
"""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

_TEXT_COLUMNS = ("Description", "Service Name")
_CLIENT_COLUMNS = ("Company Name", "Organization Name")
_CODE_COLUMNS = ("Product ID",)
#: A line's own money: its price and the MSP's cost, per seat, and the columns that go with
#: them (the extended price, the period they cover).
_MONEY_COLUMNS = ("Price", "Cost", "Unit Price", "Adjusted Price", "Unit Cost", "Period Type")
_EXT_COLUMNS = ("Ext Price",)
_QTY_COLUMNS = ("Quantity", "Units")
_LESS_COLUMNS = ("Less Included",)
_UNCHANGED = ("vendor.csv", "commitments.csv")


def strip(text: str) -> str:
    """A text with its runs of white space made single, as the truth's keys are."""
    return " ".join(text.split())


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    return next((header.index(n) for n in names if n in header), None)


@dataclass
class PsaCopy:
    """The PSA rows of ``src`` (header first) and the truth they are scored against."""

    src: Path
    truth: dict[str, Any]
    rows: list[list[str]]
    text_col: int
    client_col: int
    code_col: int | None
    _client_of: dict[str, str] = field(default_factory=dict)
    _product_of: dict[str, str] = field(default_factory=dict)

    def client(self, row: list[str]) -> str | None:
        """The truth's client id of a PSA row, or None."""
        return self._client_of.get(strip(row[self.client_col]))

    def product(self, row: list[str]) -> str | None:
        """The truth's product id of a PSA row's text, or None."""
        return self._product_of.get(strip(row[self.text_col]))

    def reprice(self, row: list[str], donor: list[str]) -> None:
        """Bill ``row`` at ``donor``'s price and cost (an item kept at another's money)."""
        header = self.rows[0]
        for name in _MONEY_COLUMNS:
            if name in header:
                row[header.index(name)] = donor[header.index(name)]
        ext, qty = _column(header, _EXT_COLUMNS), _column(header, _QTY_COLUMNS)
        price = _column(header, ("Price",))
        if ext is None or qty is None or price is None or row[ext] in ("", "0.00"):
            return
        less = _column(header, _LESS_COLUMNS)
        seats = int(row[qty]) - (int(row[less] or 0) if less is not None else 0)
        row[ext] = str((Decimal(row[price]) * max(seats, 0)).quantize(Decimal("0.01")))

    def respell(self, row: list[str], text: str, code: str) -> None:
        """Bill ``row`` under ``text`` (and the catalogue ``code``, where the layout has one)."""
        row[self.text_col] = text
        if self.code_col is not None:
            row[self.code_col] = code

    def write(self, out: Path, record: dict[str, Any], *, line_end: str = "\n") -> None:
        """Write the copy into ``out``: the rewritten PSA file, the unchanged files, and the
        truth with ``record`` as its ``perturbation``."""
        out.mkdir(parents=True, exist_ok=True)
        for name in _UNCHANGED:
            if (self.src / name).exists():
                shutil.copyfile(self.src / name, out / name)
        with (out / "psa.csv").open("w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator=line_end).writerows(self.rows)
        self.truth["perturbation"] = record
        (out / "truth.json").write_text(
            json.dumps(self.truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )


def load(src: Path) -> PsaCopy:
    """Read ``src/psa.csv`` and ``src/truth.json``.

    Raises:
        SystemExit: the PSA file has no product text or client column.
    """
    truth = json.loads((src / "truth.json").read_text(encoding="utf-8"))
    with (src / "psa.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    text_col = _column(header, _TEXT_COLUMNS)
    client_col = _column(header, _CLIENT_COLUMNS)
    if text_col is None or client_col is None:
        raise SystemExit(f"{src / 'psa.csv'}: no product text or client column")
    return PsaCopy(
        src,
        truth,
        rows,
        text_col,
        client_col,
        _column(header, _CODE_COLUMNS),
        {strip(c["psa"]): c["id"] for c in truth["clients"] if c["psa"]},
        {strip(k): v for k, v in truth["products"]["psa"].items()},
    )
