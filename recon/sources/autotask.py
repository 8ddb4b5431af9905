"""Autotask (Datto): recurring service contracts and the units billed on them today.

What is pulled (REST API; headers ``ApiIntegrationCode``, ``UserName``, ``Secret``):

1. ``GET AUTOTASK_ZONE_URL?user=<username>``: the zone's ``url`` (kept for the source's life);
2. ``POST /v1.0/Contracts/query``: recurring service contracts (``contractType`` 7) that are
   active (``status`` 1);
3. in parallel, per batch of contract ids: ``ContractServices`` (service, unit price,
   adjusted price) and ``ContractServiceUnits`` whose ``startDate`` <= ``as_of`` <=
   ``endDate``, the units in force that day (several rows in force add up: a mid-period
   adjustment is a row of its own);
4. in parallel: ``Services`` (names), ``Companies`` (names and ``ownerResourceID``, the
   account manager resource) and the ``periodType`` picklist
   (``GET /v1.0/Services/entityInformation/fields``), to make prices monthly;
5. ``Resources`` (``email``) of those account managers, offered as the clients' default
   owners.

Queries ask for at most 500 records; further pages are read from ``pageDetails.nextPageUrl``
(on the configured zone host) until there is none. Autotask allows 3 concurrent requests
per integration, so every request goes through one 3-slot semaphore.

Each contract service with units in force becomes a row of the :mod:`Autotask <recon.
formats.autotask>` export format and goes through its rules (Adjusted Price wins over Unit
Price; prices made monthly by Period Type). A service with no units in force on ``as_of``
is skipped as "no units in force on <as_of>".
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any, ClassVar

from recon.formats.autotask import SPEC
from recon.model import LineSet, Side
from recon.sources._base import ApiSource
from recon.sources._http import HeaderAuth, HttpClient, Runtime
from recon.sources._lines import lines_from_records
from recon.sources._settings import AutotaskSettings
from recon.sources._shape import as_dict, day, need, number, records, text
from recon.sources._wire import same_origin

#: Autotask's limit per integration (tracking identifier) and endpoint.
MAX_CONCURRENT = 3
MAX_RECORDS = 500
#: Ids per ``in`` filter (Autotask allows at most 500 OR conditions in one query).
BATCH_SIZE = 200
MAX_PAGES = 10_000
RECURRING_SERVICE = 7
ACTIVE = 1
COLUMNS = (
    "Organization Name",
    "Company ID",
    "Contract Name",
    "Contract Status",
    "Contract Type",
    "Service Name",
    "Units",
    "Unit Price",
    "Adjusted Price",
    "Period Type",
    "Start Date",
    "End Date",
)


def _batches(ids: Sequence[str], size: int) -> list[list[str]]:
    return [list(ids[i : i + size]) for i in range(0, len(ids), size)]


def _ids(values: Sequence[str]) -> list[int | str]:
    return [int(v) if v.isdigit() else v for v in values]


class AutotaskSource(ApiSource):
    """Autotask as a PSA-side source.

    Args:
        settings: API user, secret, tracking identifier and zone URL.
        runtime: clock, sleep and retry policy (default: the real ones).
        batch_size: contract / service ids per query (default 200).
    """

    name: ClassVar[str] = "autotask"
    label: ClassVar[str] = "Autotask API"
    side: ClassVar[Side | None] = Side.PSA
    format_name: ClassVar[str] = "autotask_api"

    def __init__(
        self,
        settings: AutotaskSettings,
        *,
        runtime: Runtime | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        super().__init__(
            HttpClient(
                "Autotask",
                source=self.name,
                runtime=runtime or Runtime(),
                url_setting="AUTOTASK_ZONE_URL",
                credential_settings=(
                    "AUTOTASK_USERNAME, AUTOTASK_SECRET and AUTOTASK_INTEGRATION_CODE"
                ),
                secrets=(settings.secret.reveal(), settings.integration_code.reveal()),
                max_concurrency=MAX_CONCURRENT,
                headers={"Accept": "application/json"},
            )
        )
        self._settings = settings
        self._batch = max(1, batch_size)
        self._auth = HeaderAuth(
            {
                "ApiIntegrationCode": settings.integration_code.reveal(),
                "UserName": settings.username,
                "Secret": settings.secret.reveal(),
            }
        )
        self._zone_lock = threading.Lock()
        self._zone: str | None = None
        self._periods: dict[str, str] | None = None

    # --- zone and queries -------------------------------------------------------------
    def _base(self) -> str:
        """The zone's REST root (``…/atservicesrest/v1.0``), discovered once."""
        with self._zone_lock:
            if self._zone is None:
                what = "the zone lookup"
                doc = as_dict(
                    self._http.json(
                        "GET",
                        self._settings.zone_url,
                        what=what,
                        params={"user": self._settings.username},
                    ),
                    self._http,
                    what,
                )
                self._zone = text(need(doc, "url", self._http, what)).rstrip("/") + "/v1.0"
            return self._zone

    def _query(
        self, entity: str, filters: list[dict[str, Any]], fields: Sequence[str]
    ) -> list[dict[str, Any]]:
        """Every record of one query, page after page."""
        base = self._base()
        what = f"POST /{entity}/query"
        body = {"MaxRecords": MAX_RECORDS, "IncludeFields": list(fields), "filter": filters}
        doc = self._http.json(
            "POST", f"{base}/{entity}/query", what=what, json_body=body, auth=self._auth
        )
        found: list[dict[str, Any]] = []
        for page in range(1, MAX_PAGES + 1):
            page_doc = as_dict(doc, self._http, f"a response to {what}")
            found.extend(
                records(
                    need(page_doc, "items", self._http, f"a response to {what}"),
                    self._http,
                    f"the items of {what}",
                )
            )
            details = page_doc.get("pageDetails")
            following = text(details.get("nextPageUrl")) if isinstance(details, dict) else ""
            if not following:
                return found
            what = f"GET /{entity}/query (page {page + 1})"
            doc = self._http.json("GET", same_origin(base, following), what=what, auth=self._auth)
        raise self._http.error(f"kept sending pages of {entity} past {MAX_PAGES}")

    def _by_ids(
        self, pool: ThreadPoolExecutor, entity: str, field: str, ids: Sequence[str],
        fields: Sequence[str], extra: Sequence[dict[str, Any]] = (),
    ) -> Callable[[], list[dict[str, Any]]]:  # fmt: skip
        """Start one query per batch of ids; the returned call collects them, in order."""
        futures = [
            pool.submit(
                self._query,
                entity,
                [{"op": "in", "field": field, "value": _ids(batch)}, *extra],
                fields,
            )
            for batch in _batches(ids, self._batch)
        ]
        return lambda: [item for future in futures for item in future.result()]

    def _period_labels(self) -> dict[str, str]:
        """``periodType`` picklist value -> label ("Monthly", "Yearly"...)."""
        if self._periods is None:
            what = "GET /Services/entityInformation/fields"
            doc = as_dict(
                self._http.json(
                    "GET",
                    f"{self._base()}/Services/entityInformation/fields",
                    what=what,
                    auth=self._auth,
                ),
                self._http,
                f"a response to {what}",
            )
            labels: dict[str, str] = {}
            for entry in records(doc.get("fields") or [], self._http, f"the fields of {what}"):
                if text(entry.get("name")).lower() == "periodtype":
                    for value in records(entry.get("picklistValues") or [], self._http, what):
                        labels[text(value.get("value"))] = text(value.get("label"))
            self._periods = labels
        return self._periods

    # --- the pull ---------------------------------------------------------------------
    def _pull(self, as_of: dt.date) -> LineSet:
        today = as_of.isoformat()
        contracts = {
            text(c.get("id")): c
            for c in self._query(
                "Contracts",
                [
                    {"op": "eq", "field": "contractType", "value": RECURRING_SERVICE},
                    {"op": "eq", "field": "status", "value": ACTIVE},
                ],
                (
                    "id",
                    "companyID",
                    "contractName",
                    "contractType",
                    "status",
                    "startDate",
                    "endDate",
                ),
            )
        }
        contract_ids = sorted(contracts)
        with ThreadPoolExecutor(MAX_CONCURRENT, thread_name_prefix="autotask") as pool:
            services_of = self._by_ids(
                pool,
                "ContractServices",
                "contractID",
                contract_ids,
                (
                    "id",
                    "contractID",
                    "serviceID",
                    "unitPrice",
                    "adjustedPrice",
                    "invoiceDescription",
                ),
            )
            units_of = self._by_ids(
                pool,
                "ContractServiceUnits",
                "contractID",
                contract_ids,
                (
                    "id",
                    "contractID",
                    "contractServiceID",
                    "serviceID",
                    "startDate",
                    "endDate",
                    "units",
                ),
                extra=(
                    {"op": "lte", "field": "startDate", "value": today},
                    {"op": "gte", "field": "endDate", "value": today},
                ),
            )
            contract_services, unit_rows = services_of(), units_of()
            service_ids = sorted({text(cs.get("serviceID")) for cs in contract_services} - {""})
            company_ids = sorted({text(c.get("companyID")) for c in contracts.values()} - {""})
            names_of = self._by_ids(
                pool, "Services", "id", service_ids, ("id", "name", "periodType")
            )
            companies_of = self._by_ids(
                pool, "Companies", "id", company_ids, ("id", "companyName", "ownerResourceID")
            )
            periods = pool.submit(self._period_labels)
            services = {text(s.get("id")): s for s in names_of()}
            found = companies_of()
            companies = {text(c.get("id")): text(c.get("companyName")) for c in found}
            owner_of = {
                text(c.get("companyName")): text(c.get("ownerResourceID"))
                for c in found
                if text(c.get("ownerResourceID")) and text(c.get("companyName"))
            }
            resource_ids = sorted(set(owner_of.values()))
            emails = {
                text(r.get("id")): text(r.get("email"))
                for r in self._by_ids(pool, "Resources", "id", resource_ids, ("id", "email"))()
            }
            self.account_managers = {
                name: emails[r] for name, r in owner_of.items() if emails.get(r)
            }
            period_labels = periods.result()

        units: dict[str, Decimal] = defaultdict(Decimal)
        for row in unit_rows:
            start, end = day(row.get("startDate")), day(row.get("endDate"))
            if (start and start > today) or (end and end < today):
                continue  # belt and braces: the filter asked for these already
            what = f"contract service unit {text(row.get('id'))}'s units"
            counted = number(row.get("units"), self._http, what)
            units[text(row.get("contractServiceID"))] += Decimal(counted or 0)

        rows: list[dict[str, str]] = []
        no_units = 0
        for cs in contract_services:
            cs_id = text(cs.get("id"))
            contract = contracts.get(text(cs.get("contractID")))
            if contract is None:
                continue  # not one of the contracts asked about
            if cs_id not in units:
                no_units += 1
                continue
            service = services.get(text(cs.get("serviceID")), {})
            period = text(service.get("periodType"))
            what = f"contract service {cs_id}'s"
            rows.append(
                {
                    "Organization Name": companies.get(text(contract.get("companyID")), ""),
                    "Company ID": text(contract.get("companyID")),
                    "Contract Name": text(contract.get("contractName")),
                    "Contract Status": "Active",
                    "Contract Type": "Recurring Service",
                    "Service Name": text(service.get("name")) or text(cs.get("invoiceDescription")),
                    "Units": format(units[cs_id], "f"),
                    "Unit Price": number(cs.get("unitPrice"), self._http, f"{what} unitPrice"),
                    "Adjusted Price": number(
                        cs.get("adjustedPrice"), self._http, f"{what} adjustedPrice"
                    ),
                    "Period Type": period_labels.get(period, period),
                    "Start Date": day(contract.get("startDate")),
                    "End Date": day(contract.get("endDate")),
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
            skipped={f"no units in force on {today}": no_units} if no_units else None,
        )
