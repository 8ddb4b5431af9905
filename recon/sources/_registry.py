"""The one list of sources, and how to open one by name.

The CLI (``recon pull``, ``recon sources``, ``recon reconcile pax8 connectwise``), the service
and the scheduler all come through here::

    settings = load_source_settings()
    with closing(open_source("pax8", settings)) as pax8:
        lines = pax8.fetch()
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from recon.errors import SourceError, UsageError
from recon.model import LineSet, Side
from recon.sources._base import Source
from recon.sources._http import Runtime
from recon.sources._settings import ENV_VARS, EnvVars, SourceSettings


@dataclass(frozen=True)
class SourceInfo:
    """A source as ``recon sources`` lists it.

    Attributes:
        name: the name to use (``pax8``).
        label: what people call it.
        side: the side it gives; None for either (the folder).
        env: its environment variables.
    """

    name: str
    label: str
    side: Side | None
    env: EnvVars


@dataclass(frozen=True)
class SourceStatus:
    """Whether a source can be used with the current settings.

    Attributes:
        info: the source.
        configured: every required variable is set (nothing has been contacted).
        missing: variables still to set, or set wrongly.
    """

    info: SourceInfo
    configured: bool
    missing: tuple[str, ...]


#: Each source's class (module, name), label and side, and where its settings are. Written
#: out so that ``recon sources`` and ``--help`` need no source module: those import the
#: readers (pandas, Arrow). A test holds the labels and sides to the classes'.
_OPENERS: dict[str, tuple[str, str, str, Side | None, Callable[[SourceSettings], Any]]] = {
    "pax8": ("pax8", "Pax8Source", "Pax8 API", Side.VENDOR, lambda s: s.pax8),
    "partner-center": (
        "partner_center",
        "PartnerCenterSource",
        "Microsoft Partner Center API",
        Side.VENDOR,
        lambda s: s.partner_center,
    ),
    "connectwise": (
        "connectwise",
        "ConnectWiseSource",
        "ConnectWise Manage API",
        Side.PSA,
        lambda s: s.connectwise,
    ),
    "autotask": ("autotask", "AutotaskSource", "Autotask API", Side.PSA, lambda s: s.autotask),
    "folder": ("folder", "FolderSource", "watched folder", None, lambda s: s.folder),
}

#: Every source, in the order ``recon sources`` shows them.
SOURCES: tuple[SourceInfo, ...] = tuple(
    SourceInfo(name, label, side, ENV_VARS[name])
    for name, (_, _, label, side, _) in _OPENERS.items()
)
#: The names accepted wherever a source can be given.
SOURCE_NAMES: tuple[str, ...] = tuple(info.name for info in SOURCES)


def is_source_name(value: str) -> bool:
    """True when ``value`` names a source (``pax8``, ``PAX8``, ``source:pax8``)."""
    return _canonical(value) in _OPENERS


def _canonical(value: str) -> str:
    name = value.strip().lower()
    return name.removeprefix("source:")


def source_statuses(settings: SourceSettings) -> tuple[SourceStatus, ...]:
    """Every source with whether it is configured and what it still needs."""
    return tuple(
        SourceStatus(info, info.name not in settings.missing, settings.missing.get(info.name, ()))
        for info in SOURCES
    )


def open_source(name: str, settings: SourceSettings, *, runtime: Runtime | None = None) -> Source:
    """Open a source by name; nothing is contacted until it is used.

    Args:
        name: one of :data:`SOURCE_NAMES` (case and a ``source:`` prefix don't matter).
        settings: from :func:`recon.sources.load_source_settings`.
        runtime: clock, sleep and retry policy (default: the real ones).

    Returns:
        The source; close it when done.

    Raises:
        UsageError: an unknown name (the message lists the known ones).
        SourceError: ``kind="not_configured"``, naming the variables to set.
    """
    key = _canonical(name)
    if key not in _OPENERS:
        raise UsageError(f"unknown source {name!r}; the sources are: {', '.join(SOURCE_NAMES)}")
    pick = _OPENERS[key][4]
    chosen = pick(settings)
    if chosen is None:
        needed = ", ".join(settings.missing.get(key, ENV_VARS[key].required))
        raise SourceError(f"not configured; set {needed}", source=key, kind="not_configured")
    cls = source_class(key)
    source: Source = cls(chosen, runtime=runtime)
    return source


def source_class(name: str) -> type[Any]:
    """The class of the source ``name`` (one of :data:`SOURCE_NAMES`), imported now."""
    module, class_name, *_ = _OPENERS[name]
    cls: type[Any] = getattr(importlib.import_module(f"recon.sources.{module}"), class_name)
    return cls


def pull(
    name: str,
    settings: SourceSettings,
    *,
    as_of: dt.date | None = None,
    side: Side | None = None,
    runtime: Runtime | None = None,
) -> LineSet:
    """Open a source, fetch its lines and close it: what ``recon pull`` does.

    Args:
        name: the source.
        settings: from :func:`recon.sources.load_source_settings`.
        as_of: the day cancelled / not-yet-effective is judged on (default: today, UTC).
        side: the side (needed for the folder).
        runtime: clock, sleep and retry policy (default: the real ones).

    Raises:
        UsageError: unknown source, or no side for the folder.
        SourceError: the pull failed.
    """
    source = open_source(name, settings, runtime=runtime)
    try:
        return source.fetch(as_of, side=side)
    finally:
        source.close()
