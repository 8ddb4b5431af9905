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

from recon.engine.group_codes import reduce_by_code
from recon.match import ProductIdentity
from recon.match.clients import SPELLING_SEP
from recon.model import Col, ProductMethod


def lines_apart(
    grouped: npt.NDArray[np.int64],
    flat: Sequence[ProductIdentity],
    row_identity: npt.NDArray[np.int64],
    wide: npt.NDArray[np.bool_] | None = None,
) -> tuple[npt.NDArray[np.int64], int]:
    """Group keys that keep apart the lines of a text no catalogue rule reads (a name of the
    MSP's own, or one a person mapped): each line is its own group, numbered within its
    (client, product, term); returns the keys and the factor they were widened by.

    One text may bill two products at one client ("Microsoft 365 Plan" on a Business
    Standard line and on a Business Premium line): summed, neither line's seats could show
    which product it is. Every reader that wants the client's seats sums the rows again.
    """
    apart = np.array(
        [i.method in (ProductMethod.NAME, ProductMethod.ALIAS) for i in flat], dtype=bool
    )[row_identity]
    if wide is not None:
        apart |= wide
    if not apart.any():
        return grouped, 1
    keys = pd.Series(np.where(apart, grouped, -1))
    line = np.where(apart, keys.groupby(keys.to_numpy(), sort=False).cumcount().to_numpy(), 0)
    width = int(line.max()) + 1
    return grouped * width + line.astype(np.int64), width


#: Lines of one group whose own unit costs differ by more than this factor are kept apart:
#: two lines of one product differ by a few %, a newer edition billed under an old item name
#: costs a third more or several times as much (recon.engine.price_readings).
COSTS_APART = 1.15


def costs_apart(
    grouped: npt.NDArray[np.int64],
    lines: pd.DataFrame,
    kept: npt.NDArray[np.intp],
    bundled: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_] | None:
    """Rows of the groups whose lines' unit costs differ by more than :data:`COSTS_APART`
    (None when no line has a cost)."""
    if Col.COST not in lines.columns:
        return None
    cost = lines[Col.COST]
    known = cost.notna().to_numpy()[kept] & ~bundled
    if not known.any():
        return None
    values = cost.fillna(0).to_numpy(dtype=np.int64)[kept][known]
    found, keys = pd.factorize(grouped[known], sort=False)
    low = reduce_by_code(np.minimum, found, values, len(keys), np.iinfo(np.int64).max)
    high = reduce_by_code(np.maximum, found, values, len(keys), 0)
    wide = high > COSTS_APART * np.maximum(low, 1)
    if not wide.any():
        return None
    return np.isin(grouped, np.asarray(keys)[wide])


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
