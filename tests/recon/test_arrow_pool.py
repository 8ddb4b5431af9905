"""Arrow allocates from the C library's heap (issue 16: memory at scale).

With its own mimalloc pool, the pages Arrow freed stayed with Arrow, per thread, and the
rest of the run could not reuse them: at 20,000 clients 60 MiB of a 310 MiB peak was
mimalloc's, with 4 MiB of Arrow data alive. On one heap, what reading freed is where
grouping and matching allocate next.
"""

from __future__ import annotations

import pyarrow as pa


def test_arrow_allocates_from_the_c_heap_once_recon_reads() -> None:
    import recon.service  # noqa: F401 - what the CLI and the bot import

    assert pa.default_memory_pool().backend_name == "system"
