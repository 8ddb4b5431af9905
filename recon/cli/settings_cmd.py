"""``recon settings show`` and ``recon settings set``."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import click

from recon.cli.options import (
    by_option,
    db_option,
    format_option,
    open_store,
    records_csv,
    reports_errors,
    resolve_by,
)
from recon.money import format_money


def register(cli: click.Group) -> None:
    """Add ``settings`` to the command group."""
    cli.add_command(settings_group)


@click.group("settings")
def settings_group() -> None:
    """Show or change the alert threshold, billing channel, time zone, grace periods,
    schedule and webhook.

    Example:

        recon settings set threshold 250
    """


@settings_group.command("show")
@format_option
@db_option
@reports_errors
def settings_show(output_format: str, db_path: Path | None) -> None:
    """Show every setting (defaults marked) and per-client thresholds.

    Example:

        recon settings show
    """
    from recon.cli.store_render import render_settings, settings_records

    settings = open_store(db_path, read_only=True).settings()
    if output_format == "json":
        click.echo(json.dumps(settings.as_json(), indent=2))
    elif output_format == "csv":
        click.echo(records_csv(settings_records(settings)), nl=False)
    else:
        click.echo(render_settings(settings))


_SET_SUMMARY = 'Change a setting; VALUE "default" puts it back to its default.'


def _set_help() -> str:
    """The help of ``settings set``, from the settings table (so documented defaults are the
    code's)."""
    from recon.store import SETTING_KEYS, setting_help

    return (
        f"{_SET_SUMMARY}\n\n"
        "KEY is one of:\n\n"
        + "\n\n".join(f"{key}: {setting_help(key)}." for key in SETTING_KEYS)
        + '\n\nExample:\n\n    recon settings set threshold 50 --client "Acme"\n\n'
        "    recon settings set timezone America/New_York"
    )


class _SettingKey(click.Choice[str]):
    """The setting keys, read from the store's table only when a key is checked or
    ``settings set --help`` shows them: the store imports pandas, and ``recon settings
    --help`` should not wait for it."""

    def __init__(self) -> None:
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        from recon.store import SETTING_KEYS

        return SETTING_KEYS

    @choices.setter
    def choices(self, value: object) -> None:
        """Ignored: the keys are always the store's."""


class _SetCommand(click.Command):
    """``settings set``, whose long help (every key, its meaning and default) is built from
    the store's settings table when it is shown, and whose summary is not."""

    @property
    def help(self) -> str:
        return _set_help()

    @help.setter
    def help(self, value: object) -> None:
        """Ignored: the help is always built from the settings table."""

    def get_short_help_str(self, limit: int = 45) -> str:
        # The same shortening click applies, from the summary alone.
        return click.Command(self.name, help=_SET_SUMMARY).get_short_help_str(limit)


@settings_group.command("set", cls=_SetCommand)
@click.argument("key", type=_SettingKey())
@click.argument("value")
@click.option("--client", metavar="NAME", help="Set the threshold for this client only.")
@by_option
@db_option
@reports_errors
def settings_set(
    key: str, value: str, client: str | None, by: str | None, db_path: Path | None
) -> None:
    # The help comes from the settings table (_set_help), so documented defaults are the
    # code's. Setting up before a first run is normal, so this may create the database.
    store = open_store(db_path, create=True)
    now = store.set_setting(key, value, by=resolve_by(by), client=client)
    if isinstance(now, Decimal):
        shown = format_money(now)
    else:
        shown = "(not set)" if now is None else str(now)
    where = f" for {client!r}" if client else ""
    click.echo(f"{key}{where} is now {shown}.")
