"""Let go of what reading client names cached, once client matching is over.

Reading a client name (its words, short forms, shapes, run-together words) is cached per
distinct name so that the matcher, which compares each name with many candidates, reads it
once. After matching nothing reads that many names again, yet the caches would hold every
name of the run for the rest of it, and of the process: at 60,000 clients about 60 MiB of
small objects that the comparison, where a run's memory peaks, could use instead.
"""

from __future__ import annotations

from importlib import import_module

#: The modules whose module-level caches read client names (their functions are pure, so a
#: cleared cache only costs a later caller a reading again). Named, not imported here: the
#: engine's import of the matcher goes through ``recon.match`` alone.
NAME_READERS = (
    "recon.match.names",
    "recon.match.client_index",
    "recon.match.name_reading",
    "recon.match.short_forms",
    "recon.match.forms",
    "recon.match.people",
    "recon.match.run_together",
    "recon.normalize",
)


def forget_name_readings() -> None:
    """Empty the module-level caches of the client-name readers (:data:`NAME_READERS`)."""
    for name in NAME_READERS:
        module = import_module(name)
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            # A class's cache_clear is its instances' (recon.match.client_index keeps one).
            if isinstance(value, type):
                continue
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()
