"""One vendor customer billed as several PSA companies, or two vendor customers billed as one.

An MSP often opens a PSA company per office, department or lab of one customer (Autotask
sub-organizations, ConnectWise companies opened per site so that each pays its own bill),
while the vendor sells to the customer once: one Microsoft tenant, one Pax8 company. The
reverse happens too: after an acquisition the bought company keeps its own tenant (a second
vendor customer) while the PSA bills the group as one company. Matched one to one, every
extra company is an unmatched client whose lines are all false gaps, and the vendor lines
look short (or long).

A *family* is reconciled as one client, its seats summed per product, when both say so:

- **the names**: each extra company is the family's name plus a label that only names a
  place, an office or a department ("Acme Holdings - Denver", "Acme - Accounting Dept",
  "Acme (Legacy Tenant)"; :data:`_SITE_WORDS_RAW`), and it has no vendor customer of its own (not
  matched, not offered to another vendor client in review);
- **the lines**: most products the extra company bills (at least one, at least half) are ones
  the other side holds for the family, and the summed seats agree (a seat or a tenth apart)
  with the other side's on at least half of its products; a member of a client already
  paired bills seats of a product that client alone leaves short. A product the other side
  does not hold at all is the family's real one-sided gap, carried by whichever member holds
  it ("- Boston" billing Teams Phone that was never bought, a second tenant's Copilot the PSA
  never bills): it shows as the family's gap, it does not make the member another client.

A label that is another business ("Acme Holdings Realty") is never summed, whatever the
lines say, and lines the family mostly does not hold ("- Boston" billing products the vendor
never sold to Acme, or none the vendor sells at all) make no family either: such a company
stays a client of its own, its lines gaps of their own.

A unit at one of the sites ("Clarke Physical Therapy - Columbus Lab", "... - Reno Warehouse")
is named after the place and what is there, as MSPs name ConnectWise sites and the companies
they open per location (Visionary 360, "When to use sites vs separate companies in
ConnectWise Manage"; site names such as "Warehouse A" in PSA site help), but its last word
also names businesses of their own (:func:`recon.match.site_labels.unit_words`). It is a
member only after a place or office word and only on exact lines (:func:`unit_lines_agree`).
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from recon.match.client_evidence import Footprints, seats_by_product
from recon.match.client_index import by_identity
from recon.match.clients import ClientMatching, shown_key
from recon.match.held_first_tenants import lone_tenants_of_held, sums_exactly
from recon.match.named_tenants import TENANT, named_tenants_fit
from recon.match.names import ClientName
from recon.match.site_labels import MIN_BASE_WORDS, label_words, unit_words
from recon.match.tenant_holders import holders_of, read_kinds
from recon.match.tenant_texts import MakeReader, read_as_billed
from recon.model import ClientMatch, MatchMethod
from recon.normalize import client_key

#: Share of the family's products whose summed seats must agree with the other side's (a
#: true gap or two among them is what the run is for).
AGREE_SHARE = 1 / 2
#: Share of a member's products the family must hold on the other side (the rest are the
#: family's real one-sided gaps, which land on whichever member holds them).
HELD_SHARE = 1 / 2
#: Seats (milli-seats, as footprints count them) two sides may be apart and still agree.
NEAR_SEATS = 1000
#: Products whose summed seats must be the other side's exactly before a member named with a
#: unit word ("... - Columbus Lab") is summed (as a lone company's lines must be asked about).
UNIT_EXACT = 2


@dataclass(frozen=True, slots=True)
class Family:
    """Clients of one organisation compared as one.

    Attributes:
        vendor: vendor identities (two or more for the reverse shape).
        psa: PSA identities, the one the gaps are shown under first.
        names: every member's name as written, vendor first.
    """

    vendor: tuple[str, ...]
    psa: tuple[str, ...]
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Families:
    """The outcome of :func:`find_families`.

    Attributes:
        matching: the matching with every family's members paired.
        summed: the families reconciled as one.
    """

    matching: ClientMatching
    summed: tuple[Family, ...] = ()
    same_client: Mapping[str, str] = field(default_factory=dict)


def _near(whole: int, summed: int) -> bool:
    """Seats that agree, or nearly: a seat apart, or a tenth of the whole's."""
    return abs(whole - summed) <= max(NEAR_SEATS, whole // 10)


def _mostly_held(part: Mapping[str, int], whole: Mapping[str, int]) -> bool:
    """True when most of a member's products (and at least one) are the family's.

    A product the other side does not hold at all for the family is its real one-sided gap
    (a licence bought for a second tenant and billed nowhere, a site billed for a product
    never bought): it lands on whichever member holds it, so it cannot disqualify that
    member alone. Held products must still be the larger part (:data:`HELD_SHARE`).
    """
    held = sum(1 for p in part if p in whole)
    return held >= 1 and held >= HELD_SHARE * len(part)


def _fills(part: Mapping[str, int], whole: Mapping[str, int], summed: Mapping[str, int]) -> bool:
    """True when a member carrying products the family does not hold makes the summed seats
    agree on at least half of the products it shares with the family.

    Such a member's held products are the only evidence it is the family's: the family's
    agreement over all its products is mostly the paired client's own lines. A vendor
    customer "Liberty Terrace Law Offices" beside "Liberty Terrace Law" adding seats of two
    products the paired clients already agree on, and bringing two of its own, is another
    client (the 60,000-client dev pair); a second tenant holding the seats its PSA company
    bills beyond the first tenant's is the family's.
    """
    held = [p for p in part if p in whole]
    fills = sum(1 for p in held if _near(whole[p], summed.get(p, 0)))
    return fills >= 1 and fills >= AGREE_SHARE * len(held)


def lines_agree(
    whole: Mapping[str, int], parts: Sequence[Mapping[str, int]], *, head: int | None
) -> bool:
    """True when the parts' seats, summed per product, say they are the whole's.

    Args:
        whole: the one side's seats per product.
        parts: the other side's members' seats per product.
        head: the index of the member already paired with the whole (every other member
            must bill seats of a product it leaves short), or None.
    """
    members = [part for i, part in enumerate(parts) if i != head]
    if any(not _mostly_held(part, whole) for part in members):
        # A member billing mostly what the family never bought, or nothing the vendor sells
        # at all, is another client as far as the lines can tell.
        return False
    summed = seats_by_product(line for part in parts for line in part.items())
    agree = sum(1 for p, q in whole.items() if _near(q, summed.get(p, 0)))
    if agree < 1 or agree < AGREE_SHARE * len(whole):
        return False
    if any(not _fills(part, whole, summed) for part in members if not set(part) <= set(whole)):
        return False
    if head is None:
        return True
    # Each member bills seats the paired client alone leaves short: it is the rest of them.
    alone = parts[head]
    return all(any(alone.get(p, 0) < whole.get(p, 0) for p in part) for part in members)


def unit_lines_agree(
    whole: Mapping[str, int], parts: Sequence[Mapping[str, int]], units: Sequence[int]
) -> bool:
    """True when members named with a unit word ("... - Columbus Lab") are the family's
    beyond doubt: each bills only products the other side holds for the family and at least
    one whose summed seats are the other side's exactly, and the summed seats are exact on
    at least :data:`UNIT_EXACT` products and on half of the family's.

    Such a word also names businesses of their own ("Smith Dental Lab"), so the names alone
    never pair it: a lab, clinic or warehouse of another company bills its own products at
    its own seats, and seats adding up exactly product after product do not happen by chance.

    Args:
        whole: the one side's seats per product.
        parts: the other side's members' seats per product.
        units: the indexes of the members named with a unit word.
    """
    summed = seats_by_product(line for part in parts for line in part.items())
    exact = {p for p, q in whole.items() if q == summed.get(p)}
    if len(exact) < UNIT_EXACT or 2 * len(exact) < len(whole):
        return False
    return all(set(parts[i]) <= set(whole) and exact & set(parts[i]) for i in units)


class _Bases:
    """Name keys a family can grow from: only those some lone client's key begins with a
    site label after (so the run's other clients cost one set look-up each)."""

    def __init__(self, lone: Iterable[str]) -> None:
        self.by_key: dict[str, str] = {}  # key -> anchor vendor identity
        self.ambiguous: set[str] = set()
        self._folded: dict[str, str] = {}
        self.wanted: set[str] = set()
        units = unit_words()
        for key in lone:
            for base, _ in self._prefixes(key):
                self.wanted.update((base, self._fold(base)))
            if (cut := self._unit_cut(key, units)) is not None:
                # "... - Columbus Lab": the bases of its site label before the unit word
                for base, _ in self._prefixes(cut):
                    self.wanted.update((base, self._fold(base)))

    def _fold(self, base: str) -> str:
        """The base as a name key: a legal form left in the middle goes ("acme pllc")."""
        found = self._folded.get(base)
        if found is None:
            found = self._folded[base] = client_key(base)
        return found

    @staticmethod
    def _prefixes(key: str) -> Iterator[tuple[str, tuple[str, ...]]]:
        words = key.split()
        site = label_words()
        for n in range(len(words) - 1, MIN_BASE_WORDS - 1, -1):
            if words[n] not in site:
                return  # a shorter base leaves this label and more
            yield " ".join(words[:n]), tuple(words[n:])

    def add(self, key: str, anchor: str) -> None:
        if key not in self.wanted:
            return
        if self.by_key.setdefault(key, anchor) != anchor:
            self.ambiguous.add(key)

    def find(self, key: str) -> tuple[str, tuple[str, ...]] | None:
        """The anchor whose key begins ``key`` with a site label left over (longest base)."""
        for base, label in self._prefixes(key):
            for candidate in (base, self._fold(base)):
                if candidate in self.by_key and candidate not in self.ambiguous:
                    return self.by_key[candidate], label
        return None

    @staticmethod
    def _unit_cut(key: str, units: frozenset[str]) -> str | None:
        """``key`` without a last unit word ("lab"), or None where it ends with none."""
        head, _, last = key.rpartition(" ")
        return head if head and last in units else None

    def find_unit(self, key: str) -> tuple[str, tuple[str, ...]] | None:
        """The anchor whose key begins ``key`` with a site label and then one unit word
        ("clarke physical therapy" for "... columbus lab"): the label keeps a place or office
        word before the unit word, so a bare "Lab" after the name is never read so."""
        cut = self._unit_cut(key, unit_words())
        found = self.find(cut) if cut is not None else None
        if found is None:
            return None
        return found[0], (*found[1], key.rsplit(" ", 1)[1])


def find_families(
    matching: ClientMatching,
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    footprints: Footprints,
    *,
    joined: Collection[tuple[str, str]] = (),
    apart: Collection[tuple[str, str]] = (),
    read_texts: MakeReader | None = None,
) -> Families:
    """Pair the members of every family the names and lines show (module docstring), and of
    every family people confirmed.

    Args:
        matching: the matching so far.
        vendor: every vendor client.
        psa: every PSA client.
        footprints: both sides' lines per client.
        joined: (vendor client key, PSA client key) pairs people said are one organisation
            (a family question answered yes): summed whatever the names and lines say.
        apart: pairs people said are not: never summed.
        read_texts: builds a reader of the PSA lines matching cannot read yet, for second
            tenants whose products the company bills under such texts
            (:mod:`recon.match.tenant_texts`); None reads none.

    Returns:
        The matching with the families paired, and the families summed.
    """
    v_by_id, p_by_id = by_identity(vendor), by_identity(psa)
    # Review items name their vendor client by key and their candidates by name: only those
    # keys and names are looked up (a handful, against every client of the run).
    keys = {i.vendor_key for i in matching.review}
    shown = {c.psa_client for i in matching.review for c in i.candidates}
    v_by_key = {c.key: c.identity for c in reversed(vendor) if c.key in keys}
    p_by_name = {c.name: c.identity for c in reversed(psa) if c.name in shown}
    offered: dict[str, set[str]] = defaultdict(set)
    for item in matching.review:
        for cand in item.candidates:
            if cand.psa_client in p_by_name:
                offered[p_by_name[cand.psa_client]].add(v_by_key.get(item.vendor_key, ""))
    in_review = [v_by_key[i.vendor_key] for i in matching.review if i.vendor_key in v_by_key]
    # held_psa is a set: sorted, so a family's companies come in one order whatever the hash seed
    lone_psa = list(dict.fromkeys([*matching.unmatched_psa, *sorted(matching.held_psa)]))
    lone_vendor = [*matching.unmatched_vendor, *in_review]
    bases = _Bases(
        [
            *(p_by_id[p].key for p in lone_psa if p in p_by_id),
            *(v_by_id[v].key for v in lone_vendor),
        ]
    )
    wanted = bases.wanted
    for v_id, p_id in matching.vendor_to_psa.items():
        # Tested here, not in add(): one set look-up per pair of the run.
        if (key := v_by_id[v_id].key) in wanted:
            bases.add(key, v_id)
        if (key := p_by_id[p_id].key) in wanted:
            bases.add(key, v_id)
    for v_id in lone_vendor:
        bases.add(v_by_id[v_id].key, v_id)
    # PSA members: companies with no vendor client of their own.
    members: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    # Members named with a unit word after their site ("... - Columbus Lab"): summed only
    # where the lines say so beyond doubt (unit_lines_agree).
    unit_members: set[str] = set()
    for p_id in lone_psa:
        client = p_by_id.get(p_id)
        found = bases.find(client.key) if client else None
        if found is None and client is not None:
            found = bases.find_unit(client.key)
            if found is not None:
                unit_members.add(p_id)
        if found is None:
            continue
        anchor, label = found
        if offered.get(p_id, set()) - {anchor}:
            continue  # offered to another vendor client: not this family's to take
        if (v_by_id[anchor].key, client.key if client else "") in apart:
            continue  # people said these are two clients
        members[anchor].append((p_id, label))
    # Vendor members (the reverse): a second tenant named like a matched vendor client.
    tenants: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    for v_id in lone_vendor:
        found = bases.find(v_by_id[v_id].key)
        if found is None or found[0] == v_id or found[0] not in matching.vendor_to_psa:
            continue
        if (v_by_id[v_id].key, p_by_id[matching.vendor_to_psa[found[0]]].key) in apart:
            continue
        tenants[found[0]].append((v_id, found[1]))
    # A lone first tenant whose second tenant, named after it, is paired (tenant_holders).
    named = {v: v_by_id[v].key for v in matching.vendor_to_psa if TENANT in v_by_id[v].key}
    lone_keys = {v: v_by_id[v].key for v in matching.unmatched_vendor} if named else {}
    held_by = holders_of(lone_keys, named)
    for anchor, holders in held_by.items():
        head_key = p_by_id[matching.vendor_to_psa[anchor]].key
        tenants[anchor] += [h for h in holders if (v_by_id[h[0]].key, head_key) not in apart]
    held = _held_tenants(matching, v_by_id, p_by_id, v_by_key, p_by_name, bases, lone_vendor)
    held = {
        a: (p, g)
        for a, (p, g) in held.items()
        if not any((v_by_id[v].key, p_by_id[p].key) in apart for v in (a, *g))
    }
    forced = _confirmed(matching, v_by_id, p_by_id, lone_psa, lone_vendor, joined)
    for anchor, p_id in forced.members:
        if p_id not in {p for p, _ in members.get(anchor, [])}:
            members[anchor].append((p_id, ()))
    for anchor, v_id in forced.tenants:
        if v_id not in {v for v, _ in tenants.get(anchor, [])}:
            tenants[anchor].append((v_id, ()))
    if not members and not tenants and not held and not forced.bought and not in_review:
        return Families(matching)
    to_psa = matching.vendor_to_psa
    footprints.prepare(
        [
            *members,
            *tenants,
            *(v for t in tenants.values() for v, _ in t),
            *(v for a, (_, g) in held.items() for v in (a, *g)),
        ],
        [
            *(p for m in members.values() for p, _ in m),
            *(to_psa[v] for v in (*members, *tenants) if v in to_psa),
            *(p for p, _ in held.values()),
        ],
    )
    summed: list[Family] = []
    for anchor, group in members.items():
        head = matching.vendor_to_psa.get(anchor)
        ids = ([head] if head else []) + [p for p, _ in group]
        whole = seats_by_product(footprints.vendor_lines(anchor))
        forced_here = any((anchor, p) in forced.members for p in ids)
        units = [i for i, p in enumerate(ids) if p in unit_members]
        if units and not forced_here:
            # A unit ("... - Columbus Lab") joins only on exact lines; where they are not,
            # the family is weighed as it was without its units (they stay apart).
            parts = [seats_by_product(footprints.psa_lines(p)) for p in ids]
            if lines_agree(whole, parts, head=0 if head else None) and unit_lines_agree(
                whole, parts, units
            ):
                names = (v_by_id[anchor].name, *(p_by_id[p].name for p in ids))
                summed.append(Family((anchor,), tuple(ids), names))
                continue
            ids = [p for p in ids if p not in unit_members]
            if not ids:
                continue
        if head is None and len(ids) < 2 and not forced_here:
            continue  # one site each side: recon.match.sites decides, unless people did
        parts = [seats_by_product(footprints.psa_lines(p)) for p in ids]
        names = (v_by_id[anchor].name, *(p_by_id[p].name for p in ids))
        family = Family((anchor,), tuple(ids), names)
        if forced_here or lines_agree(whole, parts, head=0 if head else None):
            summed.append(family)
    unsettled: list[tuple[Family, dict[str, int], list[dict[str, int]]]] = []
    for anchor, group in tenants.items():
        head = matching.vendor_to_psa[anchor]
        ids = [anchor, *(v for v, _ in group)]
        whole = seats_by_product(footprints.psa_lines(head))
        parts = [seats_by_product(footprints.vendor_lines(v)) for v in ids]
        family = Family(tuple(ids), (head,), (*(v_by_id[v].name for v in ids), p_by_id[head].name))
        if (
            any((anchor, v) in forced.tenants for v in ids)
            or lines_agree(whole, parts, head=0)
            or named_tenants_fit(whole, parts, [label for _, label in group])
        ):
            summed.append(family)
        else:
            unsettled.append((family, whole, parts))
    if unsettled and read_texts is not None:
        # A second tenant's product the company bills under a text read only later.
        reader = read_texts([f.psa[0] for f, _, _ in unsettled])
        reader.prepare(f.psa[0] for f, _, _ in unsettled)
        for family, whole, parts in unsettled:
            read = read_as_billed(reader, family.psa[0], whole, parts)
            if read is None and family.vendor[0] in held_by:
                read = read_kinds(reader, family.psa[0], whole, parts)
            if read is not None and lines_agree(read, parts, head=0):
                summed.append(family)
    for anchor, (head, tenants_held) in held.items():
        ids = [anchor, *tenants_held]
        if {head, *ids} & {c for f in summed for c in (*f.vendor, *f.psa)}:
            continue  # already a family of the other shape
        whole = seats_by_product(footprints.psa_lines(head))
        parts = [seats_by_product(footprints.vendor_lines(v)) for v in ids]
        if lines_agree(whole, parts, head=0):
            family = Family(
                tuple(ids), (head,), (*(v_by_id[v].name for v in ids), p_by_id[head].name)
            )
            summed.append(family)
    _held_firsts(
        summed,
        matching,
        footprints,
        v_by_id,
        p_by_id,
        v_by_key,
        p_by_name,
        bases,
        apart,
        read_texts,
    )
    grouped = {c for f in summed for c in (*f.vendor, *f.psa)}
    for p_id, vs in forced.bought:
        if p_id not in grouped and not grouped & set(vs):
            names = (*(v_by_id[v].name for v in vs), p_by_id[p_id].name)
            summed.append(Family(vs, (p_id,), names))
    return _paired(matching, v_by_id, p_by_id, p_by_name, summed)


def _held_firsts(
    summed: list[Family],
    matching: ClientMatching,
    footprints: Footprints,
    v_by_id: Mapping[str, ClientName],
    p_by_id: Mapping[str, ClientName],
    v_by_key: Mapping[str, str],
    p_by_name: Mapping[str, str],
    bases: _Bases,
    apart: Collection[tuple[str, str]],
    read_texts: MakeReader | None,
) -> None:
    """Add to ``summed`` each first tenant held in review whose lone second tenants make up
    its one candidate's bill (:mod:`recon.match.held_first_tenants`)."""
    held = lone_tenants_of_held(
        matching,
        v_by_key,
        p_by_name,
        lambda v_id: bases.find(v_by_id[v_id].key),
        matching.unmatched_vendor,
    )
    taken = {c for f in summed for c in (*f.vendor, *f.psa)}
    held = {
        a: (p, g)
        for a, (p, g) in held.items()
        if not {a, p, *g} & taken
        and not any((v_by_id[v].key, p_by_id[p].key) in apart for v in (a, *g))
    }
    if not held:
        return
    footprints.prepare(
        [v for a, (_, g) in held.items() for v in (a, *g)], [p for p, _ in held.values()]
    )
    reader = read_texts([p for p, _ in held.values()]) if read_texts is not None else None
    if reader is not None:
        reader.prepare(p for p, _ in held.values())
    for anchor, (head, tenants_held) in held.items():
        ids = [anchor, *tenants_held]
        whole = seats_by_product(footprints.psa_lines(head))
        parts = [seats_by_product(footprints.vendor_lines(v)) for v in ids]
        read = read_as_billed(reader, head, whole, parts) if reader is not None else None
        if sums_exactly(read or whole, parts):
            names = (*(v_by_id[v].name for v in ids), p_by_id[head].name)
            summed.append(Family(tuple(ids), (head,), names))


def _held_tenants(
    matching: ClientMatching,
    v_by_id: Mapping[str, ClientName],
    p_by_id: Mapping[str, ClientName],
    v_by_key: Mapping[str, str],
    p_by_name: Mapping[str, str],
    bases: _Bases,
    lone_vendor: Sequence[str],
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Second tenants held in review beside their first: anchor vendor identity -> (the one
    PSA company, the tenants).

    The matcher cannot choose between "Acme Supply" and "Acme Supply (Legacy Tenant)" for the
    one PSA company "Acme Supply" (both look like it: "several vendor clients look like"),
    so it holds both in review and every line of the family waits unread. Microsoft sells a
    customer a second tenant under the same company (Partner Center lists each tenant as a
    customer of its own; an acquisition keeps its tenant) while the MSP bills the
    organisation once, so the names say what the matched shape says (:func:`find_families`):
    the second customer is the first's name plus a site or tenant label. The anchor's review
    item and every tenant's offer that one company alone, no other review item is offered
    it, and the lines must agree as for a paired anchor.
    """
    items = {v_by_key[i.vendor_key]: i for i in matching.review if i.vendor_key in v_by_key}
    offered_to: dict[str, set[str]] = defaultdict(set)
    for v_id, item in items.items():
        for cand in item.candidates:
            offered_to[cand.psa_client].add(v_id)
    paired = set(matching.vendor_to_psa.values())
    groups: dict[str, list[str]] = defaultdict(list)
    for v_id in lone_vendor:
        found = bases.find(v_by_id[v_id].key)
        if found is None or found[0] == v_id or found[0] not in items:
            continue
        groups[found[0]].append(v_id)
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for anchor, group in groups.items():
        names = {c.psa_client for c in items[anchor].candidates}
        if len(names) != 1:
            continue
        (name,) = names
        head = p_by_name.get(name)
        if head is None or head in paired or head not in p_by_id:
            continue
        if any(
            v not in items or {c.psa_client for c in items[v].candidates} != names for v in group
        ):
            # Only customers held for want of choosing between them: a tenant paired with
            # nothing, or offered another company, leaves the anchor's review its own
            # question (a near twin, "... - East", is asked about, never summed).
            continue
        if offered_to[name] - {anchor, *group}:
            continue
        out[anchor] = (head, tuple(group))
    return out


@dataclass(frozen=True, slots=True)
class _Confirmed:
    """Members people confirmed: (anchor vendor identity, PSA member) and (anchor, tenant)."""

    members: frozenset[tuple[str, str]] = frozenset()
    tenants: frozenset[tuple[str, str]] = frozenset()
    #: (lone PSA company, its lone vendor customers) confirmed as one family.
    bought: tuple[tuple[str, tuple[str, ...]], ...] = ()


def _confirmed(
    matching: ClientMatching,
    v_by_id: Mapping[str, ClientName],
    p_by_id: Mapping[str, ClientName],
    lone_psa: Sequence[str],
    lone_vendor: Sequence[str],
    joined: Collection[tuple[str, str]],
) -> _Confirmed:
    """The families people confirmed (``recon family join``) that this run can sum: a PSA
    company with no vendor client of its own under a matched vendor client, or a vendor
    client with no PSA company under the PSA company it names, or under none (several
    companies confirmed for one unpaired customer). A pair both of whose clients are paired
    elsewhere, or absent from this run, is left as it is."""
    if not joined:
        return _Confirmed()
    wanted = set(joined)
    v_keys = {v for v, _ in wanted}
    p_keys = {p for _, p in wanted}
    lone_p = {p for p in lone_psa if p in p_by_id and p_by_id[p].key in p_keys}
    lone_v = {v for v in lone_vendor if v_by_id[v].key in v_keys}
    members: set[tuple[str, str]] = set()
    tenants: set[tuple[str, str]] = set()
    for v_id, p_id in matching.vendor_to_psa.items():
        v_key, p_key = v_by_id[v_id].key, p_by_id[p_id].key
        if v_key in v_keys:
            members.update((v_id, p) for p in lone_p if (v_key, p_by_id[p].key) in wanted)
        if p_key in p_keys:
            tenants.update((v_id, v) for v in lone_v if (v_by_id[v].key, p_key) in wanted)
    customers_of = Counter(
        p for v in lone_v for p in lone_p if (v_by_id[v].key, p_by_id[p].key) in wanted
    )
    # A customer paired with no company, confirmed billed as several companies
    # (recon.engine.family_unpaired): the companies are the family, summed when two or more
    # are in this run.
    for v_id in lone_v:
        v_key = v_by_id[v_id].key
        ps = [p for p in lone_p if (v_key, p_by_id[p].key) in wanted]
        # One company alone is the mirror's tenant, or recon.match.sites'; where it is
        # confirmed with this customer only and nothing paired them, it is the customer's
        # company (recon.engine.gone_companies: its own company bills only stopped lines).
        if len(ps) >= 2 or (len(ps) == 1 and customers_of[ps[0]] == 1):
            members.update((v_id, p) for p in ps)
    # The mirror (recon.engine.family_tenants): a company paired with no customer, confirmed
    # bought for as several tenants; summed when two or more tenants are in this run.
    taken = {v for v, _ in members}
    bought = []
    for p_id in sorted(lone_p):
        p_key = p_by_id[p_id].key
        vs = tuple(
            v for v in sorted(lone_v) if v not in taken and (v_by_id[v].key, p_key) in wanted
        )
        if len(vs) >= 2:
            bought.append((p_id, vs))
    return _Confirmed(frozenset(members), frozenset(tenants), tuple(bought))


def _paired(
    matching: ClientMatching,
    v_by_id: Mapping[str, ClientName],
    p_by_id: Mapping[str, ClientName],
    p_by_name: Mapping[str, str],
    summed: list[Family],
) -> Families:
    """The matching with each summed family's members paired with its first vendor client
    (its first PSA company shows the family's gaps)."""
    if not summed:
        return Families(matching)
    to_psa = dict(matching.vendor_to_psa)
    matches = list(matching.matches)
    same: dict[str, str] = {}
    paired_vendor: set[str] = set()
    paired_psa: set[str] = set()
    had = {m.vendor_key for m in matches}
    for family in summed:
        head = family.psa[0]
        names = " + ".join(p_by_id[p].name for p in family.psa)
        vendor_names = " + ".join(v_by_id[v].name for v in family.vendor)
        note = f"one organisation: {vendor_names} billed as {names}, seats summed per product"
        for v in family.vendor:
            to_psa[v] = head
            paired_vendor.add(v)
            if v_by_id[v].key not in had:
                had.add(v_by_id[v].key)
                matches.append(_match(v_by_id[v], p_by_id[head], note))
        for p in family.psa[1:]:
            same[p] = head
            paired_psa.add(p)
            matches.append(_match(v_by_id[family.vendor[0]], p_by_id[p], note))
        paired_psa.add(head)
    paired_keys = {v_by_id[v].key for v in paired_vendor}
    review = tuple(r for r in matching.review if r.vendor_key not in paired_keys)
    still_offered = {p_by_name.get(c.psa_client) for r in review for c in r.candidates}
    # A candidate only the family's review item offered is a company with no vendor customer
    # now: unmatched, so the family step weighs it (it fell out of every list before).
    released = sorted(p for p in matching.held_psa if p not in still_offered | paired_psa)
    new = dataclasses.replace(
        matching,
        matches=tuple(matches),
        review=review,
        vendor_to_psa=to_psa,
        held_psa=frozenset(p for p in matching.held_psa if p in still_offered),
        unmatched_vendor=tuple(v for v in matching.unmatched_vendor if v not in paired_vendor),
        unmatched_psa=(
            *(p for p in matching.unmatched_psa if p not in paired_psa),
            *released,
        ),
        notes={k: n for k, n in matching.notes.items() if k not in paired_vendor},
        same_client={**matching.same_client, **same},
    )
    return Families(new, tuple(summed), same)


def _match(v: ClientName, p: ClientName, note: str) -> ClientMatch:
    return ClientMatch(
        vendor_client=v.name,
        psa_client=p.name,
        method=MatchMethod.EVIDENCE,
        score=100.0,
        vendor_key=v.key,
        psa_key=shown_key(p.identity),
        note=note,
    )
