"""Column operations the engine's steps share (pandas in, numpy out)."""

from __future__ import annotations

import weakref
from collections.abc import Container, Mapping
from collections.abc import Set as AbstractSet

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def member(column: pd.Series, values: Container[str]) -> npt.NDArray[np.bool_]:
    """``column.isin(values)``, fast on Arrow-backed text (``isin`` there is many times slower).

    Arrow text with a set (or mapping) of values is looked up by Arrow's hash table in one
    call; a categorical column by its categories and codes as they are; anything else by
    distinct value, one hash per distinct text rather than per row. A missing cell is never
    a member, as with ``isin``.
    """
    if isinstance(values, AbstractSet | Mapping) and not values:
        # Nothing is a member of nothing: no table gathered per row (2 ms a call over the
        # 700,000 PSA rows at 60,000 clients, and the evidence pass asks ten times a run
        # about a set that is empty, such as the clients held for review).
        return np.zeros(len(column), dtype=bool)
    if isinstance(values, AbstractSet | Mapping) and _arrow_text(column):
        wanted = pa.array([v for v in values if isinstance(v, str)], type=pa.string())
        found = pc.is_in(column.array.__arrow_array__(), value_set=wanted)
        return np.asarray(found.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)
    if isinstance(column.dtype, pd.CategoricalDtype):
        # Codes and categories as they are: no hashing of the rows again (the codes in
        # their own int8 to int32, not copied; -1 indexes the False appended last).
        codes: npt.NDArray[np.integer] = np.asarray(column.array.codes)
        uniques = column.cat.categories
        if isinstance(values, AbstractSet | Mapping) and (lookup := _lookup(uniques)) is not None:
            inside = np.zeros(len(uniques) + 1, dtype=bool)
            if len(uniques) <= _PER_CATEGORY * len(values):
                # Many values (the matched clients, as many as the categories): each category
                # looked up in the set, whose texts keep their hashes, is many times cheaper
                # than an index of the values built and probed on every call.
                # The set's own lookup mapped over the kept texts in C: no list of
                # answers built by a Python loop first (60,000 clients, dozens of calls).
                listed = _LOOKUPS[id(uniques)][2]
                inside[:-1] = np.fromiter(
                    map(values.__contains__, listed), dtype=bool, count=len(listed)
                )
            else:
                # Each wanted text found among the categories by the index's own hash table,
                # kept while the categories live: one lookup per value, not one per category.
                texts: list[str] = [v for v in values if isinstance(v, str)]
                at = lookup.get_indexer(pd.Index(np.asarray(texts, dtype=object), dtype="object"))
                inside[at[at >= 0]] = True
            # ``take`` gathers the same cells (-1 is the last, as an index) in half the
            # time of ``inside[codes]`` (0.7 against 1.5 ms over 700,000 rows, forty
            # times a run in the evidence pass at 60,000 clients).
            inside_rows: npt.NDArray[np.bool_] = inside.take(codes)
            return inside_rows
    else:
        codes, uniques = pd.factorize(column, sort=False)
    inside = _distinct_in(uniques, values)
    # A missing cell has code -1: the False appended last answers for it, as isin does.
    rows: npt.NDArray[np.bool_] = np.append(inside, False)[codes]
    return rows


def category_codes(column: pd.Series, categories: pd.Index) -> npt.NDArray[np.intp] | None:
    """Each cell's position among ``categories`` (-1 where it is none of them), looked up in
    the categories' own kept hash table (:func:`_lookup`): no table built per call. None when
    the categories are not all text."""
    lookup = _lookup(categories)
    if lookup is None:
        return None
    found: npt.NDArray[np.intp] = lookup.get_indexer(
        pd.Index(column.to_numpy(dtype=object), dtype=object)
    )
    return found


#: A set or mapping of values at least this share of a categorical's categories is asked
#: category by category (a set lookup each), a smaller one value by value (an index lookup).
_PER_CATEGORY = 16

#: Per categories index (by identity, while it lives), its texts as a Python-object index
#: and as a list. A client column's categories (60,000 at a distributor's size) are looked
#: up dozens of times a run; an object index keeps its hash table, an Arrow-text one converts
#: itself again on every lookup (a new Python string per category each time).
_LOOKUPS: dict[int, tuple[weakref.ref[pd.Index], pd.Index | None, list[str]]] = {}


def _lookup(categories: pd.Index) -> pd.Index | None:
    """``categories`` as an object index of plain text, made once per categories index; None
    when they are not all text (then each is compared as ``str(category)``)."""
    key = id(categories)
    found = _LOOKUPS.get(key)
    if found is not None and found[0]() is categories:
        return found[1]
    listed = np.asarray(categories, dtype=object)
    text = bool(len(listed)) and pd.api.types.infer_dtype(listed, skipna=False) == "string"
    index = pd.Index(listed, dtype=object) if text else None
    _LOOKUPS[key] = (weakref.ref(categories), index, listed.tolist() if text else [])
    weakref.finalize(categories, _LOOKUPS.pop, key, None)
    return index


def forget_category_texts() -> None:
    """Let go of every categories index's texts (:func:`_lookup`): the next lookup makes them
    again. Client matching's end calls it (:func:`recon.engine.forget.forget_name_readings`)."""
    _LOOKUPS.clear()


def category_texts(categories: pd.Index) -> list[str] | None:
    """``categories`` as a list of Python strings, made once per categories index (as
    :func:`_lookup`); None when they are not all text."""
    if _lookup(categories) is None:
        return None
    return _LOOKUPS[id(categories)][2]


def _distinct_in(
    uniques: pd.Index | npt.ArrayLike, values: Container[str]
) -> npt.NDArray[np.bool_]:
    """Which distinct values are in ``values`` (as text), one test per distinct value."""
    # One conversion to Python objects: iterating Arrow-backed uniques costs a call per item.
    listed = np.asarray(uniques, dtype=object).tolist()
    return np.fromiter((str(u) in values for u in listed), dtype=bool, count=len(listed))


def _arrow_text(column: pd.Series) -> bool:
    """Is this column text held in Arrow (pandas' ``str`` with pyarrow storage, or an
    ``ArrowDtype`` string)?"""
    dtype = column.dtype
    if isinstance(dtype, pd.StringDtype):
        return dtype.storage == "pyarrow"
    if isinstance(dtype, pd.ArrowDtype):
        return bool(
            pa.types.is_string(dtype.pyarrow_dtype) or pa.types.is_large_string(dtype.pyarrow_dtype)
        )
    return False
