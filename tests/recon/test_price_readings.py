"""An old edition's item name billing a newer edition at a minority of its clients: the PSA
line's own unit cost tells it from a real upgrade made only in the vendor portal.

Twelve clients buy Microsoft 365 E3 billed as "Microsoft 365 E3 License" (read as E3, right);
four more buy E5, billed under the same item. Seats alone cannot say whether those four are E5
billed under an old name or upgrades the PSA missed; the line's cost can. Each test fails when
its guard is removed (recon.engine.price_readings).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pandas as pd

from recon.engine import reconcile
from recon.model import MONEY_SCALE, Col, GapKind, Knowledge, LineSet, Side
from tests.recon.conftest import make_lines

E3, E5 = "Microsoft 365 E3", "Microsoft 365 E5"
E5_ID = "ms-m365-e5"
TEXT = "Microsoft 365 E3 License"
E3_COST, E5_COST = "33.00", "54.75"


def _exports(
    upgraded_cost: str | None, *, right: int = 12, upgraded: int = 4
) -> tuple[list, list, list]:
    """Vendor rows, PSA rows and each PSA row's own unit cost: ``right`` clients buy E3 and
    ``upgraded`` buy E5, all billed as :data:`TEXT`, the E5 lines at ``upgraded_cost``."""
    vendor, psa, costs = [], [], []
    for i in range(right + upgraded):
        client, seats = f"Client {i:02}", 3 + i % 7
        e5 = i >= right
        vendor.append((client, E5 if e5 else E3, seats, E5_COST if e5 else E3_COST))
        psa.append((client, TEXT, seats, "70" if e5 else "45"))
        costs.append(upgraded_cost if e5 else "33.20")
    return vendor, psa, costs


def _run(vendor: list, psa: list, costs: list | None, **kwargs: object):
    return reconcile(make_lines(Side.VENDOR, vendor), _costed(psa, costs), **kwargs)


def _costed(psa: list, costs: list | None) -> LineSet:
    """PSA lines with their own unit cost (as a ConnectWise addition's Cost), or none."""
    lines = make_lines(Side.PSA, psa)
    if costs is None:
        return lines
    frame = lines.lines.copy()
    micro = [None if c is None else int(Decimal(c) * MONEY_SCALE) for c in costs]
    frame[Col.COST] = pd.array(micro, dtype="Int64")
    return dataclasses.replace(lines, lines=frame)


def _kinds(result) -> set[tuple[str, str, GapKind]]:
    return {(g.client, g.product, g.kind) for g in result.gaps}


def _upgrades(clients: range) -> set[tuple[str, str, GapKind]]:
    """What a real upgrade in the vendor portal only is: two gaps per client."""
    return {
        (f"Client {i:02}", product, kind)
        for i in clients
        for product, kind in ((E5, GapKind.MISSING_IN_PSA), (E3, GapKind.MISSING_IN_VENDOR))
    }


def test_an_old_item_at_the_newer_editions_cost_is_compared_as_it_and_asked_once() -> None:
    vendor, psa, costs = _exports(upgraded_cost="54.10")
    result = _run(vendor, psa, costs)
    assert result.gaps == ()
    (question,) = result.questions
    assert question.psa_product == TEXT
    assert [c.answer for c in question.candidates] == [E5_ID]
    assert question.held == frozenset()  # compared as E5 in this run: it holds nothing
    assert "compared as 'Microsoft 365 E5' in this run" in question.reason
    assert "seats match 'Microsoft 365 E5' at 4 of 16 clients" in question.reason
    assert "its unit cost there ($54.10) is the vendor's cost of that product ($54.75)" in (
        question.reason
    )


def test_a_stale_line_at_the_old_editions_cost_is_a_real_upgrade_two_gaps() -> None:
    # The vendor moved four clients to E5; the PSA still bills E3 at E3's cost: a leak.
    vendor, psa, costs = _exports(upgraded_cost="33.20")
    result = _run(vendor, psa, costs)
    assert result.questions == ()
    assert _kinds(result) == _upgrades(range(12, 16))


def test_without_a_cost_column_the_seats_alone_leave_real_upgrades_as_gaps() -> None:
    vendor, psa, _ = _exports(upgraded_cost=None)
    result = _run(vendor, psa, None)
    assert result.questions == ()
    assert _kinds(result) == _upgrades(range(12, 16))


def test_a_cost_near_both_editions_is_no_evidence() -> None:
    # E3 costs $44.00 at this vendor: $50.00 is within a tenth of E5's $54.75, but near
    # E3's own too. Not clear: the four stay real upgrades.
    vendor, psa, costs = _exports(upgraded_cost="50.00")
    vendor = [(c, p, s, "44.00" if p == E3 else u) for c, p, s, u in vendor]
    result = _run(vendor, psa, costs)
    assert result.questions == ()
    assert _kinds(result) == _upgrades(range(12, 16))


def test_a_cost_far_from_both_editions_is_no_evidence() -> None:
    # $95.00 is neither E3's cost nor E5's (another product's, or a typing slip): no reading.
    vendor, psa, costs = _exports(upgraded_cost="95.00")
    result = _run(vendor, psa, costs)
    assert result.questions == ()
    assert _kinds(result) == _upgrades(range(12, 16))


def test_a_cost_that_fits_a_product_of_another_line_is_no_evidence() -> None:
    # The four clients buy Visio Plan 1, with the text's seats, at about the line's cost: a
    # coincidence (a yearly cost read monthly, a cheap seat), not E3's item billing Visio.
    vendor, psa, costs = _exports(upgraded_cost="5.00")
    vendor = [(c, "Visio Plan 1" if p == E5 else p, s, "4.88" if p == E5 else u)
              for c, p, s, u in vendor]  # fmt: skip
    result = _run(vendor, psa, costs)
    assert result.questions == ()
    assert _kinds(result) == {
        (f"Client {i:02}", product, kind)
        for i in range(12, 16)
        for product, kind in (
            ("Visio Plan 1", GapKind.MISSING_IN_PSA),
            (E3, GapKind.MISSING_IN_VENDOR),
        )
    }


def test_seats_that_disagree_with_the_newer_edition_stay_gaps() -> None:
    vendor, psa, costs = _exports(upgraded_cost="54.75")
    # Each of the four E5 lines bills 12 more seats than the vendor's E5.
    psa = [(c, p, s + 12 if i >= 12 else s, u) for i, (c, p, s, u) in enumerate(psa)]
    result = _run(vendor, psa, costs)
    assert result.questions == ()
    assert _kinds(result) == _upgrades(range(12, 16))


def test_a_client_billing_both_editions_under_the_old_item_is_compared_line_by_line() -> None:
    vendor, psa, costs = _exports(upgraded_cost="54.75")
    # Client 00 buys 5 E5 beside its E3 seats; the PSA bills both as the old item, the E5
    # line at E5's cost. Summed into one line, neither product's seats would agree.
    vendor.append(("Client 00", E5, 5, E5_COST))
    psa.append(("Client 00", TEXT, 5, "70"))
    costs.append("55.00")
    result = _run(vendor, psa, costs)
    assert result.gaps == ()
    assert "at 5 of 16 clients" in result.questions[0].reason


def test_a_real_gap_on_the_old_edition_beside_it_stays() -> None:
    vendor, psa, costs = _exports(upgraded_cost="54.75")
    # Client 12 also buys 7 E3 seats the PSA bills nowhere: a real gap, whatever the E5 line.
    vendor.append(("Client 12", E3, 7, E3_COST))
    result = _run(vendor, psa, costs)
    assert _kinds(result) == {("Client 12", E3, GapKind.MISSING_IN_PSA)}


def test_answered_the_next_run_is_clean_and_a_rejection_is_final() -> None:
    vendor, psa, costs = _exports(upgraded_cost="54.75")
    (question,) = _run(vendor, psa, costs).questions
    confirmed = Knowledge(product_aliases=((TEXT, question.candidates[0].answer),))
    after = _run(vendor, psa, costs, knowledge=confirmed)
    assert after.questions == ()
    assert after.gaps == ()

    rejected = Knowledge(product_rejections=((TEXT, E5_ID),))
    after = _run(vendor, psa, costs, knowledge=rejected)
    assert after.questions == ()
    assert _kinds(after) == _upgrades(range(12, 16))


def test_a_text_billing_two_products_splits_a_clients_lines_by_their_cost() -> None:
    # "Microsoft 365 F1" (read as F1) bills F3 at nine clients and Office 365 E1 at eight.
    # Client 00 buys both, 3 F3 and 4 E1 seats, billed on two lines of the text: the seats
    # are too alike to say which line is which; each line's cost says it.
    old, f3, e1 = "Microsoft 365 F1", "Microsoft 365 F3", "Office 365 E1"
    vendor, psa, costs = [], [], []
    for i in range(17):
        client, seats, product = f"Client {i:02}", 3 + i % 7, f3 if i < 9 else e1
        vendor.append((client, product, seats, "8.00" if product == f3 else "4.00"))
        psa.append((client, old, seats, "10"))
        costs.append("8.00" if product == f3 else "4.00")
    for i in range(3):
        vendor.append((f"Other {i}", old, 4 + i, "2.25"))
        psa.append((f"Other {i}", old, 4 + i, "3"))
        costs.append("2.25")
    vendor.append(("Client 00", e1, 4, "4.00"))
    psa.append(("Client 00", old, 4, "10"))
    costs.append("4.10")
    result = _run(vendor, psa, costs)
    assert result.gaps == ()
    (question,) = result.questions
    assert [c.vendor_product for c in question.candidates] == [f3, e1]
