"""A fake ConnectWise Manage REST API (``/v4_6_release/apis/3.0``).

Basic auth ``company+public:private`` plus a ``clientId`` header; ``page``/``pageSize``
paging with ``Link`` headers (or without, when ``link_headers`` is off); a small evaluator
for the ``conditions`` the connector sends (``a=null``, ``a=false``, ``a>[date]``,
``company/id=5``, ``name="quoted"``, joined by ``and``/``or``).

Writes, as the public API documents them, and nothing else (anything else is answered with
ConnectWise's error shape, ``{"code", "message", "errors": [{"code", "message", "resource",
"field"}]}``, and changes nothing):

- ``PATCH /finance/agreements/{id}/additions/{id}``: a JSON Patch array of ``replace``
  operations on ``quantity``, ``unitPrice`` or ``cancelledDate``; answers the addition;
- ``POST /finance/agreements/{id}/additions``: a new addition (``product.id``,
  ``quantity``, ``unitPrice``, ``billCustomer``, ``effectiveDate``...); answers 201 with it;
- ``DELETE /finance/agreements/{id}/additions/{id}``: 204.

Every accepted write is in ``writes``; the next GET (the next pull) serves the new values.
"""

from __future__ import annotations

import base64
import itertools
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


_WORD = re.compile(r'"(?:[^"\\]|\\.)*"|\s+(?:and|or)\s+|[^"\s]+|\s+')


def _split(conditions: str, word: str) -> list[str]:
    """Split on `` and ``/`` or `` outside quoted strings."""
    parts, current = [], ""
    for token in _WORD.findall(conditions):
        if token.strip() == word and token != token.strip():
            parts.append(current)
            current = ""
        else:
            current += token
    return [*parts, current]


def _matches(item: dict[str, Any], conditions: str) -> bool:
    """A tiny ``conditions`` evaluator: clauses joined by ``or`` (then ``and``)."""
    if not conditions:
        return True
    return any(
        all(_clause(item, clause.strip()) for clause in _split(part, "and"))
        for part in _split(conditions, "or")
    )


def _clause(item: dict[str, Any], clause: str) -> bool:
    match = re.fullmatch(r"([\w/]+)\s*(=|>|<)\s*(.+)", clause, re.DOTALL)
    assert match, f"condition not understood: {clause}"
    name, op, raw = match.groups()
    value: Any = item
    for part in name.split("/"):
        value = value.get(part) if isinstance(value, dict) else None
    if raw.startswith('"'):
        wanted = re.sub(r"\\(.)", r"\1", raw[1:-1])
        return str(value) == wanted
    if raw == "null":
        return value is None if op == "=" else False
    if raw in ("true", "false"):
        return bool(value) is (raw == "true")
    if raw.startswith("["):
        if value is None:
            return False
        wanted, got = raw.strip("[]")[:10], str(value)[:10]
        return got > wanted if op == ">" else got < wanted if op == "<" else got == wanted
    return str(value) == raw


def invalid(field_name: str, message: str) -> Reply:
    """ConnectWise's answer to a payload it can't take: 400 ``InvalidObject``."""
    return Reply(
        400,
        {
            "code": "InvalidObject",
            "message": "agreementAddition object is invalid",
            "errors": [
                {
                    "code": "InvalidField",
                    "message": message,
                    "resource": "agreementAddition",
                    "field": field_name,
                }
            ],
        },
    )


_PATCHABLE = {"quantity": "number", "unitPrice": "number", "cancelledDate": "date"}
_BILL = {"Billable", "DoNotBill", "NoCharge", "NoDefault"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass
class FakeConnectWise:
    """The fake API's data and state."""

    base: str = ""
    companies: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)
    #: Company id -> its team (``member``, ``teamRole``, ``accountManagerFlag``...).
    teams: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    agreements: list[dict[str, Any]] = field(default_factory=list)
    additions: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    catalog: list[dict[str, Any]] = field(default_factory=list)
    link_headers: bool = True
    #: Paths (after the API root, ``{id}`` for any number) the API member may not read: 403.
    forbidden: set[str] = field(default_factory=set)
    writes: list[tuple[str, str, Any]] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(9001))

    def handle(self, request: Request) -> Reply:
        """Route one request."""
        expected = base64.b64encode(f"{COMPANY}+{PUBLIC_KEY}:{PRIVATE_KEY}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return Reply(401, {"code": "Unauthorized", "message": "Unauthorized"})
        if request.headers.get("clientid") != CLIENT_ID:
            return Reply(401, {"code": "Unauthorized", "message": "clientId required"})
        path = request.path.removeprefix(ROOT)
        if re.sub(r"/\d+", "/{id}", path) in self.forbidden:
            message = "You do not have permission to perform this action."
            return Reply(403, {"code": "Forbidden", "message": message})
        if path == "/company/companies":
            fields = (request.arg("fields") or "").split(",")
            items = [{k: c[k] for k in fields if k in c} or c for c in self.companies]
            return self._page(request, items)
        team = re.fullmatch(r"/company/companies/(\d+)/teams", path)
        if team:
            if not any(c["id"] == int(team[1]) for c in self.companies):
                return Reply(404, {"code": "NotFound", "message": f"Company {team[1]} not found"})
            fields = [f for f in (request.arg("fields") or "").split(",") if f]
            return self._page(request, self.teams.get(int(team[1]), []), fields=fields)
        if path == "/system/members":
            fields = (request.arg("fields") or "").split(",")
            return self._page(request, [{k: m[k] for k in fields if k in m} for m in self.members])
        if path == "/finance/agreements":
            return self._page(request, self.agreements)
        if path == "/procurement/catalog":
            return self._page(request, self.catalog)
        match = re.fullmatch(r"/finance/agreements/(\d+)/additions(?:/(\d+))?", path)
        if match and request.method != "GET":
            return self._write(request, int(match[1]), int(match[2]) if match[2] else None)
        if match and match[2] is None:
            return self._page(request, self.additions.get(int(match[1]), []))
        return Reply(404, {"code": "NotFound", "message": f"no route {path}"})

    # --- writes -------------------------------------------------------------------------
    def _write(self, request: Request, agreement_id: int, addition_id: int | None) -> Reply:
        if not any(a["id"] == agreement_id for a in self.agreements):
            message = f"Agreement {agreement_id} not found"
            return Reply(404, {"code": "NotFound", "message": message})
        rows = self.additions.setdefault(agreement_id, [])
        if request.method == "POST" and addition_id is None:
            return self._post(request, agreement_id, rows)
        found = next((a for a in rows if a["id"] == addition_id), None)
        if found is None:
            message = f"Agreement addition {addition_id} not found"
            return Reply(404, {"code": "NotFound", "message": message})
        if request.method == "DELETE":
            rows.remove(found)
            self.writes.append(("DELETE", request.path, None))
            return Reply(204)
        if request.method == "PATCH":
            return self._patch(request, found)
        return Reply(405, {"code": "MethodNotAllowed", "message": "method not allowed"})

    def _patch(self, request: Request, addition: dict[str, Any]) -> Reply:
        try:
            operations = request.json()
        except ValueError:
            return invalid("", "the body is not JSON")
        if not isinstance(operations, list) or not operations:
            return invalid("", "a PATCH body is a JSON Patch array of operations")
        changes: dict[str, Any] = {}
        for op in operations:
            if not isinstance(op, dict) or set(op) != {"op", "path", "value"}:
                return invalid("", "each operation has exactly op, path and value")
            path = str(op["path"]).lstrip("/")
            if op["op"] != "replace":
                return invalid(path, f"operation {op['op']!r} is not supported here")
            kind = _PATCHABLE.get(path)
            if kind is None:
                return invalid(path, f"{path} can't be changed this way")
            value = op["value"]
            if kind == "number" and (not _is_number(value) or value < 0):
                return invalid(path, f"{path} must be a number of zero or more")
            if kind == "date" and not (isinstance(value, str) and _DATE.match(value)):
                return invalid(path, f"{path} must be a date like 2026-03-02T00:00:00Z")
            changes[path] = value
        addition.update(changes)
        self.writes.append(("PATCH", request.path, operations))
        return Reply(200, addition)

    def _post(self, request: Request, agreement_id: int, rows: list[dict[str, Any]]) -> Reply:
        try:
            body = request.json()
        except ValueError:
            return invalid("", "the body is not JSON")
        if not isinstance(body, dict):
            return invalid("", "the body is an agreementAddition object")
        product = body.get("product")
        if not isinstance(product, dict) or not isinstance(product.get("id"), int):
            return invalid("product", "product.id is required")
        for name in ("quantity", "unitPrice", "lessIncluded", "unitCost"):
            if name in body and not _is_number(body[name]):
                return invalid(name, f"{name} must be a number")
        if not _is_number(body.get("quantity")):
            return invalid("quantity", "quantity is required")
        if body.get("billCustomer", "Billable") not in _BILL:
            return invalid("billCustomer", "billCustomer is not one of the allowed values")
        for name in ("effectiveDate", "cancelledDate"):
            if body.get(name) is not None and not _DATE.match(str(body[name])):
                return invalid(name, f"{name} must be a date like 2026-03-02T00:00:00Z")
        products = list(self.catalog) + [
            a["product"] for rows in self.additions.values() for a in rows
        ]
        known = next(
            (i for i in products if i["id"] == product["id"]), {"identifier": f"P{product['id']}"}
        )
        created = {
            "lessIncluded": 0,
            "unitCost": 0,
            "billCustomer": "Billable",
            "cancelledDate": None,
            "effectiveDate": None,
            **body,
            "id": next(self._ids),
            "agreementId": agreement_id,
            "product": {"id": product["id"], "identifier": known["identifier"]},
        }
        rows.append(created)
        self.writes.append(("POST", request.path, body))
        return Reply(201, created)

    def quantity_of(self, addition_id: int) -> Any:
        """An addition's quantity as the API now serves it (None: no such addition)."""
        for rows in self.additions.values():
            for addition in rows:
                if addition["id"] == addition_id:
                    return addition["quantity"]
        return None

    def _page(
        self, request: Request, items: list[dict[str, Any]], *, fields: list[str] | None = None
    ) -> Reply:
        conditions = request.arg("conditions") or ""
        chosen = [item for item in items if _matches(item, conditions)]
        if fields:  # as Manage does: conditions see the whole record, ``fields`` trims the answer
            chosen = [{k: item[k] for k in fields if k in item} for item in chosen]
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
