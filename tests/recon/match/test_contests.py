"""Two vendor names wanting one PSA client: the lines, or a closer name, settle it
(``recon.match.contests``, issue 11, review share).

At 60,000 clients "Kendall Capital Partners PA" (5 of 6 lines at the PSA's seats) and
"Kessler Consulting" (1 of 8) both read as "KC Partners PA" and waited in review, hiding the
other company's licences. On a check set "... Realty Corp." (a near twin) and "... Group, PC"
both waited on "Falcon Park Events", a PSA company billing no product of either. Each test
fails when its rule or guard is removed.
"""

from __future__ import annotations

from recon.engine import reconcile
from recon.model import GapKind, ReconResult, Side
from tests.recon.conftest import Row, make_lines

BP = "Microsoft 365 Business Premium"
BASIC = "Microsoft 365 Business Basic"
STANDARD = "Microsoft 365 Business Standard"
EDR = "Huntress Managed EDR"
E3 = "Microsoft 365 E3"
EXO = "Exchange Online (Plan 1)"
PBI = "Power BI Pro"
VISIO = "Visio Plan 2"
TEAMS = "Microsoft Teams Essentials"
ENTRA = "Microsoft Entra ID P1"
PRICES = {
    BP: "22",
    BASIC: "6",
    STANDARD: "12.5",
    EDR: "3",
    E3: "36",
    EXO: "4",
    PBI: "10",
    VISIO: "15",
    TEAMS: "4",
    ENTRA: "6",
}
#: A service the MSP bills that no vendor sells.
SERVICE = "Managed Services - Per User"
# An ordinary client holding every product, so the vendor file sells each one the PSA bills.
ACME = [("Acme Widgets", product, 5) for product in PRICES]

PSA_INITIALS = "HC Partners PA"
CLOSE = "Hollis Capital Partners PA"
FAR = "Harlow Consulting"


def _rows(rows: list[tuple[str, str, int]], markup: str = "0") -> list[Row]:
    return [(c, p, n, str(float(PRICES.get(p, "90")) + float(markup))) for c, p, n in rows]


def _run(vendor: list[tuple[str, str, int]], psa: list[tuple[str, str, int]]) -> ReconResult:
    return reconcile(
        make_lines(Side.VENDOR, _rows([*vendor, *ACME])),
        make_lines(Side.PSA, _rows([*psa, *ACME], markup="2")),
    )


def _held(result: ReconResult) -> list[str]:
    return sorted(r.vendor_client for r in result.review)


def _gaps(result: ReconResult, client: str) -> dict[str, tuple[GapKind, str | None]]:
    return {g.product: (g.kind, g.rests_on) for g in result.gaps if g.client == client}


#: Six lines billed to the PSA company under initials; the close name holds five of them at
#: the same seats (the sixth at other seats), the far one eight lines: one alike, two within
#: a seat.
PSA_LINES = [
    (PSA_INITIALS, E3, 8),
    (PSA_INITIALS, BP, 3),
    (PSA_INITIALS, BASIC, 3),
    (PSA_INITIALS, STANDARD, 2),
    (PSA_INITIALS, EXO, 4),
    (PSA_INITIALS, PBI, 6),
]
CLOSE_LINES = [
    (CLOSE, E3, 3),
    (CLOSE, BP, 3),
    (CLOSE, BASIC, 3),
    (CLOSE, STANDARD, 2),
    (CLOSE, EXO, 4),
    (CLOSE, PBI, 6),
]
FAR_LINES = [
    (FAR, STANDARD, 2),
    (FAR, BP, 4),
    (FAR, TEAMS, 12),
    (FAR, EDR, 6),
    (FAR, BASIC, 2),
    (FAR, VISIO, 4),
    (FAR, ENTRA, 5),
    (FAR, EXO, 11),
]


def test_lines_agreeing_at_nearly_every_line_take_the_client_from_a_rival() -> None:
    result = _run([*CLOSE_LINES, *FAR_LINES], PSA_LINES)
    assert _held(result) == []
    assert {(m.vendor_client, m.psa_client) for m in result.matches} >= {(CLOSE, PSA_INITIALS)}
    assert all(m.vendor_client != FAR for m in result.matches)
    # The rival is its own client: every line billed nowhere, shown outright.
    assert _gaps(result, FAR) == {p: (GapKind.MISSING_IN_PSA, None) for _, p, _ in FAR_LINES}


def test_lines_agreeing_at_half_the_lines_choose_nothing() -> None:
    # Three of six alike: not the four in five one client's two files show.
    close = [(CLOSE, p, 2 * n + 5 if p in (E3, BASIC, PBI) else n) for _, p, n in PSA_LINES]
    result = _run([*close, *FAR_LINES], PSA_LINES)
    assert _held(result) == sorted([CLOSE, FAR])


def test_a_rival_agreeing_at_half_its_lines_keeps_the_question() -> None:
    # The rival's seats agree at five of its eight lines (one within a seat): more than
    # half, it may be the client too.
    far = [(FAR, p, n) for _, p, n in PSA_LINES[1:5]]
    far += [(FAR, PBI, 7), (FAR, TEAMS, 12), (FAR, EDR, 6), (FAR, VISIO, 4)]
    result = _run([*CLOSE_LINES, *far], PSA_LINES)
    assert _held(result) == sorted([CLOSE, FAR])


PSA_STEM = "Pike Meadow Events"
GROUP = "Pike Meadow Events Group, PC"
TWIN = "Pike Meadow Events Realty Corp."
TWIN_LINES = [(TWIN, BP, 13), (TWIN, E3, 23), (TWIN, BASIC, 15), (TWIN, EDR, 14)]


def test_a_near_twin_beside_a_closer_name_is_its_own_client() -> None:
    # The PSA company bills a service only: no line can tell, but the near twin's licences
    # are billed nowhere whichever way it is answered.
    result = _run([(GROUP, BASIC, 3), *TWIN_LINES], [(PSA_STEM, SERVICE, 33)])
    assert _held(result) == [GROUP]
    assert all(m.vendor_client != TWIN for m in result.matches)
    assert _gaps(result, TWIN) == {p: (GapKind.MISSING_IN_PSA, None) for _, p, _ in TWIN_LINES}


def test_a_near_twin_alone_stays_in_review() -> None:
    # No closer name wants the PSA company: the near twin may be it.
    result = _run(TWIN_LINES, [(PSA_STEM, SERVICE, 33)])
    assert _held(result) == [TWIN]
