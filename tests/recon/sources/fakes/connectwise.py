"""A fake ConnectWise Manage REST API (``/v4_6_release/apis/3.0``).

Basic auth ``company+public:private`` plus a ``clientId`` header; ``page``/``pageSize``
paging with ``Link`` headers (or without, when ``link_headers`` is off); a small evaluator
for the ``conditions`` the connector sends (``a=null``, ``a=false``, ``a>[date]``, joined by
``and``/``or``).
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from tests.recon.sources.fakes.server import Reply, Request

ROOT = "/v4_6_release/apis/3.0"
COMPANY = "acmemsp"
PUBLIC_KEY = "cw-public-Ab12"
PRIVATE_KEY = "cw-private-Kp42"
CLIENT_ID = "cw-client-guid-0001"


def agreement(
    id_: int, company_id: int, company_name: str, name: str, **extra: Any
) -> dict[str, Any]:
    """A ConnectWise agreement."""
    return {
        "id": id_,
        "name": name,
        "type": {"id": 1, "name": "Managed Services"},
        "company": {"id": company_id, "identifier": f"C{company_id}", "name": company_name},
        "cancelledFlag": False,
        "agreementStatus": "Active",
        "billingCycle": {"id": 1, "name": "Monthly"},
        "noEndingDateFlag": True,
        **extra,
    }


def addition(
    id_: int, product: str, description: str, quantity: Any, price: Any, **extra: Any
) -> dict[str, Any]:
    """A ConnectWise agreement addition."""
    return {
        "id": id_,
        "product": {"id": id_ + 1000, "identifier": product},
        "description": description,
        "quantity": quantity,
        "lessIncluded": 0,
        "unitPrice": price,
        "unitCost": 1,
        "billCustomer": "Billable",
        "effectiveDate": "2025-01-01T00:00:00Z",
        "cancelledDate": None,
        **extra,
    }


def _matches(item: dict[str, Any], conditions: str) -> bool:
    """A tiny ``conditions`` evaluator: clauses joined by ``or`` (then ``and``)."""
    if not conditions:
        return True
    return any(
        all(_clause(item, clause.strip()) for clause in re.split(r"\s+and\s+", part))
        for part in re.split(r"\s+or\s+", conditions)
    )


def _clause(item: dict[str, Any], clause: str) -> bool:
    match = re.fullmatch(r"(\w+)\s*(=|>|<)\s*(.+)", clause)
    assert match, f"condition not understood: {clause}"
    name, op, raw = match.groups()
    value = item.get(name)
    if raw == "null":
        return value is None if op == "=" else False
    if raw in ("true", "false"):
        return bool(value) is (raw == "true")
    if raw.startswith("["):
        if value is None:
            return False
        wanted, got = raw.strip("[]")[:10], str(value)[:10]
        return got > wanted if op == ">" else got < wanted if op == "<" else got == wanted
    return str(value) == raw.strip('"')


@dataclass
class FakeConnectWise:
    """The fake API's data and state."""

    base: str = ""
    companies: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)
    agreements: list[dict[str, Any]] = field(default_factory=list)
    additions: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    link_headers: bool = True

    def handle(self, request: Request) -> Reply:
        """Route one request."""
        expected = base64.b64encode(f"{COMPANY}+{PUBLIC_KEY}:{PRIVATE_KEY}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return Reply(401, {"code": "Unauthorized", "message": "Unauthorized"})
        if request.headers.get("clientid") != CLIENT_ID:
            return Reply(401, {"code": "Unauthorized", "message": "clientId required"})
        path = request.path.removeprefix(ROOT)
        if path == "/company/companies":
            fields = (request.arg("fields") or "").split(",")
            items = [{k: c[k] for k in fields if k in c} or c for c in self.companies]
            return self._page(request, items)
        if path == "/system/members":
            fields = (request.arg("fields") or "").split(",")
            return self._page(request, [{k: m[k] for k in fields if k in m} for m in self.members])
        if path == "/finance/agreements":
            return self._page(request, self.agreements)
        match = re.fullmatch(r"/finance/agreements/(\d+)/additions", path)
        if match:
            return self._page(request, self.additions.get(int(match[1]), []))
        return Reply(404, {"code": "NotFound", "message": f"no route {path}"})

    def _page(self, request: Request, items: list[dict[str, Any]]) -> Reply:
        conditions = request.arg("conditions") or ""
        chosen = [item for item in items if _matches(item, conditions)]
        page = int(request.arg("page") or 1)
        size = min(int(request.arg("pageSize") or 25), 1000)
        chunk = chosen[(page - 1) * size : page * size]
        headers: dict[str, str] = {}
        if self.link_headers:

            def link(number: int, rel: str) -> str:
                query = urlencode({"conditions": conditions, "page": number, "pageSize": size})
                return f'<{self.base}{request.path}?{query}>; rel="{rel}"'

            links = [link(1, "first")]
            if page * size < len(chosen):
                links += [link(page + 1, "next"), link(-(-len(chosen) // size), "last")]
            headers["Link"] = ", ".join(links)
        return Reply(200, chunk, headers)
