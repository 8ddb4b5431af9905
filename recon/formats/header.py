"""Header rows: one normalised key per spelling, and where the header row is.

``"Customer Name"``, ``"customer_name"``, ``"CUSTOMER-NAME"`` and ``"customerName"`` all have
the key ``customername``. The header row is the first of the top rows with enough cells that
name a known role (see :mod:`recon.formats.synonyms`); everything above it (titles, export
dates, blank lines) is not data, but still counts for spreadsheet row numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass

from recon.errors import FormatNotRecognised, MalformedRow
from recon.formats.sniff import MAX_COLUMNS, REGION_BYTES, TextFile

#: How many rows from the top may come before the header row.
HEADER_SEARCH_ROWS = 30
#: A header row has at least this many cells that name a known role.
MIN_KNOWN_HEADERS = 2
_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
# A trailing currency annotation carries no meaning for the role: "Unit Price (USD)", "Cost $".
_CURRENCY_WORDS = frozenset({"usd", "eur", "gbp", "aud", "cad", "nzd", "chf", "zar", "inr"})


def header_words(header: str) -> tuple[str, ...]:
    """Split a header into lower-case words, splitting camelCase too.

    Args:
        header: the header as written, e.g. ``"PCToBCExchangeRate"`` or ``"Unit Price ($)"``.

    Returns:
        The words, e.g. ``("pc", "to", "bc", "exchange", "rate")``; currency codes dropped.
    """
    words = [w.lower() for w in _WORDS.findall(header)]
    return tuple(w for w in words if w not in _CURRENCY_WORDS) or tuple(words)


def header_key(header: str) -> str:
    """The key two headers share when they mean the same column.

    Case, spaces, punctuation, underscores, camelCase and a currency annotation don't matter.

    Args:
        header: the header as written.

    Returns:
        Lower-case letters and digits only, e.g. ``"Customer Name"`` -> ``"customername"``.
    """
    return "".join(header_words(header))


def dedupe_headers(cells: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Give every column a unique, non-empty name.

    Args:
        cells: the header row's cells, stripped.

    Returns:
        ``(headers, notes)``: an empty header becomes ``column 8`` (its position), a repeated
        one ``Price (2)``; each rename is described in ``notes`` for the LineSet's warnings.
    """
    seen: dict[str, int] = {}
    out: list[str] = []
    notes: list[str] = []
    taken = {header_key(c) for c in cells if c}
    for index, cell in enumerate(cells):
        name = cell or f"column {index + 1}"
        key = header_key(name)
        if key in seen:
            seen[key] += 1
            renamed = f"{name} ({seen[key]})"
            while header_key(renamed) in taken:
                seen[key] += 1
                renamed = f"{name} ({seen[key]})"
            taken.add(header_key(renamed))
            notes.append(f"two columns are called {cell!r}; column {index + 1} is now {renamed!r}")
            name = renamed
        else:
            seen[key] = 1
        out.append(name)
    return tuple(out), tuple(notes)


def find_header(headers: Sequence[str], wanted: str) -> int | None:
    """The column a person means by ``wanted`` (exact text first, then the same key).

    Args:
        headers: the file's headers.
        wanted: a column name as typed in ``--map ROLE=COLUMN``.

    Returns:
        The column index, or None.
    """
    stripped = wanted.strip()
    for index, header in enumerate(headers):
        if header == stripped:
            return index
    key = header_key(stripped)
    for index, header in enumerate(headers):
        if key and header_key(header) == key:
            return index
    return None


@dataclass(frozen=True, slots=True)
class HeaderRow:
    """Where the header is and what it says.

    Attributes:
        row: its spreadsheet row number.
        headers: unique non-empty names, trailing empty header cells left out.
        width: how many cells the header row has (empty ones included).
        offset: byte offset of the header record in the body.
        end: byte offset where the rows under the header begin.
        notes: renamed duplicates.
    """

    row: int
    headers: tuple[str, ...]
    width: int
    offset: int
    end: int
    notes: tuple[str, ...] = ()


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, int, list[str]]]:
    """Yield (offset where the record starts, where it ends, cells) for each record."""
    consumed = 0

    def lines() -> Iterator[str]:
        nonlocal consumed
        for line in io.StringIO(text, newline=""):
            consumed += len(line)
            yield line

    reader = csv.reader(lines(), delimiter=delimiter, strict=False)
    start = 0
    try:
        for cells in reader:
            yield start, consumed, cells
            start = consumed
    except csv.Error:
        return


def find_header_row(
    text: TextFile, *, known: Container[str], min_known: int = MIN_KNOWN_HEADERS
) -> HeaderRow:
    """Find the header row: the first of the top rows with enough cells naming known roles.

    Args:
        text: the decoded file.
        known: header keys (see :func:`header_key`) that name some role.
        min_known: how many known cells make a header row (default 2).

    Returns:
        The header row.

    Raises:
        FormatNotRecognised: no such row within the first :data:`HEADER_SEARCH_ROWS` rows.
    """
    head = text.body[:REGION_BYTES].decode("utf-8", errors="ignore")
    first: list[str] | None = None
    for index, (offset, end, cells) in enumerate(_csv_rows(head, text.delimiter)):
        if index >= HEADER_SEARCH_ROWS:
            break
        stripped = [c.strip() for c in cells]
        if first is None and any(stripped):
            first = [c for c in stripped if c]
        if sum(1 for c in stripped if c and header_key(c) in known) >= min_known:
            if len(cells) > MAX_COLUMNS:
                raise MalformedRow(
                    f"is a header row of {len(cells):,} columns; exports have at most "
                    f"{MAX_COLUMNS:,}, so this is not one",
                    path=text.path,
                    row=index + 1,
                )
            while stripped and not stripped[-1]:
                stripped.pop()
            headers, notes = dedupe_headers(stripped)
            return HeaderRow(
                row=index + 1,
                headers=headers,
                width=len(cells),
                offset=len(head[:offset].encode("utf-8")),
                end=len(head[:end].encode("utf-8")),
                notes=notes,
            )
    seen = first or []
    raise FormatNotRecognised(
        f"no header row found in the first {HEADER_SEARCH_ROWS} rows (the first row reads: "
        f"{_quote_list(seen)}). The file needs a header row naming its columns, with at least "
        "a client (customer/company name), a product or SKU, and a quantity; "
        "export the report as CSV with column headers",
        path=text.path,
        headers=seen,
    )


def _quote_list(items: list[str] | tuple[str, ...], limit: int = 40) -> str:
    shown = ", ".join(f'"{item}"' for item in items[:limit])
    more = f", ... ({len(items) - limit} more)" if len(items) > limit else ""
    return (shown + more) or "(nothing)"
