"""Everything about reading an export: one path from bytes to canonical seat lines.

Usage::

    lines = read_export("pax8.csv", side=Side.VENDOR)                  # the CLI: a path
    lines = read_export(upload_bytes, name="psa.csv", side=Side.PSA)   # the bot: bytes
    detect_export("unknown.csv")                                       # what does it look like?

The path, one module per step:

- :mod:`~recon.formats.read`: the one path for a file (:func:`open_export` once, then
  :func:`detect_opened` or :func:`read_opened`); :mod:`~recon.formats.sides` reads both sides
  of a run (:class:`~recon.model.SideInput`) and aims plain ``--map`` entries;
- :mod:`~recon.formats.sniff`: bytes, size, gzip, encoding, BOM, delimiter;
- :mod:`~recon.formats.header`: header keys, and the header row, found once;
- :mod:`~recon.formats.synonyms`: which header can mean which role, per side;
- :mod:`~recon.formats.detect`: which format the header is, ``--map`` and saved maps;
- :mod:`~recon.formats.table`: the rows under the header as columns;
- :mod:`~recon.formats.cells`: money, quantities, dates and flags as exports write them;
- :mod:`~recon.formats.rows`, :mod:`~recon.formats.rules`, :mod:`~recon.formats.values`,
  :mod:`~recon.formats.convert`: row rules and numbers, to canonical lines;
- one small module per known export (:mod:`~recon.formats.registry` lists them), each a
  :class:`~recon.formats.spec.FormatSpec`.

The names above are imported on first use (PEP 562), so a source or a command that needs one
format's spec does not load pandas and Arrow with the readers; type checkers see them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recon._lazy import lazy_names

if TYPE_CHECKING:
    from recon.formats.detect import Detection
    from recon.formats.read import (
        OpenedExport,
        detect_export,
        detect_opened,
        open_export,
        read_export,
        read_opened,
    )
    from recon.formats.registry import FORMATS, FormatInfo, get_format, list_formats
    from recon.formats.sides import SideRead, read_sides
    from recon.formats.sniff import DEFAULT_MAX_BYTES
    from recon.formats.spec import FormatSpec

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "Detection",
    "FormatInfo",
    "FormatSpec",
    "OpenedExport",
    "SideRead",
    "detect_export",
    "detect_opened",
    "get_format",
    "list_formats",
    "open_export",
    "read_export",
    "read_opened",
    "read_sides",
]

#: Where each public name lives, as (module, name there).
_WHERE: dict[str, tuple[str, str]] = {
    "DEFAULT_MAX_BYTES": ("recon.formats.sniff", "DEFAULT_MAX_BYTES"),
    "Detection": ("recon.formats.detect", "Detection"),
    "FORMATS": ("recon.formats.registry", "FORMATS"),
    "FormatInfo": ("recon.formats.registry", "FormatInfo"),
    "FormatSpec": ("recon.formats.spec", "FormatSpec"),
    "OpenedExport": ("recon.formats.read", "OpenedExport"),
    "SideRead": ("recon.formats.sides", "SideRead"),
    "detect_export": ("recon.formats.read", "detect_export"),
    "detect_opened": ("recon.formats.read", "detect_opened"),
    "get_format": ("recon.formats.registry", "get_format"),
    "list_formats": ("recon.formats.registry", "list_formats"),
    "open_export": ("recon.formats.read", "open_export"),
    "read_export": ("recon.formats.read", "read_export"),
    "read_opened": ("recon.formats.read", "read_opened"),
    "read_sides": ("recon.formats.sides", "read_sides"),
}


__getattr__, __dir__ = lazy_names(__name__, _WHERE, globals(), __all__)
