"""Option groups and error handling shared by several commands (written once, used everywhere)."""

from __future__ import annotations

import contextlib
import functools
import getpass
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click

from recon.errors import ReconError
from recon.paths import DB_ENV_VAR, default_db_path
from recon.report import printable

F = TypeVar("F", bound=Callable[..., Any])


class PrintableStream:
    """A text stream that drops terminal control characters from what is written to it.

    Every command's output goes through one (see :func:`reports_errors`), so a client name
    from an export can't colour, move or retitle the terminal or set its clipboard.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write ``text`` without its control characters."""
        self._stream.write(printable(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def printable_output() -> Iterator[None]:
    """Within the block, standard output and error drop terminal control characters."""
    saved = sys.stdout, sys.stderr
    sys.stdout = PrintableStream(saved[0])
    sys.stderr = PrintableStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


class PrintableGroup(click.Group):
    """The ``recon`` group: every subcommand's output goes through :class:`PrintableStream`."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand with printable output."""
        with printable_output():
            return super().invoke(ctx)


def reports_errors(func: F) -> F:
    """Turn a :class:`ReconError` into ``Error: <message>`` and exit code 1, without a
    traceback; and print nothing a terminal would act on (see :class:`PrintableStream`)."""

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


def table_json_option(func: F) -> F:
    """``--format table|json``: a table for people (default) or JSON for programs."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["table", "json"]),
        default="table",
        show_default=True,
        help="table for people; json for programs (every field).",
    )(func)
