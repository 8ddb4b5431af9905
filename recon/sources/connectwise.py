"""ConnectWise Manage: agreement additions, i.e. what the MSP bills each company per seat.

What is pulled (``{site}/v4_6_release/apis/3.0``; Basic ``companyId+publicKey:privateKey``
plus the ``clientId`` header):

- ``GET /company/companies`` (``fields=id,name,territoryManager``), for company names and
  each company's territory manager (a member reference);
- ``GET /company/companies/{id}/teams`` (``conditions=accountManagerFlag=true``,
  ``fields=member``) for each company on an uncancelled agreement: Manage keeps a company's
  account manager as the company-team member flagged ``accountManagerFlag`` (the company
  record itself has no account-manager field; its ``territoryManager`` is the fallback);
- ``GET /system/members`` (``fields=id,primaryEmail``), when any company has a manager:
  their e-mails, offered as the clients' default owners;
- ``GET /finance/agreements`` with ``conditions=cancelledFlag=false``;
- ``GET /finance/agreements/{id}/additions`` with
  ``conditions=cancelledDate=null or cancelledDate>[<as_of>T00:00:00Z]``.

Every list is read page by page (``page``, ``pageSize`` 1000): a ``Link: <…>; rel="next"``
header is followed when the server sends one (its query, on the configured host); without
Link headers, pages are read until one comes back short.

Each addition becomes a row of the :mod:`ConnectWise additions <recon.formats.connectwise>`
export format and goes through its rules: billed seats are ``quantity - lessIncluded``;
``billCustomer`` DoNotBill / NoCharge is not billed; an addition cancelled by ``as_of`` or
effective after it is not a seat; an agreement whose status is not Active (cancelled,
expired, inactive) bills nothing; ``unitPrice`` is per the agreement's billing cycle and made
monthly by the cycle's name.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlsplit

from recon.errors import SourceError
from recon.formats.connectwise import SPEC
from recon.model import LineSet, Side
from recon.sources._base import ApiSource
from recon.sources._http import HeaderAuth, HttpClient, Runtime
from recon.sources._lines import lines_from_records
from recon.sources._settings import ConnectWiseSettings
from recon.sources._shape import day, number, records, reference_name, text

log = logging.getLogger(__name__)

PAGE_SIZE = 1000
MAX_PAGES = 10_000
COLUMNS = (
    "Company Name",
    "Company Id",
    "Agreement Name",
    "Agreement Status",
    "Product ID",
    "Description",
    "Quantity",
    "Less Included",
    "Price",
    "Bill Customer",
    "Effective Date",
    "Cancelled Date",
    "Billing Cycle",
)


def agreement_status(agreement: dict[str, Any], as_of: dt.date) -> str:
    """The agreement's status: its ``agreementStatus``, else from its flags and end date."""
    given = text(agreement.get("agreementStatus"))
    if given:
        return given
    if agreement.get("cancelledFlag") is True:
        return "Cancelled"
    end = day(agreement.get("endDate"))
    if end and agreement.get("noEndingDateFlag") is not True and end < as_of.isoformat():
        return "Expired"
    return "Active"


class ConnectWiseSource(ApiSource):
    """ConnectWise Manage as a PSA-side source.

    Args:
        settings: keys, client id and the site's API URL.
        runtime: clock, sleep and retry policy (default: the real ones).
        page_size: records per page (default 1000, the API's maximum).
    """

    name: ClassVar[str] = "connectwise"
    label: ClassVar[str] = "ConnectWise Manage API"
    side: ClassVar[Side | None] = Side.PSA
    format_name: ClassVar[str] = "connectwise_api"

    def __init__(
        self,
        settings: ConnectWiseSettings,
        *,
        runtime: Runtime | None = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        user = f"{settings.company_id}+{settings.public_key.reveal()}"
        basic = base64.b64encode(f"{user}:{settings.private_key.reveal()}".encode()).decode()
        super().__init__(
            HttpClient(
                "ConnectWise Manage",
                source=self.name,
                runtime=runtime or Runtime(),
                url_setting="CONNECTWISE_API_URL",
                credential_settings=(
                    "CONNECTWISE_COMPANY_ID, CONNECTWISE_PUBLIC_KEY and CONNECTWISE_PRIVATE_KEY"
                ),
                secrets=(settings.private_key.reveal(), settings.public_key.reveal(), basic),
                headers={"Accept": "application/json"},
            )
        )
        self._settings = settings
        self._page_size = max(1, min(page_size, PAGE_SIZE))
        self._auth = HeaderAuth({"Authorization": f"Basic {basic}", "clientId": settings.client_id})

    def _pages(self, path: str, params: dict[str, str]) -> Iterator[dict[str, Any]]:
        """Every item of a list: Link ``rel="next"`` when present, else until a short page."""
        url = f"{self._settings.api_url}{path}"
        query: dict[str, Any] = {**params, "page": 1, "pageSize": self._page_size}
        for count in range(1, MAX_PAGES + 1):
            what = f"GET {path} (page {count})"
            response = self._http.request("GET", url, what=what, params=query, auth=self._auth)
            items = records(self._http.parse(response, what), self._http, f"a response to {what}")
            yield from items
            if response.headers.get("Link"):
                following = response.links.get("next", {}).get("url")
                if not following:
                    return
                query = dict(parse_qsl(urlsplit(following).query))
            elif len(items) < int(query.get("pageSize", self._page_size)):
                return
            else:
                query = {**query, "page": int(query.get("page", count)) + 1}
        raise self._http.error(f"kept sending pages of {path} past {MAX_PAGES}")

    def _account_managers(
        self, companies: list[dict[str, Any]], billed: set[str]
    ) -> dict[str, str]:
        """Company name -> its account manager's e-mail (members without one are left out).

        The manager is the company-team member flagged as account manager, else the
        company's territory manager. Teams are read only for companies on an uncancelled
        agreement: one request each, and a company nobody bills needs no owner.
        """
        manager_of: dict[str, str] = {}
        for company in companies:
            company_id, name = text(company.get("id")), text(company.get("name"))
            if not name or company_id not in billed:
                continue
            path = f"/company/companies/{company_id}/teams"
            flagged = {"conditions": "accountManagerFlag=true", "fields": "member"}
            member = next(
                (
                    row["member"]
                    for row in self._pages(path, flagged)
                    if isinstance(row.get("member"), dict) and text(row["member"].get("id"))
                ),
                company.get("territoryManager"),
            )
            if isinstance(member, dict) and text(member.get("id")):
                manager_of[name] = text(member.get("id"))
        if not manager_of:
            return {}
        emails = {
            text(m.get("id")): text(m.get("primaryEmail"))
            for m in self._pages("/system/members", {"fields": "id,primaryEmail"})
        }
        return {name: emails[m] for name, m in manager_of.items() if emails.get(m)}

    def _pull(self, as_of: dt.date) -> LineSet:
        found = list(self._pages("/company/companies", {"fields": "id,name,territoryManager"}))
        companies = {text(c.get("id")): text(c.get("name")) for c in found}
        rows: list[dict[str, str]] = []
        cancelled = f"cancelledDate=null or cancelledDate>[{as_of.isoformat()}T00:00:00Z]"
        for agreement in self._pages("/finance/agreements", {"conditions": "cancelledFlag=false"}):
            agreement_id = text(agreement.get("id"))
            if not agreement_id:
                raise self._http.error("sent an agreement with no 'id'")
            company = agreement.get("company") if isinstance(agreement.get("company"), dict) else {}
            company_id = text(company.get("id")) if company else ""
            company_name = reference_name(company) or companies.get(company_id, "")
            status = agreement_status(agreement, as_of)
            cycle = reference_name(agreement.get("billingCycle"))
            path = f"/finance/agreements/{agreement_id}/additions"
            for addition in self._pages(path, {"conditions": cancelled}):
                what = f"addition {text(addition.get('id'))} of agreement {agreement_id}"
                product = addition.get("product")
                rows.append(
                    {
                        "Company Name": company_name,
                        "Company Id": company_id,
                        "Agreement Name": text(agreement.get("name")),
                        "Agreement Status": status,
                        "Product ID": text(product.get("identifier"))
                        if isinstance(product, dict)
                        else "",
                        "Description": text(addition.get("description"))
                        or text(addition.get("invoiceDescription")),
                        "Quantity": number(
                            addition.get("quantity"), self._http, f"{what}'s quantity"
                        ),
                        "Less Included": number(
                            addition.get("lessIncluded"), self._http, f"{what}'s lessIncluded"
                        ),
                        "Price": number(
                            addition.get("unitPrice"), self._http, f"{what}'s unitPrice"
                        ),
                        "Bill Customer": text(addition.get("billCustomer")),
                        "Effective Date": day(addition.get("effectiveDate")),
                        "Cancelled Date": day(addition.get("cancelledDate")),
                        "Billing Cycle": cycle,
                    }
                )
        billed = {row["Company Id"] for row in rows if row["Company Id"]}
        try:
            self.account_managers = self._account_managers(found, billed)
        except SourceError as err:
            if err.kind != "permission":
                raise
            # Owners are a convenience; the billing lines are the pull. An API member without
            # the Company Teams or Members permission still reconciles, with nobody offered.
            log.warning("ConnectWise account managers not read: %s", err)
            self.account_managers = {}
        return lines_from_records(
            rows,
            spec=SPEC,
            columns=COLUMNS,
            source=self.name,
            format_name=self.format_name,
            label=self.label,
            as_of=as_of,
        )
