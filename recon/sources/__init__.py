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

The names above are imported on first use (PEP 562), so ``recon sources`` lists the sources
without loading the readers (pandas, Arrow) or the HTTP stack; type checkers see them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recon._lazy import lazy_names

if TYPE_CHECKING:
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

#: Where each public name lives, as (module, name there).
_WHERE: dict[str, tuple[str, str]] = {
    "AutotaskSettings": ("recon.sources._settings", "AutotaskSettings"),
    "AutotaskSource": ("recon.sources.autotask", "AutotaskSource"),
    "CANONICAL_HEADERS": ("recon.sources._lines", "CANONICAL_HEADERS"),
    "ConnectWiseSettings": ("recon.sources._settings", "ConnectWiseSettings"),
    "ConnectWiseSource": ("recon.sources.connectwise", "ConnectWiseSource"),
    "ENV_VARS": ("recon.sources._settings", "ENV_VARS"),
    "EnvVars": ("recon.sources._settings", "EnvVars"),
    "FileState": ("recon.sources.folder", "FileState"),
    "FolderSettings": ("recon.sources._settings", "FolderSettings"),
    "FolderSource": ("recon.sources.folder", "FolderSource"),
    "PartnerCenterSettings": ("recon.sources._settings", "PartnerCenterSettings"),
    "PartnerCenterSource": ("recon.sources.partner_center", "PartnerCenterSource"),
    "Pax8Settings": ("recon.sources._settings", "Pax8Settings"),
    "Pax8Source": ("recon.sources.pax8", "Pax8Source"),
    "Runtime": ("recon.sources._http", "Runtime"),
    "SOURCES": ("recon.sources._registry", "SOURCES"),
    "SOURCE_NAMES": ("recon.sources._registry", "SOURCE_NAMES"),
    "Secret": ("recon.sources._settings", "Secret"),
    "Source": ("recon.sources._base", "Source"),
    "SourceInfo": ("recon.sources._registry", "SourceInfo"),
    "SourceSettings": ("recon.sources._settings", "SourceSettings"),
    "SourceStatus": ("recon.sources._registry", "SourceStatus"),
    "canonical_csv": ("recon.sources._lines", "canonical_csv"),
    "is_source_name": ("recon.sources._registry", "is_source_name"),
    "load_source_settings": ("recon.sources._settings", "load_source_settings"),
    "open_source": ("recon.sources._registry", "open_source"),
    "pull": ("recon.sources._registry", "pull"),
    "source_statuses": ("recon.sources._registry", "source_statuses"),
}


__getattr__, __dir__ = lazy_names(__name__, _WHERE, globals(), __all__)
