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
    root_of = prefix_roots(roots)
    members: dict[str, list[int]] = defaultdict(list)
    # Names one word longer than a shared stem: offices of one name ("... Denver", "...
    # Tampa") when the word is a site; read only where two names share the stem.
    stems: dict[str, list[int]] = defaultdict(list)
    for at, key in enumerate(keys):
        cut = key.rfind(" ")
        if cut < 0:
            continue
        root = root_of.get(key)
        if root is not None:
            members[root].append(at)
        elif key.count(" ", 0, cut) >= MIN_BASE_WORDS - 1:
            stems[key[:cut]].append(at)
    site_words = _SITE_WORDS
    for stem, ats in stems.items():
        if len(ats) < 2:
            continue
        for at in ats:
            # Most names sharing a stem end in another word of their own ("... Dental Lab",
            # "... Dental Care"): only a name marking a site, or ending in a place or branch
            # word, is read for its site (reading every name costs seconds at 60,000).
            name = names[at]
            if not ("-" in name or "(" in name or keys[at][len(stem) + 1 :] in site_words):
                continue
            base, site = site_split(names[at])
            if site and " ".join(base) == stem:
                members[stem].append(at)
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
_SITE_WORDS = BRANCH_WORDS | PLACE_NAMES


_WORD = re.compile(r"[^\W_]+")


def _written(name: str) -> set[str]:
    """The name's words in lower case: those :func:`recon.match.name_reading.word_counts`
    counts, for plain words (a word they split or join otherwise is only not taken off)."""
    return set(_WORD.findall(name.casefold()))
