"""Connector settings, read from the environment in this one place.

Usage::

    settings = load_source_settings()        # os.environ, once, at startup
    settings.pax8                            # Pax8Settings, or None when not configured
    settings.missing["autotask"]             # ("AUTOTASK_SECRET",): what it still needs

Every URL has the vendor's public default; overriding it serves regional endpoints,
sandboxes, proxies and the fake servers of the tests. Secrets are wrapped in :class:`Secret`
so that a settings object can be printed or logged without showing them.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from recon.paths import default_db_path

PAX8_API_URL = "https://api.pax8.com/v1"
PAX8_TOKEN_URL = "https://api.pax8.com/v1/token"
PARTNER_CENTER_API_URL = "https://api.partnercenter.microsoft.com/v1"
#: ``{tenant_id}`` is replaced by ``PARTNER_CENTER_TENANT_ID``.
PARTNER_CENTER_TOKEN_URL = "https://login.microsoftonline.com/{tenant_id}/oauth2/v2.0/token"
PARTNER_CENTER_GRAPH_URL = "https://graph.microsoft.com/v1.0"
CONNECTWISE_API_URL = "https://api-na.myconnectwise.net/v4_6_release/apis/3.0"
AUTOTASK_ZONE_URL = "https://webservices.autotask.net/atservicesrest/v1.0/zoneInformation"
#: Seconds a file in the watched folder must stay unchanged before it is read.
DEFAULT_SETTLE_SECONDS = 10.0


@dataclass(frozen=True)
class EnvVars:
    """The environment variables of one source.

    Attributes:
        required: must be set (non-blank) for the source to be usable.
        optional: have a default (the vendor's public URL).
    """

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


#: Source name -> its environment variables. ``recon sources`` and ``.env.example`` use it.
ENV_VARS: Mapping[str, EnvVars] = {
    "pax8": EnvVars(("PAX8_CLIENT_ID", "PAX8_CLIENT_SECRET"), ("PAX8_API_URL", "PAX8_TOKEN_URL")),
    "partner-center": EnvVars(
        ("PARTNER_CENTER_TENANT_ID", "PARTNER_CENTER_CLIENT_ID", "PARTNER_CENTER_CLIENT_SECRET"),
        ("PARTNER_CENTER_API_URL", "PARTNER_CENTER_TOKEN_URL", "PARTNER_CENTER_GRAPH_URL"),
    ),
    "connectwise": EnvVars(
        (
            "CONNECTWISE_COMPANY_ID",
            "CONNECTWISE_PUBLIC_KEY",
            "CONNECTWISE_PRIVATE_KEY",
            "CONNECTWISE_CLIENT_ID",
        ),
        ("CONNECTWISE_API_URL",),
    ),
    "autotask": EnvVars(
        ("AUTOTASK_USERNAME", "AUTOTASK_SECRET", "AUTOTASK_INTEGRATION_CODE"),
        ("AUTOTASK_ZONE_URL",),
    ),
    "folder": EnvVars(("RECON_WATCH_DIR",)),
}


class Secret:
    """A credential that never shows itself in ``repr``, ``str``, logs or tracebacks.

    Usage::

        secret = Secret("s3cr3t")
        print(secret)          # Secret('***')
        secret.reveal()        # "s3cr3t", only where the request is built
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The value itself; call it only to build a request."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and hmac.compare_digest(self._value, other._value)

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)


@dataclass(frozen=True)
class Pax8Settings:
    """Pax8 partner API (OAuth client credentials).

    Attributes:
        client_id: ``PAX8_CLIENT_ID``.
        client_secret: ``PAX8_CLIENT_SECRET``.
        api_url: ``PAX8_API_URL`` (default ``https://api.pax8.com/v1``).
        token_url: ``PAX8_TOKEN_URL`` (default ``https://api.pax8.com/v1/token``; the older
            ``https://token-manager.pax8.com/auth/token`` works too).
    """

    client_id: str
    client_secret: Secret
    api_url: str = PAX8_API_URL
    token_url: str = PAX8_TOKEN_URL


@dataclass(frozen=True)
class PartnerCenterSettings:
    """Microsoft Partner Center, with an Entra app (application credentials).

    Attributes:
        tenant_id: ``PARTNER_CENTER_TENANT_ID``, the partner's own tenant.
        client_id: ``PARTNER_CENTER_CLIENT_ID``, the Entra app id.
        client_secret: ``PARTNER_CENTER_CLIENT_SECRET``.
        api_url: ``PARTNER_CENTER_API_URL`` (default the public v1 API).
        token_url: ``PARTNER_CENTER_TOKEN_URL`` (default the Entra v2 token endpoint of the
            tenant).
        graph_url: ``PARTNER_CENTER_GRAPH_URL`` (default ``https://graph.microsoft.com/v1.0``),
            where the billed reconciliation export lives.
    """

    tenant_id: str
    client_id: str
    client_secret: Secret
    api_url: str = PARTNER_CENTER_API_URL
    token_url: str = PARTNER_CENTER_TOKEN_URL
    graph_url: str = PARTNER_CENTER_GRAPH_URL


@dataclass(frozen=True)
class ConnectWiseSettings:
    """ConnectWise Manage REST API (API member keys plus a developer client id).

    Attributes:
        company_id: ``CONNECTWISE_COMPANY_ID``, the login company.
        public_key: ``CONNECTWISE_PUBLIC_KEY``.
        private_key: ``CONNECTWISE_PRIVATE_KEY``.
        client_id: ``CONNECTWISE_CLIENT_ID``, from developer.connectwise.com.
        api_url: ``CONNECTWISE_API_URL``, the site and API path (default
            ``https://api-na.myconnectwise.net/v4_6_release/apis/3.0``).
    """

    company_id: str
    public_key: Secret
    private_key: Secret
    client_id: str
    api_url: str = CONNECTWISE_API_URL


@dataclass(frozen=True)
class AutotaskSettings:
    """Autotask (Datto) REST API (API user, secret and tracking identifier).

    Attributes:
        username: ``AUTOTASK_USERNAME``, the API user's name.
        secret: ``AUTOTASK_SECRET``.
        integration_code: ``AUTOTASK_INTEGRATION_CODE``, the API tracking identifier.
        zone_url: ``AUTOTASK_ZONE_URL`` (default the public zone-information endpoint).
    """

    username: str
    secret: Secret
    integration_code: Secret
    zone_url: str = AUTOTASK_ZONE_URL


@dataclass(frozen=True)
class FolderSettings:
    """A watched folder (local path or mounted share) where exports land.

    Attributes:
        path: ``RECON_WATCH_DIR``.
        state_path: where what was last reconciled is remembered (default ``watched.json``
            next to the default database).
        settle_seconds: how long a file must stay the same size and age before it is read
            (default 10).
    """

    path: Path
    state_path: Path
    settle_seconds: float = DEFAULT_SETTLE_SECONDS


@dataclass(frozen=True)
class SourceSettings:
    """Settings of every source; a source that is not configured is None.

    Attributes:
        pax8: Pax8, or None.
        partner_center: Microsoft Partner Center, or None.
        connectwise: ConnectWise Manage, or None.
        autotask: Autotask, or None.
        folder: the watched folder, or None.
        missing: source name -> variables still to set (or set wrongly) for it to work.
    """

    pax8: Pax8Settings | None = None
    partner_center: PartnerCenterSettings | None = None
    connectwise: ConnectWiseSettings | None = None
    autotask: AutotaskSettings | None = None
    folder: FolderSettings | None = None
    missing: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


class _Reader:
    """Reads one source's variables and notes what is missing or malformed."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.problems: list[str] = []

    def required(self, name: str) -> str:
        value = self.env.get(name, "").strip()
        if not value:
            self.problems.append(name)
        return value

    def url(self, name: str, default: str) -> str:
        value = self.env.get(name, "").strip() or default
        parts = urlsplit(value.replace("{tenant_id}", "tenant"))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            # The value itself is never echoed: a URL may carry a key in its query string.
            self.problems.append(f"{name} (not an http:// or https:// URL)")
        return value.rstrip("/")

    def take(self) -> tuple[str, ...]:
        problems, self.problems = tuple(self.problems), []
        return problems


def load_source_settings(environ: Mapping[str, str] | None = None) -> SourceSettings:
    """Read every source's settings from the environment.

    Args:
        environ: the environment to read (default: ``os.environ``).

    Returns:
        The settings; sources missing a required variable are None and listed in
        :attr:`SourceSettings.missing`. Nothing is contacted and nothing is raised here:
        opening an unconfigured source raises ``SourceError(kind="not_configured")``.
    """
    env = os.environ if environ is None else environ
    read = _Reader(env)
    missing: dict[str, tuple[str, ...]] = {}

    pax8: Pax8Settings | None = Pax8Settings(
        client_id=read.required("PAX8_CLIENT_ID"),
        client_secret=Secret(read.required("PAX8_CLIENT_SECRET")),
        api_url=read.url("PAX8_API_URL", PAX8_API_URL),
        token_url=read.url("PAX8_TOKEN_URL", PAX8_TOKEN_URL),
    )
    if problems := read.take():
        pax8, missing["pax8"] = None, problems

    tenant = read.required("PARTNER_CENTER_TENANT_ID")
    partner_center: PartnerCenterSettings | None = PartnerCenterSettings(
        tenant_id=tenant,
        client_id=read.required("PARTNER_CENTER_CLIENT_ID"),
        client_secret=Secret(read.required("PARTNER_CENTER_CLIENT_SECRET")),
        api_url=read.url("PARTNER_CENTER_API_URL", PARTNER_CENTER_API_URL),
        token_url=read.url("PARTNER_CENTER_TOKEN_URL", PARTNER_CENTER_TOKEN_URL).replace(
            "{tenant_id}", tenant
        ),
        graph_url=read.url("PARTNER_CENTER_GRAPH_URL", PARTNER_CENTER_GRAPH_URL),
    )
    if problems := read.take():
        partner_center, missing["partner-center"] = None, problems

    connectwise: ConnectWiseSettings | None = ConnectWiseSettings(
        company_id=read.required("CONNECTWISE_COMPANY_ID"),
        public_key=Secret(read.required("CONNECTWISE_PUBLIC_KEY")),
        private_key=Secret(read.required("CONNECTWISE_PRIVATE_KEY")),
        client_id=read.required("CONNECTWISE_CLIENT_ID"),
        api_url=read.url("CONNECTWISE_API_URL", CONNECTWISE_API_URL),
    )
    if problems := read.take():
        connectwise, missing["connectwise"] = None, problems

    autotask: AutotaskSettings | None = AutotaskSettings(
        username=read.required("AUTOTASK_USERNAME"),
        secret=Secret(read.required("AUTOTASK_SECRET")),
        integration_code=Secret(read.required("AUTOTASK_INTEGRATION_CODE")),
        zone_url=read.url("AUTOTASK_ZONE_URL", AUTOTASK_ZONE_URL),
    )
    if problems := read.take():
        autotask, missing["autotask"] = None, problems

    folder: FolderSettings | None = None
    watch = read.required("RECON_WATCH_DIR")
    if problems := read.take():
        missing["folder"] = problems
    else:
        folder = FolderSettings(
            path=Path(watch).expanduser(),
            state_path=default_db_path(env).parent / "watched.json",
        )

    return SourceSettings(pax8, partner_center, connectwise, autotask, folder, missing)
