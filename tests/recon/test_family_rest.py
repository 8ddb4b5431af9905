"""The rest of an asked company's bill joins its question where the parent holds the product.

``recon.engine.family_rest``: a subsidiary asked about on the lines that fill its parent's
shortfall also bills products its parent's company bills in full or beyond ("Harlow
Logistics": two Microsoft 365 E5 seats, the one the vendor sells billed at "Harlow
Transportation"). The family's gap is the summed seats against the vendor's; the line used to
stay the company's "billed, not bought" beside the question.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from decimal import Decimal

import pytest

from recon.engine.family_questions import ask_families
from recon.engine.family_rest import Held
from recon.model import FAMILY_WORDS, Gap, GapKind
from recon.normalize import client_key
from tests.recon.conftest import reconcile_rows
from tests.recon.family_gaps import lone, short
from tests.recon.test_family_questions import BP, DEF, EXO, _sides

PARENT = "Acme Holdings"
COMPANY = "Acme Holdings Warehouse"


def _family(*extra: Gap) -> list[Gap]:
    """Acme Holdings short of what its warehouse bills on bp and exo, and ``extra`` gaps."""
    return [
        short(PARENT, "bp", 10, 6),
        short(PARENT, "exo", 5, 0),
        lone(COMPANY, "bp", 4),
        lone(COMPANY, "exo", 5),
        *extra,
    ]


def _seats(held: Mapping[tuple[str, str], tuple[int, int]]) -> Held:
    def read(parents: Collection[str]) -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
        return {k: (Decimal(v), Decimal(p)) for k, (v, p) in held.items() if k[0] in set(parents)}

    return read


def test_a_line_on_a_product_the_parent_bills_over_joins_the_question() -> None:
    # The parent bills 4 of the 2 e5 seats bought, the warehouse 2 more: the family's gap is
    # bought 2, billed 6, pending the question, and the warehouse's line waits for it.
    gaps = _family(short(PARENT, "e5", 2, 4), lone(COMPANY, "e5", 2))
    result = ask_families(gaps, lone_psa={COMPANY}, lone_vendor=())
    (question,) = result.questions
    assert {line.product for line in question.lines} == {"bp", "exo", "e5"}
    (implied,) = [g for g in result.gaps if g.product_key == "e5"]
    assert (implied.client, implied.vendor_qty, implied.psa_qty) == (PARENT, 2, 6)
    assert implied.kind is GapKind.QUANTITY_MISMATCH
    assert implied.rests_on is not None and implied.rests_on.startswith(FAMILY_WORDS)
    assert ("acme hldg warehouse", "e5") in question.held


def test_a_line_billed_at_another_price_than_the_parents_stays_the_companys() -> None:
    other = dataclasses.replace(lone(COMPANY, "e5", 2), psa_unit_price=Decimal("9.99"))
    gaps = _family(short(PARENT, "e5", 2, 4), other)
    result = ask_families(gaps, lone_psa={COMPANY}, lone_vendor=())
    (question,) = result.questions
    assert {line.product for line in question.lines} == {"bp", "exo"}
    assert other in result.gaps
    assert short(PARENT, "e5", 2, 4) in result.gaps


def test_a_line_on_a_product_the_parent_bills_in_full_is_the_familys_over_billing() -> None:
    parent = client_key(PARENT)
    gaps = _family(lone(COMPANY, "e5", 2))
    held = _seats({(parent, "e5"): (1, 1)})
    result = ask_families(gaps, lone_psa={COMPANY}, lone_vendor=(), seats_held=held)
    (question,) = result.questions
    assert {line.product for line in question.lines} == {"bp", "exo", "e5"}
    (implied,) = [g for g in result.gaps if g.product_key == "e5"]
    assert (implied.client, implied.vendor_qty, implied.psa_qty) == (PARENT, 1, 3)
    assert implied.vendor_client == PARENT
    assert implied.rests_on is not None and implied.rests_on.startswith(FAMILY_WORDS)


@pytest.mark.parametrize("rows", [{}, {("acme hldg", "e5"): (0, 0)}])
def test_a_line_on_a_product_the_parents_vendor_does_not_hold_stays_the_companys(
    rows: Mapping[tuple[str, str], tuple[int, int]],
) -> None:
    # no seat row, or one where the vendor sells none (cancelled at both sides)
    gaps = _family(lone(COMPANY, "e5", 2))
    result = ask_families(gaps, lone_psa={COMPANY}, lone_vendor=(), seats_held=_seats(rows))
    (question,) = result.questions
    assert {line.product for line in question.lines} == {"bp", "exo"}
    assert lone(COMPANY, "e5", 2) in result.gaps


def test_a_subsidiary_billing_a_product_its_parent_bills_in_full_end_to_end() -> None:
    # Hastings Staffing fills Hastings Animal Hospital's shortfall on BP and Exchange and
    # bills 2 Defender seats of its own; the vendor's 7 are billed at the hospital.
    result = reconcile_rows(*_sides(staffing=((BP, 8), (EXO, 5), (DEF, 2)), vendor_bp=20))
    (question,) = result.family_questions
    assert {line.product for line in question.lines} == {BP, EXO, DEF}
    (gap,) = result.gaps
    assert (gap.client, gap.product, gap.kind) == (
        "Hastings Animal Hospital",
        DEF,
        GapKind.QUANTITY_MISMATCH,
    )
    assert (gap.vendor_qty, gap.psa_qty) == (7, 9)
    assert gap.rests_on is not None and gap.rests_on.startswith(FAMILY_WORDS)
