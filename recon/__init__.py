"""recon: find billing gaps between what an MSP is charged and what it bills.

The public API. Everything outside ``recon`` (the Slack bot, scripts, notebooks) imports from
here only::

    from recon import ReconcileRequest, run_reconciliation

    outcome = run_reconciliation(ReconcileRequest(vendor="pax8.csv", psa="connectwise.csv"))
    for gap in outcome.result.gaps[:10]:
        print(gap.client, gap.product, gap.seat_delta, gap.monthly_impact)
"""

from __future__ import annotations

from recon.alerts import (
    AlertPlan,
    AnomalyAlert,
    ClientAlert,
    anomaly_alerts_from_store,
    plan_anomaly_alerts,
    plan_from_store,
    sent_alerts,
)
from recon.anomaly import (
    Anomaly,
    AnomalyRule,
    AnomalySettings,
    ExpectedMark,
    Severity,
    anomaly_line,
    detect_anomalies,
    prices_from_gaps,
)
from recon.cadence import Cadence
from recon.catalog import Catalog, CatalogProduct, load_catalog
from recon.digest import Digest, DigestGap, OwnerLoad, build_digest, render_chart
from recon.engine import reconcile, utc_now
from recon.errors import (
    Ambiguous,
    BadCell,
    Conflict,
    EmptyFile,
    FileTooLarge,
    FormatNotRecognised,
    InputError,
    MissingColumns,
    NotATextFile,
    NotFound,
    ReconError,
    SourceError,
    StoreError,
    UsageError,
)
from recon.formats import DEFAULT_MAX_BYTES, Detection, detect_export, list_formats, read_export
from recon.model import (
    Candidate,
    ClientMatch,
    FileSummary,
    Gap,
    GapKind,
    Knowledge,
    LineSet,
    MappingQuestion,
    MatchMethod,
    MatchSettings,
    ProductCandidate,
    ReconResult,
    ReviewItem,
    Side,
    Summary,
    UnmappedProduct,
)
from recon.money import format_money, format_qty
from recon.paths import default_db_path
from recon.report import neutralise, render_csv, render_json, render_table, result_to_dict
from recon.service import ReconcileOutcome, ReconcileRequest, run_reconciliation
from recon.sources import (
    SOURCES,
    Runtime,
    Source,
    SourceSettings,
    load_source_settings,
    open_source,
)
from recon.store import (
    AnomalyCheck,
    ChatMessage,
    ChatReview,
    Decision,
    GapStatus,
    HeldUpload,
    Owner,
    RunInfo,
    RunRecord,
    Settings,
    Store,
    StoredGap,
    format_local,
)
from recon.suggest import suggest_client_names
from recon.webhook import Delivery, alert_payload, deliver

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SOURCES",
    "AlertPlan",
    "Ambiguous",
    "Anomaly",
    "AnomalyAlert",
    "AnomalyCheck",
    "AnomalyRule",
    "AnomalySettings",
    "BadCell",
    "Cadence",
    "Candidate",
    "Catalog",
    "CatalogProduct",
    "ChatMessage",
    "ChatReview",
    "ClientAlert",
    "ClientMatch",
    "Conflict",
    "Decision",
    "Delivery",
    "Detection",
    "Digest",
    "DigestGap",
    "EmptyFile",
    "ExpectedMark",
    "FileSummary",
    "FileTooLarge",
    "FormatNotRecognised",
    "Gap",
    "GapKind",
    "GapStatus",
    "HeldUpload",
    "InputError",
    "Knowledge",
    "LineSet",
    "MappingQuestion",
    "MatchMethod",
    "MatchSettings",
    "MissingColumns",
    "NotATextFile",
    "NotFound",
    "Owner",
    "OwnerLoad",
    "ProductCandidate",
    "ReconError",
    "ReconResult",
    "ReconcileOutcome",
    "ReconcileRequest",
    "ReviewItem",
    "RunInfo",
    "RunRecord",
    "Runtime",
    "Settings",
    "Severity",
    "Side",
    "Source",
    "SourceError",
    "SourceSettings",
    "Store",
    "StoreError",
    "StoredGap",
    "Summary",
    "UnmappedProduct",
    "UsageError",
    "alert_payload",
    "anomaly_alerts_from_store",
    "anomaly_line",
    "build_digest",
    "default_db_path",
    "deliver",
    "detect_anomalies",
    "detect_export",
    "format_local",
    "format_money",
    "format_qty",
    "list_formats",
    "load_catalog",
    "load_source_settings",
    "neutralise",
    "open_source",
    "plan_anomaly_alerts",
    "plan_from_store",
    "prices_from_gaps",
    "read_export",
    "reconcile",
    "render_chart",
    "render_csv",
    "render_json",
    "render_table",
    "result_to_dict",
    "run_reconciliation",
    "sent_alerts",
    "suggest_client_names",
    "utc_now",
]
