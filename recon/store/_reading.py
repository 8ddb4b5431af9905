"""A store to read from without changing the database file: for commands that save nothing.

``recon reconcile --no-save`` reads what people decided (aliases, rejections, column maps,
settings) but must leave the database as it found it: a mistyped or missing ``--db`` must
not leave a new file behind, and a database written by an older recon must not be upgraded
by a dry run (its owner may still run that older recon against it).

So: a database at this recon's schema is read in place (opening it changes nothing). A
missing one reads as an empty database, and an older one as an upgraded copy; both live in a
temporary folder that is removed afterwards.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path

from recon.clock import utc_now
from recon.paths import default_db_path
from recon.store._migrations import SCHEMA_VERSION
from recon.store._store import Store


def _version(path: Path) -> int | None:
    """The file's schema version, read without creating or writing anything (None: unreadable)."""
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error:
        return None


@contextmanager
def reading_store(
    path: str | os.PathLike[str] | None = None, *, clock: Callable[[], datetime] = utc_now
) -> Iterator[Store]:
    """A store for reading only, leaving the database file as it was.

    Args:
        path: the database file (default: :func:`recon.paths.default_db_path`).
        clock: returns the current time (default: the system clock, UTC).

    Yields:
        The database itself when it exists at this recon's schema; else a temporary store:
        empty when the file is missing, an upgraded copy when it is older. Writes to a
        temporary store are thrown away on exit.

    Raises:
        StoreError: the file is not a recon database, or a newer recon wrote it.
        DatabaseUnusable: the file is damaged or can't be read.

    Example::

        with reading_store("recon.db") as store:
            knowledge = store.knowledge()
    """
    db_path = (Path(path) if path is not None else default_db_path()).expanduser()
    exists = db_path.exists()
    if exists and _version(db_path) in (SCHEMA_VERSION, None):
        # Current: opening changes nothing. Unreadable: Store.open says why, changing nothing.
        yield Store.open(db_path, clock=clock)
        return
    with tempfile.TemporaryDirectory(prefix="recon-read-") as folder:
        copy = Path(folder) / "recon.db"
        if exists:
            uri = f"{db_path.resolve().as_uri()}?mode=ro"
            with (
                closing(sqlite3.connect(uri, uri=True)) as source,
                closing(sqlite3.connect(copy)) as target,
            ):
                source.backup(target)  # consistent even while another process writes
        yield Store.open(copy, clock=clock)
