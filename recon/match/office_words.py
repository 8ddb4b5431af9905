"""A word a client's name and its office's name both write is one client's word, counted once.

Whether a word is a typo is read from how many clients write it (:mod:`recon.match.name_typos`):
a spelling one client writes beside a word others write is a typo of it ("Shday" / "Shady"),
two spellings each written by two clients or more are two real words ("Ross" / "Rossi"). A PSA
that mistypes a customer's name mistypes it again on the customer's office or subsidiary it
bills apart ("Qinn Gate Solar LLC" and "Qinn Gate Solar LLC Properties", "Nible CPA Grp" and
"Nible CPA Grp Denver"): counted per name, the slip looked written by two clients, a real word,
and the vendor's "Quinn Gate Solar LLC" was never paired with its client.

UK Companies House reads a name that only adds words after another ("... Properties", a place)
as that name for the "same as" test; likewise a name whose key is another name's key with
words added after it is read here as that client's office, and the words the two write alike
count once (:func:`office_repeats`, subtracted from the per-name count). Two different companies
a word apart lose no guard by it: the words they differ by are counted as before, and a typo
read in their shared words still needs the same reading beside both.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from recon.match.name_reading import site_split
from recon.match.name_words import BRANCH_WORDS
from recon.match.places import PLACE_NAMES

#: Fewest key words the shorter name must have: a lone surname ("Quinn") begun by two
#: companies' names ("Quinn Dental", "Quinn Roofing") is no client and its office.
MIN_BASE_WORDS = 2


def office_repeats(names: Sequence[str], keys: Sequence[str]) -> Counter[str]:
    """How many times each word (lower case, as written, as
    :func:`recon.match.name_reading.word_counts` counts it) is written again by another name
    of one client: the counts to take off the per-name count so that a client and its offices
    write a word once.

    A client's names are a name and those whose key is its key with words added after it
    ("Qinn Gate Solar LLC Properties"), and names that are one name at several sites ("Nible
    CPA Grp Denver", "Nible CPA Grp Tampa": :func:`recon.match.names.site_split`).

    Args:
        names: the population's names as written (each client once per side).
        keys: their client keys (:func:`recon.normalize.client_key`), in order.

    Returns:
        word -> how many of the names' counts are a client's other name writing it again.
    """
    # Keys of two words or more, each to its first name (a key has a space between words).
    roots: dict[str, int] = {}
    for at, key in enumerate(keys):
        if " " in key and key not in roots:
            roots[key] = at
    members: dict[str, list[int]] = defaultdict(list)
    if roots:
        _offices(names, keys, prefix_roots(roots), members)
    repeats: Counter[str] = Counter()
    for root, ats in members.items():
        own = roots.get(root)
        family = [*ats, own] if own is not None and own not in ats else ats
        if len(family) < 2:
            continue
        written: Counter[str] = Counter()
        for at in family:
            written.update(_written(names[at]))
        repeats.update({word: times - 1 for word, times in written.items() if times > 1})
    return repeats


def _offices(
    names: Sequence[str],
    keys: Sequence[str],
    root_of: dict[str, str],
    members: dict[str, list[int]],
) -> None:
    """Each name's place in ``members``: under its root's key when its key extends another
    (``root_of``), else under the stem it shares with another name when it is that stem at a
    site. Over the whole column at once (a Python step per name cost a tenth of a second at
    60,000 clients): only the names with a root, and those that may be a stem's site, are
    then taken one by one, in the order a walk over the names in turn would add them."""
    column = pa.array(keys, type=pa.string())
    # Keys with a root, in order.
    rooted = pc.index_in(column, value_set=pa.array(list(root_of), type=pa.string()))
    at_root = np.asarray(rooted.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
    roots = list(root_of.values())
    picked = np.flatnonzero(at_root >= 0)
    for at, n in zip(picked.tolist(), at_root[picked].tolist(), strict=True):
        members[roots[n]].append(at)
    # Names one word longer than a shared stem: offices of one name ("... Denver", "...
    # Tampa") when the word is a site; read only where two names share the stem. A stem
    # has MIN_BASE_WORDS words or more (a space fewer), the key a word more.
    spaces = np.asarray(pc.count_substring(column, " ").to_numpy(zero_copy_only=False))
    stemmed = np.flatnonzero((at_root < 0) & (spaces >= MIN_BASE_WORDS))
    if not len(stemmed):
        return
    chosen = column.take(pa.array(stemmed))
    stems = pc.replace_substring_regex(chosen, pattern="(?s) [^ ]*$", replacement="")
    last = pc.replace_substring_regex(chosen, pattern="(?s)^.* ", replacement="")
    codes, found = pd.factorize(np.asarray(stems.to_numpy(zero_copy_only=False), dtype=object))
    shared = np.bincount(codes)[codes] >= 2
    # Most names sharing a stem end in another word of their own ("... Dental Lab", "...
    # Dental Care"): only a name marking a site, or ending in a place or branch word, is read
    # for its site (reading every name costs seconds at 60,000).
    written = pa.array([names[at] for at in stemmed.tolist()], type=pa.string())
    marked = pc.or_(pc.match_substring(written, "-"), pc.match_substring(written, "("))
    site = pc.or_(marked, pc.is_in(last, value_set=_SITE_WORDS_ARRAY))
    read = np.flatnonzero(shared & np.asarray(site.to_numpy(zero_copy_only=False), dtype=bool))
    # Stem by stem in the order each stem is first written, each stem's names in turn.
    for n in read[np.argsort(codes[read], kind="stable")].tolist():
        stem, at = str(found[codes[n]]), int(stemmed[n])
        base, site_words = site_split(names[at])
        if site_words and " ".join(base) == stem:
            members[stem].append(at)


def prefix_roots(roots: Iterable[str]) -> dict[str, str]:
    """Each key's root among these keys (of two words or more), for the keys that have one:
    the longest other key it begins with, followed by a space ("qinn gate solar llc" for
    "qinn gate solar llc properties").

    One pass over the keys in order instead of a look-up per word of every key: in sorted
    order a key comes after every key it begins with, and every key between the two begins
    with that one too, so the keys a key begins with are the chain kept on a stack.

    Args:
        roots: distinct keys, each of two words or more.
    """
    found: dict[str, str] = {}
    chain: list[str] = []  # keys the last key begins with (as text), shortest first
    for key in sorted(roots):
        while chain and not key.startswith(chain[-1]):
            chain.pop()
        # The longest of them followed by a space in this key: a word boundary.
        for prefix in reversed(chain):
            if key[len(prefix)] == " ":
                found[key] = prefix
                break
        chain.append(key)
    return found


#: A last word that may name a site: a branch word or a place name.
_SITE_WORDS_ARRAY = pa.array(sorted(BRANCH_WORDS | PLACE_NAMES), type=pa.string())


_WORD = re.compile(r"[^\W_]+")


def _written(name: str) -> set[str]:
    """The name's words in lower case: those :func:`recon.match.name_reading.word_counts`
    counts, for plain words (a word they split or join otherwise is only not taken off)."""
    return set(_WORD.findall(name.casefold()))
