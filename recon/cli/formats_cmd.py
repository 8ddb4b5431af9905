"""``recon formats`` and ``recon detect``: what the tool can read, and what it sees in a file."""

from __future__ import annotations

from pathlib import Path

import click

from recon.cli.options import emit, format_option, records_json, reports_errors
from recon.model import Role, Side

#: What :func:`recon.formats.list_formats` answers: name, label, side and required roles of
#: each format, specific ones first. Written out so that ``recon formats`` lists them without
#: importing the readers (and with them pandas and numpy); a test keeps the two equal.
KNOWN_FORMATS: tuple[tuple[str, str, Side, tuple[str, ...]], ...] = (
    (
        "microsoft_nce",
        "Microsoft Partner Center (new commerce) billed reconciliation",
        Side.VENDOR,
        ("client", "quantity", "product or sku"),
    ),
    (
        "microsoft_legacy",
        "Microsoft Partner Center (legacy license-based) reconciliation",
        Side.VENDOR,
        ("client", "quantity", "product or sku"),
    ),
    ("pax8_invoice", "Pax8 invoice items", Side.VENDOR, ("client", "quantity", "product or sku")),
    (
        "pax8_subscriptions",
        "Pax8 subscriptions",
        Side.VENDOR,
        ("client", "quantity", "product or sku"),
    ),
    (
        "connectwise",
        "ConnectWise Manage agreement additions",
        Side.PSA,
        ("client", "quantity", "product or sku", "unit_price or amount"),
    ),
    (
        "autotask",
        "Autotask recurring service contracts",
        Side.PSA,
        ("client", "quantity", "product or sku", "unit_price or amount"),
    ),
    (
        "kaseya_bms",
        "Kaseya BMS recurring services",
        Side.PSA,
        ("client", "quantity", "product or sku", "unit_price or amount"),
    ),
    (
        "halopsa",
        "HaloPSA recurring invoices",
        Side.PSA,
        ("client", "quantity", "product or sku", "unit_price or amount"),
    ),
    (
        "generic_vendor",
        "generic vendor export",
        Side.VENDOR,
        ("client", "quantity", "product or sku"),
    ),
    (
        "generic_psa",
        "generic PSA export",
        Side.PSA,
        ("client", "quantity", "product or sku", "unit_price or amount"),
    ),
)


def register(cli: click.Group) -> None:
    """Add ``formats`` and ``detect`` to the command group."""
    cli.add_command(formats)
    cli.add_command(detect)


@click.command()
@format_option
def formats(output_format: str) -> None:
    """List the export formats recon recognises, and the column roles --map accepts.

    Example:

        recon formats
    """
    rows = [
        {"name": name, "label": label, "side": side.value, "required": list(required)}
        for name, label, side, required in KNOWN_FORMATS
    ]
    if output_format == "json":
        click.echo(records_json({"formats": rows, "roles": [role.value for role in Role]}))
        return
    if output_format == "csv":
        emit("csv", rows, str)
        return
    width = max(len(name) for name, *_ in KNOWN_FORMATS)
    for name, label, side, required in KNOWN_FORMATS:
        click.echo(f"{name.ljust(width)}  {side.value:<6}  {label}")
        click.echo(f"{'':{width}}          needs: {', '.join(required)}")
    click.echo("")
    click.echo("Roles for --map ROLE=COLUMN: " + ", ".join(role.value for role in Role))


@click.command()
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@format_option
@reports_errors
def detect(export: Path, output_format: str) -> None:
    """Show which format a file looks like, which side it is, and which column fills each role.

    Use it when a file is not recognised, or to check a column before passing --map.

    Example:

        recon detect examples/psa_connectwise.csv
    """
    from recon.formats import detect_export

    found = detect_export(export)
    used = set(found.columns.values())
    if output_format != "table":
        doc = {
            "file": str(export),
            "format": found.format_name,
            "format_label": found.format_label,
            "side": found.side.value if found.side else None,
            "columns": dict(found.columns),
            "unused": [h for h in found.headers if h not in used],
        }
        rows = [
            {"file": str(export), "format": found.format_name, "role": role, "column": header}
            for role, header in found.columns.items()
        ]
        if output_format == "csv":
            emit("csv", rows, str)
        else:
            click.echo(records_json(doc))
        return
    side = found.side.value if found.side else "either (say which with the position in reconcile)"
    click.echo(f"{export}: {found.format_label} ({found.format_name}), side: {side}")
    for role, header in found.columns.items():
        click.echo(f"  {role:<16} <- {header!r}")
    unused = [h for h in found.headers if h not in set(found.columns.values())]
    if unused:
        click.echo("  not used: " + ", ".join(repr(h) for h in unused))
