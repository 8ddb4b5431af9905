"""A fake Autotask REST API: zone discovery, query calls with JSON filters, paging.

- ``GET /atservicesrest/v1.0/zoneInformation?user=`` -> ``{"url": "<base>/zone5/atservicesrest/"}``;
- ``POST /zone5/atservicesrest/v1.0/{Entity}/query`` with ``{"filter": [...], "MaxRecords",
  "IncludeFields"}`` -> ``{"items", "pageDetails": {"count", "requestCount",
  "prevPageUrl", "nextPageUrl"}}``; ``GET …/{Entity}/query/next?paging=N`` for later pages;
- ``GET /zone5/atservicesrest/v1.0/Services/entityInformation/fields`` (the picklist).

Writes, as the public REST docs describe them (anything else is answered as Autotask does,
HTTP 500 with ``{"errors": [...]}``, and changes nothing):

- ``POST …/Contracts/{id}/ServiceAdjustments`` (``ContractServiceAdjustments``, create-only):
  ``contractID`` (the parent), ``effectiveDate``, a whole ``unitChange`` and a
  ``contractServiceID`` or ``serviceID``; a units row of ``unitChange`` starts that day
  (a service not on the contract yet is added first, at ``adjustedUnitPrice``); answers
  ``{"itemId": N}``;
- ``PATCH …/Contracts/{id}/Services``: a contract service's ``id`` and ``adjustedPrice``
  (the only price an integration may update).

Every accepted write is in ``writes``; the next query (the next pull) serves the result.

Every zone request counts as in flight while it is served; ``max_in_flight`` is the most seen
at once. While ``gate_closed`` is set, batch queries (contract services and units) wait for
``open_gate()`` on a condition, never a sleep, so a test can fill every slot the client has
and check that no further request arrives.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from tests.recon.sources.fakes.server import Reply, Request

USERNAME = "api-user@msp.example"
SECRET = "at-secret-Wm19"
INTEGRATION_CODE = "AT-TRACKING-CODE-7"
ZONE = "/zone5/atservicesrest/v1.0"
#: The queries a pull runs in parallel batches; only these are held.
HELD = ("/ContractServices/query", "/ContractServiceUnits/query")
PERIODS = [
    {"value": "1", "label": "Monthly", "isActive": True},
    {"value": "2", "label": "Quarterly", "isActive": True},
    {"value": "3", "label": "Semi-Annual", "isActive": True},
    {"value": "4", "label": "Yearly", "isActive": True},
]


def _compare(item: dict[str, Any], flt: dict[str, Any]) -> bool:
    fields = {k.lower(): v for k, v in item.items()}
    value = fields.get(str(flt["field"]).lower())
    wanted = flt.get("value")
    op = flt["op"]
    if op == "eq":
        return str(value) == str(wanted)
    if op == "in":
        return str(value) in {str(w) for w in wanted}
    if value is None:
        return False
    if op == "lte":
        return str(value)[:10] <= str(wanted)[:10]
    if op == "gte":
        return str(value)[:10] >= str(wanted)[:10]
    raise AssertionError(f"operator not supported by the fake: {op}")


@dataclass
class FakeAutotask:
    """The fake API's data and state."""

    base: str = ""
    entities: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    page_limit: int = 500
    gate_closed: bool = False
    max_in_flight: int = 0
    queries: list[tuple[str, Any]] = field(default_factory=list)
    writes: list[tuple[str, str, Any]] = field(default_factory=list)
    _in_flight: int = 0
    _pages: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    _cond: threading.Condition = field(default_factory=threading.Condition)
    _keys: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))

    def handle(self, request: Request) -> Reply:
        """Route one request, counting it in flight while it is served."""
        if request.path == "/atservicesrest/v1.0/zoneInformation":
            if request.arg("user") != USERNAME:
                return Reply(500, {"errors": ["Zone information could not be determined"]})
            return Reply(
                200,
                {
                    "zoneName": "Fake Zone",
                    "url": f"{self.base}/zone5/atservicesrest/",
                    "webUrl": "https://ww5.example/",
                    "ci": 5,
                },
            )
        headers = request.headers
        if (headers.get("username"), headers.get("secret"), headers.get("apiintegrationcode")) != (
            USERNAME,
            SECRET,
            INTEGRATION_CODE,
        ):
            return Reply(401, {"errors": ["User is not authenticated"]})
        with self._cond:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            self._cond.notify_all()
        try:
            self._maybe_hold(request)
            return self._route(request)
        finally:
            with self._cond:
                self._in_flight -= 1

    def _maybe_hold(self, request: Request) -> None:
        """While the gate is closed, batch queries wait for it (on a condition, not a sleep)."""
        if not request.path.endswith(HELD):
            return
        with self._cond:
            self._cond.wait_for(lambda: not self.gate_closed, timeout=10)

    def open_gate(self) -> None:
        """Let held requests (and later ones) through."""
        with self._cond:
            self.gate_closed = False
            self._cond.notify_all()

    def wait_until_in_flight(self, count: int, timeout: float = 10) -> bool:
        """Block until ``count`` requests are in flight at once (or the timeout)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._in_flight >= count, timeout=timeout)

    @property
    def in_flight(self) -> int:
        """Requests being served right now."""
        with self._cond:
            return self._in_flight

    def _route(self, request: Request) -> Reply:
        path = request.path.removeprefix(ZONE)
        if path == "/Services/entityInformation/fields":
            return Reply(
                200,
                {
                    "fields": [
                        {"name": "id", "isPickList": False},
                        {"name": "periodType", "isPickList": True, "picklistValues": PERIODS},
                    ]
                },
            )
        if request.method == "POST" and path.endswith("/query"):
            entity = path.split("/")[1]
            body = request.json()
            self.queries.append((entity, body))
            items = [
                item
                for item in self.entities.get(entity, [])
                if all(_compare(item, flt) for flt in body.get("filter", []))
            ]
            return self._page(entity, items, min(int(body.get("MaxRecords", 500)), self.page_limit))
        match = re.fullmatch(r"/Contracts/(\d+)/(ServiceAdjustments|Services)", path)
        if match and request.method in ("POST", "PATCH"):
            return self._write(request, int(match[1]), match[2])
        if request.method == "GET" and path.endswith("/query/next"):
            key = int(request.arg("paging") or -1)
            if key not in self._pages:
                return Reply(404, {"errors": ["paging expired"]})
            entity = path.split("/")[1]
            return self._page(entity, self._pages.pop(key), self.page_limit)
        return Reply(404, {"errors": [f"no route {path}"]})

    # --- writes -------------------------------------------------------------------------
    def _write(self, request: Request, contract_id: int, child: str) -> Reply:
        try:
            body = request.json()
        except ValueError:
            return _error("The request body could not be read as JSON.")
        if not isinstance(body, dict):
            return _error("The request body must be an entity object.")
        contract = next(
            (c for c in self.entities.get("Contracts", []) if c["id"] == contract_id), None
        )
        if contract is None:
            return _error(f"Contract {contract_id} was not found.")
        if child == "Services" and request.method == "PATCH":
            return self._reprice(request, contract_id, body)
        if child == "ServiceAdjustments" and request.method == "POST":
            return self._adjust(request, contract, body)
        return Reply(405, {"errors": [f"{request.method} is not allowed on {child}."]})

    def _reprice(self, request: Request, contract_id: int, body: dict[str, Any]) -> Reply:
        extra = sorted(set(body) - {"id", "adjustedPrice", "invoiceDescription"})
        if extra:
            return _error(f"Field(s) {', '.join(extra)} can't be updated on ContractServices.")
        price = body.get("adjustedPrice")
        if not _number(price) or price < 0:
            return _error("adjustedPrice must be a number of zero or more.")
        service = next(
            (
                cs
                for cs in self.entities.get("ContractServices", [])
                if cs["id"] == body.get("id") and cs["contractID"] == contract_id
            ),
            None,
        )
        if service is None:
            return _error(f"ContractService {body.get('id')} was not found on the contract.")
        service["adjustedPrice"] = price
        self.writes.append(("PATCH", request.path, body))
        return Reply(200, {"itemId": service["id"]})

    def _adjust(self, request: Request, contract: dict[str, Any], body: dict[str, Any]) -> Reply:
        if body.get("contractID") != contract["id"]:
            return _error("contractID is required and must be the parent contract.")
        if contract.get("contractType") != 7:
            return _error("Service adjustments apply to Recurring Service contracts only.")
        change = body.get("unitChange")
        if not isinstance(change, int) or isinstance(change, bool):
            return _error("unitChange is required and must be a whole number.")
        effective = str(body.get("effectiveDate") or "")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?Z?)?", effective):
            return _error("effectiveDate is required.")
        if "adjustedUnitPrice" in body and not _number(body["adjustedUnitPrice"]):
            return _error("adjustedUnitPrice must be a number.")
        services = self.entities.setdefault("ContractServices", [])
        if body.get("contractServiceID") is not None:
            found = next((cs for cs in services if cs["id"] == body["contractServiceID"]), None)
            if found is None or found["contractID"] != contract["id"]:
                return _error("contractServiceID was not found on the contract.")
        elif body.get("serviceID") is not None:
            found = next(
                (
                    cs
                    for cs in services
                    if cs["serviceID"] == body["serviceID"] and cs["contractID"] == contract["id"]
                ),
                None,
            )
            if found is None:  # the API adds the service to the contract when it is missing
                catalog = {s["id"]: s for s in self.entities.get("Services", [])}
                if body["serviceID"] not in catalog:
                    return _error(f"Service {body['serviceID']} was not found.")
                price = body.get("adjustedUnitPrice", catalog[body["serviceID"]].get("unitPrice"))
                found = {
                    "id": next(self._keys),
                    "contractID": contract["id"],
                    "serviceID": body["serviceID"],
                    "unitPrice": catalog[body["serviceID"]].get("unitPrice"),
                    "adjustedPrice": price,
                    "invoiceDescription": catalog[body["serviceID"]].get("name"),
                }
                services.append(found)
        else:
            return _error("A serviceID or a contractServiceID is required.")
        day = effective[:10]
        units = self.entities.setdefault("ContractServiceUnits", [])
        in_force = [
            u
            for u in units
            if u["contractServiceID"] == found["id"]
            and str(u["startDate"])[:10] <= day <= str(u["endDate"])[:10]
        ]
        start = dt.date.fromisoformat(day)
        month_end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        end = max((str(u["endDate"]) for u in in_force), default=f"{month_end}T00:00:00")
        units.append(
            {
                "id": next(self._keys),
                "contractID": contract["id"],
                "contractServiceID": found["id"],
                "serviceID": found["serviceID"],
                "startDate": f"{day}T00:00:00",
                "endDate": end,
                "units": change,
            }
        )
        self.writes.append(("POST", request.path, body))
        return Reply(200, {"itemId": next(self._keys)})

    def units_on(self, contract_service_id: int, day: str) -> int:
        """Units of a contract service in force on a day, as the API now serves them."""
        return sum(
            int(u["units"])
            for u in self.entities.get("ContractServiceUnits", [])
            if u["contractServiceID"] == contract_service_id
            and str(u["startDate"])[:10] <= day <= str(u["endDate"])[:10]
        )

    def _page(self, entity: str, items: list[dict[str, Any]], size: int) -> Reply:
        chunk, rest = items[:size], items[size:]
        next_url = None
        if rest:
            key = next(self._keys)
            self._pages[key] = rest
            next_url = f"{self.base}{ZONE}/{entity}/query/next?paging={key}"
        return Reply(
            200,
            {
                "items": chunk,
                "pageDetails": {
                    "count": len(chunk),
                    "requestCount": size,
                    "prevPageUrl": None,
                    "nextPageUrl": next_url,
                },
            },
        )


def _error(message: str) -> Reply:
    """Autotask's answer to an entity it can't take: HTTP 500 with an ``errors`` list."""
    return Reply(500, {"errors": [message]})


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
