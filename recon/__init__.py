"""recon: find billing gaps between what an MSP is charged and what it bills.

The public API. Everything outside ``recon`` (the Slack bot, scripts, notebooks) imports from
here only::

    from recon import ReconcileRequest, run_reconciliation

    outcome = run_reconciliation(ReconcileRequest(vendor="pax8.csv", psa="connectwise.csv"))
    for gap in outcome.result.gaps[:10]:
        print(gap.client, gap.product, gap.seat_delta, gap.monthly_impact)

The names below are imported on first use (PEP 562), so ``import recon`` and the CLI's
``--help`` start without loading pandas, Arrow or rapidfuzz; type checkers see them all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recon.alerts import (
        AlertPlan,
        AlertReason,
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
        numbers_line,
        prices_from_gaps,
    )
    from recon.cadence import (
        Cadence,
    )
    from recon.catalog import (
        Catalog,
        CatalogProduct,
        load_catalog,
    )
    from recon.clock import (
        utc_now,
    )
    from recon.digest import (
        Digest,
        DigestGap,
        OwnerLoad,
        RenewalGap,
        build_digest,
        render_chart,
    )
    from recon.engine import (
        reconcile,
    )
    from recon.errors import (
        Ambiguous,
        BadCell,
        Conflict,
        EmptyFile,
        FileTooLarge,
        FormatNotRecognised,
        InputError,
        MalformedRow,
        MissingColumns,
        NotATextFile,
        NotFound,
        ReconError,
        SourceError,
        StoreError,
        UsageError,
    )
    from recon.formats import (
        DEFAULT_MAX_BYTES,
        Detection,
        SideRead,
        detect_export,
        list_formats,
        read_export,
        read_sides,
    )
    from recon.model import (
        Candidate,
        Charge,
        ClientMatch,
        CurrencyPair,
        FileSummary,
        Gap,
        GapKind,
        Knowledge,
        LineSet,
        MatchMethod,
        MatchSettings,
        NotRecurring,
        ReconResult,
        ReviewItem,
        Side,
        SideInput,
        Summary,
        UnmappedProduct,
    )
    from recon.money import (
        format_money,
        format_qty,
    )
    from recon.paths import (
        default_db_path,
    )
    from recon.report import (
        neutralise,
        render_csv,
        render_json,
        render_table,
        result_to_dict,
    )
    from recon.service import (
        ReconcileOutcome,
        ReconcileRequest,
        check_anomalies,
        run_reconciliation,
    )
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
    from recon.suggest import (
        suggest_client_names,
    )
    from recon.webhook import (
        Delivery,
        alert_payload,
        deliver,
    )
    from recon.wording import as_written

#: Public name -> the module that defines it.
_WHERE: dict[str, str] = {
    "DEFAULT_MAX_BYTES": "recon.formats",
    "SOURCES": "recon.sources",
    "AlertPlan": "recon.alerts",
    "AlertReason": "recon.alerts",
    "Ambiguous": "recon.errors",
    "Anomaly": "recon.anomaly",
    "AnomalyAlert": "recon.alerts",
    "AnomalyCheck": "recon.store",
    "AnomalyRule": "recon.anomaly",
    "AnomalySettings": "recon.anomaly",
    "BadCell": "recon.errors",
    "Cadence": "recon.cadence",
    "Candidate": "recon.model",
    "Catalog": "recon.catalog",
    "CatalogProduct": "recon.catalog",
    "Charge": "recon.model",
    "ChatMessage": "recon.store",
    "ChatReview": "recon.store",
    "ClientAlert": "recon.alerts",
    "ClientMatch": "recon.model",
    "Conflict": "recon.errors",
    "CurrencyPair": "recon.model",
    "Decision": "recon.store",
    "Delivery": "recon.webhook",
    "Detection": "recon.formats",
    "Digest": "recon.digest",
    "DigestGap": "recon.digest",
    "EmptyFile": "recon.errors",
    "ExpectedMark": "recon.anomaly",
    "FileSummary": "recon.model",
    "FileTooLarge": "recon.errors",
    "FormatNotRecognised": "recon.errors",
    "Gap": "recon.model",
    "GapKind": "recon.model",
    "GapStatus": "recon.store",
    "HeldUpload": "recon.store",
    "InputError": "recon.errors",
    "Knowledge": "recon.model",
    "LineSet": "recon.model",
    "MalformedRow": "recon.errors",
    "MatchMethod": "recon.model",
    "MatchSettings": "recon.model",
    "MissingColumns": "recon.errors",
    "NotATextFile": "recon.errors",
    "NotFound": "recon.errors",
    "NotRecurring": "recon.model",
    "Owner": "recon.store",
    "OwnerLoad": "recon.digest",
    "ReconError": "recon.errors",
    "ReconResult": "recon.model",
    "ReconcileOutcome": "recon.service",
    "ReconcileRequest": "recon.service",
    "RenewalGap": "recon.digest",
    "ReviewItem": "recon.model",
    "RunInfo": "recon.store",
    "RunRecord": "recon.store",
    "Runtime": "recon.sources",
    "Settings": "recon.store",
    "Severity": "recon.anomaly",
    "Side": "recon.model",
    "SideInput": "recon.model",
    "SideRead": "recon.formats",
    "Source": "recon.sources",
    "SourceError": "recon.errors",
    "SourceSettings": "recon.sources",
    "Store": "recon.store",
    "StoreError": "recon.errors",
    "StoredGap": "recon.store",
    "Summary": "recon.model",
    "UnmappedProduct": "recon.model",
    "UsageError": "recon.errors",
    "alert_payload": "recon.webhook",
    "anomaly_alerts_from_store": "recon.alerts",
    "anomaly_line": "recon.anomaly",
    "as_written": "recon.wording",
    "build_digest": "recon.digest",
    "check_anomalies": "recon.service",
    "default_db_path": "recon.paths",
    "deliver": "recon.webhook",
    "detect_anomalies": "recon.anomaly",
    "detect_export": "recon.formats",
    "format_local": "recon.store",
    "format_money": "recon.money",
    "format_qty": "recon.money",
    "list_formats": "recon.formats",
    "load_catalog": "recon.catalog",
    "load_source_settings": "recon.sources",
    "neutralise": "recon.report",
    "numbers_line": "recon.anomaly",
    "open_source": "recon.sources",
    "plan_anomaly_alerts": "recon.alerts",
    "plan_from_store": "recon.alerts",
    "prices_from_gaps": "recon.anomaly",
    "read_export": "recon.formats",
    "read_sides": "recon.formats",
    "reconcile": "recon.engine",
    "render_chart": "recon.digest",
    "render_csv": "recon.report",
    "render_json": "recon.report",
    "render_table": "recon.report",
    "result_to_dict": "recon.report",
    "run_reconciliation": "recon.service",
    "sent_alerts": "recon.alerts",
    "suggest_client_names": "recon.suggest",
    "utc_now": "recon.clock",
}

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SOURCES",
    "AlertPlan",
    "AlertReason",
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
    "Charge",
    "ChatMessage",
    "ChatReview",
    "ClientAlert",
    "ClientMatch",
    "Conflict",
    "CurrencyPair",
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
    "MalformedRow",
    "MatchMethod",
    "MatchSettings",
    "MissingColumns",
    "NotATextFile",
    "NotFound",
    "NotRecurring",
    "Owner",
    "OwnerLoad",
    "ReconError",
    "ReconResult",
    "ReconcileOutcome",
    "ReconcileRequest",
    "RenewalGap",
    "ReviewItem",
    "RunInfo",
    "RunRecord",
    "Runtime",
    "Settings",
    "Severity",
    "Side",
    "SideInput",
    "SideRead",
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
    "as_written",
    "build_digest",
    "check_anomalies",
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
    "numbers_line",
    "open_source",
    "plan_anomaly_alerts",
    "plan_from_store",
    "prices_from_gaps",
    "read_export",
    "read_sides",
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


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use, and keep the name here afterwards."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'recon' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
