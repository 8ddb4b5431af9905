"""Company-name keys: one spelling for every way people write the same client.

"Wayne Enterprises, Inc.", "WAYNE ENT" and "The Wayne Enterprises LLC" all become
``wayne ent``. The key is what exact matching joins on and what fuzzy matching compares, so
it removes what never distinguishes two clients (case, accents, punctuation, a leading
"The", trailing legal forms) and folds common abbreviations to one form. It keeps every word
that could distinguish two clients ("Northside Dental" vs "Northside Dental Lab").

Called once per distinct name, never per row.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import OSA

from recon.name_marks import (
    NUMBER_WORDS,
    and_marks,
    glued_legal_form,
    split_run_together,
    without_company_id,
    without_former_name,
)

# Trailing legal forms, as tokens after punctuation is removed ("L.L.C." -> "llc").
# "Proprietary" is Australia's (Corporations Act 2001 s 148: a proprietary company's name ends
# "Proprietary Limited", or "Proprietary" when unlimited; s 149 allows "Pty" for it).
_LEGAL_FORMS = frozenset(
    """
    inc incorporated llc llp lllp lp ltd limited corp corporation co company plc pc pllc pa
    gmbh mbh ag kg sa sas sarl bv nv pty pte srl spa oy ab kk lda ulc proprietary
    """.split()
)

# Abbreviations and full forms folded to one token, from the public lists in
# recon/catalog/business_words.csv (sources there). Only words that never change which client
# is meant; "group" vs "grp" is folded, but "group" vs nothing is still a different word.
_FOLD: dict[str, str] = {}
_LISTED: dict[str, list[tuple[str, str]]] = {}  # first letter -> (full word, folded form)


_MIN_PLURAL_BASE = 4  # "Serv" -> "Servs"; "Dent" is no plural ("Dents" is a word), nor "Vets"


def _has_plural(words: Sequence[str]) -> bool:
    """True when a listed word's full forms hold a singular and its plural ("service
    services", "center centers", "supply supplies"): a word names can write in the plural."""
    spelled = set(words)
    return any(
        f"{w}s" in spelled or f"{w}es" in spelled or (w.endswith("y") and f"{w[:-1]}ies" in spelled)
        for w in words
    )


def _plural_forms(
    words: Sequence[str],
    forms: Sequence[str],
    claimed: dict[str, set[str]],
    listed_words: set[str],
) -> list[str]:
    """The plurals of a word's abbreviations the lists leave unwritten ("Servs" for Services).

    The Bluebook's Table T6 (as Cornell LII's Basic Legal Citation 4-100 sets it out: "the
    plural of a listed word is abbreviated by adding an 's' to the abbreviation of the
    singular") writes the plural of Service's "Serv." as "Servs.". Only for a word the list
    itself writes in the plural, of an abbreviation of four letters or more (a shorter one
    plus "s" is often a word of its own: "Vets", "Fins", "Meds"), and never a spelling the
    list gives another word or form ("Comms" is Communications, not Commission's plural).
    """
    if not _has_plural(words):
        return []
    plurals = (f"{form}s" for form in forms if len(form) >= _MIN_PLURAL_BASE)
    return [
        plural
        for plural in plurals
        if not plural.endswith("ss") and plural not in claimed and plural not in listed_words
    ]


def _load_business_words() -> None:
    text = resources.files("recon.catalog").joinpath("business_words.csv").read_text("utf-8")
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    entries = [next(csv.reader([line])) for line in rows[1:]]
    claimed: dict[str, set[str]] = {}
    plan: list[tuple[list[str], list[str]]] = []
    for word_cell, forms_cell, _source in entries:
        words, forms = word_cell.split(), forms_cell.split()
        plan.append((words, forms))
        for form in forms:
            claimed.setdefault(form, set()).add(words[0])
    listed_words = {word for words, _ in plan for word in words}
    for words, forms in plan:
        # A form two words share ("res": research, resources) folds neither; the word's own
        # first spelling is its folded form then.
        unique = [f for f in forms if len(claimed[f]) == 1]
        canonical = forms[0] if forms[0] in unique else words[0]
        plurals = _plural_forms(words, unique, claimed, listed_words)
        for variant in (*words, *unique, *plurals):
            _FOLD[variant] = canonical
        for word in words:
            _LISTED.setdefault(word[0], []).append((word, canonical))


_load_business_words()
# Folded form -> its listed full words ("xing" -> crossing: not under its own first letter).
_FULL: dict[str, tuple[str, ...]] = {}
for _words in _LISTED.values():
    for _word, _canonical in _words:
        _FULL[_canonical] = (*_FULL.get(_canonical, ()), _word)
_MIN_ABBREVIATION = 3
_TYPO_FOLD_LENGTH = 5
_MIN_PREFIX = 4  # "Dent", "Hosp"; three-letter prefixes ("Den") fold only when listed
_VOWELS = frozenset("aeiouy")


def _abbreviates(token: str, word: str) -> bool:
    """True when ``token`` is written the way the lists abbreviate ``word``.

    Same first letter, the letters in order, shorter than the word; and either a prefix of
    four or five letters ("Dent", "Assoc") or, with no vowel after the first letter, ending
    like the word or like it without a final "e" ("Mgmt", "Hldgs", "Svc").
    """
    if len(token) < _MIN_ABBREVIATION or len(token) >= len(word) - 1 or token[0] != word[0]:
        return False
    if word.startswith(token):
        return _MIN_PREFIX <= len(token) <= 5
    if token[-1] not in (word[-1], word.rstrip("e")[-1]):
        return False
    # Abbreviations drop vowels ("Mgmt", "Hldgs", "Svcs"); a word that keeps one is a word
    # ("Main" is not "Mountain", "Sons" is not "Solutions"). A final "y" the word also ends
    # in is its kept last letter, as in the postal contractions ("Vly", "Pkwy": "Ppty").
    inner = token[1:-1] if token[-1] == "y" == word[-1] else token[1:]
    if any(letter in _VOWELS for letter in inner):
        return False
    position = 0
    for letter in token:
        position = word.find(letter, position) + 1
        if position == 0:
            return False
    return True


# One-edit typos of long fold words and legal forms still fold ("Patners", "Cvmpany"): long
# words only, where one edit practically never turns one real word into another ("Medial" is
# not "Medical"), because a wrongly folded key could merge two clients.
_TOLERANT_LENGTH = 7
_FOLD_LONG = tuple((v, c) for v, c in _FOLD.items() if len(v) >= 8)
# By length, so a word is only compared with variants one letter shorter, as long, or longer.
_FOLD_BY_LENGTH: dict[int, list[tuple[str, str]]] = {}
for _variant, _canonical_form in _FOLD_LONG:
    for _length in (len(_variant) - 1, len(_variant), len(_variant) + 1):
        _FOLD_BY_LENGTH.setdefault(_length, []).append((_variant, _canonical_form))
_FOLD_VARIANTS_BY_LENGTH = {n: [v for v, _ in found] for n, found in _FOLD_BY_LENGTH.items()}
_LEGAL_LONG = tuple(f for f in _LEGAL_FORMS if len(f) >= _TOLERANT_LENGTH)
_LEGAL_FORMS_3 = tuple(f for f in _LEGAL_FORMS if len(f) >= 3)


def _near(token: str, word: str) -> bool:
    return abs(len(token) - len(word)) <= 1 and OSA.distance(token, word, score_cutoff=1) <= 1


def _near_at(token: str, words: Sequence[str]) -> list[int]:
    """The positions of the words one edit from ``token``, ascending: :func:`_near` over the
    whole list in one call into rapidfuzz, not a Python call per listed word (one edit
    changes the length by one letter at most, so the length test is implied)."""
    return sorted(
        at
        for _, _, at in process.extract(
            token, words, scorer=OSA.distance, score_cutoff=1, limit=None
        )
    )


@lru_cache(maxsize=65_536)
def abbreviation_of(token: str) -> str | None:
    """The folded form of the one listed word ``token`` abbreviates the way the lists do, if any.

    Unlisted abbreviations ("Hldgs", "Svcs", "Mgt") are not folded into keys, since a
    surname can look like one ("Tran" is no "Transport"): the matcher only uses this to see
    that two names may differ by an abbreviation, and then needs other evidence to merge.

    Args:
        token: a word as written, lower case.

    Returns:
        The folded form of the word it abbreviates, or None (no listed word, or several).
    """
    if len(token) < _MIN_ABBREVIATION or token.isdigit() or token in _FOLD:
        return None
    listed = _LISTED.get(token[0], ())
    meant = {canonical for word, canonical in listed if _abbreviates(token, word)}
    return meant.pop() if len(meant) == 1 else None


def full_words(folded: str) -> tuple[str, ...]:
    """The listed full words whose folded form is ``folded`` ("cmty" -> community, ...).

    Args:
        folded: a folded form, as :func:`fold_word` returns it.
    """
    return _FULL.get(folded, ())


def same_listed_word(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are two spellings of one listed business word, each exactly as
    ``recon/catalog/business_words.csv`` writes it ("heights" / "hts", USPS Publication 28):
    no one-edit tolerance, so a typo of a short form is not read as the word.

    Args:
        a: a piece of a word, lower case; b: another.
    """
    return a != b and a in _FOLD and _FOLD[a] == _FOLD.get(b)


def fold_word(token: str) -> str:
    """The folded form of one word as client keys write it ("services" -> ``svc``).

    Args:
        token: a word, lower case, punctuation removed.
    """
    return _fold(token)


@lru_cache(maxsize=65_536)
def _fold(token: str) -> str:
    """The folded form of a word: listed words and forms, and one-edit typos of long listed
    words."""
    if token in NUMBER_WORDS:  # "First" is "1st", "Three" is "3" (USPS Pub. 28, 235)
        return NUMBER_WORDS[token]
    if token in _FOLD or token.isdigit():
        return _FOLD.get(token, token)
    if len(token) < _TOLERANT_LENGTH:
        return token
    candidates = _FOLD_BY_LENGTH.get(len(token), ())
    near = _near_at(token, _FOLD_VARIANTS_BY_LENGTH.get(len(token), ()))
    return candidates[near[0]][1] if near else token


@lru_cache(maxsize=65_536)
def is_legal_form(token: str) -> bool:
    """True for a legal form ("llc", "inc", "gmbh"), or a one-edit typo of a long one.

    Args:
        token: a word of a name, lower case, punctuation removed.
    """
    return _is_legal_form(token)


@lru_cache(maxsize=65_536)
def _is_legal_form(token: str) -> bool:
    if token in _LEGAL_FORMS:
        return True
    return len(token) >= _TOLERANT_LENGTH and bool(_near_at(token, _LEGAL_LONG))


_DROP_CHARS = re.compile(r"['\u2019\u2018`.]")  # O'Brien -> obrien, L.L.C. -> llc
_NON_WORD = re.compile(r"[^0-9a-z]+")


def _ascii_fold(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_WORD = re.compile(r"[0-9a-z]+")
# ASCII names: letters and digits stay, apostrophes and full stops vanish ("O'Brien", "L.L.C."),
# everything else separates words ("&" and "+" too: the "and" they stand for is dropped anyway).
# A byte table: one C lookup per character (a str.translate dict costs a Python lookup per one).
_ASCII_BYTES = bytes(c if chr(c).isalnum() else ord(" ") for c in range(256))
_ASCII_DROP = b"'`."
#: Words that never tell two clients apart once the rest of the name agrees.
_FILLER = frozenset({"the", "and"})


#: Legal forms written out in several words, as the US entity statutes spell them (Model
#: Business Corporation Act 4.01, Revised Uniform Limited Liability Company Act 108, Uniform
#: Limited Partnership Act 108, and the professional-corporation and -association acts):
#: "Professional Corporation" is "PC", "Limited Liability Company" is "LLC".
_LEGAL_PHRASES = tuple(
    tuple(phrase.split())
    for phrase in (
        "professional limited liability company",
        "limited liability limited partnership",
        "limited liability partnership",
        "limited liability company",
        "professional corporation",
        "professional association",
        "limited partnership",
        "general partnership",
    )
)
_PHRASE_ENDS = frozenset(p[-1] for p in _LEGAL_PHRASES)
# Where a name's qualifier starts: "Acme Law - East", "Acme Law (Denver)".
_QUALIFIER_MARKS = ("(", " - ", " \u2013 ", " \u2014 ")


def _split_qualifier(text: str) -> tuple[str, str]:
    """A name's main part and its qualifier ("Acme LLP (Tampa)" -> "Acme LLP", "Tampa")."""
    if "(" not in text and " - " not in text and "\u2013" not in text and "\u2014" not in text:
        return text, ""  # most names (a fast path: no search for the last mark)
    cut = max(text.rfind(mark) for mark in _QUALIFIER_MARKS)
    if cut <= 0:
        return text, ""
    main, qualifier = text[:cut], text[cut:]
    if not any(ch.isalnum() for ch in main) or not any(ch.isalnum() for ch in qualifier):
        return text, ""
    return main, qualifier


def _strip_legal(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Trailing legal forms off, one word or one written-out phrase at a time, never all."""
    words = list(words)
    while len(words) > 1:
        last = words[-1][1]
        phrase = None
        if last in _PHRASE_ENDS:
            tokens = tuple(token for _, token in words)
            phrase = next(
                (p for p in _LEGAL_PHRASES if len(p) < len(tokens) and tokens[-len(p) :] == p),
                None,
            )
        if phrase is not None:
            del words[-len(phrase) :]
        elif _is_legal_form(last):
            words.pop()
        else:
            break
    return words


#: US legal forms that are never a word of a name, wherever they stand.
_PLAIN_LEGAL = frozenset(
    "inc llc llp lllp lp ltd corp plc pc pllc pa corporation incorporated".split()
)


def _drop_legal_before_place(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """ "Hubbard CPA Group P.A. Boise": a legal form ends the company's name, so a single
    word after it is a place or a site, and the legal form goes as it would at the end."""
    if len(words) < 3 or not words[-1][1].isalpha():
        return words
    end = len(words) - 1
    start = end
    # A legal form written out ("... Technologies Professional Corporation Admin"), looked
    # for only before a phrase's last word (most names have none).
    if words[end - 1][1] in _PHRASE_ENDS:
        tokens = tuple(token for _, token in words[:end])
        phrase = next(
            (p for p in _LEGAL_PHRASES if len(p) < len(tokens) and tokens[-len(p) :] == p), None
        )
        if phrase is not None:
            start = end - len(phrase)
    while start > 1 and words[start - 1][1] in _PLAIN_LEGAL:
        start -= 1
    return words if start == end else [*words[:start], words[-1]]


def _name_only(name: str) -> str:
    """The name without what an export writes beside it: a former name, the PSA's company
    id, a run-together id split into words, "n'" for "and" (see :mod:`recon.name_marks`)."""
    return and_marks(
        glued_legal_form(split_run_together(without_company_id(without_former_name(name))))
    )


@lru_cache(maxsize=262_144)
def client_words(name: str) -> tuple[tuple[str, str], ...]:
    """The words of a company name's key, each with the word as written (see :func:`client_key`).

    Args:
        name: the name as written in an export.

    Returns:
        (word as written, folded word) pairs in order; the folded words are the key's tokens.
        Initials written apart become one word ("A. B. C." and "ABC"). Legal forms are left
        out at the end of the name and before its qualifier ("Acme LLP (Tampa)" is "acme
        tampa"), spelled out or not ("Professional Corporation" is "PC").
    """
    name = _name_only(name)
    main, qualifier = _split_qualifier(name)
    words = _strip_legal(_raw_words(main))
    if qualifier:
        tail = _raw_words(qualifier)
        words += (
            _strip_legal(tail) if len(tail) > 1 else [w for w in tail if not _is_legal_form(w[1])]
        )
    if not words:
        words = _raw_words(name)
    if not words:
        return ()
    if len(words) > 1:
        # "The" and "and" never distinguish two clients: "Smith & Jones" is "Smith Jones".
        words = [w for w in words if w[1] not in _FILLER] or words
    # Joining initials and dropping a legal form before a site each make room for the
    # other ("X PA A A", "A P.A. A"): repeat until neither changes a word, so a key keyed
    # again is the same key. Each step only removes words, so this ends.
    while True:
        count = len(words)
        if any(len(token) == 1 for _, token in words):
            words = _join_initials(words)
        words = _strip_legal(words)
        # With a qualifier too: its parentheses are gone from the key, which keys as a name
        # without one ("A (Tampa) P.A. A").
        words = _drop_legal_before_place(words)
        if len(words) == count:
            break
    return tuple((written, _fold(token)) for written, token in words)


#: One spelling per legal form: a written-out phrase is its initials ("limited liability
#: company" is "llc"), a spelled-out word its usual abbreviation.
_LEGAL_SHORT = {
    "incorporated": "inc",
    "corporation": "corp",
    "limited": "ltd",
    "company": "co",
    "proprietary": "pty",  # Corporations Act 2001 s 149
}


@lru_cache(maxsize=65_536)
def legal_form(name: str) -> str:
    """The legal form a company name's key sets aside, in one spelling ("" when none).

    "SC Church L.L.C." and "SC Church, Limited Liability Company" are ``llc``; "SC Church" is
    "". Two records of a PSA's company list that differ in it are two companies.

    Args:
        name: the name as written in an export.
    """
    left = [token for _, token in _raw_words(_name_only(name))]
    for written, _ in client_words(name):
        for token in written.lower().replace(".", "").replace("'", "").split():
            if token in left:
                left.remove(token)
    tokens = [t for t in left if t not in _FILLER]
    text = " " + " ".join(tokens) + " "
    for phrase in _LEGAL_PHRASES:
        text = text.replace(" " + " ".join(phrase) + " ", " " + "".join(w[0] for w in phrase) + " ")
    forms = [_legal_spelling(t) for t in text.split() if _is_legal_form(t)]
    return " ".join(forms)


def _legal_spelling(token: str) -> str:
    if token not in _LEGAL_FORMS:  # a one-edit typo of a long form ("Incorporatd")
        near = _near_at(token, _LEGAL_LONG)
        token = _LEGAL_LONG[near[0]] if near else token
    return _LEGAL_SHORT.get(token, token)


def _raw_words(name: str) -> list[tuple[str, str]]:
    """(word as written, lower-case word) pairs: punctuation splits, apostrophes join."""
    text = _ascii_fold(name)
    if text.isascii():
        # The common case, without a regular expression: apostrophes and full stops join,
        # everything else splits ("&" and "+" too, as the filler "and" they stand for).
        # Lower case is per character, so the text and its lower case split into the same words.
        written = text.encode("ascii").translate(_ASCII_BYTES, _ASCII_DROP).decode("ascii")
        words = list(zip(written.split(), written.lower().split(), strict=True))
    else:
        # "&" and "+" separate words as in the ASCII path: an "and" put in their place would
        # stand between a legal form and a site ("PA + Boise") until the filler is dropped,
        # and the key would change when keyed again.
        text = _DROP_CHARS.sub("", text.replace("&", " ").replace("+", " "))
        folded_text = text.casefold()
        same_length = len(folded_text) == len(text)
        words = [
            (text[m.start() : m.end()] if same_length else m.group(), m.group())
            for m in _WORD.finditer(folded_text)
        ]
    return words


def _join_initials(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Single letters written apart are one word of initials: "J B Hunt" is "JB Hunt"."""
    out: list[tuple[str, str]] = []
    for written, token in words:
        if (
            len(token) == 1
            and token.isalpha()
            and out
            and out[-1][1].isalpha()
            and all(len(part) == 1 for part in out[-1][0].split())
        ):
            out[-1] = (f"{out[-1][0]} {written}", out[-1][1] + token)
        else:
            out.append((written, token))
    return out


@lru_cache(maxsize=65_536)
def typo_folds(word: str) -> frozenset[str]:
    """The folded forms a word may be a one-edit typo of ("Sevice" -> ``svc``, "Hfolding" ->
    ``hldg``): listed words and abbreviations of five letters or more only, where one edit
    seldom turns one real word into another.

    Args:
        word: a word as written (lower case).

    Returns:
        The folded forms (usually none or one).
    """
    if len(word) < _TYPO_FOLD_LENGTH or word.isdigit():
        return frozenset()
    listed = _TYPO_FOLD_BY_LENGTH.get(len(word), ())
    variants = _TYPO_FOLD_VARIANTS_BY_LENGTH.get(len(word), ())
    return frozenset(listed[at][1] for at in _near_at(word, variants) if listed[at][0] != word)


# Listed words of five letters or more by length, so a word is only compared with variants
# one edit could reach (one letter shorter, as long, or longer).
_TYPO_FOLD_BY_LENGTH: dict[int, list[tuple[str, str]]] = {}
for _variant, _canonical_form in _FOLD.items():
    if len(_variant) >= _TYPO_FOLD_LENGTH:
        for _length in (len(_variant) - 1, len(_variant), len(_variant) + 1):
            _TYPO_FOLD_BY_LENGTH.setdefault(_length, []).append((_variant, _canonical_form))
_TYPO_FOLD_VARIANTS_BY_LENGTH = {
    n: [v for v, _ in found] for n, found in _TYPO_FOLD_BY_LENGTH.items()
}


@lru_cache(maxsize=65_536)
def looks_like_legal_form(word: str) -> bool:
    """True for a legal form, or a one-edit typo of one that is three letters or longer
    ("Comany", "Cporp", "PLLKC"): such a word never tells two clients apart by itself."""
    word = word.casefold()
    if _is_legal_form(word):
        return True
    if word in _FOLD or abbreviation_of(word) is not None:
        # A business word's contraction is that word, not a slip of a legal form: "Ppty" is
        # Properties (the postal contractions keep a final "y": "Vly", "Pkwy"), while the one
        # abbreviation of "Proprietary" is "Pty" (Corporations Act 2001 s 149).
        return False
    return len(word) >= 3 and bool(_near_at(word, _LEGAL_FORMS_3))


@lru_cache(maxsize=262_144)
def client_tokens(name: str) -> tuple[str, ...]:
    """The words of a company name's key, in order (see :func:`client_key`).

    Args:
        name: the name as written in an export.

    Returns:
        The key's tokens; never empty for a name with any letter or digit in it.
    """
    return tuple(token for _, token in client_words(name))


#: The version of :func:`client_key`. Raise it whenever a name's key can change: a store
#: written with an older version re-keys its clients on opening (see recon.store._rekey).
#: 1: before issue 11; 2: business words folded (issue 11); 3: legal forms before a site and
#: spelled-out legal forms (issue 11, round two); 4: "&" and "+" in non-ASCII names separate
#: words as in ASCII ones (a key keyed again is the same key); 5: "Community" and "Cmty"
#: folded to one form (issue 11, round four); 6: a legal form written out before a site
#: ("Professional Corporation Admin") left out as a short one is, and a legal form before a
#: site left out after fillers and initials too (issue 11, round five); 7: "Mech." (ISO 4) and
#: the postal "Holw", "Orch", "Pnes" folded with Mechanical, Hollow, Orchard, Pines.
#: 8: a former name ("(formerly X)", "fka X") and a company id spelled from the name
#: ("EagleHei - Eagle Heights", "(WEBEAU219)") left out, a run-together id split, number
#: words as numerals ("First" / "1st"), "n'" as "and" (issue 11, round fifteen).
#: 9: a legal form typed onto the last word ("Aviationllc", "SolutionsLLC") or onto a
#: run-together id ("SilverMountainOptometryLP") set apart (issue 11, round sixteen).
#: 10: client_key's answers unchanged, but stores written at 8 and 9 hold the keys grouping
#: gave (recon.bulk_keys) to names with number words, ids run together, glued legal forms and
#: former names, which took those rounds' rules only name by name ("archertravel" for
#: "ArcherTravel"): re-keyed so their gaps and decisions carry over (issue 11, round eighteen).
#: 11: "Groupllc" is "Group" and LLC, not "Grou" and PLLC: a "p" that ends a listed business
#: word stays with it (issue 11, round twenty).
#: 12: a legal form written out and run on at a camel-case seam ("SurveyingProfessional
#: Corporation", "BrewingCompany", "AcmeLLC", "StarTerraceBuildersCo"), its long words in one
#: case ("WALTON TITLECOMPANY"), or run into a site
#: ("LLPBoise") set apart, and Australia's "Proprietary" read as a legal form (issue 11,
#: round twenty-five).
#: 13: the plural of a listed word's abbreviation, written by adding "s" as The Bluebook's
#: Table T6 writes it, folded with the word ("Porter Servs" is "Porter Services": issue 11,
#: round twenty-nine).
CLIENT_KEY_VERSION = 13


@lru_cache(maxsize=262_144)
def client_key(name: str) -> str:
    """The normalised identity of a company name, used to join and compare clients.

    Case, accents, punctuation, ``&``/"and", "The", initials written apart and trailing legal
    forms don't matter; business words and their abbreviations are folded to one form
    ("Enterprises" and "Ent.", "Mountain" and "Mtn": see ``recon/catalog/business_words.csv``).
    Falls back to the trimmed, lower-cased name rather than ever returning "" for a name.

    Args:
        name: the name as written in an export.

    Returns:
        The key, e.g. ``client_key("Wayne Enterprises, Inc.") == "wayne ent"``.

    Example:
        >>> client_key("The Smith & Jones Co.")
        'smith jones'
    """
    tokens = client_tokens(name)
    if tokens:
        return " ".join(tokens)
    return " ".join(name.casefold().split())
