"""The closest PSA clients for each leftover vendor name, without scoring every pair at scale.

Up to :data:`FULL_PAIRS` (vendor names x PSA names) every pair is scored with
:func:`rapidfuzz.process.cdist` (``token_sort_ratio`` on normalised keys, in row chunks: memory
is rows x columns). Both sides' words are sorted once up front and scored with ``fuzz.ratio``:
``token_sort_ratio`` is by definition the ratio of the sorted words, and inside ``cdist`` it
would sort every PSA key again for every vendor key.

Above it, each vendor name is scored only against the PSA names that share a *block* with it:
the first three letters of one of its words (whole words when shorter). Blocks that hold more
than :func:`_block_cap` names ("den" at 60,000 dental practices) are skipped unless a name has
nothing rarer, so the work grows with the names, not their square. A typo in the first three
letters of every word of a name is the price; such a name goes unmatched (never wrongly
matched), as it would have fallen below the review score anyway more often than not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

FULL_PAIRS = 4_000_000
CANDIDATES = 3
_CHUNK_ROWS = 2_000
_PREFIX = 3
_THREADED_PAIRS = 1_000_000
#: Scores one extract_each call holds at once (8 bytes each).
EXTRACT_CELLS = 250_000


def top_candidates(
    keys: Sequence[str],
    scoring_keys: Sequence[str],
    pool_keys: Sequence[str],
    pool_raw_keys: Sequence[str],
    rejected: set[tuple[str, str]],
) -> list[list[tuple[int, float]]]:
    """For each key, up to three (pool index, score) pairs, best first; rejected pairs excluded.

    Args:
        keys: vendor keys (what rejections are stored against).
        scoring_keys: the same keys as compared (learned words rewritten).
        pool_keys: PSA keys as compared.
        pool_raw_keys: PSA keys as stored (for rejections).
        rejected: (vendor key, PSA key) pairs people rejected.

    Returns:
        One list per key, scores 0-100, ties to the lower pool index.
    """
    pool_index: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(pool_raw_keys):
        pool_index[key].append(i)
    rejected_by_vendor: dict[str, list[int]] = defaultdict(list)
    for vendor_key, psa_key in rejected:
        rejected_by_vendor[vendor_key].extend(pool_index.get(psa_key, ()))
    if len(keys) * len(pool_keys) <= FULL_PAIRS:
        return _all_pairs(keys, scoring_keys, pool_keys, rejected_by_vendor)
    return _blocked(keys, scoring_keys, pool_keys, rejected_by_vendor)


def sorted_words(key: str) -> str:
    """``key`` with its words in order, as ``token_sort_ratio`` compares it: ``fuzz.ratio`` of
    two sorted keys equals ``fuzz.token_sort_ratio`` of the keys, without sorting per pair."""
    return " ".join(sorted(key.split()))


def _all_pairs(
    keys: Sequence[str],
    scoring_keys: Sequence[str],
    pool_keys: Sequence[str],
    rejected_by_vendor: dict[str, list[int]],
) -> list[list[tuple[int, float]]]:
    out: list[list[tuple[int, float]]] = []
    take = min(CANDIDATES, len(pool_keys))
    queries = [sorted_words(k) for k in scoring_keys]
    choices = [sorted_words(k) for k in pool_keys]
    for start in range(0, len(keys), _CHUNK_ROWS):
        chunk = keys[start : start + _CHUNK_ROWS]
        scores = process.cdist(
            queries[start : start + _CHUNK_ROWS],
            choices,
            scorer=fuzz.ratio,
            dtype=np.float32,
            workers=-1,
        )
        for row, key in enumerate(chunk):
            if key in rejected_by_vendor:
                scores[row, rejected_by_vendor[key]] = 0.0
        out.extend(_best_k(scores, take))
    return out


def _prefixes(key: str) -> set[str]:
    return {word[:_PREFIX] for word in key.split()}


def _block_cap(pool_size: int) -> int:
    return max(500, pool_size // 20)


def _blocked(
    keys: Sequence[str],
    scoring_keys: Sequence[str],
    pool_keys: Sequence[str],
    rejected_by_vendor: dict[str, list[int]],
) -> list[list[tuple[int, float]]]:
    """Score each query against the pool names of its rare blocks, one matrix per block."""
    pool_blocks: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(pool_keys):
        for prefix in _prefixes(key):
            pool_blocks[prefix].append(i)
    cap = _block_cap(len(pool_keys))
    query_blocks: dict[str, list[int]] = defaultdict(list)
    for q, query in enumerate(scoring_keys):
        found = [p for p in _prefixes(query) if p in pool_blocks]
        rare = [p for p in found if len(pool_blocks[p]) <= cap]
        if not rare and found:
            rare = [min(found, key=lambda p: len(pool_blocks[p]))]
        for prefix in rare:
            query_blocks[prefix].append(q)
    take = CANDIDATES + max((len(v) for v in rejected_by_vendor.values()), default=0)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    sorted_queries = [sorted_words(k) for k in scoring_keys]
    sorted_pool = [sorted_words(k) for k in pool_keys]
    for prefix, queries in query_blocks.items():
        members = np.asarray(pool_blocks[prefix], dtype=np.int64)
        scores = process.cdist(
            [sorted_queries[q] for q in queries],
            [sorted_pool[i] for i in members],
            scorer=fuzz.ratio,
            dtype=np.float32,
            # Threads pay off on a large block only: starting them for the many small ones
            # costs more CPU than the scores (the same scores either way).
            workers=-1 if len(queries) * len(members) >= _THREADED_PAIRS else 1,
        )
        k = min(take, len(members))
        best = np.argpartition(-scores, k - 1, axis=1)[:, :k] if k < len(members) else None
        if best is None:
            best = np.broadcast_to(np.arange(len(members)), (len(queries), len(members)))
        rows.append(np.repeat(np.asarray(queries, dtype=np.int64), best.shape[1]))
        cols.append(members[best].ravel())
        vals.append(np.take_along_axis(scores, best, axis=1).ravel())
    if not rows:
        return [[] for _ in keys]
    entries = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
    return _first_candidates(keys, len(pool_keys), rejected_by_vendor, *entries)


def _first_candidates(
    keys: Sequence[str],
    pool_size: int,
    rejected_by_vendor: dict[str, list[int]],
    q_all: npt.NDArray[np.int64],
    p_all: npt.NDArray[np.int64],
    s_all: npt.NDArray[np.float32],
) -> list[list[tuple[int, float]]]:
    """Per query, its first CANDIDATES (pool index, score) entries: best first, ties to the
    lower pool index, one per (query, pool) pair (a pair in two blocks has one score, so its
    entries sit side by side once sorted), zero scores and rejected pairs left out.

    On arrays: the entries are several per query and block; only those kept become tuples.
    """
    order = np.lexsort((p_all, -s_all, q_all))
    q_all, p_all, s_all = q_all[order], p_all[order], s_all[order]
    keep = s_all > 0
    keep[1:] &= (q_all[1:] != q_all[:-1]) | (p_all[1:] != p_all[:-1])
    refused = [
        q * pool_size + p for q, key in enumerate(keys) for p in rejected_by_vendor.get(key, ())
    ]
    if refused:
        keep &= ~np.isin(q_all * pool_size + p_all, np.asarray(refused, dtype=np.int64))
    q_all, p_all, s_all = q_all[keep], p_all[keep], s_all[keep]
    first = np.flatnonzero(np.r_[True, q_all[1:] != q_all[:-1]])
    rank = np.arange(len(q_all)) - np.repeat(first, np.diff(np.r_[first, len(q_all)]))
    chosen = rank < CANDIDATES
    out: list[list[tuple[int, float]]] = [[] for _ in keys]
    for q, p, score in zip(
        q_all[chosen].tolist(), p_all[chosen].tolist(), s_all[chosen].tolist(), strict=True
    ):
        out[q].append((p, score))
    return out


def _best_k(scores: npt.NDArray[np.float32], take: int) -> list[list[tuple[int, float]]]:
    """Per row, the ``take`` best (column, score) pairs, best first, ties to the first column.

    Repeated argmax instead of argpartition: no copy of the (large) matrix, and ties are
    broken the same way every time.
    """
    rows = np.arange(scores.shape[0])
    picked: list[tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]]] = []
    for _ in range(take):
        best = scores.argmax(axis=1)
        values = scores[rows, best].copy()
        picked.append((best, values))
        scores[rows, best] = -1.0
    for best, values in picked:  # leave the matrix as it was
        scores[rows, best] = values
    return [
        [(int(best[r]), float(values[r])) for best, values in picked if values[r] > 0] for r in rows
    ]


def extract_each(
    queries: Sequence[str], choices: Sequence[str], *, limit: int, score_cutoff: float
) -> list[list[tuple[float, int]]]:
    """:func:`rapidfuzz.process.extract` (``fuzz.ratio``) of each query against one list of
    choices: per query, up to ``limit`` (score, choice index) pairs scoring ``score_cutoff``
    or more, best first, ties to the lower index, as ``extract`` orders them.

    One :func:`rapidfuzz.process.cdist` call for all the queries: ``extract`` called once per
    query converts every choice again each time, which on a block of thousands of names
    costs more than the scores.
    """
    return extract_blocks([(queries, choices)], limit=limit, score_cutoff=score_cutoff)[0]


def extract_blocks(
    blocks: Sequence[tuple[Sequence[str], Sequence[str]]], *, limit: int, score_cutoff: float
) -> list[list[list[tuple[float, int]]]]:
    """:func:`extract_each` of many blocks (queries, choices) at once: per block, per query,
    its (score, choice index) pairs.

    The second looks ask a thousand small blocks (one per three-letter prefix): each block's
    scores are one :func:`rapidfuzz.process.cdist` call, and only the entries over the cut
    are kept from it; ranking them and cutting each query's to ``limit`` is done once for
    every block together (per block, it cost more than the scores).
    """
    rows: list[npt.NDArray[np.intp]] = []
    cols: list[npt.NDArray[np.intp]] = []
    kept: list[npt.NDArray[np.float64]] = []
    base = 0
    for queries, choices in blocks:
        # Rows in chunks: a block holds up to thousands of names, and every row is answered
        # on its own, so memory stays at EXTRACT_CELLS scores whatever asks.
        step = max(1, EXTRACT_CELLS // max(1, len(choices)))
        for start in range(0, len(queries) if choices else 0, step):
            scores = process.cdist(
                queries[start : start + step],
                choices,
                scorer=fuzz.ratio,
                score_cutoff=score_cutoff,
                dtype=np.float64,
            )
            at, col = np.nonzero(scores >= score_cutoff)
            rows.append(at + (base + start))
            cols.append(col)
            kept.append(scores[at, col])
        base += len(queries)
    found: list[list[tuple[float, int]]] = [[] for _ in range(base)]
    if rows:
        _rank_rows(found, np.concatenate(rows), np.concatenate(cols), np.concatenate(kept), limit)
    out: list[list[list[tuple[float, int]]]] = []
    base = 0
    for queries, _ in blocks:
        out.append(found[base : base + len(queries)])
        base += len(queries)
    return out


def _rank_rows(
    out: list[list[tuple[float, int]]],
    rows: npt.NDArray[np.intp],
    cols: npt.NDArray[np.intp],
    kept: npt.NDArray[np.float64],
    limit: int,
) -> None:
    """Each row's first ``limit`` entries into ``out[row]``, best score first, ties to the
    lower column: all rows at once, the entries ordered by row, score and column and each
    row's taken by their rank within the row."""
    order = np.lexsort((cols, -kept, rows))
    rows, cols, kept = rows[order], cols[order], kept[order]
    first = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    rank = np.arange(len(rows)) - np.repeat(first, np.diff(np.r_[first, len(rows)]))
    chosen = rank < limit
    for row, score, col in zip(
        rows[chosen].tolist(), kept[chosen].tolist(), cols[chosen].tolist(), strict=True
    ):
        out[row].append((score, col))
