"""What grouping keeps apart: the lines of a text no catalogue rule reads, lines of one group
whose own unit costs differ too much, PSA spellings several of which read as one product,
and client spellings that share a key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.codes import renumber
from recon.engine.group_codes import reduce_by_code
from recon.match import ProductIdentity
from recon.match.clients import SPELLING_SEP
from recon.model import Col, ProductMethod


def lines_apart(
    codes: npt.NDArray[np.intp],
    count: int,
    flat: Sequence[ProductIdentity],
    row_identity: npt.NDArray[np.int64],
    wide: npt.NDArray[np.bool_] | None = None,
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Groups that keep apart the lines of a text no catalogue rule reads (a name of the
    MSP's own, or one a person mapped): each such line is its own group.

    One text may bill two products at one client ("Microsoft 365 Plan" on a Business
    Standard line and on a Business Premium line): summed, neither line's seats could show
    which product it is. Every reader that wants the client's seats sums the rows again.

    Args:
        codes: per row, its (client, product, term) numbered by first sight (0 .. count - 1).
        count: how many (client, product, term) there are.
        flat: the product identities ``row_identity`` points into.
        row_identity: per row, its product identity.
        wide: rows to keep apart too (:func:`costs_apart`).

    Returns:
        Per row, its group numbered by first sight, and per group its (client, product,
        term) code: as ``pd.factorize`` of the (client, product, term) key widened by each
        kept-apart line's place among its key's lines, without hashing the rows again.
    """
    apart = np.array(
        [i.method in (ProductMethod.NAME, ProductMethod.ALIAS) for i in flat], dtype=bool
    )[row_identity]
    if wide is not None:
        apart |= wide
    if not apart.any():
        return codes, np.arange(count, dtype=np.intp)
    rows = np.flatnonzero(apart)
    # A kept-apart line after its key's first is a group of its own: numbered after the keys,
    # so every group's number stays within the rows' count and needs no hashing to renumber.
    extra = rows[nth_of_code(codes[rows]) > 0]
    groups = codes.astype(np.intp, copy=True)
    groups[extra] = count + np.arange(len(extra), dtype=np.intp)
    found, firsts = renumber(groups, count + len(extra))
    key_of = np.concatenate([np.arange(count, dtype=np.intp), codes[extra]])
    return found, key_of[firsts]


def nth_of_code(codes: npt.NDArray[np.integer]) -> npt.NDArray[np.int64]:
    """Per row, how many earlier rows have its code (``groupby(codes).cumcount()``), by one
    stable sort rather than a group-by that hashes the codes again."""
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    run_start = np.repeat(starts, np.diff(np.append(starts, len(ordered))))
    out = np.empty(len(codes), dtype=np.int64)
    out[order] = np.arange(len(codes), dtype=np.int64) - run_start
    return out


#: Lines of one group whose own unit costs differ by more than this factor are kept apart:
#: two lines of one product differ by a few %, a newer edition billed under an old item name
#: costs a third more or several times as much (recon.engine.price_readings).
COSTS_APART = 1.15


def costs_apart(
    codes: npt.NDArray[np.intp],
    count: int,
    lines: pd.DataFrame,
    kept: npt.NDArray[np.intp],
    bundled: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_] | None:
    """Rows of the groups whose lines' unit costs differ by more than :data:`COSTS_APART`
    (None when no line has a cost); ``codes``: per row, its group (0 .. count - 1)."""
    if Col.COST not in lines.columns:
        return None
    cost = lines[Col.COST]
    known = cost.notna().to_numpy()[kept] & ~bundled
    if not known.any():
        return None
    values = cost.fillna(0).to_numpy(dtype=np.int64)[kept][known]
    costed = codes[known]
    # A group with no cost keeps the starting values (lowest: the most, highest: 0): never wide.
    low = reduce_by_code(np.minimum, costed, values, count, np.iinfo(np.int64).max)
    high = reduce_by_code(np.maximum, costed, values, count, 0)
    wide = high > COSTS_APART * np.maximum(low, 1)
    if not wide.any():
        return None
    return wide[codes]


def spelling_units(
    flat: list[ProductIdentity],
    pairs: Sequence[tuple[str, str]],
    counts: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.int64], frozenset[str], tuple[str, ...]]:
    """One grouping unit per PSA product identity, or per spelling where several spellings
    read as one identity.

    Returns:
        The identity key of each unit, the unit of each flat identity, the keys split, and
        the spelling of each unit ("" where its key is not split).
    """
    labels = [
        name or sku for (name, sku), n in zip(pairs, counts.tolist(), strict=True) for _ in range(n)
    ]
    seen: dict[str, set[str]] = {}
    for identity, label in zip(flat, labels, strict=True):
        seen.setdefault(identity.key, set()).add(label)
    spelled = frozenset(key for key, written in seen.items() if len(written) > 1)
    units: dict[tuple[str, str], int] = {}
    codes = np.empty(len(flat), dtype=np.int64)
    for i, (identity, label) in enumerate(zip(flat, labels, strict=True)):
        unit = (identity.key, label if identity.key in spelled else "")
        codes[i] = units.setdefault(unit, len(units))
    keys = np.array([key for key, _ in units], dtype=object)
    return keys, codes, spelled, tuple(label for _, label in units)


_SPELLING = re.compile(r"[^0-9a-z]+")


def split_spellings(
    names: npt.NDArray[np.object_],
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
    spellings = np.full(len(keys), "", dtype=object)
    where = np.flatnonzero(sharing)
    spellings[where] = [spell(str(name)) for name in names[where].tolist()]
    seen = pd.DataFrame({"k": keys, "s": spellings}).drop_duplicates()
    shared = set(seen["k"][seen["k"].duplicated(keep=False)])
    if not shared:
        return keys
    split = np.flatnonzero(pd.Series(keys).isin(shared).to_numpy())
    out = keys.copy()
    out[split] = [
        key + SPELLING_SEP + spelling
        for key, spelling in zip(keys[split].tolist(), spellings[split].tolist(), strict=True)
    ]
    return out


def _vendor_spelling(name: str) -> str:
    return _SPELLING.sub(" ", name.casefold()).strip()
