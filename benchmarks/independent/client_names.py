"""Company names: canonical names for the synthetic clients, and how each side spells them.

Both files are typed by people: the vendor side holds the name the MSP typed when it set the
customer up at the distributor (or the tenant's legal name at Microsoft), the PSA side the
name in the MSP's own CRM. Each side draws its own variation from the canonical name, at the
rates of :class:`NameRates` (one field per variation class).

A spelling is never allowed to collide with another client under a light key (case, '&',
punctuation, legal forms and "The" ignored), so the truth stays unambiguous to a careful
person; everything harder than that key is left for the matcher to work out.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from benchmarks.independent import client_variants as cv
from benchmarks.independent import client_words as cw
from benchmarks.independent.split import Split, pick, pick_or


@dataclass(frozen=True, slots=True)
class NameRates:
    """How often each variation class hits one side's spelling of a name."""

    legal_keep: float  # a legal form that exists is kept as written ...
    legal_respell: float  # ... or written another way ("L.L.C."); else dropped
    legal_add: float  # a name without one gets one
    comma_before_legal: float
    the_drop: float
    the_add: float
    org_drop: float  # a trailing organisation word ("Group") left out
    org_add: float
    abbreviate: float  # per abbreviable word
    ampersand: float  # '&' <-> 'and'
    location: float  # a site suffix ("- Denver")
    initials: float  # the first two words as initials ("KB Roofing")
    join_words: float  # two words run together ("CedarRidge")
    typo: float  # one edit in one word
    upper: float
    lower: float
    strip_punctuation: float
    extra_spaces: float


VENDOR_RATES = NameRates(
    legal_keep=0.60,
    legal_respell=0.15,
    legal_add=0.08,
    comma_before_legal=0.35,
    the_drop=0.25,
    the_add=0.02,
    org_drop=0.04,
    org_add=0.02,
    abbreviate=0.06,
    ampersand=0.30,
    location=0.01,
    initials=0.004,
    join_words=0.01,
    typo=0.02,
    upper=0.06,
    lower=0.02,
    strip_punctuation=0.10,
    extra_spaces=0.03,
)
PSA_RATES = NameRates(
    legal_keep=0.35,
    legal_respell=0.10,
    legal_add=0.03,
    comma_before_legal=0.25,
    the_drop=0.40,
    the_add=0.02,
    org_drop=0.06,
    org_add=0.03,
    abbreviate=0.10,
    ampersand=0.35,
    location=0.03,
    initials=0.01,
    join_words=0.015,
    typo=0.03,
    upper=0.03,
    lower=0.02,
    strip_punctuation=0.08,
    extra_spaces=0.02,
)

_LEGAL_WORDS = frozenset(
    "llc inc corp co ltd llp pc pllc pa lp incorporated corporation company limited "
    "professional liability l".split()
)
_PUNCT = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
_KEYBOARD = {
    "a": "sq",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "y": "tu",
    "z": "x",
}


def _abbreviation_classes() -> dict[str, str]:
    """Word -> class: a word and all its short forms, joined where forms are shared.

    "Assoc." abbreviates both Associates and Association, so all three fall in one class and
    "Bradford Assoc." collides with both "Bradford Associates" and "Bradford Association":
    a spelling that a careful person could not place is never written.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    def token(text: str) -> str:
        return "".join(_PUNCT.sub(" ", text.casefold()).split())

    for word, forms in cv.ABBREVIATIONS:
        if " " in word:
            continue
        for form in forms:
            parent[find(token(form))] = find(token(word))
    return {w: find(w) for w in list(parent)}


_CLASSES = _abbreviation_classes()


def light_key(name: str) -> str:
    """The collision key: case, '&'/'and', punctuation, legal forms, "The" and abbreviations
    ignored (each word stands for its abbreviation class)."""
    text = name.casefold().replace("&", " and ").replace("'", "")
    words = _PUNCT.sub(" ", text).split()
    return " ".join(_CLASSES.get(w, w) for w in words if w not in _LEGAL_WORDS and w != "the")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The variation lists on one side of the held-back split."""

    abbreviations: dict[str, tuple[str, ...]]
    legal_spellings: dict[str, tuple[str, ...]]
    locations: tuple[str, ...]
    twin_suffixes: tuple[str, ...]

    @classmethod
    def build(cls, split: Split) -> Vocabulary:
        """The lists of :mod:`client_variants` cut to ``split``."""
        abbreviations: dict[str, tuple[str, ...]] = {}
        for word, forms in cv.ABBREVIATIONS:
            kept = tuple(pick([(word, f) for f in forms], split, "abbr"))
            if kept:
                abbreviations[word] = tuple(f for _, f in kept)
        legal: dict[str, tuple[str, ...]] = {}
        for form, spellings in cv.LEGAL_SPELLINGS.items():
            kept_legal = tuple(pick(spellings, split, "legal"))
            if kept_legal:
                legal[form] = kept_legal
        return cls(
            abbreviations=abbreviations,
            legal_spellings=legal,
            locations=tuple(pick_or(cv.LOCATION_SUFFIXES, split, cv.LOCATION_SUFFIXES[:1], "loc")),
            twin_suffixes=tuple(pick_or(cv.TWIN_SUFFIXES, split, cv.TWIN_SUFFIXES[:1], "twin")),
        )


@dataclass(frozen=True, slots=True)
class Canonical:
    """A company's own name, split into its base and its legal form."""

    base: str
    legal: str | None

    @property
    def full(self) -> str:
        return f"{self.base} {self.legal}" if self.legal else self.base


def canonical_name(rng: random.Random) -> Canonical:
    """A new company name in one of the usual small-business shapes."""
    shapes = list(cw.SHAPE_WEIGHTS)
    shape = rng.choices(shapes, weights=[cw.SHAPE_WEIGHTS[s] for s in shapes])[0]
    trade = rng.choice(cw.INDUSTRIES)
    surname = rng.choice(cw.SURNAMES)
    place = f"{rng.choice(cw.PLACE_FIRST)} {rng.choice(cw.PLACE_SECOND)}"
    if shape == "surname_trade":
        base = f"{surname} {trade}"
    elif shape == "place_trade":
        base = f"{place} {trade}"
    elif shape == "partners_trade":
        base = f"{surname} & {rng.choice(cw.SURNAMES)} {trade}"
    elif shape == "brothers_trade":
        base = f"{surname} Brothers {trade}"
    elif shape == "surname_place_trade":
        base = f"{surname} {rng.choice(cw.PLACE_SECOND)} {trade}"
    else:
        base = f"The {place} {trade}"
    legal = rng.choice(cw.LEGAL_FORMS) if rng.random() < cw.LEGAL_FORM_SHARE else None
    return Canonical(base, legal)


def twin_of(first: Canonical, suffix: str, rng: random.Random) -> Canonical:
    """A different company named like ``first`` plus one distinguishing word or site."""
    legal = rng.choice(cw.LEGAL_FORMS) if rng.random() < cw.LEGAL_FORM_SHARE else None
    return Canonical(first.base + suffix, legal)


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    op = rng.randrange(4)
    if op == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == 1:
        return word[:i] + word[i + 1 :]
    if op == 2:
        return word[:i] + word[i] + word[i:]
    near = _KEYBOARD.get(word[i].lower(), "e")
    return word[:i] + rng.choice(near) + word[i + 1 :]


def spell(
    name: Canonical, rates: NameRates, vocab: Vocabulary, rng: random.Random, *, protect: bool
) -> str:
    """One side's spelling of ``name``.

    Args:
        name: the canonical name.
        rates: the side's variation rates.
        vocab: the variation lists (one side of the held-back split).
        rng: the random source.
        protect: a near-twin family member: no site suffix, no dropped word, no initials, so
            that the word telling the twins apart survives.

    Returns:
        The spelling as the file will hold it.
    """
    base = name.base
    # Abbreviations first, on whole words (two-word entries like "Physical Therapy" too).
    for word, forms in vocab.abbreviations.items():
        if word in base and rng.random() < rates.abbreviate:
            base = re.sub(rf"\b{re.escape(word)}\b", rng.choice(forms), base, count=1)
    if base.startswith("The "):
        if rng.random() < rates.the_drop:
            base = base[4:]
    elif rng.random() < rates.the_add:
        base = "The " + base
    words = base.split()
    if (
        not protect
        and len(words) > 2
        and words[-1] in cv.ORG_WORDS
        and rng.random() < rates.org_drop
    ):
        words = words[:-1]
    elif words[-1] not in cv.ORG_WORDS and rng.random() < rates.org_add:
        words.append(rng.choice(("Group", "Company", "Services")))
    if not protect and len(words) >= 3 and rng.random() < rates.initials:
        first, second = words[0], words[1]
        if first.isalpha() and second.isalpha() and first != "The":
            words = [first[0] + second[0], *words[2:]]
    if len(words) >= 2 and rng.random() < rates.join_words:
        i = rng.randrange(len(words) - 1)
        if words[i].isalpha() and words[i + 1].isalpha():
            words[i : i + 2] = [words[i] + words[i + 1]]
    base = " ".join(words)
    if rng.random() < rates.ampersand:
        base = base.replace(" & ", " and ") if " & " in base else base.replace(" and ", " & ")
    if rng.random() < rates.typo:
        long_words = [w for w in base.split() if len(w) >= 5 and w.isalpha()]
        if long_words:
            target = rng.choice(long_words)
            base = base.replace(target, _typo(target, rng), 1)
    legal = name.legal
    if legal is not None:
        roll = rng.random()
        if roll < rates.legal_keep:
            pass
        elif roll < rates.legal_keep + rates.legal_respell and legal in vocab.legal_spellings:
            legal = rng.choice(vocab.legal_spellings[legal])
        else:
            legal = None
    elif rng.random() < rates.legal_add:
        legal = rng.choice(cw.LEGAL_FORMS)
    text = base
    if legal:
        text += ("," if rng.random() < rates.comma_before_legal else "") + " " + legal
    if not protect and rng.random() < rates.location:
        text += rng.choice(vocab.locations)
    if rng.random() < rates.strip_punctuation:
        text = _SPACES.sub(" ", _PUNCT.sub(lambda m: "" if m.group() in ".,'" else " ", text))
    roll = rng.random()
    if roll < rates.upper:
        text = text.upper()
    elif roll < rates.upper + rates.lower:
        text = text.lower()
    if rng.random() < rates.extra_spaces:
        text = text.replace(" ", "  ", 1)
    return text.strip()
