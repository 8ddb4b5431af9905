"""Let go of what reading client names cached, once client matching is over.

Reading a client name (its words, short forms, shapes, run-together words) is cached per
distinct name so that the matcher, which compares each name with many candidates, reads it
once. After matching nothing reads that many names again, yet the caches would hold every
name of the run for the rest of it, and of the process: at 60,000 clients about 60 MiB of
small objects that the comparison, where a run's memory peaks, could use instead.
"""

from __future__ import annotations

from importlib import import_module

from recon.engine.columns import forget_category_texts

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
    "recon.match.stacked_names",
    "recon.match.people_near",
    "recon.normalize",
)


def forget_name_readings() -> None:
    """Empty the module-level caches of the client-name readers (:data:`NAME_READERS`), the
    leftover names' words read as one column (:mod:`recon.match.name_columns`) and the
    client columns' category texts (:func:`recon.engine.columns.forget_category_texts`)."""
    for name in NAME_READERS:
        module = import_module(name)
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            # A class's cache_clear is its instances' (recon.match.client_index keeps one).
            if isinstance(value, type):
                continue
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()
    import_module("recon.match.name_columns").forget_words()
    # Made in the product evidence pass, early in matching, amid its temporaries: held on,
    # these strings (the clients' names, 116,000 at 60,000 clients) kept a dozen MiB of
    # Python's object pages from being handed back. The comparison makes them again (about
    # 0.05 s), into pages its own objects would take anyway.
    forget_category_texts()
