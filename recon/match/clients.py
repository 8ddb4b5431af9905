"""Pair vendor clients with PSA clients: alias, then id, then exact key, then careful fuzzy.

A false merge moves one client's money onto another, so a fuzzy pair is accepted only when
all of these hold: the score clears ``accept_score``; it beats the runner-up by
``min_margin``; the two names differ by typos only; and no other vendor client wants the same
PSA client. Anything less certain but plausible goes to review, where a person decides; it
produces no gap until then.

**The near-twin guard.** Two names that differ by a *distinguishing* word are never merged
automatically, whatever the score and whatever the evidence: "Northside Dental" is not
"Northside Dental Lab", "Smith Law" is not "Smith Law - East" or "Smith Law (Denver)",
"Store 12" is not "Store 13". A word is not distinguishing when it is a legal form, "The" or
"and", or an abbreviation or expansion of the other name's word (these are folded into the
key by :mod:`recon.normalize`, from public abbreviation lists).

Two names that each hold a word the other lacks ("Store 12" / "Store 13", "Ryan Ministries" /
"Murphy Ministries") are two clients: the vendor name is left unmatched, so its seats raise
gaps, unless shared lines make a person's look worthwhile (then review). A near twin that only
adds or drops a word ("X Dental Lab", "Smith Law - East") goes to review.

**Evidence** (:mod:`recon.match.client_evidence`) decides the cases names cannot:

- a pair whose names differ only by an *organisation word* ("Group", "Holdings", "Partners",
  "Services": words business registers disregard when comparing names) is merged when the
  two share (product, seats) lines and no other candidate does; otherwise it goes to review;
- a pair below ``accept_score`` (but at or above ``review_score``), or without its margin over
  the runner-up, is merged when it shares lines and the runner-up does not;
- of several vendor names wanting one PSA client, the one that shares lines with it wins;
- an otherwise confident fuzzy pair whose clients hold no product in common goes to review,
  and a review candidate holding no product in common is dropped (a vendor name left with
  none is unmatched);
- a name that drops one word (never a place, a number or a branch qualifier) merges only when
  the two clients' lines overwhelmingly agree (3+ shared lines covering 80 % of both);
- an exact-name pair whose clients hold no product in common, or whose PSA client has a
  sibling ("Aspen Engineering Collective" beside "Aspen Engineering Ltd") sharing far more
  lines, is looked at again instead of merged.

Fuzzy work runs on distinct normalised names only, against PSA clients no exact step has taken
(1:1), with blocking at scale (:mod:`recon.match.candidates`).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz.fuzz import token_sort_ratio

from recon.formats.memory import release_unused
from recon.match.client_evidence import SUPPORT_LINES, Footprints
from recon.match.client_index import by_identity as vendor_by_identity
from recon.match.client_index import keys_by_first_word
from recon.match.company_ids import NOTE as ID_NOTE
from recon.match.company_ids import id_pairs
from recon.match.evidence import Evidence, learn
from recon.match.fuzzy import FuzzyStep, population_words
from recon.match.held_release import release_holds
from recon.match.late_pairs import late_pairs, settle_reviews
from recon.match.name_words import ORGANISATION_WORDS
from recon.match.names import ClientName
from recon.match.people import ASK as OWNER_ASK
from recon.match.people import NOTE as OWNER_NOTE
from recon.match.people import different_people, owner_pairs
from recon.match.spelled_out import SpelledOut, writes_initials
from recon.match.trade_names import NOTE as TRADE_NOTE
from recon.match.trade_names import trade_name_pairs
from recon.match.words import unmatched_words
from recon.model import (
    Candidate,
    ClientMatch,
    Knowledge,
    MatchMethod,
    MatchSettings,
    ReviewItem,
)
from recon.normalize import client_key, client_words, legal_form

#: In a client identity, separates the key from the spelling that tells apart two clients
#: with one key (see recon.engine.groups); never shown: :func:`shown_key` is.
SPELLING_SEP = "\x1f"
#: Initials standing for a run of words: "PC" for "Pierce Chamber", up to four letters.


def company_spelling(name: str) -> str:
    """A PSA company name with only case, spacing, punctuation and "The"/"and" set aside, its
    legal form in one spelling: "Vaughn Property Management, L.P." -> ``vaughnpropertymanagement
    lp``.

    Two PSA company names with one key but different spellings are two companies (a PSA's
    company list does not hold one company twice); a name retyped with other case or
    punctuation, or its legal form written out ("Limited Liability Company" for "LLC"), is the
    same company. A legal form added or changed is not: "SC Church" and "SC Church L.L.C." are
    two records, often two companies shortened to the same initials, and summed as one client
    they would take both companies' lines to one vendor client.
    """
    core = "".join("".join(written.casefold().split()) for written, _ in client_words(name))
    form = legal_form(name)
    return f"{core} {form}" if form else core


def psa_identity(name: str) -> str:
    """The identity a PSA company with this name has when its key is shared (see
    :func:`company_spelling`)."""
    return client_key(name) + SPELLING_SEP + company_spelling(name)


def _without_legal_form(identity: str) -> str:
    """A shared-key PSA identity without the legal form its spelling ends with."""
    key, sep, spelling = identity.partition(SPELLING_SEP)
    return key + sep + spelling.partition(" ")[0]


def shown_key(identity: str) -> str:
    """The client key stored and shown for a PSA identity: the key itself, or for a company
    sharing its key, the key with the spelling in brackets ("vaughn prop mgmt
    [vaughnpropertymanagement]"), so gaps and owners stay apart and nothing unprintable is
    ever shown."""
    key, sep, spelling = identity.partition(SPELLING_SEP)
    return f"{key} [{spelling}]" if sep else identity


@dataclass(frozen=True, slots=True)
class ClientMatching:
    """The outcome of :func:`match_clients`.

    Attributes:
        matches: every pairing made.
        review: vendor clients a person must decide, most money first.
        vendor_to_psa: vendor identity -> PSA identity for every match.
        held_psa: PSA identities offered as review candidates (they raise no gap until decided).
        unmatched_vendor: vendor identities with no PSA client and not in review.
        unmatched_psa: PSA identities with no vendor client and not held.
        notes: vendor identity -> why it is unmatched (best candidate and score).
        word_count: ``count(word)``, how many of the run's client names write a word
            (:func:`recon.match.fuzzy.population_words`), for later steps that weigh names
            of the same clients; no part of the outcome (None when not counted).
        by_lines: vendor keys of review items found on the lines alone, names unpaired
            (:mod:`recon.match.leftovers`): never matched without a person's answer, unless
            the names share a link and the lines are identical (or mostly alike) and rare
            (:mod:`recon.match.identical_lines`).
        same_client: PSA identity -> the PSA identity it is compared as: one organisation
            billed as several PSA companies (:mod:`recon.match.tenant_sites`).
    """

    matches: tuple[ClientMatch, ...]
    review: tuple[ReviewItem, ...]
    vendor_to_psa: dict[str, str]
    held_psa: frozenset[str]
    unmatched_vendor: tuple[str, ...]
    unmatched_psa: tuple[str, ...]
    notes: dict[str, str] = field(default_factory=dict)
    word_count: Callable[[str], int] | None = field(default=None, compare=False, repr=False)
    by_lines: frozenset[str] = frozenset()
    same_client: Mapping[str, str] = field(default_factory=dict)


def word_differences(key_a: str, key_b: str, real_words: Collection[str] = ()) -> tuple[str, ...]:
    """Words in one key that have no counterpart, not even a mistyped one, in the other.

    Args:
        key_a: a normalised client key (the vendor's).
        key_b: another (a PSA client's).
        real_words: words PSA clients really use; such a word is never read as a typo
            (see :mod:`recon.match.words`).

    Returns:
        The distinguishing words, sorted; empty when the names differ only by typos.

    Example:
        >>> word_differences("northside dent lab", "northside dent")
        ('lab',)
    """
    tokens_a, tokens_b = key_a.split(), key_b.split()
    missing = unmatched_words(tokens_a, tokens_b, real_words)
    missing += unmatched_words(tokens_b, tokens_a, real_words)
    return tuple(sorted(set(missing)))


def match_clients(
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    *,
    knowledge: Knowledge | None = None,
    settings: MatchSettings | None = None,
    footprints: Footprints | None = None,
    word_count: Callable[[str], int] | None = None,
) -> ClientMatching:
    """Pair every vendor client with at most one PSA client, or send it to review.

    Args:
        vendor: the distinct vendor clients.
        psa: the distinct PSA clients (identities are unique name keys).
        knowledge: stored aliases and rejections (default: none).
        settings: score thresholds (default: :class:`MatchSettings`).
        footprints: each client's (product, seats) lines, to decide what names cannot
            (default: none; names alone decide).
        word_count: :func:`recon.match.fuzzy.population_words` of these clients' names,
            when grouping has counted them already (default: counted here).

    Returns:
        The matches, the review queue and what stayed unmatched on each side.
    """
    knowledge = knowledge or Knowledge()
    settings = settings or MatchSettings()
    # A key two PSA companies share names neither: the spelling has to (see recon.engine.groups).
    psa_by_key = {c.key: c for c in psa if SPELLING_SEP not in c.identity}
    psa_by_spelling = {c.identity: c for c in psa if SPELLING_SEP in c.identity}
    psa_by_id = {c.external_id: c for c in psa if c.external_id}
    aliases = {client_key(v): p for v, p in knowledge.client_aliases}

    shared_keys = {c.key for c in psa_by_spelling.values()}
    # A name with another legal form, or none, still names the one company spelled so.
    by_core: dict[str, list[ClientName]] = defaultdict(list)
    for c in psa_by_spelling.values():
        by_core[_without_legal_form(c.identity)].append(c)

    def psa_named(name: str, key: str | None = None) -> ClientName | None:
        # A client's key is client_key of its name (ClientName): given, it is not worked out
        # again, name by name, for every vendor client.
        key = client_key(name) if key is None else key
        if key in shared_keys:
            identity = psa_identity(name)
            found = psa_by_spelling.get(identity)
            alike = by_core.get(_without_legal_form(identity), [])
            return found if found is not None or len(alike) != 1 else alike[0]
        return psa_by_key.get(key)

    rejected = {(client_key(v), client_key(p)) for v, p in knowledge.client_rejections}

    matches: list[ClientMatch] = []
    vendor_to_psa: dict[str, str] = {}
    leftovers: list[ClientName] = []

    def pair(
        v: ClientName, p: ClientName, method: MatchMethod, score: float, note: str = ""
    ) -> None:
        psa_key = shown_key(p.identity)
        matches.append(ClientMatch(v.name, p.name, method, score, v.key, psa_key, note))
        vendor_to_psa[v.identity] = p.identity

    for v in vendor:
        alias_name = aliases.get(v.key)
        alias_target = psa_named(alias_name) if alias_name is not None else None
        by_id = psa_by_id.get(v.external_id) if v.external_id else None
        exact = psa_named(v.name, v.key)
        if alias_target is not None:
            pair(v, alias_target, MatchMethod.ALIAS, 100.0)
        elif by_id is not None and (v.key, by_id.key) not in rejected:
            pair(v, by_id, MatchMethod.ID, 100.0)
        elif exact is not None and (v.key, exact.key) not in rejected:
            pair(v, exact, MatchMethod.EXACT, 100.0)
        else:
            leftovers.append(v)

    if footprints is not None:
        # Both checks read the vendor clients by identity: a map over every client (60,000
        # at scale), built once for the two. The exact pairs' keys are taken again after the
        # first, which may undo some.
        by_identity = vendor_by_identity(vendor)
        exact_keys = {m.vendor_key for m in matches if m.method is MatchMethod.EXACT}
        _verify_siblings(
            matches, vendor_to_psa, leftovers, by_identity, exact_keys, psa, footprints
        )
        exact_keys = {m.vendor_key for m in matches if m.method is MatchMethod.EXACT}
        _verify_exact(
            matches,
            vendor_to_psa,
            leftovers,
            by_identity,
            exact_keys,
            vendor,
            psa,
            psa_by_key,
            footprints,
        )
    evidence = learn(knowledge) if settings.learn else Evidence()
    taken = set(vendor_to_psa.values())
    pool = [p for p in psa if p.identity not in taken]
    held_owned: set[str] = set()
    traded = trade_name_pairs(leftovers, pool, vendor, psa)
    owned = owner_pairs(leftovers, pool, footprints)
    for v, p in traded:
        pair(v, p, MatchMethod.EXACT, 100.0, TRADE_NOTE)
    coded = id_pairs(leftovers, pool, footprints)
    asked: list[ReviewItem] = []
    if traded or owned.pairs or owned.asks or coded:
        taken = set(vendor_to_psa.values())
        for found, note in ((owned.pairs, OWNER_NOTE), (coded, ID_NOTE)):
            for v, p in found:
                if v.identity not in vendor_to_psa and p.identity not in taken:
                    pair(v, p, MatchMethod.EVIDENCE, 100.0, note)
                    taken.add(p.identity)
        asked_ids: set[str] = set()
        for v, p, overlap in owned.asks:
            if v.identity in vendor_to_psa or p.identity in taken:
                continue
            # Held like a fuzzy review's candidates: no gap on either until a person decides.
            taken.add(p.identity)
            held_owned.add(p.identity)
            asked_ids.add(v.identity)
            score = round(token_sort_ratio(v.key, p.key), 1)
            offered = (Candidate(p.name, score, overlap.words()),)
            asked.append(ReviewItem(v.name, v.key, offered, OWNER_ASK, v.money))
        leftovers = [
            v for v in leftovers if v.identity not in vendor_to_psa and v.identity not in asked_ids
        ]
        pool = [p for p in pool if p.identity not in taken]
    count = word_count or population_words([c.name for c in (*vendor, *psa)])
    # The exact pairs' checks leave their frames freed in the C heap (about 100 MiB at
    # 60,000 clients), which the fuzzy step's Python readings of names never reuse.
    release_unused()
    fuzzy = FuzzyStep(leftovers, pool, rejected, settings, evidence, count, footprints)
    accepted = fuzzy.run()
    # Two spellings of one key in one vendor file may be two clients ("WB Logistics L.L.C.",
    # "WB LOGISTICS PC"): the lines of the key may agree with a PSA client through one
    # spelling only. As for exact names, a spelling holding no product in common with it
    # stays apart.
    apart = (
        footprints.disjoint(
            {v.identity: p.identity for v, p, *_ in accepted if SPELLING_SEP in v.identity},
            at_least=1,
        )
        if footprints is not None
        else set()
    )
    for v, p, score, note, method in accepted:
        # "Dr. M. Everett, DVM" and "Dr. D. Everett, MD": two people.
        if different_people(v.name, p.name) or v.identity in apart:
            continue
        # Identical once learned words are unified: the evidence, not the spelling, matched.
        learned = evidence.rewrite(v.key) == evidence.rewrite(p.key) and v.key != p.key
        pair(v, p, MatchMethod.LEARNED if learned else method, score, note)
    # The name-shape rules once more, without the look-alikes the fuzzy step has just paired.
    busy = {*taken, *vendor_to_psa.values()}
    late = late_pairs(
        [v for v in leftovers if v.identity not in vendor_to_psa],
        [p for p in pool if p.identity not in busy],
        vendor,
        psa,
        footprints,
        count,
    )
    # A late pair whose lines agree settles the review items in its way (held_release).
    fuzzy.review, fuzzy.held = release_holds(
        late.pairs, fuzzy.review, fuzzy.held, vendor, psa, footprints
    )
    settled = settle_reviews(late, fuzzy.review, fuzzy.held)
    for v, p, note in late.pairs:
        pair(v, p, MatchMethod.EVIDENCE, 100.0, note)
    asked += late.asks
    held_owned |= set(late.held.values())

    review = [*(i for i in fuzzy.review if i.vendor_key not in settled), *asked]
    in_review = {item.vendor_key for item in review}
    unmatched_vendor = tuple(
        v.identity for v in vendor if v.identity not in vendor_to_psa and v.key not in in_review
    )
    matched_psa = set(vendor_to_psa.values())
    unmatched_psa = tuple(
        p.identity
        for p in psa
        if p.identity not in matched_psa
        and p.identity not in fuzzy.held
        and p.identity not in held_owned
    )
    return ClientMatching(
        matches=tuple(matches),
        review=tuple(sorted(review, key=lambda r: (-r.money_at_stake, r.vendor_client))),
        vendor_to_psa=vendor_to_psa,
        held_psa=frozenset((fuzzy.held | held_owned) - matched_psa),
        unmatched_vendor=unmatched_vendor,
        unmatched_psa=unmatched_psa,
        notes=fuzzy.notes,
        word_count=count,
    )


def _base(key: str) -> str:
    """A key without its organisation words: "aspen eng collective" -> "aspen eng"."""
    words = key.split()
    if ORGANISATION_WORDS.isdisjoint(words):  # most keys: one pass in C, no filtering
        return " ".join(words) or key
    return " ".join(w for w in words if w not in ORGANISATION_WORDS) or key


def _verify_exact(
    matches: list[ClientMatch],
    vendor_to_psa: dict[str, str],
    leftovers: list[ClientName],
    by_identity: Mapping[str, ClientName],
    exact_keys: Collection[str],
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    psa_by_key: Mapping[str, ClientName],
    footprints: Footprints,
) -> None:
    """Send an exact-name pair whose two clients hold no product in common to the fuzzy step,
    when another client could be the one meant.

    A vendor name that dropped a distinguishing word can equal another client's name
    ("Quincy Dev" for "Quincy Development Supply" when the PSA also bills a "Quincy
    Development"). The names agree, the products don't, and a longer name is there: the fuzzy
    step then weighs both. Initials are such a shortening too: "PC of Commerce Co." equals
    another client's "PC of Commerce PLLC" while "The Pierce Chamber of Commerce" is billed as
    well, so a name whose initials a rival spells out is weighed again. Without such a rival,
    one client holding no product in common on both sides is what a real missing-in-PSA and
    missing-at-vendor client looks like, and the pair stands.
    """
    pairs = {
        v_id: p_id
        for v_id, p_id in vendor_to_psa.items()
        if v_id in by_identity and by_identity[v_id].key in exact_keys
    }
    undone = footprints.disjoint(pairs)
    # Two spellings with one key in one vendor file may be two clients: there a single line
    # of a different product is enough to look again.
    undone |= footprints.disjoint({v: p for v, p in pairs.items() if SPELLING_SEP in v}, at_least=1)
    # Which PSA keys spell out a name's initials is asked of thousands of names: an index of
    # the PSA's keys alone answers it (a vendor key is never the rival sought). Whether any
    # key does is asked of the few pairs undone: the vendor's keys are indexed only then.
    spelled = SpelledOut([c.key for c in psa])
    better = _spelled_out_fits_better(pairs, by_identity, psa_by_key, footprints, spelled)
    if not undone and not better:
        return
    asked = undone | better
    longer = _Extensions((vendor, psa), (by_identity[v].key for v in asked))
    spelled_vendor = SpelledOut([c.key for c in vendor])
    dropped: list[tuple[str, str]] = []
    for v_id in asked:
        key = by_identity[v_id].key
        rival = longer.exists(key) or spelled.exists(key) or spelled_vendor.exists(key)
        if SPELLING_SEP not in v_id and v_id not in better and not rival:
            continue
        p_id = vendor_to_psa.pop(v_id)
        leftovers.append(by_identity[v_id])
        dropped.append((by_identity[v_id].name, p_id))
    _drop_matches(matches, dropped)


class _Extensions:
    """Which keys some other client's key extends by whole words ("quincy dev" by
    "quincy dev supply"): one sorted list, one binary search per question.

    Only keys whose first word is the first word of a key to be ``asked`` about are sorted
    (a key extending another begins with its first word): a few hundred of the 120,000
    keys of a 60,000-client run, where sorting them all took a tenth of a second.
    """

    def __init__(self, sides: Iterable[Sequence[ClientName]], asked: Iterable[str]) -> None:
        firsts = {key.partition(" ")[0] for key in asked}
        # Each side's keys by first word, indexed once a run (recon.match.client_index).
        indexes = [keys_by_first_word(clients) for clients in sides]
        self._keys = sorted({k for by in indexes for f in firsts for k in by.get(f, ())})

    def exists(self, key: str) -> bool:
        prefix = key + " "
        at = bisect.bisect_left(self._keys, prefix)
        return at < len(self._keys) and self._keys[at].startswith(prefix)


def _spelled_out_fits_better(
    pairs: dict[str, str],
    by_identity: Mapping[str, ClientName],
    psa_by_key: Mapping[str, ClientName],
    footprints: Footprints,
    spelled: SpelledOut,
) -> set[str]:
    """Exact pairs whose vendor name writes initials ("PC") that another PSA client spells
    out ("Pierce Chamber"), when that client shares the vendor client's (product, seats) lines
    and the exact one shares fewer than half as many: two clients may share a key once their
    initials are all that is left, and then the lines tell which is meant. ``spelled``
    indexes the PSA's keys (so whatever it finds is a PSA key)."""
    written = {v_id: by_identity[v_id] for v_id in pairs if writes_initials(by_identity[v_id].name)}
    if not written:
        return set()
    # Every key ``spelled`` holds is a PSA key (it indexes the PSA's keys alone).
    rivals = {v_id: spelled.spelling_out(v.key) for v_id, v in written.items()}
    rivals = {v_id: found for v_id, found in rivals.items() if found}
    if not rivals:
        return set()
    ids = {psa_by_key[k].identity for found in rivals.values() for k in found if k in psa_by_key}
    footprints.admit(rivals, ids | {pairs[v_id] for v_id in rivals})
    # Every (vendor client, exact or rival client) pair's lines in one pass.
    asked = list(
        dict.fromkeys(
            (v_id, p_id)
            for v_id, found in rivals.items()
            for p_id in (pairs[v_id], *(psa_by_key[k].identity for k in found if k in psa_by_key))
        )
    )
    shares = dict(zip(asked, footprints.overlaps([([v], p) for v, p in asked]), strict=True))
    undone = set()
    for v_id, found in rivals.items():
        exact = shares[(v_id, pairs[v_id])]
        for key in found:
            rival = psa_by_key.get(key)
            if rival is None:
                continue
            other = shares[(v_id, rival.identity)]
            mine, theirs = exact.shared + exact.near, other.shared + other.near
            if other.agrees and 2 * mine <= theirs and 2 * exact.bits <= other.bits:
                undone.add(v_id)
                break
    return undone


def _drop_matches(matches: list[ClientMatch], dropped: Collection[tuple[str, str]]) -> None:
    """Remove exact pairings, each given as (vendor name, PSA identity) (vendor spellings
    tell tenants apart): all in one pass over the matches, not one pass per pairing (tens of
    thousands of matches at scale)."""
    if not dropped:
        return
    gone = {(name, shown_key(psa_identity)) for name, psa_identity in dropped}
    matches[:] = [
        m
        for m in matches
        if not (m.method is MatchMethod.EXACT and (m.vendor_client, m.psa_key) in gone)
    ]


def _verify_siblings(
    matches: list[ClientMatch],
    vendor_to_psa: dict[str, str],
    leftovers: list[ClientName],
    vendor_by_identity: Mapping[str, ClientName],
    exact_keys: Collection[str],
    psa: Sequence[ClientName],
    footprints: Footprints,
) -> None:
    """Undo an exact-name pair when a sibling of its PSA client shares far more lines with it.

    "Aspen Eng" is exactly "Aspen Engineering Ltd" by name, but when the PSA also bills an
    "Aspen Engineering Collective", the name alone cannot say which: if the sibling shares the
    vendor client's (product, seats) lines and the exact one shares less than half as many,
    the vendor client is paired with the sibling instead (method ``evidence``).
    """
    by_base: dict[str, list[ClientName]] = defaultdict(list)
    organisation = ORGANISATION_WORDS
    for p in psa:
        # _base inline: this runs over every PSA client, most of whose keys hold no
        # organisation word (one set test in C, no filtering).
        words = p.key.split()
        if organisation.isdisjoint(words):
            base = " ".join(words)
        else:
            base = " ".join([w for w in words if w not in organisation])
        by_base[base or p.key].append(p)
    families = {p.identity: p for group in by_base.values() if len(group) > 1 for p in group}
    exact = {
        v_id: p_id
        for v_id, p_id in vendor_to_psa.items()
        if p_id in families
        and vendor_by_identity[v_id].key in exact_keys
        and vendor_by_identity[v_id].key == families[p_id].key
    }
    if not exact:
        return
    psa_by_identity = families  # every PSA client asked about below is in a family
    footprints.admit(exact, families)
    # Every (vendor client, sibling) pair's lines in one pass: thousands at scale.
    asked = [
        (v_id, sibling.identity)
        for v_id, p_id in exact.items()
        for sibling in by_base[_base(psa_by_identity[p_id].key)]
    ]
    shares = dict(zip(asked, footprints.overlaps([([v], p) for v, p in asked]), strict=True))

    def sibling_for(v_id: str, p_id: str) -> ClientName | None:
        own = shares[(v_id, p_id)]
        for sibling in by_base[_base(psa_by_identity[p_id].key)]:
            other = shares[(v_id, sibling.identity)]
            if (
                sibling.identity != p_id
                and own.psa_lines > 0  # the exact one holds lines to compare, and shares few
                and other.shared >= SUPPORT_LINES
                and other.supports
                and 2 * own.shared < other.shared
            ):
                return sibling
        return None

    taken = set(vendor_to_psa.values())
    # The exact pairings undone are removed together at the end: the matches added here are
    # by evidence, never exact, so no removal could reach them.
    dropped: list[tuple[str, str]] = []
    for v_id, p_id in exact.items():
        sibling = sibling_for(v_id, p_id)
        if sibling is None:
            continue
        v = vendor_by_identity[v_id]
        dropped.append((v.name, p_id))
        if sibling.identity in taken:
            del vendor_to_psa[v_id]
            leftovers.append(v)  # the sibling has its own vendor client: let the fuzzy step see
            continue
        overlap = shares[(v_id, sibling.identity)]
        vendor_to_psa[v_id] = sibling.identity
        taken.add(sibling.identity)
        matches.append(
            ClientMatch(
                v.name,
                sibling.name,
                MatchMethod.EVIDENCE,
                100.0,
                v.key,
                shown_key(sibling.identity),
                f"same name but for organisation words; {overlap.words()}, the exact "
                f"name {psa_by_identity[p_id].name!r} none",
            )
        )
    _drop_matches(matches, dropped)
