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

Usage::

    python -m benchmarks.phases VENDOR PSA OUT.json DB [--cpu]
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

_CUTS = (
    ("Reading files", "store"),
    ("Identifying products", "read"),
    ("Matching", "group"),
    ("Comparing seats and prices", "match"),
    ("Done", "compare"),
)


def measure(
    vendor: Path, psa: Path, out: Path, db: Path, *, clock: Callable[[], float] = time.perf_counter
) -> dict[str, float]:
    """Run one reconciliation like ``recon reconcile --format json --no-save`` and time it.

    Args:
        vendor: the vendor export.
        psa: the PSA export.
        out: where to write the JSON report.
        db: the SQLite store to use (created if missing).
        clock: what a phase is measured in (default: wall seconds).

    Returns:
        Seconds per phase (see the module docstring), plus ``total``.
    """
    started = clock()
    from recon.engine import collector_paused
    from recon.report import write_json
    from recon.service import ReconcileRequest, run_reconciliation

    imported = clock()
    marks: list[tuple[str, float]] = []
    # One collector pause over the run and the report, as ``recon reconcile`` has: without it
    # the collector's catch-up walk over the whole result lands in "lookup" and "render" (over
    # two seconds at 60,000 clients) and the phases no longer add up to what the CLI spends.
    with collector_paused():
        outcome = run_reconciliation(
            ReconcileRequest(vendor=vendor, psa=psa, save=False),
            db_path=db,
            progress=lambda message: marks.append((message, clock())),
        )
        returned = clock()
        with out.open("w", encoding="utf-8", newline="") as stream:
            write_json(stream, outcome.result, extra=outcome.json_extra())
            rendered = clock()
    written = clock()

    phases = {"import": imported - started}
    previous = imported
    for prefix, name in _CUTS:
        at = next(t for message, t in marks if message.startswith(prefix))
        phases[name] = at - previous
        previous = at
    phases["lookup"] = returned - previous
    phases["render"] = rendered - returned
    phases["write"] = written - rendered
    phases["total"] = written - started
    return phases


def main(argv: list[str] | None = None) -> None:
    """Command line: print the phase times as one JSON object."""
    args = list(sys.argv[1:] if argv is None else argv)
    cpu = "--cpu" in args
    vendor, psa, out, db = (Path(a) for a in args if a != "--cpu")
    clock = time.process_time if cpu else time.perf_counter
    print(json.dumps(measure(vendor, psa, out, db, clock=clock)))


if __name__ == "__main__":
    main()
