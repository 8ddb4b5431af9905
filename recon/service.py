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
from dataclasses import dataclass, field
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
from recon.errors import RunRefused, UsageError
from recon.formats import DEFAULT_MAX_BYTES, SideRead, read_sides
from recon.formats.memory import release_unused
from recon.listing import gap_order
from recon.model import LineSet, MatchSettings, ReconResult, Side, SideInput, UnmappedProduct
from recon.plausibility import RunFigures, judge, same_input, side_figures
from recon.report import money_text
from recon.sources import Runtime, SourceSettings, is_source_name, open_source
from recon.sources import Source as PullSource
from recon.store import HeldRun, RunRecord, Store, StoredGap, reading_store

#: A file (path or bytes), a source name (``pax8``, ``connectwise``...) or an open source.
Source = str | os.PathLike[str] | bytes | PullSource


@dataclass(frozen=True, slots=True)
class PreviewNote:
    """A run shown but not saved because its caller may not save runs: kept in the audit log.

    Attributes:
        subject: what was run ("upload of v.csv and p.csv", "/reconcile run").
        reason: why it was only a preview.
    """

    subject: str
    reason: str


@dataclass(frozen=True, slots=True)
class ReconcileRequest:
    """What to reconcile and how.

    Attributes:
        vendor: the vendor export (a path, or the bytes of an upload), or a source to pull
            it from: a name (``pax8``, ``partner-center``, ``folder``; see
            :data:`recon.sources.SOURCE_NAMES`) or an open :class:`recon.sources.Source`.
            A plain name is always the source; write ``./pax8`` for a file called that.
        psa: the PSA export, or a source (``connectwise``, ``autotask``, ``folder``).
        vendor_name: file name to show for bytes (default "vendor export").
        psa_name: likewise for the PSA side.
        vendor_format: force the vendor format (``--vendor-format``).
        psa_format: force the PSA format.
        maps: ``--map ROLE=COLUMN`` meant for whichever file has that column.
        vendor_map: maps meant for the vendor file only.
        psa_map: maps meant for the PSA file only.
        as_of: the day the exports describe (default today, UTC): it decides cancelled /
            not-yet-effective lines and commitment windows, and a saved run is placed on
            that day by the anomaly calendar (old exports backfilled in one sitting each
            fall in their own month).
        save: record the run, its seats and the gap lifecycle in the store (or hold it,
            when the plausibility guard does not believe it).
        source: how the files arrived, for the run record ("files", "slack", "folder", ...);
            left at "files" with a source given, it records the sources ("pax8+connectwise").
        by: who caused the run, for the audit log and saved column maps ("cli:alice",
            "U123", "scheduler").
        preview: with ``save=False``, log in the audit log that ``by`` was shown a preview
            (``preview_run``), before anything is read; the bot does for people who may not
            save runs. None: a preview leaves no trace.
        max_bytes: the largest file (or unzipped content) read, per side. The bot keeps its
            own, smaller upload limit; a distributor's month read from disk may need more.
    """

    vendor: Source
    psa: Source
    vendor_name: str | None = None
    psa_name: str | None = None
    vendor_format: str | None = None
    psa_format: str | None = None
    maps: Mapping[str, str] = field(default_factory=dict)
    vendor_map: Mapping[str, str] = field(default_factory=dict)
    psa_map: Mapping[str, str] = field(default_factory=dict)
    as_of: dt.date | None = None
    save: bool = True
    source: str = "files"
    by: str = "recon"
    preview: PreviewNote | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


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
    _refuse_same_file(request)  # before the store is opened: a refusal creates nothing
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
    pulled, opened = _open_sources(request, sources, runtime or Runtime(clock=clock))
    try:
        inputs = [
            _side_input(request, side, pulled.get(side), knowledge.column_maps, as_of)
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
                store, request, result, figures, _run_source(request, pulled), pulled, kept
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


def _refuse_same_file(request: ReconcileRequest) -> None:
    """The same file on both sides compares a file with itself: refused, nothing read.

    Only sides given as files count (a source to pull is never "the same file"); each is
    taken as reading will take it (:func:`_file_input`), so the check sees exactly the path
    or the upload's bytes that reading would.
    """
    files = [_file_input(request, side) for side in Side if not _is_pulled(request, side)]
    if len(files) != 2:
        return
    vendor, psa = files
    if same_input(vendor.data, psa.data):
        vendor_name = _shown(vendor, "the vendor file")
        psa_name = _shown(psa, "the PSA file")
        same = (
            f"{vendor_name} was given as both the vendor and the PSA export"
            if vendor_name == psa_name
            else f"{vendor_name} and {psa_name} are the same file (identical content)"
        )
        raise RunRefused(
            f"{same}; give the vendor export and the PSA export. Nothing was read or recorded."
        )


def _shown(given: SideInput, fallback: str) -> str:
    """How a side's file is named in a message: its name, else its path, else ``fallback``."""
    if given.name is not None:
        return given.name
    if isinstance(given.data, str | os.PathLike):
        return os.fspath(given.data)
    return fallback


def _is_pulled(request: ReconcileRequest, side: Side) -> bool:
    """True when a request side names a source (or is one) rather than a file."""
    given = _given(request, side)[0]
    return (isinstance(given, str) and is_source_name(given)) or isinstance(given, PullSource)


def _given(request: ReconcileRequest, side: Side) -> tuple[Source, str | None, str | None]:
    """What the request says about one side: its source, display name and forced format."""
    if side is Side.VENDOR:
        return request.vendor, request.vendor_name, request.vendor_format
    return request.psa, request.psa_name, request.psa_format


def _own_map(request: ReconcileRequest, side: Side) -> Mapping[str, str]:
    """The ``--map`` entries the request aims at one side (``vendor:`` / ``psa:``)."""
    return request.vendor_map if side is Side.VENDOR else request.psa_map


def _file_input(request: ReconcileRequest, side: Side) -> SideInput:
    """One side given as a file (a path or an upload's bytes), as reading takes it."""
    given, name, format_name = _given(request, side)
    assert not isinstance(given, PullSource)
    return SideInput(side, given, name, format_name, _own_map(request, side))


def _side_input(
    request: ReconcileRequest,
    side: Side,
    source: PullSource | None,
    saved_maps: Mapping[str, Mapping[str, str]],
    as_of: dt.date,
) -> SideInput:
    """One side as reading takes it: the file, or the lines its source pulls now."""
    if source is None:
        return _file_input(request, side)
    _, name, format_name = _given(request, side)
    own = _own_map(request, side)
    lines = source.fetch(
        as_of, side=side, format_name=format_name, column_map=own or None, saved_maps=saved_maps
    )
    return SideInput(side, lines, name, format_name, own)


def _open_sources(
    request: ReconcileRequest, sources: SourceSettings | None, runtime: Runtime
) -> tuple[dict[Side, PullSource], list[PullSource]]:
    """Side -> source for the sides given as sources; and those opened here, to close."""
    pulled: dict[Side, PullSource] = {}
    opened: list[PullSource] = []
    for side in Side:
        given = _given(request, side)[0]
        if isinstance(given, str) and is_source_name(given):
            if sources is None:
                raise UsageError(
                    f"{given!r} is a source; pass sources=load_source_settings() to pull it"
                )
            pulled[side] = open_source(given, sources, runtime=runtime)
            opened.append(pulled[side])
        elif isinstance(given, PullSource):
            pulled[side] = given
    return pulled, opened


def _run_source(request: ReconcileRequest, pulled: Mapping[Side, PullSource]) -> str:
    """How the data arrived, for the run record: the sources' names when there are any."""
    if not pulled or request.source != "files":
        return request.source
    return "+".join(pulled[s].name if s in pulled else "file" for s in Side)


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
