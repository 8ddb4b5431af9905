"""``recon gaps``, ``resolve``, ``accept``, ``snooze``, ``reopen``: the gaps and what to do
about them, exactly as the Slack buttons do it."""

from __future__ import annotations

from datetime import datetime
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

#: The values of ``--status``: each :class:`recon.store.GapStatus`, then
#: :data:`recon.store.ALL_STATUSES`. Written out so that ``--help`` needs no store (which
#: imports pandas); a test keeps them equal.
_STATUSES = ["open", "resolved", "accepted", "snoozed", "fixed", "all"]


def register(cli: click.Group) -> None:
    """Add the gap commands to the command group."""
    for command in (gaps_command, resolve_command, accept_command, snooze_command, reopen_command):
        cli.add_command(command)


@click.command("gaps")
@click.option(
    "--status",
    type=click.Choice(_STATUSES),
    default="open",
    show_default=True,
    help="Which gaps to list.",
)
@click.option("--client", metavar="NAME", help="Only this client's gaps (a name or part of one).")
@format_option
@db_option
@reports_errors
def gaps_command(status: str, client: str | None, output_format: str, db_path: Path | None) -> None:
    """List the gaps recon remembers: money at stake first, then client, then product.

    Each gap keeps one id across runs (the ID that resolve, accept, snooze, reopen and
    log --gap take), with its status (new, open, escalated, resolved, accepted, snoozed,
    fixed), when it was first seen, how many runs showed it and the money leaked since.
    An open gap whose seats can be reduced only for a while says by when ("act by
    2026-12-06 (2 days left)").

    Example:

        recon gaps --status all --client "Acme" --format json
    """
    from recon.cli.store_render import gap_record, render_gaps

    store = open_store(db_path, read_only=True)
    found = store.gaps(status=status, client=client)
    settings, now = store.settings(), store.now()
    emit(
        output_format,
        [gap_record(g, now=now, escalation_days=settings.escalation_days) for g in found],
        lambda: render_gaps(
            found,
            settings.zone,
            status=status,
            now=now,
            escalation_days=settings.escalation_days,
        ),
    )


@click.command("resolve")
@click.argument("gap_id", type=int)
@by_option
@click.option("--reason", metavar="TEXT", help="What was done (kept in the decision log).")
@click.option("--note", "old_note", metavar="TEXT", hidden=True)  # before --reason; kept working
@db_option
@reports_errors
def resolve_command(
    gap_id: int, by: str | None, reason: str | None, old_note: str | None, db_path: Path | None
) -> None:
    """Mark a gap as fixed by you; its monthly impact counts as recovered.

    GAP_ID is the ID column of `recon gaps` or `recon reconcile`. If a run still shows
    the gap after the grace period (grace_days, 7 by default) it reopens and is marked
    overdue.

    Example:

        recon resolve 12 --reason "added 2 seats to the agreement"
    """
    from recon.cli.store_render import describe_gap

    if old_note is not None:
        click.echo("Warning: --note is now --reason; --note will go away.", err=True)
    store = open_store(db_path)
    gap = store.resolve(gap_id, by=resolve_by(by), note=reason if reason is not None else old_note)
    settings = store.settings()
    click.echo(
        f"Resolved {describe_gap(gap)} as {gap.resolved_by}. If a run still shows it "
        f"{settings.grace_days} days from now, it reopens as overdue."
    )


@click.command("accept")
@click.argument("gap_id", type=int)
@click.option("--reason", required=True, metavar="TEXT", help="Why the gap is intentional.")
@by_option
@db_option
@reports_errors
def accept_command(gap_id: int, reason: str, by: str | None, db_path: Path | None) -> None:
    """Accept a gap as intentional; it stays quiet until its seat delta changes.

    Example:

        recon accept 12 --reason "two seats are free under the 2026 contract"
    """
    from recon.cli.store_render import describe_gap

    store = open_store(db_path)
    gap = store.accept(gap_id, reason=reason, by=resolve_by(by))
    click.echo(f"Accepted {describe_gap(gap)}: {gap.accepted_reason}")


@click.command("snooze")
@click.argument("gap_id", type=int)
@click.option(
    "--until",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="The day the gap wakes up (in the configured time zone).",
)
@by_option
@reason_option
@db_option
@reports_errors
def snooze_command(
    gap_id: int, until: datetime, by: str | None, reason: str | None, db_path: Path | None
) -> None:
    """Quiet an open gap until a date; the first run on or after that day reopens it.

    Example:

        recon snooze 12 --until 2026-04-01 --reason "waiting for the client's PO"
    """
    from recon.cli.store_render import describe_gap

    store = open_store(db_path)
    gap = store.snooze(gap_id, until=until.date(), by=resolve_by(by), reason=reason)
    click.echo(f"Snoozed {describe_gap(gap)} until {gap.snoozed_until}.")


@click.command("reopen")
@click.argument("gap_id", type=int)
@by_option
@reason_option
@db_option
@reports_errors
def reopen_command(gap_id: int, by: str | None, reason: str | None, db_path: Path | None) -> None:
    """Reopen a resolved, accepted or snoozed gap.

    Example:

        recon reopen 12 --reason "the client did not sign the change order"
    """
    from recon.cli.store_render import describe_gap
    from recon.store import format_local

    store = open_store(db_path)
    gap = store.reopen(gap_id, by=resolve_by(by), reason=reason)
    when = format_local(gap.status_changed_at, store.settings().zone)
    click.echo(f"Reopened {describe_gap(gap)} at {when}.")
