"""``recon owners set/list/import/export``: who looks after each client.

Owners can be given before any run: a client no run has shown yet is kept by its name and
matched when a run first shows it (``owners list`` says which run did).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from recon.cli.options import (
    by_option,
    db_option,
    emit,
    format_option,
    open_store,
    reason_option,
    reports_errors,
    resolve_by,
)
from recon.cli.output import check_output, write_atomic
from recon.errors import InputError, UsageError


def register(cli: click.Group) -> None:
    """Add ``owners`` (and the older ``owner set``) to the command group."""
    cli.add_command(owners_group)
    cli.add_command(owner_group)


@click.group("owners")
def owners_group() -> None:
    """Say who owns each client: their gaps go to that account manager by DM.

    Example:

        recon owners set "Wayne Enterprises" U0123ABCD
    """


def _set(
    *,
    client: str,
    owner: str | None,
    slack_user: str | None,
    email: str | None,
    billing_owner: str | None,
    by: str | None,
    reason: str | None,
    db_path: Path | None,
) -> None:
    from recon.cli.store_render import render_owner
    from recon.store import split_person

    if owner is not None:
        if slack_user or email:
            raise UsageError("give the owner once: as OWNER, or with --slack-user / --email")
        slack_user, email = split_person(owner)
    store = open_store(db_path, create=True)  # owners may come before the first run
    saved = store.set_owner(
        client,
        slack_user=slack_user,
        email=email,
        billing_owner=billing_owner,
        by=resolve_by(by),
        reason=reason,
    )
    click.echo(f"Saved: {render_owner(saved)}")


_OWNER_OPTIONS = (
    click.option("--slack-user", metavar="U0123ABCD", help="The account manager's Slack user."),
    click.option("--email", metavar="E", help="Their e-mail (the bot finds them in Slack by it)."),
    click.option("--billing-owner", metavar="U0456EFGH", help="Who gets escalations."),
)


@owners_group.command("set")
@click.argument("client")
@click.argument("owner", required=False)
@_OWNER_OPTIONS[0]
@_OWNER_OPTIONS[1]
@_OWNER_OPTIONS[2]
@by_option
@reason_option
@db_option
@reports_errors
def owners_set(
    *,
    client: str,
    owner: str | None,
    slack_user: str | None,
    email: str | None,
    billing_owner: str | None,
    by: str | None,
    reason: str | None,
    db_path: Path | None,
) -> None:
    """Make OWNER (a Slack user id or an e-mail) the account manager of CLIENT.

    CLIENT may be any name, also one no run has shown yet: it is kept as written and
    matched when a run first shows a client with the same normalised name ("Acme Corp."
    finds "ACME Corporation"). A name that is part of one known client's name means that
    client. Creates the database if there is none yet.

    Example:

        recon owners set "Wayne Enterprises" U0123ABCD

        recon owners set "Acme" --email dana@msp.example --billing-owner U0456EFGH
    """
    _set(
        client=client,
        owner=owner,
        slack_user=slack_user,
        email=email,
        billing_owner=billing_owner,
        by=by,
        reason=reason,
        db_path=db_path,
    )


@owners_group.command("list")
@click.option("--client", metavar="NAME", help="Only this client's owner (a name or part of one).")
@format_option
@db_option
@reports_errors
def owners_list(client: str | None, output_format: str, db_path: Path | None) -> None:
    """List every client's owner, and which run matched owners given before a run.

    Example:

        recon owners list --format csv

        recon owners list --client wayne
    """
    from recon.cli.store_render import render_owners

    store = open_store(db_path, read_only=True)
    if client is None:
        found = store.owners()
    else:
        owner = store.owner_for(store.resolve_client(client))
        found = [] if owner is None else [owner]
    emit(output_format, [o.as_json() for o in found], lambda: render_owners(found))


@owners_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@by_option
@db_option
@reports_errors
def owners_import(file: Path, by: str | None, db_path: Path | None) -> None:
    """Assign the account managers listed in FILE: every row, or none if any row is bad.

    FILE has two columns, the client and its account manager (a Slack user id like
    U0123ABCD, or an e-mail): `client,owner`. The header row may be left out. The four
    columns `owners export` writes (client, slack_user, email, billing_owner) work too.
    Clients no run has shown yet are kept for the first run that shows them. Creates the
    database if there is none yet.

    Example:

        recon owners import owners.csv
    """
    from recon.store import read_owners_csv

    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError("not UTF-8 text; save the file as CSV UTF-8", path=str(file)) from err
    rows = read_owners_csv(text, path=str(file))
    store = open_store(db_path, create=True)
    done = store.import_owners(rows, by=resolve_by(by), source=str(file))
    waiting = f"; {done.waiting} wait for a run to show their client" if done.waiting else ""
    click.echo(
        f"Imported {file}: {done.added} added, {done.changed} changed, "
        f"{done.unchanged} already as given{waiting}."
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
    from recon.store import write_owners_csv

    if output is not None:
        check_output(output)
    owners = open_store(db_path, read_only=True).owners()
    if output is None:
        write_owners_csv(owners, sys.stdout)
        return
    buffer = io.StringIO(newline="")
    write_owners_csv(owners, buffer)
    write_atomic(output, buffer.getvalue())
    click.echo(f"Wrote {len(owners)} owner{'s' if len(owners) != 1 else ''} to {output}.", err=True)


@click.group("owner", hidden=True)
def owner_group() -> None:
    """The older spelling of ``recon owners set``.

    Example:

        recon owner set "Acme" --slack-user U0123ABCD
    """


@owner_group.command("set")
@click.argument("client")
@click.argument("owner", required=False)
@_OWNER_OPTIONS[0]
@_OWNER_OPTIONS[1]
@_OWNER_OPTIONS[2]
@by_option
@reason_option
@db_option
@reports_errors
def owner_set(
    *,
    client: str,
    owner: str | None,
    slack_user: str | None,
    email: str | None,
    billing_owner: str | None,
    by: str | None,
    reason: str | None,
    db_path: Path | None,
) -> None:
    """Same as ``recon owners set``.

    Example:

        recon owner set "Acme" --slack-user U0123ABCD
    """
    _set(
        client=client,
        owner=owner,
        slack_user=slack_user,
        email=email,
        billing_owner=billing_owner,
        by=by,
        reason=reason,
        db_path=db_path,
    )
