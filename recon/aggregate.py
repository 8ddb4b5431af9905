"""Collapse one side's lines into one group per (client, product), exactly and fast.

Several lines for one client and product (two subscriptions, prorations, add/remove-quantity
lines, credits with negative quantity) sum to its current seat count. The unit price of a
group is the seat-weighted average over its positive, priced lines, kept as exact integers
(``ext`` in 1e-9 money units and ``priced`` in milli-seats) until a gap is priced.

Names are normalised and products identified once per distinct value; rows are grouped on
integer codes, so the cost is linear in rows and the Python work is linear in distinct names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.commitments import (
    DEFAULT_POLICY,
    NEXT_END,
    NO_DEADLINE,
    REDUCE_UNTIL,
    WINDOW_OPEN,
    deadlines,
    pack,
    term_hint,
)
from recon.match import ClientName, ProductIdentity, ProductResolver
from recon.match.clients import SPELLING_SEP, company_spelling
from recon.model import MONEY_SCALE, QTY_SCALE, Col, G, Side
from recon.normalize import client_key

#: ``ext`` is milli-seats x micro-money: divide by this for money.
EXT_SCALE = QTY_SCALE * MONEY_SCALE

USAGE_BASED = "usage-based product (not seat-reconciled)"
IGNORED = "product ignored by a person"


@dataclass(frozen=True, slots=True)
class SideGroups:
    """One side after grouping.

    Attributes:
        side: vendor or PSA.
        groups: one row per (client identity, product key), columns of :class:`G`.
        clients: every distinct client, for the matcher.
        products: product key -> its identity.
        dropped: reason -> lines the engine set aside (usage-based, ignored by a person).
    """

    side: Side
    groups: pd.DataFrame
    clients: tuple[ClientName, ...]
    products: Mapping[str, ProductIdentity]
    dropped: Mapping[str, int]


def group_side(
    lines: pd.DataFrame,
    *,
    side: Side,
    resolver: ProductResolver,
    policy: str = DEFAULT_POLICY,
    as_of: dt.date | None = None,
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

    Returns:
        The groups, the distinct clients and products, and the lines set aside.
    """
    if lines.empty:
        return SideGroups(side, _empty_groups(), (), {}, {})

    # Products: identify each distinct (name, sku) once. A PSA bundle line stands for
    # several products, so it becomes one line per component (with no price of its own:
    # the bundle's price is not any one component's).
    product_codes, product_pairs = _factorize_pairs(lines[Col.PRODUCT], lines[Col.SKU])
    per_product: list[tuple[ProductIdentity, ...]] = []
    bundled = np.zeros(len(product_pairs), dtype=bool)
    for i, (name, sku) in enumerate(product_pairs):
        components = resolver.components(name, sku) if side is Side.PSA else None
        bundled[i] = components is not None
        per_product.append(components or (resolver.identify(name, sku),))
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

    row_counts = counts[product_codes]
    rows = np.repeat(np.arange(len(lines)), row_counts)
    nth = np.arange(len(rows)) - np.repeat(np.cumsum(row_counts) - row_counts, row_counts)
    flat_index = offsets[product_codes[rows]] + nth
    keep = seat_based[flat_index] & ~ignored[product_codes[rows]]
    product_key_codes, product_keys = pd.factorize(pd.Index([p.key for p in flat]), sort=False)
    products: dict[str, ProductIdentity] = {}
    for found in flat:
        products.setdefault(found.key, found)
    row_product = product_key_codes[flat_index[keep]]
    kept = lines.iloc[rows[keep]].reset_index(drop=True)
    if bundled.any():
        in_bundle = bundled[product_codes[rows[keep]]]
        kept[Col.UNIT] = kept[Col.UNIT].mask(pd.Series(in_bundle))

    # Clients: normalise each distinct spelling once; vendor tenants keep their id.
    name_codes, names = pd.factorize(kept[Col.CLIENT], sort=False)
    name_keys = np.array([client_key(name) for name in names], dtype=object)
    if side is Side.VENDOR:
        name_keys = _split_spellings(names, name_keys)
    else:
        name_keys = _split_spellings(names, name_keys, spell=company_spelling)
    identity = pd.Series(name_keys[name_codes], index=kept.index, dtype=object)
    if side is Side.VENDOR:
        has_id = kept[Col.CLIENT_ID] != ""
        identity = identity.where(~has_id, "id:" + kept[Col.CLIENT_ID])
    client_codes, client_identities = pd.factorize(identity, sort=False)

    qty = kept[Col.QTY].to_numpy(dtype=np.int64)
    unit = kept[Col.UNIT]
    known = unit.notna().to_numpy()
    unit_values = unit.fillna(0).to_numpy(dtype=np.int64)
    priced = np.where(known, np.maximum(qty, 0), 0)
    term_codes, term_values = pd.factorize(_terms(kept, side), sort=False)
    n_terms = max(len(term_values), 1)
    frame = pd.DataFrame(
        {
            "g": (client_codes.astype(np.int64) * len(product_keys) + row_product) * n_terms
            + term_codes,
            G.QTY: qty,
            G.PRICED: priced,
            G.EXT: priced * unit_values,
            G.UNIT_ANY: np.where(known, unit_values, -1),
            G.DEADLINE: _deadlines(kept, side, policy, as_of),
            "i": np.arange(len(qty)),
        }
    )
    sums = frame.groupby("g", sort=False).agg(
        **{
            G.QTY: (G.QTY, "sum"),
            G.PRICED: (G.PRICED, "sum"),
            G.EXT: (G.EXT, "sum"),
            G.UNIT_ANY: (G.UNIT_ANY, "max"),
            G.DEADLINE: (G.DEADLINE, "min"),
            "first": ("i", "min"),
        }
    )
    first_row = sums["first"].to_numpy()
    group_codes, group_terms = np.divmod(sums.index.to_numpy(), n_terms)
    client_names = kept[Col.CLIENT].to_numpy()[first_row]
    product_names = _product_labels(kept).to_numpy()[first_row]
    currency = kept[Col.CURRENCY] if Col.CURRENCY in kept.columns else None
    groups = pd.DataFrame(
        {
            G.CLIENT: client_identities.to_numpy()[group_codes // len(product_keys)],
            G.PRODUCT: product_keys.to_numpy()[group_codes % len(product_keys)],
            G.QTY: sums[G.QTY].to_numpy(),
            G.PRICED: sums[G.PRICED].to_numpy(),
            G.EXT: sums[G.EXT].to_numpy(),
            G.UNIT_ANY: sums[G.UNIT_ANY].to_numpy(),
            G.CLIENT_NAME: client_names,
            G.PRODUCT_NAME: product_names,
            G.TERM: np.asarray(term_values, dtype=np.int64)[group_terms]
            if len(term_values)
            else np.zeros(len(sums), dtype=np.int64),
            G.DEADLINE: sums[G.DEADLINE].to_numpy(),
            G.CURRENCY: currency.to_numpy()[first_row] if currency is not None else "",
        }
    )
    clients = _clients(kept, client_codes, client_identities, frame[G.EXT].to_numpy())
    return SideGroups(side, groups, clients, products, dropped)


_SPELLING = re.compile(r"[^0-9a-z]+")


def _split_spellings(
    names: pd.Index,
    keys: npt.NDArray[np.object_],
    spell: Callable[[str], str] | None = None,
) -> npt.NDArray[np.object_]:
    """Client identities: the key, or key + spelling when spellings differing by more than case
    and punctuation share it.

    "Rogers Veterinary Ltd" and "rogers vet" have one key, but a vendor file that writes both
    may be billing two clients (a "Rogers Veterinary Collective" dropped its last word). Kept
    apart, each is paired on its own: by the same key they still reach the same PSA client,
    and the evidence can send one to a sibling.

    On the PSA side (``spell`` is :func:`recon.match.clients.company_spelling`) the company
    list is authoritative: "Vaughn Properties Management" and "Vaughn Property Management, LP"
    share a key but are two companies, and each stays one client through matching and gaps.
    """
    # Names are distinct: only a key two of them share needs their spellings.
    sharing = pd.Series(keys).duplicated(keep=False).to_numpy()
    if not sharing.any():
        return keys
    spell = spell or _vendor_spelling
    spellings = np.array(
        [spell(str(n)) if s else "" for n, s in zip(names, sharing, strict=True)], dtype=object
    )
    seen = pd.DataFrame({"k": keys, "s": spellings}).drop_duplicates()
    shared = set(seen["k"][seen["k"].duplicated(keep=False)])
    if not shared:
        return keys
    return np.array(
        [k + SPELLING_SEP + s if k in shared else k for k, s in zip(keys, spellings, strict=True)],
        dtype=object,
    )


def _vendor_spelling(name: str) -> str:
    return _SPELLING.sub(" ", name.casefold()).strip()


def _terms(lines: pd.DataFrame, side: Side) -> npt.NDArray[np.int64]:
    """Per line, the term its group is kept apart by: the vendor's commitment term, or the
    term a PSA product's name says it bills ("- Annual"), else 0."""
    if Col.TERM in lines.columns:
        terms = lines[Col.TERM].to_numpy(dtype=np.int64)
    else:
        terms = np.zeros(len(lines), dtype=np.int64)
    if side is Side.PSA:
        codes, names = pd.factorize(_product_labels(lines), sort=False)
        hints = np.array([term_hint(str(n)) for n in names], dtype=np.int64)
        if len(hints):
            terms = np.where(terms > 0, terms, hints[codes])
    return terms


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


def _factorize_pairs(
    names: pd.Series, skus: pd.Series
) -> tuple[npt.NDArray[np.int64], list[tuple[str, str]]]:
    """Codes of distinct (name, SKU) pairs; five times faster than a MultiIndex factorize."""
    name_codes, name_values = pd.factorize(names, sort=False)
    sku_codes, sku_values = pd.factorize(skus, sort=False)
    combined = name_codes.astype(np.int64) * max(len(sku_values), 1) + sku_codes
    codes, uniques = pd.factorize(combined, sort=False)
    width = max(len(sku_values), 1)
    pairs = [(str(name_values[int(u) // width]), str(sku_values[int(u) % width])) for u in uniques]
    return codes.astype(np.int64), pairs


def _product_labels(lines: pd.DataFrame) -> pd.Series:
    """The product text as written: the name, or the SKU when a line has no name."""
    return lines[Col.PRODUCT].where(lines[Col.PRODUCT] != "", lines[Col.SKU])


def _clients(
    lines: pd.DataFrame,
    codes: np.ndarray,
    identities: pd.Index,
    ext: np.ndarray,
) -> tuple[ClientName, ...]:
    """One :class:`ClientName` per identity: first spelling, its key, its id and its money."""
    by_client = pd.DataFrame({"c": codes, "ext": ext, "i": np.arange(len(codes))})
    money = by_client.groupby("c", sort=True)["ext"].sum()
    first = by_client.groupby("c", sort=True)["i"].min()
    names = lines[Col.CLIENT].to_numpy()
    ids = lines[Col.CLIENT_ID].to_numpy()
    out = []
    for code, row, total in zip(first.index, first.to_numpy(), money.to_numpy(), strict=True):
        name = str(names[row])
        out.append(
            ClientName(
                identity=str(identities[int(code)]),
                name=name,
                key=client_key(name),
                external_id=str(ids[row]),
                money=Decimal(int(total)) / EXT_SCALE,
            )
        )
    return tuple(out)


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
            G.CLIENT_NAME: text,
            G.PRODUCT_NAME: text,
            G.TERM: number,
            G.DEADLINE: number,
            G.CURRENCY: text,
        }
    )
