"""The leftover client names' words, read once for the whole column.

The fuzzy step reads each leftover name's words several ways: its derived forms
(:mod:`recon.match.forms`), its rare words, and the screen and the word-by-word reading
(:mod:`recon.match.name_reading`). Each used to key the name again through
:func:`recon.normalize.client_words` the first time one of them met it, one Python call per
name. :func:`read_words` reads the words of all of them at once with
:func:`recon.bulk_keys.word_columns` (column rules for the plain majority, the per-name
function for the rest), and :func:`words_of` hands out what it read, so every reader sees
exactly the words :func:`~recon.normalize.client_words` gives.
"""

from __future__ import annotations

from collections.abc import Sequence

from recon.bulk_keys import WordColumns, word_columns
from recon.normalize import client_words

Words = tuple[tuple[str, str], ...]

#: Names whose words are kept at most (a name's words are a pure function of the name, so
#: the table is a cache: emptied when full; a run at 60,000 clients reads about 22,000).
_LIMIT = 262_144
_KNOWN: dict[str, Words] = {}


def read_words(names: Sequence[str]) -> WordColumns:
    """Read the words of these names together, for :func:`words_of` to hand out.

    Args:
        names: company names as written.

    Returns:
        Their words as columns, for readers that take a whole column at once.
    """
    columns = word_columns(names)
    known = _KNOWN
    if len(known) + len(names) > _LIMIT:
        known.clear()
    known.update(zip(names, columns.words(), strict=True))
    return columns


def words_of(name: str) -> Words:
    """:func:`recon.normalize.client_words` of a name, as :func:`read_words` read it.

    Args:
        name: the name as written.
    """
    found = _KNOWN.get(name)
    return found if found is not None else client_words(name)


def forget_words() -> None:
    """Empty the table :func:`read_words` fills (client matching's end: nothing after it reads
    that many names)."""
    _KNOWN.clear()
