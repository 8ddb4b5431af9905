"""One connection per unit of work: open, set the pragmas, run, close.

The bot calls the store from Bolt's listener threads and from the scheduler, and a
``sqlite3`` connection (or a ``sqlite_utils.Database`` around it) must not cross threads.
So nothing here is shared: every read or write opens its own connection in autocommit mode
(``isolation_level=None``), takes an explicit transaction, and closes the connection again.
Writes use ``BEGIN IMMEDIATE`` so that two writers queue on SQLite's lock (``busy_timeout``)
instead of failing half-way with "database is locked" when a read lock would need upgrading.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from recon.errors import StoreError

log = logging.getLogger(__name__)

#: How long a writer waits for another writer before giving up, in seconds.
BUSY_TIMEOUT_S = 30.0


@contextmanager
def connect(path: Path, *, timeout: float = BUSY_TIMEOUT_S) -> Iterator[Database]:
    """A private connection for one unit of work, closed on exit.

    Sets WAL journaling (readers never block the writer), ``busy_timeout`` and foreign keys.

    Args:
        path: the database file; it is created if missing.
        timeout: seconds to wait on a lock held by another connection (default 30).

    Yields:
        A ``sqlite_utils.Database`` wrapping a connection in autocommit mode.

    Raises:
        StoreError: the file can't be opened or is not an SQLite database.
    """
    try:
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    except sqlite3.Error as err:
        raise StoreError(f"can't open the database {path}: {err}") from err
    try:
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL").fetchall()
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{path} is not a database recon can use: {err}") from err
        yield Database(conn, execute_plugins=False)
    finally:
        conn.close()


@contextmanager
def write(path: Path) -> Iterator[Database]:
    """A write transaction (``BEGIN IMMEDIATE``) on a private connection: all or nothing.

    Args:
        path: the database file.

    Yields:
        The database, inside the transaction. An exception of any kind rolls it back.

    Raises:
        StoreError: another writer held the database for longer than the busy timeout.
    """
    with connect(path) as db:
        conn = db.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise _busy(path, err) from err
        try:
            yield db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as err:  # pragma: no cover - needs a stuck reader
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise _busy(path, err) from err


@contextmanager
def read(path: Path) -> Iterator[Database]:
    """A read transaction on a private connection: every query sees the same snapshot.

    Args:
        path: the database file.

    Yields:
        The database, inside a deferred transaction that is ended on exit.
    """
    with connect(path) as db:
        db.conn.execute("BEGIN")
        try:
            yield db
        finally:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")


def _busy(path: Path, err: sqlite3.OperationalError) -> StoreError:
    text = str(err)
    if "locked" not in text and "busy" not in text:
        return StoreError(f"can't write to the database {path}: {text}")
    log.warning("database %s stayed locked: %s", path, err)
    return StoreError(
        f"the database {path} is busy (another process kept it locked for "
        f"{BUSY_TIMEOUT_S:.0f} s); try again"
    )
