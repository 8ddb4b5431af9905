"""Whether a gap can be fixed in the PSA from recon: everything that needs no call to the PSA."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from recon.errors import NotFound
from recon.fix._model import SYSTEMS
from recon.model import GapKind
from recon.sources import SourceSettings
from recon.store import Store, StoredGap, format_local
from recon.store._fixes import FIXABLE_STATUSES

FIXABLE_KINDS = frozenset(
    {GapKind.QUANTITY_MISMATCH, GapKind.PRICE_BELOW_COST, GapKind.MISSING_IN_PSA}
)


def psa_of(store: Store, gap: StoredGap) -> str | None:
    """The PSA the gap's latest run read its PSA side from (``connectwise``/``autotask``), or
    None when it was another PSA or the run is not an applied one."""
    try:
        inputs = store.run_inputs(gap.last_run_id)
    except NotFound:
        return None
    for run_file in inputs:
        if run_file.side == "psa":
            name = run_file.format_name.split("_")[0]
            return name if name in SYSTEMS else None
    return None


def fix_refusal(store: Store, gap: StoredGap, sources: SourceSettings | None = None) -> str | None:
    """Why this gap can't be fixed in the PSA from recon, or None when it can be tried.

    Checks everything that needs no call to the PSA: the gap's kind and status, held runs,
    which PSA its run read, the ``write_back`` setting, and (when ``sources`` is given) the
    PSA's credentials.
    """
    if gap.kind not in FIXABLE_KINDS:
        return (
            f"gap {gap.id} is {gap.kind.value}: recon writes fixes for quantity_mismatch, "
            "price_below_cost and missing_in_psa gaps only"
        )
    if gap.fix_pending:
        when = format_local(gap.fix_at, store.settings().zone)
        return (
            f"gap {gap.id} was already fixed in the PSA by {gap.fix_by} at {when} "
            f"({gap.fix_summary}); nothing was sent again. The next run confirms it."
        )
    if gap.kind is GapKind.MISSING_IN_PSA and not gap.psa_client:
        return (
            f"{gap.client} is not a client the run found in the PSA: add the company there, or "
            "an alias to the PSA's name for it, and run again"
        )
    if gap.status not in FIXABLE_STATUSES:
        return f"gap {gap.id} is {gap.status_label}, not open: there is nothing to fix"
    later = [h.run_id for h in store.held_runs() if h.run_id > gap.last_run_id]
    if later:
        return (
            f"run {later[-1]} is held as implausible: an admin confirms or discards it "
            f"(`recon runs confirm {later[-1]}`) before any gap is fixed from its data"
        )
    psa = psa_of(store, gap)
    if psa is None:
        return (
            f"gap {gap.id}'s latest run did not read its PSA side from ConnectWise or Autotask: "
            "recon writes fixes to those two only"
        )
    if not store.settings().writes_to(psa):
        return (
            f"fixing gaps in {SYSTEMS[psa]} is off; an admin turns it on with "
            f"`recon settings set write_back {psa}`"
        )
    if sources is not None and getattr(sources, psa) is None:
        missing = ", ".join(sources.missing.get(psa, ())) or "its credentials"
        return f"{SYSTEMS[psa]} is not set up here: set {missing} (the pull credentials)"
    return None


def default_target(gap: StoredGap) -> Decimal | None:
    """What a fix sets when no ``to`` is given: the vendor's seats, or for a price below
    cost the vendor's monthly cost per seat."""
    if gap.kind is GapKind.PRICE_BELOW_COST:
        return gap.vendor_unit_cost
    return gap.vendor_qty


@dataclass(frozen=True, slots=True)
class FixOffer:
    """What an alert's fix button offers: the PSA and the value a fix would set.

    Attributes:
        gap_id: the gap.
        psa: ``connectwise`` or ``autotask``.
        system: its name for people.
        field: ``quantity`` (seats) or ``price`` (the monthly price per seat).
        target: the value (the vendor's seats, or the vendor's monthly cost).
    """

    gap_id: int
    psa: str
    system: str
    field: str
    target: Decimal


def fix_offer(
    store: Store, gap: StoredGap, sources: SourceSettings | None = None
) -> FixOffer | None:
    """The fix an alert may offer for a gap, or None when :func:`fix_refusal` has a reason
    (no call to the PSA; cheap when write-back is off)."""
    if not store.settings().write_back or fix_refusal(store, gap, sources) is not None:
        return None
    target, psa = default_target(gap), psa_of(store, gap)
    if target is None or psa is None:
        return None
    field = "price" if gap.kind is GapKind.PRICE_BELOW_COST else "quantity"
    return FixOffer(gap.id, psa, SYSTEMS[psa], field, target)
