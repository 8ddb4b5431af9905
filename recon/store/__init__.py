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
"""

from __future__ import annotations

from recon.store._alerts import AlertMark, SentAlert
from recon.store._anomalies import AnomalyCheck
from recon.store._bundles import Bundle
from recon.store._db import read as read_transaction
from recon.store._db import write as write_transaction
from recon.store._fixes import FixRecord
from recon.store._gaps import ALL_STATUSES
from recon.store._held import ConfirmedRun
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
    "Bundle",
    "ConfirmedRun",
    "Decision",
    "FixRecord",
    "GapStatus",
    "HeldRun",
    "HeldStatus",
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
