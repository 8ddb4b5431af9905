"""``recon history`` (seats per run) and ``recon log`` (the decision audit log)."""

from __future__ import annotations

from pathlib import Path

import click

from recon.cli.options import db_option, emit, format_option, open_store, reports_errors


def register(cli: click.Group) -> None:
    """Add ``history`` and ``log`` to the command group."""
    cli.add_command(history_command)
    cli.add_command(log_command)


@click.command("history")
@click.option("--client", metavar="NAME", help="Only this client (a name or part of one).")
@click.option("--product", metavar="NAME", help="Only products whose name contains NAME.")
@click.option("--runs", type=click.IntRange(min=1), metavar="N", help="Only the latest N runs.")
@format_option
@db_option
@reports_errors
def history_command(
    client: str | None,
    product: str | None,
    runs: int | None,
    output_format: str,
    db_path: Path | None,
) -> None:
    """Show the reconciled seats of each client and product, run by run, on both sides.

    Example:

        recon history --client "Acme" --product "Business Premium" --runs 6
    """
    from recon.cli.store_render import render_history

    store = open_store(db_path, read_only=True)
    rows = store.history(client=client, product=product, runs=runs)
    zone = store.settings().zone
    emit(output_format, [r.as_json() for r in rows], lambda: render_history(rows, zone))


@click.command("log")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Only the latest N.")
@click.option("--gap", "gap_id", type=int, metavar="ID", help="Only the decisions on this gap.")
@format_option
@db_option
@reports_errors
def log_command(
    limit: int | None, gap_id: int | None, output_format: str, db_path: Path | None
) -> None:
    """Show the audit log: every run and decision, who caused it, when, before and after, why.

    Example:

        recon log --limit 20 --format json
    """
    from recon.cli.store_render import render_decisions

    store = open_store(db_path, read_only=True)
    if gap_id is not None:
        store.gap(gap_id)  # an id no gap has is an error, not an empty log
    decisions = store.decisions(limit, gap_id=gap_id, runs=gap_id is None)
    zone = store.settings().zone
    emit(
        output_format,
        [d.as_json() for d in decisions],
        lambda: render_decisions(decisions, zone),
    )
