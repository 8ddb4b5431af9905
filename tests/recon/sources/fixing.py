"""Helpers of the write-back tests: record a run from the fake APIs, find its gaps."""

from __future__ import annotations

from recon.model import GapKind
from recon.service import ReconcileOutcome, ReconcileRequest, run_reconciliation
from recon.sources import Runtime, SourceSettings
from recon.store import Store, StoredGap


def record_run(
    store: Store, settings: SourceSettings, runtime: Runtime, psa: str
) -> ReconcileOutcome:
    """Pull Pax8 and the PSA from the fakes and record the run in ``store``."""
    return run_reconciliation(
        ReconcileRequest(vendor="pax8", psa=psa),
        store=store,
        clock=runtime.clock,
        sources=settings,
        runtime=runtime,
    )


def gap_of(store: Store, kind: GapKind, client: str | None = None) -> StoredGap:
    """The one stored gap of this kind (and client), whatever its status."""
    found = [
        g
        for g in store.gaps(status="all")
        if g.kind is kind and (client is None or g.client.startswith(client))
    ]
    assert len(found) == 1, [(g.kind, g.client) for g in store.gaps(status="all")]
    return found[0]
