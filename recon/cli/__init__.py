"""The ``recon`` command line: a thin shell over the library.

Each command module exposes ``register(group)``. The group loads a module only when one of its
commands runs (or its own ``--help`` is asked for), so ``recon --help`` and ``recon version``
answer without importing pandas, Arrow or rapidfuzz: the one-line summaries below stand in for
the modules until then, and a test keeps them equal to the commands' own help.
Library errors (:class:`recon.errors.ReconError`) become ``Error: ...`` on stderr and exit 1;
anything else is a bug and is left to crash loudly. Everything a command prints loses its
terminal control characters first (:mod:`recon.cli.output`).
"""

from __future__ import annotations

import importlib

import click

from recon.cli.output import printable_output

#: Command -> (module that registers it, first paragraph of its help).
COMMANDS: dict[str, tuple[str, str]] = {
    "accept": (
        "gaps_cmd",
        "Accept a gap as intentional; it stays quiet until its seat delta changes.",
    ),
    "alias": (
        "knowledge_cmd",
        "Say two names are the same client or product; later runs pair them exactly.",
    ),
    "anomalies": (
        "anomalies_cmd",
        "Show what the seat history looks odd about in the latest run, most urgent first.",
    ),
    "bundle": (
        "bundle_cmd",
        "Define PSA products that stand for several vendor products (a security bundle).",
    ),
    "detect": (
        "formats_cmd",
        "Show which format a file looks like, which side it is, and which column fills each role.",
    ),
    "expected": (
        "anomalies_cmd",
        "Mark an anomaly as expected, so its rule stays quiet for that client and product.",
    ),
    "explain": (
        "explain_cmd",
        "Show why a vendor client name matched a PSA client, or went to review, or didn't match.",
    ),
    "family": (
        "family_cmd",
        "Answer whether a PSA company is billed for another client's licences (one organisation).",
    ),
    "fix": (
        "fix_cmd",
        "Fix a gap in the PSA: preview the one change, confirm, write it and check it.",
    ),
    "formats": (
        "formats_cmd",
        "List the export formats recon recognises, and the column roles --map accepts.",
    ),
    "gaps": (
        "gaps_cmd",
        "List the gaps recon remembers: money at stake first, then client, then product.",
    ),
    "history": (
        "history_cmd",
        "Show the reconciled seats of each client and product, run by run, on both sides.",
    ),
    "ignore": (
        "knowledge_cmd",
        "Leave a PSA product out of every comparison (labour, bundles, fees).",
    ),
    "log": (
        "history_cmd",
        "Show the audit log: every run and decision, who caused it, when, before and after, why.",
    ),
    "maker": (
        "maker_cmd",
        "Answer whether a maker the vendor file sells nothing of is bought from its source.",
    ),
    "owner": (
        "owners_cmd",
        "The older spelling of ``recon owners set``.",
    ),
    "owners": (
        "owners_cmd",
        "Say who owns each client: their gaps go to that account manager by DM.",
    ),
    "pull": (
        "sources_cmd",
        "Fetch one source's billing now and write it as a plain CSV you can check.",
    ),
    "reconcile": (
        "reconcile_cmd",
        "Compare a vendor export with a PSA export and list the billing gaps, costliest first.",
    ),
    "reject": (
        "knowledge_cmd",
        "Say two names are never the same client or product; recon never proposes them again.",
    ),
    "reopen": (
        "gaps_cmd",
        "Reopen a resolved, accepted or snoozed gap.",
    ),
    "resolve": (
        "gaps_cmd",
        "Mark a gap as fixed by you; its monthly impact counts as recovered.",
    ),
    "runs": (
        "runs_cmd",
        "List runs, and confirm or discard the ones held as implausible.",
    ),
    "settings": (
        "settings_cmd",
        "Show or change the alert threshold, billing channel, time zone, grace periods, "
        "schedule and webhook.",
    ),
    "snooze": (
        "gaps_cmd",
        "Quiet an open gap until a date; the first run on or after that day reopens it.",
    ),
    "sources": (
        "sources_cmd",
        "List the sources you can pull from, and what each still needs.",
    ),
    "version": (__name__, "Print the version of recon."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use, from :data:`COMMANDS`, and whose
    subcommands print nothing a terminal would act on (see :func:`printable_output`)."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the subcommand with printable output."""
        with printable_output():
            return super().invoke(ctx)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module = COMMANDS[cmd_name][0]
            if module != __name__:
                importlib.import_module(f"recon.cli.{module}").register(self)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List every command from its summary, without importing it."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            loaded = self.commands.get(name)
            if loaded is not None:
                rows.append((name, loaded.get_short_help_str(limit)))
            else:
                # A stand-in with the same help gives exactly click's own shortening.
                stand_in = click.Command(name, help=COMMANDS[name][1])
                rows.append((name, stand_in.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="msp-billing-recon", prog_name="recon")
def cli() -> None:
    """Find billing gaps between what your vendors charge you and what your PSA bills.

    Exit status: 0 when the command did what was asked; 1 with "Error: ..." when it could
    not (a file, name, id or database is not as expected); 2 when the command line itself
    is wrong (an unknown option or value); 3 when `recon reconcile` held a run that looks
    wrong (shown, not applied; see `recon runs`).

    Example:

        recon reconcile examples/vendor_partner_center.csv examples/psa_connectwise.csv
    """


@cli.command("version")
def version() -> None:
    """Print the version of recon.

    Example:

        recon version
    """
    # Imported here: importlib.metadata (and the email parser it pulls in) cost every other
    # command about a third of its start-up.
    from importlib import metadata

    try:
        number = metadata.version("msp-billing-recon")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        number = "unknown"
    click.echo(f"recon {number}")


def main() -> None:
    """Console-script entry point."""
    cli()
