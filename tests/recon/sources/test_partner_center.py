"""The Partner Center connector: seats from subscriptions, costs from the billed export."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from recon.errors import SourceError
from recon.model import Col, ExtraCol, Side
from recon.sources import PartnerCenterSettings, PartnerCenterSource, Runtime
from recon.sources.partner_center import catalogue_sku
from recon.sources.partner_center_costs import EXPORT_TIMEOUT
from tests.recon.sources.conftest import RecordingSleep
from tests.recon.sources.fakes.partner_center import FakePartnerCenter
from tests.recon.sources.fakes.server import FakeServer, Reply

OPERATION = "/graph/v1.0/reports/partners/billing/operations/op-1"


def _rows(lines) -> list[tuple]:
    frame = lines.billable
    units = [None if pd.isna(u) else int(u) for u in frame[Col.UNIT]]
    return list(zip(frame[Col.CLIENT], frame[Col.SKU], frame[Col.QTY], units, strict=True))


def test_seats_come_from_subscriptions_and_costs_from_the_latest_billed_invoice(
    pc_api: tuple[FakePartnerCenter, FakeServer],
    pc_settings: PartnerCenterSettings,
    runtime: Runtime,
    sleep: RecordingSleep,
) -> None:
    api, server = pc_api
    with PartnerCenterSource(pc_settings, runtime=runtime) as source:
        lines = source.fetch()
    assert (lines.side, lines.path, lines.format_name) == (
        Side.VENDOR,
        "source:partner-center",
        "partner_center_api",
    )
    assert _rows(lines) == [
        ("Acme Corp", "CFQ7TTC0LCHC:0002", 10_000, 22_000_000),  # its own charge line
        ("Acme Corp", "CFQ7TTC0LH16:0001", 5_000, 4_000_000),  # 48.00 billed annually
        ("Acme Corp", "CFQ7TTC0LCHC:0002", 2_000, 22_000_000),  # same customer, same SKU
        ("Globex", "CFQ7TTC0LH18:0001", 20_000, 6_000_000),
        ("Globex", "CFQ7TTC0LDCX:0001", 1_000, 12_500_000),  # the invoice's price for the SKU
        ("Initech", "CFQ7TTC0LDCX:0001", 7_000, 12_500_000),
        ("Initech", "0a1b2c3d-legacy-offer", 1_000, None),  # not on the invoice
    ]
    assert dict(lines.skipped) == {"suspended": 1, "trial": 1}
    assert lines.billable[Col.CLIENT_ID].iloc[0] == "tenant-acme"
    assert any("same customer paid" in w for w in lines.warnings)
    assert any("invoice's price for the SKU" in w for w in lines.warnings)
    assert any("1 subscriptions have no cost on invoice G000000001" in w for w in lines.warnings)
    # The export: 202's Retry-After, then two "running" polls asking for 10 s each.
    assert sleep.waits == [5.0, 10.0, 10.0]
    export = next(r for r in server.requests if r.path.endswith("/billed/export"))
    assert export.json() == {"invoiceId": "G000000001", "attributeSet": "full"}
    assert len(api.blob_requests) == 2
    assert all("authorization" not in r.headers for r in api.blob_requests)


def test_customers_are_followed_across_continuation_pages(
    pc_api: tuple[FakePartnerCenter, FakeServer],
    pc_settings: PartnerCenterSettings,
    runtime: Runtime,
) -> None:
    _, server = pc_api
    with PartnerCenterSource(pc_settings, runtime=runtime, with_costs=False) as source:
        lines = source.fetch()
    pages = [r for r in server.requests if r.path == "/v1/customers"]
    assert [r.headers.get("ms-continuationtoken") for r in pages] == [None, "ct-2"]
    assert pages[1].arg("seekOperation") == "Next"
    assert len({r.headers["ms-correlationid"] for r in pages}) == 1
    assert set(lines.billable[Col.CLIENT]) == {"Acme Corp", "Globex", "Initech"}
    assert lines.billable[Col.UNIT].isna().all()


def test_without_the_billing_permission_seats_still_come_with_a_warning(
    pc_api: tuple[FakePartnerCenter, FakeServer],
    pc_settings: PartnerCenterSettings,
    runtime: Runtime,
) -> None:
    api, _ = pc_api
    api.graph_forbidden = True
    with PartnerCenterSource(pc_settings, runtime=runtime) as source:
        lines = source.fetch()
    assert len(lines.billable) == 7
    assert lines.billable[Col.UNIT].isna().all()
    assert any("PartnerBilling.Read.All" in w for w in lines.warnings)


def test_uncompressed_json_lines_are_read_too(
    pc_api: tuple[FakePartnerCenter, FakeServer],
    pc_settings: PartnerCenterSettings,
    runtime: Runtime,
) -> None:
    api, _ = pc_api
    api.compress = False
    with PartnerCenterSource(pc_settings, runtime=runtime) as source:
        lines = source.fetch()
    assert int(lines.billable[Col.UNIT].iloc[0]) == 22_000_000


def test_a_failed_export_names_the_invoice_and_the_reason(
    pc_api: tuple[FakePartnerCenter, FakeServer],
    pc_settings: PartnerCenterSettings,
    runtime: Runtime,
) -> None:
    _, server = pc_api
    failed = {"status": "failed", "error": {"message": "No data available", "code": "5000"}}
    server.script(OPERATION, [Reply(200, failed)])
    with (
        PartnerCenterSource(pc_settings, runtime=runtime) as source,
        pytest.raises(
            SourceError, match="could not export invoice G000000001: No data available"
        ) as info,
    ):
        source.fetch()
    assert info.value.kind == "unexpected"


def test_an_export_that_never_finishes_gives_up_by_the_clock(
    pc_api: tuple[FakePartnerCenter, FakeServer],
    pc_settings: PartnerCenterSettings,
    runtime: Runtime,
    sleep: RecordingSleep,
) -> None:
    api, _ = pc_api
    api.running_polls = 10**6
    with (
        PartnerCenterSource(pc_settings, runtime=runtime) as source,
        pytest.raises(SourceError, match="did not finish the billing export"),
    ):
        source.fetch()
    assert sum(sleep.waits) <= EXPORT_TIMEOUT
    assert sum(sleep.waits) + 10 > EXPORT_TIMEOUT


def test_no_new_commerce_invoice_means_no_costs_and_a_warning(
    pc_api: tuple[FakePartnerCenter, FakeServer],
    pc_settings: PartnerCenterSettings,
    runtime: Runtime,
) -> None:
    api, _ = pc_api
    api.invoices = [i for i in api.invoices if not i["id"].startswith("G")]
    with PartnerCenterSource(pc_settings, runtime=runtime) as source:
        lines = source.fetch()
    assert lines.billable[Col.UNIT].isna().all()
    assert "no new-commerce invoice found; unit costs are unknown" in lines.warnings


@pytest.mark.parametrize(
    ("offer", "sku"),
    [
        ("CFQ7TTC0LH18:0001:0002", "CFQ7TTC0LH18:0001"),
        ("CFQ7TTC0LH18:0001", "CFQ7TTC0LH18:0001"),
        ("031c9e47-4802-4248-838e-778fb1d2cc05", "031c9e47-4802-4248-838e-778fb1d2cc05"),
    ],
)
def test_offer_ids_become_catalogue_skus(offer: str, sku: str) -> None:
    assert catalogue_sku(offer) == sku


def test_each_subscription_brings_its_commitment_and_trials_are_listed(
    pc_api: tuple[FakePartnerCenter, FakeServer],
    pc_settings: PartnerCenterSettings,
    runtime: Runtime,
) -> None:
    with PartnerCenterSource(pc_settings, runtime=runtime) as source:
        lines = source.fetch()
    first = lines.billable.iloc[0]
    day = dt.date.fromordinal
    assert first[Col.TERM] == 12  # termDuration P1Y
    assert (day(first[Col.TERM_START]), day(first[Col.TERM_END])) == (
        dt.date(2026, 1, 15),
        dt.date(2027, 1, 14),
    )
    # Microsoft's own last day to cancel or reduce, not a rule of thumb.
    assert day(first[Col.CANCEL_BY]) == dt.date(2026, 1, 22)
    assert first[Col.AUTO_RENEW] == 1
    assert lines.extras is not None
    assert list(lines.extras[ExtraCol.CHARGE]) == ["trial"]
    assert list(lines.extras[ExtraCol.PRODUCT]) == ["Microsoft Teams Essentials"]
