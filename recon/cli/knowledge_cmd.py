"""``recon alias``, ``recon reject``, ``recon ignore``: teach the matcher, for every later run."""

from __future__ import annotations

from pathlib import Path

import click

from recon.cli.options import (
    by_option,
    db_option,
    open_store,
    reason_option,
    reports_errors,
    resolve_by,
)


def register(cli: click.Group) -> None:
    """Add ``alias``, ``reject`` and ``ignore`` to the command group."""
    for group in (alias_group, reject_group, ignore_group):
        cli.add_command(group)


@click.group("alias")
def alias_group() -> None:
    """Say two names are the same client or product; later runs pair them exactly.

    Example:

        recon alias client "WAYNE ENT (TENANT 4411)" "Wayne Enterprises"
    """


@alias_group.command("client")
@click.argument("vendor_name")
@click.argument("psa_name")
@by_option
@reason_option
@db_option
@reports_errors
def alias_client(
    vendor_name: str, psa_name: str, by: str | None, reason: str | None, db_path: Path | None
) -> None:
    """Pair a vendor's client name with a PSA client, from the next run on.

    PSA_NAME must be a client a run has shown (a typo would pair with nothing); the error
    lists the nearest names. Replaces an earlier alias of the same vendor name and lifts a
    rejection of the pair.

    Example:

        recon alias client "WAYNE ENT (TENANT 4411)" "Wayne Enterprises"
    """
    from recon.known import check_client_target

    store = open_store(db_path)
    check_client_target(store, psa_name)
    store.add_client_alias(vendor_name, psa_name, by=resolve_by(by), reason=reason)
    click.echo(f"Saved: vendor client {vendor_name!r} is PSA client {psa_name!r}.")


@alias_group.command("product")
@click.argument("raw_name")
@click.argument("target")
@by_option
@reason_option
@db_option
@reports_errors
def alias_product(
    raw_name: str, target: str, by: str | None, reason: str | None, db_path: Path | None
) -> None:
    """Say a product name as written is a catalogue product id or a PSA product name.

    TARGET must be a catalogue product (its id or a name it knows) or a product a run has
    shown; the error lists the nearest. This answers a mapping question "yes": the JSON and
    table output give the exact TARGET (a catalogue id, or the vendor's product name) for
    each candidate.

    Example:

        recon alias product "M365 BP (annual)" "Microsoft 365 Business Premium"
    """
    from recon.known import check_product_target
    from recon.store import format_local

    store = open_store(db_path)
    check_product_target(store, target)
    earlier = store.product_answer(raw_name, target)
    store.add_product_alias(raw_name, target, by=resolve_by(by), reason=reason)
    replaced = ""
    if earlier is not None and not earlier.mapped:  # someone had answered this question "no"
        when = format_local(earlier.at, store.settings().zone)
        replaced = f" This replaces the answer no that {earlier.by} gave at {when}."
    click.echo(f"Saved: product {raw_name!r} is {target!r}.{replaced}")


@click.group("reject")
def reject_group() -> None:
    """Say two names are never the same client or product; recon never proposes them again.

    Example:

        recon reject client "Northside Dental Lab" "Northside Dental"
    """


@reject_group.command("client")
@click.argument("vendor_name")
@click.argument("psa_name")
@by_option
@reason_option
@db_option
@reports_errors
def reject_client(
    vendor_name: str, psa_name: str, by: str | None, reason: str | None, db_path: Path | None
) -> None:
    """Never pair this vendor client with this PSA client (removes an alias between them).

    Example:

        recon reject client "Northside Dental Lab" "Northside Dental"
    """
    store = open_store(db_path)
    store.reject_client(vendor_name, psa_name, by=resolve_by(by), reason=reason)
    click.echo(f"Saved: {vendor_name!r} is never {psa_name!r}.")


@reject_group.command("product")
@click.argument("psa_product_name")
@click.argument("vendor_product")
@by_option
@reason_option
@db_option
@reports_errors
def reject_product(
    psa_product_name: str,
    vendor_product: str,
    by: str | None,
    reason: str | None,
    db_path: Path | None,
) -> None:
    """Answer a mapping question "no": this PSA product is not that vendor product.

    The pair is never proposed again, so the vendor's seats show as gaps (removes an alias
    between them). VENDOR_PRODUCT must be a catalogue product or a product a run has shown,
    as for ``recon alias product``; the error lists the nearest.

    Example:

        recon reject product "Spam Filter Service" proofpoint-essentials-business
    """
    from recon.known import check_product_target

    store = open_store(db_path)
    check_product_target(store, vendor_product)
    store.reject_product(psa_product_name, vendor_product, by=resolve_by(by), reason=reason)
    click.echo(f"Saved: PSA product {psa_product_name!r} is not {vendor_product!r}.")


@click.group("ignore")
def ignore_group() -> None:
    """Leave a PSA product out of every comparison (labour, bundles, fees).

    Example:

        recon ignore product "Managed Services - Labour"
    """


@ignore_group.command("product")
@click.argument("psa_product_name")
@by_option
@reason_option
@db_option
@reports_errors
def ignore_product(
    psa_product_name: str, by: str | None, reason: str | None, db_path: Path | None
) -> None:
    """Never compare this PSA product with vendor lines.

    Example:

        recon ignore product "Managed Services - Labour" --reason "labour, not licences"
    """
    store = open_store(db_path)
    store.ignore_product(psa_product_name, by=resolve_by(by), reason=reason)
    click.echo(f"Saved: PSA product {psa_product_name!r} is ignored from the next run on.")
