"""Read both files and group both sides, nothing else: CPU seconds and resident memory of each.

Reading and grouping are a small part of a whole run, so their changes drown in the run's
noise; this times just them, in one process, as :func:`recon.engine.reconcile` calls them.

Usage::

    python -m benchmarks.read_group VENDOR PSA

prints one JSON object: ``read_cpu`` and ``group_cpu`` (seconds, this process and the threads
Arrow starts), and with Linux's ``/proc`` ``read_peak_mib``, ``read_end_mib``,
``group_peak_mib`` and ``group_end_mib`` (see :class:`benchmarks.phases.PeakRss`).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

from benchmarks.phases import PeakRss


def measure(vendor: Path, psa: Path) -> dict[str, float]:
    """Read ``vendor`` and ``psa`` as ``recon reconcile`` does, then group both sides.

    Returns:
        CPU seconds per step, and resident MiB per step where ``/proc`` exists.
    """
    from recon.catalog import load_catalog
    from recon.commitments import policy_for
    from recon.engine import collector_paused
    from recon.engine.groups import group_side
    from recon.formats import read_sides
    from recon.match import ProductResolver
    from recon.model import Knowledge, Side, SideInput

    memory = PeakRss() if Path("/proc/self/clear_refs").exists() else None
    out: dict[str, float] = {}

    def note(step: str, started: float) -> None:
        out[f"{step}_cpu"] = round(time.process_time() - started, 3)
        if memory is not None:
            peak, now = memory.mark()
            out[f"{step}_peak_mib"], out[f"{step}_end_mib"] = round(peak, 1), round(now, 1)

    resolver = ProductResolver(load_catalog(), Knowledge())
    if memory is not None:
        memory.mark()
    with collector_paused():
        started = time.process_time()
        reads = read_sides([SideInput(Side.VENDOR, str(vendor)), SideInput(Side.PSA, str(psa))])
        note("read", started)
        vendor_lines, psa_lines = (read.lines for read in reads)
        started = time.process_time()
        groups = (
            group_side(
                vendor_lines.lines,
                side=Side.VENDOR,
                resolver=resolver,
                policy=policy_for(vendor_lines.format_name),
                as_of=dt.datetime.now(dt.UTC).date(),
            ),
            group_side(psa_lines.lines, side=Side.PSA, resolver=resolver),
        )
        note("group", started)
    out["groups"] = sum(len(g.groups) for g in groups)
    return out


def main(argv: list[str] | None = None) -> None:
    """Command line: print the figures as one JSON object."""
    vendor, psa = (Path(a) for a in (sys.argv[1:] if argv is None else argv))
    print(json.dumps(measure(vendor, psa)))


if __name__ == "__main__":
    main()
