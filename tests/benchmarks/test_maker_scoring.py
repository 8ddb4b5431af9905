"""The scorer and maker questions: counted apart from mapping questions, and the gaps pending
them (found, like every pending gap) reported with how many of them are true."""

from __future__ import annotations

from typing import Any

from benchmarks.independent.score import score

PENDING = "the maker question 'Egnyte' bought from 'Pax8'"


def _gap(client: str, rests_on: str | None) -> dict[str, Any]:
    return {
        "kind": "missing_in_vendor",
        "psa_client": client,
        "vendor_client": None,
        "psa_product": "Egnyte Business",
        "vendor_product": None,
        "rests_on": rests_on,
    }


def test_maker_questions_are_counted_apart_with_their_pending_gaps() -> None:
    truth = {
        "clients": [
            {"id": "C1", "vendor": "Acme", "psa": "Acme"},
            {"id": "C2", "vendor": "Birch", "psa": "Birch"},
        ],
        "gaps": [{"client": "C1", "product": "egnyte", "kind": "missing_in_vendor"}],
        "products": {"vendor": {}, "psa": {"Egnyte Business": "egnyte"}, "catalogue": {}},
        "trials": [],
        "one_time": [],
    }
    mapping = {"psa_product": "Spam Filter", "candidates": []}
    maker = {"kind": "maker", "maker": "Egnyte", "source": "Pax8"}
    result = {
        "gaps": [_gap("Acme", PENDING), _gap("Birch", PENDING)],
        "matches": [],
        "review": [],
        "questions": [mapping, maker],
    }
    scored = score(result, truth)
    assert scored.mapping_questions == 1
    assert scored.maker_questions == 1
    assert (scored.maker_pending_gaps, scored.maker_pending_true) == (2, 1)
    # Pending gaps count as found, as every pending gap does: precision is not flattered.
    assert (scored.found_gaps, scored.correct_gaps) == (2, 1)
