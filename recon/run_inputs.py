"""What a reconciliation request gives for each side: a file, an upload or a source to pull.

:func:`recon.service.run_reconciliation` asks here how each side arrives, so a refusal (the
same file on both sides) is decided from exactly the path or bytes reading will take, before
any store is opened.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from recon.errors import RunRefused, UsageError
from recon.model import Side, SideInput
from recon.plausibility import same_input
from recon.sources import Runtime, SourceSettings, is_source_name, open_source
from recon.sources import Source as PullSource

if TYPE_CHECKING:
    from recon.service import ReconcileRequest, Source


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
