"""The ConnectWise Manage connector against a fake Manage API on 127.0.0.1."""

from __future__ import annotations

import base64

import pytest

from recon.errors import SourceError
from recon.model import Col, Side
from recon.sources import ConnectWiseSettings, ConnectWiseSource, Runtime
from tests.recon.sources.fakes import connectwise as cw
from tests.recon.sources.fakes.server import FakeServer

EXPECTED = [
    ("Acme Corporation", "M365-BP", 8_000, 30_000_000),
    ("Acme Corporation", "EXO-P1", 5_000, 6_000_000),
    ("Globex", "M365-BB", 20_000, 8_000_000),  # 22 less 2 included
    ("Globex", "BACKUP", 20_000, 3_000_000),  # cancelled in June: still billed today
    ("Initech LLC", "SUPPORT", 1_000, 100_000_000),  # 1,200.00 on an annual agreement
]


def _rows(lines) -> list[tuple]:
    frame = lines.lines
    return list(
        zip(frame[Col.CLIENT], frame[Col.SKU], frame[Col.QTY], frame[Col.UNIT], strict=True)
    )


def test_billed_additions_of_live_agreements_become_psa_lines(
    cw_api: tuple[cw.FakeConnectWise, FakeServer],
    cw_settings: ConnectWiseSettings,
    runtime: Runtime,
) -> None:
    _, server = cw_api
    with ConnectWiseSource(cw_settings, runtime=runtime) as source:
        lines = source.fetch()
    assert (lines.side, lines.path, lines.format_name) == (
        Side.PSA,
        "source:connectwise",
        "connectwise_api",
    )
    assert _rows(lines) == EXPECTED
    assert lines.lines[Col.PRODUCT].iloc[0] == "Microsoft 365 Business Premium"
    assert dict(lines.skipped) == {"not billable (Do Not Bill)": 1, "agreement expired": 1}
    agreements = next(r for r in server.requests if r.path.endswith("/finance/agreements"))
    assert agreements.arg("conditions") == "cancelledFlag=false"
    additions = next(r for r in server.requests if r.path.endswith("/additions"))
    assert additions.arg("conditions") == (
        "cancelledDate=null or cancelledDate>[2026-03-02T00:00:00Z]"
    )
    basic = base64.b64encode(f"{cw.COMPANY}+{cw.PUBLIC_KEY}:{cw.PRIVATE_KEY}".encode()).decode()
    assert agreements.headers["authorization"] == f"Basic {basic}"
    assert agreements.headers["clientid"] == cw.CLIENT_ID


def test_link_headers_are_followed_page_by_page(
    cw_api: tuple[cw.FakeConnectWise, FakeServer],
    cw_settings: ConnectWiseSettings,
    runtime: Runtime,
) -> None:
    _, server = cw_api
    with ConnectWiseSource(cw_settings, runtime=runtime, page_size=1) as source:
        lines = source.fetch()
    assert _rows(lines) == EXPECTED
    pages = [r.arg("page") for r in server.requests if r.path.endswith("/finance/agreements")]
    assert pages == ["1", "2", "3", "4"]  # 4 agreements not cancelled, then no rel="next"
    followed = [
        r for r in server.requests if r.path.endswith("/additions") and r.arg("page") == "2"
    ]
    assert followed and all(r.arg("conditions") for r in followed)


@pytest.mark.parametrize("refused", ["/company/companies/{id}/teams", "/system/members"])
def test_a_member_without_rights_to_teams_or_members_still_pulls_the_billing_lines(
    cw_api: tuple[cw.FakeConnectWise, FakeServer],
    cw_settings: ConnectWiseSettings,
    runtime: Runtime,
    refused: str,
) -> None:
    """Owners are a convenience: a 403 on them offers nobody, it does not fail the pull."""
    api, _ = cw_api
    api.forbidden = {refused}
    with ConnectWiseSource(cw_settings, runtime=runtime) as source:
        lines = source.fetch()
        assert source.account_managers == {}
    assert _rows(lines) == EXPECTED


def test_a_refused_agreements_list_still_fails_the_pull_clearly(
    cw_api: tuple[cw.FakeConnectWise, FakeServer],
    cw_settings: ConnectWiseSettings,
    runtime: Runtime,
) -> None:
    api, _ = cw_api
    api.forbidden = {"/finance/agreements"}
    with (
        ConnectWiseSource(cw_settings, runtime=runtime) as source,
        pytest.raises(SourceError) as err,
    ):
        source.fetch()
    assert err.value.kind == "permission" and "/finance/agreements" in str(err.value)


@pytest.mark.parametrize("page_size", [1, 2, 1000])
def test_without_link_headers_pages_are_read_until_a_short_one(
    cw_api: tuple[cw.FakeConnectWise, FakeServer],
    cw_settings: ConnectWiseSettings,
    runtime: Runtime,
    page_size: int,
) -> None:
    api, server = cw_api
    api.link_headers = False
    with ConnectWiseSource(cw_settings, runtime=runtime, page_size=page_size) as source:
        lines = source.fetch()
    assert _rows(lines) == EXPECTED
    companies = [r.arg("page") for r in server.requests if r.path.endswith("/company/companies")]
    assert len(companies) == len(api.companies) // page_size + 1


def test_no_charge_additions_are_not_billed(
    cw_api: tuple[cw.FakeConnectWise, FakeServer],
    cw_settings: ConnectWiseSettings,
    runtime: Runtime,
) -> None:
    api, _ = cw_api
    api.additions[10][0]["billCustomer"] = "NoCharge"
    with ConnectWiseSource(cw_settings, runtime=runtime) as source:
        lines = source.fetch()
    assert "M365-BP" not in set(lines.lines[Col.SKU])
    assert lines.skipped["not billable (No Charge)"] == 1


def test_agreement_status_is_derived_when_the_server_has_no_such_field(
    cw_api: tuple[cw.FakeConnectWise, FakeServer],
    cw_settings: ConnectWiseSettings,
    runtime: Runtime,
) -> None:
    api, _ = cw_api
    for agreement in api.agreements:
        agreement.pop("agreementStatus")
    api.agreements[0].update(noEndingDateFlag=False, endDate="2026-01-31T00:00:00Z")
    with ConnectWiseSource(cw_settings, runtime=runtime) as source:
        lines = source.fetch()
    assert "Acme Corporation" not in set(lines.lines[Col.CLIENT])
    assert lines.skipped["agreement expired"] == 2


def test_each_companys_account_manager_is_read_by_e_mail(
    cw_api: tuple[cw.FakeConnectWise, FakeServer],
    cw_settings: ConnectWiseSettings,
    runtime: Runtime,
) -> None:
    """Issue 18.1: the PSA's account manager is the default owner, found in Slack by e-mail.

    Manage's company record has no account-manager field: the manager is the company-team
    member flagged ``accountManagerFlag``, else the company's territory manager.
    """
    _, server = cw_api
    with ConnectWiseSource(cw_settings, runtime=runtime) as source:
        source.fetch()
        # Acme: its team's account manager, not its territory manager (lee). Globex: no
        # account manager on its team, so its territory manager. Initech's manager has no
        # e-mail: nobody to find in Slack, so it is left out.
        assert source.account_managers == {
            "Acme Corporation": "Dana@msp.example",
            "Globex": "lee@msp.example",
        }
    teams = sorted(r.path.split("/")[-2] for r in server.requests if r.path.endswith("/teams"))
    assert teams == ["1", "2", "3"]  # Hooli is billed on no agreement: its team is not read
    asked = {r.arg("conditions") for r in server.requests if r.path.endswith("/teams")}
    assert asked == {"accountManagerFlag=true"}
