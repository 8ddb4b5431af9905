"""Settings from the environment (in one place), the registry, and opening sources by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from recon.errors import SourceError, UsageError
from recon.model import Side
from recon.sources import (
    ENV_VARS,
    SOURCE_NAMES,
    PartnerCenterSource,
    Pax8Source,
    Secret,
    is_source_name,
    load_source_settings,
    open_source,
    source_statuses,
)

FULL = {
    "PAX8_CLIENT_ID": "id",
    "PAX8_CLIENT_SECRET": "pax8-secret",
    "PARTNER_CENTER_TENANT_ID": "tenant-1",
    "PARTNER_CENTER_CLIENT_ID": "app",
    "PARTNER_CENTER_CLIENT_SECRET": "pc-secret",
    "CONNECTWISE_COMPANY_ID": "msp",
    "CONNECTWISE_PUBLIC_KEY": "cw-pub-Q1",
    "CONNECTWISE_PRIVATE_KEY": "cw-secret",
    "CONNECTWISE_CLIENT_ID": "guid",
    "AUTOTASK_USERNAME": "user@example.com",
    "AUTOTASK_SECRET": "at-secret",
    "AUTOTASK_INTEGRATION_CODE": "at-code-Z9",
    "RECON_WATCH_DIR": "~/exports",
}


def test_everything_set_configures_every_source_with_vendor_default_urls() -> None:
    settings = load_source_settings(FULL)
    assert settings.missing == {}
    assert settings.pax8 is not None and settings.pax8.api_url == "https://api.pax8.com/v1"
    assert settings.partner_center is not None
    assert settings.partner_center.token_url == (
        "https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token"
    )
    assert settings.connectwise is not None
    assert settings.connectwise.api_url.endswith("/v4_6_release/apis/3.0")
    assert settings.autotask is not None
    assert settings.autotask.zone_url.endswith("/zoneInformation")
    assert settings.folder is not None and settings.folder.path == Path("~/exports").expanduser()


def test_urls_can_be_overridden_and_lose_a_trailing_slash() -> None:
    env = {**FULL, "PAX8_API_URL": "https://sandbox.example/v1/", "CONNECTWISE_API_URL":
           "https://api-eu.myconnectwise.net/v2025_1/apis/3.0"}  # fmt: skip
    settings = load_source_settings(env)
    assert settings.pax8 is not None and settings.pax8.api_url == "https://sandbox.example/v1"
    assert settings.connectwise is not None
    assert settings.connectwise.api_url.startswith("https://api-eu.")


def test_missing_and_blank_variables_are_listed_per_source() -> None:
    env = {**FULL, "PAX8_CLIENT_SECRET": "  ", "AUTOTASK_SECRET": ""}
    del env["RECON_WATCH_DIR"]
    settings = load_source_settings(env)
    assert settings.pax8 is None and settings.autotask is None and settings.folder is None
    assert settings.missing == {
        "pax8": ("PAX8_CLIENT_SECRET",),
        "autotask": ("AUTOTASK_SECRET",),
        "folder": ("RECON_WATCH_DIR",),
    }
    assert settings.connectwise is not None


def test_a_url_that_is_not_a_url_is_named_but_not_echoed() -> None:
    settings = load_source_settings({**FULL, "PAX8_API_URL": "api.pax8.com?key=hunter2"})
    assert settings.pax8 is None
    assert settings.missing["pax8"] == ("PAX8_API_URL (not an http:// or https:// URL)",)
    assert "hunter2" not in repr(settings)


def test_secrets_never_show_in_settings_reprs() -> None:
    text = repr(load_source_settings(FULL))
    secret = ("PAX8_CLIENT_SECRET", "PARTNER_CENTER_CLIENT_SECRET", "CONNECTWISE_PRIVATE_KEY")
    secret += ("CONNECTWISE_PUBLIC_KEY", "AUTOTASK_SECRET", "AUTOTASK_INTEGRATION_CODE")
    for name in secret:
        assert FULL[name] not in text
    assert Secret("x") == Secret("x") and str(Secret("x")) == "Secret('***')"


def test_the_folder_remembers_next_to_the_database(tmp_path: Path) -> None:
    settings = load_source_settings(
        {"RECON_WATCH_DIR": "/mnt/x", "RECON_DB": str(tmp_path / "r.db")}
    )
    assert settings.folder is not None
    assert settings.folder.state_path == tmp_path / "watched.json"


def test_an_empty_environment_configures_nothing() -> None:
    settings = load_source_settings({})
    assert set(settings.missing) == set(SOURCE_NAMES)
    assert all(not s.configured for s in source_statuses(settings))


def test_the_registry_lists_every_source_with_its_side_and_variables() -> None:
    statuses = {s.info.name: s for s in source_statuses(load_source_settings(FULL))}
    assert list(statuses) == ["pax8", "partner-center", "connectwise", "autotask", "folder"]
    assert statuses["pax8"].info.side is Side.VENDOR
    assert statuses["autotask"].info.side is Side.PSA
    assert statuses["folder"].info.side is None
    assert all(s.configured and not s.missing for s in statuses.values())
    assert ENV_VARS["partner-center"].optional[-1] == "PARTNER_CENTER_GRAPH_URL"


@pytest.mark.parametrize(
    ("name", "kind"),
    [("pax8", Pax8Source), ("Partner-Center", PartnerCenterSource), ("source:pax8", Pax8Source)],
)
def test_sources_open_by_name(name: str, kind: type) -> None:
    source = open_source(name, load_source_settings(FULL))
    assert isinstance(source, kind)
    source.close()


def test_opening_an_unconfigured_source_names_what_to_set() -> None:
    with pytest.raises(SourceError) as info:
        open_source("autotask", load_source_settings({**FULL, "AUTOTASK_SECRET": ""}))
    assert info.value.kind == "not_configured"
    assert str(info.value) == "autotask: not configured; set AUTOTASK_SECRET"


def test_an_unknown_source_lists_the_known_ones() -> None:
    with pytest.raises(UsageError, match="pax8, partner-center, connectwise, autotask, folder"):
        open_source("quickbooks", load_source_settings(FULL))


@pytest.mark.parametrize(
    ("value", "expected"),
    [("pax8", True), (" CONNECTWISE ", True), ("source:folder", True), ("pax8.csv", False),
     ("./pax8", False), ("", False)],
)  # fmt: skip
def test_source_names_are_told_apart_from_files(value: str, expected: bool) -> None:
    assert is_source_name(value) is expected
