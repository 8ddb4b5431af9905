"""Text columns of client and product names as integer codes, shared by both sides.

:class:`recon.match.client_evidence.Footprints` counts lines on codes, never on text: these
look up, code and align the two sides' columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def rows_in(column: pd.Series, values: Iterable[str]) -> npt.NDArray[np.bool_]:
    """Which rows hold one of ``values``, by Arrow's hash lookup (``isin`` on Arrow text is
    several times slower). Matching sits below the engine, so it keeps this one case of
    ``recon.engine.columns.member`` (text, a set of names) rather than import upward."""
    wanted = pa.array(list(values), type=pa.string())
    if isinstance(column.dtype, pd.CategoricalDtype):
        # Grouped names are categoricals: look up each distinct name once and index by code,
        # never turning a million codes back into text. A missing cell (code -1) is no member.
        categories = pa.array(column.cat.categories, type=pa.string())
        hit = pc.is_in(categories, value_set=wanted).fill_null(False)
        in_set = np.append(np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool), False)
        return in_set[column.cat.codes.to_numpy()]
    found = pc.is_in(pa.array(column, type=pa.string()), value_set=wanted)
    return np.asarray(found.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def wanted_codes(column: pd.Series, wanted: Sequence[str]) -> npt.NDArray[np.int64]:
    """Each row's place in ``wanted`` (-1: none of them, or missing), by Arrow's hash lookup
    on the distinct texts of a categorical or on the Arrow text itself: no text is taken out
    of the column per row.

    Args:
        column: a text column, categorical or Arrow-backed (or plain object text).
        wanted: distinct texts.
    """
    value_set = pa.array(list(wanted), type=pa.string())
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = pa.array(column.cat.categories, type=pa.string())
        at = pc.index_in(categories, value_set=value_set).fill_null(-1)
        # A missing cell (code -1) takes the -1 appended last.
        of_category = np.append(np.asarray(at.to_numpy(zero_copy_only=False), dtype=np.int64), -1)
        found: npt.NDArray[np.int64] = of_category[column.cat.codes.to_numpy()]
        return found
    at = pc.index_in(pa.array(column, type=pa.string()), value_set=value_set).fill_null(-1)
    return np.asarray(at.to_numpy(zero_copy_only=False), dtype=np.int64)


def uncarried_rows(
    products: pd.Series, mapping: Mapping[str, str], carried: AbstractSet[str]
) -> npt.NDArray[np.bool_]:
    """Which rows' products, as ``mapping`` compares them, are not in ``carried`` (a missing
    product is not): ``~rows_in(mapped_keys(products, mapping), carried)``, read on a
    categorical's categories without laying the mapped keys out per row.

    Args:
        products: a column of product keys, categorical or plain.
        mapping: product key -> the key it is compared as.
        carried: the product keys the vendor file carries.
    """
    if not isinstance(products.dtype, pd.CategoricalDtype):
        return ~rows_in(mapped_keys(products, mapping), carried)
    named = [mapping.get(c, c) for c in products.cat.categories.tolist()]
    # A missing cell (code -1) takes the True appended last: no product is carried.
    outside = np.fromiter((n not in carried for n in named), dtype=bool, count=len(named))
    return np.append(outside, True)[products.cat.codes.to_numpy()]


def _texts(column: pd.Series) -> pd.Series:
    """A text column as plain object text, so two sides' values share one factorisation
    (a categorical's own codes are its own)."""
    return column.astype(object) if isinstance(column.dtype, pd.CategoricalDtype) else column


def column_codes(column: pd.Series) -> tuple[npt.NDArray[np.int64], pd.Index]:
    """Each row's code among the column's distinct values (-1: missing), and those values:
    a categorical's own, anything else factorised."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy().astype(np.int64), column.cat.categories
    codes, names = pd.factorize(column)
    return codes.astype(np.int64), pd.Index(names)


def product_codes(
    vendor: pd.Series,
    vendor_rows: npt.NDArray[np.bool_],
    psa: pd.Series,
    psa_rows: npt.NDArray[np.bool_],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], np.int64]:
    """The chosen rows' products on both sides in one code space, and its size: the vendor
    column's codes, a missing product one code after them on either side, and a PSA product
    the vendor column lacks a code of its own after that."""
    codes, names = column_codes(vendor)
    missing = len(names)
    v_prod = codes[vendor_rows]
    v_prod[v_prod < 0] = missing
    texts = pa.array(_texts(psa[psa_rows]), type=pa.string())
    found = pc.index_in(texts, value_set=pa.array(names, type=pa.string()))
    p_prod = np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
    absent = np.asarray(texts.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    p_prod[absent] = missing
    other = (p_prod < 0) & ~absent
    if other.any():  # products only the PSA side names (none once mapped onto the vendor's)
        extra, _ = pd.factorize(np.asarray(texts.to_pylist(), dtype=object)[other])
        p_prod[other] = missing + 1 + extra
    width = np.int64(max(missing + 1, int(p_prod.max(initial=missing)) + 1))
    return v_prod, p_prod, width


def mapped_keys(products: pd.Series, mapping: Mapping[str, str]) -> pd.Series:
    """Each product key as ``mapping`` compares it (unmapped keys as they are).

    A categorical column (as groups hold it) is mapped on its categories, a few thousand, and
    laid out by its codes in one take: ``map`` then ``where`` row by row over the Arrow
    strings cost a tenth of a second at 60,000 clients for the same column.

    Args:
        products: a column of product keys, categorical or plain.
        mapping: product key -> the key it is compared as.

    Returns:
        The keys mapped, with the column's index and name.
    """
    if not isinstance(products.dtype, pd.CategoricalDtype):
        mapped = products.map(mapping)
        return mapped.where(mapped.notna(), products)
    categories = products.cat.categories
    named = pd.Index([mapping.get(c, c) for c in categories], dtype=categories.dtype).array
    codes = products.cat.codes.to_numpy()
    return pd.Series(named.take(codes, allow_fill=True), index=products.index, name=products.name)
