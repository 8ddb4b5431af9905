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
