"""``benchmarks.phases`` (per-phase time and, with ``--rss``, resident memory) and
``benchmarks.read_group`` (reading and grouping alone)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from benchmarks import read_group
from benchmarks.phases import PeakRss, main

ROOT = Path(__file__).resolve().parents[2]
PHASES = ("import", "store", "read", "group", "match", "compare", "lookup", "render", "write")

needs_proc = pytest.mark.skipif(
    not Path("/proc/self/clear_refs").exists(), reason="per-phase peaks read Linux's /proc"
)


@needs_proc
def test_a_phase_s_peak_counts_what_it_freed_and_the_next_phase_s_does_not() -> None:
    memory = PeakRss()
    block = bytearray(64 * 1024 * 1024)
    block[::4096] = b"x" * len(block[::4096])  # touch every page, so it is resident
    del block
    peak, now = memory.mark()
    assert peak - now > 48  # the 64 MiB block counted in this phase, gone at its end
    next_peak, _ = memory.mark()
    assert next_peak < peak - 48  # and not in the next one


@needs_proc
def test_rss_gives_a_peak_and_an_end_per_phase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    examples = ROOT / "examples"
    main(
        [
            str(examples / "vendor_partner_center.csv"),
            str(examples / "psa_connectwise.csv"),
            str(tmp_path / "out.json"),
            str(tmp_path / "recon.db"),
            "--cpu",
            "--rss",
        ]
    )
    phases = json.loads(capsys.readouterr().out)
    assert set(phases) == {"total", *PHASES} | {
        f"{kind}_mib.{name}" for kind in ("peak", "end") for name in PHASES
    }
    for name in PHASES:
        assert phases[f"peak_mib.{name}"] >= phases[f"end_mib.{name}"] > 0
    assert sys.modules.get("pandas") is not None  # the run really happened in-process
    assert json.loads((tmp_path / "out.json").read_text())["gaps"]


@needs_proc
def test_read_group_times_and_measures_reading_and_grouping(
    capsys: pytest.CaptureFixture[str],
) -> None:
    examples = ROOT / "examples"
    read_group.main(
        [str(examples / "vendor_partner_center.csv"), str(examples / "psa_connectwise.csv")]
    )
    figures = json.loads(capsys.readouterr().out)
    assert figures["groups"] > 0
    for step in ("read", "group"):
        assert figures[f"{step}_cpu"] > 0
        assert figures[f"{step}_peak_mib"] >= figures[f"{step}_end_mib"] > 0
