"""Fixing a gap in Autotask: recurring service contracts, read and adjusted.

Reads (the pull's rules, for one company):

- ``Companies`` whose ``companyName`` is the client's name;
- their active recurring service ``Contracts`` (``contractType`` 7, ``status`` 1);
- ``ContractServices`` of those contracts, the ``ContractServiceUnits`` in force today
  (rows in force add up, as in the pull), and ``Services`` (name, period, catalogue price).

Writes, never editing history:

- ``adjust``: ``POST /v1.0/Contracts/{id}/ServiceAdjustments`` with ``contractID``,
  ``contractServiceID``, ``serviceID``, ``effectiveDate`` (today) and ``unitChange`` (whole
  units, added or removed): a new units row from today, as when a person adjusts units;
- ``set`` of a price: ``PATCH /v1.0/Contracts/{id}/Services`` with the contract service's
  ``id`` and ``adjustedPrice`` (the one price field Autotask lets an integration update);
- ``add``: the same adjustment with ``serviceID`` only and ``adjustedUnitPrice`` set to the
  service's catalogue price; Autotask adds the service to the contract when it is missing.

The API user needs a security level that can edit contracts (Contracts: Add/Edit); a
read-only API user keeps pulling as before.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from recon.formats.rules import period_months
from recon.sources._shape import day, number, text
from recon.sources.autotask import ACTIVE, RECURRING_SERVICE, AutotaskSource, _ids
from recon.sources.writeback._base import (
    CatalogItem,
    Change,
    Client,
    Container,
    Record,
    json_number,
    send_write,
)


class AutotaskWriter(AutotaskSource):
    """Autotask, read and written for one client at a time (pull credentials)."""

    system = "Autotask"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Service id -> its period type, from the last services read.
        self._period_of: dict[str, str] = {}

    def _decimal(self, value: Any, what: str) -> Decimal:
        cell = number(value, self._http, what)
        return Decimal(cell) if cell else Decimal(0)

    # --- reading ------------------------------------------------------------------
    def client(self, name: str, as_of: dt.date) -> Client:
        """The companies named ``name``, their active recurring contracts and the services
        with units in force on ``as_of``."""
        today = as_of.isoformat()
        found = self._query(
            "Companies",
            [{"op": "eq", "field": "companyName", "value": name}],
            ("id", "companyName"),
        )
        companies = tuple((text(c.get("id")), text(c.get("companyName"))) for c in found)
        if not companies:
            return Client((), (), ())
        contracts = self._query(
            "Contracts",
            [
                {"op": "in", "field": "companyID", "value": _ids([c for c, _ in companies])},
                {"op": "eq", "field": "contractType", "value": RECURRING_SERVICE},
                {"op": "eq", "field": "status", "value": ACTIVE},
            ],
            ("id", "companyID", "contractName", "endDate"),
        )
        by_id = {
            text(c.get("id")): Container(
                text(c.get("id")), text(c.get("contractName")), 1, day(c.get("endDate"))
            )
            for c in contracts
        }
        if not by_id:
            return Client(companies, (), ())
        ids = _ids(sorted(by_id))
        services = self._query(
            "ContractServices",
            [{"op": "in", "field": "contractID", "value": ids}],
            ("id", "contractID", "serviceID", "unitPrice", "adjustedPrice", "invoiceDescription"),
        )
        units_rows = self._query(
            "ContractServiceUnits",
            [
                {"op": "in", "field": "contractID", "value": ids},
                {"op": "lte", "field": "startDate", "value": today},
                {"op": "gte", "field": "endDate", "value": today},
            ],
            ("id", "contractServiceID", "startDate", "endDate", "units"),
        )
        units: dict[str, Decimal] = defaultdict(Decimal)
        for row in units_rows:
            start, end = day(row.get("startDate")), day(row.get("endDate"))
            if (start and start > today) or (end and end < today):
                continue
            what = f"contract service unit {text(row.get('id'))}'s units"
            units[text(row.get("contractServiceID"))] += self._decimal(row.get("units"), what)
        catalog = {
            item.id: item for item in self._services({text(s.get("serviceID")) for s in services})
        }
        periods = self._period_labels()
        records: list[Record] = []
        for service in services:
            cs_id = text(service.get("id"))
            contract = by_id.get(text(service.get("contractID")))
            if contract is None or cs_id not in units:
                continue
            item = catalog.get(text(service.get("serviceID")))
            period = periods.get(self._period_of.get(text(service.get("serviceID")), ""), "")
            months = period_months(period) or 1
            container = Container(contract.id, contract.name, months, contract.ends)
            what = f"contract service {cs_id}'s"
            adjusted = number(service.get("adjustedPrice"), self._http, f"{what} adjustedPrice")
            price = (
                Decimal(adjusted)
                if adjusted
                else self._decimal(service.get("unitPrice"), f"{what} unitPrice")
            )
            records.append(
                Record(
                    id=cs_id,
                    container=container,
                    product=(item.name if item else "") or text(service.get("invoiceDescription")),
                    sku="",
                    quantity=units[cs_id],
                    billed=units[cs_id],
                    price=price,
                    raw=service,
                )
            )
        return Client(companies, tuple(by_id.values()), tuple(records))

    def _services(self, ids: set[str]) -> list[CatalogItem]:
        wanted = sorted(ids - {""})
        if not wanted:
            return []
        found = self._query(
            "Services",
            [{"op": "in", "field": "id", "value": _ids(wanted)}],
            ("id", "name", "periodType", "unitPrice"),
        )
        return self._items(found)

    def _items(self, found: list[dict[str, Any]]) -> list[CatalogItem]:
        self._period_of = {text(s.get("id")): text(s.get("periodType")) for s in found}
        return [
            CatalogItem(
                text(s.get("id")),
                text(s.get("name")),
                "",
                self._decimal(s.get("unitPrice"), f"service {text(s.get('id'))}'s unitPrice"),
            )
            for s in found
        ]

    def catalog(self) -> list[CatalogItem]:
        """Active services: id, name and catalogue price."""
        found = self._query(
            "Services",
            [{"op": "eq", "field": "isActive", "value": True}],
            ("id", "name", "periodType", "unitPrice"),
        )
        return self._items(found)

    def months_of(self, item: CatalogItem) -> int:
        """Months one price of a catalogue service covers (its period type)."""
        label = self._period_labels().get(self._period_of.get(item.id, ""), "")
        return period_months(label) or 1

    # --- writing ------------------------------------------------------------------
    def send(self, change: Change) -> str:
        """Write one change (see the module docstring); returns what Autotask now holds."""
        contract = change.container.id
        if change.action == "set":
            record = change.record
            assert record is not None
            send_write(
                self._http,
                "PATCH",
                f"{self._base()}/Contracts/{contract}/Services",
                what=f"PATCH contract service {record.id} of contract {contract}",
                body={"id": _number_id(record.id), "adjustedPrice": json_number(change.new)},
                auth=self._auth,
            )
            return f"contract service {record.id} repriced"
        body: dict[str, Any] = {
            "contractID": _number_id(contract),
            "effectiveDate": f"{change.effective.isoformat()}T00:00:00",
        }
        if change.action == "add":
            item = change.item
            assert item is not None
            body.update(
                serviceID=_number_id(item.id),
                unitChange=_whole(change.new),
                adjustedUnitPrice=json_number(item.price),
            )
            label = f"a {item.name} service adjustment"
        else:
            record = change.record
            assert record is not None
            assert change.old is not None
            body.update(
                contractServiceID=_number_id(record.id),
                serviceID=_number_id(text(record.raw.get("serviceID"))),
                unitChange=_whole(change.new - change.old),
            )
            label = f"a units adjustment of contract service {record.id}"
        answer = send_write(
            self._http,
            "POST",
            f"{self._base()}/Contracts/{contract}/ServiceAdjustments",
            what=f"POST {label} to contract {contract}",
            body=body,
            auth=self._auth,
        )
        item_id = text(answer.get("itemId")) if isinstance(answer, dict) else ""
        return f"adjustment {item_id or '(no id sent back)'} added"


def _number_id(value: str) -> int | str:
    return int(value) if value.isdigit() else value


def _whole(value: Decimal) -> int:
    """Autotask counts whole units; callers check before planning a fractional change."""
    return int(value)
