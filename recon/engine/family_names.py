"""Names in the family question: the brand a subsidiary keeps, and a parent's whole name.

:mod:`recon.engine.family_questions` reads two things in names. A first word in common (the
brand a subsidiary usually keeps: "Hastings Staffing" beside "Hastings Animal Hospital") is
shared by many clients at scale, so it only lets a company be weighed against its parent.
A parent's whole name of two words or more at the start of a company's name ("Pratt Medical
Associates Warehouse") is shared by next to none: the company is named after its parent.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from recon.bulk_keys import client_keys
from recon.engine.family_run_together import first_word_as_name
from recon.normalize import client_key

#: Words a parent's name must have for a company named after it (:func:`named_after`).
MIN_NAMED_WORDS = 2


@functools.lru_cache(maxsize=65_536)
def first_word(name: str) -> str:
    """The first word of a name's key: the brand a subsidiary usually keeps."""
    words = client_key(name).split()
    return words[0] if words else ""


class FirstWords:
    """:func:`first_word` of every client name a run's gaps carry, keyed as one column.

    At 60,000 clients the family step reads the first word of about 58,000 names; keyed one
    by one that was 0.5 CPU s, as a column (:func:`recon.bulk_keys.client_keys`, equal to
    ``client_key`` on every name) 0.1 s. A name not given up front is keyed on its own.
    """

    def __init__(self, names: Iterable[str], known: Mapping[str, str] | None = None) -> None:
        """Key ``names``; ``known`` maps a name to its client key where the caller holds it
        already (the sides' clients were keyed when grouped): only the others are keyed."""
        # Sets and dicts made by C loops (set differences, ``zip`` and ``map``), not a Python
        # step per name: at 60,000 clients these were a tenth of the family step.
        distinct = set(filter(None, names))
        held = known or {}
        given = distinct & held.keys() if held else set()
        fresh = sorted(distinct - given)
        keys = dict(zip(given, map(held.__getitem__, given), strict=True))
        keys.update(zip(fresh, client_keys(fresh), strict=True) if fresh else ())
        self._keys = keys
        self._first = {name: (key.split(maxsplit=1) or [""])[0] for name, key in keys.items()}

    def __call__(self, name: str) -> str:
        found = self._first.get(name)
        return found if found is not None else first_word(name)

    def key(self, name: str) -> str:
        """The name's whole client key (from the column where given up front)."""
        found = self._keys.get(name)
        return found if found is not None else client_key(name)


def named_after(company: str, *names: str) -> bool:
    """True when the company's name is one of ``names`` whole (two words or more) plus
    words after it: "Pratt Medical Associates Warehouse" beside "Pratt Medical Associates".

    A first word in common is the brand a subsidiary keeps, shared by many clients at scale;
    a whole name of two words or more as the company's beginning is shared by next to none,
    so a department opened under the parent's name ("... Lab", "... Warehouse", words that
    also name businesses and that :mod:`recon.match.tenant_sites` never sums by name) is
    named after its parent whatever the run's size.

    The whole name may be written run together, as a company id ("LoweJewelers Logistics"
    beside "Lowe Jewelers", :func:`run_together`): the same whole name, one word. A
    direction after it is no name of its own (:func:`directions_only`).
    """
    key = client_key(company)
    for name in names:
        base = client_key(name)
        if len(base.split()) < MIN_NAMED_WORDS:
            continue
        for whole in (base, run_together(base)):
            if key.startswith(whole + " ") and not directions_only(key[len(whole) + 1 :]):
                return True
    return False


#: Words that say where one of two like-named clients is, and so tell them apart: "Todd
#: Physical Therapy - East" beside "Todd Physical Therapy" is a near twin as often as an
#: office (another owner's practice; recon.match.sites never reads a direction as a site).
DIRECTION_WORDS = frozenset(
    "north south east west northeast northwest southeast southwest central".split()
)


def directions_only(words: str) -> bool:
    """True when the words after a parent's whole name are only directions ("east")."""
    return bool(words) and DIRECTION_WORDS.issuperset(words.split())


def run_together(key: str) -> str:
    """A client key's words written as one ("cunningham dermatology" -> "cunninghamdermatology").

    PSA company names are often typed as a company id, the words run together
    ("CunninghamDermatology"). A name that is one such word is split back into its words by
    :func:`recon.normalize.client_key`, but not where words of the company's own follow it
    ("CunninghamDermatology Transport" keys as "cunninghamdermatology transp"): the company's
    first word is then its parent's whole name run together.
    """
    return key.replace(" ", "")


class NamedAfter:
    """The parents a company is named after (:func:`named_after`), by key prefix.

    A parent is keyed by its PSA company's client key (the key its gaps carry, a spelling in
    brackets after it where two companies share one): those of two words or more are indexed
    once, and a company's key is looked up by its leading words (a few look-ups per company),
    not compared with every parent named alike. Keying each parent's names again was 0.3 CPU
    s at 60,000 clients, most of the family step's added cost.
    """

    def __init__(self, parents: Iterable[str], key: Callable[[str], str]) -> None:
        self._key = key
        self._by_key: dict[str, set[str]] = defaultdict(set)
        # The whole name written as one word (run_together), looked up by a company's first
        # word: "cunninghamdermatology transp" beside "cunningham dermatology".
        self._run_together: dict[str, set[str]] = defaultdict(set)
        for parent in parents:
            own = parent.split(" [", 1)[0]
            if own.count(" ") + 1 >= MIN_NAMED_WORDS:
                self._by_key[own].add(parent)
                self._run_together[run_together(own)].add(parent)

    def __call__(self, company: str) -> set[str]:
        words = self._key(company).split()
        out: set[str] = set()
        for n in range(MIN_NAMED_WORDS, len(words)):
            if not DIRECTION_WORDS.issuperset(words[n:]):
                out |= self._by_key.get(" ".join(words[:n]), set())
        if len(words) > 1 and not DIRECTION_WORDS.issuperset(words[1:]):
            out |= self._run_together.get(words[0], set())
            # its words folded as the parent's key folds them (family_run_together)
            if (whole := first_word_as_name(words[0])) is not None:
                out |= self._by_key.get(whole, set())
        return out


def one_word_after(company_key: str, parent: str) -> bool:
    """True when a company's key is its parent's whole key and one word of its own.

    A department opened as a PSA company takes its parent's name and one word for itself
    ("Mann Fabrication Ltd Laboratory", "... Warehouse"); a business of its own under a
    namesake's name says more ("Espinoza Property Management of Tampa", a franchise of a
    place; "... Realty Group"). Read by :func:`recon.engine.family_fits.named_fits` for a
    company billing nothing but products its parent buys and does not bill.

    Args:
        company_key: the company's client key.
        parent: the parent's key as the family step keys it (a spelling may follow in brackets).
    """
    own = parent.split(" [", 1)[0]
    if not company_key.startswith(own + " "):
        return False
    rest = company_key[len(own) + 1 :]
    return bool(rest) and " " not in rest
