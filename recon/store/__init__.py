"""The store: recon's memory in one SQLite file.

Runs (when, from what, counts and totals), seat history per run, gaps with a stable
identity and a lifecycle (open, resolved, accepted, snoozed, fixed), fixes written to a
PSA, an append-only log of every human decision, client and product aliases, rejections,
ignored products, owners, settings and column-mapping profiles. :meth:`Store.knowledge`
feeds the decisions back into matching; :meth:`Store.record_run` records a run and moves
the gaps along.

Example::

    from recon.store import Store

    store = Store.open()  # $RECON_DB, else ~/.local/share/recon/recon.db
    for gap in store.gaps(status=GapStatus.OPEN):
        print(gap.id, gap.client, gap.product, gap.monthly_impact)

The names below are imported on first use (PEP 562): ``recon settings set --help`` reads the
settings table without loading sqlite-utils, pandas or the rest of the store; type checkers see
them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recon._lazy import lazy_names

if TYPE_CHECKING:
    from recon.store._alerts import AlertMark, SentAlert
    from recon.store._anomalies import AnomalyCheck
    from recon.store._bundles import Bundle
    from recon.store._db import read as read_transaction
    from recon.store._db import write as write_transaction
    from recon.store._families import AskedFamily, FamilyAnswer
    from recon.store._fixes import FixRecord
    from recon.store._gaps import ALL_STATUSES
    from recon.store._held import ConfirmedRun
    from recon.store._makers import AskedMaker, MakerAnswer
    from recon.store._migrations import MIGRATIONS, SCHEMA_VERSION
    from recon.store._owners import split_person
    from recon.store._owners_csv import OWNER_COLUMNS, read_owners_csv, write_owners_csv
    from recon.store._people import (
        Action,
        Decision,
        Owner,
        OwnerImport,
        OwnerRow,
        OwnerSource,
        ProductAnswer,
        Settings,
    )
    from recon.store._reading import reading_store
    from recon.store._records import (
        GapStatus,
        HeldRun,
        HeldStatus,
        Outcome,
        ReopenReason,
        RunFile,
        RunInfo,
        RunRecord,
        SeatHistoryRow,
        StoredGap,
    )
    from recon.store._settings import (
        SETTING_KEYS,
        SETTING_MEANINGS,
        setting_default,
        setting_help,
    )
    from recon.store._store import Store
    from recon.store._time import format_local

__all__ = [
    "ALL_STATUSES",
    "MIGRATIONS",
    "OWNER_COLUMNS",
    "SCHEMA_VERSION",
    "SETTING_KEYS",
    "SETTING_MEANINGS",
    "Action",
    "AlertMark",
    "AnomalyCheck",
    "AskedFamily",
    "AskedMaker",
    "Bundle",
    "ConfirmedRun",
    "Decision",
    "FamilyAnswer",
    "FixRecord",
    "GapStatus",
    "HeldRun",
    "HeldStatus",
    "MakerAnswer",
    "Outcome",
    "Owner",
    "OwnerImport",
    "OwnerRow",
    "OwnerSource",
    "ProductAnswer",
    "ReopenReason",
    "RunFile",
    "RunInfo",
    "RunRecord",
    "SeatHistoryRow",
    "SentAlert",
    "Settings",
    "Store",
    "StoredGap",
    "format_local",
    "read_owners_csv",
    "read_transaction",
    "reading_store",
    "setting_default",
    "setting_help",
    "split_person",
    "write_owners_csv",
    "write_transaction",
]

#: Where each public name lives, as (module, name there).
_WHERE: dict[str, tuple[str, str]] = {
    "ALL_STATUSES": ("recon.store._gaps", "ALL_STATUSES"),
    "Action": ("recon.store._people", "Action"),
    "AlertMark": ("recon.store._alerts", "AlertMark"),
    "AnomalyCheck": ("recon.store._anomalies", "AnomalyCheck"),
    "AskedFamily": ("recon.store._families", "AskedFamily"),
    "AskedMaker": ("recon.store._makers", "AskedMaker"),
    "Bundle": ("recon.store._bundles", "Bundle"),
    "ConfirmedRun": ("recon.store._held", "ConfirmedRun"),
    "Decision": ("recon.store._people", "Decision"),
    "FamilyAnswer": ("recon.store._families", "FamilyAnswer"),
    "FixRecord": ("recon.store._fixes", "FixRecord"),
    "GapStatus": ("recon.store._records", "GapStatus"),
    "HeldRun": ("recon.store._records", "HeldRun"),
    "HeldStatus": ("recon.store._records", "HeldStatus"),
    "MIGRATIONS": ("recon.store._migrations", "MIGRATIONS"),
    "MakerAnswer": ("recon.store._makers", "MakerAnswer"),
    "OWNER_COLUMNS": ("recon.store._owners_csv", "OWNER_COLUMNS"),
    "Outcome": ("recon.store._records", "Outcome"),
    "Owner": ("recon.store._people", "Owner"),
    "OwnerImport": ("recon.store._people", "OwnerImport"),
    "OwnerRow": ("recon.store._people", "OwnerRow"),
    "OwnerSource": ("recon.store._people", "OwnerSource"),
    "ProductAnswer": ("recon.store._people", "ProductAnswer"),
    "ReopenReason": ("recon.store._records", "ReopenReason"),
    "RunFile": ("recon.store._records", "RunFile"),
    "RunInfo": ("recon.store._records", "RunInfo"),
    "RunRecord": ("recon.store._records", "RunRecord"),
    "SCHEMA_VERSION": ("recon.store._migrations", "SCHEMA_VERSION"),
    "SETTING_KEYS": ("recon.store._settings", "SETTING_KEYS"),
    "SETTING_MEANINGS": ("recon.store._settings", "SETTING_MEANINGS"),
    "SeatHistoryRow": ("recon.store._records", "SeatHistoryRow"),
    "SentAlert": ("recon.store._alerts", "SentAlert"),
    "Settings": ("recon.store._people", "Settings"),
    "Store": ("recon.store._store", "Store"),
    "StoredGap": ("recon.store._records", "StoredGap"),
    "format_local": ("recon.store._time", "format_local"),
    "read_owners_csv": ("recon.store._owners_csv", "read_owners_csv"),
    "read_transaction": ("recon.store._db", "read"),
    "reading_store": ("recon.store._reading", "reading_store"),
    "setting_default": ("recon.store._settings", "setting_default"),
    "setting_help": ("recon.store._settings", "setting_help"),
    "split_person": ("recon.store._owners", "split_person"),
    "write_owners_csv": ("recon.store._owners_csv", "write_owners_csv"),
    "write_transaction": ("recon.store._db", "write"),
}


__getattr__, __dir__ = lazy_names(__name__, _WHERE, globals(), __all__)
