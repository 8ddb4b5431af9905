"""``recon maker``: answer a maker question ("Is Egnyte bought from Pax8?")."""

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
    """Add ``maker`` to the command group."""
    cli.add_command(maker_group)


@click.group("maker")
def maker_group() -> None:
    """Answer whether a maker the vendor file sells nothing of is bought from its source.

    Example:

        recon maker yes Egnyte
    """


def _answer(
    maker: str, *, bought: bool, by: str | None, reason: str | None, db: Path | None
) -> None:
    store = open_store(db)
    before = store.maker_answer(maker)
    answer = store.answer_maker(maker, bought=bought, by=resolve_by(by), reason=reason)
    if before is not None and before.source == answer.source:
        click.echo(
            f"This replaces the answer {'yes' if before.bought else 'no'} given by "
            f"{before.created_by} at {before.created_at:%Y-%m-%d %H:%M} UTC."
        )
    if bought:
        click.echo(
            f"Saved: {answer.maker} is bought from {answer.source}; from the next run its "
            "PSA lines are compared with the vendor file and their gaps are settled."
        )
    else:
        click.echo(
            f"Saved: {answer.maker} is bought elsewhere than {answer.source}; its PSA lines "
            "stay out of the comparison and it is not asked about again."
        )


@maker_group.command("yes")
@click.argument("maker")
@by_option
@reason_option
@db_option
@reports_errors
def yes(maker: str, by: str | None, reason: str | None, db_path: Path | None) -> None:
    """Yes: MAKER is bought from the vendor file's source (Pax8).

    From the next run the maker's PSA lines are compared with the vendor file: a line the
    file does not carry is a settled "billed, not bought" gap. The maker must be one the
    latest saved run asks about (or one answered before).

    Example:

        recon maker yes Egnyte
    """
    _answer(maker, bought=True, by=by, reason=reason, db=db_path)


@maker_group.command("no")
@click.argument("maker")
@by_option
@reason_option
@db_option
@reports_errors
def no(maker: str, by: str | None, reason: str | None, db_path: Path | None) -> None:
    """No: MAKER is bought elsewhere; its lines stay out and it is never asked again.

    Example:

        recon maker no Egnyte --reason "bought direct from Egnyte"
    """
    _answer(maker, bought=False, by=by, reason=reason, db=db_path)


@maker_group.command("list")
@format_option
@db_option
@reports_errors
def list_makers(output_format: str, db_path: Path | None) -> None:
    """List the latest saved run's maker questions and every answer given.

    Example:

        recon maker list
    """
    store = open_store(db_path, read_only=True)
    asked = store.maker_questions()
    answers = store.maker_answers()
    rows = [
        {
            "status": "asked",
            "maker": a.maker,
            "source": a.source,
            "answer": "",
            "by": "",
            "clients": str(a.clients),
            "money_at_stake": a.money_at_stake,
        }
        for a in asked
    ] + [
        {
            "status": "answered",
            "maker": a.maker,
            "source": a.source,
            "answer": "yes" if a.bought else "no",
            "by": a.created_by,
            "clients": "",
            "money_at_stake": "",
        }
        for a in answers
    ]

    def table() -> str:
        if not rows:
            return "No maker questions asked or answered."
        lines = [
            f"asked: {a.question} {a.clients:,} client(s), ${a.money_at_stake}/mo at stake"
            for a in asked
        ] + [
            f"answered {'yes' if a.bought else 'no'}: {a.maker} from {a.source} "
            f"by {a.created_by} at {a.created_at:%Y-%m-%d %H:%M} UTC"
            for a in answers
        ]
        return "\n".join(lines)

    emit(
        output_format,
        rows,
        table,
        columns=("status", "maker", "source", "answer", "by", "clients", "money_at_stake"),
    )
