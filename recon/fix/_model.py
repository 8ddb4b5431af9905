"""What a fix writes, in the PSA's terms and in money: the plan people confirm, the result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from recon.model import GapKind
from recon.money import cents, format_money, format_qty
from recon.store import StoredGap

#: Each PSA's name for people.
SYSTEMS = {"connectwise": "ConnectWise", "autotask": "Autotask"}


@dataclass(frozen=True, slots=True)
class FixPlan:
    """The one change a fix would write, in the PSA's terms and in money.

    Attributes:
        gap_id: the gap.
        run_id: the run whose figures it was planned from.
        kind: the gap's kind.
        psa: ``connectwise`` or ``autotask``.
        system: the PSA's name for people ("ConnectWise").
        company: the client as the PSA names it.
        product: the product as the gap names it.
        container: the agreement (ConnectWise) or contract (Autotask).
        container_id: its id.
        record: the addition / contract service changed ("" when one is added).
        record_id: its id ("" when one is added).
        action: ``set``, ``end_and_add``, ``adjust`` or ``add``.
        field: ``quantity`` or ``price``.
        old: the field's value in the PSA now (None when a record is added).
        new: the value written (a quantity, or a price per billing period).
        seats_before: seats billed now; seats_after: seats billed after.
        monthly_before: the monthly price per seat now; monthly_after: after.
        monthly_money: what the change bills more per month (negative: less).
        effective: the day it takes effect.
        months: months one price covers (1 monthly, 12 annual).
        notes: what else a person should know (effective dates, catalogue price).
        key: the idempotency key of exactly this change.
    """

    gap_id: int
    run_id: int
    kind: GapKind
    psa: str
    system: str
    company: str
    product: str
    container: str
    container_id: str
    record: str
    record_id: str
    action: str
    field: str
    old: Decimal | None
    new: Decimal
    seats_before: Decimal
    seats_after: Decimal
    monthly_before: Decimal | None
    monthly_after: Decimal
    monthly_money: Decimal
    effective: dt.date
    months: int = 1
    notes: tuple[str, ...] = ()
    key: str = ""

    @property
    def record_word(self) -> str:
        """What the PSA calls the line: addition (ConnectWise) or service (Autotask)."""
        return "addition" if self.psa == "connectwise" else "contract service"

    @property
    def target_text(self) -> str:
        """The value the button offers: ``10`` seats or ``$22.00`` a month."""
        if self.field == "price":
            return f"{format_money(self.monthly_after)}/mo"
        return format_qty(self.seats_after)

    @property
    def summary(self) -> str:
        """One line for the audit log and the gap: what was written where."""
        if self.action == "add":
            return (
                f"{self.system}: added {self.product} x {format_qty(self.new)} to "
                f"{self.container} ({self.container_id})"
            )
        field_name = "quantity" if self.field == "quantity" else "price"
        return (
            f"{self.system} {self.record_word} {self.record_id} {field_name} "
            f"{_value(self.old, self.field)} -> {_value(self.new, self.field)}"
        )

    def preview_lines(self) -> list[tuple[str, str]]:
        """The preview, as (label, value) rows: the same in the terminal and in Slack."""
        per = "" if self.months == 1 else f" per {self.months} months"
        rows = [
            ("PSA", self.system),
            ("Company", self.company),
            ("Agreement" if self.psa == "connectwise" else "Contract", self.container),
        ]
        if self.action == "add":
            rows.append((self.record_word.capitalize(), f"new: {self.product}"))
            rows.append(
                ("Quantity", f"{format_qty(self.new)} at {format_money(self.new_price)}{per}")
            )
        else:
            rows.append((self.record_word.capitalize(), f"{self.record} ({self.record_id})"))
            label = "Quantity" if self.field == "quantity" else "Unit price"
            unit = "" if self.field == "quantity" else per
            rows.append(
                (label, f"{_value(self.old, self.field)} -> {_value(self.new, self.field)}{unit}")
            )
        rows.append(
            ("Billed seats", f"{format_qty(self.seats_before)} -> {format_qty(self.seats_after)}")
        )
        rows.append(("Monthly billing", f"{format_money(self.monthly_money, signed=True)}/mo"))
        rows.append(("How", self.how))
        rows.append(("Effective", self.effective.isoformat()))
        return rows

    @property
    def new_price(self) -> Decimal:
        """The price per billing period of an added record."""
        return self.monthly_after * self.months

    @property
    def how(self) -> str:
        """The write, in the PSA's terms."""
        if self.action == "adjust":
            change = self.seats_after - self.seats_before
            return f"a units adjustment of {format_qty(change, signed=True)} from {self.effective}"
        if self.action == "end_and_add":
            return (
                f"end {self.record_word} {self.record_id} on {self.effective} and add a copy "
                "with the new value from that day"
            )
        if self.action == "add":
            return f"a new {self.record_word} from {self.effective}"
        return f"change the {self.record_word}'s {self.field} in place"

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict of this plan (money and quantities as exact strings)."""
        return {
            "gap_id": self.gap_id,
            "run_id": self.run_id,
            "kind": self.kind.value,
            "psa": self.psa,
            "company": self.company,
            "product": self.product,
            "container": self.container,
            "container_id": self.container_id,
            "record": self.record,
            "record_id": self.record_id,
            "action": self.action,
            "field": self.field,
            "old": None if self.old is None else exact(self.old),
            "new": exact(self.new),
            "seats_before": exact(self.seats_before),
            "seats_after": exact(self.seats_after),
            "monthly_before": None if self.monthly_before is None else f"{self.monthly_before:.2f}",
            "monthly_after": f"{self.monthly_after:.2f}",
            "monthly_money": f"{cents(self.monthly_money):.2f}",
            "effective": self.effective.isoformat(),
            "months": self.months,
            "notes": list(self.notes),
            "key": self.key,
        }


@dataclass(frozen=True, slots=True)
class FixResult:
    """A fix that was written, read back and remembered.

    Attributes:
        plan: what was written.
        gap: the gap as now stored (resolved, fix pending).
        said: what the PSA now holds, in a few words ("addition 101 changed").
    """

    plan: FixPlan
    gap: StoredGap
    said: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def exact(value: Decimal) -> str:
    """A quantity or amount as plain text, no exponent, no trailing zeros."""
    return format(value.normalize(), "f") if value else "0"


def _value(value: Decimal | None, field_name: str) -> str:
    if value is None:
        return "-"
    return format_money(value) if field_name == "price" else format_qty(value)
