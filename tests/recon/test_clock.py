"""One clock: ``recon.clock.utc_now`` is the only place that asks the system for the time."""

from __future__ import annotations

import re
from datetime import UTC
from pathlib import Path

from recon.clock import utc_now

ROOT = Path(__file__).resolve().parents[2]
_READS_THE_TIME = re.compile(
    r"\bdatetime\.now\(|\.utcnow\(|\bdate\.today\(|\btime\.time\(|def utc_now\("
)


def test_utc_now_is_aware_and_in_utc() -> None:
    assert utc_now().tzinfo is UTC


def test_nothing_else_reads_the_system_clock() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("recon", "bot")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path != ROOT / "recon" / "clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if _READS_THE_TIME.search(line)
    ]
    assert offenders == []
