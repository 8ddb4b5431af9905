"""A reconciliation request, and what it gives for each side: a file, an upload or a source.

:func:`recon.service.run_reconciliation` takes a :class:`ReconcileRequest` and asks here how
each side arrives, so a refusal (the same file on both sides) is decided from exactly the
path or bytes reading will take, before any store is opened.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from recon.errors import RunRefused, UsageError
from recon.formats import DEFAULT_MAX_BYTES
from recon.model import Side, SideInput
from recon.plausibility import same_input
from recon.sources import Runtime, SourceSettings, is_source_name, open_source
from recon.sources import Source as PullSource

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


def refuse_same_file(request: ReconcileRequest) -> None:
    """The same file on both sides compares a file with itself: refused, nothing read.

    Only sides given as files count (a source to pull is never "the same file"); each is
    taken as reading will take it (:func:`_file_input`), so the check sees exactly the path
    or the upload's bytes that reading would.
    """
    files = [_file_input(request, side) for side in Side if not is_pulled(request, side)]
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


def is_pulled(request: ReconcileRequest, side: Side) -> bool:
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


def side_input(
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


def open_sources(
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


def run_source(request: ReconcileRequest, pulled: Mapping[Side, PullSource]) -> str:
    """How the data arrived, for the run record: the sources' names when there are any."""
    if not pulled or request.source != "files":
        return request.source
    return "+".join(pulled[s].name if s in pulled else "file" for s in Side)
