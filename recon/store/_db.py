"""One connection per unit of work: open, set the pragmas, run, close.

The bot calls the store from Bolt's listener threads and from the scheduler, and a
``sqlite3`` connection (or a ``sqlite_utils.Database`` around it) must not cross threads.
So nothing here is shared: every read or write opens its own connection in autocommit mode
(``isolation_level=None``), takes an explicit transaction, and closes the connection again.
Writes use ``BEGIN IMMEDIATE`` so that two writers queue on SQLite's lock (``busy_timeout``)
instead of failing half-way with "database is locked" when a read lock would need upgrading.

The file holds who owes what, so it is created readable by its owner only (``0600``; SQLite
gives its ``-wal`` and ``-shm`` files the same mode). A database that can't be used as it
stands (read-only, damaged, its disk full) is reported as :class:`~recon.errors.DatabaseUnusable`
with one line saying what to do, wherever in a unit of work SQLite notices.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from recon.errors import DatabaseUnusable, StoreError

log = logging.getLogger(__name__)

#: How long a writer waits for another writer before giving up, in seconds.
BUSY_TIMEOUT_S = 30.0
#: Mode of a database file recon creates: its owner only.
FILE_MODE = 0o600

# SQLite's primary result codes for a file that can't be used as it stands.
_READONLY, _PERM, _CORRUPT, _NOTADB, _FULL, _IOERR, _CANTOPEN = 8, 3, 11, 26, 13, 10, 14


def unusable(path: Path, err: sqlite3.Error) -> DatabaseUnusable | None:
    """The one-line error for a file SQLite can't use as it stands, or None for other errors.

    Args:
        path: the database file.
        err: what SQLite raised.

    Returns:
        A :class:`DatabaseUnusable` naming the file and what to do, or None when the error
        is not about the file (a constraint, a bug), which must propagate as it is.
    """
    code = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (_READONLY, _PERM):
        return DatabaseUnusable(
            f"the database {path} is read-only (file permissions or a read-only disk); give "
            "your user write access to it and its folder, or choose another --db / RECON_DB",
            path=str(path),
            problem="read_only",
        )
    if code == _NOTADB:
        return DatabaseUnusable(
            f"{path} is not a database recon can use: it is not an SQLite file, or its header "
            "is damaged; choose another --db / RECON_DB, or restore it from a backup",
            path=str(path),
            problem="not_a_database",
        )
    if code == _CORRUPT:
        return DatabaseUnusable(
            f"the database {path} is damaged ({err}); restore it from a backup, or try "
            f"`sqlite3 {path} .recover`; nothing was changed",
            path=str(path),
            problem="damaged",
        )
    if code == _FULL:
        return DatabaseUnusable(
            f"the disk holding the database {path} is full; free some space and run again; "
            "nothing was recorded",
            path=str(path),
            problem="full",
        )
    if code in (_IOERR, _CANTOPEN):
        return DatabaseUnusable(
            f"the database {path} can't be read or written ({err}); check the disk and the "
            "folder's permissions",
            path=str(path),
            problem="unreadable",
        )
    return None


def _create_private(path: Path) -> None:
    """Create a missing database file readable by its owner only (SQLite would use 0644)."""
    if path.exists():
        return
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    except FileExistsError:
        return  # another process created it first: it made it private too
    except OSError as err:
        raise StoreError(f"can't create the database {path}: {err.strerror or err}") from err
    os.close(fd)


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
        DatabaseUnusable: the file is read-only, damaged, or its disk is full (when opening
            or at any point of the unit of work).
    """
    _create_private(path)
    try:
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    except sqlite3.Error as err:
        raise unusable(path, err) or StoreError(f"can't open the database {path}: {err}") from err
    try:
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL").fetchall()
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as err:
            raise unusable(path, err) or StoreError(
                f"{path} is not a database recon can use: {err}"
            ) from err
        try:
            yield Database(conn, execute_plugins=False)
        except sqlite3.DatabaseError as err:
            mapped = unusable(path, err)
            if mapped is None:
                raise
            raise mapped from err
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
            _rollback(conn)
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as err:
            _rollback(conn)
            raise unusable(path, err) or _busy(path, err) from err


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
            _rollback(db.conn)


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back what is pending; on a full or damaged file SQLite may have done it already."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error as err:
            log.warning("rollback failed: %s", err)


def _busy(path: Path, err: sqlite3.OperationalError) -> StoreError:
    text = str(err)
    if "locked" not in text and "busy" not in text:
        return StoreError(f"can't write to the database {path}: {text}")
    log.warning("database %s stayed locked: %s", path, err)
    return StoreError(
        f"the database {path} is busy (another process kept it locked for "
        f"{BUSY_TIMEOUT_S:.0f} s); try again"
    )
