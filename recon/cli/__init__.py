"""The ``recon`` command line: a thin shell over the library.

Each command module exposes ``register(group)``; this module builds the group and adds them.
Library errors (:class:`recon.errors.ReconError`) become ``Error: ...`` on stderr and exit 1;
anything else is a bug and is left to crash loudly.
"""

from __future__ import annotations

import click

from recon.cli import (
    anomalies_cmd,
    bundle_cmd,
    explain_cmd,
    formats_cmd,
    gaps_cmd,
    history_cmd,
    knowledge_cmd,
    owners_cmd,
    reconcile_cmd,
    runs_cmd,
    settings_cmd,
    sources_cmd,
)
from recon.cli.options import PrintableGroup


@click.group(cls=PrintableGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="msp-billing-recon", prog_name="recon")
def cli() -> None:
    """Find billing gaps between what your vendors charge you and what your PSA bills.

    Example:

        recon reconcile examples/vendor_pax8.csv examples/psa_connectwise.csv
    """


for _module in (
    reconcile_cmd,
    explain_cmd,
    formats_cmd,
    gaps_cmd,
    anomalies_cmd,
    knowledge_cmd,
    bundle_cmd,
    owners_cmd,
    history_cmd,
    runs_cmd,
    settings_cmd,
    sources_cmd,
):
    _module.register(cli)


def main() -> None:
    """Console-script entry point."""
    cli()
