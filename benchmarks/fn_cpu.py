"""CPU seconds of named engine functions in one ``recon`` command, measured, not sampled.

A sampling profiler (``py-spy record -f raw``) says where the run is, but at 60,000 clients
its per-line counts mislead on short calls: ``recon.codes.first_seen`` drew 270 samples at
400 Hz (about 0.16 s) in a run where its 40 calls took 0.005 s each, timed. This runs the
command in-process with each named function wrapped by a timer: per function, its calls
and their CPU seconds (``time.process_time``, inclusive; a call inside another call of the
same function is counted in the outer one only). A function imported by name into other
modules (``from recon.codes import first_seen``) is wrapped there too; a method is named
``Class.method`` and wrapped on its class.

Each wrapped call adds about a microsecond: a function called 30,000 times reads about
0.03 s high. Time few-call functions (steps, passes), not per-item helpers.

Usage::

    python -m benchmarks.fn_cpu MODULE:NAME[,MODULE:Class.method...] reconcile V P \\
        --format json --no-save --as-of 2026-11-01 > /dev/null

The table goes to stderr, most CPU first, the command's output to stdout as usual.
"""

from __future__ import annotations

import atexit
import importlib
import pkgutil
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import recon
from recon.cli import main as cli

_spent: Counter[str] = Counter()
_calls: Counter[str] = Counter()
_depth: Counter[str] = Counter()


def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` with its outermost calls' CPU seconds added to ``name``'s line."""

    def run(*args: Any, **kwargs: Any) -> Any:
        _depth[name] += 1
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            _depth[name] -= 1
            if not _depth[name]:
                _spent[name] += time.process_time() - start
                _calls[name] += 1

    run.__wrapped__ = fn  # type: ignore[attr-defined]
    return run


def wrap(spec: str) -> None:
    """Wrap ``module:function`` wherever a recon module holds it, or ``module:Class.method``
    on its class (a classmethod stays one)."""
    module_name, _, name = spec.rpartition(":")
    module = importlib.import_module(module_name)
    if "." in name:
        owner_name, method = name.split(".", 1)
        owner = getattr(module, owner_name)
        found = owner.__dict__[method]
        if isinstance(found, classmethod):
            setattr(owner, method, classmethod(timed(name, found.__func__)))
        else:
            setattr(owner, method, timed(name, found))
        return
    original = getattr(module, name)
    wrapped = timed(name, original)
    for loaded in list(sys.modules.values()):
        if getattr(loaded, "__name__", "").startswith("recon") and (
            getattr(loaded, name, None) is original
        ):
            setattr(loaded, name, wrapped)


def report() -> None:
    """The table: CPU seconds, calls, name; most CPU first."""
    for name, spent in _spent.most_common():
        print(f"{spent:8.3f} s {_calls[name]:7d}x  {name}", file=sys.stderr)


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    # Every engine module loaded first, so a name imported into any of them is found.
    for found in pkgutil.walk_packages(recon.__path__, "recon."):
        importlib.import_module(found.name)
    for spec in sys.argv[1].split(","):
        wrap(spec)
    atexit.register(report)
    sys.argv = ["recon", *sys.argv[2:]]
    start = time.process_time()
    try:
        cli()
    finally:
        print(f"{time.process_time() - start:8.3f} s  the whole command", file=sys.stderr)


if __name__ == "__main__":
    main()
