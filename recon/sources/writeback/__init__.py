"""Writing a fix back to a PSA: one module per PSA, each reading a client's billing as the
pull does and sending one change, with the pull's credentials.

=============  ==========================================================================
PSA            what a fix writes
=============  ==========================================================================
connectwise    an agreement addition's quantity or price (JSON Patch), or, with
               ``connectwise_fix_mode`` ``end_and_add``, a copy from today and an end date
               on the old one; a new addition from the catalogue for a missing product
autotask       a contract service units adjustment from today (never editing history), a
               contract service's adjusted price, or a new service through an adjustment
=============  ==========================================================================

Usage::

    writer = open_writer("connectwise", load_source_settings())
    client = writer.client("Acme Corporation", as_of)
    writer.send(Change("set", "quantity", record.container, record, record.quantity,
                       Decimal(10), as_of))
"""

from __future__ import annotations

from recon.errors import SourceError
from recon.sources._http import Runtime
from recon.sources._settings import SourceSettings
from recon.sources.writeback._base import (
    CatalogItem,
    Change,
    Client,
    Container,
    PsaWriter,
    Record,
)
from recon.sources.writeback.autotask import AutotaskWriter
from recon.sources.writeback.connectwise import ConnectWiseWriter

#: The PSAs a fix can be written to.
WRITERS = ("autotask", "connectwise")


def open_writer(
    name: str, settings: SourceSettings, *, runtime: Runtime | None = None
) -> ConnectWiseWriter | AutotaskWriter:
    """A writer for a PSA, with the credentials its pulls use.

    Args:
        name: ``connectwise`` or ``autotask``.
        settings: every source's settings (the environment, read once).
        runtime: clock, sleep and retry policy (default: the real ones).

    Raises:
        SourceError: the PSA is not configured (``not_configured``), or recon can't write
            to it.
    """
    if name == "connectwise" and settings.connectwise is not None:
        return ConnectWiseWriter(settings.connectwise, runtime=runtime)
    if name == "autotask" and settings.autotask is not None:
        return AutotaskWriter(settings.autotask, runtime=runtime)
    if name not in WRITERS:
        raise SourceError(
            f"recon can fix gaps in {' and '.join(WRITERS)} only",
            source=name,
            kind="not_configured",
        )
    missing = ", ".join(settings.missing.get(name, ())) or "its settings"
    raise SourceError(
        f"is not set up: set {missing} (the same credentials the pulls use)",
        source=name,
        kind="not_configured",
    )


__all__ = [
    "WRITERS",
    "AutotaskWriter",
    "CatalogItem",
    "Change",
    "Client",
    "ConnectWiseWriter",
    "Container",
    "PsaWriter",
    "Record",
    "open_writer",
]
