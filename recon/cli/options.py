"""Option groups and error handling shared by several commands (written once, used everywhere)."""

from __future__ import annotations

import functools
import getpass
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from recon.errors import ReconError
from recon.paths import DB_ENV_VAR, default_db_path

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(func: F) -> F:
    """Turn a :class:`ReconError` into ``Error: <message>`` and exit code 1, without a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ReconError as err:
            raise click.ClickException(str(err)) from err

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
