"""Fixing a gap in ConnectWise Manage: agreement additions, read and changed.

Reads (the pull's rules, for one company):

- ``GET /company/companies`` with ``conditions=name="<name>"``;
- ``GET /finance/agreements`` with ``conditions=company/id=<id> and cancelledFlag=false``,
  keeping the agreements whose status is Active;
- ``GET /finance/agreements/{id}/additions`` not cancelled by today, keeping the billable
  ones already effective;
- ``GET /procurement/catalog`` with ``conditions=inactiveFlag=false`` (adding a product).

Writes:

- ``set``: ``PATCH /finance/agreements/{id}/additions/{id}`` with a JSON Patch
  ``[{"op": "replace", "path": "quantity", "value": N}]`` (or ``unitPrice``). ConnectWise
  applies it from the addition's effective date, prorating as the agreement says.
- ``end_and_add`` (setting ``connectwise_fix_mode``): ``POST`` a copy of the addition
  effective today with the new value, then ``PATCH`` the old one's ``cancelledDate`` to
  today; if ending the old one fails, the new one is deleted again so nothing is billed
  twice.
- ``add``: ``POST /finance/agreements/{id}/additions`` with the catalogue product, the
  quantity and its catalogue price, effective today.

The API member needs Finance > Agreements "Edit" (and "Add" for new additions) in its
security role; a read-only member keeps pulling as before.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from recon.formats.rules import period_months
from recon.sources._shape import day, number, reference_name, text
from recon.sources.connectwise import ConnectWiseSource, agreement_status
from recon.sources.writeback._base import (
    CatalogItem,
    Change,
    Client,
    Container,
    Record,
    json_number,
    send_write,
)

_NOT_BILLED = frozenset({"donotbill", "nocharge"})


def _quoted(value: str) -> str:
    """A string literal of ConnectWise's ``conditions`` language."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class ConnectWiseWriter(ConnectWiseSource):
    """ConnectWise Manage, read and written for one client at a time (pull credentials)."""

    system = "ConnectWise"

    def _decimal(self, value: Any, what: str) -> Decimal:
        cell = number(value, self._http, what)
        return Decimal(cell) if cell else Decimal(0)

    # --- reading ------------------------------------------------------------------
    def client(self, name: str, as_of: dt.date) -> Client:
        """The companies named ``name``, their Active agreements and billed additions."""
        found = list(self._pages("/company/companies", {"conditions": f"name={_quoted(name)}"}))
        companies = tuple((text(c.get("id")), text(c.get("name"))) for c in found)
        containers: list[Container] = []
        rows: list[Record] = []
        for company_id, _ in companies:
            conditions = f"company/id={company_id} and cancelledFlag=false"
            for agreement in self._pages("/finance/agreements", {"conditions": conditions}):
                if agreement_status(agreement, as_of) != "Active":
                    continue
                months = period_months(reference_name(agreement.get("billingCycle"))) or 1
                container = Container(
                    text(agreement.get("id")),
                    text(agreement.get("name")),
                    months,
                    "" if agreement.get("noEndingDateFlag") else day(agreement.get("endDate")),
                )
                containers.append(container)
                rows.extend(self._additions(container, as_of))
        return Client(companies, tuple(containers), tuple(rows))

    def _additions(self, container: Container, as_of: dt.date) -> list[Record]:
        today = as_of.isoformat()
        path = f"/finance/agreements/{container.id}/additions"
        cancelled = f"cancelledDate=null or cancelledDate>[{today}T00:00:00Z]"
        found: list[Record] = []
        for addition in self._pages(path, {"conditions": cancelled}):
            what = f"addition {text(addition.get('id'))} of agreement {container.id}"
            ends = day(addition.get("cancelledDate"))
            effective = day(addition.get("effectiveDate"))
            billed_flag = text(addition.get("billCustomer")).replace(" ", "").lower()
            if billed_flag in _NOT_BILLED or (ends and ends <= today):
                continue
            if effective and effective > today:
                continue
            given = addition.get("product")
            product: dict[str, Any] = given if isinstance(given, dict) else {}
            quantity = self._decimal(addition.get("quantity"), f"{what}'s quantity")
            less = self._decimal(addition.get("lessIncluded"), f"{what}'s lessIncluded")
            found.append(
                Record(
                    id=text(addition.get("id")),
                    container=container,
                    product=text(addition.get("description"))
                    or text(addition.get("invoiceDescription"))
                    or text(product.get("identifier")),
                    sku=text(product.get("identifier")),
                    quantity=quantity,
                    billed=max(quantity - less, Decimal(0)),
                    price=self._decimal(addition.get("unitPrice"), f"{what}'s unitPrice"),
                    effective=effective,
                    ends=ends,
                    raw=addition,
                )
            )
        return found

    def catalog(self) -> list[CatalogItem]:
        """Active catalogue items: id, identifier, description and price."""
        params = {
            "conditions": "inactiveFlag=false",
            "fields": "id,identifier,description,price",
        }
        return [
            CatalogItem(
                text(item.get("id")),
                text(item.get("description")) or text(item.get("identifier")),
                text(item.get("identifier")),
                self._decimal(item.get("price"), f"catalog item {text(item.get('id'))}'s price"),
            )
            for item in self._pages("/procurement/catalog", params)
        ]

    # --- writing ------------------------------------------------------------------
    def send(self, change: Change) -> str:
        """Write one change (see the module docstring); returns what ConnectWise now holds."""
        if change.action == "add":
            return self._add(change)
        record = change.record
        assert record is not None
        if change.action == "end_and_add":
            return self._end_and_add(change, record)
        return self._patch(record, [_replace(change)], f"addition {record.id}")

    def _url(self, path: str) -> str:
        return f"{self._settings.api_url}{path}"

    def _patch(self, record: Record, operations: list[dict[str, Any]], label: str) -> str:
        path = f"/finance/agreements/{record.container.id}/additions/{record.id}"
        send_write(
            self._http,
            "PATCH",
            self._url(path),
            what=f"PATCH {label} of agreement {record.container.id}",
            body=operations,
            auth=self._auth,
        )
        return f"addition {record.id} changed"

    def _post(self, container: Container, body: dict[str, Any], label: str) -> str:
        path = f"/finance/agreements/{container.id}/additions"
        answer = send_write(
            self._http,
            "POST",
            self._url(path),
            what=f"POST {label} to agreement {container.id}",
            body=body,
            auth=self._auth,
        )
        new_id = text(answer.get("id")) if isinstance(answer, dict) else ""
        if not new_id:
            raise self._http.error(
                f"added {label} to agreement {container.id} but sent back no id; check the "
                "agreement in ConnectWise"
            )
        return new_id

    def _add(self, change: Change) -> str:
        item = change.item
        assert item is not None
        body = {
            "product": {"id": int(item.id) if item.id.isdigit() else item.id},
            "quantity": json_number(change.new),
            "unitPrice": json_number(item.price),
            "billCustomer": "Billable",
            "effectiveDate": f"{change.effective.isoformat()}T00:00:00Z",
            "description": item.name,
        }
        new_id = self._post(change.container, body, f"a {item.sku or item.name} addition")
        return f"addition {new_id} added"

    def _end_and_add(self, change: Change, record: Record) -> str:
        raw = record.raw
        copied: dict[str, Any] = {
            key: raw[key]
            for key in ("billCustomer", "taxableFlag", "description", "invoiceDescription")
            if raw.get(key) is not None
        }
        copied.update(
            product={"id": (raw.get("product") or {}).get("id")},
            quantity=json_number(record.quantity),
            lessIncluded=json_number(record.quantity - record.billed),
            unitPrice=json_number(record.price),
            effectiveDate=f"{change.effective.isoformat()}T00:00:00Z",
        )
        cost = number(raw.get("unitCost"), self._http, f"addition {record.id}'s unitCost")
        if cost:
            copied["unitCost"] = json_number(Decimal(cost))
        if record.ends:  # the copy ends when the original would have
            copied["cancelledDate"] = f"{record.ends}T00:00:00Z"
        copied["quantity" if change.field == "quantity" else "unitPrice"] = json_number(change.new)
        new_id = self._post(change.container, copied, f"a copy of addition {record.id}")
        ending = [
            {
                "op": "replace",
                "path": "cancelledDate",
                "value": f"{change.effective.isoformat()}T00:00:00Z",
            }
        ]
        try:
            self._patch(record, ending, f"the end date of addition {record.id}")
        except Exception:
            self._undo_add(change.container, new_id, record.id)
            raise
        return f"addition {record.id} ended, addition {new_id} added"

    def _undo_add(self, container: Container, new_id: str, old_id: str) -> None:
        """Delete the copy whose original could not be ended: never bill a product twice."""
        path = f"/finance/agreements/{container.id}/additions/{new_id}"
        what = f"DELETE addition {new_id} of agreement {container.id}"
        try:
            send_write(self._http, "DELETE", self._url(path), what=what, body=None, auth=self._auth)
        except Exception:
            raise self._http.error(
                f"kept addition {old_id} running after addition {new_id} was added to "
                f"agreement {container.id}, and {new_id} could not be deleted again: delete "
                "it by hand, or the product is billed twice",
                "unexpected",
            ) from None


def _replace(change: Change) -> dict[str, Any]:
    path = "quantity" if change.field == "quantity" else "unitPrice"
    return {"op": "replace", "path": path, "value": json_number(change.new)}
