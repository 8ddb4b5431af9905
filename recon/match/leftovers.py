"""One client under two names no name rule pairs: one review question, not two lists of gaps.

When the vendor writes "North Meadows Technologies" and the PSA "The No Meaadows", or "DC
Partners P.A." and "Dorsey Capital PA", no name rule may pair them, and the run ends with an
unmatched vendor client (each of its lines a ``missing_in_psa`` gap) and an unmatched PSA
client (each a ``missing_in_vendor`` gap): one misnaming, two false statements. What the two
clients hold can say they are one: the same products with the same seats.

This pass looks only at the *leftovers*, the clients unmatched on both sides after every name
rule (and the PSA clients held only by review items whose lines are not theirs, released to
the pair asked: :mod:`recon.match.held_leftovers`), and asks a person about a pair when all
of these hold (:func:`ask_leftovers`):

- **their lines agree**: no product contradicts, the products both hold are at least half of
  the larger client's, the agreeing lines cover at least half of the smaller client's and the
  lines with the same seats at least a third, and the agreeing lines weigh at least
  :data:`MIN_BITS` bits (a line held by k of the vendor file's n clients weighs log2(n / k),
  :meth:`recon.match.client_evidence.Footprints.overlap`): "Business Basic x 6" at many
  clients says little, an EDR with 37 seats at one says much;
- **the names share a real link** (a word few clients write, initials of the other's words,
  a typo, a short form: :func:`name_link`), or, without one, the lines *overwhelm* (three or
  more shared lines covering 80 % of both clients) and weigh at least :data:`STRONG_BITS`;
- **the pairing is unique**: no other leftover on either side fits as well (passes its own
  bar, or agrees on as many lines). So a single line, held by two leftovers, asks nothing;
- **the review queue has room**: with the pair asked, at most :data:`REVIEW_BUDGET` (3 %) of
  the vendor file's clients are in review; past it, the pairs whose lines weigh least stay
  unmatched. Only items that stay in review are charged: a held customer the site step
  later turns into a family question is not.

Such a pair is not merged here (a wrong merge moves one client's money onto another): it
becomes a client review item whose candidate says what the lines share ("same 3 products with
the same seats"), its PSA client is held, and :mod:`recon.engine.pending_review` shows the
pair's gaps pending the question, or matches it outright when the names share a link and the
lines are identical and rare (:mod:`recon.match.identical_lines`); a pair whose names share
nothing (:data:`NO_LINK`) always waits for a person. Answered yes (``recon alias client`` or
the Slack button), the alias pairs the two on every later run; answered no, the pair is never
asked again.

Candidates come from shared (product, seats) lines, never leftovers squared: each vendor
leftover meets only the PSA leftovers holding one of its lines, and a line more than
:data:`COMMON_LINE` leftovers hold is not used to find candidates (it would weigh little).
At 60,000 clients some two thousand PSA clients are leftovers and every line of a large
client may be that common, yet few leftovers hold most of its lines at once: a vendor
leftover of :data:`TOGETHER_LINES` or more lines also meets the PSA leftovers holding that
many of its common lines and half of them. The bars above decide as for any candidate; the
count only says whom to weigh, so it bounds the work, not the answer.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from recon.match.client_evidence import Footprints, Overlap
from recon.match.client_index import by_identity, key_counts, name_counts
from recon.match.clients import SPELLING_SEP, ClientMatching
from recon.match.fuzzy import population_words
from recon.match.held_leftovers import held_by_own, loosely_held, release
from recon.match.initials import initials_of
from recon.match.leftover_products import same_products_read_as_one
from recon.match.name_words import BRANCH_WORDS, ORGANISATION_WORDS
from recon.match.names import ClientName, diff_names
from recon.match.overlap import SUMMED_NOTE, summed_overlap
from recon.match.registered_sums import registered_apart
from recon.match.site_links import site_link
from recon.match.stacked_names import licensee_of, licensees, read_as_one, site_apart
from recon.model import Candidate, ReviewItem
from recon.normalize import client_key, client_words, is_legal_form

#: Bits the agreeing lines of a pair with a name link must weigh: one line held by at most
#: 1 in 32 of the vendor file's clients, or several commoner ones.
MIN_BITS = 5.0
#: Bits the lines of a pair whose names share nothing must weigh (besides overwhelming).
STRONG_BITS = 15.0
#: A word is rare when at most this many names write it, both files together (one client
#: in both files writes it twice): about two clients.
RARE_WORD_NAMES = 4
#: A line more PSA leftovers hold than this is not used to find candidates.
COMMON_LINE = 8
#: A vendor leftover of at least this many lines, all common, meets the PSA leftovers that
#: hold this many of them (and half) at once: together they are rare even at 60,000 clients.
TOGETHER_LINES = 3
#: A line more PSA leftovers hold than this is not counted even towards lines held together
#: (it bounds the work: a few hundred leftovers per line at most).
BUSY_LINE = 250
#: Share of the vendor file's clients the review queue may hold once this pass has asked: a
#: first run that sends more to review is not one a billing lead can act on (issue 11).
REVIEW_BUDGET = 0.03
#: Leftovers tied on the lines past this many are not told apart by their names: the lines
#: they share are a bundle many clients buy, and a name link among so many may be chance.
MAX_TIED = 3
#: A leftover pair's note when only the lines link it: never settled without a person.
NO_LINK = "the names share no word"

Line = tuple[str, int]
_NOT_ALNUM = re.compile(r"[^0-9a-z]")


@dataclass(frozen=True, slots=True)
class _Fit:
    """A vendor leftover and a PSA leftover sharing at least one line."""

    vendor: ClientName
    psa: ClientName
    overlap: Overlap
    link: str = ""
    fits: bool = False

    @property
    def agreeing(self) -> int:
        return self.overlap.shared + self.overlap.near


def lines_agree(overlap: Overlap) -> bool:
    """True when two clients' lines agree enough to ask whether they are one client, if their
    names share a link: nothing contradicts, the products both hold are most of each side's,
    the agreeing lines (the same seats, or within a seat or a tenth) cover half of the smaller
    client's lines and the same seats a third of them, and the agreeing lines weigh
    :data:`MIN_BITS`.

    Args:
        overlap: what the two clients hold in common.
    """
    agreeing = overlap.shared + overlap.near
    smaller = min(overlap.vendor_lines, overlap.psa_lines)
    larger = max(overlap.vendor_lines, overlap.psa_lines)
    return (
        not overlap.contradicts
        and overlap.shared >= 1
        and 2 * overlap.shared_products >= larger
        and 2 * agreeing >= smaller
        # Seats within a seat or a tenth are common between two large clients: the same
        # seats must carry a third of the smaller client's lines.
        and 3 * overlap.shared >= smaller
        and overlap.bits >= MIN_BITS
    )


def lines_decide(overlap: Overlap) -> bool:
    """True when the lines alone are enough to ask, whatever the names: they agree
    (:func:`lines_agree`), overwhelm (three or more shared lines covering 80 % of both) and
    weigh :data:`STRONG_BITS`.

    Args:
        overlap: what the two clients hold in common.
    """
    return lines_agree(overlap) and overlap.overwhelms and overlap.bits >= STRONG_BITS


def rare_words(vendor_name: str, psa_name: str, count: Callable[[str], int]) -> list[str]:
    """The words both names write that few names write (:data:`RARE_WORD_NAMES`) and that name
    the company: not a legal form, an organisation word, a place or branch word, or a number.

    Args:
        vendor_name: the vendor's name as written.
        psa_name: the PSA's name as written.
        count: how many client names write a word (lower case, as written).
    """
    written_v = {token: written.casefold() for written, token in client_words(vendor_name)}
    written_p = {token: written.casefold() for written, token in client_words(psa_name)}
    return sorted(
        token
        for token in written_v.keys() & written_p.keys()
        if len(token) >= 2
        and not token.isdigit()
        and token not in ORGANISATION_WORDS
        and token not in BRANCH_WORDS
        and not is_legal_form(token)
        and max(count(written_v[token]), count(written_p[token])) <= RARE_WORD_NAMES
    )


def name_link(vendor: ClientName, psa: ClientName, count: Callable[[str], int]) -> str:
    """What links two names no rule paired, in words, or "" when they share nothing: rare
    words both write (:func:`rare_words`), or initials, a typo, a short form or words run
    together read by :func:`recon.match.names.diff_names`.

    Args:
        vendor: the vendor client.
        psa: the PSA client.
        count: how many client names write a word (:func:`recon.match.fuzzy.population_words`).
    """
    words = rare_words(vendor.name, psa.name, count)
    if words:
        return "both names write " + ", ".join(repr(w) for w in words)
    readings = diff_names(vendor.name, psa.name, count=count).readings
    return "reads " + "; ".join(readings) if readings else site_link(vendor.name, psa.name)


def why(overlap: Overlap) -> str:
    """What two clients' lines share, in words: "same 3 products with the same seats"."""
    products = overlap.shared_products
    plural = "s" if products != 1 else ""
    if overlap.shared == overlap.vendor_lines == overlap.psa_lines:
        return f"same {products} product{plural} with the same seats"
    if products == overlap.vendor_lines == overlap.psa_lines:
        near = f", {overlap.near} within a seat or a tenth" if overlap.near else ""
        return f"same {products} product{plural}, {overlap.shared} with the same seats{near}"
    return overlap.words()


def ask_leftovers(
    matching: ClientMatching,
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    footprints: Footprints,
    *,
    rejected: Iterable[tuple[str, str]] = (),
    count: Callable[[str], int] | None = None,
    leaving: int = 0,
) -> ClientMatching:
    """Ask about pairs of leftover clients whose lines say they may be one client.

    Args:
        matching: the client matching, after every name rule.
        vendor: the vendor side's distinct clients.
        psa: the PSA side's distinct clients.
        footprints: each client's (product, seats) lines.
        rejected: (vendor name, PSA name) pairs people said are two clients (default: none).
        count: how many client names write a word (:func:`recon.match.fuzzy.population_words`
            over both sides' names; default: counted here when a pair's names are compared).
        leaving: how many of ``matching``'s review items a later step takes out of review
            (:func:`recon.engine.review_budget.leaving_review`): the budget is charged only
            for the items that stay (default: none leave).

    Returns:
        The matching with each such pair a review item (its PSA client held), out of the
        unmatched lists, and its vendor key in :attr:`ClientMatching.by_lines`.
    """
    vendor_by_id, psa_by_id = by_identity(vendor), by_identity(psa)
    # A review item names its vendor client by key and its candidate by name: both must name
    # one client.
    vendor_keys, psa_names = key_counts(vendor), name_counts(psa)
    lone_v = [
        v for v in (vendor_by_id[i] for i in matching.unmatched_vendor) if vendor_keys[v.key] == 1
    ]
    lone_p = [
        p
        for p in (psa_by_id[i] for i in matching.unmatched_psa if SPELLING_SEP not in i)
        if psa_names[p.name] == 1
    ]
    if not lone_v:
        return matching
    # A PSA client held only by review items whose lines are not its own is weighed too.
    loose = [p for p in loosely_held(matching, vendor, psa, footprints) if psa_names[p.name] == 1]
    lone_p += loose
    if not lone_p:
        return matching
    footprints.prepare((v.identity for v in lone_v), (p.identity for p in lone_p))
    holders: dict[Line, list[ClientName]] = defaultdict(list)
    # The same holders as codes (one per identity), for the common lines' counts below.
    code_of: dict[str, int] = {}
    by_code: list[ClientName] = []
    holder_codes: dict[Line, list[int]] = defaultdict(list)
    for p in lone_p:
        code = code_of.get(p.identity)
        if code is None:
            code = code_of[p.identity] = len(by_code)
            by_code.append(p)
        by_code[code] = p  # the last of an identity, as a map by identity keeps it
        for line in footprints.psa_lines(p.identity):
            holders[line].append(p)
            holder_codes[line].append(code)
    coded = {line: np.asarray(codes, dtype=np.int64) for line, codes in holder_codes.items()}
    no = {(client_key(a), client_key(b)) for a, b in rejected}
    links = _Links(vendor, psa, count)

    meetings: list[tuple[ClientName, ClientName]] = []
    for v in lone_v:
        met: set[str] = set()
        lines = footprints.vendor_lines(v.identity)
        together: list[npt.NDArray[np.int64]] = []
        for line in lines:
            found = holders.get(line, ())
            if len(found) > COMMON_LINE:
                if len(lines) >= TOGETHER_LINES and len(found) <= BUSY_LINE:
                    together.append(coded[line])
                continue
            for p in found:
                if p.identity in met or (v.key, p.key) in no:
                    continue
                met.add(p.identity)
                meetings.append((v, p))
        # At scale every line of a client may be common ("Business Basic x 6"), yet few
        # leftovers hold most of its lines at once: those are candidates too.
        need = max(TOGETHER_LINES, (len(lines) + 1) // 2)
        for code in _held_together(together, need):
            p = by_code[code]
            if p.identity not in met and (v.key, p.key) not in no:
                met.add(p.identity)
                meetings.append((v, p))
    # Every pair's lines counted in one pass on codes: tens of thousands of pairs at scale.
    shares = footprints.overlaps([([v.identity], p.identity) for v, p in meetings])
    by_vendor: dict[str, list[_Fit]] = defaultdict(list)
    by_psa: dict[str, list[_Fit]] = defaultdict(list)
    for (v, p), overlap in zip(meetings, shares, strict=True):
        fit = _Fit(v, p, overlap)
        by_vendor[v.identity].append(fit)
        by_psa[p.identity].append(fit)

    asked = [
        best
        for fits in by_vendor.values()
        if (best := _unique_best(fits, by_psa, links)) is not None
    ]
    taken_v = {f.vendor.identity for f in asked}
    taken_p = {f.psa.identity for f in asked}
    asked += _read_as_one(
        [v for v in lone_v if v.identity not in taken_v],
        [p for p in lone_p if p.identity not in taken_p],
        footprints,
        no,
    )
    taken_v |= {f.vendor.identity for f in asked}
    taken_p |= {f.psa.identity for f in asked}
    # Names read as initials, the same products bought and billed at other seats (the gap):
    # recon.match.leftover_products.
    asked += [
        _Fit(v, p, overlap, link=_reading(v.name, p.name))
        for v, p, overlap in same_products_read_as_one(
            [v for v in lone_v if v.identity not in taken_v],
            [p for p in lone_p if p.identity not in taken_p],
            footprints,
            no,
            initials_of,
            _first_letters,
        )
    ]
    # Within the review budget, the pairs whose lines say most are asked; the others stay
    # unmatched, their gaps raised as before.
    room = math.floor(REVIEW_BUDGET * len(vendor)) - (len(matching.review) - leaving)
    asked.sort(key=lambda f: (-f.overlap.bits, -f.vendor.money, f.vendor.name))
    # A loosely held client stays with a holder the leftover is a site or tenant of.
    asked = [f for f in asked if not held_by_own(f.vendor.key, f.psa.name, matching.review)]
    # A registered place's pair agreeing on one subscription only (registered_sums).
    asked = [f for f in asked if not _registered_apart(f, footprints)]
    if room <= 0 or not asked:
        return matching
    loose_names = {p.name for p in loose}
    freed = loose_names & {f.psa.name for f in asked[:room]}
    # The loosely held clients asked about leave the items that held them; an item left with
    # no candidate leaves the queue, and its place in the budget is the next pair's.
    released = release(matching, freed, vendor)
    room += len(matching.review) - len(released.review)
    if (more := loose_names & {f.psa.name for f in asked[:room]}) != freed:
        released = release(matching, more, vendor)
    return _with_review(released, asked[:room])


def _registered_apart(fit: _Fit, footprints: Footprints) -> bool:
    v, p = fit.vendor, fit.psa
    return registered_apart(v.name, p.name, lambda: footprints.summed([v.identity], p.identity))


def _held_together(holders: list[npt.NDArray[np.int64]], need: int) -> list[int]:
    """The codes held ``need`` times or more over these lines' holders, in the order they are
    first met (as a Counter over the lines in turn keeps them): one count on arrays per
    leftover, where counting holder by holder was millions of Python steps at scale."""
    if not holders:
        return []
    every = np.concatenate(holders)
    codes, first, counts = np.unique(every, return_index=True, return_counts=True)
    kept = counts >= need
    order = np.argsort(first[kept], kind="stable")
    found: list[int] = codes[kept][order].tolist()
    return found


class _Links:
    """:func:`name_link` over the run's clients, its word counts built on the first pair whose
    lines agree (most runs have none: then no name is counted)."""

    def __init__(
        self,
        vendor: Sequence[ClientName],
        psa: Sequence[ClientName],
        count: Callable[[str], int] | None,
    ) -> None:
        self._vendor, self._psa, self._count = vendor, psa, count

    def __call__(self, v: ClientName, p: ClientName) -> str:
        if self._count is None:
            self._count = population_words([c.name for c in (*self._vendor, *self._psa)])
        return name_link(v, p, self._count)


def _weigh(fit: _Fit, links: _Links) -> _Fit:
    """The pair with its link and whether it passes the bar for that link."""
    if not lines_agree(fit.overlap):
        return fit
    link = links(fit.vendor, fit.psa)
    return dataclasses.replace(fit, link=link, fits=bool(link) or lines_decide(fit.overlap))


def _unique_best(fits: list[_Fit], by_psa: dict[str, list[_Fit]], links: _Links) -> _Fit | None:
    """The vendor leftover's best fit, when no other leftover on either side fits as well:
    another that agrees on more lines, or passes its own bar, leaves the question open.

    Two leftovers whose lines agree alike (the same small bundle of products and seats, as
    many small offices buy) are told apart by the names: a fit whose names share a link
    (initials, a typo, a rare word) is asked over rivals that fit on the lines alone: "DC
    Partners P.A." is asked about "Dorsey Capital PA", not left open by a "Jensen Brothers
    Supply Properties" holding the same three lines. A rival whose names share a link too,
    one that agrees on more lines, or :data:`MAX_TIED` rivals whose lines agree as well,
    still leave it open. A leftover holding the one rare line among many products of its
    own ties on the count of agreeing lines, but its lines do not agree: it is no rival of a
    pair the names link ("ARPT PC" / "Anchor Rock Physical Therapy").

    Names are compared (the costly part) only for the few pairs that may be asked and their
    rivals whose lines agree as well.
    """
    most = max(f.agreeing for f in fits)
    tops = [f for f in fits if f.agreeing == most]
    top = tops[0]
    if len(tops) > 1:
        # Several PSA leftovers agree on as many of this vendor leftover's lines: only a
        # name link singles one out, among those whose lines agree.
        agree = [f for f in tops if lines_agree(f.overlap)]
        if len(agree) > MAX_TIED:
            return None
        named = [w for w in (_weigh(f, links) for f in agree) if w.fits and w.link]
        if len(named) != 1 or not _singles_out(named[0]):
            return None
        top = named[0]
    if not lines_agree(top.overlap):
        return None
    rivals = [
        f
        for f in (*fits, *by_psa[top.psa.identity])
        if (f.vendor.identity, f.psa.identity) != (top.vendor.identity, top.psa.identity)
    ]
    if any(rival.agreeing > top.agreeing for rival in rivals):
        return None
    tied = [rival for rival in rivals if rival.agreeing == top.agreeing]
    if sum(lines_agree(rival.overlap) for rival in tied) >= MAX_TIED:
        return None
    best = top if top.link else _weigh(top, links)
    linked = _singles_out(best)
    if not best.fits or (tied and not linked):
        return None
    for rival in rivals:
        weighed = _weigh(rival, links)
        # A rival on the lines alone yields to a pair the names link; one they link too not.
        if weighed.fits and (weighed.link or not linked):
            return None
    return best


def _singles_out(fit: _Fit) -> bool:
    """Whether the names' link may tell the pair from rivals the lines fit as well: there is
    one, and the names begin with the same letter (a short form, initials, a typo keep a
    name's first letter: "DC Partners" / "Dorsey Capital"; "Hawk Pt Pediatric Dentistry"
    read as "Pierce Tire" through its "Pt" does not)."""
    return bool(fit.link) and bool(_first_letters(fit.vendor.name) & _first_letters(fit.psa.name))


def _read_as_one(
    lone_v: Sequence[ClientName],
    lone_p: Sequence[ClientName],
    footprints: Footprints,
    no: set[tuple[str, str]],
) -> list[_Fit]:
    """Pairs of leftovers whose names read as one with differences stacked
    (:func:`recon.match.stacked_names.read_as_one`), or with the leading words written as
    initials (:func:`recon.match.initials.initials_of`), and whose lines agree, however common the
    lines: the name finds the one candidate, the lines confirm it. A pair is asked only when
    neither client has another such candidate on the other side.

    Candidates share a (product, seats) line (an agreeing pair must) and the first letter.
    """
    # Each line's holders by the first letter of their names: a vendor leftover meets only
    # the PSA leftovers whose names begin as its own does.
    # (A licensee's name begins with a title or a given name: it meets by its surname's.)
    holders: dict[tuple[Line, str], list[ClientName]] = defaultdict(list)
    for p in lone_p:
        for first in _first_letters(p.name):
            for line in footprints.psa_lines(p.identity):
                holders[line, first].append(p)
    meetings: list[tuple[ClientName, ClientName]] = []
    for v in lone_v:
        met: set[str] = set()
        for first in _first_letters(v.name):
            for line in footprints.vendor_lines(v.identity):
                for p in holders.get((line, first), ()):
                    if p.identity in met or (v.key, p.key) in no:
                        continue
                    met.add(p.identity)
                    if (
                        read_as_one(v.name, p.name)
                        or licensee_of(v.name, p.name)
                        or initials_of(v.name, p.name)
                    ):
                        meetings.append((v, p))
    shares = footprints.overlaps([([v.identity], p.identity) for v, p in meetings])
    fits = []
    for (v, p), by_line in zip(meetings, shares, strict=True):
        overlap, summed = by_line, ""
        if not _lines_confirm(overlap):
            # A product bought as several subscriptions, billed as one line: compared summed,
            # over the rows (two subscriptions of 19 seats are 38, where the lines hold one 19).
            overlap = footprints.summed([v.identity], p.identity) or summed_overlap(
                footprints.vendor_lines(v.identity), footprints.psa_lines(p.identity)
            )
            summed = f"; {SUMMED_NOTE}"
        if _lines_confirm(overlap):
            fits.append(_Fit(v, p, overlap, link=_reading(v.name, p.name) + summed))
    fits = _head_office(fits)
    per_v = Counter(f.vendor.identity for f in fits)
    per_p = Counter(f.psa.identity for f in fits)
    return [f for f in fits if per_v[f.vendor.identity] == 1 and per_p[f.psa.identity] == 1]


def _head_office(fits: list[_Fit]) -> list[_Fit]:
    """The fits without those of a site where its head office reads as one too.

    A client bought or billed as two, "Hmamond Flooring" and "Hmamond Flooring (Dayton)"
    (a tenant per office), reads as one with the other side's "Hammond Flooring" twice:
    two candidates would leave the question unasked. When the rivals are one name with and
    without a site label, the one without is asked: the office the other side names.
    """
    for side in ("psa", "vendor"):
        other = "vendor" if side == "psa" else "psa"
        groups: dict[str, list[_Fit]] = defaultdict(list)
        for fit in fits:
            groups[getattr(fit, side).identity].append(fit)
        drop: set[int] = set()
        for group in groups.values():
            if len(group) < 2:
                continue
            apart = [site_apart(getattr(f, other).name) for f in group]
            heads = [f for f, (_, site) in zip(group, apart, strict=True) if not site]
            if len(heads) == 1 and len({client_key(base) for base, _ in apart}) == 1:
                drop.update(id(f) for f in group if f is not heads[0])
        fits = [f for f in fits if id(f) not in drop]
    return fits


def _reading(vendor: str, psa: str) -> str:
    """How two leftover names read as one client, in words."""
    if read_as_one(vendor, psa):
        return "the names read as one, letters dropped or run together"
    if initials_of(vendor, psa):
        return "one name writes the other's leading words as initials"
    return "one name is a licensee, the other a practice of that surname and profession"


def _first_letters(name: str) -> set[str]:
    """The first letter of a name, after a leading "The", and of each surname it may be
    written as a licensee under."""
    letters = _NOT_ALNUM.sub("", name[:12].casefold())
    if letters.startswith("the") and len(letters) > 3:
        letters = letters[3:]
    return {letters[:1], *(who.surname[:1] for who in licensees(name))}


def _lines_confirm(overlap: Overlap) -> bool:
    """:func:`lines_agree` without the weight of the lines: the names already single the pair
    out, so a line many clients hold ("Business Premium x 5") still confirms it."""
    return lines_agree(dataclasses.replace(overlap, bits=MIN_BITS))


def _with_review(matching: ClientMatching, asked: Sequence[_Fit]) -> ClientMatching:
    """The matching with each asked pair a review item and its PSA client held."""
    items = []
    for fit in asked:
        v, p = fit.vendor, fit.psa
        evidence = why(fit.overlap)
        link = fit.link or NO_LINK
        note = f"{evidence}; {link}"
        reason = f"no name rule pairs these names, but the lines do: {note}"
        score = round(float(fuzz.token_sort_ratio(v.key, p.key)), 1)
        items.append(ReviewItem(v.name, v.key, (Candidate(p.name, score, note),), reason, v.money))
    vendor_ids = {f.vendor.identity for f in asked}
    psa_ids = {f.psa.identity for f in asked}
    review = sorted((*matching.review, *items), key=lambda r: (-r.money_at_stake, r.vendor_client))
    return dataclasses.replace(
        matching,
        review=tuple(review),
        held_psa=matching.held_psa | psa_ids,
        unmatched_vendor=tuple(i for i in matching.unmatched_vendor if i not in vendor_ids),
        unmatched_psa=tuple(i for i in matching.unmatched_psa if i not in psa_ids),
        notes={k: n for k, n in matching.notes.items() if k not in vendor_ids},
        by_lines=matching.by_lines | {f.vendor.key for f in asked},
    )
