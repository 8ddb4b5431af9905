"""``recon.fix`` against the fake ConnectWise: one correct write, read back, confirmed by
the next run; and every way it refuses or fails leaves the PSA and the gap as they were."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from recon.errors import Conflict, FixRefused, SourceError
from recon.fix import apply_fix, plan_fix
from recon.model import GapKind
from recon.plausibility import RunFigures, SideFigures
from recon.sources import ConnectWiseSettings, Pax8Settings, Runtime, SourceSettings, pull
from recon.store import Action, GapStatus, Store
from tests.recon.sources.fakes import connectwise as cw
from tests.recon.sources.fakes.server import FakeServer, Reply
from tests.recon.sources.fixing import gap_of, record_run

API = tuple[cw.FakeConnectWise, FakeServer]
ADDITION_101 = f"{cw.ROOT}/finance/agreements/10/additions/101"


@pytest.fixture
def all_settings(pax8_settings: Pax8Settings, cw_settings: ConnectWiseSettings) -> SourceSettings:
    """Pax8 and ConnectWise only: two fake servers to start and stop, not five."""
    return SourceSettings(pax8=pax8_settings, connectwise=cw_settings)


@pytest.fixture
def store(tmp_path: Path, runtime: Runtime) -> Store:
    """A store with one run of Pax8 against ConnectWise, write-back turned on."""
    store = Store.open(tmp_path / "recon.db", clock=runtime.clock)
    store.set_setting("write_back", "connectwise", by="U0ADMIN01")
    return store


def _run(store: Store, settings: SourceSettings, runtime: Runtime) -> None:
    record_run(store, settings, runtime, "connectwise")


def _writes(api: cw.FakeConnectWise) -> list[tuple[str, str, object]]:
    return list(api.writes)


def test_a_quantity_gap_is_fixed_with_one_patch_read_back_and_confirmed_by_the_next_run(
    store: Store, all_settings: SourceSettings, runtime: Runtime, cw_api: API
) -> None:
    api, _ = cw_api
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.QUANTITY_MISMATCH, "Acme")
    assert (gap.vendor_qty, gap.psa_qty) == (10, 8)

    plan = plan_fix(gap.id, store=store, sources=all_settings, runtime=runtime)
    preview = dict(plan.preview_lines())
    assert preview["Company"] == "Acme Corporation"
    assert preview["Agreement"] == "Acme MSA"
    assert preview["Addition"] == "Microsoft 365 Business Premium (101)"
    assert preview["Quantity"] == "8 -> 10"
    assert preview["Monthly billing"] == "+$60.00/mo"
    assert api.writes == []  # a preview sends nothing

    done = apply_fix(
        gap.id, by="cli:dana", expected_key=plan.key, store=store, sources=all_settings,
        runtime=runtime,
    )  # fmt: skip
    assert _writes(api) == [
        ("PATCH", ADDITION_101, [{"op": "replace", "path": "quantity", "value": 10}])
    ]
    assert done.gap.status is GapStatus.RESOLVED and done.gap.fix_pending
    assert done.gap.status_label == "fixed (pending next run)"
    assert done.gap.fix_by == "cli:dana" and done.gap.recovered_monthly is None
    [entry] = [d for d in store.decisions(gap_id=gap.id) if d.action is Action.FIX_IN_PSA]
    assert entry.by == "cli:dana" and entry.reason == plan.summary
    assert entry.before["psa"]["value"] == "8" and entry.after["psa"]["value"] == "10"
    [attempt] = store.fixes(gap_id=gap.id)
    assert attempt.state == "applied" and attempt.key == plan.key

    pulled = pull("connectwise", all_settings, as_of=runtime.clock().date(), runtime=runtime)
    acme = pulled.lines[pulled.lines["sku"] == "M365-BP"]
    assert acme["qty_milli"].tolist() == [10_000]

    _run(store, all_settings, runtime)
    fixed = store.gap(gap.id)
    assert fixed.status is GapStatus.FIXED and not fixed.fix_pending
    assert fixed.recovered_monthly == Decimal("60.00")


def test_write_back_is_off_until_an_admin_turns_it_on(
    tmp_path: Path, all_settings: SourceSettings, runtime: Runtime, cw_api: API
) -> None:
    api, _ = cw_api
    store = Store.open(tmp_path / "off.db", clock=runtime.clock)
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.QUANTITY_MISMATCH, "Acme")
    with pytest.raises(FixRefused, match="fixing gaps in ConnectWise is off; an admin turns it on"):
        apply_fix(gap.id, by="U1", store=store, sources=all_settings, runtime=runtime)
    assert api.writes == [] and store.gap(gap.id).status is GapStatus.OPEN


def test_a_second_click_writes_nothing_and_says_who_fixed_it(
    store: Store, all_settings: SourceSettings, runtime: Runtime, cw_api: API
) -> None:
    api, _ = cw_api
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.QUANTITY_MISMATCH, "Acme")
    apply_fix(gap.id, by="U0DANA001", store=store, sources=all_settings, runtime=runtime)
    with pytest.raises(FixRefused, match=r"already fixed in the PSA by U0DANA001 at .*8 -> 10"):
        apply_fix(gap.id, by="U0DANA001", store=store, sources=all_settings, runtime=runtime)
    assert len(api.writes) == 1 and api.quantity_of(101) == 10


def test_a_fix_being_sent_elsewhere_is_not_sent_again(
    store: Store, all_settings: SourceSettings, runtime: Runtime, cw_api: API
) -> None:
    api, _ = cw_api
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.QUANTITY_MISMATCH, "Acme")
    plan = plan_fix(gap.id, store=store, sources=all_settings, runtime=runtime)
    # Another click's request holds the claim while it talks to ConnectWise.
    store.begin_fix(
        plan.key, gap_id=gap.id, run_id=plan.run_id, psa="connectwise", by="U2", plan={}
    )
    with pytest.raises(Conflict, match="is being sent to the PSA by U2"):
        apply_fix(gap.id, by="U1", store=store, sources=all_settings, runtime=runtime)
    assert api.writes == [] and store.gap(gap.id).status is GapStatus.OPEN


def test_a_value_changed_since_the_run_is_refused_and_named(
    store: Store, all_settings: SourceSettings, runtime: Runtime, cw_api: API
) -> None:
    api, _ = cw_api
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.QUANTITY_MISMATCH, "Acme")
    api.additions[10][0]["quantity"] = 10  # someone fixed it by hand after the run
    with pytest.raises(FixRefused, match="ConnectWise now shows 10 seats where the run saw 8"):
        apply_fix(gap.id, by="U1", store=store, sources=all_settings, runtime=runtime)
    assert api.writes == [] and store.gap(gap.id).status is GapStatus.OPEN
    assert store.fixes(gap_id=gap.id) == []


def test_a_preview_that_no_longer_holds_sends_nothing(
    store: Store, all_settings: SourceSettings, runtime: Runtime, cw_api: API
) -> None:
    api, _ = cw_api
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.QUANTITY_MISMATCH, "Acme")
    plan = plan_fix(gap.id, store=store, sources=all_settings, runtime=runtime)
    with pytest.raises(FixRefused, match="changed since the preview; nothing was sent"):
        apply_fix(
            gap.id, to=Decimal(12), by="U1", expected_key=plan.key, store=store,
            sources=all_settings, runtime=runtime,
        )  # fmt: skip
    assert api.writes == []


_FAILURES = [
    (Reply(401, {"code": "Unauthorized", "message": "Unauthorized"}), "rejected the credentials"),
    (
        Reply(403, {"code": "Forbidden", "message": "no"}),
        "needs Finance > Agreements Edit",
    ),
    (
        Reply(404, {"code": "NotFound", "message": "Agreement addition 101 not found"}),
        r"refused PATCH addition 101 of agreement 10 \(HTTP 404: Agreement addition 101 not "
        r"found\); nothing was changed",
    ),
    (
        Reply(409, {"code": "Conflict", "message": "record was changed by another user"}),
        "HTTP 409: record was changed by another user\\); nothing was changed",
    ),
    (Reply(429, {}, {"Retry-After": "30"}), "rate-limiting us .*nothing was changed"),
    (Reply(500, {"code": "Error", "message": "boom"}), "may or may not have taken the change"),
    (Reply(200, b"<html>proxy error</html>"), "not JSON; check the change in the PSA"),
]


@pytest.mark.parametrize(
    ("reply", "message"), _FAILURES, ids=lambda v: str(getattr(v, "status", ""))
)
def test_an_api_error_leaves_the_gap_open_with_a_clear_message(
    store: Store,
    all_settings: SourceSettings,
    runtime: Runtime,
    cw_api: API,
    reply: Reply,
    message: str,
) -> None:
    api, server = cw_api
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.QUANTITY_MISMATCH, "Acme")
    server.script(ADDITION_101, [reply])
    with pytest.raises(SourceError, match=message):
        apply_fix(gap.id, by="U1", store=store, sources=all_settings, runtime=runtime)
    assert api.writes == [] and api.quantity_of(101) == 8
    stored = store.gap(gap.id)
    assert stored.status is GapStatus.OPEN and not stored.fix_pending
    [attempt] = store.fixes(gap_id=gap.id)
    assert attempt.state == "failed" and attempt.message
    assert not [d for d in store.decisions(gap_id=gap.id) if d.action is Action.FIX_IN_PSA]


def test_a_failed_fix_can_be_tried_again_and_lands_once(
    store: Store, all_settings: SourceSettings, runtime: Runtime, cw_api: API
) -> None:
    api, server = cw_api
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.QUANTITY_MISMATCH, "Acme")
    server.script(ADDITION_101, [Reply(503, {"message": "maintenance"})])
    with pytest.raises(SourceError):
        apply_fix(gap.id, by="U1", store=store, sources=all_settings, runtime=runtime)
    apply_fix(gap.id, by="U1", store=store, sources=all_settings, runtime=runtime)
    assert len(api.writes) == 1 and api.quantity_of(101) == 10
    assert [f.state for f in store.fixes(gap_id=gap.id)] == ["applied"]  # one key, one row


def test_a_fix_the_psa_shows_differently_afterwards_is_not_marked(
    store: Store, all_settings: SourceSettings, runtime: Runtime, cw_api: API
) -> None:
    _, server = cw_api
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.QUANTITY_MISMATCH, "Acme")
    # ConnectWise answers 200 but keeps 8 (a workflow rule, say).
    server.script(ADDITION_101, [Reply(200, {"id": 101, "quantity": 8})])
    with pytest.raises(SourceError, match="it now shows 8, not 10: check it in ConnectWise"):
        apply_fix(gap.id, by="U1", store=store, sources=all_settings, runtime=runtime)
    assert store.gap(gap.id).status is GapStatus.OPEN
    assert store.fixes(gap_id=gap.id)[0].state == "failed"


def test_end_and_add_mode_adds_a_copy_from_today_and_ends_the_old_addition(
    store: Store, all_settings: SourceSettings, runtime: Runtime, cw_api: API
) -> None:
    api, _ = cw_api
    store.set_setting("connectwise_fix_mode", "end_and_add", by="U0ADMIN01")
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.QUANTITY_MISMATCH, "Acme")
    plan = plan_fix(gap.id, store=store, sources=all_settings, runtime=runtime)
    assert "end addition 101 on 2026-03-02 and add a copy" in dict(plan.preview_lines())["How"]
    apply_fix(gap.id, by="U1", store=store, sources=all_settings, runtime=runtime)
    (post, path, body), (patch, patched, ops) = api.writes
    assert (post, path) == ("POST", f"{cw.ROOT}/finance/agreements/10/additions")
    assert body["quantity"] == 10 and body["unitPrice"] == 30
    assert body["product"] == {"id": 1101} and body["effectiveDate"] == "2026-03-02T00:00:00Z"
    assert (patch, patched) == ("PATCH", ADDITION_101)
    assert ops == [{"op": "replace", "path": "cancelledDate", "value": "2026-03-02T00:00:00Z"}]
    pulled = pull("connectwise", all_settings, as_of=runtime.clock().date(), runtime=runtime)
    assert pulled.lines[pulled.lines["sku"] == "M365-BP"]["qty_milli"].tolist() == [10_000]
    _run(store, all_settings, runtime)
    assert store.gap(gap.id).status is GapStatus.FIXED


def test_end_and_add_takes_the_copy_back_when_the_old_addition_cannot_be_ended(
    store: Store, all_settings: SourceSettings, runtime: Runtime, cw_api: API
) -> None:
    api, server = cw_api
    store.set_setting("connectwise_fix_mode", "end_and_add", by="U0ADMIN01")
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.QUANTITY_MISMATCH, "Acme")
    server.script(ADDITION_101, [Reply(400, {"code": "InvalidObject", "message": "locked"})])
    with pytest.raises(SourceError, match="HTTP 400: locked"):
        apply_fix(gap.id, by="U1", store=store, sources=all_settings, runtime=runtime)
    assert [method for method, _, _ in api.writes] == ["POST", "DELETE"]
    assert [a["id"] for a in api.additions[10]] == [101, 102]
    assert store.gap(gap.id).status is GapStatus.OPEN


def test_a_price_below_cost_is_raised_to_the_cost(
    store: Store, all_settings: SourceSettings, runtime: Runtime, cw_api: API
) -> None:
    api, _ = cw_api
    api.additions[10][0].update(quantity=10, unitPrice=20)
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.PRICE_BELOW_COST, "Acme")
    plan = plan_fix(gap.id, store=store, sources=all_settings, runtime=runtime)
    assert dict(plan.preview_lines())["Unit price"] == "$20.00 -> $22.00"
    assert plan.monthly_money == Decimal(20)
    apply_fix(gap.id, by="U1", store=store, sources=all_settings, runtime=runtime)
    assert api.writes[0][2] == [{"op": "replace", "path": "unitPrice", "value": 22}]
    _run(store, all_settings, runtime)
    assert store.gap(gap.id).status is GapStatus.FIXED


def _catalogue(api: cw.FakeConnectWise) -> None:
    api.catalog = [
        {"id": 77, "identifier": "M365-BS", "description": "Microsoft 365 Business Standard",
         "price": 180, "inactiveFlag": False},
        {"id": 78, "identifier": "LABOUR", "description": "Labour", "price": 95,
         "inactiveFlag": False},
    ]  # fmt: skip


def test_a_missing_product_is_added_from_the_catalogue_on_the_one_active_agreement(
    store: Store, all_settings: SourceSettings, runtime: Runtime, cw_api: API
) -> None:
    api, _ = cw_api
    _catalogue(api)
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.MISSING_IN_PSA, "Initech")
    plan = plan_fix(gap.id, store=store, sources=all_settings, runtime=runtime)
    preview = dict(plan.preview_lines())
    assert preview["Agreement"] == "Initech annual"  # the only active one
    assert preview["Addition"] == "new: Microsoft 365 Business Standard"
    assert preview["Quantity"] == "7 at $180.00 per 12 months"
    assert plan.monthly_money == Decimal(105)
    apply_fix(gap.id, by="U1", store=store, sources=all_settings, runtime=runtime)
    [(method, path, body)] = api.writes
    assert (method, path) == ("POST", f"{cw.ROOT}/finance/agreements/50/additions")
    assert body == {
        "product": {"id": 77},
        "quantity": 7,
        "unitPrice": 180,
        "billCustomer": "Billable",
        "effectiveDate": "2026-03-02T00:00:00Z",
        "description": "Microsoft 365 Business Standard",
    }
    _run(store, all_settings, runtime)
    assert store.gap(gap.id).status is GapStatus.FIXED


def test_a_missing_product_is_not_added_when_the_agreement_is_not_clear(
    store: Store, all_settings: SourceSettings, runtime: Runtime, cw_api: API
) -> None:
    api, _ = cw_api
    _catalogue(api)
    api.agreements.append(cw.agreement(60, 3, "Initech LLC", "Initech projects"))
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.MISSING_IN_PSA, "Initech")
    with pytest.raises(FixRefused, match=r"has 2 active agreements in ConnectWise \(Initech"):
        apply_fix(gap.id, by="U1", store=store, sources=all_settings, runtime=runtime)
    api.agreements.pop()
    api.catalog = api.catalog[1:]
    with pytest.raises(FixRefused, match="no product in ConnectWise's catalogue is"):
        apply_fix(gap.id, by="U1", store=store, sources=all_settings, runtime=runtime)
    assert api.writes == []


def test_nothing_is_fixed_while_a_later_run_is_held(
    store: Store, all_settings: SourceSettings, runtime: Runtime, cw_api: API
) -> None:
    api, _ = cw_api
    outcome = record_run(store, all_settings, runtime, "connectwise")
    gap = gap_of(store, GapKind.QUANTITY_MISMATCH, "Acme")
    figures = RunFigures(SideFigures("a", 1, 1, Decimal(1)), SideFigures("b", 1, 1, Decimal(1)))
    held = store.hold_run(outcome.result, figures=figures, reasons=("too small",))
    with pytest.raises(FixRefused, match=f"run {held.run_id} is held as implausible"):
        plan_fix(gap.id, store=store, sources=all_settings, runtime=runtime)
    assert api.writes == []


def test_the_plan_is_json_ready(
    store: Store, all_settings: SourceSettings, runtime: Runtime, cw_api: API
) -> None:
    _run(store, all_settings, runtime)
    gap = gap_of(store, GapKind.QUANTITY_MISMATCH, "Acme")
    plan = plan_fix(gap.id, store=store, sources=all_settings, runtime=runtime)
    data = json.loads(json.dumps(plan.as_json()))
    assert (data["old"], data["new"], data["monthly_money"]) == ("8", "10", "60.00")
    assert data["record_id"] == "101" and data["key"] == plan.key
