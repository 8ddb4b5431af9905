"""A client whose every line is common at scale is still met by the leftover that holds its
lines together (issue 11, names at 60,000 clients).

At 60,000 clients nearly two thousand PSA clients are left unpaired, and every (product,
seats) line of "Porter Servs Ltd." (12 lines) is held by a dozen or more of them, so the
leftovers pass, which meets candidates only through lines few leftovers hold, never met
"Potrer Svc" holding 11 of the 12. Held together the lines are rare: the PSA leftover holding
most of them is a candidate, under every guard of :mod:`recon.match.leftovers` (one review
question, never a merge).
"""

from __future__ import annotations

from recon.match.leftovers import COMMON_LINE, TOGETHER_LINES
from tests.recon.meadows_pair import PSA_NAME, VENDOR_NAME, rows
from tests.recon.test_leftover_clients import PAIR_LINES, _run

DECOY_WORDS = (
    ("Echo", "Falcon", "Garnet"),
    (
        "Tailoring",
        "Kennels",
        "Upholstery",
        "Glassworks",
        "Saddlery",
        "Apiary",
        "Bindery",
        "Cooperage",
        "Foundry",
        "Tannery",
    ),
)


def _decoys() -> list[tuple[str, str, int, str]]:
    """PSA-only clients each holding one of the pair's lines: every line of the pair is held
    by more than :data:`COMMON_LINE` PSA leftovers."""
    firsts, lasts = DECOY_WORDS
    decoys = []
    for (product, seats), first in zip(PAIR_LINES, firsts, strict=True):
        for last in lasts[: COMMON_LINE + 1]:
            decoys.append((f"{first} {last}", product, seats, "30"))
    return decoys


def test_a_client_whose_lines_are_each_common_meets_the_leftover_holding_them_together() -> None:
    assert len(PAIR_LINES) >= TOGETHER_LINES
    result = _run(
        rows(VENDOR_NAME, PAIR_LINES, "20"),
        [*rows(PSA_NAME, PAIR_LINES, "30"), *_decoys()],
    )
    asked = {i.vendor_client: [c.psa_client for c in i.candidates] for i in result.review}
    assert asked.get(VENDOR_NAME) == [PSA_NAME]
    assert all(m.vendor_client != VENDOR_NAME for m in result.matches)  # asked, never merged


def test_leftovers_holding_one_common_line_each_are_not_met() -> None:
    # Without the pair's PSA client, no leftover holds the lines together: nothing is asked.
    result = _run(rows(VENDOR_NAME, PAIR_LINES, "20"), _decoys())
    assert all(i.vendor_client != VENDOR_NAME for i in result.review)
