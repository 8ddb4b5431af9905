"""One code per PSA text family: the unit the seat readings weigh a spelling by.

A product held on two terms is often billed under a text and that text with a billing or
category qualifier ("M365 Business", "M365 Business - Annual", "M365 Business (Annual) -
Monthly"), while the vendor's line counts the seats of both. The readings
(:mod:`recon.engine.readings`) weigh what the seats say per spelling; such spellings share a
code here so they are weighed as one text and a client's seats on its terms add up. Only
qualifiers are set aside, never spacing or spelling: two texts that differ otherwise may be
two products in one PSA catalogue. :mod:`recon.engine.compare` gives each PSA row its code.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from recon.catalog import qualifier_cores
from recon.engine.join import IntArray


def family_units(keys: Sequence[str], names: Sequence[str]) -> tuple[IntArray, list[str]]:
    """One code per (identity, text family): spellings of one identity that are one text
    with a billing or category qualifier set aside ("M365 Business", "M365 Business -
    Annual", "M365 Business (Annual) - Monthly") share a code.

    Args:
        keys: the identity key of each spelling code.
        names: the spelling of each code ("" where the identity has only one).

    Returns:
        The family code of each spelling code, and the identity key of each family code.
    """
    codes = np.empty(len(keys), dtype=np.int64)
    found: dict[tuple[str, str], int] = {}
    cores: dict[str, tuple[str, ...]] = {}
    for i, (key, name) in enumerate(zip(keys, names, strict=True)):
        codes[i] = found.setdefault((key, _family(name, cores) if name else ""), len(found))
    return codes, [key for key, _ in found]


def _family(text: str, cores: dict[str, tuple[str, ...]]) -> str:
    """The shortest reading of a text with up to two qualifiers set aside, in lower case.

    Only qualifiers are set aside, not spacing or spelling: "Office365 E3" and "Office 365
    E3" may be two products in one PSA catalogue, and each is weighed on its own.

    Args:
        text: the spelling.
        cores: the qualifier cores of each name seen so far (filled in here).
    """
    readings = {text}
    for _ in range(2):
        for name in list(readings):
            if name not in cores:
                cores[name] = tuple(core for core, _ in qualifier_cores(name))
            readings.update(cores[name])
    return min((" ".join(r.casefold().split()) for r in readings), key=lambda k: (len(k), k))
