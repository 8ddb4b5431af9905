"""What commands write: terminal output without control characters, and ``--output`` files.

Standard output and error go through :class:`PrintableStream` while a command runs (the
``recon`` group and :func:`recon.cli.options.reports_errors` both set it up), so a client name
from an export can't colour, move or retitle the terminal or set its clipboard. This module
stays light (no pandas, Arrow or rapidfuzz): the group uses it for ``recon version`` too.

``--output`` files are checked before the work starts and replaced atomically: a report is
written to a temporary file in the destination folder, flushed to disk and
renamed over the destination, so a reader never sees half a file and a failed write leaves
the old file as it was. ``recon reconcile`` writes it before the run is committed (see
:func:`recon.service.run_reconciliation`'s ``before_commit``): a report that can't be
written records nothing.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from recon.controls import printable
from recon.errors import UsageError


class PrintableStream:
    """A text stream that drops terminal control characters from what is written to it.

    Every command's output goes through one (see :func:`printable_output`), so a client name
    from an export can't colour, move or retitle the terminal or set its clipboard.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write ``text`` without its control characters."""
        self._stream.write(printable(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


#: What :func:`recon.controls.printable` could still find in text the JSON encoder wrote:
#: the encoder escapes every C0 control (ESC, CR, BEL...), so only DEL and the C1 controls
#: (8-bit CSI, OSC...) can be there as they are.
_RAW_IN_JSON = re.compile("[\x7f-\x9f]")


class JsonOutput:
    """Where a JSON report goes on standard output: filtered as every command's output is,
    without the filter's scan of text that holds nothing it would drop.

    Only for text ``json`` wrote (the encoder escapes every C0 control): ASCII text without
    DEL, or text with no C1 control, is written as it is; anything else goes through the
    :class:`PrintableStream`. A 60,000-client report is 126 MB, and the full check was half a
    second of it.
    """

    def __init__(self, stream: TextIO) -> None:
        self._filtered = stream
        self._raw: Any = stream
        # Unwrapped to the end: a stream filtered twice would still filter the "raw" writes.
        while isinstance(self._raw, PrintableStream):
            self._raw = self._raw._stream

    def write(self, text: str) -> int:
        """Write JSON text, dropping terminal controls as :func:`printable` would."""
        if "\x7f" in text if text.isascii() else _RAW_IN_JSON.search(text) is not None:
            return int(self._filtered.write(text))
        self._raw.write(text)
        return len(text)


@contextlib.contextmanager
def printable_output() -> Iterator[None]:
    """Within the block, standard output and error drop terminal control characters.

    A block inside another (the ``recon`` group's, then a command's own) keeps the streams it
    finds: filtering twice gives the same text at twice the cost (0.7 s of a 60,000-client
    JSON report on standard output).
    """
    saved = sys.stdout, sys.stderr
    sys.stdout = _filtered(saved[0])
    sys.stderr = _filtered(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _filtered(stream: TextIO) -> TextIO:
    """``stream`` filtered once: as it is when it already drops control characters."""
    if isinstance(stream, PrintableStream):
        return stream
    return PrintableStream(stream)  # type: ignore[return-value]


def check_output(path: Path) -> None:
    """Refuse an ``--output`` whose folder does not exist, before any work is done.

    Raises:
        UsageError: the folder is missing, or is a file.
    """
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(
            f"--output {path}: the folder {folder} does not exist; create it or choose another "
            "file. Nothing was read or recorded."
        )
    if path.is_dir():
        raise UsageError(f"--output {path} is a folder; give a file name")


def write_atomic(path: Path, data: str | bytes | Callable[[TextIO], object]) -> None:
    """Replace ``path`` with ``data`` in one step (text is written as UTF-8, as given).

    ``data`` may also be a function that writes the text to the file it is given (UTF-8,
    newlines as written), so a large report is never held as one string.

    The new file gets the mode an ordinary new file would get (or the old file's mode).

    Raises:
        UsageError: the file can't be written (no permission, disk full, ...); the old file,
            if any, is untouched.
    """
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = 0o666 & ~_umask()
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            if callable(data):
                text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
                data(text)
                text.flush()
                text.detach()
            else:
                out.write(data.encode("utf-8") if isinstance(data, str) else data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
    except OSError as err:
        raise UsageError(
            f"can't write --output {path}: {err.strerror or err}. Nothing was recorded."
        ) from err
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
