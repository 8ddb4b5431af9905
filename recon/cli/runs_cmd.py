"""``recon runs``: the runs recorded and held, and what an admin does with a held one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import click

from recon.cli.options import (
    by_option,
    db_option,
    emit,
    format_option,
    open_store,
    reports_errors,
    resolve_by,
)
from recon.money import format_money

if TYPE_CHECKING:
    from recon.store import HeldRun, RunInfo


def register(cli: click.Group) -> None:
    """Add ``runs`` to the command group."""
    cli.add_command(runs_group)


@click.group("runs")
def runs_group() -> None:
    """List runs, and confirm or discard the ones held as implausible.

    A run is held when a side has no data rows, or lost more than max_drop_percent
    (default 30) of its clients, lines or monthly money since the last run of the same
    formats. A held run changed nothing; confirming applies exactly that run.
    """


@runs_group.command("list")
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most N runs."
)
@format_option
@db_option
@reports_errors
def runs_list(limit: int, output_format: str, db_path: Path | None) -> None:
    """List the latest runs, held ones included, newest first.

    Example:

        recon runs list --limit 5
    """
    from recon.cli.store_render import table
    from recon.store import HeldStatus

    store = open_store(db_path, read_only=True)
    applied = {run.run_id: run for run in store.runs(limit)}
    held = {run.run_id: run for run in store.held_runs(status=None)[:limit]}
    ids = sorted(set(applied) | set(held), reverse=True)[:limit]
    zone = store.settings().zone

    def render() -> str:
        if not ids:
            return "No runs yet."
        rows = [_row(applied.get(run_id), held.get(run_id), zone) for run_id in ids]
        headers = ["RUN", "STATUS", "WHEN", "BY", "GAPS", "UNDER/MO", "HELD BECAUSE / NOTE"]
        text = table(headers, rows, right={0, 4, 5})
        waiting = [h for h in held.values() if h.status == HeldStatus.HELD]
        if waiting:
            text += (
                f"\n\n{len(waiting)} held run(s) changed nothing yet: `recon runs confirm "
                "RUN_ID` applies one, `recon runs discard RUN_ID` drops it."
            )
        return text

    emit(output_format, [_json(applied.get(i), held.get(i)) for i in ids], render)


def _row(run: RunInfo | None, held: HeldRun | None, zone: ZoneInfo) -> list[str]:
    """One line of the list: an applied run (confirmed ones too), or a held one."""
    from recon.store import HeldStatus, format_local

    if run is not None:
        status = held.status.value if held is not None else "applied"
        return [
            str(run.run_id),
            status,
            format_local(run.at, zone),
            run.by or "-",
            f"{run.gap_count:,}",
            format_money(run.under_billed),
            "",
        ]
    assert held is not None
    waiting = held.status == HeldStatus.HELD
    return [
        str(held.run_id),
        held.status.value,
        format_local(held.at, zone),
        held.by,
        f"{held.gap_count:,}",
        format_money(held.under_billed),
        "; ".join(held.reasons) if waiting else (held.note or ""),
    ]


def _json(run: RunInfo | None, held: HeldRun | None) -> dict[str, object]:
    out: dict[str, object] = {}
    if run is not None:
        out.update(
            run_id=run.run_id,
            status="applied",
            at=run.at.isoformat(),
            by=run.by,
            source=run.source,
            gap_count=run.gap_count,
            under_billed=str(run.under_billed),
            over_billed=str(run.over_billed),
        )
    if held is not None:
        out["held"] = held.as_json()
        out.setdefault("run_id", held.run_id)
        out.setdefault("status", held.status.value)
    return out


@runs_group.command("confirm")
@click.argument("run_id", type=int)
@by_option
@db_option
@reports_errors
def runs_confirm(run_id: int, by: str | None, db_path: Path | None) -> None:
    """Apply a held run to the gaps: you have checked its files and they are right.

    Gaps it no longer shows are closed as fixed and their money counted as recovered,
    exactly as if the run had not been held. Refused if a later run was applied since.

    Example:

        recon runs confirm 12
    """
    from recon.service import confirm_held_run

    store = open_store(db_path)
    record, anomalies, _ = confirm_held_run(run_id, by=resolve_by(by), store=store)
    click.echo(
        f"Run {record.run_id} confirmed and applied: {len(record.new)} new, "
        f"{len(record.grew)} grew, {len(record.reopened)} reopened, {len(record.fixed)} fixed. "
        f"{len(anomalies)} anomal{'y' if len(anomalies) == 1 else 'ies'} found; "
        "`recon gaps` to act on them."
    )


@runs_group.command("discard")
@click.argument("run_id", type=int)
@by_option
@click.option("--reason", help="Why, for the audit log (e.g. 'PSA export was filtered').")
@db_option
@reports_errors
def runs_discard(run_id: int, by: str | None, reason: str | None, db_path: Path | None) -> None:
    """Drop a held run: it never changes anything (it stays in the audit log).

    Example:

        recon runs discard 12 --reason "the PSA export was filtered to one client"
    """
    store = open_store(db_path)
    held = store.discard_run(run_id, by=resolve_by(by), reason=reason)
    click.echo(f"Run {held.run_id} discarded; nothing was changed.")
