"""``recon anomalies`` (the latest run's anomalies in seat history) and ``recon expected``."""

from __future__ import annotations

import json
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


def register(cli: click.Group) -> None:
    """Add ``anomalies`` and ``expected`` to the command group."""
    cli.add_command(anomalies_command)
    cli.add_command(expected_command)


@click.command("anomalies")
@click.option(
    "--run", "run_id", type=int, metavar="ID", help="This run instead of the latest checked one."
)
@click.option(
    "--include-expected",
    is_flag=True,
    help="Also list the anomalies people marked expected.",
)
@format_option
@db_option
@reports_errors
def anomalies_command(
    run_id: int | None, include_expected: bool, output_format: str, db_path: Path | None
) -> None:
    """Show what the seat history looks odd about in the latest run, most urgent first.

    Four rules look at each client and product over calendar time (months for monthly
    uploads, weeks or days for frequent pulls), on both sides: a steady grower that
    stopped, swings both ways bigger than the same product's at your other clients, a
    jump or drop on one side the other side did not follow, and seats that vanished from
    one export. Each comes with the period values it rests on, what was expected, when it
    started, a money estimate where the run knows a price, and a key for `recon expected`.

    Example:

        recon anomalies

        recon anomalies --format json --include-expected
    """
    from recon.anomaly import Period, render_anomalies
    from recon.store import format_local

    store = open_store(db_path, read_only=True)
    check = store.anomaly_check(run_id)
    found = store.anomalies(run_id, include_expected=include_expected)
    if output_format == "json":
        doc = {
            "check": None if check is None else check.as_json(),
            "anomalies": [a.as_json() for a in found],
        }
        click.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    if output_format == "csv":
        emit("csv", [a.as_json() for a in found], str)
        return
    if check is None and run_id is not None:
        click.echo(f"Run {run_id} was not checked for anomalies.")
        return
    shown = len(found)
    click.echo(
        render_anomalies(
            found,
            run_id=None if check is None else check.run_id,
            checked_at=None if check is None else format_local(check.at, store.settings().zone),
            series=0 if check is None else check.series,
            period=Period.MONTH if check is None else check.period,
            periods=0 if check is None else check.periods,
            months=0 if check is None else check.months,
            hidden=0 if check is None or include_expected else check.found - shown,
        )
    )


@click.command("expected")
@click.argument("key")
@by_option
@reason_option
@db_option
@reports_errors
def expected_command(key: str, by: str | None, reason: str | None, db_path: Path | None) -> None:
    """Mark an anomaly as expected, so its rule stays quiet for that client and product.

    KEY is the anomaly's key from `recon anomalies` (CLIENT_KEY|PRODUCT_KEY|RULE). The
    mark holds while the seats on both sides stay within 2 seats (or 10%) of where they
    were when it was marked; once they move further the anomaly shows again.

    Example:

        recon expected "acme corp|cat:ms-m365-e3|erratic" --reason "seasonal staff"
    """
    store = open_store(db_path)
    mark = store.mark_expected(key, by=resolve_by(by), reason=reason)
    bands = ", ".join(
        f"{side} {lo}" if lo == hi else f"{side} {lo}-{hi}"
        for side in ("vendor", "psa")
        if side in mark.bands
        for lo, hi in [mark.bands[side]]
    )
    click.echo(
        f"Marked {mark.key} expected as {mark.by}. It stays quiet while seats stay near {bands}."
    )
