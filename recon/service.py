"""The whole job in one call: read two exports, reconcile with what people decided, remember.

The CLI, the Slack bot and the scheduler all run reconciliations through
:func:`run_reconciliation`, so they read files, apply saved column maps, use aliases and
record runs in exactly the same way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from recon.anomaly import (
    RUN_ID,
    Anomaly,
    AnomalySettings,
    RunStamp,
    latest_seats,
    plan_history,
    prices_from_gaps,
    summary_lines,
)
from recon.anomaly import detect_anomalies as _detect
from recon.anomaly import settle_expected as _settle
from recon.clock import utc_now
from recon.engine import collector_paused
from recon.engine.reconcile import Grouped, group_sides, reconcile_groups
from recon.formats import SideRead, read_sides
from recon.formats.memory import release_unused
from recon.listing import gap_order
from recon.model import LineSet, MatchSettings, ReconResult, Side, UnmappedProduct
from recon.plausibility import RunFigures, judge, side_figures
from recon.report import money_text
from recon.run_request import (
    PreviewNote,
    ReconcileRequest,
    Source,
    open_sources,
    refuse_same_file,
    run_source,
    side_input,
)
from recon.sources import Runtime, SourceSettings
from recon.sources import Source as PullSource
from recon.store import HeldRun, RunRecord, Store, StoredGap, reading_store

#: The request's types live in :mod:`recon.run_request`; callers name them from here.
__all__ = [
    "HeldRunApplied",
    "PreviewNote",
    "ReconcileOutcome",
    "ReconcileRequest",
    "Source",
    "check_anomalies",
    "confirm_held_run",
    "held_notice",
    "run_reconciliation",
]


@dataclass(frozen=True, slots=True)
class ReconcileOutcome:
    """A reconciliation's result, plus what the store made of it.

    Attributes:
        result: the engine's result; gaps in list order (money at stake, client, product).
        run: the recorded run (None when not saved).
        stored: gap key -> the stored gap (ids, status, first seen), when a store was used.
        anomalies: what the seat history shows across runs (see :mod:`recon.anomaly`), most
            urgent first; those people marked expected are flagged ``expected``. Empty when
            the run was not saved.
        held: set when the plausibility guard held the run (see :mod:`recon.plausibility`):
            the result is shown, but nothing was applied (``run`` is None) until an admin
            confirms it.
    """

    result: ReconResult
    run: RunRecord | None
    stored: Mapping[str, StoredGap]
    anomalies: tuple[Anomaly, ...] = ()
    held: HeldRun | None = None

    def json_extra(self) -> dict[str, Any]:
        """Store details to add to the JSON document: the run and each gap's id and age, and
        the run's anomalies (``anomalies``; those marked expected are left out)."""
        anomalies: dict[str, Any] = {}
        if self.run is not None:
            anomalies["anomalies"] = [a.as_json() for a in self.anomalies if not a.expected]
        if self.held is not None:
            anomalies["held"] = self.held.as_json()
        if not self.stored:
            return anomalies
        gaps = {
            key: {
                "id": g.id,
                "status": g.status,
                "first_seen": g.first_seen.isoformat(),
                "runs_seen": g.runs_seen,
                "leaked_to_date": money_text(g.leaked_to_date),
            }
            for key, g in self.stored.items()
        }
        extra: dict[str, Any] = {"stored_gaps": gaps, **anomalies}
        if self.run is not None:
            extra["run"] = {
                "id": self.run.run_id,
                "at": self.run.at.isoformat(),
                "new": len(self.run.new),
                "reopened": len(self.run.reopened),
                "fixed": len(self.run.fixed),
                "withdrawn": len(self.run.withdrawn),
            }
        return extra

    def table_footer(self) -> str:
        """A closing line for the table: the run id and what changed since the last run, then
        a short section on the run's anomalies, if any."""
        if self.held is not None:
            return held_notice(self.held)
        if self.run is None:
            return ""
        r = self.run
        return (
            f"\nRun {r.run_id} saved: {len(r.new)} new, {len(r.grew)} grew, "
            f"{len(r.reopened)} reopened, {len(r.fixed)} fixed since the last run"
            + (
                f", {len(r.withdrawn)} withdrawn (their question was answered no)"
                if r.withdrawn
                else ""
            )
            + ". See `recon gaps` to act on them.\n"
        ) + summary_lines(self.anomalies)


def run_reconciliation(
    request: ReconcileRequest,
    *,
    db_path: str | os.PathLike[str] | None = None,
    store: Store | None = None,
    settings: MatchSettings | None = None,
    clock: Callable[[], dt.datetime] = utc_now,
    progress: Callable[[str], None] | None = None,
    sources: SourceSettings | None = None,
    runtime: Runtime | None = None,
    before_commit: Callable[[ReconcileOutcome], None] | None = None,
) -> ReconcileOutcome:
    """Read both exports, reconcile them with stored decisions, and record the run.

    The same file on both sides is refused before anything is read. A run the plausibility
    guard does not believe (a side empty, or much smaller than the last run of the same
    formats; see :mod:`recon.plausibility`) is *held*: its result is returned with
    ``held`` set, and no gap is opened, closed or counted as recovered until an admin
    confirms it (:func:`confirm_held_run`).

    Args:
        request: the files and options.
        db_path: the database (default: :func:`recon.paths.default_db_path`); ignored when
            ``store`` is given. A run that saves nothing neither creates nor upgrades it.
        store: an open store to use.
        settings: matching thresholds.
        clock: the time source (tests inject one).
        progress: called with short status lines ("Reading files", "Matching 12 clients").
        sources: source settings (:func:`recon.sources.load_source_settings`), needed when
            the request names a source; sources opened by name are closed afterwards. After
            a recorded run each source is told what was reconciled (the watched folder
            remembers it for ``has_new_data``).
        runtime: clock, sleep and retry policy of the sources opened by name (default: the
            real ones, with ``clock``).
        before_commit: called with the outcome before the run is committed (the CLI
            writes ``--output`` there); if it raises, nothing is recorded.

    Returns:
        The result and the store's view of it.

    Raises:
        RunRefused: the same file was given as both sides.
        ReconError: a file can't be read, a source can't be pulled (``SourceError``), a
            format or a map is wrong, or the store fails.
    """
    refuse_same_file(request)  # before the store is opened: a refusal creates nothing
    if store is None and not request.save:
        # A dry run reads decisions but leaves the database file as it was: none created,
        # none upgraded (a missing one reads as empty).
        with reading_store(db_path, clock=clock) as reading:
            return _reconcile_with(
                request, reading, settings, clock, progress, sources, runtime, before_commit
            )
    return _reconcile_with(
        request,
        store or Store.open(db_path, clock=clock),
        settings,
        clock,
        progress,
        sources,
        runtime,
        before_commit,
    )


def _reconcile_with(
    request: ReconcileRequest,
    store: Store,
    settings: MatchSettings | None,
    clock: Callable[[], dt.datetime],
    progress: Callable[[str], None] | None,
    sources: SourceSettings | None,
    runtime: Runtime | None,
    before_commit: Callable[[ReconcileOutcome], None] | None,
) -> ReconcileOutcome:
    """:func:`run_reconciliation` once the store is chosen."""
    if not request.save and request.preview is not None:
        store.note_preview(
            by=request.by, subject=request.preview.subject, reason=request.preview.reason
        )
    knowledge = store.knowledge()
    say = progress or (lambda _message: None)
    say("Reading files")
    as_of = request.as_of or clock().date()
    pulled, opened = open_sources(request, sources, runtime or Runtime(clock=clock))
    try:
        inputs = [
            side_input(request, side, pulled.get(side), knowledge.column_maps, as_of)
            for side in Side
        ]
        reads = read_sides(
            inputs,
            shared_map=request.maps,
            saved_maps=knowledge.column_maps,
            as_of=as_of,
            max_bytes=request.max_bytes,
        )
        figures = (
            RunFigures(*(side_figures(read.lines) for read in reads)) if request.save else None
        )
        with collector_paused():  # one pause over both steps, as in reconcile()
            grouped = group_sides(
                reads[0].lines,
                reads[1].lines,
                knowledge=knowledge,
                clock=clock,
                progress=progress,
                as_of=as_of,
            )
            # Grouped, the line frames are not read again (the run's figures are taken above;
            # what is read of a side below is its format, path and columns): dropped here,
            # over 100 MiB at 60,000 clients leave before matching and the comparison, where
            # the run's memory peaks. The inputs go too: a pulled side's input is its lines.
            reads = tuple(_without_lines(read, grouped) for read in reads)
            del inputs
            result = reconcile_groups(
                grouped, settings=settings, progress=progress, rates=store.settings().rates
            )
            kept = grouped.kept  # how it read products, for `recon fix` to read them alike
            del grouped
            release_unused()  # the groups' frames: not held through the report
        if not request.save:
            stored = store.gaps_by_key(g.key for g in result.gaps)
            outcome = ReconcileOutcome(_in_list_order(result), None, stored)
            if before_commit is not None:
                before_commit(outcome)
            return outcome
        assert figures is not None  # taken above for a run that saves
        with store.transaction():  # the run, its anomalies and before_commit: all or nothing
            for read in reads:
                if read.input.column_map:
                    store.save_column_map(
                        read.lines.format_name,
                        _used_columns(read.lines, read.input.column_map),
                        by=request.by,
                    )
            outcome = _apply_or_hold(
                store, request, result, figures, run_source(request, pulled), pulled, kept
            )
            if before_commit is not None:
                before_commit(outcome)
        # A held run marks its files as seen too, so the same files are asked about once.
        for read in reads:
            if read.input.side in pulled:
                pulled[read.input.side].mark_reconciled(read.lines)
    finally:
        for source in opened:
            source.close()
    return outcome


def _without_lines(read: SideRead, grouped: Grouped) -> SideRead:
    """A side as read, with the line set its grouping emptied (``grouped.sides``)."""
    emptied = grouped.sides[0 if read.lines.side is Side.VENDOR else 1]
    given = read.input
    if isinstance(given.data, LineSet):
        given = dataclasses.replace(given, data=emptied)
    return SideRead(given, emptied)


def _apply_or_hold(
    store: Store,
    request: ReconcileRequest,
    result: ReconResult,
    figures: RunFigures,
    source: str,
    pulled: Mapping[Side, PullSource],
    kept: frozenset[str],
) -> ReconcileOutcome:
    """Apply the run to the gaps, or hold it when the plausibility guard doesn't believe it."""
    previous = store.last_figures(figures.bundle)
    reasons = judge(
        figures,
        previous[1] if previous else None,
        max_drop=store.settings().max_drop,
        previous_run=previous[0] if previous else None,
    )
    # The PSA's account managers become the owners of clients nobody has given one, before
    # the run is recorded, so this run matches them like any owner given early. A held run
    # offers none (what the guard does not believe changes no memory) but keeps them for
    # when an admin confirms it.
    managers: dict[str, Mapping[str, str]] = {}
    for pull in pulled.values():
        found = getattr(pull, "account_managers", None)
        if found:
            managers[pull.name] = found
    if reasons:
        held = store.hold_run(
            result,
            source=source,
            by=request.by,
            figures=figures,
            reasons=reasons,
            as_of=request.as_of,
            account_managers=managers,
            kept=kept,
        )
        stored = store.gaps_by_key(g.key for g in result.gaps)
        return ReconcileOutcome(_in_list_order(result), None, stored, held=held)
    for name, found in managers.items():
        store.offer_default_owners(found, by=name)
    run = store.record_run(
        result, source=source, by=request.by, figures=figures, as_of=request.as_of, kept=kept
    )
    store.note_bundle_questions(result.questions)
    store.note_family_questions(result.family_questions)
    store.note_maker_questions(result.maker_questions)
    anomalies = check_anomalies(
        store, run.run_id, prices=prices_from_gaps(result.gaps), unmapped=result.unmapped
    )
    stored = store.gaps_by_key(g.key for g in result.gaps)
    return ReconcileOutcome(_in_list_order(result), run, stored, tuple(anomalies))


class HeldRunApplied(NamedTuple):
    """What confirming a held run did."""

    record: RunRecord  # what applying it did to the gaps
    anomalies: tuple[Anomaly, ...]  # its anomalies
    held: HeldRun  # the held run, now confirmed (by whom, when)


def confirm_held_run(run_id: int, *, by: str, store: Store) -> HeldRunApplied:
    """Apply a held run to the gaps (an admin believes it), and check it for anomalies.

    Args:
        run_id: the held run.
        by: who confirms it ("cli:alice", "U123").
        store: the store it was held in.

    Returns:
        What applying it did, its anomalies, and the held run as it now stands.

    Raises:
        NotFound: no run was held with this id.
        Conflict: it was already confirmed or discarded, or a later run was applied since.
    """
    with store.transaction():
        confirmed = store.confirm_run(run_id, by=by)
        anomalies = check_anomalies(
            store, run_id, prices=prices_from_gaps(confirmed.gaps), unmapped=confirmed.unmapped
        )
        held = store.held_run(run_id)
    return HeldRunApplied(confirmed.record, tuple(anomalies), held)


def held_notice(held: HeldRun) -> str:
    """What a person is told about a held run: why, that nothing changed, what to do."""
    why = "".join(f"\n  - {reason}" for reason in held.reasons)
    return (
        f"\nRun {held.run_id} is HELD, not applied: nothing was opened, closed or counted as "
        f"recovered, because{why}\nIf these files are right, an admin applies the run with "
        f"`recon runs confirm {held.run_id}`; otherwise `recon runs discard {held.run_id}`.\n"
    )


def _used_columns(lines: LineSet, explicit: Mapping[str, str]) -> dict[str, str]:
    """The explicit maps as the file spelled the headers, to save for next time."""
    return {role: lines.columns.get(role, column) for role, column in explicit.items()}


def _in_list_order(result: ReconResult) -> ReconResult:
    """The gaps in list order (money at stake, client, product): the same order as
    ``recon gaps`` and every other list (:func:`recon.listing.gap_order`)."""
    return dataclasses.replace(result, gaps=tuple(sorted(result.gaps, key=gap_order)))


def check_anomalies(
    store: Store,
    run_id: int | None = None,
    *,
    prices: Mapping[tuple[str, str], Decimal] | None = None,
    unmapped: Iterable[UnmappedProduct] = (),
    settings: AnomalySettings | None = None,
) -> list[Anomaly]:
    """Check a recorded run's seat history for anomalies, apply the expected marks, save.

    The store only reads and saves; the rules (:mod:`recon.anomaly`) are pure. In order: the
    runs' calendar picks the period and the runs to read (:func:`recon.anomaly.plan_history`),
    the rules run over those runs' seats, people's expected marks quiet what they cover (a
    mark whose series moved lapses), and the result replaces what was saved for the run.

    Args:
        store: the store.
        run_id: the run (default: the latest); it is "now" for the rules.
        prices: (client key, product key) -> unit price, for money (see
            :func:`recon.anomaly.prices_from_gaps`); default none.
        unmapped: the run's unmapped PSA products (to notice a product the vendor export
            dropped); default none.
        settings: thresholds (default :class:`recon.anomaly.AnomalySettings`).

    Returns:
        Every anomaly of the run, expected ones flagged, most urgent first.

    Raises:
        NotFound: there is no such run (or no run yet).
    """
    cfg = settings or AnomalySettings()
    stamps = store.run_times(until=run_id)
    since = stamps[-1][1] - dt.timedelta(days=cfg.history_days)
    plan = plan_history((RunStamp(*s) for s in stamps if s[1] >= since), cfg)
    frame = store.seat_history_frame(plan.run_ids)
    found = _detect(frame, prices=prices, unmapped=unmapped, settings=cfg, period=plan.period)
    marks = {m.key: m for m in store.expected_marks()}
    settled, lapsed = _settle(found, marks, latest_seats(frame, marks), settings=cfg)
    latest = frame[RUN_ID].to_numpy() == plan.run_ids[-1]
    store.save_anomaly_check(
        plan.run_ids[-1],
        settled,
        lapsed=lapsed,
        series=int(latest.sum()),
        history_runs=len(plan.run_ids),
        period=plan.period,
        periods=plan.periods,
        months=plan.months,
    )
    return settled
