"""Settings: defaults, validation, per-client thresholds, and the log of every change."""

from __future__ import annotations

from decimal import Decimal

import pytest

from recon.errors import Conflict, NotFound, UsageError
from recon.store import Action, Settings, Store
from tests.recon.store.build import make_gap, make_result

U1 = "U0AAAAAAA"


def test_defaults_need_no_configuration(store: Store) -> None:
    assert store.settings() == Settings()
    assert store.setting("threshold") == Decimal("100.00")
    assert store.setting("timezone") == "UTC"
    assert store.setting("grace_days") == 7
    assert store.setting("escalation_days") == 14
    assert store.setting("billing_channel") is None


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        ("threshold", "250", Decimal("250.00")),
        ("threshold", "$1,000.50", Decimal("1000.50")),
        ("threshold", "0", Decimal("0.00")),
        ("billing_channel", "C0123ABCD", "C0123ABCD"),
        ("billing_channel", "#billing-alerts", "#billing-alerts"),
        ("timezone", "America/New_York", "America/New_York"),
        ("grace_days", "0", 0),
        ("escalation_days", "21", 21),
    ],
)
def test_valid_values_are_stored_in_canonical_form(
    store: Store, key: str, value: str, stored: object
) -> None:
    assert store.set_setting(key, value, by=U1) == stored
    assert store.setting(key) == stored


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("threshold", "lots", "an amount"),
        ("threshold", "-5", "zero or more"),
        ("threshold", "10.005", "at most 2 decimals"),
        ("threshold", "NaN", "zero or more"),
        ("billing_channel", "billing", "Slack channel"),
        ("timezone", "Mars/Olympus", "IANA time zone"),
        ("timezone", "../etc/passwd", "IANA time zone"),
        ("grace_days", "seven", "whole number"),
        ("grace_days", "-1", "between 0 and 365"),
        ("escalation_days", "0", "between 1 and 365"),
        ("colour", "blue", "unknown setting 'colour'"),
    ],
)
def test_invalid_values_are_refused_and_change_nothing(
    store: Store, key: str, value: str, message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        store.set_setting(key, value, by=U1)
    assert store.settings() == Settings()
    assert store.decisions() == []


def test_per_client_threshold_overrides_the_global_one(store: Store) -> None:
    store.record_run(make_result(make_gap("Acme Corp"), make_gap("Wayne Enterprises")))
    store.set_setting("threshold", "250", by=U1)
    assert store.set_setting("threshold", "20", by=U1, client="acme") == Decimal("20.00")
    assert store.threshold_for("acme") == Decimal("20.00")
    assert store.threshold_for("wayne ent") == Decimal("250.00")
    assert store.settings().threshold_overrides == {"acme": Decimal("20.00")}
    store.set_setting("threshold", "default", by=U1, client="Acme Corp")
    assert store.threshold_for("acme") == Decimal("250.00")


def test_only_the_threshold_is_per_client(store: Store) -> None:
    store.record_run(make_result(make_gap("Acme Corp")))
    with pytest.raises(UsageError, match="can't be set per client"):
        store.set_setting("timezone", "Europe/London", by=U1, client="Acme")
    with pytest.raises(NotFound):
        store.set_setting("threshold", "5", by=U1, client="Gotham")


def test_setting_the_same_value_twice_is_a_conflict(store: Store) -> None:
    store.set_setting("grace_days", "10", by=U1)
    with pytest.raises(Conflict, match="grace_days is already '10'"):
        store.set_setting("grace_days", " 10 ", by=U1)
    with pytest.raises(Conflict, match="its default"):
        store.set_setting("timezone", "default", by=U1)


def test_every_change_is_logged_with_before_and_after(store: Store) -> None:
    store.set_setting("threshold", "250", by=U1)
    store.set_setting("threshold", "default", by="U0BBBBBBB")
    reset, first = store.decisions()
    assert (first.action, first.by, first.before, first.after) == (
        Action.SET_SETTING,
        U1,
        {"value": None},
        {"value": "250.00"},
    )
    assert (reset.by, reset.before, reset.after) == (
        "U0BBBBBBB",
        {"value": "250.00"},
        {"value": None},
    )
    assert store.setting("threshold") == Decimal("100.00")
