"""The fake PSAs take exactly the documented write payloads and answer anything else the way
the real APIs do, changing nothing: the write-back tests rest on that."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from tests.recon.sources.fakes import autotask as at
from tests.recon.sources.fakes import connectwise as cw
from tests.recon.sources.fakes.server import FakeServer

_CW_AUTH = {
    "Authorization": "Basic "
    + base64.b64encode(f"{cw.COMPANY}+{cw.PUBLIC_KEY}:{cw.PRIVATE_KEY}".encode()).decode(),
    "clientId": cw.CLIENT_ID,
}
_AT_AUTH = {"UserName": at.USERNAME, "Secret": at.SECRET, "ApiIntegrationCode": at.INTEGRATION_CODE}


@pytest.mark.parametrize(
    "body",
    [
        {"op": "replace", "path": "quantity", "value": 10},  # not an array
        [{"op": "add", "path": "quantity", "value": 10}],
        [{"op": "replace", "path": "description", "value": "x"}],
        [{"op": "replace", "path": "quantity", "value": "10"}],
        [{"op": "replace", "path": "quantity", "value": -1}],
        [{"op": "replace", "path": "cancelledDate", "value": "2026-03-02"}],
    ],
)
def test_connectwise_refuses_a_patch_it_does_not_take(
    cw_api: tuple[cw.FakeConnectWise, FakeServer], body: Any
) -> None:
    api, server = cw_api
    url = f"{server.url}{cw.ROOT}/finance/agreements/10/additions/101"
    answer = httpx.patch(url, json=body, headers=_CW_AUTH)
    assert answer.status_code == 400
    error = answer.json()
    assert error["code"] == "InvalidObject" and error["errors"][0]["code"] == "InvalidField"
    assert api.writes == [] and api.quantity_of(101) == 8


def test_connectwise_takes_the_documented_patch_and_serves_it(
    cw_api: tuple[cw.FakeConnectWise, FakeServer],
) -> None:
    api, server = cw_api
    url = f"{server.url}{cw.ROOT}/finance/agreements/10/additions/101"
    body = [{"op": "replace", "path": "quantity", "value": 12}]
    assert api.writes == []
    answer = httpx.patch(url, json=body, headers=_CW_AUTH)
    assert answer.status_code == 200 and answer.json()["quantity"] == 12
    listed = httpx.get(f"{server.url}{cw.ROOT}/finance/agreements/10/additions", headers=_CW_AUTH)
    assert [a["quantity"] for a in listed.json() if a["id"] == 101] == [12]
    assert httpx.patch(url, json=body).status_code == 401  # credentials still required


@pytest.mark.parametrize(
    "body",
    [
        {"contractID": 100, "effectiveDate": "2026-03-02T00:00:00", "unitChange": 2},  # no service
        {"contractID": 100, "contractServiceID": 1001, "unitChange": 2},  # no date
        {
            "contractID": 100,
            "contractServiceID": 1001,
            "effectiveDate": "2026-03-02",
            "unitChange": "2",
        },
        {
            "contractID": 200,
            "contractServiceID": 1001,
            "effectiveDate": "2026-03-02",
            "unitChange": 2,
        },
        {
            "contractID": 100,
            "contractServiceID": 2001,
            "effectiveDate": "2026-03-02",
            "unitChange": 2,
        },
    ],
)
def test_autotask_refuses_an_adjustment_it_does_not_take(
    at_api: tuple[at.FakeAutotask, FakeServer], body: dict[str, Any]
) -> None:
    api, server = at_api
    url = f"{server.url}{at.ZONE}/Contracts/100/ServiceAdjustments"
    answer = httpx.post(url, json=body, headers=_AT_AUTH)
    assert answer.status_code == 500 and answer.json()["errors"]
    assert api.writes == [] and api.units_on(1001, "2026-03-02") == 8


def test_autotask_lets_an_integration_change_only_the_adjusted_price(
    at_api: tuple[at.FakeAutotask, FakeServer],
) -> None:
    api, server = at_api
    url = f"{server.url}{at.ZONE}/Contracts/100/Services"
    refused = httpx.patch(url, json={"id": 1001, "unitPrice": 40}, headers=_AT_AUTH)
    assert refused.status_code == 500 and "can't be updated" in refused.json()["errors"][0]
    taken = httpx.patch(url, json={"id": 1001, "adjustedPrice": 40}, headers=_AT_AUTH)
    assert taken.status_code == 200 and taken.json() == {"itemId": 1001}
    assert api.entities["ContractServices"][0]["adjustedPrice"] == 40
