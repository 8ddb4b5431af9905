"""Are two ``recon reconcile --format json`` reports the same answer?

Speed work must never change what is found: the same gaps with the same money, the same
matches, review items, mapping questions and unmapped products. This compares two reports
field by field (the time stamp aside) and prints where they part, so a rebuilt engine can be
held to the gap list of the one before it on every benchmark size::

    python -m benchmarks.same_gaps BEFORE.json AFTER.json [MORE_BEFORE.json MORE_AFTER.json ...]

Exit status 0 when every pair agrees, 1 otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

#: Fields that say when a report was written, not what it found.
_WHEN = ("generated_at",)
_SHOWN = 5


def load(path: Path) -> dict[str, Any]:
    """A report without its time stamp."""
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for key in _WHEN:
        doc.pop(key, None)
    return doc


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Where two reports differ, one line per difference (at most a few per section).

    Args:
        before: the report of the reference engine.
        after: the report of the engine under test.

    Returns:
        Empty when they agree.
    """
    out: list[str] = []
    for section in sorted(set(before) | set(after)):
        a, b = before.get(section), after.get(section)
        if a == b:
            continue
        if isinstance(a, list) and isinstance(b, list):
            if len(a) != len(b):
                out.append(f"{section}: {len(a)} before, {len(b)} after")
            parted = [i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
            for i in parted[:_SHOWN]:
                out.append(f"{section}[{i}]: {_delta(a[i], b[i])}")
            if len(parted) > _SHOWN:
                out.append(f"{section}: {len(parted) - _SHOWN} more rows differ")
        else:
            out.append(f"{section}: {_delta(a, b)}")
    return out


def _delta(a: Any, b: Any) -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        return "; ".join(f"{k}: {a.get(k)!r} -> {b.get(k)!r}" for k in keys)
    return f"{a!r} -> {b!r}"


def main(argv: list[str] | None = None) -> int:
    """Command line: pairs of reports, before then after."""
    paths = [Path(p) for p in (argv if argv is not None else sys.argv[1:])]
    if not paths or len(paths) % 2:
        print("usage: python -m benchmarks.same_gaps BEFORE.json AFTER.json [...]")
        return 2
    failed = False
    for before, after in zip(paths[0::2], paths[1::2], strict=True):
        found = differences(load(before), load(after))
        gaps = len(load(after).get("gaps", []))
        if found:
            failed = True
            print(f"DIFFERENT {before} -> {after}")
            for line in found:
                print(f"  {line}")
        else:
            print(f"same: {after} ({gaps:,} gaps)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
