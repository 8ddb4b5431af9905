"""Collapse one side's lines into one group per (client, product), exactly and fast.

Several lines for one client and product (two subscriptions, prorations, add/remove-quantity
lines, credits with negative quantity) sum to its current seat count. The unit price of a
group is the seat-weighted average over its positive, priced lines, kept as exact integers
(``ext`` in 1e-9 money units and ``priced`` in milli-seats) until a gap is priced.

Names are normalised and products identified once per distinct value; rows are grouped on
integer codes, so the cost is linear in rows and the Python work is linear in distinct names.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.bulk_keys import KeyedNames, keyed_names
from recon.codes import factorize_text, narrowest, renumber
from recon.commitments import DEFAULT_POLICY, term_hint
from recon.engine.deadlines import NEXT_END, NO_DEADLINE, REDUCE_UNTIL, WINDOW_OPEN, deadlines, pack
from recon.engine.group_apart import costs_apart, lines_apart, spelling_units, split_spellings
from recon.engine.group_codes import (
    categorical,
    factorize_pairs,
    on_first_of,
    reduce_by_code,
)
from recon.engine.item_codes import read_by_item_code
from recon.engine.product_ids import joined_by_product_id
from recon.engine.records import records
from recon.match import ClientName, ProductIdentity, ProductResolver
from recon.match.clients import company_spelling
from recon.match.line_seats import SubscriptionSeats
from recon.match.office_words import office_repeats
from recon.model import MONEY_SCALE, QTY_SCALE, Col, G, ProductMethod, Side

#: ``ext`` is milli-seats x micro-money: divide by this for money.
EXT_SCALE = QTY_SCALE * MONEY_SCALE

USAGE_BASED = "usage-based product (not seat-reconciled)"
IGNORED = "product ignored by a person"


@dataclass(frozen=True, slots=True)
class SideGroups:
    """One side after grouping.

    Attributes:
        side: vendor or PSA.
        groups: one row per (client identity, product key, term), columns of :class:`G`
            (per spelling too for the keys in ``spelled``).
        clients: every distinct client, for the matcher.
        products: product key -> its identity.
        dropped: reason -> lines the engine set aside (usage-based, ignored by a person).
        spelled: PSA product keys that several spellings read as: their groups are one row
            per (client, spelling, term), so a misread spelling keeps its own seats (default:
            none).
        spellings: PSA only: per group row, a code for its (identity, spelling), one code
            per identity that a single spelling reads as (default: none).
        spelling_keys: the identity key of each spelling code.
        spelling_names: the spelling of each spelling code ("" for an identity only one
            spelling reads as).
        identity_qty: per group row, when ``spelled``: the seats of its (client, identity,
            term) on the first such row and 0 on the others, so whole lines can be read
            without grouping again (default: none).
        mapped: product keys a person's alias reads some spelling as, whichever spelling
            ``products`` keeps for the key (default: none).
        client_names: the side's client spellings as keyed, with the words their keys keep,
            and ``client_spelling``: per client in ``clients``, its name's index there, so
            matching counts the clients' words without reading the names again
            (:func:`population_count`; default: none).
        ended_on: vendor only: (client, product) as written -> the day a subscription kept as
            evidence ended (:mod:`recon.formats.ended`; default: none).
        evidence: vendor only: (client, product) as written of the lines kept only as
            evidence (:attr:`recon.model.LineSet.evidence`; default: none).
        gone: customers the vendor file shows only ended, or companies the PSA file bills
            only stopped lines (:attr:`recon.model.LineSet.gone`; default: none).
        line_seats: vendor only: each subscription line's seats where a client holds a
            product on several (:class:`recon.match.line_seats.SubscriptionSeats`;
            default: none kept).
    """

    side: Side
    groups: pd.DataFrame
    clients: tuple[ClientName, ...]
    products: Mapping[str, ProductIdentity]
    dropped: Mapping[str, int]
    spelled: frozenset[str] = frozenset()
    spellings: npt.NDArray[np.integer] | None = None
    spelling_keys: tuple[str, ...] = ()
    spelling_names: tuple[str, ...] = ()
    identity_qty: npt.NDArray[np.int64] | None = None
    mapped: frozenset[str] = frozenset()
    client_names: KeyedNames | None = None
    client_spelling: npt.NDArray[np.intp] | None = None
    ended_on: Mapping[tuple[str, str], dt.date] = dataclasses.field(default_factory=dict)
    evidence: frozenset[tuple[str, str]] = frozenset()
    gone: frozenset[str] = frozenset()
    line_seats: SubscriptionSeats | None = None


def population_count(*sides: SideGroups) -> Callable[[str], int] | None:
    """``count(word)``: how many of these sides' clients' names write a word, as
    :func:`recon.match.fuzzy.population_words` counts ``[c.name for c in clients]``, on the
    words grouping read (None when a side kept none).

    Args:
        sides: grouped sides.
    """
    counts: Counter[str] = Counter()
    names: list[str] = []
    keys: list[str] = []
    for side in sides:
        if side.client_names is None or side.client_spelling is None:
            return None
        counts.update(side.client_names.word_counts(side.client_spelling))
        picks = side.client_spelling.tolist()
        written, keyed = side.client_names.names, side.client_names.keys
        names.extend(str(written[i]) for i in picks)
        keys.extend(str(keyed[i]) for i in picks)
    # A client's office writing its words again counts once with it, as population_words
    # counts them.
    counts.subtract(office_repeats(names, keys))
    return lambda word: counts.get(word, 0)


def group_side(
    lines: pd.DataFrame,
    *,
    side: Side,
    resolver: ProductResolver,
    policy: str = DEFAULT_POLICY,
    as_of: dt.date | None = None,
    sold: Collection[str] = (),
) -> SideGroups:
    """Identify clients and products in a canonical line frame and sum it per pair and term.

    Args:
        lines: canonical lines (columns :attr:`recon.model.Col.ALL`; commitment columns
            that are absent count as unknown).
        side: which side they come from; vendor clients are keyed by their source id
            (tenant id) where present, PSA clients by their normalised name.
        resolver: product identification (aliases, catalogue, name).
        policy: the vendor's cancellation policy (:func:`recon.commitments.policy_for`).
        as_of: the day reduction deadlines are judged on (None: no deadlines).
        sold: the PSA side only: the vendor side's product keys, which tell a PSA item code
            that spans a product line's editions (:mod:`recon.engine.item_codes`).

    Returns:
        The groups, the distinct clients and products, and the lines set aside.
    """
    if lines.empty:
        return SideGroups(side, _empty_groups(), (), {}, {})

    # Products: identify each distinct (name, sku) once. A PSA bundle line stands for
    # several products, so it becomes one line per component (with no price of its own:
    # the bundle's price is not any one component's).
    product_codes, product_pairs = factorize_pairs(lines[Col.PRODUCT], lines[Col.SKU])
    per_product: list[tuple[ProductIdentity, ...]] = []
    bundled = np.zeros(len(product_pairs), dtype=bool)
    for i, (name, sku) in enumerate(product_pairs):
        components = resolver.components(name, sku) if side is Side.PSA else None
        bundled[i] = components is not None
        per_product.append(components or (resolver.identify(name, sku),))
    if side is Side.PSA:
        # A description no rule reads, billed under a code the catalogue reads as one product.
        per_product = read_by_item_code(product_pairs, per_product, frozenset(sold))
    unit_pairs = product_pairs
    if side is Side.PSA:
        joined = joined_by_product_id(
            product_pairs,
            [None if b else c[0] for b, c in zip(bundled.tolist(), per_product, strict=True)],
            product_codes,
            factorize_text(lines[Col.CLIENT])[0].astype(np.int64),
        )
        if joined:
            # One catalogue item under two descriptions: one identity and one spelling unit,
            # so their seats are summed (the terms each description says stay its own).
            unit_pairs = list(product_pairs)
            for i, lead in joined.items():
                per_product[i] = per_product[lead]
                unit_pairs[i] = product_pairs[lead]
    counts = np.array([len(c) for c in per_product], dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum(counts)[:-1]))
    flat = [identity for components in per_product for identity in components]
    seat_based = np.array([p.seat_based for p in flat], dtype=bool)
    ignored = np.array(
        [side is Side.PSA and resolver.is_ignored(name, sku) for name, sku in product_pairs],
        dtype=bool,
    )
    any_seats = np.array(
        [seat_based[o : o + c].any() for o, c in zip(offsets, counts, strict=True)], dtype=bool
    )
    dropped: dict[str, int] = {}
    usage_rows = int((~any_seats[product_codes]).sum())
    ignored_rows = int((ignored[product_codes] & any_seats[product_codes]).sum())
    if usage_rows:
        dropped[USAGE_BASED] = usage_rows
    if ignored_rows:
        dropped[IGNORED] = ignored_rows

    if bool((counts == 1).all()):  # no bundle: one line stays one line
        rows = np.arange(len(lines))
        flat_index = offsets[product_codes]
    else:
        row_counts = counts[product_codes]
        rows = np.repeat(np.arange(len(lines)), row_counts)
        nth = np.arange(len(rows)) - np.repeat(np.cumsum(row_counts) - row_counts, row_counts)
        flat_index = offsets[product_codes[rows]] + nth
    keep = seat_based[flat_index] & ~ignored[product_codes[rows]]
    row_identity = flat_index[keep]
    product_key_codes, product_keys = pd.factorize(pd.Index([p.key for p in flat]), sort=False)
    products: dict[str, ProductIdentity] = {}
    for identity in flat:
        products.setdefault(identity.key, identity)
    row_product = product_key_codes[row_identity]
    # PSA lines are grouped per spelling (each (name, SKU) read), not only per identity: a
    # spelling a rule misread as a product the client also bills under its right name must
    # not be summed into that line, or the seats could never show which product it is.
    # Rows of one identity are summed again when the sides are joined. Only identities that
    # more than one spelling reads as are split (``spelled``).
    unit_keys = np.asarray(product_keys, dtype=object)
    spelled: frozenset[str] = frozenset()
    unit_names: tuple[str, ...] = ()
    if side is Side.PSA:
        unit_keys, unit_codes, spelled, unit_names = spelling_units(flat, unit_pairs, counts)
        row_product = unit_codes[row_identity]
    # Every column is read through integer codes of the kept rows: no frame is copied.
    kept = rows[keep]
    kept_pairs = product_codes[kept]
    # A row-long array is 6 MiB at 60,000 clients, and a dozen of them stayed alive to the
    # end, under the side's peak: each is let go once the last reader has it.
    del rows, keep, flat_index, product_codes

    # Clients: normalise each distinct spelling once (in the order the rows first show it);
    # vendor tenants keep their id.
    all_names, name_values = factorize_text(lines[Col.CLIENT])
    name_codes, used = renumber(all_names[kept], len(name_values))
    del all_names
    names = name_values[used]
    keyed = keyed_names(names)
    raw_keys = keyed.keys
    name_keys = split_spellings(
        names, raw_keys, spell=None if side is Side.VENDOR else company_spelling
    )
    key_codes, key_values = pd.factorize(name_keys, sort=False)
    identity_of = key_codes[name_codes].astype(np.int64)
    all_ids, id_text = factorize_text(lines[Col.CLIENT_ID])
    row_ids = all_ids[kept]
    if side is Side.VENDOR:
        has_id = id_text[row_ids] != "" if len(id_text) else np.zeros(len(kept), dtype=bool)
        identity_of = np.where(has_id, len(key_values) + row_ids, identity_of)
    client_codes, identity_numbers = renumber(identity_of, len(key_values) + len(id_text))
    del identity_of, all_ids
    identity_text = np.concatenate(
        [
            np.asarray(key_values, dtype=object),
            np.array(["id:" + str(i) for i in id_text], dtype=object),
        ]
    )
    client_identities = identity_text[identity_numbers]

    qty = lines[Col.QTY].to_numpy(dtype=np.int64)[kept]
    unit = lines[Col.UNIT]
    known = unit.notna().to_numpy()[kept]
    if bundled.any():
        known &= ~bundled[kept_pairs]
    unit_values = np.where(known, unit.fillna(0).to_numpy(dtype=np.int64)[kept], 0)
    priced = np.where(known, np.maximum(qty, 0), 0)
    ext = priced * unit_values
    n_products = len(unit_keys)
    labels = np.array([name or sku for name, sku in product_pairs], dtype=object)
    term_codes, term_values = _term_codes(_terms(lines, kept, labels, kept_pairs, side))
    n_terms = max(len(term_values), 1)
    # A product bought on several subscriptions: each one's seats, before they are summed.
    line_seats = (
        SubscriptionSeats(client_codes, row_product, qty, client_identities, unit_keys)
        if side is Side.VENDOR
        else None
    )
    # Summed per (client, product, term) over integer codes with NumPy's unbuffered ufuncs:
    # exact int64 sums, no frame built of a million rows only to be grouped. Groups come in
    # the order the rows first show them.
    grouped = (client_codes.astype(np.int64) * n_products + row_product) * n_terms + term_codes
    # The (client, product, term) keys are hashed once; what keeps lines apart works on codes.
    found, keys = pd.factorize(grouped, sort=False)
    del grouped, term_codes, row_product
    key_of = np.arange(len(keys), dtype=np.intp)
    if side is Side.PSA:
        wide = costs_apart(found, len(keys), lines, kept, bundled[kept_pairs])
        found, key_of = lines_apart(found, len(keys), flat, row_identity, wide)
        del wide
    del row_identity
    count = len(key_of)
    sums = {
        G.QTY: reduce_by_code(np.add, found, qty, count, 0),
        G.PRICED: reduce_by_code(np.add, found, priced, count, 0),
        G.EXT: reduce_by_code(np.add, found, ext, count, 0),
        G.UNIT_ANY: reduce_by_code(
            np.maximum, found, np.where(known, unit_values, -1), count, np.iinfo(np.int64).min
        ),
        G.DEADLINE: reduce_by_code(
            np.minimum,
            found,
            _deadlines(lines, side, policy, as_of)[kept],
            count,
            np.iinfo(np.int64).max,
        ),
    }
    # A unit cost in micro-units, or -1 for none (every vendor group): read only by comparing
    # it and widening it (to_numpy(dtype=np.int64)), so held narrow.
    cost = narrowest(_costs(lines, kept, bundled[kept_pairs], found, count))
    first_row = reduce_by_code(
        np.minimum, found, np.arange(len(qty), dtype=np.int64), count, np.iinfo(np.int64).max
    )
    del found, qty, priced, unit_values, known
    group_codes, group_terms = np.divmod(np.asarray(keys, dtype=np.int64)[key_of], n_terms)
    currency = factorize_text(lines[Col.CURRENCY]) if Col.CURRENCY in lines.columns else None
    groups = pd.DataFrame(
        {
            G.CLIENT: categorical(client_identities, group_codes // n_products, distinct=True),
            G.PRODUCT: categorical(unit_keys, group_codes % n_products),
            G.QTY: sums[G.QTY],
            # Priced seats and the highest unit price are only widened (to_numpy(dtype=
            # np.int64)) by their readers, never summed as they are: held narrow. Seats and
            # money (QTY, EXT) stay int64, for frames sum them.
            G.PRICED: narrowest(sums.pop(G.PRICED)),
            G.EXT: sums[G.EXT],
            G.UNIT_ANY: narrowest(sums.pop(G.UNIT_ANY)),
            G.COST: cost,
            G.CLIENT_NAME: categorical(names, name_codes[first_row], distinct=True),
            G.PRODUCT_NAME: categorical(labels, kept_pairs[first_row]),
            # A term in months: int16 for every real file (readers widen it to int64).
            G.TERM: narrowest(np.asarray(term_values, dtype=np.int64))[group_terms]
            if len(term_values)
            else np.zeros(count, dtype=np.int16),
            G.DEADLINE: sums[G.DEADLINE],
            G.CURRENCY: categorical(currency[1], currency[0][kept[first_row]])
            if currency is not None
            else "",
        },
        copy=False,  # fresh arrays: no need to copy the integer ones into one block
    )
    clients, client_spelling = _clients(
        client_codes, client_identities, ext, names, name_codes, raw_keys, id_text, row_ids
    )
    spellings = identity_qty = None
    if side is Side.PSA:
        # Codes of a few hundred spellings per group row: two bytes each, not eight.
        spellings = narrowest(group_codes % n_products)
        if spelled:
            key_code = {str(key): i for i, key in enumerate(product_keys)}
            unit_key = np.array([key_code[str(k)] for k in unit_keys], dtype=np.int64)
            # Rows of a product one spelling reads as are whole lines already, one key each:
            # only the others' (client, identity, term) keys are made.
            split = np.array([str(k) in spelled for k in unit_keys], dtype=bool)[spellings]
            at = np.flatnonzero(split)
            whole = (group_codes[at] // n_products) * len(product_keys) + unit_key[spellings[at]]
            identity_qty = on_first_of(
                key_of, len(keys), whole * n_terms + group_terms[at], split, sums[G.QTY]
            )
    return SideGroups(
        side,
        groups,
        clients,
        products,
        dropped,
        spelled,
        spellings,
        tuple(str(k) for k in unit_keys),
        unit_names,
        identity_qty,
        frozenset(
            found[0].key
            for found, bundle in zip(per_product, bundled.tolist(), strict=True)
            if not bundle and found[0].method is ProductMethod.ALIAS
        ),
        keyed,
        client_spelling,
        line_seats=line_seats,
    )


def _costs(
    lines: pd.DataFrame,
    kept: npt.NDArray[np.intp],
    bundled: npt.NDArray[np.bool_],
    found: npt.NDArray[np.intp],
    count: int,
) -> npt.NDArray[np.int64]:
    """The highest unit cost per group (-1 none): a bundle's cost is no one component's."""
    if Col.COST not in lines.columns:
        return np.full(count, -1, dtype=np.int64)
    cost = lines[Col.COST]
    known = cost.notna().to_numpy()[kept] & ~bundled
    values = np.where(known, cost.fillna(0).to_numpy(dtype=np.int64)[kept], -1)
    return reduce_by_code(np.maximum, found, values, count, -1)


def by_identity(groups: SideGroups) -> pd.DataFrame:
    """The groups read as whole lines: where several spellings of one identity are held by
    one client on one term, their seats are summed on the first row and the others carry
    none (readers of (product, seats) lines skip empty ones)."""
    if groups.identity_qty is None:
        return groups.groups
    return groups.groups.assign(**{G.QTY: groups.identity_qty})


def _terms(
    lines: pd.DataFrame,
    kept: npt.NDArray[np.int64],
    labels: npt.NDArray[np.object_],
    kept_pairs: npt.NDArray[np.int64],
    side: Side,
) -> npt.NDArray[np.int64]:
    """Per kept line, the term its group is kept apart by: the vendor's commitment term, or
    the term a PSA product's name says it bills ("- Annual"), else 0.

    Args:
        lines: canonical lines.
        kept: the rows of ``lines`` that are grouped (a bundle line repeats per component).
        labels: per distinct (name, SKU), the product text as written (name, else SKU).
        kept_pairs: per kept row, its (name, SKU) code.
        side: vendor or PSA.
    """
    if Col.TERM in lines.columns:
        terms = lines[Col.TERM].to_numpy(dtype=np.int64)[kept]
    else:
        terms = np.zeros(len(kept), dtype=np.int64)
    if side is Side.PSA and len(labels):
        # One look at each distinct product text, spread to the rows by code.
        hints = np.array([term_hint(str(n)) for n in labels], dtype=np.int64)
        terms = np.where(terms > 0, terms, hints[kept_pairs])
    return terms


def _term_codes(
    terms: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]]:
    """``pd.factorize(terms, sort=False)``: terms are a few month counts, so numbered without
    hashing a million lines (by :func:`recon.codes.renumber`) unless one is odd."""
    if len(terms) and int(terms.min()) >= 0 and int(terms.max()) < 1 << 16:
        codes, values = renumber(terms, int(terms.max()) + 1)
        return codes, values.astype(np.int64)
    found, uniques = pd.factorize(terms, sort=False)
    return found.astype(np.intp, copy=False), np.asarray(uniques, dtype=np.int64)


def _deadlines(
    lines: pd.DataFrame, side: Side, policy: str, as_of: dt.date | None
) -> npt.NDArray[np.int64]:
    """Per line, its reduction deadline packed for a ``min`` (none on the PSA side)."""
    if side is Side.PSA or as_of is None or len(lines) == 0:
        return np.full(len(lines), NO_DEADLINE, dtype=np.int64)
    dated = deadlines(lines, policy=policy, as_of=as_of)
    return pack(
        dated[REDUCE_UNTIL].to_numpy(dtype=np.int64),
        dated[WINDOW_OPEN].to_numpy(dtype=np.int64),
        dated[NEXT_END].to_numpy(dtype=np.int64),
    )


def _clients(
    codes: npt.NDArray[np.intp],
    identities: npt.NDArray[np.object_],
    ext: npt.NDArray[np.int64],
    names: npt.NDArray[np.object_],
    name_codes: npt.NDArray[np.intp],
    name_keys: npt.NDArray[np.object_],
    ids: npt.NDArray[np.object_],
    row_ids: npt.NDArray[np.intp],
) -> tuple[tuple[ClientName, ...], npt.NDArray[np.intp]]:
    """One :class:`ClientName` per identity (first spelling, its key, its id and its money),
    and per identity the index of that spelling in ``names``."""
    count = len(identities)
    # Every identity has rows (the codes come from factorizing them): sum and find its first
    # row over the integer codes, exact in int64, then build the records from plain lists.
    money = np.zeros(count, dtype=np.int64)
    np.add.at(money, codes, ext)
    first = np.full(count, len(codes), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(codes), dtype=np.int64))
    spelling = name_codes[first]
    external = ids[row_ids[first]].tolist() if len(ids) else [""] * count
    scale = Decimal(EXT_SCALE)
    # Columns from C iterators, the records filled a field at a time (recon.engine.records):
    # keywords, a generator step and a frozen constructor per client were most of the cost
    # of 60,000 records.
    clients = tuple(
        records(
            ClientName,
            [
                list(map(str, identities.tolist())),
                list(map(str, names[spelling].tolist())),
                list(map(str, name_keys[spelling].tolist())),
                list(map(str, external)),
                [Decimal(total) / scale for total in money.tolist()],
            ],
            count,
        )
    )
    return clients, spelling


def _empty_groups() -> pd.DataFrame:
    text, number = pd.Series(dtype=object), pd.Series(dtype=np.int64)
    return pd.DataFrame(
        {
            G.CLIENT: text,
            G.PRODUCT: text,
            G.QTY: number,
            G.PRICED: number,
            G.EXT: number,
            G.UNIT_ANY: number,
            G.COST: number,
            G.CLIENT_NAME: text,
            G.PRODUCT_NAME: text,
            G.TERM: number,
            G.DEADLINE: number,
            G.CURRENCY: text,
        }
    )
