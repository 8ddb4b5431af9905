"""Time the phases of one ``recon reconcile`` in-process, the way the CLI runs it.

Run in its own process by :mod:`benchmarks.run` (so caches and memory start cold). The
phases are cut at the engine's progress messages, so no engine code is patched:

- ``import``: importing ``recon.service`` and ``recon.report`` (after interpreter start);
- ``store``: opening the SQLite store and reading stored knowledge;
- ``read``: both :func:`recon.read_export` calls (decode, detect, parse, row rules);
- ``group``: identifying products and client keys, summing per (client, product);
- ``match``: pairing clients (exact, then fuzzy) and products;
- ``compare``: the outer join, gap classification and pricing, the summary;
- ``lookup``: the store's gap lookup the service does even with ``--no-save``;
- ``render``: :func:`recon.report.write_json` streaming the report into the file (as
  ``recon reconcile --output`` does); ``write``: closing the file.

With ``--cpu`` each phase is this process's CPU time instead of wall time: on a machine
other work shares, CPU seconds compare a before and an after far more steadily (threads
Arrow starts count in full, so a phase can take more CPU than wall).

With ``--rss`` the output also has ``peak_mib``: per phase, the highest resident memory the
process reached during it (Linux: the kernel's high-water mark, reset at each phase's start),
and ``end_mib``: what was still resident when it ended. The phase with the highest peak is
where the run's peak is (what ``/usr/bin/time -v`` reports as the maximum resident size).

Usage::

    python -m benchmarks.phases VENDOR PSA OUT.json DB [--cpu] [--rss]
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.bytecode import compile_engine

_CUTS = (
    ("Reading files", "store"),
    ("Identifying products", "read"),
    ("Matching", "group"),
    ("Comparing seats and prices", "match"),
    ("Done", "compare"),
)


class PeakRss:
    """Resident memory per phase from ``/proc/self/status`` (Linux only).

    :meth:`mark` returns the peak since the last mark and what is resident now, both in MiB,
    and resets the kernel's high-water mark so the next mark sees only its own phase.
    """

    def __init__(self, status: Path = Path("/proc/self/status")) -> None:
        self._status = status
        self._reset()

    def mark(self) -> tuple[float, float]:
        """(peak since the last mark, resident now), in MiB."""
        text = self._status.read_text()
        peak, now = (_kib(text, field) / 1024 for field in ("VmHWM", "VmRSS"))
        self._reset()
        return peak, now

    def _reset(self) -> None:
        # "5" resets the peak to what is resident now (Linux 4.0 and later).
        self._status.with_name("clear_refs").write_text("5")


def _kib(status: str, field: str) -> float:
    found = re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)
    if found is None:
        raise SystemExit(f"--rss needs Linux's /proc/self/status ({field} not found)")
    return float(found.group(1))


def measure(
    vendor: Path,
    psa: Path,
    out: Path,
    db: Path,
    *,
    clock: Callable[[], float] = time.perf_counter,
    memory: PeakRss | None = None,
) -> dict[str, float]:
    """Run one reconciliation like ``recon reconcile --format json --no-save`` and time it.

    Args:
        vendor: the vendor export.
        psa: the PSA export.
        out: where to write the JSON report.
        db: the SQLite store to use (created if missing).
        clock: what a phase is measured in (default: wall seconds).
        memory: when given, also note resident memory per phase (default: not noted).

    Returns:
        Seconds per phase (see the module docstring), plus ``total``; with ``memory``, also
        ``peak_mib.PHASE`` and ``end_mib.PHASE`` per phase.
    """
    # Per timing point (in order), the memory reading taken there: the peak since the
    # previous point and what is resident. A phase's peak is the highest over its points.
    readings: list[tuple[float, float]] = []
    if memory is not None:
        memory.mark()

    def tick() -> tuple[float, int]:
        at = clock()  # read first, so the memory reading is not counted in the phase
        if memory is not None:
            readings.append(memory.mark())
        return at, len(readings)

    started = tick()
    from recon.engine import collector_paused
    from recon.report import write_json
    from recon.service import ReconcileRequest, run_reconciliation

    imported = tick()
    marks: list[tuple[str, tuple[float, int]]] = []
    # One collector pause over the run and the report, as ``recon reconcile`` has: without it
    # the collector's catch-up walk over the whole result lands in "lookup" and "render" (over
    # two seconds at 60,000 clients) and the phases no longer add up to what the CLI spends.
    with collector_paused():
        outcome = run_reconciliation(
            ReconcileRequest(vendor=vendor, psa=psa, save=False),
            db_path=db,
            progress=lambda message: marks.append((message, tick())),
        )
        returned = tick()
        with out.open("w", encoding="utf-8", newline="") as stream:
            write_json(stream, outcome.result, extra=outcome.json_extra())
            rendered = tick()
    written = tick()

    ends = {"import": imported}
    for prefix, name in _CUTS:
        ends[name] = next(point for message, point in marks if message.startswith(prefix))
    ends.update(lookup=returned, render=rendered, write=written)
    phases: dict[str, float] = {}
    previous, after = started
    for name, (end, upto) in ends.items():
        phases[name] = end - previous
        if memory is not None:
            inside = readings[after:upto]
            phases[f"peak_mib.{name}"] = round(max(peak for peak, _ in inside), 1)
            phases[f"end_mib.{name}"] = round(inside[-1][1], 1)
        previous, after = end, upto
    phases["total"] = written[0] - started[0]
    return phases


def main(argv: list[str] | None = None) -> None:
    """Command line: print the phase times as one JSON object."""
    args = list(sys.argv[1:] if argv is None else argv)
    cpu, rss = "--cpu" in args, "--rss" in args
    vendor, psa, out, db = (Path(a) for a in args if a not in ("--cpu", "--rss"))
    clock = time.process_time if cpu else time.perf_counter
    memory = PeakRss() if rss else None
    compile_engine()  # the import phase is the installed one, not a first compile
    print(json.dumps(measure(vendor, psa, out, db, clock=clock, memory=memory)))


if __name__ == "__main__":
    main()
