"""The I/O edges of a fix: read the PSA, plan, claim, write, read back, remember."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from recon.catalog import load_catalog
from recon.clock import utc_now
from recon.errors import FixRefused, SourceError
from recon.fix._gates import default_target, fix_refusal, psa_of
from recon.fix._model import FixPlan, FixResult, exact
from recon.fix._plan import FixInputs, plan_change
from recon.fix._reading import line_reading
from recon.model import GapKind
from recon.money import cents, format_money, format_qty
from recon.sources import Runtime, SourceSettings
from recon.sources.writeback import AutotaskWriter, CatalogItem, ConnectWiseWriter, open_writer
from recon.store import Store, StoredGap

Writer = ConnectWiseWriter | AutotaskWriter
_PERMISSIONS = {
    "connectwise": "the API member's security role needs Finance > Agreements Edit (and Add)",
    "autotask": "the API user's security level needs contract Add/Edit rights",
}


def _explained(err: SourceError, psa: str) -> SourceError:
    """A refusal for lack of rights, with the right the PSA needs for writing."""
    if err.kind != "permission":
        return err
    text = str(err).removeprefix(f"{err.source}: ")
    return SourceError(
        f"{text}; to fix gaps {_PERMISSIONS[psa]} (members without it keep pulling)",
        source=err.source,
        kind=err.kind,
    )


def _read(
    gap: StoredGap,
    *,
    to: Decimal | None,
    store: Store,
    sources: SourceSettings,
    runtime: Runtime | None,
    clock: Callable[[], dt.datetime] | None,
) -> tuple[Writer, FixInputs]:
    """Check the gates, open the PSA and read the client: (writer, plan inputs)."""
    if clock is None:
        clock = runtime.clock if runtime is not None else utc_now
    refusal = fix_refusal(store, gap, sources)
    if refusal is not None:
        raise FixRefused(refusal, gap_id=gap.id)
    psa = psa_of(store, gap)
    assert psa is not None  # fix_refusal checked it
    target = to if to is not None else default_target(gap)
    if target is None:
        raise FixRefused(
            f"gap {gap.id} has no vendor cost to price it at; give the monthly price (--to)",
            gap_id=gap.id,
        )
    writer = open_writer(psa, sources, runtime=runtime or Runtime(clock=clock))
    effective = clock().date()
    try:
        client = writer.client(gap.psa_client or gap.client, effective)
        catalog: list[CatalogItem] = []
        if gap.kind is GapKind.MISSING_IN_PSA and len(client.containers) == 1:
            catalog = writer.catalog()
    except SourceError as err:
        writer.close()
        raise _explained(err, psa) from None
    reading = line_reading(
        gap,
        catalog=load_catalog(),
        knowledge=store.knowledge(),
        kept=store.kept_products(gap.last_run_id),
        live=[(r.product, r.sku) for r in client.records],
    )
    months: Callable[[CatalogItem], int] = (
        writer.months_of if isinstance(writer, AutotaskWriter) else (lambda _item: 1)
    )
    inputs = FixInputs(
        gap=gap,
        psa=psa,
        client=client,
        to=target,
        mode=store.settings().connectwise_fix_mode,
        effective=effective,
        matches=reading.matches,
        catalog=catalog,
        item_months=months,
        doubt=reading.doubt,
    )
    return writer, inputs


def plan_fix(
    gap_id: int,
    *,
    to: Decimal | None = None,
    store: Store,
    sources: SourceSettings,
    runtime: Runtime | None = None,
    clock: Callable[[], dt.datetime] | None = None,
) -> FixPlan:
    """Preview the fix of a gap: read the PSA now and plan the one change. Writes nothing.

    Args:
        gap_id: the gap.
        to: the seats to bill, or for a price gap the monthly price per seat (default: the
            vendor's seats, or the vendor's monthly cost).
        store: the store.
        sources: the PSA credentials (the pull's).
        runtime: HTTP clock, sleep and retries (default: real ones on ``clock``).
        clock: today's date (UTC, as the pulls judge it) decides what is in force and when
            the change takes effect (default: the runtime's clock, else the system's).

    Returns:
        The plan (show :meth:`FixPlan.preview_lines`; confirm with its ``key``).

    Raises:
        NotFound: no such gap.
        FixRefused: it can't be fixed from here (the message says why).
        SourceError: the PSA could not be read.
    """
    gap = store.gap(gap_id)
    writer, inputs = _read(gap, to=to, store=store, sources=sources, runtime=runtime, clock=clock)
    try:
        plan, _ = plan_change(inputs)
    finally:
        writer.close()
    return plan


def apply_fix(
    gap_id: int,
    *,
    by: str,
    to: Decimal | None = None,
    expected_key: str | None = None,
    store: Store,
    sources: SourceSettings,
    runtime: Runtime | None = None,
    clock: Callable[[], dt.datetime] | None = None,
) -> FixResult:
    """Write the fix of a gap to the PSA, read it back, and mark the gap fixed (pending the
    next run), with an audit entry.

    Args:
        gap_id: the gap.
        by: who asks (a Slack user id or ``cli:<login>``).
        to: as :func:`plan_fix`.
        expected_key: the key of the preview the person confirmed; when the PSA or the gap
            changed since, nothing is sent.
        store: the store.
        sources: the PSA credentials (the pull's).
        runtime: HTTP clock, sleep and retries.
        clock: as :func:`plan_fix`.

    Returns:
        What was written and the gap as now stored.

    Raises:
        NotFound: no such gap.
        FixRefused: nothing was sent (off, wrong gap, changed since the run or the preview).
        Conflict: this fix was already sent, or is being sent (a double click, a retry).
        SourceError: the PSA refused or failed; the gap is unchanged (the message says
            whether the PSA may have taken the change).
    """
    gap = store.gap(gap_id)
    writer, inputs = _read(gap, to=to, store=store, sources=sources, runtime=runtime, clock=clock)
    try:
        plan, change = plan_change(inputs)
        if expected_key is not None and plan.key != expected_key:
            raise FixRefused(
                f"{plan.system} or gap {gap.id} changed since the preview; nothing was sent: "
                "preview it again",
                gap_id=gap.id,
            )
        store.begin_fix(
            plan.key, gap_id=gap.id, run_id=plan.run_id, psa=plan.psa, by=by, plan=plan.as_json()
        )
        try:
            said = writer.send(change)
        except SourceError as err:
            failure = _explained(err, plan.psa)
            store.end_fix(plan.key, state="failed", message=str(failure))
            raise failure from None
        try:
            shown = _read_back(writer, inputs, plan)
        except SourceError as err:
            store.end_fix(plan.key, state="failed", message=str(err))
            raise
    finally:
        writer.close()
    gap = store.complete_fix(
        plan.key,
        summary=plan.summary,
        before={"record": plan.record_id, "field": plan.field, "value": _opt(plan.old)},
        after={
            "record": plan.record_id or said,
            "field": plan.field,
            "value": exact(plan.new),
            "read_back": shown,
        },
    )
    return FixResult(plan, gap, said, plan.notes)


def _opt(value: Decimal | None) -> str | None:
    return None if value is None else exact(value)


def _read_back(writer: Writer, inputs: FixInputs, plan: FixPlan) -> str:
    """Read the client again and check the PSA now bills what the plan said; the value read.

    Raises:
        SourceError: the read failed, or shows something else (recorded as a failed fix;
            the PSA did take a change, so the message says to check it).
    """
    try:
        client = writer.client(plan.company, inputs.effective)
    except SourceError as err:
        raise _unverified(plan, f"reading it back failed ({err})") from None
    lines = [r for r in client.records if inputs.matches(r.product, r.sku)]
    if plan.field == "price":
        shown = format_money(lines[0].monthly_price) if len(lines) == 1 else "no single line"
        ok = len(lines) == 1 and cents(lines[0].monthly_price) == cents(plan.monthly_after)
    else:
        seats = sum((r.billed for r in lines), Decimal(0))
        shown, ok = format_qty(seats), seats == plan.seats_after
    if not ok:
        raise _unverified(plan, f"it now shows {shown}, not {plan.target_text}")
    return shown


def _unverified(plan: FixPlan, what: str) -> SourceError:
    return SourceError(
        f"{plan.system} took the change ({plan.summary}) but {what}: check it in {plan.system}; "
        "the gap stays open",
        source=plan.psa,
        kind="unexpected",
    )
