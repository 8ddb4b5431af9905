"""Give memory freed by a large read back to the operating system.

Parsing a distributor's month allocates several hundred megabytes that are garbage a moment
later (Arrow's parse blocks, the file's bytes, per-row temporaries). Arrow's allocator and the
C library keep such memory for reuse rather than return it, so without this the whole run
would sit on top of what reading once needed: at 60,000 clients about 300 MB per file.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

import pyarrow as pa


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, where there is one (Linux); other C libraries return freed
    memory without being asked, or offer no such call."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        # The running program's own symbols, the C library's among them: no search for the
        # library by name (``find_library`` runs ``ldconfig -p`` in a child process, at
        # every start, for the file this process has already loaded).
        libc = ctypes.CDLL(None)
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):  # musl and other C libraries have none
        return None
    return trim


_TRIM = _malloc_trim()


def release_unused() -> None:
    """Return the memory Arrow's pool and the C heap hold unused to the operating system."""
    pa.default_memory_pool().release_unused()
    if _TRIM is not None:
        _TRIM(0)
