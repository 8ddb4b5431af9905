"""``recon.fix`` against the fake Autotask: units adjustments from today (history untouched),
adjusted prices, services added through an adjustment; refusals change nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from recon.errors import FixRefused, SourceError
from recon.fix import apply_fix, plan_fix
from recon.model import GapKind
from recon.sources import AutotaskSettings, Pax8Settings, Runtime, SourceSettings, pull
from recon.store import GapStatus, Store
from tests.recon.sources.fakes import autotask as at
from tests.recon.sources.fakes import pax8
from tests.recon.sources.fakes.server import FakeServer, Reply
from tests.recon.sources.fixing import gap_of, record_run

API = tuple[at.FakeAutotask, FakeServer]
ADJUST_100 = f"{at.ZONE}/Contracts/100/ServiceAdjustments"


@pytest.fixture
def all_settings(pax8_settings: Pax8Settings, at_settings: AutotaskSettings) -> SourceSettings:
    """Pax8 and Autotask only."""
    return SourceSettings(pax8=pax8_settings, autotask=at_settings)


@pytest.fixture
def store(tmp_path: Path, runtime: Runtime, at_api: API) -> Store:
    """A store with write-back to Autotask on; the services carry catalogue prices."""
    api, _ = at_api
    prices = {9001: 30, 9002: 6, 9003: 8, 9004: 5}
    for service in api.entities["Services"]:
        service.update(unitPrice=prices[service["id"]], isActive=True)
    store = Store.open(tmp_path / "recon.db", clock=runtime.clock)
    store.set_setting("write_back", "autotask", by="U0ADMIN01")
    return store


def _run(store: Store, settings: SourceSettings, runtime: Runtime) -> None:
    record_run(store, settings, runtime, "autotask")


def test_a_quantity_gap_becomes_one_units_adjustment_from_today(
    store: Store, all_settings: SourceSettings, runtime: Runtime, at_api: API
) -> None:
    api, _ = at_api
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.QUANTITY_MISMATCH, "Acme")
    plan = plan_fix(gap.id, store=store, sources=all_settings, runtime=runtime)
    preview = dict(plan.preview_lines())
    assert preview["Contract"] == "Acme Recurring"
    assert preview["Contract service"] == "Microsoft 365 Business Premium (1001)"
    assert preview["Quantity"] == "8 -> 10"
    assert preview["How"] == "a units adjustment of +2 from 2026-03-02"
    done = apply_fix(gap.id, by="U0LEE0001", store=store, sources=all_settings, runtime=runtime)
    assert api.writes == [
        (
            "POST",
            ADJUST_100,
            {
                "contractID": 100,
                "effectiveDate": "2026-03-02T00:00:00",
                "contractServiceID": 1001,
                "serviceID": 9001,
                "unitChange": 2,
            },
        )
    ]
    assert done.gap.fix_pending
    assert api.units_on(1001, "2026-03-01") == 8  # history untouched
    pulled = pull("autotask", all_settings, as_of=runtime.clock().date(), runtime=runtime)
    assert pulled.lines["qty_milli"][pulled.lines["product"].str.contains("Premium")].tolist() == [
        10_000
    ]
    _run(store, all_settings, runtime)
    fixed = store.gap(gap.id)
    assert fixed.status is GapStatus.FIXED and fixed.recovered_monthly == Decimal("60.00")


def test_a_fix_the_next_run_does_not_see_reopens_the_gap_with_a_note(
    store: Store, all_settings: SourceSettings, runtime: Runtime, at_api: API
) -> None:
    api, _ = at_api
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.QUANTITY_MISMATCH, "Acme")
    apply_fix(gap.id, by="U0LEE0001", store=store, sources=all_settings, runtime=runtime)
    api.entities["ContractServiceUnits"].pop()  # someone undid it in Autotask
    runtime.clock.advance(days=1)  # type: ignore[attr-defined]
    _run(store, all_settings, runtime)
    reopened = store.gap(gap.id)
    assert reopened.status is GapStatus.OPEN and not reopened.fix_pending
    assert reopened.recovered_monthly is None
    assert reopened.fix_note is not None
    assert "still shows vendor 10 and PSA 8" in reopened.fix_note
    assert "Autotask contract service 1001 quantity 8 -> 10" in reopened.fix_note


def test_a_price_below_cost_sets_the_adjusted_price(
    store: Store, all_settings: SourceSettings, runtime: Runtime, at_api: API
) -> None:
    api, _ = at_api
    api.entities["ContractServices"][0]["adjustedPrice"] = 20
    api.entities["ContractServiceUnits"][0]["units"] = 10
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.PRICE_BELOW_COST, "Acme")
    apply_fix(gap.id, by="U1", store=store, sources=all_settings, runtime=runtime)
    assert api.writes == [
        ("PATCH", f"{at.ZONE}/Contracts/100/Services", {"id": 1001, "adjustedPrice": 22})
    ]
    _run(store, all_settings, runtime)
    assert store.gap(gap.id).status is GapStatus.FIXED


def test_a_missing_service_is_added_by_an_adjustment_at_its_catalogue_price(
    store: Store, all_settings: SourceSettings, runtime: Runtime, at_api: API, pax8_api
) -> None:
    api, _ = at_api
    vendor, _ = pax8_api
    vendor.subscriptions.append(pax8.subscription("s8", "c1", "p-e3", 3, partner_cost="36.00"))
    api.entities["Services"].append(
        {"id": 9006, "name": "Microsoft 365 E3", "periodType": 1, "unitPrice": 40, "isActive": True}
    )
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.MISSING_IN_PSA, "Acme")
    plan = plan_fix(gap.id, store=store, sources=all_settings, runtime=runtime)
    assert dict(plan.preview_lines())["Quantity"] == "3 at $40.00"
    assert plan.monthly_money == Decimal(120)
    apply_fix(gap.id, by="U1", store=store, sources=all_settings, runtime=runtime)
    [(_, path, body)] = api.writes
    assert path == ADJUST_100
    assert body == {
        "contractID": 100,
        "effectiveDate": "2026-03-02T00:00:00",
        "serviceID": 9006,
        "unitChange": 3,
        "adjustedUnitPrice": 40,
    }
    _run(store, all_settings, runtime)
    assert store.gap(gap.id).status is GapStatus.FIXED


def test_autotask_counts_whole_units_only(
    store: Store, all_settings: SourceSettings, runtime: Runtime, at_api: API
) -> None:
    api, _ = at_api
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.QUANTITY_MISMATCH, "Acme")
    with pytest.raises(FixRefused, match=r"whole units; 9\.5 is not one"):
        apply_fix(
            gap.id, to=Decimal("9.5"), by="U1", store=store, sources=all_settings, runtime=runtime
        )
    assert api.writes == []


def test_autotask_refusing_the_adjustment_leaves_everything_as_it_was(
    store: Store, all_settings: SourceSettings, runtime: Runtime, at_api: API
) -> None:
    api, server = at_api
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.QUANTITY_MISMATCH, "Acme")
    errors = {"errors": ["Resources with limited contract visibility cannot create this."]}
    server.script(ADJUST_100, [Reply(500, errors)])
    with pytest.raises(SourceError, match="limited contract visibility") as info:
        apply_fix(gap.id, by="U1", store=store, sources=all_settings, runtime=runtime)
    assert "may or may not have taken the change" in str(info.value)
    assert api.writes == [] and api.units_on(1001, "2026-03-02") == 8
    assert store.gap(gap.id).status is GapStatus.OPEN


def test_a_missing_service_is_not_added_when_two_contracts_are_active(
    store: Store, all_settings: SourceSettings, runtime: Runtime, at_api: API, pax8_api
) -> None:
    api, _ = at_api
    vendor, _ = pax8_api
    vendor.subscriptions.append(pax8.subscription("s8", "c1", "p-e3", 3, partner_cost="36.00"))
    api.entities["Services"].append(
        {"id": 9006, "name": "Microsoft 365 E3", "periodType": 1, "unitPrice": 40, "isActive": True}
    )
    second = dict(api.entities["Contracts"][0], id=101, contractName="Acme Projects")
    api.entities["Contracts"].append(second)
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.MISSING_IN_PSA, "Acme")
    refused = r"has 2 active recurring service contracts in Autotask \(Acme Recurring, Acme Pro"
    with pytest.raises(FixRefused, match=refused):
        apply_fix(gap.id, by="U1", store=store, sources=all_settings, runtime=runtime)
    assert api.writes == [] and store.gap(gap.id).status is GapStatus.OPEN


def test_units_changed_in_autotask_since_the_run_are_refused_and_named(
    store: Store, all_settings: SourceSettings, runtime: Runtime, at_api: API
) -> None:
    api, _ = at_api
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.QUANTITY_MISMATCH, "Acme")
    plan = plan_fix(gap.id, store=store, sources=all_settings, runtime=runtime)
    api.entities["ContractServiceUnits"][0]["units"] = 10  # fixed by hand after the preview
    with pytest.raises(FixRefused, match="Autotask now shows 10 seats where the run saw 8"):
        apply_fix(
            gap.id, by="U1", expected_key=plan.key, store=store, sources=all_settings,
            runtime=runtime,
        )  # fmt: skip
    assert api.writes == [] and store.gap(gap.id).status is GapStatus.OPEN
    assert store.fixes(gap_id=gap.id) == []
