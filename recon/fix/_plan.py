"""Planning a fix, pure: from the gap and the PSA's records as they stand to one change.

Refuses (:class:`~recon.errors.FixRefused`) unless exactly one record carries the product
(or, to add one, exactly one agreement or contract is active and one catalogue product is
the gap's) and the PSA still bills what the run saw.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from recon.errors import FixRefused
from recon.fix._model import SYSTEMS, FixPlan, exact
from recon.model import GapKind
from recon.money import cents, format_money, format_qty
from recon.sources.writeback import CatalogItem, Change, Client, Container, Record
from recon.store import StoredGap


@dataclass(frozen=True, slots=True)
class FixInputs:
    """Everything a plan depends on, read before planning.

    Attributes:
        gap: the gap.
        psa: ``connectwise`` or ``autotask``.
        client: the client's billing in the PSA as it stands.
        to: the seats to bill, or the monthly price per seat.
        mode: ``connectwise_fix_mode`` (``replace`` or ``end_and_add``).
        effective: the day the change takes effect.
        matches: whether a PSA line (name, SKU) is the gap's product, as the run read it.
        catalog: the PSA's catalogue (adding a missing product).
        item_months: months one catalogue price covers (Autotask's period types).
        doubt: for a run that did not record how it read products, why a line could also
            be another product ("" when it could not); None when the run's reading is
            reproduced (:mod:`recon.fix._reading`).
    """

    gap: StoredGap
    psa: str
    client: Client
    to: Decimal
    mode: str
    effective: dt.date
    matches: Callable[[str, str], bool]
    catalog: Sequence[CatalogItem] = ()
    item_months: Callable[[CatalogItem], int] = lambda _item: 1
    doubt: Callable[[str, str], str] | None = None


def plan_change(inputs: FixInputs) -> tuple[FixPlan, Change]:
    """The one change that closes the gap, from the PSA's records as they stand: the plan
    people see, and the change a writer sends.

    Raises:
        FixRefused: no single record to change, the PSA changed since the run, or the
            target is not a value the PSA can take.
    """
    gap, system = inputs.gap, SYSTEMS[inputs.psa]
    refuse = _refuser(gap.id)
    client = inputs.client
    name = gap.psa_client or gap.client
    if not client.companies:
        refuse(f"{system} has no company named {name!r} now: renamed or removed since the run?")
    found = [r for r in client.records if inputs.matches(r.product, r.sku)]
    _refuse_unsure(inputs, [(f"{r.id} on {r.container.name}", r.product, r.sku) for r in found])
    if gap.kind is GapKind.MISSING_IN_PSA:
        return _plan_add(inputs, found, system)
    if not found:
        refuse(
            f"{system} no longer bills {gap.product} to {name}: it changed since the run; "
            "nothing was sent. The next run shows where it stands."
        )
    if len(found) > 1:
        where = ", ".join(f"{r.id} on {r.container.name}" for r in found[:5])
        refuse(
            f"{name} has {len(found)} {system} lines of {gap.product} ({where}); recon changes "
            f"one line only: fix it in {system}"
        )
    record = found[0]
    if gap.kind is GapKind.QUANTITY_MISMATCH:
        return _plan_quantity(inputs, record, system)
    return _plan_price(inputs, record, system)


def _refuse_unsure(inputs: FixInputs, lines: Sequence[tuple[str, str, str]]) -> None:
    """Refuse when the gap's run did not record how it read products and the lines (where,
    name, SKU) it could mean are not exactly one that no reading doubts: a write must rest
    on the reading the gap came from."""
    if inputs.doubt is None:
        return
    gap, system = inputs.gap, SYSTEMS[inputs.psa]
    doubts = [d for _, name, sku in lines if (d := inputs.doubt(name, sku))]
    if len(lines) < 2 and not doubts:
        return
    which = (
        f"{len(lines)} {system} lines could be {gap.product} "
        f"({', '.join(where for where, _, _ in lines[:5])})"
        if len(lines) > 1
        else doubts[0]
    )
    raise FixRefused(
        f"run {gap.last_run_id} was recorded before recon kept how a run reads products, and "
        f"{which}; nothing was sent. Reconcile again and fix from the new run, or fix it in "
        f"{system}",
        gap_id=gap.id,
    )


def _refuser(gap_id: int) -> Callable[[str], Any]:
    def refuse(message: str) -> Any:
        raise FixRefused(message, gap_id=gap_id)

    return refuse


def _changed_since_run(gap: StoredGap, system: str, now: str, then: str) -> FixRefused:
    return FixRefused(
        f"{system} now shows {now} where the run saw {then}: it changed since the run "
        "(someone may have fixed it already); nothing was sent. The next run shows where "
        "it stands.",
        gap_id=gap.id,
    )


def _plan_quantity(inputs: FixInputs, record: Record, system: str) -> tuple[FixPlan, Change]:
    gap, target = inputs.gap, inputs.to
    refuse = _refuser(gap.id)
    if record.billed != gap.psa_qty:
        raise _changed_since_run(
            gap, system, f"{format_qty(record.billed)} seats", f"{format_qty(gap.psa_qty)}"
        )
    if target < 0:
        refuse(f"a quantity can't be negative ({format_qty(target)})")
    if target == record.billed:
        refuse(f"{system} already bills {format_qty(target)} seats; nothing to change")
    if inputs.psa == "autotask" and target != target.to_integral_value():
        refuse(f"Autotask counts whole units; {format_qty(target)} is not one")
    included = record.quantity - record.billed
    new_quantity = target + included
    if inputs.psa == "autotask":
        action = "adjust"
    else:
        action = "end_and_add" if inputs.mode == "end_and_add" else "set"
    notes: list[str] = []
    if included:
        notes.append(f"{format_qty(included)} seats are included free; quantity counts them")
    if action == "set" and record.effective:
        notes.append(
            f"ConnectWise applies the new quantity from the addition's effective date "
            f"({record.effective}); set connectwise_fix_mode to end_and_add to start it today"
        )
    return _plan(
        inputs,
        record.container,
        record,
        action=action,
        field="quantity",
        old=record.quantity,
        new=new_quantity,
        seats=(record.billed, target),
        monthly=(record.monthly_price, record.monthly_price),
        notes=notes,
    )


def _plan_price(inputs: FixInputs, record: Record, system: str) -> tuple[FixPlan, Change]:
    gap, target = inputs.gap, inputs.to
    refuse = _refuser(gap.id)
    months = record.container.months
    if gap.psa_unit_price is not None and cents(record.monthly_price) != cents(gap.psa_unit_price):
        raise _changed_since_run(
            gap,
            system,
            f"{format_money(record.monthly_price)}/mo",
            f"{format_money(gap.psa_unit_price)}/mo",
        )
    if record.billed != gap.psa_qty:
        raise _changed_since_run(
            gap, system, f"{format_qty(record.billed)} seats", f"{format_qty(gap.psa_qty)}"
        )
    if target <= 0:
        refuse(f"a monthly price must be more than zero, not {format_money(target)}")
    new_price = cents(target * months)
    if new_price == record.price:
        refuse(f"{system} already charges {format_money(new_price)}; nothing to change")
    if inputs.psa == "autotask":
        action = "set"  # the contract service's adjusted price: the one price Autotask updates
    else:
        action = "end_and_add" if inputs.mode == "end_and_add" else "set"
    return _plan(
        inputs,
        record.container,
        record,
        action=action,
        field="price",
        old=record.price,
        new=new_price,
        seats=(record.billed, record.billed),
        monthly=(record.monthly_price, new_price / months),
        notes=[],
    )


def _plan_add(inputs: FixInputs, found: list[Record], system: str) -> tuple[FixPlan, Change]:
    gap, target = inputs.gap, inputs.to
    refuse = _refuser(gap.id)
    name = gap.psa_client or gap.client
    if found:
        billed = sum((r.billed for r in found), Decimal(0))
        raise _changed_since_run(gap, system, f"{format_qty(billed)} seats", "none")
    word = "agreement" if inputs.psa == "connectwise" else "recurring service contract"
    containers = inputs.client.containers
    if not containers:
        refuse(f"{name} has no active {word} in {system}: add one there first")
    if len(containers) > 1:
        names = ", ".join(c.name for c in containers[:5])
        refuse(
            f"{name} has {len(containers)} active {word}s in {system} ({names}); recon adds a "
            f"product only when there is exactly one: add it in {system}"
        )
    items = [i for i in inputs.catalog if inputs.matches(i.name, i.sku)]
    _refuse_unsure(inputs, [(f"catalogue product {i.id}", i.name, i.sku) for i in items])
    if not items:
        refuse(
            f"no product in {system}'s catalogue is {gap.product}: add it to the catalogue (or "
            "an alias for it), or bill it by hand"
        )
    if len(items) > 1:
        names = ", ".join(f"{i.name} ({i.id})" for i in items[:5])
        refuse(
            f"several {system} catalogue products could be {gap.product} ({names}): add it by hand"
        )
    if target <= 0:
        refuse(f"a quantity to add must be more than zero, not {format_qty(target)}")
    if inputs.psa == "autotask" and target != target.to_integral_value():
        refuse(f"Autotask counts whole units; {format_qty(target)} is not one")
    item, container = items[0], containers[0]
    months = inputs.item_months(item) if inputs.psa == "autotask" else container.months
    container = Container(container.id, container.name, months, container.ends)
    return _plan(
        inputs,
        container,
        None,
        action="add",
        field="quantity",
        old=None,
        new=target,
        seats=(Decimal(0), target),
        monthly=(None, item.price / months),
        notes=[f"at the catalogue price of {item.name}: {format_money(item.price)}"],
        item=item,
    )


def _plan(
    inputs: FixInputs,
    container: Container,
    record: Record | None,
    *,
    action: str,
    field: str,
    old: Decimal | None,
    new: Decimal,
    seats: tuple[Decimal, Decimal],
    monthly: tuple[Decimal | None, Decimal],
    notes: Sequence[str],
    item: CatalogItem | None = None,
) -> tuple[FixPlan, Change]:
    gap = inputs.gap
    before = seats[0] * (monthly[0] or Decimal(0))
    money = seats[1] * monthly[1] - before
    plan = FixPlan(
        gap_id=gap.id,
        run_id=gap.last_run_id,
        kind=gap.kind,
        psa=inputs.psa,
        system=SYSTEMS[inputs.psa],
        company=gap.psa_client or gap.client,
        product=gap.product,
        container=container.name,
        container_id=container.id,
        record=record.product if record else "",
        record_id=record.id if record else "",
        action=action,
        field=field,
        old=old,
        new=new,
        seats_before=seats[0],
        seats_after=seats[1],
        monthly_before=monthly[0],
        monthly_after=monthly[1],
        monthly_money=money,
        effective=inputs.effective,
        months=container.months,
        notes=tuple(notes),
    )
    identity = [
        plan.gap_id,
        plan.run_id,
        plan.psa,
        action,
        field,
        container.id,
        plan.record_id or (item.id if item else ""),
        exact(old) if old is not None else None,
        exact(new),
        plan.effective.isoformat(),
    ]
    key = hashlib.sha256(json.dumps(identity).encode()).hexdigest()[:24]
    change = Change(action, field, container, record, old, new, inputs.effective, item)
    return dataclasses.replace(plan, key=key), change
