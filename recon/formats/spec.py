"""What an export format is: a declaration of how to recognise it and read its rows.

A format module only *declares* things in a :class:`FormatSpec`: which headers identify it,
which header it prefers for each role, what its status values mean, how its prices become
monthly, and any rule of its own. :func:`recon.formats.convert.convert` applies it the same way
for every format.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from recon.formats.commitment import ChargeHook, TermHook
from recon.formats.header import header_key
from recon.formats.rows import Rows
from recon.formats.synonyms import assign_roles, synonyms
from recon.model import Role, Side

#: A format's own step over the rows (a skip rule, or a change to a role column).
RowsHook = Callable[[Rows], None]
#: Months each row's price covers.
MonthsHook = Callable[[Rows], npt.NDArray[np.int64]]


def _keys(spellings: Mapping[Role, tuple[str, ...]]) -> dict[Role, tuple[str, ...]]:
    return {role: tuple(header_key(s) for s in names) for role, names in spellings.items()}


@dataclass(frozen=True)
class FormatSpec:
    """One export format: how to recognise it and how its rows become seat lines.

    Attributes:
        name: the id used in ``--vendor-format`` / ``--psa-format`` and in saved maps.
        label: what people call it.
        side: vendor or PSA.
        signature: header spellings that identify this format (any spelling; compared by key).
        min_hits: how many signature headers a file needs to be taken for this format.
        preferences: role -> this format's own header spellings, tried before the synonyms.
        ignore: header spellings this format must never use for any role.
        fallbacks: role -> header spellings whose cell fills the role's cell when it is empty.
        active_statuses: status values (folded) that are seats; None = the lenient default.
        dated: skip rows by start/end dates against ``as_of`` (lists of live records); False
            for invoices, whose dates are charge periods.
        extra_rules: this format's own skip rules, run after the status rule (default none).
        months: months each row's price covers (default: from the billing-cycle column).
        adjust: last changes to role columns before numbers are read (e.g. a composite SKU).
        generic: a catch-all format, chosen only when no specific one fits.
        credits: negative unit prices are real lines (a PSA's discount addition); when False,
            a row priced below zero is a credit, not seats, and is skipped.
        terms: the commitment term per row when no column has the term role (e.g. from
            Partner Center's ``TermAndBillingCycle``); default none.
        charges: this format's own rule for trials, one-time charges and prorations, applied
            where the common rules see a recurring line (see
            :mod:`recon.formats.commitment`); default none.
        unit_cost: PSA: header spellings of the MSP's own cost per seat, in order of
            preference (:mod:`recon.formats.costs`); default none.
    """

    name: str
    label: str
    side: Side
    signature: frozenset[str] = frozenset()
    min_hits: int = 3
    preferences: Mapping[Role, tuple[str, ...]] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()
    fallbacks: Mapping[Role, tuple[str, ...]] = field(default_factory=dict)
    active_statuses: frozenset[str] | None = None
    dated: bool = True
    extra_rules: RowsHook | None = None
    months: MonthsHook | None = None
    adjust: RowsHook | None = None
    generic: bool = False
    credits: bool = False
    terms: TermHook | None = None
    charges: ChargeHook | None = None
    unit_cost: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "signature", frozenset(header_key(s) for s in self.signature))
        object.__setattr__(self, "preferences", _keys(self.preferences))
        object.__setattr__(self, "fallbacks", _keys(self.fallbacks))
        object.__setattr__(self, "ignore", frozenset(header_key(s) for s in self.ignore))

    @property
    def required(self) -> tuple[tuple[Role, ...], ...]:
        """Role groups that must each have a column (any one role of a group will do)."""
        groups: list[tuple[Role, ...]] = [
            (Role.CLIENT,),
            (Role.QUANTITY,),
            (Role.PRODUCT, Role.SKU),
        ]
        if self.side is Side.PSA:
            groups.append((Role.UNIT_PRICE, Role.AMOUNT))
        return tuple(groups)

    def role_keys(self) -> dict[Role, tuple[str, ...]]:
        """Role -> header keys to try, this format's own first, then the side's synonyms."""
        table = synonyms(self.side)
        unused = () if self.dated else (Role.START_DATE, Role.END_DATE)
        return {
            role: tuple(dict.fromkeys((*self.preferences.get(role, ()), *table.get(role, ()))))
            for role in set(table) | set(self.preferences)
            if role not in unused
        }

    def assign(self, headers: tuple[str, ...]) -> dict[Role, int]:
        """Role -> column index for a file with these headers."""
        return assign_roles(headers, self.role_keys(), ignore=self.ignore)

    def missing(self, assigned: Mapping[Role, int]) -> tuple[tuple[Role, ...], ...]:
        """Required role groups with no column."""
        return tuple(g for g in self.required if not any(r in assigned for r in g))
