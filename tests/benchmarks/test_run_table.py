"""``python -m benchmarks.run`` shows issue 16's yardstick: the toy pipeline and the ratio."""

from __future__ import annotations

from benchmarks.generate import Spec
from benchmarks.quality import Quality
from benchmarks.run import Measured, speed_table


def _measured(wall: float, toy: float) -> Measured:
    quality = Quality(10, 10, 10, {}, 5, 5, 5, [], 0, 0, 0, 0)
    summary = {"clients": {"vendor": 1_200, "psa": 1_000}}
    phases = dict.fromkeys(
        ("import", "store", "read", "group", "match", "compare", "lookup", "render", "write"), 0.1
    )
    return Measured(Spec(100_000, 2_000), [wall + 1, wall], 400 * 1024, toy, "duckdb", phases,
                    summary, quality)  # fmt: skip


def test_the_speed_table_shows_the_toy_time_and_the_ratio_to_it() -> None:
    table = speed_table([_measured(wall=1.5, toy=0.5)], repeat=2)
    head, rule, row = table.splitlines()
    assert "| toy (engine) | ratio |" in head
    assert rule.count("---") == head.count("|") - 1
    assert "| **1.50 s** | 0.50 s (duckdb) | 3.0x | 400 MiB |" in row
