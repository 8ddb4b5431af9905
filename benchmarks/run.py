"""Time ``recon reconcile`` end to end on generated exports, and score what it found.

For each size (and each ``--clients`` value), this generates the export pair if it is not
already in ``--data``, then runs, ``--repeat`` times, in a fresh process each time::

    python -m recon reconcile VENDOR PSA --format json --output OUT.json --no-save --db TMP.db

Wall time is process start to JSON written; peak memory is that child's own ``ru_maxrss``
(from :func:`os.wait4`, so runs never share a high-water mark). The best wall time of the
repeats is reported. Each size is then run once more in-process, in its own child, to show
where the time goes (:mod:`benchmarks.phases`), and the JSON output is scored against the
ground truth (:mod:`benchmarks.quality`).

Issue 16's yardstick runs next to it: the toy pipeline (:mod:`benchmarks.independent.toy`:
read both files, normalise client names, group, outer-join, diff) on the same files, in the
fastest engine installed, best of ``--repeat`` runs, each in its own child; the speed table
shows its time and the ratio of reconcile's best wall to it (issue 16 asks for at most 3x).

Prints two Markdown tables (speed, quality) ready for the README, headed by the command.

Usage::

    python -m benchmarks.run --sizes 1k,10k,100k,1m --repeat 3
    python -m benchmarks.run --sizes 100k --clients 2000,20000      # growth with clients
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.bytecode import compile_engine
from benchmarks.generate import DATA_DIR, Spec, default_clients, generate, parse_size, size_label
from benchmarks.quality import Quality, load, score

_ENV_PREFIXES = ("RECON_", "SLACK_", "PAX8_", "PARTNER_CENTER_", "CONNECTWISE_", "AUTOTASK_")
_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Measured:
    """One size's results."""

    spec: Spec
    wall: list[float]
    peak_kb: int
    toy: float
    toy_engine: str
    phases: dict[str, float]
    summary: dict[str, Any]
    quality: Quality


def _child_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_ENV_PREFIXES)}
    env["XDG_DATA_HOME"] = str(home)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(_ROOT), env.get("PYTHONPATH"))))
    return env


def timed_run(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Run a command; return its wall seconds and its own peak RSS in KiB.

    Raises:
        SystemExit: the command failed (its stderr is shown).
    """
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    errors = child.stderr.read()  # drain before waiting, so a chatty child can't block
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{shlex.join(command)} failed:\n{errors.decode(errors='replace')}")
    return wall, int(usage.ru_maxrss)


def measure(spec: Spec, data: Path, repeat: int, work: Path) -> Measured:
    """Generate (if needed), time, profile by phase and score one size."""
    folder = data / spec.label
    if not (folder / "truth.json").exists():
        print(f"generating {spec.label} ...", file=sys.stderr)
        generate(spec, data)
    vendor, psa, truth = folder / "vendor.csv", folder / "psa.csv", folder / "truth.json"
    out = work / f"{spec.label}.json"
    env = _child_env(work)
    walls, peak = [], 0
    for attempt in range(repeat):
        db = work / f"{spec.label}-{attempt}.db"
        command = [
            *(sys.executable, "-m", "recon", "reconcile", str(vendor), str(psa)),
            *("--format", "json", "--output", str(out), "--no-save", "--db", str(db)),
        ]
        wall, rss = timed_run(command, env)
        walls.append(wall)
        peak = max(peak, rss)
        print(
            f"{spec.label}: run {attempt + 1}: {wall:.2f} s, {rss / 1024:.0f} MiB", file=sys.stderr
        )
    toy, toy_engine = toy_time(vendor, psa, env, repeat)
    result = load(out)
    phases: dict[str, float] = {}
    phases_out = work / "phases.json"
    for attempt in range(repeat):
        db = work / f"{spec.label}-phases-{attempt}.db"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.phases",
                str(vendor),
                str(psa),
                str(phases_out),
                str(db),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"benchmarks.phases failed on {spec.label}:\n{done.stderr}")
        for name, seconds in json.loads(done.stdout).items():
            phases[name] = min(seconds, phases.get(name, seconds))
    return Measured(
        spec, walls, peak, toy, toy_engine, phases, result["summary"], score(result, load(truth))
    )


def toy_time(vendor: Path, psa: Path, env: dict[str, str], repeat: int) -> tuple[float, str]:
    """The toy pipeline's best time on these files (excluding start and import) and its engine.

    Raises:
        SystemExit: the toy failed (its stderr is shown).
    """
    best, engine = float("inf"), "-"
    for _ in range(repeat):
        command = [sys.executable, "-m", "benchmarks.independent", "toy", str(vendor), str(psa)]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"{shlex.join(command)} failed:\n{done.stderr}")
        answer = json.loads(done.stdout)
        if answer["seconds"] < best:
            best, engine = float(answer["seconds"]), str(answer["engine"])
    return best, engine


def _mib(kb: int) -> str:
    return f"{kb / 1024:,.0f} MiB"


def speed_table(rows: list[Measured], repeat: int) -> str:
    """The speed table: lines, distinct clients, wall time, the toy's time and the ratio,
    memory and phases."""
    head = (
        f"| lines/side | clients (vendor / PSA) | wall, best of {repeat} | toy (engine) | ratio "
        "| peak RSS, max | µs/line "
        "| import | store | read | group | match | compare | lookup | render+write |"
    )
    lines = [head, "|" + "---|" * 15]
    for m in rows:
        clients = m.summary["clients"]
        p = m.phases
        best = min(m.wall)
        lines.append(
            f"| {size_label(m.spec.lines)} | {clients['vendor']:,} / {clients['psa']:,} "
            f"| **{best:.2f} s** | {m.toy:.2f} s ({m.toy_engine}) | {best / m.toy:.1f}x "
            f"| {_mib(m.peak_kb)} | {best / m.spec.lines * 1e6:.1f} "
            + " ".join(
                f"| {p[k]:.2f}"
                for k in ("import", "store", "read", "group", "match", "compare", "lookup")
            )
            + f" | {p['render'] + p['write']:.2f} |"
        )
    return "\n".join(lines)


def quality_table(rows: list[Measured]) -> str:
    """The quality table: gaps and client pairing against the ground truth."""
    lines = [
        "| lines/side (clients) | true gaps | reported | gap precision | gap recall "
        "| recall outside review | missed behind review | pairing precision | pairing recall "
        "| review queue | **wrong merges** |",
        "|" + "---|" * 11,
    ]
    for m in rows:
        q = m.quality
        lines.append(
            f"| {size_label(m.spec.lines)} (c{m.spec.n_clients:,}) | {q.true_gaps:,} "
            f"| {q.found_gaps:,} | {q.gap_precision:.3f} | {q.gap_recall:.3f} "
            f"| {q.gap_recall_decided:.3f} | {q.missed_behind_review:,} "
            f"| {q.pair_precision:.4f} | {q.pair_recall:.4f} | {q.review:,} "
            f"| **{len(q.wrong_merges)}** |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m benchmarks.run --sizes 1k,10k,100k --repeat 3``."""
    parser = argparse.ArgumentParser(description="Time and score recon reconcile end to end.")
    parser.add_argument("--sizes", default="1k,10k,100k", help="lines per side: 1k,10k,100k,1m")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best counts")
    parser.add_argument(
        "--clients", default="", help="PSA clients, comma-separated (default: lines/50, max 20k)"
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="where generated files live")
    args = parser.parse_args(argv)

    specs = [
        Spec(parse_size(size), clients, seed=args.seed)
        for size in args.sizes.split(",")
        for clients in ([int(c) for c in args.clients.split(",")] if args.clients else [None])
    ]
    compile_engine()
    rows = []
    with tempfile.TemporaryDirectory(prefix="recon-bench-") as work:
        for spec in specs:
            rows.append(measure(spec, args.data, args.repeat, Path(work)))
    command = "python -m benchmarks.run " + shlex.join(argv if argv is not None else sys.argv[1:])
    cores = os.cpu_count()
    print(f"Measured with `{command}` ({cores} cores, Python {sys.version.split()[0]}).\n")
    print(speed_table(rows, args.repeat))
    print()
    print(quality_table(rows))
    for m in rows:
        for vendor, psa, true in m.quality.wrong_merges[:20]:
            print(f"\nWRONG MERGE at {m.spec.label}: {vendor!r} -> {psa!r} (truth: {true!r})")
    default = default_clients(100_000)
    print(f"\nPSA clients default to lines/50 (max 20,000), e.g. {default:,} at 100k lines.")


if __name__ == "__main__":
    main()
