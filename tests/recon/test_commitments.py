"""Commitments and windows (issue 17): what is not recurring, what to do by when, terms and
currencies, from real new-commerce and PSA files through the engine, the store, the alert
policy and the digest."""

from __future__ import annotations

import csv
import datetime as dt
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from recon.alerts import AlertReason, plan_from_store, sent_alerts
from recon.cli import cli
from recon.cli.store_render import render_gaps
from recon.commitments import ANY_TIME, deadline, parse_rules, term_hint, term_months
from recon.digest import build_digest
from recon.engine import reconcile
from recon.formats import read_export
from recon.model import Charge, GapKind, Side
from recon.report import render_csv, render_table, result_to_dict
from recon.store import Store
from tests.conftest import FakeClock
from tests.recon.conftest import make_lines

AS_OF = dt.date(2026, 12, 4)
NCE = [
    "CustomerId", "CustomerName", "CustomerDomainName", "ProductId", "SkuId", "SkuName",
    "ProductName", "ChargeType", "UnitPrice", "Quantity", "BillableQuantity", "SubscriptionId",
    "ChargeStartDate", "ChargeEndDate", "TermAndBillingCycle", "BillingFrequency", "Currency",
    "PricingCurrency", "SubscriptionStartDate", "SubscriptionEndDate", "EffectiveUnitPrice",
    "AvailabilityId", "PublisherName",
]  # fmt: skip
TENANT = "824c3885-9a37-5d64-83ed-9cec6dc550ce"


def nce_row(product_id: str, name: str, charge: str, price: str, qty: int, sub: str,
            period: tuple[str, str], term: str, frequency: str, dates: tuple[str, str],
            currency: str = "USD") -> dict[str, str]:  # fmt: skip
    return {
        "CustomerId": TENANT, "CustomerName": "Acme Corp", "CustomerDomainName": "acme.com",
        "ProductId": product_id, "SkuId": "0002", "SkuName": name, "ProductName": name,
        "ChargeType": charge, "UnitPrice": price, "Quantity": str(qty),
        "BillableQuantity": str(qty), "SubscriptionId": sub, "ChargeStartDate": period[0],
        "ChargeEndDate": period[1], "TermAndBillingCycle": term, "BillingFrequency": frequency,
        "Currency": currency, "PricingCurrency": currency, "SubscriptionStartDate": dates[0],
        "SubscriptionEndDate": dates[1], "EffectiveUnitPrice": price, "AvailabilityId": "X",
        "PublisherName": "Microsoft Corporation",
    }  # fmt: skip


DEC = ("12/1/2026", "12/31/2026")
#: An annual term bought on 30 Nov (window open until 6 Dec: 3 days left on 4 Dec), billed
#: monthly, 12 seats; a monthly term renewing on 20 Dec, 5 seats; a trial; a one-time
#: purchase; and 2 Business Standard seats added in November, already in December's cycle
#: charge of 8 (a proration, not 2 more seats).
NCE_ROWS = [
    nce_row("CFQ7TTC0LCHC", "Microsoft 365 Business Premium", "new", "22.00", 12, "s-bp",
            ("11/30/2026", "12/29/2026"), "1 Year, Monthly", "Monthly",
            ("11/30/2026", "11/29/2027")),
    nce_row("CFQ7TTC0LH16", "Exchange Online (Plan 1)", "cycleCharge", "4.00", 5, "s-exo",
            ("11/20/2026", "12/19/2026"), "1 Month, Monthly", "Monthly",
            ("3/20/2026", "12/19/2026")),
    nce_row("CFQ7TTC0LFLZ", "Microsoft 365 E5", "new", "0.00", 25, "s-e5",
            DEC, "One-Month Trial", "", ("12/1/2026", "12/31/2026")),
    nce_row("CFQ7TTC0WIN1", "Windows 11 Pro Upgrade", "new", "99.00", 2, "s-win",
            DEC, "One-Time", "OneTime", ("12/1/2026", "")),
    nce_row("CFQ7TTC0LDPB", "Microsoft 365 Business Standard", "cycleCharge", "12.50", 8, "s-bs",
            DEC, "1 Year, Monthly", "Monthly", ("6/1/2026", "5/31/2027")),
    nce_row("CFQ7TTC0LDPB", "Microsoft 365 Business Standard", "addQuantity", "12.50", 2, "s-bs",
            ("11/15/2026", "11/30/2026"), "1 Year, Monthly", "Monthly", ("6/1/2026", "5/31/2027")),
]  # fmt: skip
PSA_HEADER = ["Company", "Product", "Quantity", "Unit Price"]
PSA_ROWS = [
    ["Acme Corp", "Microsoft 365 Business Premium", "10", "30.00"],
    ["Acme Corp", "Exchange Online (Plan 1)", "3", "6.00"],
    ["Acme Corp", "Microsoft 365 Business Standard", "8", "15.00"],
]


def write(path: Path, header: list[str], rows: list[dict[str, str]] | list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row[h] for h in header] if isinstance(row, dict) else row)
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return (
        write(tmp_path / "nce.csv", NCE, NCE_ROWS),
        write(tmp_path / "psa.csv", PSA_HEADER, PSA_ROWS),
    )


def run_files(vendor: Path, psa: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    v = read_export(vendor, side=Side.VENDOR, as_of=AS_OF)
    p = read_export(psa, side=Side.PSA, as_of=AS_OF)
    now = datetime.combine(AS_OF, dt.time(9), tzinfo=UTC)
    return reconcile(v, p, as_of=AS_OF, clock=lambda: now, **kwargs)  # type: ignore[arg-type]


UTC_ZONE = ZoneInfo("UTC")


# --- done when: trials, one-time charges and prorations ------------------------------------


def test_trial_one_time_and_proration_raise_no_gap_and_are_listed_with_their_money(
    files: tuple[Path, Path],
) -> None:
    result = run_files(*files)
    products = {g.product for g in result.gaps}
    assert products == {"Microsoft 365 Business Premium", "Exchange Online (Plan 1)"}
    listed = {(e.charge, e.product, e.seats, e.amount) for e in result.summary.not_recurring}
    assert listed == {
        (Charge.TRIAL, "Microsoft 365 E5", Decimal(25), Decimal("0.00")),
        (Charge.ONE_TIME, "Windows 11 Pro Upgrade", Decimal(2), Decimal("198.00")),
        (Charge.PRORATION, "Microsoft 365 Business Standard", Decimal(2), Decimal("25.00")),
    }
    vendor_file = result.summary.files[0]
    assert vendor_file.skipped == {"trial": 1, "one-time charge": 1, "proration": 1}
    doc = result_to_dict(result)["summary"]
    assert doc["not_recurring_totals"]["one_time"] == {
        "lines": 1,
        "seats": 2,
        "amount": {"USD": "198.00"},
    }
    assert "Not compared (not recurring seats):" in render_table(result)


# --- done when: every over-bought gap says by when ------------------------------------------


def test_each_over_bought_gap_shows_its_term_end_and_reduce_until(
    files: tuple[Path, Path],
) -> None:
    gaps = {g.product: g for g in run_files(*files).gaps}
    annual = gaps["Microsoft 365 Business Premium"]
    assert (annual.kind, annual.seat_delta, annual.term) == (
        GapKind.QUANTITY_MISMATCH,
        Decimal(2),
        "annual",
    )
    # Bought 30 Nov: the 168-hour window's last whole day is 6 Dec; the term ends in a year.
    assert annual.term_end == dt.date(2027, 11, 29)
    assert annual.reduce_possible_until == annual.act_by == dt.date(2026, 12, 6)
    # Billing 2 more at $30 to the term's end, or reducing 2 at $22 inside the window.
    cent = Decimal("0.01")
    assert annual.bill_recovers == (Decimal("60.00") * 361 * 12 / 365).quantize(cent)
    assert annual.reduce_saves == (Decimal("44.00") * 361 * 12 / 365).quantize(cent)
    assert "inside the cancellation window" in annual.why

    monthly = gaps["Exchange Online (Plan 1)"]
    assert monthly.term == "monthly"
    # Its window closed on 26 Nov; a reduction now takes effect at the renewal on 20 Dec.
    assert monthly.term_end == monthly.reduce_possible_until == dt.date(2026, 12, 19)
    assert monthly.reduce_saves == Decimal("8.00")  # 2 seats x $4 over the next month
    assert "takes effect at renewal" in monthly.why


def test_money_fields_are_exact_cents(files: tuple[Path, Path]) -> None:
    for gap in run_files(*files).gaps:
        for money in (gap.bill_recovers, gap.reduce_saves):
            assert money is None or money == money.quantize(Decimal("0.01"))


def test_deadline_fields_in_json_csv_and_table(files: tuple[Path, Path]) -> None:
    result = run_files(*files)
    row = next(g for g in result_to_dict(result)["gaps"] if g["term"] == "annual")
    assert (row["term_end"], row["reduce_possible_until"], row["act_by"]) == (
        "2027-11-29",
        "2026-12-06",
        "2026-12-06",
    )
    header = render_csv(result.gaps).splitlines()[0].split(",")
    assert {"act_by", "reduce_possible_until", "term_end", "currency"} <= set(header)
    table = render_table(result)
    assert "Act by" in table and "2026-12-06 (2d)" in table


# --- done when: escalated once, and in the digest --------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Store:
    clock = FakeClock(datetime(2026, 12, 4, 9, 0, tzinfo=UTC))
    return Store.open(tmp_path / "recon.db", clock=clock)


def test_the_gap_whose_window_closes_in_3_days_is_escalated_once_and_in_the_digest(
    store: Store, files: tuple[Path, Path]
) -> None:
    store.record_run(run_files(*files))
    store.set_owner("Acme Corp", slack_user="U0AM00001", billing_owner="U0BO00001", by="admin")
    # The annual gap is $60/mo, under the $100 threshold: the closing window alerts anyway.
    store.set_setting("threshold", "1000", by="admin")
    plan = plan_from_store(store)
    [alert] = plan.alerts
    assert alert.recipients.users == ("U0AM00001", "U0BO00001")
    closing = [w for w in alert.gaps if w.reason is AlertReason.WINDOW_CLOSING]
    assert [w.gap.product for w in closing] == ["Microsoft 365 Business Premium"]
    store.record_alerts(sent_alerts(alert))
    again = plan_from_store(store)
    assert all(w.reason is not AlertReason.WINDOW_CLOSING for a in again.alerts for w in a.gaps)

    digest = build_digest(store)
    soon = [(r.product, r.seats, r.reduce_possible_until, r.window) for r in digest.renewals]
    assert soon == [
        ("Microsoft 365 Business Premium", Decimal(2), dt.date(2026, 12, 6), True),
        ("Exchange Online (Plan 1)", Decimal(2), dt.date(2026, 12, 19), False),
    ]
    assert digest.renewals_at_stake == sum(
        (g.reduce_saves or Decimal(0) for g in store.gaps()), Decimal(0)
    )


def test_reminders_follow_the_setting(store: Store, files: tuple[Path, Path]) -> None:
    store.record_run(run_files(*files))
    store.set_setting("threshold", "1000", by="admin")
    store.set_setting("reminder_days", "1", by="admin")
    assert plan_from_store(store).alerts == ()  # 6 Dec is 2 days away: not yet


def test_a_stored_gap_keeps_its_commitment(store: Store, files: tuple[Path, Path]) -> None:
    store.record_run(run_files(*files))
    stored = {g.product: g for g in store.gaps()}["Microsoft 365 Business Premium"]
    assert (stored.term, stored.term_end, stored.act_by, stored.currency) == (
        "annual",
        dt.date(2027, 11, 29),
        dt.date(2026, 12, 6),
        "USD",
    )
    assert stored.as_json()["reduce_possible_until"] == "2026-12-06"


# --- done when: one SKU on two terms ----------------------------------------------------------

BP = "Microsoft 365 Business Premium"
TWO_TERMS = [{"term_months": 12}, {"term_months": 1}]


def test_one_sku_on_two_terms_billed_as_two_psa_products_is_two_comparisons() -> None:
    vendor = make_lines(
        Side.VENDOR, [("Acme", BP, 10, "22"), ("Acme", BP, 3, "26")], terms=TWO_TERMS
    )
    psa = make_lines(
        Side.PSA, [("Acme", f"{BP} - Annual", 10, "30"), ("Acme", f"{BP} - Monthly", 2, "33")]
    )
    result = reconcile(vendor, psa, as_of=AS_OF)
    [gap] = result.gaps
    assert (gap.product, gap.kind, gap.seat_delta, gap.psa_unit_price) == (
        f"{BP} (monthly term)",
        GapKind.QUANTITY_MISMATCH,
        Decimal(1),
        Decimal("33.0000"),
    )
    assert gap.vendor_unit_cost == Decimal("26.0000")  # the monthly term's own cost
    assert "compared per term" in gap.why
    seats = {r.product: (r.vendor_qty_milli, r.psa_qty_milli) for r in result.seats.itertuples()}
    assert seats == {
        f"{BP} (annual term)": (10_000, 10_000),
        f"{BP} (monthly term)": (3_000, 2_000),
    }


def test_one_sku_on_two_terms_billed_on_one_psa_line_compares_the_total() -> None:
    vendor = make_lines(
        Side.VENDOR, [("Acme", BP, 10, "22"), ("Acme", BP, 3, "26")], terms=TWO_TERMS
    )
    psa = make_lines(Side.PSA, [("Acme", BP, 12, "30")])
    [gap] = reconcile(vendor, psa, as_of=AS_OF).gaps
    assert (gap.product, gap.seat_delta, gap.term) == (BP, Decimal(1), "annual + monthly")
    assert "the total is compared" in gap.why


# --- done when: currencies --------------------------------------------------------------------


def test_two_currencies_never_make_a_price_below_cost_gap() -> None:
    vendor = make_lines(Side.VENDOR, [("Acme", BP, 10, "30")], terms=[{"currency": "EUR"}])
    psa = make_lines(Side.PSA, [("Acme", BP, 10, "25")], terms=[{"currency": "USD"}])
    result = reconcile(vendor, psa, as_of=AS_OF)
    assert result.gaps == ()  # 30 EUR against 25 USD is not a comparison
    [pair] = result.summary.currency_pairs
    assert (pair.vendor_currency, pair.psa_currency, pair.rate) == ("EUR", "USD", None)


def test_an_admin_rate_converts_the_vendor_cost_and_is_named() -> None:
    vendor = make_lines(Side.VENDOR, [("Acme", BP, 10, "30")], terms=[{"currency": "EUR"}])
    psa = make_lines(Side.PSA, [("Acme", BP, 10, "25")], terms=[{"currency": "USD"}])
    rates = {("EUR", "USD"): Decimal("1.10")}
    [gap] = reconcile(vendor, psa, as_of=AS_OF, rates=rates).gaps
    assert gap.kind is GapKind.PRICE_BELOW_COST
    assert gap.vendor_unit_cost == Decimal("33.0000")
    assert gap.monthly_impact == Decimal("80.00")  # (33 - 25) x 10
    assert "converted from EUR to USD at 1.10" in gap.why


def test_seat_gaps_across_currencies_are_priced_only_in_the_psa_currency() -> None:
    vendor = make_lines(Side.VENDOR, [("Acme", BP, 12, "30")], terms=[{"currency": "EUR"}])
    psa = make_lines(Side.PSA, [("Acme", BP, 10, "0")], terms=[{"currency": "USD"}])
    [gap] = reconcile(vendor, psa, as_of=AS_OF).gaps
    # Billed at $0 (bundled): the EUR cost can't price it in USD, so it is left unpriced.
    assert (gap.kind, gap.monthly_impact, gap.currency) == (
        GapKind.QUANTITY_MISMATCH,
        Decimal("0.00"),
        "USD",
    )
    assert "prices not compared" in gap.why


# --- the rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("1 Year, Monthly", 12),
        ("3 Years, Annual", 36),
        ("1 Month, Monthly", 1),
        ("P1Y", 12),
        ("P1M", 1),
        ("1-Year", 12),
        ("Annual commitment, monthly billing", 12),
        ("Monthly billing", None),
        ("One-Time", None),
        ("$4 per user per month", None),
    ],
)
def test_term_months(text: str, months: int | None) -> None:
    assert term_months(text) == months


@pytest.mark.parametrize(
    ("name", "months"),
    [("M365 BP - Annual", 12), ("Exchange (Monthly)", 1), ("Backup per user per month", 0)],
)
def test_term_hint_of_a_psa_product(name: str, months: int) -> None:
    assert term_hint(name) == months


def day(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


def test_an_expired_term_end_rolls_forward_while_it_auto_renews() -> None:
    end, until, is_open = deadline(
        12, day("2024-03-01"), day("2025-02-28"), 0, 1, as_of=AS_OF, window_hours=168
    )
    assert (dt.date.fromordinal(end), dt.date.fromordinal(until), is_open) == (
        dt.date(2027, 2, 28),
        dt.date(2027, 2, 28),
        False,
    )


def test_the_source_s_own_cancellation_date_wins() -> None:
    _, until, is_open = deadline(
        12, day("2026-12-01"), day("2027-11-30"), day("2026-12-10"), 1, as_of=AS_OF,
        window_hours=168,
    )  # fmt: skip
    assert (dt.date.fromordinal(until), is_open) == (dt.date(2026, 12, 10), True)


def test_a_policy_change_is_a_one_line_edit() -> None:
    rules = parse_rules("policy,term,window_hours\nmicrosoft,*,72\nmicrosoft,1,term\n")
    assert rules.window_hours("microsoft", 12) == 72
    assert rules.window_hours("microsoft", 1) == ANY_TIME
    assert rules.window_hours("somebody", 12) == 0


# --- recon explain ----------------------------------------------------------------------------


def test_explain_says_what_to_do_by_when(files: tuple[Path, Path], tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    vendor, psa = (str(f) for f in files)
    ran = CliRunner().invoke(cli, ["reconcile", vendor, psa, "--db", db, "--as-of", "2026-12-04"])
    assert ran.exit_code == 0, ran.output
    shown = CliRunner().invoke(cli, ["explain", "Acme Corp", "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "what to do, by when" in shown.output
    assert (
        "Microsoft 365 Business Premium, annual term ending 2027-11-29: bill 2 more "
        "(recovers $712.11), or reduce by 2 in the cancellation window until 2026-12-06"
    ) in shown.output
    assert "reduce by 2 at renewal until 2026-12-19" in shown.output
    doc = json.loads(
        CliRunner().invoke(cli, ["explain", "Acme Corp", "--db", db, "--format", "json"]).output
    )
    assert [d["act_by"] for d in doc["deadlines"]] == ["2026-12-06", "2026-12-19"]


def test_the_admins_fx_rates_setting_reaches_a_cli_run(tmp_path: Path) -> None:
    """Two currencies are flagged, not compared, until `fx_rates` names a rate; then the run
    converts the vendor cost at it and says so in `why`."""
    vendor = write(tmp_path / "nce.csv", NCE, [
        nce_row("CFQ7TTC0LCHC", BP, "cycleCharge", "30.00", 10, "s-bp", DEC, "1 Year, Monthly",
                "Monthly", ("6/1/2026", "5/31/2027"), currency="EUR"),
    ])  # fmt: skip
    psa = write(
        tmp_path / "psa.csv",
        [*PSA_HEADER, "Currency"],
        [["Acme Corp", BP, "10", "30.00", "USD"]],
    )
    db = str(tmp_path / "fx.db")
    args = ["reconcile", str(vendor), str(psa), "--db", db, "--as-of", "2026-12-04"]

    flagged = CliRunner().invoke(cli, args)
    assert flagged.exit_code == 0, flagged.output
    assert "vendor EUR, PSA USD: prices not compared" in flagged.stdout
    assert "Gaps: 0" in flagged.stdout

    rate = CliRunner().invoke(cli, ["settings", "set", "fx_rates", "EUR:USD=1.10", "--db", db])
    assert rate.exit_code == 0, rate.output
    converted = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert converted.exit_code == 0, converted.output
    [gap] = json.loads(converted.stdout)["gaps"]
    assert (gap["kind"], gap["monthly_impact"]) == ("price_below_cost", "30.00")
    assert "vendor cost converted from EUR to USD at 1.10 (the rate an admin set)" in gap["why"]


def test_the_gap_list_says_by_when_each_open_gap_can_still_be_acted_on(
    store: Store, files: tuple[Path, Path]
) -> None:
    """The reminder's words stay in `recon gaps`: the status alone says new or open."""
    store.record_run(run_files(*files))
    by_product = {g.product: g for g in store.gaps()}
    store.resolve(by_product["Exchange Online (Plan 1)"].id, by="admin")
    listed = render_gaps(
        store.gaps(status="all"), UTC_ZONE, status="all", now=store.now(), escalation_days=7
    )
    rows = {line.split()[0]: line for line in listed.splitlines()[2:] if line[:3].strip()}
    assert "act by 2026-12-06 (2 days left)" in rows[str(by_product[BP].id)]
    assert "act by" not in rows[str(by_product["Exchange Online (Plan 1)"].id)]  # resolved
