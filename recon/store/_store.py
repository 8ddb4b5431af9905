"""The :class:`Store` class: every part of the store's API on one object."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from recon.clock import utc_now
from recon.errors import StoreError
from recon.normalize import CLIENT_KEY_VERSION
from recon.paths import default_db_path
from recon.store import _db
from recon.store._alerts import AlertsMixin
from recon.store._anomalies import AnomaliesMixin
from recon.store._bundles import BundlesMixin
from recon.store._config import SettingsMixin
from recon.store._families import FamiliesMixin
from recon.store._fixes import FixesMixin
from recon.store._gaps import GapsMixin
from recon.store._held import HeldRunsMixin
from recon.store._history import HistoryMixin
from recon.store._knowledge import KnowledgeMixin
from recon.store._makers import MakersMixin
from recon.store._migrations import SCHEMA_VERSION, migrate, schema_version
from recon.store._owners import OwnersMixin
from recon.store._rekey import rekey, set_version, stored_version
from recon.store._runs import RunsMixin


class Store(
    RunsMixin,
    HeldRunsMixin,
    GapsMixin,
    FixesMixin,
    KnowledgeMixin,
    BundlesMixin,
    FamiliesMixin,
    MakersMixin,
    AlertsMixin,
    AnomaliesMixin,
    OwnersMixin,
    HistoryMixin,
    SettingsMixin,
):
    """The memory of recon: runs, seat history, gaps and their lifecycle, and decisions.

    One SQLite file. The object holds only the path and the clock; every call opens its own
    connection, so one store may be shared by any number of threads (Slack listeners, the
    scheduler). Writes are ``BEGIN IMMEDIATE`` transactions: all or nothing, one at a time.

    Example::

        store = Store.open("recon.db")
        result = reconcile(vendor, psa, knowledge=store.knowledge())
        record = store.record_run(result)
        store.resolve(record.new[0], by="U0123ABCD", note="added to the agreement")
    """

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> Store:
        """Open (creating it and its folder if needed) and upgrade a database.

        Args:
            path: the database file (default: :func:`recon.paths.default_db_path`).
            clock: returns the current time (default: the system clock, UTC); tests inject
                a fake one.

        Returns:
            The store, its schema at the newest version.

        Raises:
            StoreError: the folder can't be created, the file is not a recon database, or it
                was written by a newer recon.
            DatabaseUnusable: the file is read-only, damaged, or its disk is full.
        """
        db_path = Path(path) if path is not None else default_db_path()
        db_path = db_path.expanduser()
        try:
            # A new folder is private too: it will hold the -wal and -shm files.
            db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(f"can't create the folder for the database {db_path}: {err}") from err
        if db_path.is_dir():
            raise StoreError(f"{db_path} is a folder, not a database file")
        with _db.connect(db_path) as db:
            current = schema_version(db)
            stale = current != SCHEMA_VERSION or stored_version(db) < CLIENT_KEY_VERSION
        if stale:  # only then take the write lock (and check again)
            with _db.write(db_path) as db:
                migrate(db)
                # Keys written by an older key function are recomputed from the stored
                # names, in this same transaction, before any run compares against them.
                if (written_with := stored_version(db)) < CLIENT_KEY_VERSION:
                    rekey(db, from_version=written_with)
                    set_version(db)
        return cls(db_path, clock)
