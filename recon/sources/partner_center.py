"""Microsoft Partner Center: seats from subscriptions, costs from the latest billed invoice.

What is pulled (application token from Entra, client credentials):

- ``GET /v1/customers`` and ``GET /v1/customers/{tenant}/subscriptions``, following
  continuation pages (``links.next.uri`` plus its ``MS-ContinuationToken`` header);
- the latest billed invoice's reconciliation export, for unit costs (see
  :mod:`recon.sources.partner_center_costs`).

**Seats come from subscriptions; costs from the latest billed invoice.** A subscription is
what is live today (an invoice is up to a month old and lists charges, not seats), so its
``quantity`` is the seat count, and only ``status`` = active counts (suspended, deleted,
expired and pending are skipped with that reason; trials are set aside as trials). The
commitment comes with each subscription: ``termDuration``, ``effectiveStartDate``,
``commitmentEndDate``, ``autoRenewEnabled`` and ``cancellationAllowedUntilDate`` (the last
day Microsoft lets seats be reduced). The invoice gives what Microsoft
actually charged per seat, made monthly by the ``microsoft_nce`` format. When the app lacks
the Graph permission ``PartnerBilling.Read.All``, seats are still pulled and a warning says
costs are missing; every other failure of the export fails the pull.

SKU is the offer id's product and SKU parts (``CFQ7TTC0LH18:0001`` of
``CFQ7TTC0LH18:0001:0002``), the same id the reconciliation file and the catalogue use.

Tokens: ``POST PARTNER_CENTER_TOKEN_URL`` (form ``grant_type=client_credentials``) with scope
``https://api.partnercenter.microsoft.com/.default`` for Partner Center and
``https://graph.microsoft.com/.default`` for the export; each is cached for its lifetime.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any, ClassVar
from urllib.parse import quote, urlsplit

from recon.errors import SourceError
from recon.formats.spec import FormatSpec
from recon.model import LineSet, Role, Side
from recon.sources._auth import BearerToken, read_token
from recon.sources._base import ApiSource
from recon.sources._http import HttpClient, Runtime
from recon.sources._lines import lines_from_records, money_text
from recon.sources._settings import PartnerCenterSettings
from recon.sources._shape import as_dict, day, need, number, records, text
from recon.sources._wire import same_origin
from recon.sources.partner_center_costs import (
    CostTable,
    cost_table,
    cost_warning_for,
    export_rows,
    latest_invoice_id,
)

PARTNER_CENTER_SCOPE = "https://api.partnercenter.microsoft.com/.default"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"
PAGE_SIZE = 500
MAX_PAGES = 10_000
COLUMNS = (
    "Customer Name",
    "Customer Id",
    "Offer Name",
    "Offer Id",
    "Quantity",
    "Unit Cost",
    "Status",
    "Subscription Id",
    "Billing Cycle",
    "Term Duration",
    "Start Date",
    "Commitment End Date",
    "Cancellation Allowed Until",
    "Auto Renew",
)

#: The rows built from subscriptions: active only; costs are already monthly.
SUBSCRIPTIONS = FormatSpec(
    name="partner_center_api",
    label="Microsoft Partner Center API",
    side=Side.VENDOR,
    preferences={
        Role.CLIENT: ("Customer Name",),
        Role.CLIENT_ID: ("Customer Id",),
        Role.PRODUCT: ("Offer Name",),
        Role.SKU: ("Offer Id",),
        Role.QUANTITY: ("Quantity",),
        Role.UNIT_PRICE: ("Unit Cost",),
        Role.STATUS: ("Status",),
        Role.SUBSCRIPTION_ID: ("Subscription Id",),
        Role.TERM: ("Term Duration",),
        Role.TERM_START: ("Start Date",),
        Role.TERM_END: ("Commitment End Date",),
        Role.CANCEL_BY: ("Cancellation Allowed Until",),
        Role.AUTO_RENEW: ("Auto Renew",),
    },
    ignore=frozenset({"Billing Cycle"}),  # informative: the cost is monthly already
    active_statuses=frozenset({"active"}),
    dated=False,
)


def catalogue_sku(offer_id: str) -> str:
    """``CFQ7TTC0LH18:0001:0002`` -> ``CFQ7TTC0LH18:0001``; a legacy GUID offer as it is."""
    parts = offer_id.split(":")
    return ":".join(parts[:2]) if len(parts) >= 2 else offer_id


class PartnerCenterSource(ApiSource):
    """Microsoft Partner Center as a vendor-side source.

    Args:
        settings: tenant, app credentials and URLs.
        runtime: clock, sleep and retry policy (default: the real ones).
        with_costs: also read unit costs from the latest billed invoice (default True).
    """

    name: ClassVar[str] = "partner-center"
    label: ClassVar[str] = "Microsoft Partner Center API"
    side: ClassVar[Side | None] = Side.VENDOR
    format_name: ClassVar[str] = "partner_center_api"

    def __init__(
        self,
        settings: PartnerCenterSettings,
        *,
        runtime: Runtime | None = None,
        with_costs: bool = True,
    ) -> None:
        super().__init__(
            HttpClient(
                "Partner Center",
                source=self.name,
                runtime=runtime or Runtime(),
                url_setting="PARTNER_CENTER_API_URL",
                credential_settings=(
                    "PARTNER_CENTER_TENANT_ID, PARTNER_CENTER_CLIENT_ID and "
                    "PARTNER_CENTER_CLIENT_SECRET"
                ),
                secrets=(settings.client_secret.reveal(),),
                headers={"Accept": "application/json"},
            )
        )
        self._settings = settings
        self._with_costs = with_costs
        self._partner_center = BearerToken(self._http, lambda: self._token(PARTNER_CENTER_SCOPE))
        self._graph = BearerToken(self._http, lambda: self._token(GRAPH_SCOPE))

    def _token(self, scope: str) -> tuple[str, float]:
        s = self._settings
        doc = self._http.json(
            "POST",
            s.token_url,
            what="the token request",
            form={
                "grant_type": "client_credentials",
                "client_id": s.client_id,
                "client_secret": s.client_secret.reveal(),
                "scope": scope,
            },
            credential_statuses=frozenset({400, 401}),
            url_setting="PARTNER_CENTER_TOKEN_URL",
        )
        return read_token(doc, self._http)

    def _collection(
        self, path: str, params: dict[str, Any] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Every item of a collection, following ``links.next`` and its continuation token."""
        url = f"{self._settings.api_url}{path}"
        headers: dict[str, str] = {}
        correlation = str(uuid.uuid4())
        for _page in range(MAX_PAGES):
            what = f"GET {urlsplit(url).path}"
            doc = as_dict(
                self._http.json(
                    "GET",
                    url,
                    what=what,
                    params=params,
                    headers={
                        **headers,
                        "MS-RequestId": str(uuid.uuid4()),
                        "MS-CorrelationId": correlation,
                    },
                    auth=self._partner_center,
                ),
                self._http,
                f"a response to {what}",
            )
            yield from records(
                need(doc, "items", self._http, f"a response to {what}"),
                self._http,
                f"the items of {what}",
            )
            links = doc.get("links") if isinstance(doc.get("links"), dict) else {}
            following = links.get("next") if links else None
            if not isinstance(following, dict) or not text(following.get("uri")):
                return
            url = same_origin(self._settings.api_url, text(following["uri"]))
            params = None  # the next link carries its own query
            headers = {}
            for header in following.get("headers") or []:
                if isinstance(header, dict) and text(header.get("key")):
                    headers[text(header["key"])] = text(header.get("value"))
        raise self._http.error(f"kept sending pages of {path} past {MAX_PAGES}")

    def _costs(self, as_of: dt.date) -> tuple[CostTable | None, list[str]]:
        """The cost table of the latest invoice, or None with a warning why not."""
        invoices = list(self._collection("/invoices"))
        invoice_id = latest_invoice_id(invoices)
        if invoice_id is None:
            return None, ["no new-commerce invoice found; unit costs are unknown"]
        try:
            rows = export_rows(
                self._http,
                graph_url=self._settings.graph_url,
                invoice_id=invoice_id,
                auth=self._graph,
            )
        except SourceError as err:
            if err.kind != "permission":
                raise
            return None, [cost_warning_for(err)]
        table = cost_table(rows, invoice_id=invoice_id, as_of=as_of, error=self._http.error)
        return table, []

    def _pull(self, as_of: dt.date) -> LineSet:
        rows: list[dict[str, str]] = []
        for customer in self._collection("/customers", {"size": PAGE_SIZE}):
            tenant = text(customer.get("id"))
            if not tenant:
                raise self._http.error("sent a customer with no 'id'")
            profile = customer.get("companyProfile")
            name = text(profile.get("companyName")) if isinstance(profile, dict) else ""
            path = f"/customers/{quote(tenant, safe='')}/subscriptions"
            for sub in self._collection(path):
                sid = text(sub.get("id"))
                status = text(sub.get("status"))
                if sub.get("isTrial") is True and status.lower() == "active":
                    status = "trial"
                rows.append(
                    {
                        "Customer Name": name,
                        "Customer Id": tenant,
                        "Offer Name": text(sub.get("offerName")) or text(sub.get("friendlyName")),
                        "Offer Id": catalogue_sku(text(sub.get("offerId"))),
                        "Quantity": number(
                            sub.get("quantity"), self._http, f"subscription {sid}'s quantity"
                        ),
                        "Status": status,
                        "Subscription Id": sid,
                        "Billing Cycle": text(sub.get("billingCycle")),
                        # The commitment: a reduction is possible until the cancellation
                        # date Microsoft states, else until the commitment ends.
                        "Term Duration": text(sub.get("termDuration")),
                        "Start Date": day(sub.get("effectiveStartDate")),
                        "Commitment End Date": day(sub.get("commitmentEndDate")),
                        "Cancellation Allowed Until": day(sub.get("cancellationAllowedUntilDate")),
                        "Auto Renew": text(sub.get("autoRenewEnabled")),
                    }
                )
        warnings: list[str] = []
        if self._with_costs and rows:
            table, warnings = self._costs(as_of)
            if table is not None:
                for row in rows:
                    if row["Status"].lower() != "active":
                        continue  # skipped anyway; don't count it in the cost warnings
                    unit = table.lookup(row["Subscription Id"], row["Customer Id"], row["Offer Id"])
                    row["Unit Cost"] = "" if unit is None else money_text(unit)
                warnings = table.warnings()
        return lines_from_records(
            rows,
            spec=SUBSCRIPTIONS,
            columns=COLUMNS,
            source=self.name,
            format_name=self.format_name,
            label=self.label,
            as_of=as_of,
            warnings=warnings,
        )
