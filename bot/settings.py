"""The bot's configuration, read from the environment once, at startup.

Every variable is listed in ``.env.example`` and ``docs/slack.md``. A missing or malformed
value raises :class:`SettingsError` whose message is one line naming the variable; secret
values are never part of a message, a ``repr`` or a log line.

Usage::

    settings = load_settings(os.environ)
    settings.socket_mode        # True when SLACK_APP_TOKEN is set
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from recon import SOURCES, Side, SourceSettings, load_source_settings

#: Slack's Web API; ``SLACK_API_URL`` overrides it (a proxy, or the tests' fake server).
DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_PORT = 3000
#: The largest upload the bot downloads, in MB (``RECON_MAX_UPLOAD_MB``).
DEFAULT_MAX_UPLOAD_MB = 25
#: recon reads at most 200 MB per file; a larger upload limit would only fail later.
MAX_UPLOAD_MB_CEILING = 200
#: The address HTTP mode listens on: this host only, behind a TLS proxy (``RECON_BIND``).
DEFAULT_BIND = "127.0.0.1"
#: The largest HTTP request body read, in MB (``RECON_MAX_REQUEST_MB``); Slack's are tiny.
DEFAULT_MAX_REQUEST_MB = 2
MAX_REQUEST_MB_CEILING = 50
#: ``RECON_LOG_LEVEL`` values.
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
_HOSTNAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?$")

#: The source a side uses when the watched folder is set and no source is named.
FOLDER = "folder"
_SWITCH = {"on": True, "true": True, "yes": True, "1": True}
_SWITCH |= {"off": False, "false": False, "no": False, "0": False}

_USER_ID = re.compile(r"^[UW][A-Z0-9]{6,}$")
_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{6,}$")


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line naming the variable."""


@dataclass(frozen=True)
class BotSettings:
    """Everything the bot is configured with.

    Attributes:
        bot_token: ``SLACK_BOT_TOKEN`` (``xoxb-...``); never shown.
        signing_secret: ``SLACK_SIGNING_SECRET``; required in HTTP mode; never shown.
        app_token: ``SLACK_APP_TOKEN`` (``xapp-...``); set for Socket Mode; never shown.
        db_path: ``RECON_DB``; None for recon's default location.
        admins: ``RECON_ADMINS``: Slack user ids allowed to configure the bot and act on
            any gap.
        billing_channel: ``RECON_BILLING_CHANNEL``: channel id for the digest and for
            clients nobody owns; the store's ``billing_channel`` setting wins when set.
        api_url: ``SLACK_API_URL``: the Web API base URL, ending with ``/``.
        port: ``PORT``: the HTTP port in HTTP mode (default 3000); also ``/healthz``.
        bind: ``RECON_BIND``: the address to listen on (default ``127.0.0.1``: this host
            only, behind a reverse proxy; ``0.0.0.0`` only when asked).
        max_request_bytes: ``RECON_MAX_REQUEST_MB`` in bytes (default 2 MB): a larger HTTP
            body is refused before it is read.
        log_level: ``RECON_LOG_LEVEL`` (default ``INFO``).
        max_upload_bytes: ``RECON_MAX_UPLOAD_MB`` in bytes (default 25 MB).
        vendor_source: ``RECON_VENDOR_SOURCE``: where scheduled runs and ``/reconcile run``
            read the vendor side (``pax8``, ``partner-center``, ``folder``); by default the
            watched folder when ``RECON_WATCH_DIR`` is set, else the one configured vendor
            API; None when there is none.
        psa_source: ``RECON_PSA_SOURCE``: likewise for the PSA side (``connectwise``,
            ``autotask``, ``folder``).
        sources: every source's settings (their variables; see ``.env.example``).
        webhook_secret: ``RECON_WEBHOOK_SECRET``: signs the alerts POSTed to the store's
            ``webhook_url``; without it no webhook is sent; never shown.
        scheduler: ``RECON_SCHEDULER`` (default on): run scheduled reconciliations and the
            weekly digest in this process (one process per database holds the schedule).
    """

    bot_token: str = field(repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    db_path: Path | None = None
    admins: frozenset[str] = frozenset()
    billing_channel: str | None = None
    api_url: str = DEFAULT_API_URL
    port: int = DEFAULT_PORT
    bind: str = DEFAULT_BIND
    max_request_bytes: int = DEFAULT_MAX_REQUEST_MB * 1024 * 1024
    log_level: str = "INFO"
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_MB * 1024 * 1024
    vendor_source: str | None = None
    psa_source: str | None = None
    sources: SourceSettings = field(default_factory=SourceSettings, repr=False)
    webhook_secret: str | None = field(default=None, repr=False)
    scheduler: bool = True

    @property
    def socket_mode(self) -> bool:
        """True when the bot connects over Socket Mode (``SLACK_APP_TOKEN`` is set)."""
        return self.app_token is not None

    def is_admin(self, user_id: str) -> bool:
        """True when the user is a billing admin (``RECON_ADMINS``)."""
        return user_id in self.admins


def load_settings(env: Mapping[str, str]) -> BotSettings:
    """Build the settings from environment variables.

    Args:
        env: the environment (``os.environ``, after ``.env`` was loaded).

    Returns:
        The settings.

    Raises:
        SettingsError: a required variable is missing or a value is malformed.
    """
    bot_token = _secret(env, "SLACK_BOT_TOKEN", prefix="xoxb-", what="a bot token")
    if bot_token is None:
        raise SettingsError(
            "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-...) from the "
            "app's OAuth & Permissions page into .env"
        )
    app_token = _secret(env, "SLACK_APP_TOKEN", prefix="xapp-", what="an app-level token")
    signing_secret = _value(env, "SLACK_SIGNING_SECRET")
    if app_token is None and signing_secret is None:
        raise SettingsError(
            "SLACK_SIGNING_SECRET is not set: HTTP mode needs it (Basic Information > "
            "Signing Secret), or set SLACK_APP_TOKEN to use Socket Mode"
        )
    admins_text = _value(env, "RECON_ADMINS")
    if admins_text is None:
        raise SettingsError(
            "RECON_ADMINS is not set: give the Slack member ids of the billing admins, "
            "comma-separated (e.g. U0123ABCD,U0456EFGH)"
        )
    admins = [part.strip() for part in admins_text.split(",") if part.strip()]
    bad = [a for a in admins if not _USER_ID.match(a)]
    if bad or not admins:
        raise SettingsError(
            f"RECON_ADMINS must be Slack member ids like U0123ABCD, comma-separated; "
            f"{bad[0] if bad else admins_text!r} is not one"
        )
    channel = _value(env, "RECON_BILLING_CHANNEL")
    if channel is not None and not _CHANNEL_ID.match(channel):
        raise SettingsError(
            f"RECON_BILLING_CHANNEL must be a channel id like C0123ABCD (channel details > "
            f"About), not {channel!r}"
        )
    db = _value(env, "RECON_DB")
    sources = load_source_settings(env)
    return BotSettings(
        bot_token=bot_token,
        signing_secret=signing_secret,
        app_token=app_token,
        db_path=Path(db).expanduser() if db else None,
        admins=frozenset(admins),
        billing_channel=channel,
        api_url=_api_url(env),
        port=_port(env),
        bind=_bind(env),
        max_request_bytes=_max_request(env),
        log_level=log_level(env),
        max_upload_bytes=_max_upload(env),
        vendor_source=_source(env, "RECON_VENDOR_SOURCE", Side.VENDOR, sources),
        psa_source=_source(env, "RECON_PSA_SOURCE", Side.PSA, sources),
        sources=sources,
        webhook_secret=_value(env, "RECON_WEBHOOK_SECRET"),
        scheduler=_switch(env, "RECON_SCHEDULER", default=True),
    )


def _value(env: Mapping[str, str], name: str) -> str | None:
    text = env.get(name, "").strip()
    return text or None


def _secret(env: Mapping[str, str], name: str, *, prefix: str, what: str) -> str | None:
    value = _value(env, name)
    if value is not None and not value.startswith(prefix):
        # Never echo the value: it is a credential, however malformed.
        raise SettingsError(f"{name} must be {what} starting with {prefix}")
    return value


def _api_url(env: Mapping[str, str]) -> str:
    url = _value(env, "SLACK_API_URL") or DEFAULT_API_URL
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise SettingsError(f"SLACK_API_URL must be an http(s) URL, not {url!r}")
    if not url.endswith("/"):
        raise SettingsError(f"SLACK_API_URL must end with '/', as in {url + '/'!r}")
    return url


def _port(env: Mapping[str, str]) -> int:
    text = _value(env, "PORT")
    if text is None:
        return DEFAULT_PORT
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise SettingsError(f"PORT must be a port number between 1 and 65535, not {text!r}")
    return int(text)


def log_level(env: Mapping[str, str]) -> str:
    """``RECON_LOG_LEVEL``, checked (read before the rest, so logging works from the start).

    Raises:
        SettingsError: not one of DEBUG, INFO, WARNING, ERROR.
    """
    text = (_value(env, "RECON_LOG_LEVEL") or "INFO").upper()
    if text not in LOG_LEVELS:
        raise SettingsError(
            f"RECON_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not "
            f"{env.get('RECON_LOG_LEVEL', '')!r}"
        )
    return text


def _bind(env: Mapping[str, str]) -> str:
    text = _value(env, "RECON_BIND")
    if text is None:
        return DEFAULT_BIND
    try:
        ipaddress.ip_address(text)
    except ValueError:
        if not _HOSTNAME.match(text):
            raise SettingsError(
                f"RECON_BIND must be an address to listen on, like 127.0.0.1 (this host only) "
                f"or 0.0.0.0 (every interface), not {text!r}"
            ) from None
    return text


def _max_request(env: Mapping[str, str]) -> int:
    text = _value(env, "RECON_MAX_REQUEST_MB")
    if text is None:
        return DEFAULT_MAX_REQUEST_MB * 1024 * 1024
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= MAX_REQUEST_MB_CEILING:
        raise SettingsError(
            f"RECON_MAX_REQUEST_MB must be a number of megabytes above 0 and at most "
            f"{MAX_REQUEST_MB_CEILING}, not {text!r}"
        )
    return int(value * 1024 * 1024)


def _max_upload(env: Mapping[str, str]) -> int:
    text = _value(env, "RECON_MAX_UPLOAD_MB")
    if text is None:
        return DEFAULT_MAX_UPLOAD_MB * 1024 * 1024
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= MAX_UPLOAD_MB_CEILING:
        raise SettingsError(
            f"RECON_MAX_UPLOAD_MB must be a number of megabytes above 0 and at most "
            f"{MAX_UPLOAD_MB_CEILING}, not {text!r}"
        )
    return int(value * 1024 * 1024)


def _source(env: Mapping[str, str], name: str, side: Side, sources: SourceSettings) -> str | None:
    """The source of one side: named, else the watched folder, else the one configured API."""
    fits = [info for info in SOURCES if info.side in (side, None)]
    names = ", ".join(info.name for info in fits)
    chosen = (_value(env, name) or "").lower().removeprefix("source:")
    if chosen:
        if chosen not in {info.name for info in fits}:
            raise SettingsError(
                f"{name} must be one of {names} (a {side.value} source), not {chosen!r}"
            )
        missing = sources.missing.get(chosen)
        if missing:
            raise SettingsError(f"{name}={chosen} needs {', '.join(missing)}")
        return chosen
    if sources.folder is not None:
        return FOLDER
    ready = [info.name for info in fits if info.side is side and info.name not in sources.missing]
    if len(ready) > 1:
        raise SettingsError(
            f"{name} is not set and {' and '.join(ready)} are both configured: say which one "
            f"scheduled runs read"
        )
    return ready[0] if ready else None


def _switch(env: Mapping[str, str], name: str, *, default: bool) -> bool:
    text = _value(env, name)
    if text is None:
        return default
    if text.lower() not in _SWITCH:
        raise SettingsError(f"{name} must be on or off, not {text!r}")
    return _SWITCH[text.lower()]
