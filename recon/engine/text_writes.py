"""A few texts written into a long text column without pandas' slow path.

The PSA rows' comparison columns (``target``, ``pair_how``, ``rests_on``) are categoricals,
800,000 rows at 60,000 clients. The rules that mark a few hundred rows (pending questions,
lines read at matched clients, ghost lines) write them by code: ``.loc`` refuses a text the
column has no category for. An Arrow-backed text column is written by Arrow's
``replace_with_mask``, a third of the time ``.loc`` took to build the same column.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from recon.engine.join import IntArray

#: Up to this many rows in a chunk, the chunk is spliced: zero-copy slices of it between the
#: new texts (microseconds, and at most twice as many pieces); past it, the chunk is rebuilt
#: by ``replace_with_mask`` (a copy of its texts, ~20 ms per 800,000). A copy is also memory:
#: the pending rows' ~100 texts at 60,000 clients rebuilt three columns of 800,000 texts,
#: 87 MiB alive at the comparison's peak, where slices of the old columns cost nothing.
SPLICED = 1024


def write_texts(
    frame: pd.DataFrame, column: str, rows: IntArray, values: str | Sequence[str | None]
) -> None:
    """``frame.loc[frame.index[rows], column] = values``, in place: the same column after.

    Args:
        frame: the frame to change.
        column: a text column of it.
        rows: distinct row positions.
        values: one text for every row, or a text per row (in the order of ``rows``).
    """
    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows):
        return
    texts = [values] * len(rows) if isinstance(values, str) else list(values)
    series = frame[column]
    if isinstance(series.dtype, pd.CategoricalDtype) and len(texts) == len(rows):
        _write_categories(frame, column, rows, texts)
        return
    array = series.array
    if (
        not isinstance(array, pd.arrays.ArrowStringArray)
        or len(texts) != len(rows)
        or len(np.unique(rows)) != len(rows)
    ):
        frame.loc[frame.index[rows], column] = values if isinstance(values, str) else texts
        return
    data = array.__arrow_array__()
    # Arrow fills the masked slots in row order: the texts follow the rows sorted.
    order = np.argsort(rows, kind="stable")
    rows = rows[order]
    new = pa.array([texts[i] for i in order.tolist()], type=data.type)
    filled = _written(data, rows, new)
    # The column's own dtype passed on (the stubs lack the argument pandas 3 takes): a
    # plain ArrowStringArray would come back as "string", not the column's "str".
    same = pd.arrays.ArrowStringArray(filled, dtype=series.dtype)  # type: ignore[call-arg]
    frame[column] = pd.Series(same, index=frame.index, name=column)


def _write_categories(
    frame: pd.DataFrame, column: str, rows: IntArray, texts: Sequence[str | None]
) -> None:
    """The texts written into a categorical column by code: a text it has no category for
    yet becomes one (None is a missing cell); a row written twice keeps its last text."""
    series = frame[column]
    have = series.cat.categories
    new = [t for t in dict.fromkeys(texts) if t is not None and t not in have]
    if new:
        series = series.cat.add_categories(new)
    at = {text: code for code, text in enumerate(series.cat.categories)}
    codes = series.cat.codes.to_numpy().copy()
    codes[rows] = [-1 if t is None else at[t] for t in texts]
    written = pd.Categorical.from_codes(codes, categories=series.cat.categories, validate=False)
    frame[column] = pd.Series(written, index=frame.index, name=column)


def _written(data: pa.ChunkedArray, rows: IntArray, new: pa.Array) -> pa.ChunkedArray:
    """``data`` with ``new[i]`` at ``rows[i]`` (rows sorted, distinct), chunk by chunk: a
    chunk no row falls in is kept as it is."""
    out: list[pa.Array] = []
    start = done = 0
    for chunk in data.chunks:
        end = start + len(chunk)
        stop = int(np.searchsorted(rows, end))
        if stop - done > SPLICED:
            mask = np.zeros(len(chunk), dtype=bool)
            mask[rows[done:stop] - start] = True
            out.append(pc.replace_with_mask(chunk, pa.array(mask), new.slice(done, stop - done)))
        else:
            at = 0
            for i, row in enumerate((rows[done:stop] - start).tolist(), start=done):
                if row > at:
                    out.append(chunk.slice(at, row - at))
                out.append(new.slice(i, 1))
                at = row + 1
            if at < len(chunk):
                out.append(chunk.slice(at))
        start, done = end, stop
    return pa.chunked_array(out, type=data.type)
