"""What a PSA writer reads and writes: a client's billing as it stands, and one change.

A writer reads the client's live records with the same rules as the pull (active
agreements/contracts, billable lines in force today), so what a fix previews is what the
next pull will count; and it sends one :class:`Change` in the PSA's own terms.

Writes are never retried on a 5xx or a lost connection (the PSA may have acted): the fix is
reported as failed, and the next attempt re-reads the record first (see :mod:`recon.fix`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

import httpx

from recon.errors import SourceError
from recon.sources._http import Auth, HttpClient
from recon.sources._wire import error_detail, parse_json_bytes

#: Statuses a write hands back to its writer instead of retrying: a 5xx may have acted, and
#: a 429 is reported at once (a person is waiting; they may try again).
NO_RETRY = frozenset({400, 404, 405, 409, 412, 422, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class Container:
    """An agreement (ConnectWise) or recurring service contract (Autotask) in force.

    Attributes:
        id: its id in the PSA.
        name: its name.
        months: months one price of it covers (1 monthly, 12 annual).
        ends: its end date (``YYYY-MM-DD``), or "" when open-ended.
    """

    id: str
    name: str
    months: int = 1
    ends: str = ""


@dataclass(frozen=True, slots=True)
class Record:
    """One billed line of a client in the PSA as it stands today.

    Attributes:
        id: the addition id (ConnectWise) or contract service id (Autotask).
        container: the agreement or contract it is on.
        product: its product as the PSA names it (description, service name).
        sku: its product identifier ("" when the PSA has none).
        quantity: the quantity field (ConnectWise ``quantity``; Autotask units in force).
        billed: seats billed today (ConnectWise quantity less included).
        price: the unit price per billing period, as the PSA stores it.
        effective: when it started (``YYYY-MM-DD``), or "".
        ends: when it is cancelled (``YYYY-MM-DD``), or "" when it runs on.
        raw: the PSA's own fields, for a writer that copies the record.
    """

    id: str
    container: Container
    product: str
    sku: str
    quantity: Decimal
    billed: Decimal
    price: Decimal
    effective: str = ""
    ends: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def monthly_price(self) -> Decimal:
        """The unit price per month."""
        return self.price / self.container.months


@dataclass(frozen=True, slots=True)
class CatalogItem:
    """A product or service the PSA can bill, with its catalogue price.

    Attributes:
        id: its id in the PSA's catalogue.
        name: its description or name.
        sku: its identifier ("" when none).
        price: its catalogue unit price.
    """

    id: str
    name: str
    sku: str
    price: Decimal


@dataclass(frozen=True, slots=True)
class Client:
    """A client's billing in the PSA today: the companies by that name, their agreements or
    contracts in force, and the billed lines on them."""

    companies: tuple[tuple[str, str], ...]
    containers: tuple[Container, ...]
    records: tuple[Record, ...]


@dataclass(frozen=True, slots=True)
class Change:
    """One change to send to a PSA.

    Attributes:
        action: ``set`` (change a field in place), ``end_and_add`` (end-date the record and
            add a copy with the new value), ``adjust`` (an Autotask units adjustment) or
            ``add`` (a new addition / contract service from the catalogue).
        field: ``quantity`` or ``price``.
        container: the agreement or contract.
        record: the record changed (None for ``add``).
        old: the field's value now (None for ``add``).
        new: the value to write (the quantity, or the price per billing period).
        effective: the day the change takes effect.
        item: the catalogue item (``add`` only).
    """

    action: str
    field: str
    container: Container
    record: Record | None
    old: Decimal | None
    new: Decimal
    effective: dt.date
    item: CatalogItem | None = None


class PsaWriter(Protocol):
    """A PSA recon can fix gaps in: read a client's billing, send one change."""

    name: str
    system: str

    def client(self, name: str, as_of: dt.date) -> Client:
        """The client's companies, agreements or contracts in force, and billed lines."""
        ...

    def catalog(self) -> list[CatalogItem]:
        """The products or services the PSA can bill."""
        ...

    def send(self, change: Change) -> str:
        """Write one change; returns a few words on what the PSA now holds."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


def send_write(
    http: HttpClient,
    method: str,
    url: str,
    *,
    what: str,
    body: Any,
    auth: Auth,
) -> Any:
    """One write: never retried on a 5xx or a broken connection; a refusal becomes a
    :class:`SourceError` whose message says the PSA was not changed (or may have been).

    Returns:
        The response body as JSON (None when empty).

    Raises:
        SourceError: ``credentials``, ``permission``, ``rate_limited`` as for any call;
            ``rejected`` (4xx: nothing was changed), ``unexpected`` (5xx or a body that is
            not JSON: it may or may not have been changed).
    """
    saved = http.runtime
    http.runtime = dataclasses.replace(saved, attempts=1)  # nor a broken connection
    try:
        response = http.request(method, url, what=what, json_body=body, auth=auth, allow=NO_RETRY)
    except SourceError as err:
        if err.kind == "unreachable":
            raise http.error(
                f"could not be reached for {what}; it may or may not have taken the change: "
                "check it in the PSA before trying again",
                "unreachable",
            ) from None
        raise
    finally:
        http.runtime = saved
    return _answer(http, response, what)


def json_number(value: Decimal) -> int | float:
    """A JSON number for the wire: whole numbers as ints, others as the shortest float that
    reads back as the same decimal (prices keep a few places, far below float's 15 digits)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _detail(response: httpx.Response) -> str:
    """The error's message and, when the PSA names one, its first field-level reason."""
    detail = error_detail(response)
    try:
        doc = parse_json_bytes(response.content)
    except ValueError:
        return detail
    errors = doc.get("errors") if isinstance(doc, dict) else None
    first = errors[0] if isinstance(errors, list) and errors else None
    if isinstance(first, dict) and isinstance(first.get("message"), str):
        field_name = first.get("field")
        reason = " ".join(first["message"].split())[:200]
        where = f"{field_name}: " if isinstance(field_name, str) and field_name else ""
        detail = f"{detail} ({where}{reason})" if detail else f": {where}{reason}"
    return detail


def _answer(http: HttpClient, response: httpx.Response, what: str) -> Any:
    status = response.status_code
    detail = http.redact(_detail(response))
    if status == 429:
        raise http.error(
            f"is rate-limiting us (HTTP 429 on {what}); nothing was changed: try again in a "
            "few minutes",
            "rate_limited",
        )
    if 400 <= status < 500:
        raise http.error(f"refused {what} (HTTP {status}{detail}); nothing was changed", "rejected")
    if status >= 500:
        raise http.error(
            f"failed on {what} (HTTP {status}{detail}); it may or may not have taken the "
            "change: check it in the PSA before trying again",
            "unexpected",
        )
    if not response.content:
        return None
    try:
        return parse_json_bytes(response.content)
    except ValueError:
        raise http.error(
            f"answered {what} with something that is not JSON; check the change in the PSA"
        ) from None
