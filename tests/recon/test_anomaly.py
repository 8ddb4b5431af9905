"""The anomaly rules: quiet on normal churn, and each pattern flagged with its explanation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from recon.anomaly import (
    RUN_AT,
    RUN_ID,
    Anomaly,
    AnomalyRule,
    AnomalySettings,
    ExpectedMark,
    Period,
    Severity,
    detect_anomalies,
    history_note,
    latest_seats,
    prices_from_gaps,
    settle_expected,
    summary_lines,
)
from recon.model import SeatCol, Side, UnmappedProduct
from tests.recon.store.build import make_gap

Seats = Sequence[float | None]  # one value per run; None: that run had no row for the series


START = datetime(2025, 1, 2, 7, tzinfo=UTC)


def run_at(run: int, days: float = 30.44) -> datetime:
    """When run ``run`` (from 1) was made: ``days`` apart (monthly by default)."""
    return START + timedelta(days=days * (run - 1))


def history(
    series: Mapping[tuple[str, str], tuple[Seats, Seats]], *, days: float = 30.44
) -> pd.DataFrame:
    """A seat-history frame from {(client, product): (vendor seats, PSA seats)} per run, the
    runs ``days`` apart (monthly by default)."""
    rows = []
    for (client, product), (vendor, psa) in series.items():
        for run, (v, p) in enumerate(zip(vendor, psa, strict=True), start=1):
            if v is not None and p is not None:
                key = (client.casefold(), product.casefold())
                rows.append(
                    (
                        run,
                        run_at(run, days),
                        *key,
                        client,
                        product,
                        round(v * 1000),
                        round(p * 1000),
                    )
                )
    return pd.DataFrame(rows, columns=[RUN_ID, RUN_AT, *SeatCol.ALL])


def churn(seed: int, series: int, runs: int) -> pd.DataFrame:
    """Normal monthly churn on 20-50 seats, as an MSP sees it.

    Each run: no change 45%, +-1 seat 35%, +-2 seats 15%, a hire of 1-3 seats 5%. The PSA
    follows the vendor, a run late a quarter of the time, and bills 1 seat more or fewer
    than bought for a third of the clients.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(series):
        level = int(rng.integers(20, 51))
        offset = int(rng.choice([0, 0, 0, 0, -1, 1]))
        psa = level + offset
        for run in range(1, runs + 1):
            if run > 1:
                r = rng.random()
                step = (
                    0
                    if r < 0.45
                    else 1
                    if r < 0.65
                    else -1
                    if r < 0.80
                    else 2
                    if r < 0.88
                    else -2
                    if r < 0.95
                    else int(rng.integers(1, 4))
                )
                level = max(level + step, 1)
                if rng.random() < 0.75:
                    psa = level + offset
            rows.append(
                (run, run_at(run), f"c{s}", "p", f"Client {s}", "M365", level * 1000, psa * 1000)
            )
    return pd.DataFrame(rows, columns=[RUN_ID, RUN_AT, *SeatCol.ALL])


def after_each_run(frame: pd.DataFrame) -> list[Anomaly]:
    """What every run would have reported, the way runs see it: only the history so far."""
    found: list[Anomaly] = []
    for run in sorted(frame[RUN_ID].unique()):
        found += detect_anomalies(frame[frame[RUN_ID] <= run])
    return found


def only(found: list[Anomaly]) -> Anomaly:
    assert len(found) == 1, [a.explanation for a in found]
    return found[0]


STEADY = [20, 21, 20, 20, 21, 20, 21, 20, 20, 21, 20]


# False alarms: the bar.


def test_normal_churn_raises_no_anomaly_in_200_series_over_12_runs() -> None:
    # Every run of every series is checked as it happened (2,400 series-runs): zero flags.
    assert after_each_run(churn(seed=7, series=200, runs=12)) == []


def test_normal_churn_false_alarm_rate_stays_below_one_in_five_thousand_series_runs() -> None:
    found = after_each_run(churn(seed=11, series=2_000, runs=12))  # 24,000 series-runs
    # No high or medium anomaly at all; the low-severity stall rule at most 1 in 5,000.
    assert [a for a in found if a.severity is not Severity.LOW] == []
    assert len(found) <= 24_000 // 5_000


# One seeded history per rule.


GROWER = [20, 24, 27, 32, 35, 39, 43, 43, 43]  # 3-5 seats a month for six months, then none


def test_a_steady_grower_that_stops_is_flagged_in_its_second_flat_month() -> None:
    frame = history({("Acme", "M365 E3"): (GROWER, [20] * 9)})
    assert detect_anomalies(frame[frame[RUN_ID] <= 8]) == []  # the first flat month: quiet
    a = only(detect_anomalies(frame, prices={("acme", "m365 e3"): Decimal("36.00")}))
    assert (a.rule, a.sides, a.severity) == (AnomalyRule.GROWTH_STOPPED, (Side.VENDOR,), "low")
    assert a.explanation.startswith(
        "Seats at the vendor rose in 6 of the last 6 months (20 -> 43, about 4 seats a month), "
        "but have not risen for 61 days, since 2025-07-03."
    )
    assert a.usual == (
        "a rise of about 4 seats a month, one every 30 days; no rise for over 40 days is news"
    )
    assert a.since == run_at(7)  # the run that first saw 43
    assert a.period is Period.MONTH
    assert a.periods == (
        "2025-02",
        "2025-03",
        "2025-04",
        "2025-05",
        "2025-06",
        "2025-07",
        "2025-08",
        "2025-09",
    )
    assert a.vendor_seats == tuple(Decimal(n) for n in GROWER[1:])
    assert a.run_ids == (2, 3, 4, 5, 6, 7, 8, 9)
    assert a.key == "acme|m365 e3|growth_stopped"
    assert a.seats == 4  # the usual rise a month
    assert a.money_at_stake == Decimal("144.00")
    assert a.details["vendor"]["stall_days"] == 60.9
    assert a.details["vendor"]["last_rise"] == "2025-07-03"


@pytest.mark.parametrize(
    "seats",
    [
        [20, 21, 22, 23, 24, 25, 26, 26, 26],  # a seat a month: too small to be news
        [20, 24, 27, 32, 35, 39, 43, 43, 44],  # it rose again
        [20, 24, 27, 26, 24, 27, 31, 31, 31],  # rose in half the months only
        [20, 21, 22, 36, 37, 38, 39, 39, 39],  # one big step, not steady growth
        [20, 24, 28, 32, 35, 37, 38, 38, 38],  # slowed down into a (seasonal) peak
        [20, 24, 27, 32, 35, 39, 43, 40, 43],  # ebbed and came back: not a stall
    ],
    ids=["small", "rose-again", "not-most-months", "one-step", "slowed-down", "ebbed"],
)
def test_what_is_not_a_stalled_steady_grower(seats: list[int]) -> None:
    found = detect_anomalies(history({("Acme", "M365 E3"): (seats, seats)}))
    assert [a for a in found if a.rule is AnomalyRule.GROWTH_STOPPED] == []


def test_growth_on_both_sides_that_stops_is_one_anomaly_told_once() -> None:
    grew = [10, 13, 17, 20, 24, 27, 30, 30, 30]
    a = only(detect_anomalies(history({("Acme", "EDR"): (grew, grew)})))
    assert a.sides == (Side.VENDOR, Side.PSA)
    assert a.explanation.startswith(
        "Seats at the vendor and in the PSA rose in 6 of the last 6 months (10 -> 30, about "
        "3 seats a month), but have not risen for 61 days"
    )
    assert a.usual.startswith("a rise of about 3 seats a month")  # told once, not per side


def test_a_daily_puller_s_grower_is_told_in_months_and_flagged_within_six_weeks() -> None:
    # Daily pulls; 4 seats land on the 10th day of each of six months, then nothing.
    days = 260
    seats = [20 + 4 * min(6, (d + 20) // 30) for d in range(days)]
    frame = history({("Acme", "E3"): (seats, seats)}, days=1)
    last_rise = max(d for d in range(1, days) if seats[d] > seats[d - 1])
    assert detect_anomalies(frame[frame[RUN_ID] <= last_rise + 31]) == []
    found = [
        d
        for d in range(last_rise + 32, last_rise + 43)
        if detect_anomalies(frame[frame[RUN_ID] <= d + 1])
    ]
    assert found and found[0] <= last_rise + 42
    a = only(detect_anomalies(frame[frame[RUN_ID] <= found[0] + 1]))
    assert a.period is Period.MONTH and a.periods[-1] == "2025-07"


def test_erratic_swings_without_other_clients_to_compare_are_flagged_on_size() -> None:
    psa = [20, 20, 21, 20, 20, 21, 20, 35, 18, 34, 19]
    a = only(detect_anomalies(history({("Wayne", "Intune"): (STEADY, psa)})))
    assert (a.rule, a.sides, a.severity) == (AnomalyRule.ERRATIC, (Side.PSA,), "medium")
    assert a.explanation == (
        "Seats in the PSA swung up and down by up to 17 over the last 4 months "
        "(20 -> 35 -> 18 -> 34 -> 19); there are too few other clients to compare with yet, "
        "so 4 seats or more counted as big here. "
        "Swings like this are often a licence-provisioning problem."
    )
    assert a.bands["psa"] == (Decimal(18), Decimal(35))
    assert a.since == run_at(8)  # the first big swing


WILD = [20, 32, 19, 33, 20, 31, 18, 34, 19, 33, 20]
PEERS = {(f"Peer {n}", "Intune"): ([10 + n] * 11, [10 + n] * 11) for n in range(5)}


@pytest.mark.parametrize("months", [4, 11])
def test_a_series_swinging_from_its_first_month_is_erratic_next_to_steady_peers(
    months: int,
) -> None:
    frame = history(
        {("Wayne", "Intune"): (WILD[:months], WILD[:months])}
        | {k: (v[:months], p[:months]) for k, (v, p) in PEERS.items()}
    )
    a = only(detect_anomalies(frame))
    assert (a.rule, a.client) == (AnomalyRule.ERRATIC, "Wayne")
    assert a.usual == (
        "for Intune at 5 other clients, at least 9 in 10 months bring no change at all, and "
        + "4 "
        + "seats or more counted as big here"
    )
    assert detect_anomalies(frame[frame[RUN_ID] <= 3]) == []  # three months are not enough


def test_a_product_that_swings_at_every_client_is_not_erratic() -> None:
    swinging = {
        (f"Client {n}", "Azure backup seats"): (
            [w + n for w in WILD[n % 2 :] + WILD[:1]][:11],
            [w + n for w in WILD[n % 2 :] + WILD[:1]][:11],
        )
        for n in range(6)
    }
    assert detect_anomalies(history(swinging)) == []


def test_a_consumption_product_is_never_erratic() -> None:
    # The catalogue says the Azure plan is billed on consumption, not seats.
    frame = history({("Wayne", "Azure plan"): (WILD, WILD)})
    frame[SeatCol.PRODUCT_KEY] = "cat:ms-azure-plan"
    assert detect_anomalies(frame) == []


def test_a_jump_on_one_side_the_other_did_not_follow_is_flagged() -> None:
    vendor = [24, 24, 25, 24, 24, 24, 25, 24, 36]
    psa = [24, 24, 25, 24, 24, 24, 25, 24, 24]
    a = only(detect_anomalies(history({("Acme", "M365 BP"): (vendor, psa)})))
    assert (a.rule, a.sides, a.severity) == (AnomalyRule.ONE_SIDED_JUMP, (Side.VENDOR,), "high")
    assert a.explanation == (
        "Seats at the vendor jumped from 24 to 36 (+12) in the latest run, but seats in the "
        "PSA stayed at 24; the difference between the sides grew from 0 to 12. Before that, "
        "seats at the vendor usually moved by about 1.5 seats a month."
    )
    assert a.usual == "vendor usually moved by about 1.5 seats a month; a jump is 5.9 seats or more"
    assert a.since == run_at(9)
    assert a.seats == 12


@pytest.mark.parametrize(
    ("vendor", "psa"),
    [
        ([24, 24, 25, 24, 24, 36], [24, 24, 25, 24, 24, 35]),  # both sides moved together
        ([30, 30, 30, 30, 30, 30], [24, 24, 24, 24, 24, 30]),  # the PSA caught up with the vendor
        ([24, 24, 25, 24, 24, 27], [24, 24, 25, 24, 24, 24]),  # +3: below 5 seats
    ],
    ids=["followed", "caught-up", "small"],
)
def test_moves_that_are_followed_caught_up_or_small_are_not_jumps(
    vendor: list[int], psa: list[int]
) -> None:
    assert detect_anomalies(history({("Acme", "M365 BP"): (vendor, psa)})) == []


def test_a_product_gone_from_the_psa_is_flagged_with_what_the_vendor_still_charges() -> None:
    frame = history({("Acme", "Defender"): ([20] * 5, [20, 20, 20, 20, 0])})
    a = only(detect_anomalies(frame, prices={("acme", "defender"): Decimal("3.00")}))
    assert (a.rule, a.sides, a.key) == (AnomalyRule.VANISHED, (Side.PSA,), "acme|defender|vanished")
    assert a.explanation.startswith(
        "Defender had seats in the PSA in each of the 4 months before this one (20 in the last of "
        "them) but has none now, while the vendor still charges 20 seats."
    )
    assert (a.seats, a.money_at_stake) == (20, Decimal("60.00"))


def test_a_client_gone_from_one_export_is_one_anomaly_for_the_client() -> None:
    frame = history(
        {
            ("Acme", "E3"): ([10] * 4, [10, 10, 10, 0]),
            ("Acme", "EDR"): ([5] * 4, [5, 5, 5, 0]),
            ("Wayne", "E3"): ([7] * 4, [7] * 4),
        }
    )
    a = only(detect_anomalies(frame, prices={("acme", "e3"): Decimal("30.00")}))
    assert (a.key, a.client, a.product) == ("acme|*|vanished", "Acme", "all products")
    assert a.explanation.startswith(
        "Acme is gone from the PSA export entirely: it had seats there in each of the 3 months "
        "before this one (15 across 2 products just before), while the vendor still charges "
        "15 seats."
    )
    assert a.psa_seats[-1] == 0 and a.vendor_seats[-1] == 15
    # Only E3 has a price: the money says so.
    assert a.money_at_stake == Decimal("300.00")
    assert "Money counts the 1 of 2 products with a known price." in a.explanation


def test_a_product_gone_for_several_clients_is_one_anomaly_for_the_product() -> None:
    frame = history(
        {
            ("Acme", "Teams"): ([7] * 4, [7, 7, 7, 0]),
            ("Wayne", "Teams"): ([8] * 4, [8, 8, 8, 0]),
            ("Acme", "E3"): ([3] * 4, [3] * 4),
        }
    )
    a = only(detect_anomalies(frame))
    assert (a.key, a.client) == ("*|teams|vanished", "all clients")
    assert a.explanation.startswith("Teams is gone from the PSA export for both clients")


def test_a_product_the_vendor_export_dropped_is_flagged_from_the_unmapped_list() -> None:
    carried = {("Acme", "E3"): ([10] * 5, [10] * 5), ("Wayne", "E3"): ([4] * 5, [4] * 5)}
    dropped = {("Acme", "Teams"): ([6, 6, 6, 6, None], [6, 6, 6, 6, None])}
    unmapped = [UnmappedProduct("Teams", "teams", 1, Decimal(6), Decimal("24.00"))]
    a = only(detect_anomalies(history(carried | dropped), unmapped=unmapped))
    assert (a.key, a.sides, a.money_at_stake) == ("*|teams|vanished", (Side.VENDOR,), 24)
    assert a.explanation.startswith(
        "Teams is gone from the vendor export: the vendor charged for it in each of the 4 months "
        "that carried it (6 seats in the last), but this run's vendor file has no line for it, "
        "while the PSA still bills 6 seats to 1 client (listed as unmapped)."
    )
    assert a.vendor_seats[-1] == 0 and a.psa_seats[-1] == 6


def test_a_run_of_another_vendors_file_is_not_a_dropped_product() -> None:
    # Runs 1-4 read Microsoft's file, run 5 Pax8's: Microsoft's products are not "gone".
    frame = history(
        {
            ("Acme", "E3"): ([10] * 4 + [None], [10] * 4 + [None]),
            ("Acme", "Teams"): ([6] * 4 + [None], [6] * 4 + [None]),
            ("Acme", "Huntress"): ([None] * 4 + [9], [None] * 4 + [9]),
        }
    )
    unmapped = [UnmappedProduct("Teams", "teams", 1, Decimal(6), Decimal("24.00"))]
    assert detect_anomalies(frame, unmapped=unmapped) == []


def test_runs_that_did_not_see_a_series_are_skipped() -> None:
    # Every other run came from another vendor: the series is judged on the runs that saw it.
    gap = [None] * 8
    vendor = [x for pair in zip([24] * 8, gap, strict=True) for x in pair] + [36]
    psa = [x for pair in zip([24] * 8, gap, strict=True) for x in pair] + [24]
    a = only(detect_anomalies(history({("Acme", "E3"): (vendor, psa)})))
    assert a.rule is AnomalyRule.ONE_SIDED_JUMP
    assert a.run_ids == (3, 5, 7, 9, 11, 13, 15, 17)  # the runs that saw it, latest last


# Minimum history.

SHAPES = {
    AnomalyRule.GROWTH_STOPPED: ([20, 24, 27, 32, 35, 39, 39, 39], [20] * 8),
    AnomalyRule.ERRATIC: ([20] * 4, [20, 35, 18, 34]),
    AnomalyRule.ONE_SIDED_JUMP: ([24, 24, 24, 36], [24, 24, 24, 24]),
    AnomalyRule.VANISHED: ([20, 20, 20, 20], [20, 20, 20, 0]),
}


@pytest.mark.parametrize("rule", list(AnomalyRule))
def test_each_rule_fires_with_exactly_its_minimum_history(rule: AnomalyRule) -> None:
    vendor, psa = SHAPES[rule]
    assert (len(vendor), Period.MONTH) == AnomalySettings().min_history(rule, Period.MONTH)
    assert [a.rule for a in detect_anomalies(history({("Acme", "E3"): (vendor, psa)}))] == [rule]


@pytest.mark.parametrize("rule", list(AnomalyRule))
def test_each_rule_is_silent_with_one_run_less(rule: AnomalyRule) -> None:
    vendor, psa = SHAPES[rule]
    assert detect_anomalies(history({("Acme", "E3"): (vendor[1:], psa[1:])})) == []


def test_minimum_history_per_rule_is_stated() -> None:
    cfg = AnomalySettings()
    assert {rule.value: cfg.min_history(rule, Period.DAY) for rule in AnomalyRule} == {
        "growth_stopped": (8, Period.MONTH),
        "erratic": (4, Period.MONTH),
        "one_sided_jump": (4, Period.DAY),
        "vanished": (4, Period.DAY),
    }
    assert history_note(3) == (
        "Only 3 months of history so far: erratic needs 4 months, one_sided_jump needs 4 "
        "months, vanished needs 4 months, growth_stopped needs 8 months before it can fire."
    )
    assert history_note(10, Period.DAY, 1) == (
        "Only 10 days (1 month) of history so far: erratic needs 4 months, growth_stopped "
        "needs 8 months before it can fire."
    )
    assert history_note(8) == ""


# Money, order, rendering.


def test_prices_come_from_the_runs_gaps_with_a_zero_psa_price_meaning_cost() -> None:
    gaps = [
        make_gap("Acme Corp", "EDR", unit_cost="4.00", unit_price="6.50"),
        make_gap("Wayne", "EDR", unit_cost="4.00", unit_price="0"),
        make_gap("Gotham", "EDR", unit_cost="4.00", unit_price=None),
    ]
    prices = prices_from_gaps(gaps)
    assert sorted(prices.values()) == [Decimal("4.00"), Decimal("4.00"), Decimal("6.50")]


def test_anomalies_are_ranked_by_severity_then_money() -> None:
    frame = history(
        {
            ("Acme", "E3"): (GROWER, [20] * 9),
            ("Wayne", "E3"): ([24] * 8 + [36], [24] * 9),
            ("Gotham", "E3"): ([24] * 8 + [40], [24] * 9),
        }
    )
    prices = {("wayne", "e3"): Decimal(10), ("gotham", "e3"): Decimal(1)}
    found = detect_anomalies(frame, prices=prices)
    assert [a.client for a in found] == ["Wayne", "Gotham", "Acme"]  # $120, $16, low


def test_the_reconcile_footer_counts_and_lists_the_most_urgent() -> None:
    frame = history({("Wayne", "E3"): ([24] * 8 + [36], [24] * 9)})
    text = summary_lines(detect_anomalies(frame, prices={("wayne", "e3"): Decimal(10)}))
    assert text.startswith("\nAnomalies in the seat history: 1 (1 high). See `recon anomalies`.")
    assert "high    Wayne / E3, $120.00/mo: Seats at the vendor jumped from 24 to 36" in text
    assert summary_lines([]) == ""


def test_as_json_carries_the_numbers_money_and_key() -> None:
    frame = history({("Wayne", "E3"): ([24] * 8 + [36], [24] * 9)})
    doc = only(detect_anomalies(frame, prices={("wayne", "e3"): Decimal(10)})).as_json()
    assert doc["key"] == "wayne|e3|one_sided_jump" and doc["sides"] == ["vendor"]
    assert doc["vendor_seats"][-2:] == [24, 36] and doc["psa_seats"][-1] == 24
    assert (doc["seats"], doc["unit_price"], doc["money_at_stake"]) == (12, "10.00", "120.00")
    assert doc["details"]["vendor"]["jump_at"] == 5.0 and doc["details"]["history_periods"] == 9
    assert (doc["period"], doc["periods"][-1], doc["since"]) == (
        "month",
        "2025-09",
        run_at(9).isoformat(),
    )
    assert doc["usual"] == "vendor hardly moved; a jump is 5 seats or more"


# Expected marks.

MARKED = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _mark(key: str, vendor: tuple[int, int], psa: tuple[int, int]) -> ExpectedMark:
    bands = {
        "vendor": (Decimal(vendor[0]), Decimal(vendor[1])),
        "psa": (Decimal(psa[0]), Decimal(psa[1])),
    }
    return ExpectedMark(key, "U1", MARKED, "seasonal", 9, bands)


def test_an_expected_anomaly_stays_quiet_while_its_seats_stay_near_the_marked_range() -> None:
    found = detect_anomalies(history({("Wayne", "E3"): ([24] * 8 + [37], [24] * 9)}))
    marks = {found[0].key: _mark(found[0].key, (36, 36), (24, 24))}
    settled, lapsed = settle_expected(found, marks, {})
    assert lapsed == [] and settled[0].expected
    assert settled[0].note == "Marked expected by U1 on 2026-03-02 (seasonal)"


def test_an_expected_mark_lapses_when_the_seats_move_further() -> None:
    found = detect_anomalies(history({("Wayne", "E3"): ([24] * 8 + [44], [24] * 9)}))
    marks = {found[0].key: _mark(found[0].key, (36, 36), (24, 24))}  # 44 > 36 + max(2, 3.6)
    settled, lapsed = settle_expected(found, marks, {})
    assert lapsed == [found[0].key] and not settled[0].expected
    assert "but the seats have moved since" in (settled[0].note or "")


def test_a_mark_lapses_when_its_series_moves_even_if_the_rule_is_quiet() -> None:
    frame = history({("Wayne", "E3"): ([36] * 9, [30] * 9)})
    key = "wayne|e3|one_sided_jump"
    marks = {key: _mark(key, (36, 36), (24, 24))}
    latest = latest_seats(frame, marks)
    assert latest == {key: {"vendor": Decimal(36), "psa": Decimal(30)}}
    assert settle_expected([], marks, latest) == ([], [key])


def test_detection_on_an_empty_history_finds_nothing() -> None:
    assert detect_anomalies(history({})) == []
    counts = Counter(a.rule for a in detect_anomalies(churn(seed=3, series=5, runs=2)))
    assert counts == Counter()


def test_one_line_per_anomaly_for_the_digest() -> None:
    from recon.anomaly import anomaly_line

    vendor = [24, 24, 25, 24, 24, 24, 25, 24, 36]
    psa = [24, 24, 25, 24, 24, 24, 25, 24, 24]
    prices = {("acme", "m365 bp"): Decimal("20.00")}
    a = only(detect_anomalies(history({("Acme", "M365 BP"): (vendor, psa)}), prices=prices))
    assert anomaly_line(a) == (
        "high: Acme / M365 BP, $240.00/mo, since 2025-09-02: Seats at the vendor jumped from "
        "24 to 36 (+12) in the latest run, but seats in the PSA stayed at 24; the difference "
        "between the sides grew from 0 to 12. Expected: vendor usually moved by about 1.5 "
        "seats a month; a jump is 5.9 seats or more."
    )
    assert len(anomaly_line(a, width=60)) == 60 and anomaly_line(a, width=60).endswith("…")
