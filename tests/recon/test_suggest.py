"""Suggestions of likely client names for an alias."""

from __future__ import annotations

from recon import suggest_client_names

KNOWN = ["Harbor View Dental", "Harbor Freight", "Massive Dynamic", "Pied Piper Inc"]


def test_the_likely_names_come_first() -> None:
    assert suggest_client_names("Harbor View Dental Partners", KNOWN)[0] == "Harbor View Dental"


def test_unlike_names_and_the_same_client_are_left_out() -> None:
    # "Pied Piper Inc" and "PIED PIPER" are the same client by key: no alias needed.
    assert suggest_client_names("Pied Piper", [*KNOWN, "PIED PIPER"]) == []
    assert suggest_client_names("Pied Pipers", KNOWN) == ["Pied Piper Inc"]


def test_nothing_to_suggest() -> None:
    assert suggest_client_names("Acme", []) == []
    assert suggest_client_names("", KNOWN) == []
    assert len(suggest_client_names("Harbor", KNOWN, limit=1)) == 1
