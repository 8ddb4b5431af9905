"""Option groups and error handling shared by several commands (written once, used everywhere).

Exit codes, the same for every command (docs/cli.md lists them):

- 0: done;
- 1: ``Error: ...`` on stderr: a :class:`ReconError` (a file, a name, an id or a database
  that is not as expected);
- 2: the command line itself is wrong (an unknown option, a bad choice, a missing
  argument), reported by click with the command's usage.
"""

from __future__ import annotations

import csv
import functools
import getpass
import io
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from recon.cli.output import printable_output
from recon.controls import neutralise, printable
from recon.errors import ReconError, StoreError
from recon.paths import DB_ENV_VAR, default_db_path

if TYPE_CHECKING:
    from recon.store import Store

F = TypeVar("F", bound=Callable[..., Any])

#: Exit status of a command that ran (0), failed on purpose (1), or was mistyped (2).
EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
#: The output formats of every list command.
FORMATS = ("table", "json", "csv")


def reports_errors(func: F) -> F:
    """Turn a :class:`ReconError` into ``Error: <message>`` and exit code 1, without a
    traceback; and print nothing a terminal would act on (see
    :func:`recon.cli.output.printable_output`)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with printable_output():
                return func(*args, **kwargs)
        except ReconError as err:
            raise click.ClickException(printable(str(err))) from err

    return wrapper  # type: ignore[return-value]


def db_option(func: F) -> F:
    """``--db PATH``: the SQLite database (default: ``$RECON_DB`` or a per-user file)."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=f"SQLite database file. Default: ${DB_ENV_VAR}, else {default_db_path({})}.",
    )(func)


def resolve_db(db_path: Path | None) -> Path:
    """The database to use: the ``--db`` value, else the default location."""
    return db_path if db_path is not None else default_db_path()


def open_store(db_path: Path | None, *, create: bool = False, read_only: bool = False) -> Store:
    """Open the database a command works on.

    A command that reads or changes what recon remembers needs a database that exists: a
    mistyped ``--db`` must not answer "nothing here" from a new, empty file. Commands that
    set things up before a first run (owners, settings) may create it, and say so. Commands
    that only show something leave the file as it was: one written by an older recon is
    read as an upgraded temporary copy (:func:`recon.store.reading_store`), not upgraded.

    Args:
        db_path: the ``--db`` value (None: the default location).
        create: create the database when it does not exist (and say so on stderr).
        read_only: the command changes nothing (the copy lives until the command ends).

    Raises:
        StoreError: the database does not exist and ``create`` is False; nothing is created.
    """
    from recon.store import Store, reading_store

    path = resolve_db(db_path).expanduser()
    if not path.exists():
        if not create:
            raise StoreError(
                f"no recon database at {path}; check --db (or ${DB_ENV_VAR}). "
                "`recon reconcile` creates one with the first run."
            )
        store = Store.open(path)
        click.echo(f"Created a new recon database at {path}.", err=True)
        return store
    if read_only:
        return click.get_current_context().with_resource(reading_store(path))
    return Store.open(path)


def by_option(func: F) -> F:
    """``--by WHO``: who is taking the decision (default: the login name)."""
    return click.option(
        "--by",
        "by",
        default=None,
        help="Who takes this decision, for the audit log (default: your login name).",
    )(func)


def resolve_by(by: str | None) -> str:
    """The decision maker: ``--by`` or the current login name."""
    if by:
        return by
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


def reason_option(func: F) -> F:
    """``--reason TEXT``: why, kept in the decision log (the one word every command uses)."""
    return click.option("--reason", metavar="TEXT", help="Why (kept in the decision log).")(func)


def format_option(func: F) -> F:
    """``--format table|json|csv``: a table for people (default), JSON or CSV for programs."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="table for people; json for programs (every field); csv for a spreadsheet.",
    )(func)


def records_json(records: Sequence[Mapping[str, Any]] | Mapping[str, Any]) -> str:
    """Records (JSON-ready dicts) as indented JSON."""
    return json.dumps(records, indent=2, ensure_ascii=False, default=str)


def records_csv(records: Sequence[Mapping[str, Any]], columns: Sequence[str] = ()) -> str:
    """Records as CSV, one row each, safe to open in a spreadsheet.

    Args:
        records: JSON-ready dicts; nested values (lists, dicts) become JSON text in the cell.
        columns: the columns, in order (default: the keys of the records, first seen first).
    """
    if not columns:
        seen: dict[str, None] = {}
        for record in records:
            seen.update(dict.fromkeys(record))
        columns = list(seen)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow(_csv_cell(record.get(column)) for column in columns)
    return buffer.getvalue()


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return neutralise(json.dumps(value, ensure_ascii=False, default=str))
    if isinstance(value, bool | int | float):
        return str(value)
    return neutralise(str(value))


def emit(
    output_format: str,
    records: Sequence[Mapping[str, Any]],
    table: Callable[[], str],
    *,
    columns: Sequence[str] = (),
) -> None:
    """Print a list command's answer in the chosen format.

    Args:
        output_format: ``table``, ``json`` or ``csv``.
        records: the rows as JSON-ready dicts (for json and csv).
        table: renders the table for people (called only for ``table``).
        columns: CSV columns in order (default: the records' keys).
    """
    if output_format == "json":
        click.echo(records_json(list(records)))
    elif output_format == "csv":
        click.echo(records_csv(records, columns), nl=False)
    else:
        click.echo(table())
