"""A watched folder (local path or mounted share) where exports land.

**How the side is known.** A file in a ``vendor/`` or ``psa/`` subfolder (any case) is that
side. A file directly in the folder is recognised from its header row
(:func:`recon.formats.detect_export`); a generic file there is ignored, since its side can't
be told, and so is anything that is not ``.csv``, ``.tsv``, ``.txt`` or ``.gz``, a hidden or
Office lock file (``.x``, ``~$x``) or a partial download (``.tmp``, ``.part``,
``.crdownload``).

**Newest wins.** Per side, the file with the latest modification time is the one read.

**Only settled files are read.** A file is settled when its size and modification time are
the same in two observations at least ``settle_seconds`` apart (by the injected clock). A
first look only records the observation: :meth:`FolderSource.has_new_data` says "not yet"
and the scheduler's next tick sees it settled; :meth:`FolderSource.fetch` waits (through the
injected ``sleep``) for the newest file to settle, a few intervals at most.

**What was reconciled is remembered** in a small JSON file (``watched.json`` next to the
database), per folder and side: name, size, modification time and SHA-256 of the file last
reconciled. :meth:`~FolderSource.has_new_data` compares the newest settled file with it;
:meth:`~FolderSource.mark_reconciled` (called by the service after a recorded run) updates it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, ClassVar

from recon.errors import ReconError, SourceError, UsageError
from recon.formats import detect_export, read_export
from recon.model import LineSet, Side
from recon.sources._base import ColumnMaps
from recon.sources._http import Runtime
from recon.sources._settings import FolderSettings

log = logging.getLogger("recon.sources")

EXPORT_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".gz"})
PARTIAL_SUFFIXES = frozenset({".tmp", ".part", ".partial", ".crdownload", ".download"})
#: How many settle intervals :meth:`FolderSource.fetch` waits for a file still being written.
MAX_SETTLE_CHECKS = 6
_SIDE_FOLDERS = {"vendor": Side.VENDOR, "psa": Side.PSA}


@dataclass(frozen=True)
class FileState:
    """A file as it was seen: its name in the folder, size and modification time.

    Attributes:
        name: path relative to the watched folder, with ``/``.
        size: bytes.
        mtime_ns: modification time, nanoseconds since the epoch.
        sha256: digest of the content (known once it has been read).
    """

    name: str
    size: int
    mtime_ns: int
    sha256: str = ""

    def same_file(self, other: FileState | None) -> bool:
        """Same name, size and modification time (the digest is not always known)."""
        return other is not None and (self.name, self.size, self.mtime_ns) == (
            other.name,
            other.size,
            other.mtime_ns,
        )


class FolderSource:
    """Exports dropped in a folder, as a source of either side.

    Args:
        settings: the folder, where to remember what was reconciled, the settle interval.
        runtime: the clock and sleep (default: the real ones).

    Usage::

        folder = FolderSource(settings.folder)
        if folder.has_new_data():
            vendor = folder.fetch(side=Side.VENDOR)
    """

    name: ClassVar[str] = "folder"
    label: ClassVar[str] = "watched folder"
    side: ClassVar[Side | None] = None

    def __init__(self, settings: FolderSettings, *, runtime: Runtime | None = None) -> None:
        self._settings = settings
        self._runtime = runtime or Runtime()
        self._seen: dict[Path, tuple[tuple[int, int], dt.datetime]] = {}
        self._sides: dict[tuple[Path, int, int], Side | None] = {}
        self._read: dict[str, tuple[Side, FileState]] = {}

    # --- looking ----------------------------------------------------------------------
    def _root(self) -> Path:
        root = self._settings.path
        if not root.is_dir():
            raise SourceError(
                "the watched folder doesn't exist or isn't mounted; check RECON_WATCH_DIR",
                source=self.name,
                kind="unreachable",
            )
        return root

    def _candidates(self, side: Side) -> list[Path]:
        root = self._root()
        found: list[Path] = []
        for entry in sorted(root.iterdir()):
            if entry.is_dir() and _SIDE_FOLDERS.get(entry.name.lower()) is side:
                found.extend(p for p in sorted(entry.iterdir()) if _is_export(p))
            elif _is_export(entry) and self._detected_side(entry) is side:
                found.append(entry)
        return found

    def _detected_side(self, path: Path) -> Side | None:
        stat = path.stat()
        key = (path, stat.st_size, stat.st_mtime_ns)
        if key not in self._sides:
            try:
                self._sides[key] = detect_export(path).side
            except ReconError as err:
                log.info("watched folder: %s is not an export we can read (%s)", path.name, err)
                self._sides[key] = None
        return self._sides[key]

    def newest(self, side: Side) -> Path | None:
        """The newest export of one side in the folder (settled or not), or None."""
        best: tuple[int, str, Path] | None = None
        for path in self._candidates(side):
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue  # moved away while we looked
            if stat.st_size and (best is None or (stat.st_mtime_ns, path.name) > best[:2]):
                best = (stat.st_mtime_ns, path.name, path)
        return best[2] if best else None

    def _state(self, path: Path) -> FileState:
        stat = path.stat()
        name = path.relative_to(self._settings.path).as_posix()
        return FileState(name, stat.st_size, stat.st_mtime_ns)

    def _settled(self, path: Path) -> bool:
        """Record an observation; True once size and mtime held for the settle interval."""
        state = self._state(path)
        key = (state.size, state.mtime_ns)
        now = self._runtime.clock()
        seen = self._seen.get(path)
        if seen is None or seen[0] != key:
            self._seen[path] = (key, now)
            return False
        return (now - seen[1]).total_seconds() >= self._settings.settle_seconds

    # --- the source protocol ----------------------------------------------------------
    def has_new_data(self, side: Side | None = None) -> bool:
        """True when a side's newest file is settled and is not the one last reconciled.

        Args:
            side: one side, or None for either.
        """
        new = False
        for each in (side,) if side else (Side.VENDOR, Side.PSA):
            path = self.newest(each)
            if path is None or not self._settled(path):
                continue
            if not self._state(path).same_file(self.last_reconciled(each)):
                new = True
        return new

    def fetch(
        self,
        as_of: dt.date | None = None,
        *,
        side: Side | None = None,
        format_name: str | None = None,
        column_map: Mapping[str, str] | None = None,
        saved_maps: ColumnMaps | None = None,
    ) -> LineSet:
        """Read the newest settled export of one side, like ``read_export`` reads a file.

        Raises:
            UsageError: no side given.
            SourceError: no folder, no export of that side, or a file still being written.
            InputError: the file can't be read (as for any file).
        """
        if side is None:
            raise UsageError("the watched folder holds both sides; say which one to read")
        settle = self._settings.settle_seconds
        path = self._wait_for_settled(side, settle)
        state = self._state(path)
        lines = read_export(
            path,
            side=side,
            format_name=format_name,
            column_map=column_map,
            saved_maps=saved_maps,
            as_of=as_of or self._runtime.clock().date(),
        )
        self._read[lines.path] = (side, FileState(state.name, state.size, state.mtime_ns,
                                                  lines.sha256))  # fmt: skip
        return lines

    def _wait_for_settled(self, side: Side, settle: float) -> Path:
        """The side's newest file once settled, waiting through the injected sleep."""
        last = self._settings.path
        for _check in range(MAX_SETTLE_CHECKS):
            path = self.newest(side)
            if path is None:
                raise SourceError(
                    f"the watched folder has no {side.value} export yet (put it in "
                    f"{side.value}/ or in the folder itself)",
                    source=self.name,
                    kind="unexpected",
                )
            last = path
            if self._settled(path):
                return path
            self._runtime.sleep(settle)
        raise SourceError(
            f"{self._state(last).name} in the watched folder is still being written "
            f"(it changed in each of {MAX_SETTLE_CHECKS} checks {settle:g}s apart)",
            source=self.name,
            kind="unexpected",
        )

    def mark_reconciled(self, lines: LineSet) -> None:
        """Remember the file these lines came from as the side's last reconciled one."""
        read = self._read.get(lines.path)
        if read is None:
            return
        side, state = read
        data = self._load()
        folders = data.setdefault("folders", {})
        entry = folders.setdefault(self._key(), {})
        entry[side.value] = {**asdict(state), "at": self._runtime.clock().isoformat()}
        self._save(data)

    def last_reconciled(self, side: Side) -> FileState | None:
        """The file last reconciled for a side, or None."""
        entry = self._load().get("folders", {}).get(self._key(), {}).get(side.value)
        if not isinstance(entry, dict):
            return None
        try:
            return FileState(
                str(entry["name"]),
                int(entry["size"]),
                int(entry["mtime_ns"]),
                str(entry.get("sha256", "")),
            )
        except (KeyError, TypeError, ValueError):
            return None

    def close(self) -> None:
        """Nothing to release."""

    # --- memory -----------------------------------------------------------------------
    def _key(self) -> str:
        return str(self._settings.path.expanduser().resolve())

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self._settings.state_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as err:
            log.warning("watched folder: can't read what was reconciled (%s); starting over", err)
            return {}
        return data if isinstance(data, dict) else {}

    def _save(self, data: dict[str, Any]) -> None:
        target = self._settings.state_path
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".watched-", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=2, sort_keys=True)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def _is_export(path: Path) -> bool:
    name = path.name
    suffixes = [s.lower() for s in path.suffixes]
    return (
        path.is_file()
        and not name.startswith((".", "~$"))
        and bool(suffixes)
        and suffixes[-1] in EXPORT_SUFFIXES
        and not PARTIAL_SUFFIXES.intersection(suffixes)
    )
