"""Small pieces of the HTTP layer: Retry-After, links kept on the configured host, redaction."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from recon.sources import Runtime
from recon.sources._http import HttpClient
from recon.sources._wire import retry_after_seconds, same_origin

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 7 ", 7.0),
        ("0", 0.0),
        ("-5", 0.0),
        ("Mon, 02 Mar 2026 09:00:30 GMT", 30.0),
        ("Mon, 02 Mar 2026 08:59:00 GMT", 0.0),  # already past
        ("soon", None),
        ("nan", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_is_read_as_seconds_or_an_http_date(
    header: str | None, seconds: float | None
) -> None:
    assert retry_after_seconds(header, NOW) == seconds


@pytest.mark.parametrize(
    ("base", "link", "expected"),
    [
        ("https://api.x/v1", "/customers?size=2&seekOperation=Next",
         "https://api.x/v1/customers?size=2&seekOperation=Next"),
        ("https://api.x/v1", "/v1/customers?page=2", "https://api.x/v1/customers?page=2"),
        ("http://127.0.0.1:5/v1", "https://api.partnercenter.microsoft.com/v1/customers?a=1",
         "http://127.0.0.1:5/v1/customers?a=1"),
        ("https://proxy/graph/v1.0", "https://graph.microsoft.com/v1.0/reports/ops/1",
         "https://proxy/v1.0/reports/ops/1"),
        ("https://zone/atservicesrest/v1.0", "next?paging=3",
         "https://zone/atservicesrest/v1.0/next?paging=3"),
    ],
)  # fmt: skip
def test_links_are_followed_on_the_configured_host(base: str, link: str, expected: str) -> None:
    assert same_origin(base, link) == expected


def test_known_secrets_and_issued_tokens_are_redacted() -> None:
    http = HttpClient(
        "X", source="x", runtime=Runtime(), url_setting="X_URL", credential_settings="X_KEY",
        secrets=("s3cret",),
    )  # fmt: skip
    http.add_secret("tok-123")
    err = http.error("said 's3cret' and 'tok-123'")
    assert str(err) == "x: X said '***' and '***'"
    http.close()


def test_http_stack_log_lines_keep_only_paths(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    logging.getLogger("httpx").info(
        'HTTP Request: %s %s "%s"', "GET", "https://u:p@host.example/v1/blob.gz?sig=abc", "200"
    )
    assert caplog.records[-1].getMessage() == 'HTTP Request: GET /v1/blob.gz?… "200"'
