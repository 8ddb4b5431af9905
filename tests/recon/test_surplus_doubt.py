"""A guessed name on top of lines that already bill the vendor's seats in full.

Pine Haven buys 1 IRONSCALES seat and 1 Proofpoint seat. The PSA bills "IRONSCALES Email
Security" 1 and "Email Security" 2. "Email Security" is read, brand left out, as IRONSCALES
Email Security: the run said "IRONSCALES 1 bought, 3 billed" and "Proofpoint missing in the
PSA", two false statements. The IRONSCALES line already bills every IRONSCALES seat, so a
second line read as the same product is more likely another product: the guess is weighed
again like an unmapped text. Each test fails when :func:`recon.engine.doubt.surplus_rows` is
no longer called by :func:`recon.engine.doubt.doubtful_rows`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recon.engine import reconcile
from recon.engine.doubt import surplus_rows
from recon.model import G, GapKind, Side
from tests.recon.conftest import make_lines

PROOFPOINT = "Proofpoint Essentials Business"
IRONSCALES = "IRONSCALES Email Security"


def _run(bought: int, proofpoint: int = 2):
    vendor = [
        ("Acme Dental", IRONSCALES, 5, "2.90"),
        ("Acme Dental", "Microsoft 365 Business Premium", 10, "22.00"),
        ("Pine Haven Bakery", IRONSCALES, bought, "2.90"),
        ("Pine Haven Bakery", PROOFPOINT, proofpoint, "2.70"),
        ("Pine Haven Bakery", "Microsoft 365 Business Premium", 4, "22.00"),
    ]
    psa = [
        ("Acme Dental", IRONSCALES, 5, "4.20"),
        ("Acme Dental", "M365 BP", 10, "26.00"),
        ("Pine Haven Bakery", IRONSCALES, 1, "4.20"),
        ("Pine Haven Bakery", "Email Security", 2, "3.61"),
        ("Pine Haven Bakery", "M365 BP", 4, "26.00"),
    ]
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def test_a_guess_on_top_of_a_product_billed_in_full_is_not_two_gaps() -> None:
    result = _run(1, proofpoint=1)
    decided = {(g.client, g.product, g.kind) for g in result.gaps if not g.rests_on}
    assert ("Pine Haven Bakery", IRONSCALES, GapKind.QUANTITY_MISMATCH) not in decided
    assert ("Pine Haven Bakery", PROOFPOINT, GapKind.MISSING_IN_PSA) not in decided


def test_lines_that_only_together_make_up_the_seats_stay_one_product() -> None:
    # 3 IRONSCALES seats bought, billed 1 + 2 on two lines: one product on two lines. The
    # guess stands, and the 4 Proofpoint seats are unbilled.
    result = _run(3, proofpoint=4)
    kinds = {(g.client, g.product, g.kind) for g in result.gaps if not g.rests_on}
    assert not any(c == "Pine Haven Bakery" and p == IRONSCALES for c, p, _ in kinds)
    assert ("Pine Haven Bakery", PROOFPOINT, GapKind.MISSING_IN_PSA) in kinds


def test_surplus_rows_are_the_guesses_the_other_lines_already_cover() -> None:
    width = 10
    # Client 1 target 3: the vendor sells 1 seat; row 0 (sure) bills 1, row 1 (guessed) 2.
    # Client 2 target 3: the vendor sells 3; row 2 bills 1, row 3 (guessed) 2: together.
    p_all = pd.DataFrame({G.PRODUCT: ["a", "g", "a", "g"], G.QTY: [1000, 2000, 1000, 2000]})
    targets = np.array([13, 13, 23, 23], dtype=np.int64)
    compared = np.ones(4, dtype=bool)
    vendor_held = np.array([13, 23], dtype=np.int64)
    held_qty = np.array([1000, 3000], dtype=np.int64)
    rows = np.array([1, 3], dtype=np.int64)
    found = surplus_rows(p_all, compared, targets, rows, vendor_held, held_qty)
    assert found.tolist() == [1]
    assert width  # keys are client x width + product


def test_two_lines_of_one_text_are_one_product_billed_twice() -> None:
    # Client 1 buys 1 seat of target 3; the one text "g" is billed on two lines of 1: the
    # product entered twice (a real over-billing), not another product on top of it.
    p_all = pd.DataFrame({G.PRODUCT: ["g", "g"], G.QTY: [1000, 1000]})
    targets = np.array([13, 13], dtype=np.int64)
    found = surplus_rows(
        p_all,
        np.ones(2, dtype=bool),
        targets,
        np.array([0, 1], dtype=np.int64),
        np.array([13], dtype=np.int64),
        np.array([1000], dtype=np.int64),
    )
    assert found.tolist() == []
