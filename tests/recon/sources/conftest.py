"""Fake vendor APIs on 127.0.0.1, their settings, and a runtime that never really waits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from recon.sources import (
    AutotaskSettings,
    ConnectWiseSettings,
    FolderSettings,
    PartnerCenterSettings,
    Pax8Settings,
    Runtime,
    Secret,
    SourceSettings,
)
from tests.conftest import FakeClock
from tests.recon.sources import data
from tests.recon.sources.fakes import autotask as at
from tests.recon.sources.fakes import connectwise as cw
from tests.recon.sources.fakes import partner_center as pc
from tests.recon.sources.fakes import pax8
from tests.recon.sources.fakes.server import FakeServer


class RecordingSleep:
    """A ``sleep`` that records each wait and moves the fake clock on instead of waiting."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.clock.advance(seconds=seconds)


@pytest.fixture
def sleep(clock: FakeClock) -> RecordingSleep:
    """Records waits (Retry-After, backoff, polling, settling) without waiting."""
    return RecordingSleep(clock)


@pytest.fixture
def runtime(clock: FakeClock, sleep: RecordingSleep) -> Runtime:
    """The fake clock and recording sleep; 4 attempts per request."""
    return Runtime(clock=clock, sleep=sleep, timeout=5.0, attempts=4)


@pytest.fixture
def pax8_api() -> Iterator[tuple[pax8.FakePax8, FakeServer]]:
    """A fake Pax8 with the standard data set, 2 items per page."""
    api = data.pax8_api()
    with FakeServer(api.handle) as server:
        yield api, server


@pytest.fixture
def pax8_settings(pax8_api: tuple[pax8.FakePax8, FakeServer]) -> Pax8Settings:
    """Settings pointing at the fake Pax8."""
    _, server = pax8_api
    return Pax8Settings(
        client_id=pax8.CLIENT_ID,
        client_secret=Secret(pax8.CLIENT_SECRET),
        api_url=f"{server.url}/v1",
        token_url=f"{server.url}/v1/token",
    )


@pytest.fixture
def pc_api() -> Iterator[tuple[pc.FakePartnerCenter, FakeServer]]:
    """A fake Partner Center + Graph export + blob storage with the standard data set."""
    api = data.partner_center_api()
    with FakeServer(api.handle) as server:
        api.base = server.url
        yield api, server


@pytest.fixture
def pc_settings(pc_api: tuple[pc.FakePartnerCenter, FakeServer]) -> PartnerCenterSettings:
    """Settings pointing at the fake Partner Center."""
    _, server = pc_api
    return PartnerCenterSettings(
        tenant_id=pc.TENANT,
        client_id=pc.CLIENT_ID,
        client_secret=Secret(pc.CLIENT_SECRET),
        api_url=f"{server.url}/v1",
        token_url=f"{server.url}/{pc.TENANT}/oauth2/v2.0/token",
        graph_url=f"{server.url}/graph/v1.0",
    )


@pytest.fixture
def cw_api() -> Iterator[tuple[cw.FakeConnectWise, FakeServer]]:
    """A fake ConnectWise Manage with the standard data set."""
    api = data.connectwise_api()
    with FakeServer(api.handle) as server:
        api.base = server.url
        yield api, server


@pytest.fixture
def cw_settings(cw_api: tuple[cw.FakeConnectWise, FakeServer]) -> ConnectWiseSettings:
    """Settings pointing at the fake ConnectWise."""
    _, server = cw_api
    return ConnectWiseSettings(
        company_id=cw.COMPANY,
        public_key=Secret(cw.PUBLIC_KEY),
        private_key=Secret(cw.PRIVATE_KEY),
        client_id=cw.CLIENT_ID,
        api_url=f"{server.url}{cw.ROOT}",
    )


@pytest.fixture
def at_api() -> Iterator[tuple[at.FakeAutotask, FakeServer]]:
    """A fake Autotask with the standard data set."""
    api = data.autotask_api()
    with FakeServer(api.handle) as server:
        api.base = server.url
        yield api, server


@pytest.fixture
def at_settings(at_api: tuple[at.FakeAutotask, FakeServer]) -> AutotaskSettings:
    """Settings pointing at the fake Autotask."""
    _, server = at_api
    return AutotaskSettings(
        username=at.USERNAME,
        secret=Secret(at.SECRET),
        integration_code=Secret(at.INTEGRATION_CODE),
        zone_url=f"{server.url}/atservicesrest/v1.0/zoneInformation",
    )


@pytest.fixture
def all_settings(
    pax8_settings: Pax8Settings,
    pc_settings: PartnerCenterSettings,
    cw_settings: ConnectWiseSettings,
    at_settings: AutotaskSettings,
    tmp_path: Path,
) -> SourceSettings:
    """Every source configured, against the fakes (the folder in a temp dir)."""
    watched = tmp_path / "watched"
    watched.mkdir()
    return SourceSettings(
        pax8=pax8_settings,
        partner_center=pc_settings,
        connectwise=cw_settings,
        autotask=at_settings,
        folder=FolderSettings(watched, tmp_path / "state" / "watched.json", settle_seconds=10),
    )
