"""Command line: ``python -m benchmarks.independent generate|score|toy|run``."""

from __future__ import annotations

from benchmarks.independent.cli import main

if __name__ == "__main__":
    main()
