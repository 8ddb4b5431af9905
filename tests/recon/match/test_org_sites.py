"""One client written with a site label and an organisation word apart ("Wright Dental Group
INC" / "Wright Dental Main Office"): matched only when nothing else bears the name and the
lines say one client; asked about when the lines are thin (issue 11, names at scale). Each
test fails when its guard is removed.
"""

from __future__ import annotations

import pytest

from recon.engine import reconcile
from recon.match.clients import ClientMatching
from recon.match.names import ClientName
from recon.match.org_sites import ASK, NOTE, Reading, name_pairs, org_site_reading
from recon.model import GapKind, Knowledge, MatchMethod, Side
from recon.normalize import client_key
from tests.recon.conftest import make_lines
from tests.recon.test_leftover_clients import _fillers

VENDOR = "Wright Dental Group INC"
PSA = "Wright Dental Main Office"
BP, EXO = "Microsoft 365 Business Premium", "Exchange Online (Plan 1)"
E3, PHONE = "Office 365 E3", "Microsoft Teams Phone Standard"
TEAMS = "Microsoft Teams Essentials"


def _rows(name: str, phone: int, price: str) -> list[tuple]:
    return [
        (name, BP, 4, price),
        (name, EXO, 2, price),
        (name, E3, 6, price),
        (name, PHONE, phone, price),
    ]


def _run(vendor: list[tuple], psa: list[tuple], knowledge: Knowledge | None = None):
    return reconcile(
        make_lines(Side.VENDOR, [*vendor, ("Acme", BP, 5, "22")]),
        make_lines(Side.PSA, [*psa, ("Acme", BP, 5, "26")]),
        knowledge=knowledge,
    )


def _paired(result, vendor: str = VENDOR) -> str | None:
    return next((m.psa_client for m in result.matches if m.vendor_client == vendor), None)


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        (VENDOR, PSA),  # an organisation word bought, an office billed
        ("Golden Trail Institute - Columbus", "Golden Trail Inst Group - Main Office"),
        ("Harbor Point Logistics Holdings (Tampa)", "Harbor Point Logistics - Admin"),
    ],
)
def test_a_site_label_and_an_organisation_word_apart_is_one_client(vendor, psa) -> None:
    result = _run(_rows(vendor, 1, "22"), _rows(psa, 3, "26"))
    assert _paired(result, vendor) == psa
    match = next(m for m in result.matches if m.vendor_client == vendor)
    assert match.method is MatchMethod.EVIDENCE and NOTE in match.note
    # The real gap shows, decided, instead of four false lines on each side.
    assert [(g.kind, g.seat_delta, g.rests_on) for g in result.gaps] == [
        (GapKind.QUANTITY_MISMATCH, -2, None)
    ]


@pytest.mark.parametrize(
    ("extra_vendor", "extra_psa"),
    [
        ([], [("Wright Dental Lab", BP, 1, "26")]),  # a near twin billed
        ([("Wright Dental Lab - Spokane", BP, 1, "22")], []),  # a near twin bought
        ([], [("Wright Dental Holdings", BP, 1, "26")]),  # the name again, matched or not
    ],
)
def test_another_client_of_the_name_keeps_them_apart(extra_vendor, extra_psa) -> None:
    result = _run([*_rows(VENDOR, 1, "22"), *extra_vendor], [*_rows(PSA, 3, "26"), *extra_psa])
    assert _paired(result) != PSA
    assert all(item.vendor_client != VENDOR or ASK not in item.reason for item in result.review)


def test_a_plain_word_apart_is_not_read_so() -> None:
    # "Lab" is no organisation word: "Wright Dental Lab" may be another company.
    vendor = "Wright Dental Lab Group"
    result = _run(_rows(vendor, 1, "22"), _rows(PSA, 3, "26"))
    assert _paired(result, vendor) != PSA
    assert all(ASK not in item.reason for item in result.review)


@pytest.mark.parametrize(
    ("name", "reading"),
    [
        (PSA, Reading(("wright", "dent"), ("wright", "dent"), ("main", "office"))),
        (VENDOR, Reading(("wright", "dent", "grp"), ("wright", "dent"), ())),
        ("Wright Dental Group 2 - Main Office", None),  # a number may name another client
        ("Wright Dental Group - East", None),  # so may a direction
        ("Wright Group - Main Office", None),  # one word left names too many
    ],
)
def test_org_site_reading(name: str, reading: Reading | None) -> None:
    assert org_site_reading(name) == reading


def test_a_rejected_pair_is_never_matched() -> None:
    no = Knowledge(client_rejections=((VENDOR, PSA),))
    result = _run(_rows(VENDOR, 1, "22"), _rows(PSA, 3, "26"), no)
    assert _paired(result) is None
    assert all(ASK not in item.reason for item in result.review)


def _filled(vendor: list[tuple], psa: list[tuple]):
    # Forty clients matched by name, so the review budget (3 %) has room for a question.
    fillers = _fillers()
    return reconcile(
        make_lines(Side.VENDOR, [*fillers, *vendor]),
        make_lines(Side.PSA, [(c, p, q, "30") for c, p, q, _ in fillers] + psa),
    )


def test_thin_lines_make_one_question_never_a_merge() -> None:
    # One product in common and its seats differ: the lines fit one client but do not say so.
    result = _filled([(VENDOR, BP, 4, "22"), (VENDOR, PHONE, 3, "22")], [(PSA, BP, 6, "26")])
    assert _paired(result) is None
    (item,) = [i for i in result.review if i.vendor_client == VENDOR]
    assert ASK in item.reason and [c.psa_client for c in item.candidates] == [PSA]
    assert item.money_at_stake > 0
    # No client only at the vendor and one only in the PSA.
    assert not [g for g in result.gaps if g.kind is GapKind.MISSING_IN_VENDOR]


def test_lines_saying_two_clients_make_no_question() -> None:
    result = _filled(
        [(VENDOR, BP, 4, "22"), (VENDOR, PHONE, 3, "22")],
        [(PSA, EXO, 6, "26"), (PSA, TEAMS, 2, "26")],  # products the vendor file sells
    )
    assert _paired(result) is None
    assert all(ASK not in item.reason for item in result.review)


def _names(*raw: str) -> list[ClientName]:
    return [ClientName(client_key(n), n, client_key(n)) for n in raw]


def _left(vendor: list[ClientName], psa: list[ClientName]) -> ClientMatching:
    return ClientMatching(
        (), (), {}, frozenset(), tuple(v.identity for v in vendor), tuple(p.identity for p in psa)
    )


@pytest.mark.parametrize(
    ("vendor", "psa", "paired"),
    [
        (VENDOR, PSA, True),
        # Without a site label an organisation word apart is the fuzzy step's, on lines.
        (VENDOR, "Wright Dental Holdings", False),
        # The same base is the site rules' (recon.match.sites), which read it already.
        ("Wright Dental - Spokane", PSA, False),
    ],
)
def test_name_pairs_need_a_label_and_an_organisation_word(vendor, psa, paired) -> None:
    v, p = _names(vendor), _names(psa)
    assert bool(name_pairs(_left(v, p), v, p)) is paired
