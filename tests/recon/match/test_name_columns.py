"""The leftover names' words read once as columns (recon.match.name_columns) and the written
forms taken from them (recon.match.forms.written_forms_of) are exactly what the per-name
readers give (the oracle: recon.normalize.client_words and recon.match.forms.written_forms),
on any name."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.match import name_columns
from recon.match.forms import written_forms, written_forms_of
from recon.match.name_columns import read_words, words_of
from recon.normalize import client_words

# Plain words, organisation words, initials alone and run into a word, capitalised words
# run together, a word and a dropped word run together, the article written on, legal forms,
# numbers, places, punctuation the column path leaves to the per-name one.
_WORDS = (
    "Smith Garrison Pediatrics Wolfe Signs Graphics Park Dental Eagle Crossing Jewelers "
    "Group Grp Services Svcs Holdings Company Co Partners Associates North Downtown HQ "
    "GP MS EC J B SMAccounting WHSERVICES ParkAssociates PhysicalTherapy lawgroup theward "
    "LLC Inc PA P.A. L.L.C. The TheGranite THE and & of 12 3rd Denver Boise O'Brien A.B. "
    "Café Fifth AlvaradoProperties Aviationllc fka"
).split()
_JOINS = (" ", " ", " ", ", ", " & ", " - ", " (", ".", "  ")

_names = st.builds(
    lambda words, joins: "".join(w + j for w, j in zip(words, joins, strict=False)).strip(),
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6),
    st.lists(st.sampled_from(_JOINS), min_size=6, max_size=6),
)


@pytest.fixture(autouse=True)
def _empty_table() -> None:
    name_columns._KNOWN.clear()


@settings(max_examples=400, deadline=None)
@given(st.lists(_names, min_size=1, max_size=25))
def test_columns_read_each_name_as_client_words_does(names: list[str]) -> None:
    columns = read_words(names)
    assert columns.words() == [client_words(n) for n in names]
    assert [words_of(n) for n in names] == [client_words(n) for n in names]


@settings(max_examples=400, deadline=None)
@given(st.lists(_names, min_size=1, max_size=25))
def test_written_forms_of_a_column_are_each_names_written_forms(names: list[str]) -> None:
    assert written_forms_of(names, read_words(names)) == [written_forms(n) for n in names]


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("Smith Dental", {"c:smithdental"}),
        ("Smith Dental Group", {"c:smithdentalgroup", "c:smithdental"}),
        ("Thegranite Pines", {"c:thegranitepines", "c:granitepines"}),
        ("The Granite Pines", {"c:granitepines"}),  # the key drops the article
        ("Patel LawOffices", written_forms("Patel LawOffices")),  # one by one
    ],
)
def test_written_forms_of_plain_names(name: str, found: set[str]) -> None:
    assert written_forms_of([name], read_words([name])) == [found] == [written_forms(name)]


def test_no_names_no_forms() -> None:
    assert written_forms_of([], read_words([])) == []


def test_a_full_table_is_emptied_and_still_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(name_columns, "_LIMIT", 3)
    read_words(["Smith Dental", "Jones Law"])
    read_words(["Park Dental", "Wolfe Signs"])
    assert len(name_columns._KNOWN) == 2  # the first two went, the table never grows past it
    for name in ("Smith Dental", "Park Dental", "Acme L.L.C."):
        assert words_of(name) == client_words(name)
