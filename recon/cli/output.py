"""Writing ``--output`` files: checked before the work starts, replaced atomically.

A report is written to a temporary file in the destination folder, flushed to disk and
renamed over the destination, so a reader never sees half a file and a failed write leaves
the old file as it was. ``recon reconcile`` writes it before the run is committed (see
:func:`recon.service.run_reconciliation`'s ``before_commit``): a report that can't be
written records nothing.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from recon.errors import UsageError


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


def write_atomic(path: Path, data: str | bytes) -> None:
    """Replace ``path`` with ``data`` in one step (text is written as UTF-8, as given).

    The new file gets the mode an ordinary new file would get (or the old file's mode).

    Raises:
        UsageError: the file can't be written (no permission, disk full, ...); the old file,
            if any, is untouched.
    """
    content = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = 0o666 & ~_umask()
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(content)
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
