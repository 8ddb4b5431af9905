"""``recon explain``: why a vendor client matched, or didn't."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from recon.cli.options import (
    db_option,
    emit,
    format_option,
    open_store,
    reports_errors,
    resolve_db,
)
from recon.errors import StoreError, UsageError
from recon.model import Knowledge, LineSet, Side

if TYPE_CHECKING:
    from recon.engine.reconcile import Grouped
    from recon.store import Store, StoredGap


def register(cli: click.Group) -> None:
    """Add ``explain`` to the command group."""
    cli.add_command(explain)


@click.command()
@click.argument("vendor_name")
@click.option(
    "--vendor",
    "vendor_export",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The vendor export, so every vendor client takes part exactly as in a run.",
)
@click.option(
    "--psa",
    "psa_export",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Compare with the clients of this PSA export (default: the last run's PSA clients).",
)
@format_option
@db_option
@reports_errors
def explain(
    vendor_name: str,
    vendor_export: Path | None,
    psa_export: Path | None,
    output_format: str,
    db_path: Path | None,
) -> None:
    """Show why a vendor client name matched a PSA client, or went to review, or didn't match.

    Lists the name's key, the closest PSA clients with their scores and word differences,
    aliases and rejections that apply, and what past decisions taught the matcher. With both
    exports it reproduces a run exactly; without them it says what the last run decided
    (matched, review or unmatched, and why) and scores the last run's PSA clients. For the
    client's open gaps where the vendor charges seats the PSA doesn't bill, it says what to
    do and by when: bill them, or reduce the vendor before the cancellation window closes
    (else at renewal), with the money each way.

    Example:

        recon explain "WAYNE ENT"

        recon explain "Harbor View Dental Partners" --vendor pax8.csv --psa connectwise.csv
    """
    from recon.catalog import load_catalog
    from recon.engine.groups import group_side
    from recon.engine.reconcile import group_sides
    from recon.explain import explain_client, render_deadlines, render_explanation, render_pending
    from recon.formats import read_export
    from recon.match import ProductResolver
    from recon.wording import as_written

    if psa_export is not None and not resolve_db(db_path).exists():
        store = None  # both sides from files: nothing to read from memory, nothing to create
        knowledge = Knowledge()
    else:
        try:
            store = open_store(db_path, read_only=True)
        except StoreError as err:
            raise StoreError(f"{err} Or give the exports: --vendor FILE --psa FILE.") from err
        knowledge = store.knowledge()
    # Products read as the last run read them (what its reading kept, see recon.fix), or,
    # with both exports, as a run of them would (group_sides works out what it keeps).
    last = store.last_run() if store is not None else None
    kept = store.kept_products(last.run_id) if store is not None and last is not None else None
    resolver = ProductResolver(load_catalog(), knowledge, kept=kept or frozenset())

    def read(path: Path, side: Side) -> LineSet:
        return read_export(path, side=side, saved_maps=knowledge.column_maps)

    def clients(path: Path, side: Side) -> list[str]:
        lines = read(path, side).lines
        return [c.name for c in group_side(lines, side=side, resolver=resolver).clients]

    recorded: _Recorded | None = None
    if vendor_export is not None and psa_export is not None:
        both = group_sides(
            read(vendor_export, Side.VENDOR), read(psa_export, Side.PSA), knowledge=knowledge
        )
        vendor_names = [c.name for c in both.vendor.clients]
        psa_names = [c.name for c in both.psa.clients]
        # Names alone are not what a run decides on: shared (product, seats) lines, sites and
        # leftovers pair clients too. The run over both files gives the verdict shown.
        recorded = _ran(both, vendor_name)
    elif psa_export is not None:
        vendor_names, psa_names = [], clients(psa_export, Side.PSA)
    else:
        vendor_names = clients(vendor_export, Side.VENDOR) if vendor_export else []
        assert store is not None
        recorded = _recorded(store, vendor_name)
        psa_names = sorted(
            set(store.psa_client_names()) | set(recorded.offered if recorded else ())
        )
        if not psa_names:
            raise UsageError(
                "no run recorded yet to take PSA clients from; give a PSA export with --psa FILE"
            )
    explanation = explain_client(
        vendor_name, psa_names, vendor_names=vendor_names, knowledge=knowledge
    )
    # A stored run keeps no method ("run"); a run over both files does, and says it.
    agrees = recorded is not None and (
        recorded.outcome,
        recorded.psa_client,
        recorded.method if recorded.run_id == 0 else explanation.method,
    ) == (explanation.outcome, explanation.psa_client, explanation.method)
    if recorded is not None and recorded.outcome is not None and not agrees:
        # Without the files, say what the run said (the scores below are recomputed).
        explanation = dataclasses.replace(
            explanation,
            outcome=recorded.outcome,
            psa_client=recorded.psa_client,
            method=recorded.method,
            reason=recorded.reason,
            exact_run=True,
        )
    if recorded is not None and recorded.outcome is not None:
        explanation = dataclasses.replace(explanation, exact_run=True)  # the run's own word
    names = [vendor_name, *psa_names, *vendor_names]
    explanation = dataclasses.replace(
        explanation,
        reason=as_written(explanation.reason, names),
        candidates=tuple(
            dataclasses.replace(
                c,
                differences=tuple(
                    as_written(f"'{w}'", [vendor_name, c.psa_client]).strip("'")
                    for w in c.differences
                ),
            )
            for c in explanation.candidates
        ),
    )
    due = _client_gaps(store, explanation.key, explanation.psa_client) if store else []
    if output_format != "table":
        doc = dataclasses.asdict(explanation)
        doc["deadlines"] = [
            {k: g.as_json()[k] for k in _DEADLINE_FIELDS}
            for g in sorted(due, key=lambda g: (g.act_by or dt.date.max, g.product))
            if g.act_by is not None
        ]
        doc["pending"] = [
            {k: g.as_json()[k] for k in ("id", "product", "seat_delta", "rests_on")}
            for g in sorted(due, key=lambda g: g.product)
            if g.rests_on
        ]
        if output_format == "json":
            click.echo(json.dumps(doc, indent=2, default=str))
        else:
            emit("csv", [doc], str)
        return
    text = render_explanation(explanation)
    if recorded is not None and recorded.outcome is not None and recorded.run_id:
        text += f"  (as run {recorded.run_id} decided; scores recomputed from its PSA clients)\n"
    if store is not None:
        text += render_deadlines(due, today=store.now().astimezone(store.settings().zone).date())
        text += render_pending(due)
    click.echo(text, nl=False)


_DEADLINE_FIELDS = (
    "id",
    "product",
    "seat_delta",
    "term",
    "term_end",
    "reduce_possible_until",
    "act_by",
    "bill_recovers",
    "reduce_saves",
)


def _client_gaps(store: Store, key: str, psa_client: str | None) -> list[StoredGap]:
    """The open gaps of the explained client (by its PSA name once paired, else its own)."""
    from recon.normalize import client_key

    keys = {key} | ({client_key(psa_client)} if psa_client else set())
    return [g for g in store.gaps(status="open") if g.client_key in keys]


@dataclasses.dataclass(frozen=True)
class _Recorded:
    """What the latest run decided about a vendor name, as the store remembers it."""

    run_id: int
    outcome: str | None  # matched, review, unmatched; None: the run did not show the name
    psa_client: str | None
    method: str | None
    reason: str
    offered: tuple[str, ...]  # PSA clients the run offered for review


def _ran(grouped: Grouped, vendor_name: str) -> _Recorded:
    """A run's verdict on a vendor name over both exports (run id 0: not stored)."""
    from recon.engine.reconcile import reconcile_groups
    from recon.normalize import client_key

    key = client_key(vendor_name)
    result = reconcile_groups(grouped)
    offered = tuple(c.psa_client for item in result.review for c in item.candidates)
    for item in result.review:
        if item.vendor_key == key:
            return _Recorded(0, "review", None, None, item.reason, offered)
    for match in result.matches:
        if match.vendor_key == key:
            method = match.method.value
            return _Recorded(0, "matched", match.psa_client, method, match.note, offered)
    return _Recorded(0, None, None, None, "", offered)


def _recorded(store: Store, vendor_name: str) -> _Recorded | None:
    """The latest run's verdict on a vendor name: its review item, or its gaps' pairing."""
    from recon.normalize import client_key
    from recon.store import ALL_STATUSES

    run = store.last_run()
    if run is None:
        return None
    key = client_key(vendor_name)
    review = store.run_review(run.run_id)
    offered = tuple(c.psa_client for item in review for c in item.candidates)
    for item in review:
        if item.vendor_key == key or client_key(item.vendor_client) == key:
            return _Recorded(run.run_id, "review", None, None, item.reason, offered)
    shown = [
        g
        for g in store.gaps(status=ALL_STATUSES)
        if g.last_run_id == run.run_id and g.vendor_client and client_key(g.vendor_client) == key
    ]
    paired = next((g for g in shown if g.psa_client), None)
    if paired is not None:
        why = f"paired with the PSA client {paired.psa_client!r} by run {run.run_id}"
        return _Recorded(run.run_id, "matched", paired.psa_client, "run", why, offered)
    if shown:
        return _Recorded(run.run_id, "unmatched", None, None, shown[0].why, offered)
    return _Recorded(run.run_id, None, None, None, "", offered)
