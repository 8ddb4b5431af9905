"""The Autotask connector against a fake Autotask REST API on 127.0.0.1."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from recon.model import Col, Side
from recon.sources import AutotaskSettings, AutotaskSource, Runtime
from tests.recon.sources.fakes import autotask as at
from tests.recon.sources.fakes.server import FakeServer

EXPECTED = [
    ("Acme Corporation", "Microsoft 365 Business Premium", 8_000, 30_000_000),
    ("Acme Corporation", "Exchange Online (Plan 1)", 5_000, 5_500_000),  # adjusted 66 a year
    ("Globex", "Microsoft 365 Business Basic", 20_000, 8_000_000),  # 18 + 2 added today
]


def _rows(lines) -> list[tuple]:
    frame = lines.lines
    return list(
        zip(frame[Col.CLIENT], frame[Col.PRODUCT], frame[Col.QTY], frame[Col.UNIT], strict=True)
    )


def test_units_in_force_today_on_active_recurring_contracts_become_psa_lines(
    at_api: tuple[at.FakeAutotask, FakeServer], at_settings: AutotaskSettings, runtime: Runtime
) -> None:
    api, server = at_api
    with AutotaskSource(at_settings, runtime=runtime) as source:
        lines = source.fetch()
    assert (lines.side, lines.path, lines.format_name) == (
        Side.PSA,
        "source:autotask",
        "autotask_api",
    )
    assert _rows(lines) == EXPECTED
    assert dict(lines.skipped) == {"no units in force on 2026-03-02": 1}
    assert lines.rows_read == 4
    contracts = next(body for entity, body in api.queries if entity == "Contracts")
    assert {"op": "eq", "field": "contractType", "value": 7} in contracts["filter"]
    assert {"op": "eq", "field": "status", "value": 1} in contracts["filter"]
    units = next(body for entity, body in api.queries if entity == "ContractServiceUnits")
    assert {"op": "lte", "field": "startDate", "value": "2026-03-02"} in units["filter"]
    assert {"op": "gte", "field": "endDate", "value": "2026-03-02"} in units["filter"]
    assert all(
        body["MaxRecords"] == 500 and "id" in body["IncludeFields"] for _, body in api.queries
    )
    query = next(r for r in server.requests if r.path.endswith("/query"))
    assert query.headers["apiintegrationcode"] == at.INTEGRATION_CODE
    assert query.headers["username"] == at.USERNAME


def test_the_zone_is_discovered_once(
    at_api: tuple[at.FakeAutotask, FakeServer], at_settings: AutotaskSettings, runtime: Runtime
) -> None:
    _, server = at_api
    with AutotaskSource(at_settings, runtime=runtime) as source:
        source.fetch()
        source.fetch()
    zone = [r for r in server.requests if r.path.endswith("/zoneInformation")]
    assert len(zone) == 1 and zone[0].arg("user") == at.USERNAME
    assert "secret" not in zone[0].headers  # the zone lookup needs no secret
    assert all(r.path.startswith(at.ZONE) for r in server.requests if r not in zone)


def test_pages_are_followed_to_the_end_through_next_page_url(
    at_api: tuple[at.FakeAutotask, FakeServer], at_settings: AutotaskSettings, runtime: Runtime
) -> None:
    api, server = at_api
    api.page_limit = 1
    with AutotaskSource(at_settings, runtime=runtime) as source:
        lines = source.fetch()
    assert _rows(lines) == EXPECTED
    follow_ups = [r for r in server.requests if r.path.endswith("/query/next")]
    assert len(follow_ups) >= 6
    assert all(r.method == "GET" for r in follow_ups)


class _Seen(logging.Handler):
    """Sets an event when a log line containing ``text`` is emitted."""

    def __init__(self, text: str) -> None:
        super().__init__(logging.DEBUG)
        self.text = text
        self.event = threading.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.text in record.getMessage():
            self.event.set()


def test_never_more_than_three_requests_are_in_flight(
    at_api: tuple[at.FakeAutotask, FakeServer], at_settings: AutotaskSettings, runtime: Runtime
) -> None:
    api, _ = at_api
    queued = _Seen("waiting for one")
    logger = logging.getLogger("recon.sources")
    logger.addHandler(queued)
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        with AutotaskSource(at_settings, runtime=runtime, batch_size=1) as source:
            source.fetch()  # discover the zone first
            api.max_in_flight = 0
            api.gate_closed = True  # batch queries now wait at the server until the gate opens
            with ThreadPoolExecutor(2) as runs:  # two pulls at once: 6 workers want to query
                results = [runs.submit(source.fetch) for _ in range(2)]
                assert api.wait_until_in_flight(3)
                assert queued.event.wait(10)  # a 4th request is queued in the client...
                assert api.in_flight == 3  # ...and never reached the server
                api.open_gate()
                pulled = [r.result() for r in results]
    finally:
        logger.removeHandler(queued)
        logger.setLevel(previous)
    assert api.max_in_flight == 3
    assert [_rows(lines) for lines in pulled] == [EXPECTED, EXPECTED]


def test_each_companys_account_manager_resource_is_read_by_e_mail(
    at_api: tuple[at.FakeAutotask, FakeServer],
    at_settings: AutotaskSettings,
    runtime: Runtime,
) -> None:
    """Issue 18.1: Autotask's account manager resource is the default owner, by e-mail."""
    with AutotaskSource(at_settings, runtime=runtime) as source:
        source.fetch()
        assert source.account_managers == {"Acme Corporation": "lee@msp.example"}
