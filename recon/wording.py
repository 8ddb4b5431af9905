"""Words as people wrote them, not as matching folds them.

Matching compares normalised keys, where "Partners" is ``ptnr`` and "Enterprises" is
``ent`` (:mod:`recon.normalize`). Reasons built from keys ("names differ by the word(s)
'ptnr'") must reach people in their own words: :func:`as_written` puts each quoted key word
back as one of the names spelled it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from recon.normalize import client_key

_QUOTED = re.compile(r"'([^'\s]+)'")
_WORD = re.compile(r"[^\W_]+(?:[&'.-][^\W_]+)*", re.UNICODE)


def written_forms(names: Iterable[str]) -> dict[str, str]:
    """Each folded word of some names -> the word as first written (``ptnr`` -> ``Partners``)."""
    forms: dict[str, str] = {}
    for name in names:
        for word in _WORD.findall(name or ""):
            folded = client_key(word)
            if folded and " " not in folded and folded not in forms:
                forms[folded] = word
    return forms


def as_written(text: str, names: Iterable[str]) -> str:
    """``text`` with every quoted key word put back as the names wrote it.

    Example:
        >>> as_written("names differ by the word(s) 'ptnr'", ["Harbor View Dental Partners"])
        "names differ by the word(s) 'Partners'"
    """
    forms = written_forms(names)
    if not forms:
        return text
    return _QUOTED.sub(lambda m: f"'{forms.get(m.group(1), m.group(1))}'", text)
