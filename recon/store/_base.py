"""What every part of :class:`~recon.store.Store` shares: the path, the clock, transactions."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from recon.store import _db
from recon.store._codec import from_json, to_json
from recon.store._time import as_utc


@contextmanager
def _savepoint(db: Database) -> Iterator[Database]:
    """A write inside :meth:`StoreBase.transaction`: all or nothing on its own, like any
    write, so a caller that catches its error does not commit half of it."""
    db.conn.execute("SAVEPOINT store_write")
    try:
        yield db
    except BaseException:
        db.conn.execute("ROLLBACK TO store_write")
        db.conn.execute("RELEASE store_write")
        raise
    db.conn.execute("RELEASE store_write")


class StoreBase:
    """The path and clock of a store, and its private connections.

    Holds no connection: each method opens its own (see :mod:`recon.store._db`), so one
    store object can be used from any number of threads.
    """

    path: Path

    def __init__(self, path: Path, clock: Callable[[], datetime]) -> None:
        self.path = path
        self._clock = clock
        # The transaction this thread opened with :meth:`transaction`, if any.
        self._local = threading.local()

    def __repr__(self) -> str:
        return f"<Store {self.path}>"

    def _now(self) -> datetime:
        return as_utc(self._clock())

    def now(self) -> datetime:
        """The store's clock, in UTC (tests inject a fake one)."""
        return self._now()

    def _current(self) -> Database | None:
        db: Database | None = getattr(self._local, "db", None)
        return db

    def _read(self) -> AbstractContextManager[Database]:
        db = self._current()
        return nullcontext(db) if db is not None else _db.read(self.path)

    def _write(self) -> AbstractContextManager[Database]:
        db = self._current()
        return _savepoint(db) if db is not None else _db.write(self.path)

    def _put_meta(self, key: str, value: object) -> None:
        """Keep ``value`` (JSON) under ``key`` in the meta table, replacing what was there:
        the questions a saved run asked live here until the next run replaces them."""
        with self._write() as db:
            db.conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, to_json(value)),
            )

    def _meta(self, key: str) -> object:
        """What :meth:`_put_meta` kept under ``key``; None when nothing was."""
        with self._read() as db:
            row = db.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return from_json(row[0]) if row is not None else None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Make every store call of this thread, inside the block, one write transaction.

        Everything the block does is committed together when it ends, or nothing is when
        it raises: the service records a run, checks it for anomalies and writes the
        report's ``--output`` file before anything is committed, so a failed write leaves
        no run behind. Reads inside see the block's own changes. Nested blocks join the
        outer one. Other threads and processes are not affected (they wait for the write
        lock, as for any writer).

        Example::

            with store.transaction():
                record = store.record_run(result)
                write_report(record)  # raises: the run is not recorded
        """
        if self._current() is not None:
            yield
            return
        with _db.write(self.path) as db:
            self._local.db = db
            try:
                yield
            finally:
                self._local.db = None
