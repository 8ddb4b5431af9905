"""Every API connector, against its fake, when things go wrong mid-pull.

The same failures are staged for each connector on a call made after authentication and
after the first page (``mid_run``): the connector code is the one that talks to the real
service; only the base URLs point at 127.0.0.1.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import socket
from collections.abc import Callable
from email.utils import format_datetime
from typing import Any

import pytest

from recon.errors import SourceError
from recon.sources import (
    AutotaskSource,
    ConnectWiseSource,
    PartnerCenterSource,
    Pax8Source,
    Runtime,
    Secret,
    Source,
)
from tests.conftest import FakeClock
from tests.recon.sources.conftest import RecordingSleep
from tests.recon.sources.fakes import autotask as at
from tests.recon.sources.fakes import connectwise as cw
from tests.recon.sources.fakes import partner_center as pc
from tests.recon.sources.fakes import pax8
from tests.recon.sources.fakes.server import FakeServer, Reply


@dataclasses.dataclass
class Harness:
    """One connector wired to its fake, and how to break it."""

    name: str
    server: FakeServer
    api: Any
    settings: Any
    make: Callable[..., Source]
    mid_run: str  # a path prefix called after auth and after a first page
    system: str  # how messages name the system
    url_fields: tuple[str, ...]  # settings fields holding URLs
    secret_field: str
    extra_waits: tuple[float, ...] = ()  # waits a clean pull makes anyway (export polling)

    def open(self, runtime: Runtime, **changes: Any) -> Source:
        return self.make(dataclasses.replace(self.settings, **changes), runtime=runtime)


@pytest.fixture(params=["pax8", "partner-center", "connectwise", "autotask"])
def harness(request: pytest.FixtureRequest) -> Harness:
    if request.param == "pax8":
        api, server = request.getfixturevalue("pax8_api")
        return Harness(
            "pax8",
            server,
            api,
            request.getfixturevalue("pax8_settings"),
            Pax8Source,
            "/v1/subscriptions",
            "Pax8",
            ("api_url", "token_url"),
            "client_secret",
        )
    if request.param == "partner-center":
        api, server = request.getfixturevalue("pc_api")
        api.running_polls = 0
        return Harness(
            "partner-center",
            server,
            api,
            request.getfixturevalue("pc_settings"),
            PartnerCenterSource,
            "/v1/customers/tenant-globex/subscriptions",
            "Partner Center",
            ("api_url", "token_url", "graph_url"),
            "client_secret",
            extra_waits=(5.0,),
        )
    if request.param == "connectwise":
        api, server = request.getfixturevalue("cw_api")
        return Harness(
            "connectwise",
            server,
            api,
            request.getfixturevalue("cw_settings"),
            ConnectWiseSource,
            f"{cw.ROOT}/finance/agreements/20/additions",
            "ConnectWise Manage",
            ("api_url",),
            "private_key",
        )
    api, server = request.getfixturevalue("at_api")
    return Harness(
        "autotask",
        server,
        api,
        request.getfixturevalue("at_settings"),
        AutotaskSource,
        f"{at.ZONE}/ContractServices/query",
        "Autotask",
        ("zone_url",),
        "secret",
    )


def _pull(harness: Harness, runtime: Runtime) -> Any:
    source = harness.open(runtime)
    try:
        return source.fetch()
    finally:
        source.close()


def _fails(harness: Harness, runtime: Runtime, **changes: Any) -> SourceError:
    source = harness.open(runtime, **changes)
    with pytest.raises(SourceError) as info:
        source.fetch()
    source.close()
    assert info.value.source == harness.name
    assert str(info.value).startswith(f"{harness.name}: {harness.system}")
    return info.value


def test_429_with_retry_after_seconds_is_waited_then_the_pull_completes(
    harness: Harness, runtime: Runtime, sleep: RecordingSleep
) -> None:
    harness.server.script(harness.mid_run, [Reply(429, {"message": "slow"}, {"Retry-After": "7"})])
    lines = _pull(harness, runtime)
    assert sleep.waits == [7.0, *harness.extra_waits]
    assert lines.sha256 == _pull(harness, runtime).sha256  # same data as a clean pull


def test_429_with_retry_after_as_an_http_date_waits_until_then(
    harness: Harness, runtime: Runtime, sleep: RecordingSleep, clock: FakeClock
) -> None:
    when = format_datetime(clock() + dt.timedelta(seconds=30), usegmt=True)
    harness.server.script(harness.mid_run, [Reply(429, {}, {"Retry-After": when})])
    _pull(harness, runtime)
    assert sleep.waits == [30.0, *harness.extra_waits]


def test_server_errors_are_retried_with_exponential_backoff(
    harness: Harness, runtime: Runtime, sleep: RecordingSleep
) -> None:
    harness.server.script(harness.mid_run, [Reply(500, {"message": "oops"}), Reply(502, "bad")])
    lines = _pull(harness, runtime)
    assert sleep.waits == [1.0, 2.0, *harness.extra_waits]
    assert len(lines.lines) > 0


def test_server_errors_that_persist_fail_as_unreachable_after_the_attempts(
    harness: Harness, runtime: Runtime, sleep: RecordingSleep
) -> None:
    harness.server.script(harness.mid_run, [Reply(503, {})] * 4)
    err = _fails(harness, runtime)
    assert err.kind == "unreachable"
    assert "HTTP 503" in str(err) and "after 4 attempts" in str(err)
    assert sleep.waits == [1.0, 2.0, 4.0]


def test_rate_limiting_that_persists_fails_as_rate_limited(
    harness: Harness, runtime: Runtime
) -> None:
    harness.server.script(harness.mid_run, [Reply(429, {}, {"Retry-After": "1"})] * 4)
    assert _fails(harness, runtime).kind == "rate_limited"


def test_a_retry_after_longer_than_we_wait_fails_at_once(
    harness: Harness, runtime: Runtime, sleep: RecordingSleep
) -> None:
    harness.server.script(harness.mid_run, [Reply(429, {}, {"Retry-After": "3600"})])
    err = _fails(harness, runtime)
    assert err.kind == "rate_limited" and "3600s" in str(err)
    assert sleep.waits == []


def test_malformed_json_is_an_unexpected_response(harness: Harness, runtime: Runtime) -> None:
    harness.server.script(harness.mid_run, [Reply(200, '{"items": [')])
    err = _fails(harness, runtime)
    assert err.kind == "unexpected"
    assert "not JSON" in str(err)


def test_a_response_missing_its_fields_is_an_unexpected_response(
    harness: Harness, runtime: Runtime
) -> None:
    harness.server.script(harness.mid_run, [Reply(200, {"something": "else"})])
    err = _fails(harness, runtime)
    assert err.kind == "unexpected"


def test_403_is_a_permission_error_naming_the_call(harness: Harness, runtime: Runtime) -> None:
    harness.server.script(harness.mid_run, [Reply(403, {"message": "Forbidden"})])
    err = _fails(harness, runtime)
    assert err.kind == "permission"
    assert "permission" in str(err) and "HTTP 403" in str(err)


def test_bad_credentials_are_a_credentials_error_without_retries(
    harness: Harness, runtime: Runtime, sleep: RecordingSleep
) -> None:
    wrong = Secret("wrong-secret-value")
    err = _fails(harness, runtime, **{harness.secret_field: wrong})
    assert err.kind == "credentials"
    assert "check" in str(err) and "wrong-secret-value" not in str(err)
    assert sleep.waits == []


def test_an_unreachable_service_is_retried_then_reported(
    harness: Harness, runtime: Runtime, sleep: RecordingSleep
) -> None:
    with socket.socket() as probe:  # a port nobody listens on any more
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    err = _fails(harness, runtime, **dict.fromkeys(harness.url_fields, closed))
    assert err.kind == "unreachable"
    assert "can't be reached" in str(err) and "127.0.0.1" not in str(err)
    assert sleep.waits == [1.0, 2.0, 4.0]


@pytest.mark.parametrize("harness", ["pax8", "partner-center"], indirect=True)
def test_a_token_that_expires_mid_run_is_renewed_and_the_pull_completes(
    harness: Harness, runtime: Runtime
) -> None:
    harness.server.script(harness.mid_run, [Reply(401, {"message": "token expired"})])
    lines = _pull(harness, runtime)
    token_calls = [p for p in harness.server.paths("POST") if "token" in p]
    assert len(lines.lines) > 0
    assert len(token_calls) >= 2  # the first token, then a fresh one after the 401


@pytest.mark.parametrize("harness", ["pax8", "partner-center"], indirect=True)
def test_a_fresh_token_refused_again_is_a_credentials_error(
    harness: Harness, runtime: Runtime
) -> None:
    harness.server.script(harness.mid_run, [Reply(401, {}), Reply(401, {})])
    assert _fails(harness, runtime).kind == "credentials"


def test_secrets_never_appear_in_errors_or_logs(
    harness: Harness, runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    secrets = {
        pax8.CLIENT_SECRET,
        pc.CLIENT_SECRET,
        pc.SAS_SIGNATURE,
        cw.PRIVATE_KEY,
        cw.PUBLIC_KEY,
        at.SECRET,
        at.INTEGRATION_CODE,
    }
    messages: list[str] = []
    _pull(harness, runtime)  # a clean pull, with everything logged
    for reply in (
        Reply(429, {}, {"Retry-After": "1"}),
        Reply(500, {}),
        Reply(401, {}),
        Reply(403, {}),
        Reply(200, "{"),
    ):
        harness.server.script(harness.mid_run, [reply] * 4)
        try:
            _pull(harness, runtime)
        except SourceError as err:
            messages.append(str(err))
    tokens = set(getattr(harness.api, "tokens", ()))  # the bearer tokens issued
    base_url = harness.server.url.removeprefix("http://")  # 127.0.0.1:PORT, from settings
    logged = [record.getMessage() for record in caplog.records]
    for text in messages + logged:
        assert not any(secret in text for secret in secrets | tokens | {base_url}), text
    assert messages  # the failures were seen
