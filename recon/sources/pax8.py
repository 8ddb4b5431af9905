"""Pax8: subscriptions (seats and partner cost) of every company, from the partner API.

What is pulled (``api.pax8.com/v1``, OAuth client credentials):

- ``GET /companies`` and ``GET /subscriptions``, every page (``page`` is 0-based, ``size``
  200, until ``page.totalPages``);
- ``GET /products/{id}`` once per product the subscriptions use, for its name and SKU
  (kept for the life of the source).

Each subscription becomes one row of the :mod:`Pax8 subscriptions <recon.formats.
pax8_subscriptions>` export format and goes through its rules: only Active, Activated and
PendingCancel are seats (others are skipped with their status as the reason), an
``endDate`` before ``as_of`` has ended, and ``partnerCost`` (never ``price``, the customer's
price) is made monthly by ``billingTerm``. SKU is the subscription's ``vendorSkuId``, else
the product's ``vendorSku``, else its Pax8 ``sku``. The commitment is ``commitmentTerm``
(its ``term`` and ``endDate``), from ``startDate``, in ``currencyCode``; a Trial is set
aside as a trial.

Tokens: ``POST PAX8_TOKEN_URL``. The current endpoint (``/v1/token``) takes ``client_id`` /
``client_secret`` with audience ``https://api.pax8.com``; the older token manager
(``token-manager.pax8.com/auth/token``, recognised by its ``/auth/token`` path) takes
``clientId`` / ``clientSecret`` with audience ``api://p8p.client``. Tokens live a day and
are cached until shortly before they expire, or until a 401 says they did.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, ClassVar
from urllib.parse import quote, urlsplit

from recon.formats.pax8_subscriptions import SPEC
from recon.model import LineSet, Side
from recon.sources._auth import BearerToken, read_token
from recon.sources._base import ApiSource
from recon.sources._http import HttpClient, Runtime
from recon.sources._lines import lines_from_records
from recon.sources._settings import Pax8Settings
from recon.sources._shape import as_dict, day, need, number, records, text

PAGE_SIZE = 200
#: A safety stop: no Pax8 account has this many pages; a server that never ends is a bug.
MAX_PAGES = 10_000
COLUMNS = (
    "companyName",
    "companyId",
    "productName",
    "vendorSkuId",
    "quantity",
    "partnerCost",
    "billingTerm",
    "status",
    "startDate",
    "endDate",
    "id",
    "currencyCode",
    "commitmentTerm",
    "commitmentTermEndDate",
)


def _commitment(value: Any) -> dict[str, str]:
    """``commitmentTerm`` flattened: the API gives ``{"term": ..., "endDate": ...}``; a
    plain term is taken as it is."""
    if isinstance(value, dict):
        return {
            "commitmentTerm": text(value.get("term")),
            "commitmentTermEndDate": day(value.get("endDate")),
        }
    return {"commitmentTerm": text(value), "commitmentTermEndDate": ""}


class Pax8Source(ApiSource):
    """The Pax8 partner API as a vendor-side source.

    Args:
        settings: credentials and URLs.
        runtime: clock, sleep and retry policy (default: the real ones).

    Usage::

        with Pax8Source(settings.pax8) as pax8:
            lines = pax8.fetch()
    """

    name: ClassVar[str] = "pax8"
    label: ClassVar[str] = "Pax8 API"
    side: ClassVar[Side | None] = Side.VENDOR
    format_name: ClassVar[str] = "pax8_api"

    def __init__(self, settings: Pax8Settings, *, runtime: Runtime | None = None) -> None:
        super().__init__(
            HttpClient(
                "Pax8",
                source=self.name,
                runtime=runtime or Runtime(),
                url_setting="PAX8_API_URL",
                credential_settings="PAX8_CLIENT_ID and PAX8_CLIENT_SECRET",
                secrets=(settings.client_secret.reveal(),),
                headers={"Accept": "application/json"},
            )
        )
        self._settings = settings
        self._auth = BearerToken(self._http, self._request_token)
        self._products: dict[str, dict[str, Any]] = {}

    # --- auth -------------------------------------------------------------------------
    def _request_token(self) -> tuple[str, float]:
        s = self._settings
        if urlsplit(s.token_url).path.rstrip("/").endswith("/auth/token"):
            body = {
                "clientId": s.client_id,
                "clientSecret": s.client_secret.reveal(),
                "audience": "api://p8p.client",
                "grantType": "client_credentials",
            }
        else:
            body = {
                "client_id": s.client_id,
                "client_secret": s.client_secret.reveal(),
                "audience": "https://api.pax8.com",
                "grant_type": "client_credentials",
            }
        doc = self._http.json(
            "POST",
            s.token_url,
            what="the token request",
            json_body=body,
            credential_statuses=frozenset({400, 401, 403}),
            url_setting="PAX8_TOKEN_URL",
        )
        return read_token(doc, self._http)

    # --- reading ----------------------------------------------------------------------
    def _url(self, path: str) -> str:
        return f"{self._settings.api_url}{path}"

    def _pages(self, path: str) -> Iterator[dict[str, Any]]:
        """Every item of a paged collection, page 0 to ``page.totalPages - 1``."""
        page = 0
        while True:
            what = f"GET {path} (page {page})"
            doc = as_dict(
                self._http.json(
                    "GET",
                    self._url(path),
                    what=what,
                    params={"page": page, "size": PAGE_SIZE},
                    auth=self._auth,
                ),
                self._http,
                f"a response to {what}",
            )
            yield from records(
                need(doc, "content", self._http, f"a response to {what}"),
                self._http,
                f"the content of {what}",
            )
            info = as_dict(
                need(doc, "page", self._http, f"a response to {what}"),
                self._http,
                f"the page details of {what}",
            )
            total = number(info.get("totalPages"), self._http, f"the totalPages of {what}")
            page += 1
            if not total or page >= int(float(total)):
                return
            if page >= MAX_PAGES:
                raise self._http.error(f"kept sending pages of {path} past {MAX_PAGES}")

    def _product(self, product_id: str) -> dict[str, Any]:
        if product_id not in self._products:
            path = f"/products/{quote(product_id, safe='')}"
            response = self._http.request(
                "GET", self._url(path), auth=self._auth, allow=frozenset({404})
            )
            found: dict[str, Any] = {}
            if response.status_code != 404:
                found = as_dict(
                    self._http.parse(response, f"GET {path}"),
                    self._http,
                    f"a response to GET {path}",
                )
            self._products[product_id] = found
        return self._products[product_id]

    def _pull(self, as_of: dt.date) -> LineSet:
        companies = {text(c.get("id")): c for c in self._pages("/companies")}
        rows = []
        for sub in self._pages("/subscriptions"):
            sid = text(sub.get("id"))
            what = f"subscription {sid or '(no id)'}'s"
            product_id = text(sub.get("productId"))
            product = self._product(product_id) if product_id else {}
            company_id = text(sub.get("companyId"))
            rows.append(
                {
                    "companyName": text(companies.get(company_id, {}).get("name")),
                    "companyId": company_id,
                    "productName": text(sub.get("productName")) or text(product.get("name")),
                    "vendorSkuId": text(sub.get("vendorSkuId"))
                    or text(product.get("vendorSku"))
                    or text(product.get("sku")),
                    "quantity": number(sub.get("quantity"), self._http, f"{what} quantity"),
                    "partnerCost": number(
                        sub.get("partnerCost"), self._http, f"{what} partnerCost"
                    ),
                    "billingTerm": text(sub.get("billingTerm")),
                    "status": text(sub.get("status")),
                    "startDate": day(sub.get("startDate")),
                    "endDate": day(sub.get("endDate")),
                    "id": sid,
                    "currencyCode": text(sub.get("currencyCode")),
                    **_commitment(sub.get("commitmentTerm")),
                }
            )
        return lines_from_records(
            rows,
            spec=SPEC,
            columns=COLUMNS,
            source=self.name,
            format_name=self.format_name,
            label=self.label,
            as_of=as_of,
        )
