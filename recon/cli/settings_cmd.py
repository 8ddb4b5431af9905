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
from recon.cli.store_render import render_settings, settings_records
from recon.money import format_money
from recon.store import SETTING_KEYS, setting_help


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
    settings = open_store(db_path, read_only=True).settings()
    if output_format == "json":
        click.echo(json.dumps(settings.as_json(), indent=2))
    elif output_format == "csv":
        click.echo(records_csv(settings_records(settings)), nl=False)
    else:
        click.echo(render_settings(settings))


_SET_HELP = (
    'Change a setting; VALUE "default" puts it back to its default.\n\n'
    "KEY is one of:\n\n"
    + "\n\n".join(f"{key}: {setting_help(key)}." for key in SETTING_KEYS)
    + '\n\nExample:\n\n    recon settings set threshold 50 --client "Acme"\n\n'
    "    recon settings set timezone America/New_York"
)


@settings_group.command("set", help=_SET_HELP)
@click.argument("key", type=click.Choice(SETTING_KEYS))
@click.argument("value")
@click.option("--client", metavar="NAME", help="Set the threshold for this client only.")
@by_option
@db_option
@reports_errors
def settings_set(
    key: str, value: str, client: str | None, by: str | None, db_path: Path | None
) -> None:
    # The help comes from the settings table (_SET_HELP), so documented defaults are the
    # code's. Setting up before a first run is normal, so this may create the database.
    store = open_store(db_path, create=True)
    now = store.set_setting(key, value, by=resolve_by(by), client=client)
    if isinstance(now, Decimal):
        shown = format_money(now)
    else:
        shown = "(not set)" if now is None else str(now)
    where = f" for {client!r}" if client else ""
    click.echo(f"{key}{where} is now {shown}.")
