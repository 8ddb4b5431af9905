"""``recon settings show`` and ``recon settings set``."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import click

from recon.cli.options import (
    by_option,
    db_option,
    reports_errors,
    resolve_by,
    resolve_db,
    table_json_option,
)
from recon.cli.store_render import render_settings
from recon.money import format_money
from recon.store import SETTING_KEYS, Store


def register(cli: click.Group) -> None:
    """Add ``settings`` to the command group."""
    cli.add_command(settings_group)


@click.group("settings")
def settings_group() -> None:
    """Show or change the alert threshold, billing channel, time zone and grace periods.

    Example:

        recon settings set threshold 250
    """


@settings_group.command("show")
@table_json_option
@db_option
@reports_errors
def settings_show(output_format: str, db_path: Path | None) -> None:
    """Show every setting (defaults included) and per-client thresholds.

    Example:

        recon settings show
    """
    settings = Store.open(resolve_db(db_path)).settings()
    if output_format == "json":
        click.echo(json.dumps(settings.as_json(), indent=2))
    else:
        click.echo(render_settings(settings))


@settings_group.command("set")
@click.argument("key", type=click.Choice(SETTING_KEYS))
@click.argument("value")
@click.option("--client", metavar="NAME", help="Set the threshold for this client only.")
@by_option
@db_option
@reports_errors
def settings_set(
    key: str, value: str, client: str | None, by: str | None, db_path: Path | None
) -> None:
    """Change a setting; VALUE "default" puts it back to its default.

    KEY is one of threshold (an amount, default 100.00), billing_channel (C0123ABCD or
    #billing), timezone (IANA, default UTC), grace_days (0-365, default 7) and
    escalation_days (1-365, default 3).

    Example:

        recon settings set threshold 50 --client "Acme"
        recon settings set timezone America/New_York
    """
    store = Store.open(resolve_db(db_path))
    now = store.set_setting(key, value, by=resolve_by(by), client=client)
    if isinstance(now, Decimal):
        shown = format_money(now)
    else:
        shown = "(not set)" if now is None else str(now)
    where = f" for {client!r}" if client else ""
    click.echo(f"{key}{where} is now {shown}.")
