"""``recon reconcile``: two exports in, ranked and priced gaps out."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from recon.cli.options import FORMATS, db_option, reports_errors, resolve_by, resolve_db
from recon.cli.output import JsonOutput, check_output, write_atomic
from recon.errors import FileTooLarge, UsageError
from recon.limits import DEFAULT_MAX_BYTES
from recon.listing import display_status
from recon.model import Role, Side

if TYPE_CHECKING:
    from recon.report import GapLabel
    from recon.service import ReconcileOutcome

_ROLES = tuple(role.value for role in Role)
MB = 1024 * 1024
DEFAULT_MAX_FILE_MB = DEFAULT_MAX_BYTES // MB
#: Beyond this a file is not a month's export; reading it would exhaust memory first.
MAX_FILE_MB_CEILING = 4096


def _parse_maps(values: tuple[str, ...]) -> dict[Side | None, dict[str, str]]:
    """``ROLE=COLUMN`` (either file) or ``vendor:ROLE=COLUMN`` / ``psa:ROLE=COLUMN``.

    Raises:
        UsageError: not ``ROLE=COLUMN``, a prefix other than vendor/psa, or a role that does
            not exist (the message lists the roles).
    """
    out: dict[Side | None, dict[str, str]] = {}
    for value in values:
        role, sep, column = value.partition("=")
        if not sep or not role.strip() or not column.strip():
            raise UsageError(f'--map {value!r}: expected ROLE=COLUMN, e.g. --map quantity="Seats"')
        side: Side | None = None
        prefix, colon, rest = role.partition(":")
        if colon:
            try:
                side = Side(prefix.strip().lower())
            except ValueError:
                raise UsageError(
                    f"--map {value!r}: the prefix must be 'vendor:' or 'psa:'"
                ) from None
            role = rest
        name = role.strip().lower()
        if name not in _ROLES:
            raise UsageError(
                f"--map {value!r}: unknown role {role.strip()!r}; the roles are "
                + ", ".join(_ROLES)
            )
        out.setdefault(side, {})[name] = column.strip().strip('"')
    return out


def _check_maps(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    """Check ``--map`` while the options are parsed, before any file is read."""
    try:
        _parse_maps(value)
    except UsageError as err:
        raise click.BadParameter(str(err).removeprefix("--map ")) from None
    return value


_EXPORT_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)

#: Exit status of a run the plausibility guard held (shown, not applied).
EXIT_HELD = 3


def _export_or_source(ctx: click.Context, param: click.Parameter, value: str) -> Path | str:
    """An existing export file, or the name of a source to pull (``pax8``, ``connectwise``)."""
    from recon.sources import is_source_name

    if is_source_name(value):
        return value.strip().lower()
    path: Path = _EXPORT_FILE.convert(value, param, ctx)
    return path


def register(cli: click.Group) -> None:
    """Add ``reconcile`` to the command group."""
    cli.add_command(reconcile)


@click.command()
@click.argument("vendor_export", callback=_export_or_source)
@click.argument("psa_export", callback=_export_or_source)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table for people; json for programs (every field); csv for a spreadsheet.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the report to this file instead of standard output.",
)
@db_option
@click.option(
    "--no-save",
    is_flag=True,
    help="Read decisions from the database, but don't record this run "
    "(the database is neither created nor upgraded).",
)
@click.option(
    "--vendor-format", metavar="NAME", help="Force the vendor file's format (see `recon formats`)."
)
@click.option(
    "--psa-format", metavar="NAME", help="Force the PSA file's format (see `recon formats`)."
)
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="ROLE=COLUMN",
    callback=_check_maps,
    help="Use COLUMN for ROLE (client, product, sku, quantity, unit_price, ...; "
    "`recon formats` lists them). Prefix with vendor: or psa: to aim at one file. "
    "Saved per format for next time.",
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day the exports describe (default: today, UTC): it decides cancelled and "
    "not-yet-effective lines, and places the run in time for the anomaly rules "
    "(backfilling old exports).",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Gaps shown in the table.",
)
@click.option(
    "--max-file-mb",
    type=click.IntRange(min=1, max=MAX_FILE_MB_CEILING),
    default=DEFAULT_MAX_FILE_MB,
    show_default=True,
    envvar="RECON_MAX_FILE_MB",
    help="Refuse a file (or its unzipped content) larger than this many MB "
    "(also $RECON_MAX_FILE_MB). A 60,000-client Partner Center month is about 250 MB.",
)
@reports_errors
def reconcile(
    vendor_export: Path | str,
    psa_export: Path | str,
    output_format: str,
    output: Path | None,
    db_path: Path | None,
    no_save: bool,
    vendor_format: str | None,
    psa_format: str | None,
    maps: tuple[str, ...],
    as_of: dt.datetime | None,
    top: int,
    max_file_mb: int,
) -> None:
    """Compare a vendor export with a PSA export and list the billing gaps, costliest first.

    The table shows each gap's ID (the one `recon resolve`, `accept`, `snooze` and
    `explain` take) and its status (new, open, escalated, resolved, ...), money at stake
    first, then client, then product.

    VENDOR_EXPORT is what you are charged (Partner Center, Pax8, a distributor);
    PSA_EXPORT is what you bill (ConnectWise, Autotask, Kaseya BMS, HaloPSA).
    Either may instead name a source to pull now: pax8, partner-center,
    connectwise, autotask or folder (credentials from the environment; see
    `recon sources`).
    Decisions stored in the database (aliases, rejections, ignores, column maps) are used,
    and the run is recorded so the next one knows which gaps are new.

    A run whose input looks wrong (a side with no data rows, or much smaller than the
    last run of the same formats) is held: the gaps are shown but nothing is applied,
    and the exit status is 3 until an admin runs `recon runs confirm RUN_ID`. The same
    file on both sides is refused. --output is written before the run is recorded: if
    it can't be written, nothing is.

    Example:

        recon reconcile examples/vendor_partner_center.csv examples/psa_connectwise.csv

        recon reconcile pax8.csv autotask.csv --format json --output gaps.json

        recon reconcile pax8 connectwise
    """
    from recon.engine import collector_paused
    from recon.report import render_csv, render_table, write_json
    from recon.service import ReconcileRequest, held_notice, run_reconciliation
    from recon.sources import load_source_settings

    parsed = _parse_maps(maps)
    if output is not None:
        check_output(output)
    request = ReconcileRequest(
        vendor=vendor_export,
        psa=psa_export,
        vendor_format=vendor_format,
        psa_format=psa_format,
        maps=parsed.get(None, {}),
        vendor_map=parsed.get(Side.VENDOR, {}),
        psa_map=parsed.get(Side.PSA, {}),
        as_of=as_of.date() if as_of else None,
        save=not no_save,
        by=resolve_by(None),
        max_bytes=max_file_mb * MB,
    )

    def render(outcome: ReconcileOutcome) -> str:
        # JSON is always streamed (write_report, and standard output below).
        labels = _labels(outcome, resolve_db(db_path))
        if output_format == "csv":
            return render_csv(outcome.result.gaps, labels=labels)
        return render_table(outcome.result, limit=top, labels=labels) + outcome.table_footer()

    def write_report(outcome: ReconcileOutcome) -> None:
        assert output is not None
        if output_format == "json":
            # Streamed: a distributor's report is over 100 MB, never built as one string.
            labels = _labels(outcome, resolve_db(db_path))
            extra = outcome.json_extra()
            write_atomic(
                output, lambda out: write_json(out, outcome.result, extra=extra, labels=labels)
            )
            return
        write_atomic(output, render(outcome))

    named = any(isinstance(given, str) for given in (vendor_export, psa_export))
    # The report is built from the run's objects right after it: one pause over both (see
    # recon.engine.collector_paused) saves the collector walking them all in between.
    with collector_paused():
        try:
            outcome = run_reconciliation(
                request,
                db_path=resolve_db(db_path),
                sources=load_source_settings() if named else None,
                before_commit=write_report if output is not None else None,
            )
        except FileTooLarge as err:
            # Only the command line can raise the limit; the reading layer's message cannot
            # know which front end it serves, so the hint is added here.
            said = err.message.removeprefix(f"{err.path}: ") if err.path else err.message
            raise FileTooLarge(
                f"{said}, or raise the limit with --max-file-mb",
                path=err.path,
                size=err.size,
                limit=err.limit,
            ) from err
        if output is None and output_format == "json":
            # Streamed as with --output: a distributor's report is over 100 MB, and one
            # string of it (then filtered and encoded whole) was the command's peak memory.
            # JSON escapes every control character click.echo would strip.
            labels = _labels(outcome, resolve_db(db_path))
            out = JsonOutput(sys.stdout)
            write_json(out, outcome.result, extra=outcome.json_extra(), labels=labels)
            sys.stdout.flush()
        elif output is None:
            click.echo(render(outcome), nl=False)
    if output is not None:
        click.echo(
            f"Wrote {len(outcome.result.gaps):,} gaps ({output_format}) to {output}",
            file=sys.stderr,
        )
    if outcome.held is not None:
        if output is not None or output_format != "table":
            click.echo(held_notice(outcome.held).strip(), file=sys.stderr)
        click.get_current_context().exit(EXIT_HELD)


def _labels(outcome: ReconcileOutcome, db_path: Path) -> dict[str, GapLabel]:
    """Each gap's stored id and status word, as every other list shows them.

    Called before the run is committed when ``--output`` is written (the run's own
    connection still holds the write lock); this is a second connection that only reads
    the settings, which the run does not change. It never creates or upgrades the
    database: with no stored gap (a dry run on a new database) there is nothing to label.
    """
    from recon.report import GapLabel
    from recon.store import reading_store

    if not outcome.stored:
        return {}
    with reading_store(db_path) as store:
        settings, now = store.settings(), store.now()
    return {
        key: GapLabel(
            g.id, display_status(g, now=now, escalation_days=settings.escalation_days).value
        )
        for key, g in outcome.stored.items()
    }
