"""What every part of :class:`~recon.store.Store` shares: the path, the clock, transactions."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from recon.store import _db
from recon.store._time import as_utc


class StoreBase:
    """The path and clock of a store, and its private connections.

    Holds no connection: each method opens its own (see :mod:`recon.store._db`), so one
    store object can be used from any number of threads.
    """

    path: Path

    def __init__(self, path: Path, clock: Callable[[], datetime]) -> None:
        self.path = path
        self._clock = clock

    def __repr__(self) -> str:
        return f"<Store {self.path}>"

    def _now(self) -> datetime:
        return as_utc(self._clock())

    def now(self) -> datetime:
        """The store's clock, in UTC (tests inject a fake one)."""
        return self._now()

    def _read(self) -> AbstractContextManager[Database]:
        return _db.read(self.path)

    def _write(self) -> AbstractContextManager[Database]:
        return _db.write(self.path)
