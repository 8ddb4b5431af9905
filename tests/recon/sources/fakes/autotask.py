"""A fake Autotask REST API: zone discovery, query calls with JSON filters, paging.

- ``GET /atservicesrest/v1.0/zoneInformation?user=`` -> ``{"url": "<base>/zone5/atservicesrest/"}``;
- ``POST /zone5/atservicesrest/v1.0/{Entity}/query`` with ``{"filter": [...], "MaxRecords",
  "IncludeFields"}`` -> ``{"items", "pageDetails": {"count", "requestCount",
  "prevPageUrl", "nextPageUrl"}}``; ``GET …/{Entity}/query/next?paging=N`` for later pages;
- ``GET /zone5/atservicesrest/v1.0/Services/entityInformation/fields`` (the picklist).

Every zone request counts as in flight while it is served; ``max_in_flight`` is the most seen
at once. While ``gate_closed`` is set, batch queries (contract services and units) wait for
``open_gate()`` on a condition, never a sleep, so a test can fill every slot the client has
and check that no further request arrives.
"""

from __future__ import annotations

import itertools
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
        if request.method == "GET" and path.endswith("/query/next"):
            key = int(request.arg("paging") or -1)
            if key not in self._pages:
                return Reply(404, {"errors": ["paging expired"]})
            entity = path.split("/")[1]
            return self._page(entity, self._pages.pop(key), self.page_limit)
        return Reply(404, {"errors": [f"no route {path}"]})

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
