"""A fake Microsoft Partner Center (and the Graph billing export, and its blob storage).

- ``POST /{tenant}/oauth2/v2.0/token`` (Entra client credentials; the scope picks the API);
- ``GET /v1/customers`` and ``/v1/customers/{id}/subscriptions``: ``{"totalCount", "items",
  "links": {"next": {"uri", "method", "headers": [{"key": "MS-ContinuationToken", ...}]}}}``;
- ``GET /v1/invoices``;
- ``POST /graph/v1.0/reports/partners/billing/reconciliation/billed/export`` -> 202 +
  ``Location``; the operation answers ``running`` (with ``Retry-After``) a few times, then
  ``succeeded`` with a manifest link; the manifest names gzip JSON-lines blobs read with a
  SAS token.
"""

from __future__ import annotations

import gzip
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from tests.recon.sources.fakes.server import Reply, Request, bearer

TENANT = "partner-tenant-0001"
CLIENT_ID = "pc-app-id"
CLIENT_SECRET = "pc-secret-Xy77"
SAS_SIGNATURE = "SAS-SIGNATURE-Qq55"
PC_SCOPE = "https://api.partnercenter.microsoft.com/.default"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"


def customer(tenant: str, name: str) -> dict[str, Any]:
    """A Partner Center customer."""
    return {
        "id": tenant,
        "companyProfile": {
            "tenantId": tenant,
            "domain": f"{tenant}.onmicrosoft.com",
            "companyName": name,
        },
        "relationshipToPartner": "reseller",
        "attributes": {"objectType": "Customer"},
    }


def subscription(
    id_: str,
    offer_id: str,
    offer_name: str,
    quantity: int,
    *,
    status: str = "active",
    trial: bool = False,
    billing: str = "monthly",
) -> dict[str, Any]:
    """A Partner Center subscription."""
    return {
        "id": id_,
        "offerId": offer_id,
        "offerName": offer_name,
        "friendlyName": f"{offer_name} (nickname)",
        "quantity": quantity,
        "unitType": "Licenses",
        "status": status,
        "isTrial": trial,
        "billingCycle": billing,
        "termDuration": "P1Y",
        "autoRenewEnabled": True,
        "effectiveStartDate": "2026-01-15T00:00:00Z",
        "commitmentEndDate": "2027-01-14T00:00:00Z",
        "cancellationAllowedUntilDate": "2026-01-22T00:00:00Z",
    }


def recon_row(
    tenant: str,
    name: str,
    subscription_id: str,
    product_id: str,
    sku_id: str,
    unit_price: str,
    quantity: int,
    *,
    term: str = "1 Year, Monthly",
    charge: str = "cycleCharge",
    end: str = "2026-02-28",
) -> dict[str, Any]:
    """One line of the billed reconciliation export (keys as in the recon file)."""
    return {
        "PartnerId": TENANT,
        "CustomerId": tenant,
        "CustomerName": name,
        "CustomerDomainName": f"{tenant}.onmicrosoft.com",
        "CustomerCountry": "US",
        "InvoiceNumber": "G000000001",
        "ProductId": product_id,
        "SkuId": sku_id,
        "AvailabilityId": "CFQ7TTC0ABCD",
        "SkuName": "sku name",
        "ProductName": "product",
        "ChargeType": charge,
        "UnitPrice": unit_price,
        "Quantity": quantity,
        "BillableQuantity": quantity,
        "Subtotal": "0",
        "TaxTotal": "0",
        "Total": "0",
        "Currency": "USD",
        "SubscriptionId": subscription_id,
        "ChargeStartDate": "2026-02-01",
        "ChargeEndDate": end,
        "TermAndBillingCycle": term,
        "EffectiveUnitPrice": unit_price,
        "UnitType": "Licenses",
        "BillingFrequency": "",
        "PricingCurrency": "USD",
        "PCToBCExchangeRate": 1,
        "PublisherName": "Microsoft",
    }


@dataclass
class FakePartnerCenter:
    """The fake services' data and state."""

    base: str = ""
    customers: list[dict[str, Any]] = field(default_factory=list)
    subscriptions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    invoices: list[dict[str, Any]] = field(default_factory=list)
    recon_rows: list[dict[str, Any]] = field(default_factory=list)
    page_size: int = 2
    running_polls: int = 2
    graph_forbidden: bool = False
    blob_parts: int = 2
    compress: bool = True
    tokens: dict[str, str] = field(default_factory=dict)
    polls: int = 0
    blob_requests: list[Request] = field(default_factory=list)
    _count: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def handle(self, request: Request) -> Reply:
        """Route one request."""
        path = request.path
        if request.method == "POST" and path == f"/{TENANT}/oauth2/v2.0/token":
            return self._token(request)
        if path.startswith("/blob/"):
            return self._blob(request)
        scope = self.tokens.get(bearer(request))
        if path.startswith("/graph/"):
            if scope != GRAPH_SCOPE:
                return Reply(401, {"error": {"code": "InvalidAuthenticationToken"}})
            return self._graph(request)
        if scope != PC_SCOPE:
            return Reply(401, {"code": 401, "description": "Unauthorized"})
        if path == "/v1/customers":
            return self._collection(request, "/customers", self.customers)
        if path.startswith("/v1/customers/") and path.endswith("/subscriptions"):
            tenant = path.split("/")[3]
            return self._collection(request, path[3:], self.subscriptions.get(tenant, []))
        if path == "/v1/invoices":
            return Reply(200, {"totalCount": len(self.invoices), "items": self.invoices})
        return Reply(404, {"description": f"no route {path}"})

    def _token(self, request: Request) -> Reply:
        form = request.form()
        if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
            return Reply(
                401,
                {
                    "error": "invalid_client",
                    "error_description": "AADSTS7000215: Invalid client "
                    f"secret provided for app {form.get('client_id')}.",
                },
            )
        if form.get("grant_type") != "client_credentials" or form.get("scope") not in (
            PC_SCOPE,
            GRAPH_SCOPE,
        ):
            return Reply(400, {"error": "invalid_scope"})
        prefix = "graph" if form["scope"] == GRAPH_SCOPE else "pc"
        token = f"{prefix}-token-{next(self._count)}"
        self.tokens[token] = form["scope"]
        return Reply(200, {"token_type": "Bearer", "expires_in": 3599, "access_token": token})

    def _collection(self, request: Request, uri: str, items: list[dict[str, Any]]) -> Reply:
        offset = 0
        if request.arg("seekOperation") == "Next":
            token = request.headers.get("ms-continuationtoken", "")
            if not token.startswith("ct-"):
                return Reply(400, {"description": "continuation token missing"})
            offset = int(token[3:])
        chunk = items[offset : offset + self.page_size]
        doc: dict[str, Any] = {
            "totalCount": len(chunk),
            "items": chunk,
            "attributes": {"objectType": "Collection"},
        }
        if offset + self.page_size < len(items):
            doc["links"] = {
                "next": {
                    "uri": f"{uri}?size={self.page_size}&seekOperation=Next",
                    "method": "GET",
                    "headers": [
                        {"key": "MS-ContinuationToken", "value": f"ct-{offset + self.page_size}"}
                    ],
                }
            }
        return Reply(200, doc)

    def _graph(self, request: Request) -> Reply:
        root = "/graph/v1.0/reports/partners/billing"
        if request.path == f"{root}/reconciliation/billed/export" and request.method == "POST":
            if self.graph_forbidden:
                return Reply(403, {"error": {"code": "Forbidden", "message": "Missing role"}})
            body = request.json()
            if body.get("invoiceId") not in {i["id"] for i in self.invoices}:
                return Reply(400, {"error": {"message": "unknown invoice"}})
            return Reply(
                202, None, {"Location": f"{self.base}{root}/operations/op-1", "Retry-After": "5"}
            )
        if request.path == f"{root}/operations/op-1":
            self.polls += 1
            if self.polls <= self.running_polls:
                return Reply(200, {"id": "op-1", "status": "running"}, {"Retry-After": "10"})
            return Reply(
                200,
                {
                    "@odata.type": "#microsoft.graph.partners.billing.exportSuccessOperation",
                    "id": "op-1",
                    "status": "succeeded",
                    "resourceLocation@odata.navigationLink": f"{self.base}{root}/manifests/man-1",
                },
            )
        if request.path == f"{root}/manifests/man-1":
            return Reply(
                200,
                {
                    "id": "man-1",
                    "schemaVersion": "1",
                    "dataFormat": "compressedJSONLines",
                    "rootDirectory": f"{self.base}/blob/recon/InvoiceId=G000000001",
                    "sasToken": f"sv=2021-08-06&sr=d&sp=rl&sig={SAS_SIGNATURE}",
                    "blobCount": self.blob_parts,
                    "blobs": [
                        {"name": f"part-{i:05}.json.gz", "partitionValue": "default"}
                        for i in range(self.blob_parts)
                    ],
                },
            )
        return Reply(404, {"error": {"message": "no route"}})

    def _blob(self, request: Request) -> Reply:
        self.blob_requests.append(request)
        if request.arg("sig") != SAS_SIGNATURE or "authorization" in request.headers:
            return Reply(403, "<Error><Code>AuthenticationFailed</Code></Error>")
        part = int(request.path.rsplit("-", 1)[1].split(".")[0])
        rows = self.recon_rows[part :: self.blob_parts]
        text = "".join(json.dumps(row) + "\n" for row in rows).encode()
        if not self.compress:
            return Reply(200, text, {"Content-Type": "application/x-ndjson"})
        return Reply(200, gzip.compress(text), {"Content-Type": "application/gzip"})
