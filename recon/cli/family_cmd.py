"""``recon family``: answer a family question (one organisation billed as two companies?)."""

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
    """Add ``family`` to the command group."""
    cli.add_command(family_group)


@click.group("family")
def family_group() -> None:
    """Answer whether a PSA company is billed for another client's licences (one organisation).

    Example:

        recon family join "Grand View Library" "Grand Imaging"
    """


def _answer(
    vendor: str, psa: str, *, same: bool, by: str | None, reason: str | None, db: Path | None
) -> None:
    store = open_store(db)
    before = store.family_answer(vendor, psa)
    answer = store.answer_family(vendor, psa, same=same, by=resolve_by(by), reason=reason)
    if before is not None:
        click.echo(
            f"This replaces the answer {'yes' if before.same else 'no'} given by "
            f"{before.created_by} at {before.created_at:%Y-%m-%d %H:%M} UTC."
        )
    if same:
        click.echo(
            f"Saved: {answer.psa_client!r} is billed for the licences of {answer.vendor_client!r}; "
            "from the next run their seats are compared summed."
        )
    else:
        click.echo(
            f"Saved: {answer.psa_client!r} and {answer.vendor_client!r} are two clients; "
            "they are compared apart and not asked about again."
        )


@family_group.command("join")
@click.argument("vendor_client")
@click.argument("psa_client")
@by_option
@reason_option
@db_option
@reports_errors
def join(
    vendor_client: str, psa_client: str, by: str | None, reason: str | None, db_path: Path | None
) -> None:
    """Yes: PSA_CLIENT is billed for VENDOR_CLIENT's licences (one organisation).

    From the next run the companies are compared as one client on summed seats, each gap
    naming the companies it sums. The pair must be one the latest saved run asks about.

    Example:

        recon family join "Grand View Library" "Grand Imaging"
    """
    _answer(vendor_client, psa_client, same=True, by=by, reason=reason, db=db_path)


@family_group.command("apart")
@click.argument("vendor_client")
@click.argument("psa_client")
@by_option
@reason_option
@db_option
@reports_errors
def apart(
    vendor_client: str, psa_client: str, by: str | None, reason: str | None, db_path: Path | None
) -> None:
    """No: PSA_CLIENT and VENDOR_CLIENT are two clients; never asked about again.

    Example:

        recon family apart "Grand View Library" "Grand Imaging"
    """
    _answer(vendor_client, psa_client, same=False, by=by, reason=reason, db=db_path)


@family_group.command("list")
@format_option
@db_option
@reports_errors
def list_families(output_format: str, db_path: Path | None) -> None:
    """List the latest saved run's family questions and every answer given.

    Example:

        recon family list
    """
    store = open_store(db_path, read_only=True)
    asked = store.family_questions()
    answers = store.family_answers()
    rows = [
        {
            "status": "asked",
            "vendor_client": a.vendor_client,
            "psa_client": a.psa_client,
            "answer": "",
            "by": "",
            "money_at_stake": a.money_at_stake,
        }
        for a in asked
    ] + [
        {
            "status": "answered",
            "vendor_client": a.vendor_client,
            "psa_client": a.psa_client,
            "answer": "yes" if a.same else "no",
            "by": a.created_by,
            "money_at_stake": "",
        }
        for a in answers
    ]

    def table() -> str:
        if not rows:
            return "No family questions asked or answered."
        lines = [f"asked: {a.question} ${a.money_at_stake}/mo at stake" for a in asked] + [
            f"answered {'yes' if a.same else 'no'}: {a.psa_client!r} / {a.vendor_client!r} "
            f"by {a.created_by} at {a.created_at:%Y-%m-%d %H:%M} UTC"
            for a in answers
        ]
        return "\n".join(lines)

    emit(
        output_format,
        rows,
        table,
        columns=("status", "vendor_client", "psa_client", "answer", "by", "money_at_stake"),
    )
