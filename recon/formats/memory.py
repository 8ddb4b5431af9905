"""Give memory freed by a large read back to the operating system.

Parsing a distributor's month allocates several hundred megabytes that are garbage a moment
later (Arrow's parse blocks, the file's bytes, per-row temporaries). Arrow's allocator and the
C library keep such memory for reuse rather than return it, so without this the whole run
would sit on top of what reading once needed: at 60,000 clients about 300 MB per file.
"""

from __future__ import annotations

import ctypes
import gc
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

#: glibc's ``mallopt`` parameter for the number of heaps threads allocate from.
_M_ARENA_MAX = -8


def _share_thread_heaps() -> None:
    """Two heaps for all threads, not eight per core: each thread that allocates (Arrow's
    readers, the name matcher's workers) otherwise gets a heap of its own, and what it frees
    there stays there, out of reach of the main thread's next allocation (at 20,000 clients
    19 MiB of the peak; reading's CPU time unchanged on two cores)."""
    if _TRIM is None:  # not glibc: no such setting
        return
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is not None:
        mallopt(_M_ARENA_MAX, 2)


_share_thread_heaps()

# Arrow allocates from the C library's heap, as NumPy and Python's larger objects do, not from
# its own mimalloc pool: one heap reuses what another stage freed, where two kept their freed
# pages apart (mimalloc's own, held per thread, were 60 MiB of a 20,000-client run's 310 MiB
# with 4 MiB of Arrow data alive), and ``malloc_trim`` returns both at once.
pa.set_memory_pool(pa.system_memory_pool())


def release_unused() -> None:
    """Return the memory Arrow's pool and the C heap hold unused to the operating system,
    and let go of the objects Python keeps for reuse (:func:`clear_free_lists`)."""
    clear_free_lists()
    pa.default_memory_pool().release_unused()
    if _TRIM is not None:
        _TRIM(0)


def clear_free_lists() -> None:
    """Free the objects Python keeps dead for reuse (up to 2,000 tuples of each size below
    20, and a few dozen lists, dicts and floats), without a collection.

    Each of them holds the page, and so the 1 MiB arena, it sits in: after client matching,
    which makes and drops millions of tuples, they kept about 19 of the 190 arenas of a
    60,000-client run resident that nothing else lived in. Only a full collection empties
    these lists (CPython's ``gc.collect()``, generation 2); with every tracked object frozen
    first (``gc.freeze``, which moves them to a generation the collector never walks) that
    collection walks nothing (26 calls over a 60,000-client run took 8 ms in all). Nothing
    is collected; the thaw puts every object in the collector's oldest generation, so a
    garbage cycle made before a hand-back waits for the next full collection (a run pauses
    the collector throughout, so none was collected during it before either).
    A process that froze objects itself (a server sharing them with forked workers) keeps
    them frozen: then nothing is done.
    """
    if gc.get_freeze_count():
        return
    gc.freeze()
    try:
        gc.collect()
    finally:
        gc.unfreeze()
