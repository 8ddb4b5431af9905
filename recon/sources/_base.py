"""What every source is: something that yields a side's canonical lines on demand.

The scheduler, the service and ``recon pull`` only use this protocol::

    source = open_source("pax8", settings)
    if source.has_new_data():
        lines = source.fetch(as_of)          # a LineSet, like read_export gives for a file
        ...                                  # reconcile, record the run
        source.mark_reconciled(lines)        # the folder remembers; APIs don't need to
    source.close()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import ClassVar, Protocol, runtime_checkable

from recon.errors import UsageError
from recon.model import LineSet, Side
from recon.sources._http import HttpClient, Runtime

ColumnMaps = Mapping[str, Mapping[str, str]]


@runtime_checkable
class Source(Protocol):
    """A vendor or PSA system (or a folder) that hands over canonical lines.

    Attributes:
        name: the registry name (``pax8``, ``partner-center``, ``folder``...).
        label: what people call it ("Pax8 API").
        side: the side it gives; None when it can give either (the folder).
    """

    name: str
    label: str
    side: Side | None

    def fetch(
        self,
        as_of: dt.date | None = None,
        *,
        side: Side | None = None,
        format_name: str | None = None,
        column_map: Mapping[str, str] | None = None,
        saved_maps: ColumnMaps | None = None,
    ) -> LineSet:
        """Pull the current lines.

        Args:
            as_of: the day cancelled / not-yet-effective is judged on (default: today, UTC).
            side: the side wanted; required for a source that gives both.
            format_name: force a file format (file-backed sources only).
            column_map: ``--map`` entries (file-backed sources only).
            saved_maps: saved column maps (used by file-backed sources).
        """
        ...

    def has_new_data(self, side: Side | None = None) -> bool:
        """True when a fetch may give something not yet reconciled."""
        ...

    def mark_reconciled(self, lines: LineSet) -> None:
        """Remember that these lines were reconciled (and recorded)."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


class ApiSource:
    """Shared behaviour of the API connectors: side checks, ``as_of``, closing.

    Subclasses set the class attributes and implement :meth:`_pull`.
    """

    name: ClassVar[str]
    label: ClassVar[str]
    side: ClassVar[Side | None]
    format_name: ClassVar[str]

    def __init__(self, http: HttpClient) -> None:
        self._http = http
        #: The PSA's account manager of each client, by the client's name as the PSA writes
        #: it -> the manager's e-mail, from the last fetch (empty where the API has none).
        #: A recorded run offers them as default owners (a person's choice always wins).
        self.account_managers: dict[str, str] = {}

    @property
    def runtime(self) -> Runtime:
        """The clock, sleep and retry policy in use."""
        return self._http.runtime

    def fetch(
        self,
        as_of: dt.date | None = None,
        *,
        side: Side | None = None,
        format_name: str | None = None,
        column_map: Mapping[str, str] | None = None,
        saved_maps: ColumnMaps | None = None,
    ) -> LineSet:
        """Pull the current lines from the API (see :meth:`Source.fetch`).

        Raises:
            UsageError: the wrong side, or file options for an API.
            SourceError: the pull failed (see :mod:`recon.sources`).
        """
        if side is not None and side is not self.side:
            assert self.side is not None
            raise UsageError(
                f"{self.name} gives the {self.side.value} side; it can't be the {side.value} side"
            )
        if format_name or column_map:
            raise UsageError(
                f"--vendor-format, --psa-format and --map apply to files; {self.name} is an API "
                "and has no columns to map"
            )
        return self._pull(as_of or self.runtime.clock().date())

    def _pull(self, as_of: dt.date) -> LineSet:
        raise NotImplementedError

    def has_new_data(self, side: Side | None = None) -> bool:
        """Always True for the side an API gives: only a pull can tell what changed."""
        return side is None or side is self.side

    def mark_reconciled(self, lines: LineSet) -> None:
        """Nothing to remember: an API is pulled afresh each time."""

    def close(self) -> None:
        """Close the HTTP connections."""
        self._http.close()

    def __enter__(self) -> ApiSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
