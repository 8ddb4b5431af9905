"""Which pairing explains a line at one client: the per-client step of the evidence pass.

At one client, a PSA line the vendor file does not carry may sit beside several unbilled vendor
lines (and one vendor line beside several such PSA lines). A row (client, PSA product, vendor
product) counts as evidence only when it *explains* both its lines: it is their only plausible
pairing there, or the only one whose seats agree exactly, or the one the names settle by
:data:`NAME_MARGIN`. :mod:`recon.match.product_evidence` counts the explained rows across clients.

Everything works on integer codes, so its cost grows with the rows, never with clients squared.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

#: A name worth showing a person (and worth settling a tie by).
ASK_TEXT = 50.0
#: At one client, equal seats on several lines are told apart by names this much more alike.
NAME_MARGIN = 15.0

IntArray = npt.NDArray[np.int64]


#: A membership table (one byte per key of the wanted keys' range) is laid out only when the
#: range is at most this many bytes per key looked at, and :data:`TABLE_MAX` in all: the
#: (client, product) keys of a distributor's month span about 20 million for 1.2 million
#: keys (20 MB, for an instant).
TABLE_PER_KEY = 64
TABLE_MAX = 1 << 25


def isin_ints(
    values: npt.NDArray[np.int64], wanted: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    """``np.isin`` for int keys: by a table over the wanted keys' range where that range is
    narrow enough (:data:`TABLE_PER_KEY`, :data:`TABLE_MAX`), else by hash (``np.isin``
    sorts both arrays: a second on 900k keys). Hashing 800,000 wanted keys cost 200 ms at
    60,000 clients; the table, 40 ms."""
    if not len(values) or not len(wanted):
        return np.zeros(len(values), dtype=bool)
    values = np.asarray(values, dtype=np.int64)
    wanted = np.asarray(wanted, dtype=np.int64)
    low, high = int(wanted.min()), int(wanted.max())
    span = high - low + 1
    if span <= min(TABLE_PER_KEY * (len(values) + len(wanted)), TABLE_MAX):
        table = np.zeros(span, dtype=bool)
        table[wanted - low] = True
        inside = (values >= low) & (values <= high)
        found = np.zeros(len(values), dtype=bool)
        found[inside] = table[values[inside] - low]
        return found
    return np.asarray(pd.Series(values, copy=False).isin(wanted).to_numpy(), dtype=bool)


# Column names of the frames this module reads.
PC = "pc"
PSA_KEY = "psa_key"
VENDOR_KEY = "vendor_key"
QTY_P = "qty_p"
QTY_V = "qty_v"
#: Optional columns: each row's PSA line and vendor line code, carried from the orphan rows
#: through the join (:func:`line_codes`), so that no join of 700,000 rows is factorized again.
PSA_LINE = "psa_line"
VENDOR_LINE = "vendor_line"


def line_codes(pc: IntArray, keys: IntArray) -> IntArray:
    """A code per (client, product) row, equal where both are: which line of a side it is."""
    if not len(pc):
        return np.zeros(0, dtype=np.int64)
    low, first = int(pc.min()), int(keys.min())
    width = int(keys.max()) - first + 1
    found, _ = pd.factorize((pc - low) * width + (keys - first), sort=False)
    return found.astype(np.int64)


def line_keys(pairs: pd.DataFrame) -> tuple[IntArray, IntArray]:
    """Per row, a code for its PSA line and one for its vendor line at the client.

    Only which rows share a line matters (sizes, ties), never the codes' order or values:
    codes carried from the orphan rows (:data:`PSA_LINE`, :data:`VENDOR_LINE`) are used as
    they are.
    """
    if pairs.empty:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if PSA_LINE in pairs.columns and VENDOR_LINE in pairs.columns:
        return (
            pairs[PSA_LINE].to_numpy(dtype=np.int64),
            pairs[VENDOR_LINE].to_numpy(dtype=np.int64),
        )
    pc = pairs[PC].to_numpy(dtype=np.int64)
    psa, _ = pd.factorize(pc * (int(pairs[PSA_KEY].max()) + 1) + pairs[PSA_KEY].to_numpy())
    vendor, _ = pd.factorize(pc * (int(pairs[VENDOR_KEY].max()) + 1) + pairs[VENDOR_KEY].to_numpy())
    return psa.astype(np.int64), vendor.astype(np.int64)


def line_sizes(line: IntArray, rows: npt.NDArray[np.bool_]) -> IntArray:
    """Per row, how many of the ``rows`` share its line (meaningful on ``rows`` only)."""
    return np.bincount(line[rows], minlength=int(line.max()) + 1 if len(line) else 0)[line]


def explained_pairs(
    pairs: pd.DataFrame, text: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Which rows no other pairing at the same client explains, and which agree exactly.

    A row is explained when it is the only plausible pairing of its PSA line and of its vendor
    line at that client, or failing that the only one whose seats agree exactly on both sides,
    or failing that (seats agreeing exactly with more than one line) the one whose names are
    alike by :data:`NAME_MARGIN` more than any rival of either line at that client: two PSA
    lines of 27 seats beside two unbilled vendor lines of 27 are told apart by their names
    ("Teams Phone /user" is the Teams Phone licence, not the antivirus). Last, a pairing whose
    seats only nearly agree is explained the same way, by its names, among the lines no other
    row explains (:func:`_named_among_near`).

    Args:
        pairs: the plausible (client, PSA product, vendor product) rows, all as codes.
        text: each row's name score (default: names break no tie).
    """
    agree = (pairs[QTY_P] == pairs[QTY_V]).to_numpy()
    lines = line_keys(pairs)
    everywhere = np.ones(len(pairs), dtype=bool)
    unique = (line_sizes(lines[0], everywhere) == 1) & (line_sizes(lines[1], everywhere) == 1)
    explained = unique.copy()
    if agree.any():
        unique_agree = (
            agree & (line_sizes(lines[0], agree) == 1) & (line_sizes(lines[1], agree) == 1)
        )
        explained |= unique_agree
        if text is not None:
            tied = agree & ~explained
            named = _named_among_equals(lines, tied, text)
            explained |= named | _left_over(lines, tied, named)
    if text is not None:
        explained |= _named_among_near(lines, agree, explained, text)
    return explained, agree


def _named_among_equals(
    lines: tuple[IntArray, IntArray], tied: np.ndarray, text: np.ndarray
) -> npt.NDArray[np.bool_]:
    """Rows whose equal seats tie with others at the client but whose names settle it.

    Among the exactly agreeing rows of one PSA line at one client, and of one vendor line, the
    row must score best by name and every rival of either line at least :data:`NAME_MARGIN`
    lower; the name must also be worth showing (:data:`ASK_TEXT`).
    """
    out = np.zeros(len(tied), dtype=bool)
    if not tied.any():
        return out
    at = np.flatnonzero(tied)
    scores = np.asarray(text, dtype=np.float64)[at]
    clear = scores >= ASK_TEXT
    for line in lines:
        codes, uniques = pd.factorize(line[at], sort=False)
        top = np.full(len(uniques), -np.inf)
        np.maximum.at(top, codes, scores)
        close = scores > top[codes] - NAME_MARGIN
        rivals = np.bincount(codes, weights=close, minlength=len(uniques))[codes]
        clear &= (scores == top[codes]) & (rivals == 1)
    out[at[clear]] = True
    return out


def settled_by_names(
    pairs: pd.DataFrame, rows: npt.NDArray[np.bool_], text: np.ndarray
) -> npt.NDArray[np.bool_]:
    """Which of ``rows`` their names settle at their client, every other row of ``rows`` of
    either line there a rival (the rule of :func:`explained_pairs`, for callers weighing pairings
    the seats could not).

    Args:
        pairs: (client, PSA product, vendor product) rows (columns ``pc``, ``psa_key``,
            ``vendor_key``), as text or codes.
        rows: the rows to consider.
        text: each row's name score.
    """
    coded = pd.DataFrame(
        {
            column: pd.factorize(pairs[column], sort=False)[0].astype(np.int64)
            for column in (PC, PSA_KEY, VENDOR_KEY)
        }
    )
    return _named_among_equals(line_keys(coded), rows, text)


def _named_among_near(
    lines: tuple[IntArray, IntArray],
    agree: npt.NDArray[np.bool_],
    explained: npt.NDArray[np.bool_],
    text: np.ndarray,
) -> npt.NDArray[np.bool_]:
    """Rows whose seats nearly agree, among several plausible pairings at one client, that the
    names settle (by :data:`NAME_MARGIN`, as :func:`_named_among_equals` does for equal seats).

    "Business Standard" billed 35 beside an unbilled "Microsoft 365 Business Standard" of 30
    also sits beside "Managed Workstation" 24: the seats alone cannot say which line is the
    licence, so neither pairing counted and the text was listed unmapped beside a "missing in
    PSA" for the same seats. Lines another row already explains take no second pairing.
    """
    rest = ~explained
    if not rest.any():
        return rest
    for line in lines:
        rest &= ~isin_ints(line, line[explained])
    return _named_among_equals(lines, rest, text) & ~agree


def _left_over(
    lines: tuple[IntArray, IntArray],
    tied: npt.NDArray[np.bool_],
    named: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Tied rows left the only pairing of both their lines once the names settled the others."""
    out = np.zeros(len(tied), dtype=bool)
    if not named.any():
        return out
    rest = tied & ~named
    for line in lines:
        rest &= ~isin_ints(line, line[named])
    if not rest.any():
        return out
    out[rest & (line_sizes(lines[0], rest) == 1) & (line_sizes(lines[1], rest) == 1)] = True
    return out
