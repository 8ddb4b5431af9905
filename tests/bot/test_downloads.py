"""Downloads go to Slack's file hosts only, over https, and the token never leaves Slack.

A file object whose link is ``file://`` or another host is refused before anything is
fetched; a redirect off Slack is refused, and the bot token is sent on a redirect only when
it stays on the same host.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from bot import slack_io
from bot.conversation import Conversation
from recon import Store
from tests.bot.conftest import ADMIN, VENDOR_CSV, Slack, posted_texts
from tests.bot.fake_slack import FakeSlack

TOKEN = "xoxb-test-token"


@pytest.fixture
def elsewhere() -> Iterator[tuple[str, list[dict[str, str]]]]:
    """Another host (``localhost``, not the fake's 127.0.0.1) that records what reaches it."""
    seen: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            seen.append({k.lower(): v for k, v in self.headers.items()})
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Content-Length", "4")
            self.end_headers()
            self.wfile.write(b"a,b\n")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://localhost:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()
    thread.join()


def _file(url: str) -> dict[str, object]:
    return {"id": "F1", "name": "x.csv", "size": 10, "url_private_download": url}


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://files.slack.com/files-pri/T1/x.csv",  # not https
        "https://files.slack.com.evil.example/x.csv",
        "https://evil.example/files.slack.com/x.csv",
        "ftp://files.slack.com/x.csv",
    ],
)
def test_links_that_are_not_slacks_are_refused_before_fetching(url: str) -> None:
    with pytest.raises(slack_io.DownloadProblem, match="does not point at Slack's file servers"):
        slack_io.download(_file(url), token=TOKEN, max_bytes=1000)


def test_slacks_own_hosts_are_allowed() -> None:
    hosts = slack_io.file_hosts("https://slack.com/api/")
    assert hosts.allows("https://files.slack.com/files-pri/T1-F1/download/x.csv")
    assert not hosts.allows("http://files.slack.com/files-pri/T1-F1/download/x.csv")


def test_a_redirect_to_another_host_is_refused_and_gets_no_token(
    fake: FakeSlack, elsewhere: tuple[str, list[dict[str, str]]]
) -> None:
    other, seen = elsewhere
    fake.add_file("F0REDIR01", "x.csv", VENDOR_CSV, user=ADMIN)
    fake.files["F0REDIR01"].redirect = f"{other}/steal"
    with pytest.raises(slack_io.DownloadProblem, match="redirected off Slack"):
        slack_io.download(
            fake.file_object("F0REDIR01"),
            token=TOKEN,
            max_bytes=len(VENDOR_CSV) + 1,
            hosts=slack_io.file_hosts(fake.api_url),
        )
    assert seen == []


def test_a_redirect_on_the_same_host_keeps_working(fake: FakeSlack) -> None:
    fake.add_file("F0TARGET1", "x.csv", VENDOR_CSV, user=ADMIN)
    fake.add_file("F0REDIR01", "x.csv", b"", user=ADMIN)
    fake.files["F0REDIR01"].redirect = str(fake.file_object("F0TARGET1")["url_private_download"])
    content = slack_io.download(
        fake.file_object("F0REDIR01"),
        token=TOKEN,
        max_bytes=len(VENDOR_CSV) + 1,
        hosts=slack_io.file_hosts(fake.api_url),
    )
    assert content == VENDOR_CSV


def test_an_upload_whose_link_is_a_local_file_reads_nothing(
    slack: Slack, fake: FakeSlack, store: Store, tmp_path: Path, chat: Conversation
) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("Customer,Item,Seats\nSecret Corp,Widget,1\n", encoding="utf-8")
    slack.upload(
        [{"id": "F0LOCAL01", "name": "x.csv", "size": 40, "url_private_download": secret.as_uri()}]
    )
    assert any("does not point at Slack's file servers" in t for t in posted_texts(fake))
    assert chat.held_upload("F0LOCAL01") is None
