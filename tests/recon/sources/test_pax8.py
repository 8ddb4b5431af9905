"""The Pax8 connector against a fake Pax8 API on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

import pytest

from recon.errors import SourceError
from recon.model import Col, ExtraCol, Side
from recon.sources import Pax8Settings, Pax8Source, Runtime, canonical_csv
from tests.conftest import FakeClock
from tests.recon.sources.fakes import pax8 as pax8_fake
from tests.recon.sources.fakes.pax8 import FakePax8
from tests.recon.sources.fakes.server import FakeServer


def _rows(lines) -> list[tuple]:
    frame = lines.billable
    return list(
        zip(frame[Col.CLIENT], frame[Col.SKU], frame[Col.QTY], frame[Col.UNIT], strict=True)
    )


def test_pulls_seat_subscriptions_from_every_page_as_canonical_lines(
    pax8_api: tuple[FakePax8, FakeServer], pax8_settings: Pax8Settings, runtime: Runtime
) -> None:
    _, server = pax8_api
    with Pax8Source(pax8_settings, runtime=runtime) as source:
        lines = source.fetch()
    assert (lines.side, lines.path, lines.format_name) == (Side.VENDOR, "source:pax8", "pax8_api")
    assert _rows(lines) == [
        ("Acme Corp", "CFQ7TTC0LCHC:0002", 10_000, 22_000_000),
        ("Acme Corp", "CFQ7TTC0LH16:0001", 5_000, 4_000_000),  # 48.00 a year
        ("Globex", "CFQ7TTC0LH18:0001", 20_000, 6_000_000),
        ("Initech", "CFQ7TTC0LDCX:0001", 7_000, 12_500_000),  # PendingCancel is still a seat
    ]
    assert lines.rows_read == 7
    assert dict(lines.skipped) == {
        "cancelled": 1,
        "pending manual": 1,
        "ended before 2026-03-02": 1,
    }
    assert list(lines.billable[Col.ROW]) == [2, 3, 4, 5]
    assert lines.sha256 == hashlib.sha256(canonical_csv(lines)).hexdigest()
    pages = [r.arg("page") for r in server.requests if r.path == "/v1/subscriptions"]
    assert pages == ["0", "1", "2", "3"]
    assert [r.arg("page") for r in server.requests if r.path == "/v1/companies"] == ["0", "1"]


def test_products_are_looked_up_once_per_source(
    pax8_api: tuple[FakePax8, FakeServer], pax8_settings: Pax8Settings, runtime: Runtime
) -> None:
    _, server = pax8_api
    with Pax8Source(pax8_settings, runtime=runtime) as source:
        first = source.fetch()
        again = source.fetch()
    assert first.sha256 == again.sha256
    product_calls = [p for p in server.paths() if p.startswith("/v1/products/")]
    assert sorted(product_calls) == sorted(set(product_calls))
    assert len(product_calls) == 6


def test_token_is_cached_for_its_lifetime_then_renewed(
    pax8_api: tuple[FakePax8, FakeServer],
    pax8_settings: Pax8Settings,
    runtime: Runtime,
    clock: FakeClock,
) -> None:
    api, server = pax8_api
    with Pax8Source(pax8_settings, runtime=runtime) as source:
        source.fetch()
        clock.advance(hours=23)
        source.fetch()
        assert server.paths("POST") == ["/v1/token"]
        clock.advance(hours=2)  # past the 24 h lifetime: a fresh token, without a 401 first
        source.fetch()
    assert server.paths("POST") == ["/v1/token", "/v1/token"]
    assert api.token_bodies[0]["audience"] == "https://api.pax8.com"


def test_expired_token_mid_run_is_renewed_once_and_the_pull_completes(
    pax8_api: tuple[FakePax8, FakeServer], pax8_settings: Pax8Settings, runtime: Runtime
) -> None:
    api, server = pax8_api
    with Pax8Source(pax8_settings, runtime=runtime) as source:
        source.fetch()
        api.expire_tokens()  # the next call gets a 401, as after a revocation or expiry
        lines = source.fetch()
    assert len(lines.billable) == 4
    assert server.paths("POST") == ["/v1/token", "/v1/token"]


def test_older_token_manager_endpoint_gets_its_own_body(
    pax8_api: tuple[FakePax8, FakeServer], pax8_settings: Pax8Settings, runtime: Runtime
) -> None:
    api, server = pax8_api
    settings = dataclasses.replace(pax8_settings, token_url=f"{server.url}/auth/token")
    with Pax8Source(settings, runtime=runtime) as source:
        assert len(source.fetch().billable) == 4
    assert set(api.token_bodies[0]) == {"clientId", "clientSecret", "audience", "grantType"}
    assert api.token_bodies[0]["audience"] == "api://p8p.client"


def test_customer_price_is_never_taken_as_the_cost(
    pax8_api: tuple[FakePax8, FakeServer], pax8_settings: Pax8Settings, runtime: Runtime
) -> None:
    api, _ = pax8_api
    api.subscriptions[0]["partnerCost"] = None
    with Pax8Source(pax8_settings, runtime=runtime) as source:
        lines = source.fetch()
    assert lines.billable[Col.UNIT].isna().tolist() == [True, False, False, False]


def test_a_quantity_that_is_not_a_number_names_the_subscription(
    pax8_api: tuple[FakePax8, FakeServer], pax8_settings: Pax8Settings, runtime: Runtime
) -> None:
    api, _ = pax8_api
    api.subscriptions[2]["quantity"] = {"seats": 20}
    with Pax8Source(pax8_settings, runtime=runtime) as source, pytest.raises(SourceError) as info:
        source.fetch()
    assert info.value.kind == "unexpected"
    assert "subscription s3's quantity" in str(info.value)


def test_an_empty_account_gives_no_lines_and_says_so(
    pax8_settings: Pax8Settings, pax8_api: tuple[FakePax8, FakeServer], runtime: Runtime
) -> None:
    api, _ = pax8_api
    api.subscriptions.clear()
    with Pax8Source(pax8_settings, runtime=runtime) as source:
        lines = source.fetch()
    assert len(lines.billable) == 0 and lines.rows_read == 0
    assert lines.warnings == ("Pax8 API returned nothing",)


def test_each_subscription_brings_its_commitment_and_a_trial_is_set_aside(
    pax8_api: tuple[FakePax8, FakeServer], pax8_settings: Pax8Settings, runtime: Runtime
) -> None:
    api, _ = pax8_api
    api.subscriptions[0]["commitmentTerm"] = {"term": "Monthly", "endDate": "2026-03-31"}
    api.subscriptions[1]["currencyCode"] = "EUR"
    api.subscriptions.append(
        pax8_fake.subscription("s-trial", "c1", "p-bp", 25, status="Trial", partner_cost="0")
    )
    with Pax8Source(pax8_settings, runtime=runtime) as source:
        lines = source.fetch()
    frame = lines.billable
    day = dt.date.fromordinal
    first, second = frame.iloc[0], frame.iloc[1]
    assert (first[Col.TERM], day(first[Col.TERM_END]), first[Col.CURRENCY]) == (
        1,
        dt.date(2026, 3, 31),
        "USD",
    )
    assert (second[Col.TERM], day(second[Col.TERM_END]), second[Col.CURRENCY]) == (
        12,
        dt.date(2026, 12, 31),
        "EUR",
    )
    assert lines.extras is not None
    assert list(lines.extras[ExtraCol.CHARGE]) == ["trial"]
    assert list(lines.extras[ExtraCol.QTY]) == [25_000]
