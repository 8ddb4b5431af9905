"""``recon bundle``: one PSA product that stands for several vendor products."""

from __future__ import annotations

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
    """Add ``bundle`` to the command group."""
    cli.add_command(bundle_group)


@click.group("bundle")
def bundle_group() -> None:
    """Define PSA products that stand for several vendor products (a security bundle).

    Example:

        recon bundle define "Managed Security Bundle" huntress-managed-edr "Mimecast Email"
    """


@bundle_group.command("define")
@click.argument("name")
@click.argument("components", nargs=-1, required=True)
@by_option
@reason_option
@db_option
@reports_errors
def define(
    name: str, components: tuple[str, ...], by: str | None, reason: str | None, db_path: Path | None
) -> None:
    """Say the PSA product NAME covers COMPONENTS (catalogue ids or product names).

    From the next run, each NAME line counts as that many seats of every component, and is
    compared with each component's vendor seats. Defining it again replaces the components.

    Example:

        recon bundle define "Managed Security Bundle" huntress-managed-edr "Mimecast Email"
    """
    store = open_store(db_path)
    bundle = store.define_bundle(name, components, by=resolve_by(by), reason=reason)
    click.echo(f"Saved: {bundle.name!r} covers " + ", ".join(repr(c) for c in bundle.components))


@bundle_group.command("list")
@format_option
@db_option
@reports_errors
def list_bundles(output_format: str, db_path: Path | None) -> None:
    """List the bundles and their components.

    Example:

        recon bundle list
    """
    bundles = open_store(db_path, read_only=True).bundles()

    def table() -> str:
        if not bundles:
            return "No bundles defined. See `recon bundle define --help`."
        return "\n".join(
            f"{b.name!r}: " + ", ".join(repr(c) for c in b.components) for b in bundles
        )

    rows = [{"name": b.name, "components": list(b.components)} for b in bundles]
    emit(output_format, rows, table, columns=("name", "components"))


@bundle_group.command("remove")
@click.argument("name")
@by_option
@reason_option
@db_option
@reports_errors
def remove(name: str, by: str | None, reason: str | None, db_path: Path | None) -> None:
    """Forget a bundle; its PSA lines are unmapped again from the next run.

    Example:

        recon bundle remove "Managed Security Bundle"
    """
    open_store(db_path).remove_bundle(name, by=resolve_by(by), reason=reason)
    click.echo(f"Removed bundle {name!r}.")
