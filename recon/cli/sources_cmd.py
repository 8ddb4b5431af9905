"""``recon pull`` and ``recon sources``: fetch from vendor and PSA APIs, see what is set up."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from recon.cli.options import emit, format_option, reports_errors
from recon.cli.output import check_output, write_atomic
from recon.model import LineSet, Side

if TYPE_CHECKING:
    from recon.sources import SourceStatus

#: The columns of a pulled CSV that hold names (quantities and prices stay numbers).
_NAME_COLUMNS = ("client", "client_id", "product", "sku")
#: :data:`recon.sources.SOURCE_NAMES`, written out so that ``--help`` needs no source module
#: (they import the readers, and with them pandas); a test keeps them equal.
SOURCE_NAMES = ("pax8", "partner-center", "connectwise", "autotask", "folder")


def register(cli: click.Group) -> None:
    """Add ``pull`` and ``sources`` to the command group."""
    cli.add_command(pull_command)
    cli.add_command(sources_command)


def _summary(lines: LineSet) -> str:
    skipped = ", ".join(f"{reason} {count}" for reason, count in sorted(lines.skipped.items()))
    more = f"; skipped: {skipped}" if skipped else ""
    return (
        f"Pulled {lines.rows_used:,} {lines.side.value} lines from {lines.format_label} "
        f"({lines.rows_read:,} records read{more}); sha256 {lines.sha256[:12]}"
    )


@click.command("pull")
@click.argument("source", type=click.Choice(SOURCE_NAMES, case_sensitive=False))
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the CSV to this file instead of standard output.",
)
@click.option(
    "--side",
    type=click.Choice([s.value for s in Side]),
    help="Which side to read from the watched folder (only for `folder`).",
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date that decides cancelled/not-yet-effective lines (default: today, UTC).",
)
@reports_errors
def pull_command(
    source: str, output: Path | None, side: str | None, as_of: dt.datetime | None
) -> None:
    """Fetch one source's billing now and write it as a plain CSV you can check.

    The CSV has one row per seat line: client, client_id, product, sku, quantity and
    unit_price (monthly, per seat; empty when unknown). It reads back as an export, so it
    can be reconciled like any file. Credentials come from the environment (see
    `recon sources`).

    Example:

        recon pull pax8 --output pax8.csv

        recon pull folder --side psa
    """
    from recon.report import neutralise_csv
    from recon.sources import canonical_csv, load_source_settings, pull

    if output is not None:
        check_output(output)
    lines = pull(
        source,
        load_source_settings(),
        as_of=as_of.date() if as_of else None,
        side=Side(side) if side else None,
    )
    # Names come from the API: spreadsheet-safe, like every CSV recon writes.
    data = neutralise_csv(canonical_csv(lines).decode("utf-8"), _NAME_COLUMNS)
    if output is None:
        click.echo(data, nl=False)
    else:
        write_atomic(output, data)
    click.echo(_summary(lines) + (f"; written to {output}" if output else ""), file=sys.stderr)
    for warning in lines.warnings:
        click.echo(f"Warning: {warning}", file=sys.stderr)


def _status_row(status: SourceStatus) -> dict[str, object]:
    return {
        "name": status.info.name,
        "label": status.info.label,
        "side": status.info.side.value if status.info.side else "either",
        "configured": status.configured,
        "missing": list(status.missing),
        "required": list(status.info.env.required),
        "optional": list(status.info.env.optional),
    }


@click.command("sources")
@format_option
def sources_command(output_format: str) -> None:
    """List the sources you can pull from, and what each still needs.

    Nothing is contacted: a source is "ready" when its settings are present. Secrets and
    URLs are never shown.

    Example:

        recon sources
    """
    from recon.sources import load_source_settings, source_statuses

    statuses = source_statuses(load_source_settings())
    if output_format != "table":
        emit(output_format, [_status_row(s) for s in statuses], str)
        return
    width = max(len(s.info.name) for s in statuses)
    for status in statuses:
        side = status.info.side.value if status.info.side else "either"
        state = "ready" if status.configured else "needs " + ", ".join(status.missing)
        click.echo(f"{status.info.name:<{width}}  {side:<6}  {state}")
    optional = sorted({v for s in statuses for v in s.info.env.optional})
    click.echo(f"\nOptional (vendor defaults otherwise): {', '.join(optional)}")
