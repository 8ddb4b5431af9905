"""How every list of gaps is ordered, labelled and totalled, wherever it is shown.

``recon reconcile``, ``recon gaps``, the CSV and JSON reports and the bot's lists all sort
gaps the same way (:func:`gap_order`: money at stake, then client, then product), show the
same status words (:func:`display_status`) and end with the same totals
(:func:`money_totals`). Pure functions over anything shaped like a gap, so the engine's
:class:`~recon.model.Gap` and the store's :class:`~recon.store.StoredGap` both fit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Protocol


class Orderable(Protocol):
    """What sorting a gap needs: its money, client and product (and kind, as a tie-break)."""

    @property
    def monthly_impact(self) -> Decimal: ...

    @property
    def client(self) -> str: ...

    @property
    def product(self) -> str: ...


class ListStatus(StrEnum):
    """The status words people see in every gap list.

    ``new``: open, and first seen by the latest run that showed it. ``open``: open for
    longer. ``escalated``: open for at least the ``escalation_days`` setting. The others are
    the stored lifecycle statuses (see :class:`recon.store.GapStatus`).
    """

    NEW = "new"
    OPEN = "open"
    ESCALATED = "escalated"
    RESOLVED = "resolved"
    ACCEPTED = "accepted"
    SNOOZED = "snoozed"
    FIXED = "fixed"


class Lifecycle(Protocol):
    """What :func:`display_status` reads from a stored gap."""

    @property
    def status(self) -> str: ...

    @property
    def runs_seen(self) -> int: ...

    @property
    def first_seen(self) -> datetime: ...


def gap_order(gap: Orderable) -> tuple[Decimal, str, str, str]:
    """The one sort key of gap lists: money at stake (largest first), client, product.

    Money at stake is the absolute monthly impact, so refund risk ranks with revenue leak.
    Names compare case-insensitively; the gap kind breaks the last ties.

    Example::

        gaps.sort(key=gap_order)
    """
    kind = getattr(gap, "kind", "")
    return (
        -abs(gap.monthly_impact),
        gap.client.casefold(),
        gap.product.casefold(),
        str(getattr(kind, "value", kind)),
    )


def display_status(gap: Lifecycle, *, now: datetime, escalation_days: int) -> ListStatus:
    """The status word of a stored gap in a list.

    Args:
        gap: the stored gap.
        now: the current time (UTC), for the escalation age.
        escalation_days: the age at which an open gap counts as escalated (the
            ``escalation_days`` setting).
    """
    status = str(getattr(gap.status, "value", gap.status))
    if status != ListStatus.OPEN.value:
        return ListStatus(status)
    if now - gap.first_seen >= timedelta(days=escalation_days):
        return ListStatus.ESCALATED
    if gap.runs_seen <= 1:
        return ListStatus.NEW
    return ListStatus.OPEN


@dataclass(frozen=True, slots=True)
class MoneyTotals:
    """The footer of a gap list: how many, and the money each way per month.

    Attributes:
        count: gaps in the list.
        under_billed: sum of positive monthly impacts (money leaking).
        over_billed: sum of negative monthly impacts, as a positive amount (refund risk).
    """

    count: int
    under_billed: Decimal
    over_billed: Decimal


def money_totals(gaps: Iterable[Orderable]) -> MoneyTotals:
    """Count a list's gaps and total its under- and over-billed money."""
    count, under, over = 0, Decimal(0), Decimal(0)
    for gap in gaps:
        count += 1
        if gap.monthly_impact > 0:
            under += gap.monthly_impact
        else:
            over -= gap.monthly_impact
    return MoneyTotals(count, under, over)
