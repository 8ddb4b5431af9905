"""Settings: one clear line naming the variable, never a secret, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import BotSettings, SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "SLACK_BOT_TOKEN": "xoxb-1-secret-bot-token",
    "SLACK_SIGNING_SECRET": "s3cr3t-signing",
    "RECON_ADMINS": "U0ADMIN01, U0ADMIN02",
}


def test_good_settings_with_defaults() -> None:
    settings = load_settings(GOOD)
    assert settings.admins == {"U0ADMIN01", "U0ADMIN02"}
    assert settings.api_url == "https://slack.com/api/"
    assert settings.port == 3000 and not settings.socket_mode
    assert settings.max_upload_bytes == 25 * 1024 * 1024
    assert settings.billing_channel is None and settings.db_path is None
    assert settings.bind == "127.0.0.1"  # this host only, unless asked
    assert settings.max_request_bytes == 2 * 1024 * 1024
    assert settings.log_level == "INFO"


@pytest.mark.parametrize("bind", ["0.0.0.0", "::", "10.0.0.5", "localhost"])
def test_recon_bind_takes_an_address_when_asked(bind: str) -> None:
    assert load_settings({**GOOD, "RECON_BIND": bind}).bind == bind


def test_socket_mode_needs_no_signing_secret() -> None:
    env = {**GOOD, "SLACK_APP_TOKEN": "xapp-1-app-token"}
    del env["SLACK_SIGNING_SECRET"]
    assert load_settings(env).socket_mode


def test_secrets_never_show_in_repr() -> None:
    env = {**GOOD, "SLACK_APP_TOKEN": "xapp-1-app-token"}
    text = repr(load_settings(env))
    assert "secret" not in text and "xoxb" not in text and "xapp" not in text
    assert "U0ADMIN01" in text


@pytest.mark.parametrize(
    ("change", "names"),
    [
        ({"SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN is not set"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token-secret"}, "SLACK_BOT_TOKEN must be a bot token"),
        ({"SLACK_APP_TOKEN": "xoxb-wrong-secret"}, "SLACK_APP_TOKEN must be an app-level token"),
        ({"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET is not set"),
        ({"RECON_ADMINS": ""}, "RECON_ADMINS is not set"),
        ({"RECON_ADMINS": "U0ADMIN01,@dana"}, "RECON_ADMINS must be Slack member ids"),
        ({"RECON_BILLING_CHANNEL": "#billing"}, "RECON_BILLING_CHANNEL must be a channel id"),
        ({"SLACK_API_URL": "https://proxy.example/api"}, "SLACK_API_URL must end with '/'"),
        ({"SLACK_API_URL": "slack.com/api/"}, "SLACK_API_URL must be an http(s) URL"),
        ({"PORT": "http"}, "PORT must be a port number"),
        ({"PORT": "70000"}, "PORT must be a port number"),
        ({"RECON_MAX_UPLOAD_MB": "0"}, "RECON_MAX_UPLOAD_MB must be a number"),
        ({"RECON_MAX_UPLOAD_MB": "500"}, "RECON_MAX_UPLOAD_MB must be a number"),
        ({"RECON_SCHEDULER": "sometimes"}, "RECON_SCHEDULER must be on or off"),
        ({"RECON_LOG_LEVEL": "LOUD"}, "RECON_LOG_LEVEL must be one of DEBUG, INFO"),
        ({"RECON_BIND": "every interface"}, "RECON_BIND must be an address to listen on"),
        ({"RECON_MAX_REQUEST_MB": "0"}, "RECON_MAX_REQUEST_MB must be a number"),
        ({"RECON_MAX_REQUEST_MB": "nan"}, "RECON_MAX_REQUEST_MB must be a number"),
        (
            {"RECON_PSA_SOURCE": "pax8"},
            "RECON_PSA_SOURCE must be one of connectwise, autotask, folder (a psa source)",
        ),
        (
            {"RECON_VENDOR_SOURCE": "pax8", "PAX8_CLIENT_ID": "id"},
            "RECON_VENDOR_SOURCE=pax8 needs PAX8_CLIENT_SECRET",
        ),
        (
            {
                **{f"PAX8_{k}": "x" for k in ("CLIENT_ID", "CLIENT_SECRET")},
                **{f"PARTNER_CENTER_{k}": "x" for k in ("TENANT_ID", "CLIENT_ID", "CLIENT_SECRET")},
            },
            "RECON_VENDOR_SOURCE is not set and pax8 and partner-center are both configured",
        ),
    ],
)
def test_a_bad_setting_names_the_variable_without_secrets(
    change: dict[str, str], names: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({**GOOD, **change})
    message = str(caught.value)
    assert message.startswith(names) and "\n" not in message
    env = {**GOOD, **change}
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        assert not env.get(name) or env[name] not in message


PAX8 = {"PAX8_CLIENT_ID": "id", "PAX8_CLIENT_SECRET": "pax8-s3cr3t"}
CONNECTWISE = {
    "CONNECTWISE_COMPANY_ID": "acme",
    "CONNECTWISE_PUBLIC_KEY": "pub",
    "CONNECTWISE_PRIVATE_KEY": "cw-s3cr3t",
    "CONNECTWISE_CLIENT_ID": "client",
}


@pytest.mark.parametrize(
    ("extra", "sources"),
    [
        ({}, (None, None)),
        ({"RECON_WATCH_DIR": "/srv/exports"}, ("folder", "folder")),
        ({**PAX8, **CONNECTWISE}, ("pax8", "connectwise")),
        ({**PAX8, **CONNECTWISE, "RECON_WATCH_DIR": "/srv/exports"}, ("folder", "folder")),
        ({**PAX8, "RECON_WATCH_DIR": "/x", "RECON_VENDOR_SOURCE": "PAX8"}, ("pax8", "folder")),
        ({**PAX8}, ("pax8", None)),
    ],
    ids=["none", "folder", "apis", "folder-first", "named", "one-side"],
)
def test_which_sources_scheduled_runs_read(extra: dict[str, str], sources: tuple) -> None:
    settings = load_settings({**GOOD, **extra})
    assert (settings.vendor_source, settings.psa_source) == sources


def test_scheduler_switch_and_webhook_secret() -> None:
    settings = load_settings(GOOD)
    assert settings.scheduler and settings.webhook_secret is None
    env = {**GOOD, "RECON_SCHEDULER": "off", "RECON_WEBHOOK_SECRET": "whsec-s3cr3t", **PAX8}
    settings = load_settings(env)
    assert not settings.scheduler and settings.webhook_secret == "whsec-s3cr3t"
    assert "s3cr3t" not in repr(settings)


def test_admin_check() -> None:
    settings = BotSettings(bot_token="xoxb-x", admins=frozenset({"U0ADMIN01"}))
    assert settings.is_admin("U0ADMIN01") and not settings.is_admin("U0OTHER01")


def _run_bot(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "RECON_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,  # no .env there
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_python_m_bot_stops_with_one_line_for_a_missing_setting(tmp_path: Path) -> None:
    result = _run_bot(
        {"SLACK_SIGNING_SECRET": "s3cr3t-signing", "RECON_ADMINS": "U0ADMIN01"}, tmp_path
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("recon-bot: SLACK_BOT_TOKEN is not set")
    assert "Traceback" not in result.stderr and "s3cr3t" not in result.stderr


def test_python_m_bot_never_prints_a_malformed_token(tmp_path: Path) -> None:
    result = _run_bot(
        {
            "SLACK_BOT_TOKEN": "xoxp-user-s3cr3t",
            "SLACK_SIGNING_SECRET": "x",
            "RECON_ADMINS": "U0ADMIN01",
        },
        tmp_path,
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "recon-bot: SLACK_BOT_TOKEN must be a bot token starting with xoxb-"
    )


def test_python_m_bot_stops_with_one_line_for_a_bad_log_level(tmp_path: Path) -> None:
    result = _run_bot({**GOOD, "RECON_LOG_LEVEL": "chatty"}, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "recon-bot: RECON_LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, not 'chatty'"
    )


def test_python_m_bot_reads_a_dotenv_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-dotenv\nSLACK_SIGNING_SECRET=x\n")
    result = _run_bot({}, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("recon-bot: RECON_ADMINS is not set")


def test_every_setting_is_in_env_example_and_the_guide() -> None:
    import re

    code = (ROOT / "bot" / "settings.py").read_text() + (ROOT / "bot" / "__main__.py").read_text()
    names = set(re.findall(r'"((?:SLACK|RECON)_[A-Z_]+|PORT)"', code))
    assert {"SLACK_BOT_TOKEN", "RECON_ADMINS", "PORT", "RECON_MAX_UPLOAD_MB"} <= names
    example = (ROOT / ".env.example").read_text()
    guide = (ROOT / "docs" / "slack.md").read_text()
    assert [n for n in sorted(names) if f"{n}=" not in example] == []
    assert [n for n in sorted(names) if f"`{n}`" not in guide] == []


def _documented_defaults() -> dict[str, str]:
    """Each variable's default as docs/slack.md's table states it."""
    import re

    found = {}
    guide = (ROOT / "docs" / "slack.md").read_text(encoding="utf-8")
    for name, meaning in re.findall(r"^\| `([A-Z_]+)` \| [^|]+ \| (.*) \|$", guide, flags=re.M):
        said = re.search(r"default `?([^`,;) ]+)`?", meaning) or re.search(
            r"`([^`]+)` \(default", meaning
        )
        if said:
            found[name] = said.group(1)
    return found


def test_the_guides_documented_defaults_are_what_the_bot_uses() -> None:
    """docs/slack.md names the default of each optional variable; the bot started without
    that variable must use exactly it (issue 18.9: the docs named a setup that differed)."""
    from recon.paths import default_db_path

    settings = load_settings(GOOD)
    mib = 1024 * 1024
    expected = {
        "RECON_DB": str(default_db_path({})).replace(str(Path.home()), "~", 1),
        "PORT": str(settings.port),
        "RECON_BIND": settings.bind,
        "RECON_MAX_REQUEST_MB": str(settings.max_request_bytes // mib),
        "RECON_MAX_UPLOAD_MB": str(settings.max_upload_bytes // mib),
        "SLACK_API_URL": settings.api_url,
        "RECON_LOG_LEVEL": settings.log_level,
        "RECON_SCHEDULER": "on" if settings.scheduler else "off",
    }
    documented = _documented_defaults()
    assert {name: documented.get(name) for name in expected} == expected
