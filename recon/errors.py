"""Every error ``recon`` raises on purpose, under one base class.

The tree::

    ReconError                      anything the user can fix: bad input, bad settings, bad ids
    ├── InputError                  a file we were asked to read is unusable
    │   ├── EmptyFile               no bytes, or nothing but blank lines
    │   ├── NotATextFile            binary content (a workbook, an image, a PDF)
    │   ├── FileTooLarge            over the configured size limit
    │   ├── FormatNotRecognised     no header row we understand, or a forced format that doesn't fit
    │   ├── MissingColumns          the format is known but required roles have no column
    │   ├── MalformedRow            a row that can't be split into cells as written
    │   └── BadCell                 a value in a required column can't be read
    ├── UsageError                  arguments that don't make sense (unknown role, ...)
    ├── StoreError                  the database can't do what was asked
    │   ├── NotFound                an id or a name that matches nothing
    │   ├── Ambiguous               a name that matches more than one thing
    │   ├── Conflict                a decision that was already taken, or a stale one
    │   └── DatabaseUnusable        the file is read-only, damaged, or its disk is full
    ├── RunRefused                  the same file given as both sides
    ├── FixRefused                  a fix recon will not write to the PSA (nothing was sent)
    └── SourceError                 a vendor or PSA API call failed (auth, access, network, shape)

``str(err)`` always stands on its own: it names the file, row, column or id involved, so the
CLI can print it as-is and the bot can post it as-is.
"""

from __future__ import annotations

from collections.abc import Sequence


class ReconError(Exception):
    """Base of every error raised on purpose by ``recon``; its message is meant for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(ReconError):
    """A file we were asked to read can't be used as it is."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class EmptyFile(InputError):
    """The file has no content, or nothing but blank lines."""


class NotATextFile(InputError):
    """The file is binary (a workbook, an image, a PDF) rather than a delimited text export."""


class FileTooLarge(InputError):
    """The file is over the size limit we accept."""

    def __init__(self, message: str, *, path: str | None = None, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(message, path=path)


class FormatNotRecognised(InputError):
    """No known export format fits the header row (or a forced one doesn't)."""

    def __init__(
        self, message: str, *, path: str | None = None, headers: Sequence[str] = ()
    ) -> None:
        self.headers = tuple(headers)
        super().__init__(message, path=path)


class MissingColumns(InputError):
    """The export's format is known but some required roles have no column."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        format_name: str,
        headers: Sequence[str],
        missing_roles: Sequence[str],
    ) -> None:
        self.format_name = format_name
        self.headers = tuple(headers)
        self.missing_roles = tuple(missing_roles)
        super().__init__(message, path=path)


class MalformedRow(InputError):
    """A row that can't be split into cells as written: a stray or unbalanced quote, more cells
    than the header, a NUL byte, a cell longer than a spreadsheet allows."""

    def __init__(
        self, message: str, *, path: str | None = None, row: int, column: str | None = None
    ) -> None:
        self.row = row
        self.column = column
        where = f"row {row}, column {column!r}" if column else f"row {row}"
        super().__init__(f"{where} {message}", path=path)


class BadCell(InputError):
    """A value in a column we need can't be read (not a number, not a date, ...)."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        row: int,
        column: str,
        value: str,
        expected: str,
        more: int = 0,
    ) -> None:
        self.row = row
        self.column = column
        self.value = value
        self.expected = expected
        self.more = more
        extra = f" ({more} more bad value{'s' if more != 1 else ''} in this file)" if more else ""
        super().__init__(
            f"row {row}, column {column!r}: {message}: got {value!r}, expected {expected}{extra}",
            path=path,
        )


class UsageError(ReconError):
    """Arguments or settings that don't make sense (an unknown role in ``--map``, ...)."""


class StoreError(ReconError):
    """The database can't do what was asked."""


class NotFound(StoreError):
    """An id or a name that matches nothing in the store."""


class Ambiguous(StoreError):
    """A name that matches more than one thing; the message lists the candidates."""

    def __init__(self, message: str, *, candidates: Sequence[str] = ()) -> None:
        self.candidates = tuple(candidates)
        super().__init__(message)


class Conflict(StoreError):
    """A decision that was already taken by someone, or that no longer applies."""


class DatabaseUnusable(StoreError):
    """The database file can't be used as it stands: read-only, damaged, or its disk is full.

    ``problem`` is one of ``read_only``, ``damaged``, ``not_a_database``, ``full``,
    ``unreadable``; the message
    names the file and says what to do.
    """

    def __init__(self, message: str, *, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(message)


class RunRefused(ReconError):
    """A run that is refused outright before anything is read into memory (the same file on
    both sides); nothing is recorded."""


class FixRefused(ReconError):
    """A fix recon will not write to the PSA: write-back is off, the gap can't be fixed
    there, a run is held, the PSA changed since the run, or the record to change is not
    clear. Nothing was sent; the gap is as it was."""

    def __init__(self, message: str, *, gap_id: int) -> None:
        self.gap_id = gap_id
        super().__init__(message)


class SourceError(ReconError):
    """Pulling from a vendor or PSA API failed; the message names the system and the cause."""

    def __init__(self, message: str, *, source: str, kind: str = "unexpected") -> None:
        self.source = source
        # one of: credentials, permission, unreachable, rate_limited, unexpected,
        # not_configured, rejected (a write the PSA refused: nothing was changed)
        self.kind = kind
        super().__init__(f"{source}: {message}")
