"""A result as a JSON document, a large one written a chunk at a time."""

from __future__ import annotations

import io
import json
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from operator import attrgetter
from typing import Any, Protocol, TypeVar

from recon.model import (
    ClientMatch,
    FieldType,
    Gap,
    NotRecurring,
    NotRecurringColumns,
    ReconResult,
)
from recon.report._coded import CodedGaps, coded_gaps
from recon.report._columns import (
    ColumnWriter,
    Table,
    as_json,
    column_writer,
    int_column,
    kind_column,
    object_template,
    objects,
    score_column,
    text_column,
)
from recon.report._dicts import ListMarks, result_to_dict
from recon.report._fields import (
    _LABELLED_KEYS,
    _NEW,
    _OUT,
    _RANKED_KEYS,
    KEY_AT,
    GapLabel,
    money_text,
    qty_value,
    read_columns,
)
from recon.report._not_recurring import json_chunks

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
    string: its three long lists (gaps, not-recurring lines, client matches) are encoded a
    chunk at a time as the file is written, the bytes being exactly those ``json.dumps``
    gives for the whole document.

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
    marks = ListMarks(mark + "gaps", mark + "not_recurring", mark + "matches")
    doc = result_to_dict(result, extra=extra, labels=labels, lists=marks)
    text = json.dumps(doc, ensure_ascii=False)
    # One table per column for the whole report: a value is encoded once, not once a chunk.
    gap_tables, nr_tables, match_tables = (_tables(n) for n in (len(_JSON_COLUMNS) + 2, 8, 4))
    # The gaps the comparison made are read from its columns, not field by field.
    coded = coded_gaps(result.gap_table, result.gaps, _JSON_COLUMNS)
    writers: dict[str, Callable[[], Iterator[str]]] = {
        marks.gaps: lambda: (
            _gaps_json(c, at + 1, labels, gap_tables, coded) for at, c in _chunks(result.gaps)
        ),
        marks.not_recurring: lambda: _not_recurring_chunks(result.summary.not_recurring, nr_tables),
        marks.matches: lambda: (_matches_json(c, match_tables) for _, c in _chunks(result.matches)),
    }
    places = {as_json(m): m for m in marks}
    if any(text.count(place) != 1 for place in places):
        # ``extra`` replaced a list: write the document whole.
        doc = result_to_dict(result, extra=extra, labels=labels)
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
        return
    written = 0
    for at, place in sorted((text.index(place), place) for place in places):
        out.write(text[written:at])
        _write_items(out, writers[places[place]]())
        written = at + len(place)
    out.write(text[written:])
    out.write("\n")


#: Per reported field, the writer of its column as JSON (see ``_columns``).
_JSON_COLUMNS = tuple(
    column_writer(f.type, money_text=money_text, qty_value=qty_value) for _, f in _OUT
)
_GAP_TEMPLATE = object_template(_RANKED_KEYS)
_LABELLED_TEMPLATE = object_template(_LABELLED_KEYS)


def _tables(count: int) -> list[Table]:
    """A fresh table per column (see :data:`recon.report._columns.Table`)."""
    return [{} for _ in range(count)]


def _gaps_json(
    gaps: Sequence[Gap],
    start: int,
    labels: Mapping[str, GapLabel] | None,
    tables: Sequence[Table] | None = None,
    coded: CodedGaps | None = None,
) -> str:
    """Gaps as the items of a JSON list, exactly as ``json.dumps`` writes their
    :func:`_labelled` dicts, built a column at a time (no dict per gap); ``tables``: one per
    reported field and two for the labels, kept across the chunks of one report; ``coded``:
    the report's whole list read from the comparison's columns (``gaps`` are its items
    ``start - 1`` on)."""
    if not gaps:
        return ""
    if tables is None:
        tables = _tables(len(_JSON_COLUMNS) + 2)
    keys: Sequence[Any]
    if coded is not None:
        at = start - 1
        columns, keys = coded.columns(at, at + len(gaps), tables[: len(_JSON_COLUMNS)])
    else:
        read = read_columns(gaps)
        keys = read[KEY_AT]
        columns = [
            write(values, table)
            for write, values, table in zip(
                _JSON_COLUMNS, read, tables[: len(_JSON_COLUMNS)], strict=True
            )
        ]
    ranks = list(map(int.__repr__, range(start, start + len(gaps))))
    if labels is None:
        return objects(_GAP_TEMPLATE, [ranks, *columns])
    if not labels:
        # A dry run has no stored gap: every label is the default, so no key is looked up.
        ids, statuses = [_NEW_ID] * len(gaps), [_NEW_STATUS] * len(gaps)
    else:
        found = list(map(labels.get, keys, repeat(_NEW)))
        ids = int_column(list(map(_LABEL_ID, found)), tables[-2])
        statuses = text_column(list(map(_LABEL_STATUS, found)), tables[-1])
    return objects(_LABELLED_TEMPLATE, [ranks, ids, statuses, *columns])


_LABEL_ID = attrgetter("id")
_LABEL_STATUS = attrgetter("status")
_NEW_ID = int_column([_NEW.id])[0]
_NEW_STATUS = text_column([_NEW.status])[0]

_NOT_RECURRING_TEMPLATE = object_template(
    ("side", "charge", "client", "product", "lines", "seats", "amount", "currency")
)
_NOT_RECURRING_READ = tuple(
    map(attrgetter, ("side", "charge", "client", "product", "lines", "seats", "amount", "currency"))
)
_NOT_RECURRING_COLUMNS: tuple[ColumnWriter, ...] = (
    kind_column,
    kind_column,
    text_column,
    text_column,
    int_column,
    column_writer(FieldType.QTY, money_text=money_text, qty_value=qty_value),
    column_writer(FieldType.MONEY, money_text=money_text, qty_value=qty_value),
    text_column,
)


def _not_recurring_chunks(items: Sequence[NotRecurring], tables: Sequence[Table]) -> Iterator[str]:
    """The not-recurring list's items, a chunk at a time: from a run's columns, each
    distinct value written once; any other sequence entry by entry."""
    if isinstance(items, NotRecurringColumns):
        return json_chunks(items, _NOT_RECURRING_TEMPLATE, _NOT_RECURRING_COLUMNS, _JSON_CHUNK)
    return (_not_recurring_json(c, tables) for _, c in _chunks(items))


def _not_recurring_json(
    items: Sequence[NotRecurring], tables: Sequence[Table] | None = None
) -> str:
    """Not-recurring entries as the items of a JSON list, exactly as ``json.dumps`` writes
    their :func:`_not_recurring_to_dict` dicts (see :func:`_gaps_json`)."""
    if not items:
        return ""
    return _items_json(
        _NOT_RECURRING_TEMPLATE, _NOT_RECURRING_COLUMNS, _NOT_RECURRING_READ, items, tables
    )


_MATCH_TEMPLATE = object_template(("vendor_client", "psa_client", "method", "score"))
_MATCH_READ = tuple(map(attrgetter, ("vendor_client", "psa_client", "method", "score")))
_MATCH_COLUMNS: tuple[ColumnWriter, ...] = (text_column, text_column, kind_column, score_column)


def _matches_json(items: Sequence[ClientMatch], tables: Sequence[Table] | None = None) -> str:
    """Client matches as the items of a JSON list, exactly as ``json.dumps`` writes their
    dicts in :func:`result_to_dict` (see :func:`_gaps_json`)."""
    if not items:
        return ""
    return _items_json(_MATCH_TEMPLATE, _MATCH_COLUMNS, _MATCH_READ, items, tables)


def _items_json(
    template: tuple[str, ...],
    writers: Sequence[ColumnWriter],
    read: Sequence[Callable[[Any], Any]],
    items: Sequence[Any],
    tables: Sequence[Table] | None = None,
) -> str:
    """Items as JSON objects: ``read`` gets each field (a column read a field at a time, as
    in :func:`recon.report._fields.read_columns`), ``writers`` write the columns (each with
    its table, kept across the chunks of one report)."""
    if tables is None:
        tables = _tables(len(writers))
    columns = [
        write(list(map(get, items)), table)
        for write, get, table in zip(writers, read, tables, strict=True)
    ]
    return objects(template, columns)


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
