"""Time and score ``recon reconcile`` on generated pairs, next to the toy pipeline; print Markdown.

For each size: generate the pair if it is missing, run the engine end to end as a child
process (``python -m recon reconcile V P --format json --output OUT --no-save --db TMP
--as-of DATE``; wall time from start to exit, peak RSS from the child's own ``ru_maxrss``
via ``os.wait4``), run the toy pipeline on the same files in every toy engine installed (each
in a child process; its time excludes interpreter start and library import), and score the
engine's JSON. ``--generator ours`` does the same on ``benchmarks/generate.py``'s pairs of
the same client count and vendor line count (scored by ``benchmarks/quality.py``), ``both``
puts the two side by side.
"""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
import os
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.bytecode import compile_engine
from benchmarks.independent.generate import Spec, generate
from benchmarks.independent.score import load, score
from benchmarks.independent.toy import ENGINES

_ROOT = Path(__file__).resolve().parents[2]
_ENV_PREFIXES = ("RECON_", "SLACK_", "PAX8_", "PARTNER_CENTER_", "CONNECTWISE_", "AUTOTASK_")


@dataclass(slots=True)
class Row:
    """One line of the table (``note`` says why a run has no figures)."""

    generator: str
    clients: int
    vendor_lines: int
    psa_lines: int
    wall: float
    peak_kib: int
    toy: float
    toy_engine: str
    precision: float
    recall: float
    wrong_merges: int
    review_share: float
    note: str = ""


class EngineFailed(Exception):
    """The engine exited with an error (its message is the first line of its stderr)."""


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_ENV_PREFIXES)}
    env["XDG_DATA_HOME"] = str(home)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(_ROOT), env.get("PYTHONPATH"))))
    return env


def _stdout(command: list[str], env: dict[str, str]) -> bytes:
    done = subprocess.run(command, env=env, capture_output=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{shlex.join(command)} failed:\n{done.stderr.decode(errors='replace')}")
    return done.stdout


def timed_rss(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Run ``command`` with output discarded; return wall seconds and its peak RSS in KiB."""
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    errors = child.stderr.read()  # drain first, so a chatty child cannot block on its pipe
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        message = errors.decode(errors="replace").strip().splitlines() or ["(no message)"]
        print(f"{shlex.join(command)} failed:\n" + "\n".join(message), file=sys.stderr)
        raise EngineFailed(message[-1])
    return wall, int(usage.ru_maxrss)


def _engine(
    vendor: Path, psa: Path, out: Path, work: Path, as_of: str | None, repeat: int
) -> tuple[float, int]:
    env = _env(work)
    best, peak = float("inf"), 0
    for attempt in range(repeat):
        db = work / f"run-{attempt}.db"
        command = [
            *(sys.executable, "-m", "recon", "reconcile", str(vendor), str(psa)),
            *("--format", "json", "--output", str(out), "--no-save", "--db", str(db)),
            *(("--as-of", as_of) if as_of else ()),
        ]
        wall, rss = timed_rss(command, env)
        print(f"  reconcile run {attempt + 1}: {wall:.2f} s, {rss / 1024:.0f} MiB", file=sys.stderr)
        best, peak = min(best, wall), max(peak, rss)
    return best, peak


def _toy(vendor: Path, psa: Path, work: Path, repeat: int) -> tuple[float, str]:
    env = _env(work)
    best, which = float("inf"), "-"
    for engine in ENGINES:
        if engine != "pandas" and importlib.util.find_spec(engine) is None:
            continue
        for _ in range(repeat):
            command = [sys.executable, "-m", "benchmarks.independent", "toy", str(vendor), str(psa)]
            out = _stdout([*command, "--engine", engine], env)
            seconds = float(json.loads(out)["seconds"])
            print(f"  toy {engine}: {seconds:.2f} s", file=sys.stderr)
            if seconds < best:
                best, which = seconds, engine
    return best, which


def _generate_apart(spec: Spec, data: Path) -> None:
    """Write the pair in a child process, as ours is written.

    Linux carries a process's peak RSS into its children's ``ru_maxrss`` across fork and
    exec: generated here, a 60,000-client pair (over 1.5 GB while it is made) would be
    reported as the engine's peak.
    """
    child = multiprocessing.get_context("spawn").Process(target=generate, args=(spec, data))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"generating {spec.label} failed (exit code {child.exitcode})")


def _independent(spec: Spec, data: Path, work: Path, repeat: int) -> Row:
    folder = data / spec.label
    if not (folder / "truth.json").exists():
        print(f"generating {spec.label} ...", file=sys.stderr)
        _generate_apart(spec, data)
    truth = load(folder / "truth.json")
    vendor, psa, out = folder / "vendor.csv", folder / "psa.csv", work / f"{spec.label}.json"
    print(f"{spec.label}:", file=sys.stderr)
    toy, engine = _toy(vendor, psa, work, repeat)
    counts = truth["counts"]
    name = "independent" + (" (narrow)" if spec.narrow else "")
    try:
        wall, peak = _engine(vendor, psa, out, work, truth["spec"]["as_of"], repeat)
    except EngineFailed as err:
        nan = float("nan")
        return Row(
            name,
            spec.clients,
            counts["vendor_lines"],
            counts["psa_lines"],
            nan,
            0,
            toy,
            engine,
            nan,
            nan,
            0,
            nan,
            note=str(err).split(": ")[-1],
        )
    s = score(load(out), truth)
    return Row(
        name,
        spec.clients,
        counts["vendor_lines"],
        counts["psa_lines"],
        wall,
        peak,
        toy,
        engine,
        s.precision,
        s.recall,
        len(s.wrong_merges),
        s.review_share,
    )


def _ours(spec: Spec, lines: int, data: Path, work: Path, repeat: int) -> Row:
    from benchmarks.quality import load as ours_load
    from benchmarks.quality import score as ours_score

    parent = data / "ours"
    folder = _ours_folder(parent, lines, spec)
    if folder is None:
        print(f"generating ours: {lines} lines, {spec.clients} clients ...", file=sys.stderr)
        command = [sys.executable, "-m", "benchmarks.generate", "--sizes", str(lines)]
        command += ["--clients", str(spec.clients), "--seed", str(spec.seed), "--out", str(parent)]
        _stdout(command, _env(work))
        folder = _ours_folder(parent, lines, spec)
        if folder is None:
            raise SystemExit(f"benchmarks.generate wrote no pair for {lines} lines under {parent}")
    label = folder.name
    vendor, psa, out = folder / "vendor.csv", folder / "psa.csv", work / f"ours-{label}.json"
    print(f"ours {label}:", file=sys.stderr)
    wall, peak = _engine(vendor, psa, out, work, None, repeat)
    toy, engine = _toy(vendor, psa, work, repeat)
    result = ours_load(out)
    q = ours_score(result, ours_load(folder / "truth.json"))
    vendor_clients = result["summary"]["clients"]["vendor"] or 1
    return Row(
        "ours",
        spec.clients,
        lines,
        lines,
        wall,
        peak,
        toy,
        engine,
        q.gap_precision,
        q.gap_recall,
        len(q.wrong_merges),
        q.review / vendor_clients,
    )


def _ours_folder(parent: Path, lines: int, spec: Spec) -> Path | None:
    """The folder ``benchmarks.generate`` wrote for this size, found by its truth's spec."""
    for truth in sorted(parent.glob(f"*-c{spec.clients}-s{spec.seed}/truth.json")):
        if json.loads(truth.read_text(encoding="utf-8"))["spec"]["lines"] == lines:
            return truth.parent
    return None


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = [
        "| generator | clients | lines vendor / PSA | reconcile wall | toy (engine) | ratio "
        "| peak RSS | precision | recall | wrong merges | review |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.note:
            lines.append(
                f"| {r.generator} | {r.clients:,} | {r.vendor_lines:,} / {r.psa_lines:,} "
                f"| refused: {r.note} | {r.toy:.2f} s ({r.toy_engine}) | | | | | | |"
            )
            continue
        lines.append(
            f"| {r.generator} | {r.clients:,} | {r.vendor_lines:,} / {r.psa_lines:,} "
            f"| {r.wall:.2f} s | {r.toy:.2f} s ({r.toy_engine}) | {r.wall / r.toy:.1f}x "
            f"| {r.peak_kib / 1024:,.0f} MiB | {r.precision:.3f} | {r.recall:.3f} "
            f"| {r.wrong_merges} | {r.review_share:.1%} |"
        )
    return "\n".join(lines)


def run(specs: list[Spec], *, out: Path, repeat: int = 1, generator: str = "independent") -> str:
    """Measure every spec; return the Markdown table.

    Args:
        specs: the pairs (one per client count).
        out: where pairs are generated (``ours`` pairs go to ``out/ours``).
        repeat: timed runs per size (the best wall time and the highest RSS are shown).
        generator: "independent", "ours" or "both".

    Returns:
        The table.
    """
    compile_engine()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="indep-bench-") as tmp:
        work = Path(tmp)
        for spec in specs:
            if generator in ("independent", "both"):
                rows.append(_independent(spec, out, work, repeat))
            if generator in ("ours", "both"):
                lines = (
                    rows[-1].vendor_lines
                    if rows and generator == "both"
                    else round(spec.density * spec.clients)
                )
                rows.append(_ours(spec, lines, out, work, repeat))
    return table(rows)
