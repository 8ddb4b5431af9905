"""A result as a JSON document, a large one written a chunk at a time."""

from __future__ import annotations

import io
import json
import secrets
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import attrgetter
from typing import Any, Protocol, TypeVar

from recon.model import FieldType, Gap, NotRecurring, ReconResult
from recon.report._columns import (
    column_writer,
    int_column,
    kind_column,
    object_template,
    text_column,
)
from recon.report._dicts import result_to_dict
from recon.report._fields import (
    _LABELLED_KEYS,
    _NEW,
    _OUT,
    _RANKED_KEYS,
    _READ,
    GapLabel,
    money_text,
    qty_value,
)

_T = TypeVar("_T")


class _Writable(Protocol):
    """Where :func:`write_json` writes: a text file, or a ``StringIO``."""

    def write(self, text: str, /) -> object: ...


#: Above this many gaps, JSON is written compact: indenting forces Python's slow encoder.
PRETTY_JSON_LIMIT = 2_000


def render_json(
    result: ReconResult,
    *,
    extra: Mapping[str, Any] | None = None,
    labels: Mapping[str, GapLabel] | None = None,
) -> str:
    """The result as a JSON document (see :func:`result_to_dict`).

    Indented for people when small; compact above :data:`PRETTY_JSON_LIMIT` gaps, where
    programs read it and indenting would double the time to write it.
    """
    buffer = io.StringIO()
    write_json(buffer, result, extra=extra, labels=labels)
    return buffer.getvalue()


#: Gaps (and not-recurring lines) encoded per call when a large report is streamed: small
#: enough that no giant string is ever built, large enough that the C encoder does the work.
_JSON_CHUNK = 2_000


def write_json(
    out: _Writable,
    result: ReconResult,
    *,
    extra: Mapping[str, Any] | None = None,
    labels: Mapping[str, GapLabel] | None = None,
) -> None:
    """Write the result as the JSON document :func:`render_json` returns, piece by piece.

    A large report (a distributor's month: 100,000 gaps, over 100 MB) is never held as one
    string: its two long lists are encoded a chunk at a time as the file is written, the
    bytes being exactly those ``json.dumps`` gives for the whole document.

    Args:
        out: where the text goes (anything with ``write(str)``: a file opened as UTF-8 text).
        result: what :func:`recon.reconcile` returned.
        extra: see :func:`result_to_dict`.
        labels: see :func:`result_to_dict`.
    """
    if len(result.gaps) <= PRETTY_JSON_LIMIT:
        doc = result_to_dict(result, extra=extra, labels=labels)
        out.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return
    # The document with a marker in place of each long list; no name from an export can be
    # the marker, which holds random bytes and a NUL.
    mark = f"\x00{secrets.token_hex(16)}"
    gaps_mark, extra_mark = mark + "gaps", mark + "not_recurring"
    doc = result_to_dict(result, extra=extra, labels=labels, lists=(gaps_mark, extra_mark))
    text = json.dumps(doc, ensure_ascii=False)
    gaps_at = text.split(json.dumps(gaps_mark, ensure_ascii=False))
    extra_at = gaps_at[0].split(json.dumps(extra_mark, ensure_ascii=False))
    if len(gaps_at) != 2 or len(extra_at) != 2:
        # ``extra`` replaced a list: write the document whole.
        doc = result_to_dict(result, extra=extra, labels=labels)
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
        return
    out.write(extra_at[0])
    _write_items(out, (_not_recurring_json(c) for _, c in _chunks(result.summary.not_recurring)))
    out.write(extra_at[1])
    _write_items(out, (_gaps_json(c, at + 1, labels) for at, c in _chunks(result.gaps)))
    out.write(gaps_at[1])
    out.write("\n")


#: Per reported field, the loop that writes its column as JSON (see ``_columns``).
_JSON_COLUMNS = tuple(
    column_writer(f.type, money_text=money_text, qty_value=qty_value) for _, f in _OUT
)
_GAP_TEMPLATE = object_template(_RANKED_KEYS)
_LABELLED_TEMPLATE = object_template(_LABELLED_KEYS)


def _gaps_json(gaps: Sequence[Gap], start: int, labels: Mapping[str, GapLabel] | None) -> str:
    """Gaps as the items of a JSON list, exactly as ``json.dumps`` writes their
    :func:`_labelled` dicts, built a column at a time (no dict per gap)."""
    if not gaps:
        return ""
    columns = [
        write(values)
        for write, values in zip(_JSON_COLUMNS, zip(*map(_READ, gaps), strict=True), strict=True)
    ]
    ranks = range(start, start + len(gaps))
    if labels is None:
        template = _GAP_TEMPLATE
        heads: Iterable[tuple[str, ...]] = ((str(rank),) for rank in ranks)
    else:
        template = _LABELLED_TEMPLATE
        found = [labels.get(g.key, _NEW) if labels else _NEW for g in gaps]
        heads = zip(
            map(str, ranks),
            int_column([label.id for label in found]),
            text_column([label.status for label in found]),
            strict=True,
        )
    return ", ".join(
        [
            template % (*head, *row)
            for head, row in zip(heads, zip(*columns, strict=True), strict=True)
        ]
    )


_NOT_RECURRING_TEMPLATE = object_template(
    ("side", "charge", "client", "product", "lines", "seats", "amount", "currency")
)
_NOT_RECURRING_READ = attrgetter(
    "side", "charge", "client", "product", "lines", "seats", "amount", "currency"
)
_NOT_RECURRING_COLUMNS = (
    kind_column,
    kind_column,
    text_column,
    text_column,
    int_column,
    column_writer(FieldType.QTY, money_text=money_text, qty_value=qty_value),
    column_writer(FieldType.MONEY, money_text=money_text, qty_value=qty_value),
    text_column,
)


def _not_recurring_json(items: Sequence[NotRecurring]) -> str:
    """Not-recurring entries as the items of a JSON list, exactly as ``json.dumps`` writes
    their :func:`_not_recurring_to_dict` dicts (see :func:`_gaps_json`)."""
    if not items:
        return ""
    columns = [
        write(values)
        for write, values in zip(
            _NOT_RECURRING_COLUMNS, zip(*map(_NOT_RECURRING_READ, items), strict=True), strict=True
        )
    ]
    return ", ".join([_NOT_RECURRING_TEMPLATE % row for row in zip(*columns, strict=True)])


def _write_items(out: _Writable, chunks: Iterable[str]) -> None:
    """A JSON list from the text of its items, a chunk at a time."""
    out.write("[")
    first = True
    for chunk in chunks:
        if not chunk:
            continue
        if not first:
            out.write(", ")
        out.write(chunk)
        first = False
    out.write("]")


def _chunks(items: Sequence[_T]) -> Iterator[tuple[int, Sequence[_T]]]:
    """``items`` in slices of :data:`_JSON_CHUNK`, each with where it starts."""
    return ((at, items[at : at + _JSON_CHUNK]) for at in range(0, len(items), _JSON_CHUNK))
