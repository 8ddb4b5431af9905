"""Starting the bot: Slack out of reach is retried with backoff, then one line; a refused
token is one line; normal starts warn about nothing; the secrets leave the environment."""

from __future__ import annotations

import io
import socket
from pathlib import Path

import pytest

from bot import __main__ as start_module
from bot.__main__ import SLACK_BACKOFF, StartFailed, health_check, start
from recon import Store
from tests.bot.conftest import ADMIN, SECRET
from tests.bot.fake_slack import FakeSlack


def _env(api_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": "xoxb-start-test-token",
        "SLACK_SIGNING_SECRET": SECRET,
        "RECON_ADMINS": ADMIN,
        "SLACK_API_URL": api_url,
        "RECON_DB": str(tmp_path / "recon.db"),
        "RECON_SCHEDULER": "off",
    }


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_slack_out_of_reach_is_retried_with_backoff_then_one_line(tmp_path: Path) -> None:
    waits: list[float] = []
    logs = io.StringIO()
    url = f"http://127.0.0.1:{_closed_port()}/api/"
    with pytest.raises(StartFailed) as caught:
        start(_env(url, tmp_path), sleep=waits.append, log_stream=logs)
    assert caught.value.status == 1
    message = str(caught.value)
    assert message.startswith(f"can't reach Slack at {url} (") and "\n" not in message
    assert f"after {len(SLACK_BACKOFF) + 1} tries" in message
    assert waits == list(SLACK_BACKOFF)
    lines = logs.getvalue().splitlines()
    assert len(lines) == len(SLACK_BACKOFF)
    assert all("Slack is out of reach" in line for line in lines)
    assert "Traceback" not in logs.getvalue()


def test_slack_coming_back_during_the_backoff_starts_the_bot(
    tmp_path: Path, fake: FakeSlack
) -> None:
    fake.fail("auth.test", "fatal_error", times=2)  # Slack having a bad minute
    waits: list[float] = []
    started = start(_env(fake.api_url, tmp_path), sleep=waits.append, log_stream=io.StringIO())
    started.webhook.close()
    assert waits == list(SLACK_BACKOFF[:2])


def test_a_refused_token_is_one_line_without_retrying(tmp_path: Path, fake: FakeSlack) -> None:
    fake.fail("auth.test", "invalid_auth")
    waits: list[float] = []
    with pytest.raises(StartFailed) as caught:
        start(_env(fake.api_url, tmp_path), sleep=waits.append, log_stream=io.StringIO())
    assert caught.value.status == 2
    assert str(caught.value).startswith("SLACK_BOT_TOKEN was refused by Slack (invalid_auth)")
    assert "xoxb-start-test-token" not in str(caught.value)
    assert waits == []


def test_a_normal_start_warns_about_nothing_and_drops_the_secrets(
    tmp_path: Path, fake: FakeSlack
) -> None:
    env = _env(fake.api_url, tmp_path)
    logs = io.StringIO()
    started = start(env, log_stream=logs)
    started.webhook.close()
    assert "WARNING" not in logs.getvalue(), logs.getvalue()
    assert "unused" not in logs.getvalue() and "ignored" not in logs.getvalue()
    assert "SLACK_BOT_TOKEN" not in env and "SLACK_SIGNING_SECRET" not in env
    assert started.settings.bind == "127.0.0.1"


def test_main_prints_one_line_for_slack_out_of_reach(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in _env(f"http://127.0.0.1:{_closed_port()}/api/", tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setattr(start_module, "SLACK_BACKOFF", (0.0,))
    assert start_module.main() == 1
    err = capsys.readouterr().err
    assert [line for line in err.splitlines() if line.startswith("recon-bot:")] == [
        err.strip().splitlines()[-1]
    ]
    assert "Traceback" not in err


def test_health_reports_a_database_that_can_not_be_read(tmp_path: Path) -> None:
    path = tmp_path / "recon.db"
    store = Store.open(path)
    assert health_check(store)() == (True, {"db": "ok"})
    path.write_bytes(b"not a database any more" * 200)
    assert health_check(store)() == (False, {"db": "unusable"})
