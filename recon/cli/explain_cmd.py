"""``recon explain``: why a vendor client matched, or didn't."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click

from recon.aggregate import group_side
from recon.catalog import load_catalog
from recon.cli.options import db_option, reports_errors, resolve_db, table_json_option
from recon.errors import UsageError
from recon.explain import explain_client, render_explanation
from recon.formats import read_export
from recon.match import ProductResolver
from recon.model import Side
from recon.store import Store


def register(cli: click.Group) -> None:
    """Add ``explain`` to the command group."""
    cli.add_command(explain)


@click.command()
@click.argument("vendor_name")
@click.option(
    "--vendor",
    "vendor_export",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The vendor export, so every vendor client takes part exactly as in a run.",
)
@click.option(
    "--psa",
    "psa_export",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Compare with the clients of this PSA export (default: the last run's PSA clients).",
)
@table_json_option
@db_option
@reports_errors
def explain(
    vendor_name: str,
    vendor_export: Path | None,
    psa_export: Path | None,
    output_format: str,
    db_path: Path | None,
) -> None:
    """Show why a vendor client name matched a PSA client, or went to review, or didn't match.

    Lists the name's key, the closest PSA clients with their scores and word differences,
    aliases and rejections that apply, and what past decisions taught the matcher. With both
    exports it reproduces a run exactly; without them it uses the last run's PSA clients.

    Example:

        recon explain "WAYNE ENT"

        recon explain "Harbor View Dental Partners" --vendor pax8.csv --psa connectwise.csv
    """
    store = Store.open(resolve_db(db_path))
    knowledge = store.knowledge()
    resolver = ProductResolver(load_catalog(), knowledge)

    def clients(path: Path, side: Side) -> list[str]:
        lines = read_export(path, side=side, saved_maps=knowledge.column_maps)
        return [c.name for c in group_side(lines.lines, side=side, resolver=resolver).clients]

    vendor_names = clients(vendor_export, Side.VENDOR) if vendor_export else []
    if psa_export is not None:
        psa_names = clients(psa_export, Side.PSA)
    else:
        psa_names = store.psa_client_names()
        if not psa_names:
            raise UsageError(
                "no run recorded yet to take PSA clients from; give a PSA export with --psa FILE"
            )
    explanation = explain_client(
        vendor_name, psa_names, vendor_names=vendor_names, knowledge=knowledge
    )
    if output_format == "json":
        click.echo(json.dumps(dataclasses.asdict(explanation), indent=2, default=str))
    else:
        click.echo(render_explanation(explanation), nl=False)
