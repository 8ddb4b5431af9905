"""Place names that end a client name as a site or a branch ("Bennett Dental Boise").

A qualifier in brackets or after a dash ("Acme Law (Denver)", "Acme Law - Denver") marks a
site; people also write the site as a plain last word. This list, from public sources (see
``recon/catalog/places.csv``), says which last words are places: US state codes and names,
and US cities of 15,000 people or more. Such a word then counts as a place: never dropped on
the name alone, and two different places are two clients.
"""

from __future__ import annotations

from importlib import resources

#: Two-letter state codes that are also everyday words or legal forms ("OR", "ME", "PA",
#: "CO"): at the end of a name they are more likely those.
_AMBIGUOUS_CODES = frozenset("al as co de hi id in la ma me mo oh ok or pa".split())


def _load() -> frozenset[str]:
    text = resources.files("recon.catalog").joinpath("places.csv").read_text("utf-8")
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    names = (row.split(",", 1)[0] for row in rows[1:])
    return frozenset(n for n in names if n not in _AMBIGUOUS_CODES)


PLACE_NAMES = _load()


def is_place_name(word: str) -> bool:
    """True when ``word`` (lower case, as written) names a US state or city.

    Args:
        word: one word of a client name.
    """
    return word in PLACE_NAMES
