"""Freed memory is handed back through the C library's malloc_trim where glibc has one."""

from __future__ import annotations

import platform
import sys

import pytest

from recon.formats import memory


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="malloc_trim is glibc's",
)
def test_glibc_trim_is_found_without_searching_for_the_library() -> None:
    trim = memory._malloc_trim()
    assert trim is not None
    assert trim(0) in (0, 1)  # 1: memory was released, 0: none could be
    memory.release_unused()


def test_the_free_lists_are_emptied_without_a_collection_or_a_thaw() -> None:
    # A cycle of garbage: a collection would free it; emptying the free lists must not
    # (the run's collector stays paused, and this costs no walk over its objects).
    import gc
    import weakref

    class Node:
        pass

    enabled = gc.isenabled()
    gc.disable()
    try:
        a, b = Node(), Node()
        a.other, b.other = b, a  # type: ignore[attr-defined]
        alive = weakref.ref(a)
        del a, b
        memory.clear_free_lists()
        assert alive() is not None
        assert gc.get_freeze_count() == 0  # nothing left frozen
        # A process that froze its objects (to share them with forked workers) keeps them
        # frozen: nothing is done then.
        gc.freeze()
        frozen = gc.get_freeze_count()
        memory.clear_free_lists()
        assert gc.get_freeze_count() == frozen
        gc.unfreeze()
        gc.collect()
        assert alive() is None
    finally:
        if enabled:
            gc.enable()


def test_handing_memory_back_empties_the_free_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(memory, "clear_free_lists", lambda: calls.append("cleared"))
    memory.release_unused()
    assert calls == ["cleared"]
