"""Render a :class:`ReconResult` for people and programs: a text table, JSON and CSV.

Money leaves as exact two-decimal text ("150.00") in JSON and CSV, never as a float. CSV cells
holding names or explanations are neutralised so a spreadsheet can't run them as formulas
(:func:`neutralise`, used by every CSV recon writes). Names come from files and APIs, so
anything shown on a terminal or in Slack first loses its control characters
(:func:`recon.controls.printable`): an export can't colour the screen, move the cursor or set
the clipboard (OSC 52).
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter
from typing import Any, NamedTuple, Protocol, TypeVar

from recon.json_columns import column_writer, int_column, kind_column, object_template, text_column
from recon.listing import money_totals
from recon.model import (
    GAP_RECORD,
    CurrencyPair,
    FieldType,
    FileSummary,
    Gap,
    GapField,
    GapKind,
    MappingQuestion,
    NotRecurring,
    ProductCandidate,
    ReconResult,
    ReviewItem,
    TableColumn,
    UnmappedProduct,
)
from recon.money import cents, format_money, format_qty
from recon.wording import as_written

#: The gap record's fields in reports, in order: (JSON key and CSV column, field).
_OUT = tuple((f.out, f) for f in GAP_RECORD if f.out is not None)
#: JSON keys and CSV columns of a gap, derived from :data:`recon.model.GAP_RECORD`.
GAP_FIELDS = ("rank", *(out for out, _ in _OUT))
#: Report columns holding words (names, reasons): the CSV neutralises them.
TEXT_FIELDS = frozenset(out for out, f in _OUT if f.type in (FieldType.TEXT, FieldType.KIND))
#: Per reported field, in order: does the CSV neutralise it?
_TEXT_AT = tuple(out in TEXT_FIELDS for out, _ in _OUT)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_T = TypeVar("_T")


class _Writable(Protocol):
    """Where :func:`write_json` writes: a text file, or a ``StringIO``."""

    def write(self, text: str, /) -> object: ...


def money_text(amount: Decimal | None) -> str | None:
    """Money as exact text with two decimals ("1234.50"), or None when unknown."""
    if amount is None:
        return None
    if not amount:
        # Zero keeps its sign ("-0.00"), and -0 and 0 are one dictionary key: never cached.
        return f"{cents(amount):.2f}"
    return _nonzero_money_text(amount)


@lru_cache(maxsize=65_536)
def _nonzero_money_text(amount: Decimal) -> str:
    # A report writes the same few thousand amounts hundreds of thousands of times; equal
    # non-zero amounts (12.5 and 12.50) have the same text.
    return f"{cents(amount):.2f}"


@lru_cache(maxsize=65_536)
def qty_value(qty: Decimal) -> int | float:
    """A seat count for JSON: an int when whole (nearly always), else a float."""
    return int(qty) if qty == qty.to_integral_value() else float(qty)


def _kind(value: GapKind) -> str:
    # ``_value_`` is a plain attribute; ``.value`` goes through a slow descriptor per call.
    return value._value_


def _same(value: Any) -> Any:
    return value


def _day(value: date) -> str:
    return value.isoformat()


#: How each type of gap field is written in JSON (and so in CSV); None stays None.
_JSON: dict[FieldType, Callable[[Any], Any]] = {
    FieldType.KIND: _kind,
    FieldType.TEXT: _same,
    FieldType.QTY: qty_value,
    FieldType.MONEY: money_text,
    FieldType.SCORE: _same,
    FieldType.DAY: _day,
}
_WRITERS = tuple((out, f.name, _JSON[f.type]) for out, f in _OUT)
#: Every reported field of a gap in one C call (a getattr per field costs more than the rest).
_READ = attrgetter(*(name for _, name, _ in _WRITERS))
#: The fields that need writing, by position; text and scores go out as they are.
_CONVERT = tuple((i, write) for i, (_, _, write) in enumerate(_WRITERS) if write is not _same)
_KEYS = tuple(out for out, _, _ in _WRITERS)
_RANKED_KEYS = ("rank", *_KEYS)
_LABELLED_KEYS = ("rank", "id", "status", *_KEYS)


def _values(gap: Gap) -> list[Any]:
    """A gap's reported fields in :data:`_KEYS` order, written for JSON."""
    values = list(_READ(gap))
    for i, write in _CONVERT:
        value = values[i]
        if value is not None:
            values[i] = write(value)
    return values


def gap_to_dict(gap: Gap, rank: int | None = None) -> dict[str, Any]:
    """One gap as a JSON-ready dict (money as 2-decimal strings): :data:`GAP_FIELDS`."""
    if rank is None:
        return dict(zip(_KEYS, _values(gap), strict=True))
    return dict(zip(_RANKED_KEYS, [rank, *_values(gap)], strict=True))


def _review_to_dict(item: ReviewItem) -> dict[str, Any]:
    names = [item.vendor_client, *(c.psa_client for c in item.candidates)]
    return {
        "vendor_client": item.vendor_client,
        "reason": as_written(item.reason, names),
        "money_at_stake": money_text(item.money_at_stake),
        "candidates": [
            {"psa_client": c.psa_client, "score": c.score, "note": c.note} for c in item.candidates
        ],
    }


def _product_candidate_to_dict(item: ProductCandidate) -> dict[str, Any]:
    return {
        "vendor_product": item.vendor_product,
        "score": item.score,
        "why": item.why,
        "answer": item.answer,
        "clients": item.clients,
    }


def _unmapped_to_dict(item: UnmappedProduct) -> dict[str, Any]:
    return {
        "psa_product": item.psa_product,
        "clients": item.clients,
        "seats": qty_value(item.seats),
        "monthly_billed": money_text(item.monthly_billed),
        "candidates": [_product_candidate_to_dict(c) for c in item.candidates],
    }


def _question_to_dict(item: MappingQuestion) -> dict[str, Any]:
    return {
        "psa_product": item.psa_product,
        "clients": item.clients,
        "seats": qty_value(item.seats),
        "money_at_stake": money_text(item.money_at_stake),
        "reason": item.reason,
        "candidates": [_product_candidate_to_dict(c) for c in item.candidates],
    }


def answer_command(psa_product: str, candidate: ProductCandidate) -> str:
    """The CLI line that answers a mapping question with this candidate."""
    return f"recon alias product {_quoted(psa_product)} {_quoted(candidate.answer)}"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _not_recurring_to_dict(item: NotRecurring) -> dict[str, Any]:
    return {
        "side": item.side._value_,
        "charge": item.charge._value_,
        "client": item.client,
        "product": item.product,
        "lines": item.lines,
        "seats": qty_value(item.seats),
        "amount": money_text(item.amount),
        "currency": item.currency,
    }


def _currency_pair_to_dict(item: CurrencyPair) -> dict[str, Any]:
    return {
        "client": item.client,
        "product": item.product,
        "vendor_currency": item.vendor_currency,
        "psa_currency": item.psa_currency,
        "rate": None if item.rate is None else str(item.rate),
        "prices_compared": item.rate is not None,
    }


def _file_to_dict(item: FileSummary) -> dict[str, Any]:
    return {
        "side": item.side.value,
        "path": item.path,
        "format": item.format_name,
        "format_label": item.format_label,
        "sha256": item.sha256,
        "rows_read": item.rows_read,
        "rows_used": item.rows_used,
        "rows_skipped": dict(item.skipped),
        "columns": dict(item.columns),
        "warnings": list(item.warnings),
    }


def _labelled(gap: Gap, rank: int, labels: Mapping[str, GapLabel] | None) -> dict[str, Any]:
    """A gap's dict, with its stored ``id`` and list ``status`` after the rank when known."""
    if labels is None:
        return dict(zip(_RANKED_KEYS, [rank, *_values(gap)], strict=True))
    # A dry run has no stored gap: every label is the default, so skip building each key.
    label = labels.get(gap.key, _NEW) if labels else _NEW
    return dict(zip(_LABELLED_KEYS, [rank, label.id, label.status, *_values(gap)], strict=True))


def result_to_dict(
    result: ReconResult,
    *,
    extra: Mapping[str, Any] | None = None,
    labels: Mapping[str, GapLabel] | None = None,
    lists: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """The whole result as one JSON-ready document.

    Args:
        result: what :func:`recon.reconcile` returned.
        extra: more top-level keys to include (e.g. ``run`` details from the store).
        labels: gap key -> stored id and status; each gap then carries ``id`` and
            ``status`` (see :func:`render_table`).
        lists: markers to put in place of the gaps and the not-recurring lines, which
            :func:`write_json` then writes a chunk at a time.
    """
    s = result.summary
    doc: dict[str, Any] = {
        "generated_at": result.generated_at.isoformat(),
        "summary": {
            "gaps": sum(s.gap_counts.values()),
            "counts_by_kind": dict(s.gap_counts),
            "monthly_impact_by_kind": {k: money_text(v) for k, v in s.gap_totals.items()},
            "under_billed_monthly": money_text(s.under_billed),
            "over_billed_monthly": money_text(s.over_billed),
            "clients": {
                "vendor": s.vendor_clients,
                "psa": s.psa_clients,
                "matched": s.matched_clients,
                "in_review": s.review_items,
                "vendor_only": s.unmatched_vendor_clients,
                "psa_only": s.unmatched_psa_clients,
            },
            "money_in_review_monthly": money_text(s.money_in_review),
            "unmapped_products": s.unmapped_products,
            "mapping_questions": s.mapping_questions,
            "money_in_questions_monthly": money_text(s.money_in_questions),
            "files": [_file_to_dict(f) for f in s.files],
            "not_recurring": lists[1]
            if lists
            else [_not_recurring_to_dict(e) for e in s.not_recurring],
            "not_recurring_totals": _extra_totals(s.not_recurring),
            "currency_pairs": [_currency_pair_to_dict(c) for c in s.currency_pairs],
        },
        "gaps": lists[0]
        if lists
        else [_labelled(g, i, labels) for i, g in enumerate(result.gaps, start=1)],
        "matches": [
            {
                "vendor_client": m.vendor_client,
                "psa_client": m.psa_client,
                "method": m.method.value,
                "score": m.score,
            }
            for m in result.matches
        ],
        "review": [_review_to_dict(r) for r in result.review],
        "questions": [_question_to_dict(q) for q in result.questions],
        "unmapped": [_unmapped_to_dict(u) for u in result.unmapped],
    }
    if extra:
        doc.update(extra)
    return doc


def _extra_totals(items: Iterable[NotRecurring]) -> dict[str, dict[str, Any]]:
    """Per charge kind: lines, seats and money (money per currency when there are several)."""
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        entry = out.setdefault(item.charge._value_, {"lines": 0, "seats": Decimal(0), "amount": {}})
        entry["lines"] += item.lines
        entry["seats"] += item.seats
        if item.amount is not None:
            code = item.currency or ""
            entry["amount"][code] = entry["amount"].get(code, Decimal(0)) + item.amount
    for entry in out.values():
        entry["seats"] = qty_value(entry["seats"])
        entry["amount"] = {k: money_text(v) for k, v in entry["amount"].items()}
    return out


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


#: Per reported field, the loop that writes its column as JSON (see :mod:`recon.json_columns`).
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


def neutralise(text: str) -> str:
    """Make a text cell safe to open in a spreadsheet: formulas become plain text."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def unneutralise(text: str) -> str:
    """Undo :func:`neutralise` when a CSV recon wrote is read back (``'=x`` -> ``=x``)."""
    return text[1:] if text.startswith("'") and text[1:2].startswith(_FORMULA_START) else text


def neutralise_csv(data: str, columns: Iterable[str]) -> str:
    """Neutralise the named text columns of a CSV (header row first); other cells as they are.

    Args:
        data: the CSV text.
        columns: the headers of the columns holding names (never numbers: ``-3`` seats must
            stay a number).
    """
    rows = list(csv.reader(io.StringIO(data)))
    if not rows:
        return data
    names = set(columns)
    text_at = [i for i, header in enumerate(rows[0]) if header in names]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if "\r\n" in data else "\n")
    writer.writerow(rows[0])
    for row in rows[1:]:
        writer.writerow([neutralise(c) if i in text_at else c for i, c in enumerate(row)])
    return buffer.getvalue()


def render_csv(gaps: Iterable[Gap], *, labels: Mapping[str, GapLabel] | None = None) -> str:
    """Every gap as one CSV row with :data:`GAP_FIELDS` columns, spreadsheet-safe.

    Args:
        gaps: the gaps, in list order.
        labels: gap key -> stored id and status; adds ``gap_id`` and ``status`` columns
            first (see :func:`render_table`).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(GAP_FIELDS if labels is None else ("gap_id", "status", *GAP_FIELDS))
    for rank, gap in enumerate(gaps, start=1):
        cells = [str(rank)]
        for text, value in zip(_TEXT_AT, _values(gap), strict=True):
            if value is None:
                cells.append("")
            else:
                cells.append(neutralise(str(value)) if text else str(value))
        if labels is not None:
            label = labels.get(gap.key, _NEW) if labels else _NEW
            cells = [_cell(label.id), label.status, *cells]
        writer.writerow(cells)
    return buffer.getvalue()


#: The gap record's fields in the text table, left to right, with how each shows.
_TABLE = sorted(
    ((f, f.table) for f in GAP_RECORD if f.table is not None), key=lambda pair: pair[1].at
)
_NUMBERS = (FieldType.QTY, FieldType.MONEY, FieldType.SCORE)


def _table_cell(field: GapField, column: TableColumn, value: Any, today: date) -> str:
    """One gap field as the text table shows it (see :class:`recon.model.TableColumn`)."""
    kind = field.type
    if value is None:
        return ""
    if kind is FieldType.KIND:
        return str(value.value)
    if kind is FieldType.QTY:
        if column.signed:
            return format_qty(value, signed=True) if value else ""
        return format_qty(value)
    if kind is FieldType.MONEY:
        return format_money(value, signed=column.signed)
    if kind is FieldType.SCORE:
        return f"{value:.2f}"
    if kind is FieldType.DAY:
        return act_by_text(value, today)
    return _clip(str(value), column.width) if column.width else str(value)


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(cells)
        ).rstrip()

    return [line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows]


def _question_lines(q: MappingQuestion) -> list[str]:
    """A mapping question: the PSA product, its best guess and the command that answers it."""
    best = q.candidates[0] if q.candidates else None
    guess = f" is probably {best.vendor_product!r} ({best.score:.0f})" if best else ""
    lines = [
        f"  {q.psa_product!r}{guess}: {q.clients:,} client(s), "
        f"{format_money(q.money_at_stake)}/mo at stake"
    ]
    if best is not None:
        lines.append(f"      {best.why}")
        lines.append(f"      yes: {answer_command(q.psa_product, best)}")
    for c in q.candidates[1:3]:
        lines.append(f"      or {c.vendor_product!r} ({c.score:.0f}): {c.why}")
    return lines


class GapLabel(NamedTuple):
    """What the store says about a gap of a run: its id (None when not saved) and the status
    word lists show (``new``, ``open``, ``escalated``, ``resolved``, ...)."""

    id: int | None
    status: str


#: The label of a gap the store does not know (yet).
_NEW = GapLabel(None, "new")


def render_table(
    result: ReconResult,
    *,
    limit: int | None = 50,
    labels: Mapping[str, GapLabel] | None = None,
) -> str:
    """A readable report: what was read, the gaps in list order, review, mapping questions
    and unmapped products.

    Args:
        result: the reconciliation result (gaps in list order: money at stake, client,
            product).
        limit: show at most this many gaps (default 50; None for all). Totals count them all.
        labels: gap key -> its stored id and status; with it, the table's first columns are
            the ID every other command takes and the status (a gap the store doesn't have is
            ``new`` with no id). None: no such columns (no store).
    """
    s = result.summary
    out: list[str] = []
    for f in s.files:
        skipped = sum(f.skipped.values())
        out.append(
            f"{f.side.value:>6}: {f.path} ({f.format_label}): {f.rows_used:,} of "
            f"{f.rows_read:,} rows used" + (f", {skipped:,} skipped" if skipped else "")
        )
    out.append(
        f"Clients: {s.matched_clients:,} matched, {s.review_items:,} to review"
        + (f" ({format_money(s.money_in_review)}/mo at stake)" if s.review_items else "")
        + f", {s.unmatched_vendor_clients:,} only at the vendor, "
        f"{s.unmatched_psa_clients:,} only in the PSA."
    )
    if s.mapping_questions:
        out.append(
            f"Products: {s.mapping_questions:,} mapping question(s) "
            f"({format_money(s.money_in_questions)}/mo held until answered), "
            f"{s.unmapped_products:,} unmapped."
        )
    total = len(result.gaps)
    out.append(
        f"Gaps: {total:,}   under-billed {format_money(s.under_billed)}/mo   "
        f"over-billed {format_money(s.over_billed)}/mo"
    )
    if total:
        shown = result.gaps if limit is None else result.gaps[:limit]
        ids: list[list[str]] = [[] for _ in shown]
        if labels is not None:
            unsaved = GapLabel(None, "new")
            ids = [
                [str(label.id) if label.id is not None else "-", label.status]
                for label in (labels.get(g.key, unsaved) for g in shown)
            ]
        today = result.generated_at.date()
        # A column shown only when set (Act by) appears for exports that carry commitments.
        columns = [
            (f, t)
            for f, t in _TABLE
            if not t.when_set or any(getattr(g, f.name) is not None for g in shown)
        ]
        rows = [
            [*ids[i], *(_table_cell(f, t, getattr(g, f.name), today) for f, t in columns)]
            for i, g in enumerate(shown)
        ]
        headers = [t.heading for _, t in columns]
        right = {i for i, (f, _) in enumerate(columns) if f.type in _NUMBERS}
        if labels is not None:
            headers = ["ID", "Status", *headers]
            right = {0} | {i + 2 for i in right}
        out.append("")
        out.extend(_table(headers, rows, right=right))
        if len(shown) < total:
            out.append(f"... and {total - len(shown):,} more (use --format csv or json for all)")
        t = money_totals(result.gaps)
        out.append(
            f"Total: {t.count:,} gap{'s' if t.count != 1 else ''}: under-billed "
            f"{format_money(t.under_billed)}/mo, over-billed {format_money(t.over_billed)}/mo."
        )
        if labels is not None and any(g.key not in labels for g in shown):
            out.append("Gaps without an ID are not saved (--no-save): no command can act on them.")
    if result.review:
        out.append("")
        out.append("Review: not compared until a person decides (recon alias / recon reject)")
        for item in result.review:
            options = ", ".join(
                f"{c.psa_client!r} ({c.score:.0f}" + (f"; {c.note})" if c.note else ")")
                for c in item.candidates
            )
            reason = as_written(
                item.reason, [item.vendor_client, *(c.psa_client for c in item.candidates)]
            )
            out.append(
                f"  {item.vendor_client!r} -> {options or 'no candidates'}   "
                f"{format_money(item.money_at_stake)}/mo at stake; {reason}"
            )
    if result.questions:
        out.append("")
        out.append(
            "Mapping questions: one PSA product that is probably a vendor product; its seats "
            "raise no gap until answered"
        )
        for q in result.questions:
            out.extend(_question_lines(q))
    if result.unmapped:
        out.append("")
        out.append(
            "Unmapped PSA products: no vendor line accounts for them (recon alias / recon ignore)"
        )
        for u in result.unmapped:
            clients = f"{u.clients:,} client" + ("" if u.clients == 1 else "s")
            seats = f"{format_qty(u.seats)} seat" + ("" if u.seats == 1 else "s")
            out.append(
                f"  {u.psa_product!r}: {clients}, {seats}, "
                f"{format_money(u.monthly_billed)}/mo billed"
            )
            for c in u.candidates[:3]:
                out.append(f"      maybe {c.vendor_product!r} ({c.score:.0f}): {c.why}")
    out.extend(_not_recurring_lines(s.not_recurring))
    out.extend(_currency_lines(s.currency_pairs))
    skipped_lines = [
        f"  {f.side.value}: "
        + "; ".join(f"{n:,} {reason}" for reason, n in sorted(f.skipped.items()))
        for f in s.files
        if f.skipped
    ]
    warnings = [f"  {f.side.value}: {w}" for f in s.files for w in f.warnings]
    if skipped_lines:
        out.append("")
        out.append("Rows not used:")
        out.extend(skipped_lines)
    if warnings:
        out.append("")
        out.append("Warnings:")
        out.extend(warnings)
    return "\n".join(out) + "\n"


def act_by_text(day: date | None, today: date) -> str:
    """``2026-12-09 (5d)``: a deadline and the days left; ``2026-11-30 (passed)``; ""."""
    if day is None:
        return ""
    left = (day - today).days
    return f"{day.isoformat()} ({left}d)" if left >= 0 else f"{day.isoformat()} (passed)"


_CHARGE_WORDS = {"trial": "trials", "one_time": "one-time charges", "proration": "prorations"}


def _not_recurring_lines(items: tuple[NotRecurring, ...]) -> list[str]:
    """Trials, one-time charges and prorations: counted out of the comparison, with money."""
    if not items:
        return []
    out = ["", "Not compared (not recurring seats):"]
    for charge, words in _CHARGE_WORDS.items():
        mine = [e for e in items if e.charge.value == charge]
        if not mine:
            continue
        money = sum((e.amount for e in mine if e.amount is not None), Decimal(0))
        seats = sum((e.seats for e in mine), Decimal(0))
        lines = sum(e.lines for e in mine)
        out.append(
            f"  {words}: {lines:,} line{'s' if lines != 1 else ''}, {format_qty(seats)} seats, "
            f"{format_money(money)}"
        )
        for e in mine[:5]:
            out.append(
                f"    {e.side.value}: {e.client!r} {e.product!r}: {format_qty(e.seats)} seats, "
                f"{format_money(e.amount)}" + (f" {e.currency}" if e.currency else "")
            )
        if len(mine) > 5:
            out.append(f"    ... and {len(mine) - 5:,} more (--format json lists them all)")
    return out


def _currency_lines(pairs: tuple[CurrencyPair, ...]) -> list[str]:
    """Pairs priced in two currencies: converted at an admin's rate, or not compared."""
    if not pairs:
        return []
    out = ["", "Two currencies (prices compared only at a rate an admin sets: fx_rates):"]
    for pair in pairs[:10]:
        how = f"converted at {pair.rate}" if pair.rate is not None else "prices not compared"
        out.append(
            f"  {pair.client!r} {pair.product!r}: vendor {pair.vendor_currency}, PSA "
            f"{pair.psa_currency}: {how}"
        )
    if len(pairs) > 10:
        out.append(f"  ... and {len(pairs) - 10:,} more")
    return out
