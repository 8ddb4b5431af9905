"""Seats at scale outweigh a text's conflicting tier words, and only at scale.

A PSA text typed under a product's older or marketing name carries that name's edition word
("Essentials" for today's Business Basic): its tier words conflict with the product's, so no
name rule pairs it, and before this rule no seats could either: every client showed "missing
in PSA" beside an unmapped line of the same seats.
"""

from __future__ import annotations

import pandas as pd

from recon.catalog import TierRelation
from recon.catalog.text import compare_product
from recon.engine import reconcile
from recon.match.product_evidence import (
    PC,
    PSA_KEY,
    QTY_P,
    QTY_V,
    SCALE_CLIENTS,
    VENDOR_KEY,
    weigh,
)
from recon.model import QTY_SCALE, GapKind, Side
from tests.recon.conftest import make_lines

_TEXT = "Essentials 365 Mail"
_BASIC = "Microsoft 365 Business Basic"
_BASIC_KEY = "cat:ms-m365-business-basic"
_PSA_KEY = "name:essentials 365 mail"
_NAMES_P = {_PSA_KEY: _TEXT}
_STANDARD_KEY = "cat:ms-m365-business-standard"
_NAMES_V = {_BASIC_KEY: _BASIC, _STANDARD_KEY: "Microsoft 365 Business Standard"}


def test_the_text_conflicts_with_the_product_by_its_tier_words() -> None:
    # The premise: the names alone can never pair them.
    found = compare_product(_TEXT, _BASIC_KEY, _BASIC)
    assert found.relation is TierRelation.CONFLICT


def _orphans(agree: int, clients: int, *, rival: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The text at ``clients`` clients; the product unbilled with equal seats at ``agree`` of
    them; ``rival`` of them hold an unbilled Business Standard of the same seats as well."""
    p, v = [], []
    for i in range(clients):
        seats = (3 + i % 7) * QTY_SCALE
        p.append((f"c{i}", _PSA_KEY, seats))
        if i < agree:
            v.append((f"c{i}", _BASIC_KEY, seats))
        if i < rival:
            v.append((f"c{i}", _STANDARD_KEY, seats))
    return (
        pd.DataFrame(p, columns=[PC, PSA_KEY, QTY_P]),
        pd.DataFrame(v, columns=[PC, VENDOR_KEY, QTY_V]),
    )


def test_many_agreeing_clients_pair_a_text_whose_tier_words_conflict() -> None:
    verdicts = weigh(*_orphans(14, 20), _NAMES_P, _NAMES_V, outweigh_tiers=True)
    verdict = verdicts[_PSA_KEY]
    assert verdict.act == _BASIC_KEY
    assert not verdict.ask
    assert "outweighed by the seats" in verdict.candidates[0].why()


def test_without_the_rule_the_tier_words_keep_them_apart() -> None:
    verdicts = weigh(*_orphans(14, 20), _NAMES_P, _NAMES_V)
    assert _PSA_KEY not in verdicts or verdicts[_PSA_KEY].act is None


def test_a_few_agreeing_clients_are_not_enough() -> None:
    few = SCALE_CLIENTS - 1
    verdicts = weigh(*_orphans(few, few), _NAMES_P, _NAMES_V, outweigh_tiers=True)
    assert _PSA_KEY not in verdicts or (verdicts[_PSA_KEY].act is None)
    assert _PSA_KEY not in verdicts or not verdicts[_PSA_KEY].ask


def test_agreeing_at_under_half_of_the_texts_clients_is_not_enough() -> None:
    verdicts = weigh(*_orphans(14, 40), _NAMES_P, _NAMES_V, outweigh_tiers=True)
    assert _PSA_KEY not in verdicts or verdicts[_PSA_KEY].act is None


def test_a_client_where_another_line_has_the_same_seats_proves_nothing() -> None:
    # Where another edition, unbilled, has the text's seats too (its tier words conflict
    # as much), neither explains the text: 14 agreeing clients, 10 of them ambiguous, leave 4.
    verdicts = weigh(*_orphans(14, 20, rival=10), _NAMES_P, _NAMES_V, outweigh_tiers=True)
    assert _PSA_KEY not in verdicts or verdicts[_PSA_KEY].act is None


def _lines(clients: int, agree: int) -> tuple[list[tuple], list[tuple]]:
    vendor, psa = [], []
    for i in range(clients):
        name = f"Client {i} Holdings"
        seats = 3 + i % 7
        vendor.append((name, _BASIC, seats, "6.00"))
        vendor.append((name, "Exchange Online (Plan 1)", 2 + i % 5, "4.00"))
        psa.append((name, _TEXT, seats if i < agree else seats + 5, "9.00"))
        psa.append((name, "Exchange Online (Plan 1)", 2 + i % 5, "6.00"))
    return vendor, psa


def test_a_run_compares_the_text_as_the_product_and_shows_only_real_gaps() -> None:
    vendor, psa = _lines(24, 20)
    report = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    kinds = [(g.kind, g.product) for g in report.gaps]
    # No client shows the misnamed product missing in the PSA...
    assert not [k for k in kinds if k[0] is GapKind.MISSING_IN_PSA]
    # ...and the four clients billed 5 seats too many show exactly that.
    mismatches = [g for g in report.gaps if g.kind is GapKind.QUANTITY_MISMATCH]
    assert len(mismatches) == 4
    assert all(g.vendor_qty + 5 == g.psa_qty for g in mismatches)
    assert _TEXT not in {u.psa_product for u in report.unmapped}


def test_a_run_at_a_few_clients_keeps_both_statements() -> None:
    # Below the scale bar the words still keep them apart (a person may map the text).
    vendor, psa = _lines(6, 6)
    report = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    missing = [g for g in report.gaps if g.kind is GapKind.MISSING_IN_PSA]
    assert len(missing) == 6


def test_a_vendor_line_another_text_names_better_is_not_the_conflicting_texts() -> None:
    # At 10 of the 14 clients a second PSA text, whose name fits Business Basic, has the same
    # seats: the vendor line is that text's, so only 4 clients speak for the conflicting one.
    psa, vendor = _orphans(14, 20)
    other = "name:m365 basic seats"
    alike = psa.loc[psa[PC].isin([f"c{i}" for i in range(10)])].assign(**{PSA_KEY: other})
    names = {**_NAMES_P, other: "M365 Basic Seats"}
    verdicts = weigh(
        pd.concat([psa, alike], ignore_index=True), vendor, names, _NAMES_V, outweigh_tiers=True
    )
    assert verdicts[other].act == _BASIC_KEY
    assert _PSA_KEY not in verdicts or verdicts[_PSA_KEY].act is None


def test_a_rival_edition_the_seats_also_back_keeps_them_apart() -> None:
    # 14 clients agree with Business Basic, 4 others with Business Standard: a text whose
    # seats follow two editions is not shown to be either.
    psa, vendor = _orphans(14, 20)
    standard = pd.DataFrame(
        [(f"c{i}", _STANDARD_KEY, (3 + i % 7) * QTY_SCALE) for i in range(14, 18)],
        columns=[PC, VENDOR_KEY, QTY_V],
    )
    both = pd.concat([vendor, standard], ignore_index=True)
    verdicts = weigh(psa, both, _NAMES_P, _NAMES_V, outweigh_tiers=True)
    assert _PSA_KEY not in verdicts or verdicts[_PSA_KEY].act is None
