"""``recon fix``: write the fix of a gap to the PSA, after a preview and a yes."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from recon.cli.options import by_option, db_option, open_store, reports_errors, resolve_by

if TYPE_CHECKING:
    from recon.fix import FixPlan


def register(cli: click.Group) -> None:
    """Add ``fix`` to the command group."""
    cli.add_command(fix_command)


class _Amount(click.ParamType[Decimal]):
    """A plain decimal number (seats, or a monthly price): exact, never a float."""

    name = "N"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Decimal:
        if isinstance(value, Decimal):
            return value
        text = str(value).strip().replace(",", "").removeprefix("$")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            self.fail(f"{value!r} is not a number", param, ctx)
        if not amount.is_finite():
            self.fail(f"{value!r} is not a number", param, ctx)
        return amount


def render_plan(plan: FixPlan) -> str:
    """The preview: one aligned row per fact, then the notes."""
    rows = plan.preview_lines()
    width = max(len(label) for label, _ in rows)
    lines = [f"Fix gap {plan.gap_id} ({plan.kind.value}) in {plan.system}:"]
    lines += [f"  {label.ljust(width)}  {value}" for label, value in rows]
    lines += [f"  Note: {note}" for note in plan.notes]
    return "\n".join(lines)


@click.command("fix")
@click.argument("gap_id", type=int)
@click.option(
    "--to",
    type=_Amount(),
    default=None,
    help="The seats to bill, or for a price gap the monthly price per seat. Default: the "
    "vendor's seats, or the vendor's monthly cost.",
)
@click.option("--dry-run", is_flag=True, help="Show the change and send nothing.")
@click.option("--yes", is_flag=True, help="Send the change without asking.")
@by_option
@db_option
@reports_errors
def fix_command(
    gap_id: int,
    to: Decimal | None,
    dry_run: bool,
    yes: bool,
    by: str | None,
    db_path: Path | None,
) -> None:
    """Fix a gap in the PSA: preview the one change, confirm, write it and check it.

    Works for quantity_mismatch, price_below_cost and missing_in_psa gaps whose run read
    ConnectWise or Autotask, once an admin turned it on (`recon settings set write_back
    connectwise`). The PSA is read now: if it no longer bills what the run saw, nothing is
    sent. After the write, the record is read back, the audit log keeps who, when and what,
    and the gap is fixed (pending next run): the next run confirms it (its money counts as
    recovered) or reopens it with a note. The PSA credentials are the pull's.

    Example:

        recon fix 12 --dry-run

        recon fix 12 --to 25 --yes
    """
    from recon.fix import apply_fix, plan_fix
    from recon.sources import load_source_settings

    store = open_store(db_path)
    sources = load_source_settings()
    plan = plan_fix(gap_id, to=to, store=store, sources=sources)
    click.echo(render_plan(plan))
    if dry_run:
        click.echo("Dry run: nothing was sent.")
        return
    if not yes and not click.confirm(f"Update {plan.system}?", default=False):
        click.echo("Nothing was sent.")
        return
    done = apply_fix(
        gap_id, to=to, by=resolve_by(by), expected_key=plan.key, store=store, sources=sources
    )
    click.echo(
        f"Done: {done.plan.summary} ({done.said}); read back from {plan.system}. Gap "
        f"{gap_id} is fixed (pending next run): the next run confirms it."
    )
