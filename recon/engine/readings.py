"""A PSA spelling a name rule read as one catalogue product, which the seats say is another.

The catalogue reads PSA product texts by rules (exact names, names without spaces or brand,
qualifiers set aside). A rule can misread a spelling it was never tuned on: "M365 Business"
is read as Business Premium while the MSP bills Business Standard under it. Every client
holding that text then shows two false gaps, "Premium missing in vendor" and "Standard
missing in PSA", for the same seats. No spelling rule closes that for the next unseen
spelling; the seats at the matched clients do:

- For each PSA text a rule read as catalogue product A (never an alias or a decision a
  person made), count the matched clients holding it where the vendor file has no A but has
  a vendor product B that no PSA line bills there, whose seats agree (equal, or within a
  seat or a tenth). A client of a distributor holds many products, so the vendor often sells
  A there too, billed under a spelling no rule reads: where the seats billed as A at the
  client are not the vendor's A seats, the vendor's A is no sign of the text's product.
- Two texts may be misread as one product at the same clients ("M365 Business" billing
  Standard, "Microsoft 365 Business" billing Basic, beside the real Premium line): the
  vendor's A seats then agree with some of the client's other spellings of A, not all of
  them, and each text sees the other's product unbilled beside it. That product is the other
  text's answer at those clients, so it is no rival there.
- **Acted on** (the text is compared as B in this run, and shown as a question a person can
  confirm or reject): that holds at :data:`ACT_CLIENTS` (5) clients or more and at a clear
  majority (:data:`ACT_SHARE`, 75 %) of the clients holding the text, and no rival vendor
  product has a third of B's clients. At scale real quantity gaps spoil many agreeing
  seats, so with :data:`SCALE_CLIENTS` (10) agreeing clients or more, agreeing seats at a
  third of the text's clients act when B sits unbilled beside it (whatever the seats) at a
  clear majority of them.
- **Asked** (one question with the money at stake; the seats it holds raise no gap on
  either side): it holds at :data:`ASK_CLIENTS` (3) or more and at a majority
  (:data:`ASK_SHARE`) but not clearly, and the text's tier words don't conflict with B's.
- **Nothing**: anything less stays as it is. A real upgrade reflected only in the vendor
  file (E3 billed, E5 bought) happens at a minority of a text's clients: its two gaps are
  real and are reported.

A person's alias takes the text out of the catalogue's reading altogether, and a rejected
(A, B) pair is never weighed. Only rows where the vendor lacks A are looked at closely, so
the pass costs a few array operations over the PSA rows and grows with the rows, never
with clients squared. The seats are counted in :mod:`recon.engine.seat_support`; this module
decides what they are enough for. Spellings of one text on several terms are weighed as one
(:mod:`recon.engine.spelling_families`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from recon.catalog import TierRelation
from recon.catalog.text import compare_product
from recon.engine.family_readings import Bars, Candidate, family_pair, read_right, second_rows
from recon.engine.join import IntArray, sorted_distinct
from recon.engine.line_costs import fits_vendor_cost
from recon.engine.seat_keys import (
    clients_per_unit,
    counts_agree,
    in_sorted,
    key_table,
    shared_keys,
    sums_at,
)
from recon.engine.seat_support import (
    PC,
    VP,
    Rows,
    accounted_rows,
    seats_agree_at,
    support_per_unit,
)
from recon.model import G

ACT_CLIENTS = 5
ACT_SHARE = 0.75
ASK_CLIENTS = 3
ASK_SHARE = 0.5
#: A spelling's rows lacking the read product, as a share of its rows, below which it is not
#: looked at further (a cheap first cut; the real bar is :data:`ASK_SHARE` of its clients).
FIRST_CUT = 0.3
#: The best vendor product needs this many times the clients of any rival.
RIVAL_FACTOR = 3
#: At scale (:data:`SCALE_CLIENTS` agreeing clients or more), agreeing seats at
#: :data:`SCALE_SHARE` of a text's clients act when the vendor product sits unbilled beside it
#: at :data:`ACT_SHARE` of them whatever the seats: real quantity gaps spoil agreeing seats.
SCALE_CLIENTS = 10
SCALE_SHARE = 1 / 3
_BARS = Bars(
    ACT_CLIENTS, ACT_SHARE, ASK_CLIENTS, ASK_SHARE, RIVAL_FACTOR, SCALE_CLIENTS, SCALE_SHARE
)


@dataclass(frozen=True, slots=True)
class Second:
    """The other vendor product a text the seats split two ways bills
    (:mod:`recon.engine.family_readings`).

    Attributes:
        vendor_code: its product code.
        support: clients where its seats alone agree.
        rows: positions of the PSA rows compared as it (acted on) or held (asked).
        held: PSA client codes where it alone agrees.
        both: positions of the PSA rows whose seats are both products' together (the text
            billing both at that client on one line or one term): held, not compared.
    """

    vendor_code: int
    support: int
    rows: IntArray
    held: IntArray
    both: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


@dataclass(frozen=True, slots=True)
class Reading:
    """What the seats say about one PSA text a name rule read as a catalogue product.

    Attributes:
        psa_key: the catalogue identity the rule gave the text.
        text: the PSA product text as written.
        vendor_code: product code of the vendor product the seats point to.
        clients: matched clients holding the text.
        support: of them, clients with no ``psa_key`` in the vendor file and that vendor
            product unbilled with agreeing seats.
        act: True to compare the text as that product in this run; False to ask.
        rows: positions of the PSA rows concerned: every row of the spelling when acted
            on, the rows at the supporting clients when asked.
        held: PSA client codes where the vendor product sits (what a question holds).
        second: where the text bills two vendor products at clients of their own, the
            other one (its rows are not in ``rows``).
        confirmed: clients where the vendor sells the read product with agreeing seats
            (set where that is why tier words were no bar to asking).
        price: what the lines' own unit cost says, in words, where that is what the reading
            rests on besides the seats (:mod:`recon.engine.price_readings`); "" otherwise.
    """

    psa_key: str
    text: str
    vendor_code: int
    clients: int
    support: int
    act: bool
    rows: IntArray
    held: IntArray
    second: Second | None = None
    confirmed: int = 0
    price: str = ""

    def why(self, read_as: str, vendor_name: str) -> str:
        """What the reading rests on, in words."""
        right = (
            f"; the vendor sells {read_as!r} as billed at {self.confirmed} others"
            if self.confirmed
            else ""
        )
        seats = f"seats match {vendor_name!r} at {self.support} of {self.clients} clients holding "
        if self.price:
            # The cost, not the read product's absence, is what tells (it may be billed beside).
            return f"{seats}{self.text!r}; {self.price}"
        return f"{seats}{self.text!r}; no {read_as!r} there{right}"


def weigh_readings(
    p_all: pd.DataFrame,
    rows: Rows,
    product_text: list[str],
    vendor_names: Mapping[str, str],
    *,
    brands: frozenset[tuple[str, ...]] = frozenset(),
    rejected: frozenset[tuple[str, str]] = frozenset(),
    taken: IntArray | None = None,
) -> list[Reading]:
    """Find the PSA texts whose rule reading the seats at the matched clients overrule.

    Every step is on integer codes (client x product join keys, one code per spelling),
    never on text, until the few texts in doubt are named.

    Args:
        p_all: PSA groups (columns ``G.PRODUCT``, ``G.PRODUCT_NAME``).
        rows: the codes and masks of both sides (:class:`~recon.engine.seat_support.Rows`).
        product_text: product key per product code.
        vendor_names: vendor product key -> its name.
        brands: brand words to disregard when comparing names.
        rejected: (PSA key, vendor key) pairs people said are not one product.
        taken: join keys (client code x products + product code) of vendor rows already
            held by another question (default: none).

    Returns:
        One reading per text to act on or ask about, most supported first.
    """
    if not rows.rule.any() or not len(rows.v_pc):
        return []
    width = rows.products
    size = (max(int(rows.p_pc.max()), int(rows.v_pc.max()), 0) + 1) * width
    v_ok = (rows.v_pc >= 0) & (rows.v_qty > 0)
    sold = key_table(rows.v_pc[v_ok] * width + rows.v_product[v_ok], size)
    read = np.flatnonzero(rows.rule)
    keys = rows.p_pc[read] * width + rows.p_target[read]
    present = sold[keys]
    split = present & rows.spelled[read]
    units = int(rows.p_unit.max()) + 1
    unit = rows.p_unit[read]
    if split.any():
        # Only where the client holds the product under two spellings (not one on two terms).
        split[split] = shared_keys(keys[split], unit[split], units)
    if (present & ~split).any():
        # A distributor's clients hold 15 products: the vendor often sells the read product
        # at a client too, billed under a spelling no rule reads. Where the seats billed as it
        # there are not the vendor's, the vendor line is no sign of the text's product.
        alone = present & ~split
        present[alone] = seats_agree_at(keys[alone], rows, v_ok)
    # A first cut on row counts alone (no distinct counting over every row): a spelling can
    # be in doubt only if enough of its rows lack the read product, or may be accounted for
    # by another spelling. Rows overcount a client on two terms on both sides, so the bar
    # here is looser than the real one.
    every = np.bincount(unit, minlength=units)
    maybe_rows = np.bincount(unit[~present | split], minlength=units)
    maybe = (maybe_rows >= ASK_CLIENTS) & (maybe_rows >= FIRST_CUT * every)
    if not maybe.any():
        return []
    absent = read[~present & maybe[unit]]
    if (split & maybe[unit]).any():
        # The other spellings of the product at those clients, whatever their own doubt.
        shared = key_table(keys[split & maybe[unit]], size)[keys] & split
        absent = np.concatenate((absent, accounted_rows(read[shared], keys[shared], rows, v_ok)))
        absent = absent[maybe[rows.p_unit[absent]]]
    if len(absent) < ASK_CLIENTS:
        return []
    lacking = clients_per_unit(rows.p_pc[absent], rows.p_unit[absent], units)
    doubted = lacking >= ASK_CLIENTS
    if not doubted.any():
        return []
    of_doubted = read[doubted[unit]]
    clients = clients_per_unit(rows.p_pc[of_doubted], rows.p_unit[of_doubted], units)
    doubted &= lacking >= ASK_SHARE * clients
    absent = absent[doubted[rows.p_unit[absent]]]
    if not len(absent):
        return []
    support, beside = support_per_unit(absent, rows, size, taken)
    # Clients where the seats confirm the rule's reading: a text may be read right at them and
    # bill another product at the rest (see MIXED in :func:`_decide`).
    right = present & ~split
    confirmed = clients_per_unit(rows.p_pc[read[right]], unit[right], units)
    return _decide(
        p_all,
        rows,
        (support, beside),
        (clients, confirmed),
        product_text,
        vendor_names,
        brands,
        rejected,
    )


def _decide(
    p_all: pd.DataFrame,
    rows: Rows,
    weighed: tuple[list[Candidate], pd.DataFrame],
    counts: tuple[IntArray, IntArray],
    product_text: list[str],
    vendor_names: Mapping[str, str],
    brands: frozenset[tuple[str, ...]],
    rejected: frozenset[tuple[str, str]],
) -> list[Reading]:
    """One reading per spelling whose best vendor product (or best two, each at clients of
    its own) clears the bars.

    Args:
        counts: per text, the matched clients holding it and those where the vendor sells the
            product the rule read with agreeing seats (the reading confirmed).
    """
    support, triples = weighed
    clients, confirmed = counts
    by_unit: dict[int, list[Candidate]] = {}
    for unit, code, at, beside in support:
        by_unit.setdefault(unit, []).append((len(at), code, at, beside))
    for unit, candidates in by_unit.items():
        key = product_text[int(rows.p_target[int(np.flatnonzero(rows.p_unit == unit)[0])])]
        kept = [f for f in candidates if (key, product_text[f[1]]) not in rejected]
        by_unit[unit] = sorted(kept, key=lambda f: (-f[0], f[1]))
    claimed = _claimed(by_unit)
    drafts: list[tuple[Reading, bool]] = []
    out: list[Reading] = []
    for unit, found in by_unit.items():
        if not found:
            continue
        of_unit = np.flatnonzero(rows.p_unit == unit)
        first = int(of_unit[0])
        key = product_text[int(rows.p_target[first])]
        text = str(p_all[G.PRODUCT_NAME].iat[first])
        count, code, at, beside = found[0]
        rival = max((_unclaimed(f, unit, claimed) for f in found[1:]), default=0)
        total = int(clients[unit])
        blocked = rival * RIVAL_FACTOR > count
        act = not blocked and count >= ACT_CLIENTS and count >= ACT_SHARE * total
        if not blocked and not act and count >= SCALE_CLIENTS and count >= SCALE_SHARE * total:
            # At scale real quantity gaps spoil many agreeing seats: the product sitting
            # unbilled at a clear majority, with agreeing seats at a third, is enough.
            act = beside >= ACT_SHARE * total
        ask = not blocked and not act and count >= ASK_CLIENTS and count >= ASK_SHARE * total
        # Read right at some clients, another product at the rest: a text kept for two
        # products (an old name that is now another product's, a catalogue item copied).
        mixed = (
            not blocked
            and not act
            and count >= SCALE_CLIENTS
            and count >= ASK_SHARE * total
            and count >= ACT_SHARE * (total - int(confirmed[unit]))
        )
        if not act:
            # A rival is a doubt only where it agrees at the same clients: two products each
            # agreeing at clients of their own are one text billing both, and one product
            # short of a clear majority may be so with another at the rest of the clients
            # (recon.engine.family_readings).
            rivals = [_unclaimed(f, unit, claimed) for f in found[2:]]
            two = _two_ways(p_all, rows, found, rivals, total, triples, unit, key)
            if two is not None and two.second is not None and (two.act or not mixed):
                conflict = any(
                    compare_product(text, k, vendor_names.get(k, ""), brands).relation
                    is TierRelation.CONFLICT
                    for k in (product_text[code], product_text[two.second.vendor_code])
                )
                drafts.append((two, conflict))
                continue
        if not act and not ask and not mixed:
            continue
        vendor_key = product_text[code]
        text_match = compare_product(text, vendor_key, vendor_names.get(vendor_key, ""), brands)
        held = sorted_distinct(np.asarray(at, dtype=np.int64))
        asked = of_unit[rows.rule[of_unit] & in_sorted(rows.p_pc[of_unit], held)]
        right = int(confirmed[unit]) if mixed and not act else 0
        reading = Reading(
            key, text, code, total, count, act, of_unit if act else asked, held, confirmed=right
        )
        # Tier words set against the product are no bar where the reading is confirmed at
        # the other clients: a real upgrade is a minority of a text's clients, not a
        # majority of them with the read product itself at most of the rest.
        conflict = text_match.relation is TierRelation.CONFLICT and not (mixed and not act)
        drafts.append((reading, conflict))
    for reading, conflict in drafts:
        if not reading.act and conflict:
            # Tier words that differ (E3 billed, E5 bought) are what a real upgrade looks
            # like: only a clear majority overrules them, never a question.
            continue
        out.append(reading)
    out.sort(key=lambda r: (-r.support, r.text))
    return out


def _two_ways(
    p_all: pd.DataFrame,
    rows: Rows,
    found: list[Candidate],
    rivals: list[int],
    total: int,
    triples: pd.DataFrame,
    unit: int,
    key: str,
) -> Reading | None:
    """A reading of a text whose two best vendor products agree at clients of their own
    (:func:`recon.engine.family_readings.family_pair`), or None."""
    if len(found) < 2:
        return None
    first, second = found[0][1], found[1][1]
    at = triples.loc[triples["unit"].to_numpy() == unit]
    vp, pcs = at[VP].to_numpy(), at[PC].to_numpy(dtype=np.int64)
    beside_first = sorted_distinct(pcs[vp == first])
    beside_second = sorted_distinct(pcs[vp == second])
    pair = family_pair(found, rivals, total, np.union1d(beside_first, beside_second), _BARS)
    if pair is None:
        return None
    of_unit = np.flatnonzero(rows.p_unit == unit)
    pc = rows.p_pc[of_unit]
    qty = rows.p_qty[of_unit]
    width = rows.products
    v_ok = (rows.v_pc >= 0) & (rows.v_qty > 0)
    keys = (pc * width + first, pc * width + second, pc * width + rows.p_target[of_unit])
    needed = sorted_distinct(np.concatenate(keys))
    sold = sums_at(needed, rows.v_pc[v_ok] * width + rows.v_product[v_ok], rows.v_qty[v_ok])
    seats_first, seats_second, seats_read = (sold[np.searchsorted(needed, k)] for k in keys)
    say_second = (
        counts_agree(qty, seats_second) & ~counts_agree(qty, seats_first) & (seats_second > 0)
    )
    # A line's own cost says which product it bills, where it fits one only: a client billing
    # both on lines of their own (kept apart by cost, recon.engine.groups) with like seats.
    cost = rows.p_cost[of_unit] if len(rows.p_cost) else np.zeros(len(of_unit), dtype=np.int64)
    vendor = (rows.v_pc, rows.v_product, rows.v_cost)
    on_first, on_second = (fits_vendor_cost(vendor, width, k, cost) for k in keys[:2])
    by_cost = on_first != on_second
    to_second = second_rows(pair, pc, beside_first, beside_second, say_second) & (pc >= 0)
    to_second = np.where(by_cost, on_second, to_second) & (pc >= 0)
    both = np.zeros(len(of_unit), dtype=bool)
    if pair.act:
        beside = np.union1d(beside_first, beside_second)
        right = read_right(pair, pc, beside, (seats_read > 0) & (pc >= 0))
        # One line (or one term) billing both products at a client: its seats are the sum.
        # No row can be compared as two products, so the question holds it.
        both = (
            (pc >= 0)
            & (seats_first > 0)
            & (seats_second > 0)
            & counts_agree(qty, seats_first + seats_second)
            & ~counts_agree(qty, seats_first)
            & ~counts_agree(qty, seats_second)
            & ~by_cost
        )
        first_rows = of_unit[~to_second & ~right & ~both]
        other_rows = of_unit[to_second & ~both]
    else:
        ruled = rows.rule[of_unit]
        first_rows = of_unit[ruled & in_sorted(pc, pair.first_at)]
        other_rows = of_unit[ruled & in_sorted(pc, pair.second_at)]
    text = str(p_all[G.PRODUCT_NAME].iat[int(of_unit[0])])
    other = Second(second, len(pair.second_at), other_rows, pair.second_at, of_unit[both])
    return Reading(
        key, text, first, total, len(pair.first_at), pair.act, first_rows, pair.first_at, other
    )


def _claimed(
    by_unit: Mapping[int, list[tuple[int, int, list[int], int]]],
) -> dict[int, list[tuple[int, set[int]]]]:
    """Vendor product code -> (unit, clients) of each spelling whose best candidate it is."""
    out: dict[int, list[tuple[int, set[int]]]] = {}
    for unit, found in by_unit.items():
        if found:
            out.setdefault(found[0][1], []).append((unit, set(found[0][2])))
    return out


def _unclaimed(
    candidate: tuple[int, int, list[int], int],
    unit: int,
    claimed: Mapping[int, list[tuple[int, set[int]]]],
) -> int:
    """A rival's clients, less those where another doubted spelling there has the rival as
    its own best candidate.

    Two texts misread as one product at the same clients ("M365 Business" billing Standard,
    "Microsoft 365 Business" billing Basic) each see the other's product unbilled beside
    them, with equal seats wherever the client buys both for everyone: the other text's
    product is that text's answer at those clients, no rival to this one's.
    """
    count, code, at, _ = candidate
    others = [clients for other, clients in claimed.get(code, []) if other != unit]
    if not others:
        return count
    return sum(1 for pc in at if not any(pc in clients for clients in others))
