"""Scheduled pulls: vendor and PSA billing straight from their APIs, or from a watched folder.

Each source hands over the same canonical lines as the export it replaces (a
:class:`~recon.model.LineSet` with its side, a format name such as ``pax8_api``, the path
``source:pax8``, skipped rows counted by reason, and the SHA-256 of the canonical CSV), so a
run can happen on any schedule without anyone exporting anything::

    from recon.sources import load_source_settings, open_source

    settings = load_source_settings()            # the environment, read once
    pax8 = open_source("pax8", settings)
    lines = pax8.fetch()                         # LineSet, like read_export("pax8.csv")

``recon reconcile pax8 connectwise`` and :func:`recon.run_reconciliation` accept a source
name wherever they accept a file.

=================  ======  ===========================================================
source             side    what is read
=================  ======  ===========================================================
``pax8``           vendor  subscriptions (status, quantity, partner cost), companies,
                           products
``partner-center`` vendor  subscriptions (seats) + latest billed invoice export (costs)
``connectwise``    PSA     agreement additions of live agreements
``autotask``       PSA     recurring service contracts, their services and units in force
``folder``         either  the newest settled export per side in ``RECON_WATCH_DIR``
=================  ======  ===========================================================

Failures raise :class:`~recon.errors.SourceError` whose ``kind`` is one of
``credentials``, ``permission``, ``unreachable``, ``rate_limited``, ``unexpected``,
``not_configured``; messages never contain a secret, a header or a query string.
"""

from __future__ import annotations

from recon.sources._base import Source
from recon.sources._http import Runtime
from recon.sources._lines import CANONICAL_HEADERS, canonical_csv
from recon.sources._registry import (
    SOURCE_NAMES,
    SOURCES,
    SourceInfo,
    SourceStatus,
    is_source_name,
    open_source,
    pull,
    source_statuses,
)
from recon.sources._settings import (
    ENV_VARS,
    AutotaskSettings,
    ConnectWiseSettings,
    EnvVars,
    FolderSettings,
    PartnerCenterSettings,
    Pax8Settings,
    Secret,
    SourceSettings,
    load_source_settings,
)
from recon.sources.autotask import AutotaskSource
from recon.sources.connectwise import ConnectWiseSource
from recon.sources.folder import FileState, FolderSource
from recon.sources.partner_center import PartnerCenterSource
from recon.sources.pax8 import Pax8Source

__all__ = [
    "CANONICAL_HEADERS",
    "ENV_VARS",
    "SOURCES",
    "SOURCE_NAMES",
    "AutotaskSettings",
    "AutotaskSource",
    "ConnectWiseSettings",
    "ConnectWiseSource",
    "EnvVars",
    "FileState",
    "FolderSettings",
    "FolderSource",
    "PartnerCenterSettings",
    "PartnerCenterSource",
    "Pax8Settings",
    "Pax8Source",
    "Runtime",
    "Secret",
    "Source",
    "SourceInfo",
    "SourceSettings",
    "SourceStatus",
    "canonical_csv",
    "is_source_name",
    "load_source_settings",
    "open_source",
    "pull",
    "source_statuses",
]
