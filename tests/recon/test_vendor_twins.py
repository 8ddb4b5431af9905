"""One product the vendor sells under two names, billed on one PSA line.

The distributor sells Business Standard under its catalogue name and, at some clients, also
under a legacy SKU name the catalogue does not know; the MSP bills one line for both. Where
the legacy name's seats make up the PSA's excess over the catalogued line, client after
client, the two names are compared as one product. Each test fails when its rule is removed.
"""

from __future__ import annotations

import shlex
from decimal import Decimal
from pathlib import Path

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.cli_run import invoke, reconcile_json
from tests.recon.conftest import make_lines

STANDARD = "Microsoft 365 Business Standard"
LEGACY = "Business Standard Legacy SKU AAA-10337"


def _run(twinned: int, *, gap_at: int | None = None):
    """Eight clients; the first ``twinned`` hold part of their seats under the legacy name."""
    vendor, psa = [], []
    for i in range(8):
        client = f"Client {i:02}"
        seats, legacy = 10 + i, 2 + i % 3
        billed = seats + (3 if i == gap_at else 0)
        if i < twinned:
            vendor.append((client, STANDARD, seats - legacy, "12.00"))
            vendor.append((client, LEGACY, legacy, "12.00"))
        else:
            vendor.append((client, STANDARD, seats, "12.00"))
        psa.append((client, STANDARD, billed, "15.00"))
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def _gaps(result) -> list[tuple[str, str, GapKind, Decimal]]:
    return sorted((g.client, g.product, g.kind, g.seat_delta) for g in result.gaps)


def test_a_second_vendor_name_making_up_the_excess_is_the_same_product() -> None:
    result = _run(5, gap_at=2)
    # No false gap where the two names add up to the billed seats; the real one on the sum
    # stays, on the catalogued product.
    assert _gaps(result) == [("Client 02", STANDARD, GapKind.QUANTITY_MISMATCH, Decimal(-3))]


def test_a_second_name_at_two_clients_is_not_merged() -> None:
    # Two equalities may be chance: both statements stand at each client.
    result = _run(2)
    kinds = {(g.client, g.product, g.kind) for g in result.gaps}
    assert kinds == {
        (client, product, kind)
        for client in ("Client 00", "Client 01")
        for product, kind in (
            (STANDARD, GapKind.QUANTITY_MISMATCH),
            (LEGACY, GapKind.MISSING_IN_PSA),
        )
    }


def test_a_second_name_whose_seats_rarely_make_up_the_excess_is_not_merged() -> None:
    # The legacy name sits at eight clients but fills the excess at only three of them: the
    # other five are real "bought, not billed" lines, so nothing is merged.
    vendor, psa = [], []
    for i in range(8):
        client = f"Client {i:02}"
        legacy = 2 + i % 3
        if i < 3:
            vendor.append((client, STANDARD, 10, "12.00"))
            psa.append((client, STANDARD, 10 + legacy, "15.00"))
        else:
            vendor.append((client, STANDARD, 10, "12.00"))
            psa.append((client, STANDARD, 10, "15.00"))
        vendor.append((client, LEGACY, legacy, "12.00"))
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    missing = {g.client for g in result.gaps if g.product == LEGACY}
    assert missing == {f"Client {i:02}" for i in range(8)}


def test_a_second_name_that_fills_two_products_excess_alike_is_not_merged() -> None:
    # At three clients its seats make up Standard's excess, at three others Premium's: the
    # seats do not say which product it is, so neither merge is made.
    premium = "Microsoft 365 Business Premium"
    vendor, psa = [], []
    for i in range(6):
        client = f"Client {i:02}"
        legacy = 2 + i % 3
        vendor += [(client, STANDARD, 10, "12.00"), (client, premium, 5, "20.00")]
        vendor.append((client, LEGACY, legacy, "12.00"))
        over = STANDARD if i < 3 else premium
        psa.append((client, STANDARD, 10 + (legacy if over == STANDARD else 0), "15.00"))
        psa.append((client, premium, 5 + (legacy if over == premium else 0), "24.00"))
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    missing = {g.client for g in result.gaps if g.product == LEGACY}
    assert missing == {f"Client {i:02}" for i in range(6)}


def test_every_gap_on_a_merged_product_says_what_it_absorbed_and_why() -> None:
    (gap,) = _run(5, gap_at=2).gaps
    assert (
        f"vendor also sells it as {LEGACY!r} (14 seats), read as one product because those "
        "seats make up the PSA's excess at 4 of 5 clients" in gap.why
    )
    # Where nothing is merged, no gap speaks of a second name.
    assert not any("also sells it as" in g.why for g in _run(2).gaps)


def _files(tmp_path: Path) -> tuple[str, str, str]:
    """The five-twinned-clients month as a vendor and a PSA CSV, and a store path."""
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i in range(8):
        client, seats, legacy = f"Client {i:02}", 10 + i, 2 + i % 3
        if i < 5:
            vendor += [
                f"{client},{STANDARD},{seats - legacy},12.00",
                f"{client},{LEGACY},{legacy},12.00",
            ]
        else:
            vendor.append(f"{client},{STANDARD},{seats},12.00")
        psa.append(f"{client},{STANDARD},{seats + (3 if i == 2 else 0)},15.00")
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "recon.db")


def test_the_report_lists_each_merge_once_and_a_rejection_undoes_it(tmp_path: Path) -> None:
    files = _files(tmp_path)
    first = reconcile_json(files)
    (merge,) = first["merges"]
    assert merge == {
        "vendor_product": LEGACY,
        "read_as": STANDARD,
        "product_key": "cat:ms-m365-business-standard",
        "clients": 4,
        "sold_at": 5,
        "seats": 14,
        "why": merge["why"],
        "undo": f'recon reject product "{LEGACY}" "ms-m365-business-standard"',
    }
    assert "excess at 4 of 5 clients" in merge["why"]
    assert [g["product"] for g in first["gaps"]] == [STANDARD]
    table = invoke("reconcile", files[0], files[1], "--db", files[2], "--no-save").stdout
    assert f"{LEGACY!r} as {STANDARD!r}: 14 seats, the PSA's excess at 4 of 5 clients" in table
    assert merge["undo"] in table

    # The person says "not the same product" with the listed command: the next run keeps the
    # two names apart, so the legacy name is "bought, not billed" at each client again.
    invoke(*shlex.split(merge["undo"])[1:], "--db", files[2], "--by", "lead")
    second = reconcile_json(files)
    assert "merges" not in second
    missing = {g["client"] for g in second["gaps"] if g["product"] == LEGACY}
    assert missing == {f"Client {i:02}" for i in range(5)}
    assert not any("also sells it as" in g["why"] for g in second["gaps"])
