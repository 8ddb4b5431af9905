"""Suggestions for people: which known client names a typed or vendor name most resembles.

Used where a person is about to teach the matcher (an alias form in the bot): the likely
PSA names come first, so the right one is usually a single click away. It never decides
anything; matching itself stays in :mod:`recon.match`.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

from recon.normalize import client_key

#: Suggestions scoring below this (0-100, on normalised names) are not worth showing.
MIN_SCORE = 50.0


def suggest_client_names(
    name: str, known: Iterable[str], *, limit: int = 5, min_score: float = MIN_SCORE
) -> list[str]:
    """The known client names most like ``name``, best first.

    Names are compared by their normalised keys (legal suffixes, case and punctuation
    ignored) with a token-set ratio, so "Harbor View Dental Partners" finds "Harbor View
    Dental". A known name with the same key as ``name`` is left out: it needs no alias.

    Args:
        name: the name to find partners for (a vendor's client name).
        known: candidate names (e.g. :meth:`recon.Store.client_names`).
        limit: at most this many (default 5).
        min_score: leave out names scoring below this (default 50).

    Returns:
        Distinct names as written, best first; ties keep alphabetical order.
    """
    own = client_key(name)
    choices: dict[str, str] = {}
    for candidate in sorted(set(known)):
        key = client_key(candidate)
        if key and key != own and candidate not in choices:
            choices[candidate] = key
    if not own or not choices:
        return []
    found = process.extract(
        own,
        choices,
        scorer=fuzz.token_set_ratio,
        limit=None,
        score_cutoff=min_score,
    )
    ranked = sorted(found, key=lambda hit: (-hit[1], hit[2]))
    return [candidate for _, _, candidate in ranked[:limit]]
