"""A fake Pax8 partner API: both token endpoints, companies, subscriptions, products.

Shapes follow Pax8's OpenAPI: paged lists are ``{"content": [...], "page": {"size",
"totalElements", "totalPages", "number"}}`` with a 0-based ``page`` and a ``size``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from tests.recon.sources.fakes.server import Reply, Request, bearer

CLIENT_ID = "pax8-client-id"
CLIENT_SECRET = "pax8-secret-Zq81"


def company(id_: str, name: str) -> dict[str, Any]:
    """A Pax8 company."""
    return {"id": id_, "name": name, "status": "Active", "externalId": None}


def subscription(
    id_: str,
    company_id: str,
    product_id: str,
    quantity: Any,
    *,
    status: str = "Active",
    partner_cost: Any = "20.00",
    billing_term: str = "Monthly",
    end_date: str | None = None,
) -> dict[str, Any]:
    """A Pax8 subscription (only the fields the connector reads, plus a few more)."""
    return {
        "id": id_,
        "companyId": company_id,
        "productId": product_id,
        "quantity": quantity,
        "status": status,
        "partnerCost": partner_cost,
        "price": "99.99",  # the customer's price: never a cost
        "billingTerm": billing_term,
        "startDate": "2025-01-01",
        "endDate": end_date,
        "currencyCode": "USD",
        "commitmentTerm": {"id": "t1", "term": "Annual", "endDate": "2026-12-31"},
    }


def product(id_: str, name: str, vendor_sku: str) -> dict[str, Any]:
    """A Pax8 product."""
    return {
        "id": id_,
        "name": name,
        "vendorName": "Microsoft",
        "sku": f"MST-{id_}",
        "vendorSku": vendor_sku,
    }


@dataclass
class FakePax8:
    """The fake API's data and state. ``page_size`` caps pages to force several."""

    companies: list[dict[str, Any]] = field(default_factory=list)
    subscriptions: list[dict[str, Any]] = field(default_factory=list)
    products: dict[str, dict[str, Any]] = field(default_factory=dict)
    page_size: int = 2
    tokens: set[str] = field(default_factory=set)
    token_bodies: list[dict[str, Any]] = field(default_factory=list)
    _count: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def expire_tokens(self) -> None:
        """Every token issued so far stops working (as after 24 hours)."""
        self.tokens.clear()

    def handle(self, request: Request) -> Reply:
        """Route one request."""
        if request.method == "POST" and request.path in ("/v1/token", "/auth/token"):
            return self._token(request)
        if bearer(request) not in self.tokens:
            return Reply(401, {"message": "Unauthorized"})
        if request.path == "/v1/companies":
            return self._page(request, self.companies)
        if request.path == "/v1/subscriptions":
            return self._page(request, self.subscriptions)
        if request.path.startswith("/v1/products/"):
            found = self.products.get(request.path.rsplit("/", 1)[1])
            return Reply(200, found) if found else Reply(404, {"message": "not found"})
        return Reply(404, {"message": f"no route {request.path}"})

    def _token(self, request: Request) -> Reply:
        body = request.json()
        self.token_bodies.append(body)
        if request.path == "/auth/token":
            ok = (body.get("clientId"), body.get("clientSecret"), body.get("grantType")) == (
                CLIENT_ID,
                CLIENT_SECRET,
                "client_credentials",
            )
            audience = "api://p8p.client"
        else:
            ok = (body.get("client_id"), body.get("client_secret"), body.get("grant_type")) == (
                CLIENT_ID,
                CLIENT_SECRET,
                "client_credentials",
            )
            audience = "https://api.pax8.com"
        if not ok or body.get("audience") != audience:
            return Reply(401, {"error": "access_denied", "error_description": "Unauthorized"})
        token = f"pax8-token-{next(self._count)}"
        self.tokens.add(token)
        return Reply(200, {"access_token": token, "expires_in": 86400, "token_type": "Bearer"})

    def _page(self, request: Request, items: list[dict[str, Any]]) -> Reply:
        page = int(request.arg("page", "0") or 0)
        size = min(int(request.arg("size", "10") or 10), 200, self.page_size)
        total_pages = max(1, -(-len(items) // size))
        chunk = items[page * size : (page + 1) * size]
        return Reply(
            200,
            {
                "content": chunk,
                "page": {
                    "size": size,
                    "totalElements": len(items),
                    "totalPages": total_pages,
                    "number": page,
                },
            },
        )
