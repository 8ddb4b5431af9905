"""``recon owner set`` and ``recon owners import/export``: who looks after each client."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from recon.cli.options import by_option, db_option, reports_errors, resolve_by, resolve_db
from recon.cli.output import check_output, write_atomic
from recon.cli.store_render import render_owner
from recon.errors import InputError
from recon.store import Store, read_owners_csv, write_owners_csv


def register(cli: click.Group) -> None:
    """Add ``owner`` and ``owners`` to the command group."""
    cli.add_command(owner_group)
    cli.add_command(owners_group)


@click.group("owner")
def owner_group() -> None:
    """Set the account manager of one client.

    Example:

        recon owner set "Acme" --slack-user U0123ABCD --email ann@msp.example
    """


@owner_group.command("set")
@click.argument("client")
@click.option("--slack-user", required=True, metavar="UXXXX", help="The account manager.")
@click.option("--email", metavar="E", help="Their e-mail, to find them in Slack.")
@click.option("--billing-owner", metavar="UYYYY", help="Who gets escalations.")
@by_option
@db_option
@reports_errors
def owner_set(
    *,
    client: str,
    slack_user: str,
    email: str | None,
    billing_owner: str | None,
    by: str | None,
    db_path: Path | None,
) -> None:
    """Make a Slack user the account manager of CLIENT (a name or part of one).

    Example:

        recon owner set "Acme" --slack-user U0123ABCD --billing-owner U0456EFGH
    """
    store = Store.open(resolve_db(db_path))
    owner = store.set_owner(
        client, slack_user=slack_user, email=email, billing_owner=billing_owner, by=resolve_by(by)
    )
    click.echo(f"Saved: {render_owner(owner)}")


@click.group("owners")
def owners_group() -> None:
    """Assign account managers in bulk, from and to a CSV file.

    The CSV has columns client, slack_user, email, billing_owner.

    Example:

        recon owners export --output owners.csv
    """


@owners_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@by_option
@db_option
@reports_errors
def owners_import(file: Path, by: str | None, db_path: Path | None) -> None:
    """Assign the account managers listed in FILE: every row, or none if any row is bad.

    Example:

        recon owners import owners.csv
    """
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError("not UTF-8 text; save the file as CSV UTF-8", path=str(file)) from err
    rows = read_owners_csv(text, path=str(file))
    store = Store.open(resolve_db(db_path))
    done = store.import_owners(rows, by=resolve_by(by), source=str(file))
    click.echo(
        f"Imported {file}: {done.added} added, {done.changed} changed, "
        f"{done.unchanged} already as given."
    )


@owners_group.command("export")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file instead of standard output.",
)
@db_option
@reports_errors
def owners_export(output: Path | None, db_path: Path | None) -> None:
    """Write every client's owner as CSV (the format ``owners import`` reads).

    Example:

        recon owners export --output owners.csv
    """
    if output is not None:
        check_output(output)
    owners = Store.open(resolve_db(db_path)).owners()
    if output is None:
        write_owners_csv(owners, sys.stdout)
        return
    buffer = io.StringIO(newline="")
    write_owners_csv(owners, buffer)
    write_atomic(output, buffer.getvalue())
    click.echo(f"Wrote {len(owners)} owner{'s' if len(owners) != 1 else ''} to {output}.", err=True)
