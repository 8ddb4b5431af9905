"""written_forms: each word read once, its words run together and its initials run into a
word written apart and folded as keys fold them."""

from __future__ import annotations

import pytest

from recon.match.forms import written_forms


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("Lone ParkAssociates", "i:lp assoc"),  # capitalised words run together
        ("Patel lawgroup Dental", "i:pl grp dent"),  # a word and an organisation word
        ("SMAccounting", "i:sm acct"),  # initials run into a word
        ("WHSERVICES Denver", "i:wh svc denver"),
        ("TheGranite Pines", "c:granitepines"),  # the article written on
    ],
)
def test_words_written_together_are_read_apart_and_folded(name: str, form: str) -> None:
    assert form in written_forms(name)


def test_a_word_reads_the_same_in_every_name() -> None:
    # Read once per word: the second name asking for it gets the same reading.
    assert "i:lp assoc" in written_forms("Lone ParkAssociates")
    assert "i:lp assoc" in written_forms("Lake ParkAssociates")
    assert written_forms("Smith Dental") == {"c:smithdental"}
