"""A side's clients looked up by identity, by a name written once, by (name, key): each map
built once per run, not once per step.

Every step after the name rules (pairs of sites, families, leftovers read on their lines,
pending review items, held twins) looks a side's clients up the same few ways. At 60,000
clients a side each map is a walk over 60,000 Python objects, and the steps built the same
maps again and again: about a quarter of a second of the match phase. The steps are handed
the run's own tuple of clients (the grouped side's), so the maps are kept per tuple, by
that object; a sequence of another type (a list a caller may still change) is never kept.
What is kept is let go of with the name readings once matching ends
(:mod:`recon.engine.forget`).

The maps are shared: callers read them and never change them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from recon.match.names import ClientName

T = TypeVar("T")

#: Sides kept at most (a run has two; tests run many small ones in one process).
_SIDES = 4


class _Kept:
    """The maps made of each kept tuple of clients, by kind."""

    def __init__(self) -> None:
        self._held: dict[int, tuple[Sequence[ClientName], dict[str, object]]] = {}

    def made(self, clients: Sequence[ClientName], kind: str, make: Callable[[], T]) -> T:
        """The ``kind`` map of ``clients``: made by ``make``, and kept when ``clients`` is a
        tuple (of frozen clients: it cannot change while kept)."""
        if not isinstance(clients, tuple):
            return make()
        entry = self._held.get(id(clients))
        if entry is None or entry[0] is not clients:
            if len(self._held) >= _SIDES:
                self._held.clear()
            entry = (clients, {})
            self._held[id(clients)] = entry
        maps = entry[1]
        if kind not in maps:
            maps[kind] = make()
        found: T = maps[kind]  # type: ignore[assignment]
        return found

    def cache_clear(self) -> None:
        """Let go of every kept map (:func:`recon.engine.forget.forget_name_readings`)."""
        self._held.clear()


_KEPT = _Kept()


def by_identity(clients: Sequence[ClientName]) -> Mapping[str, ClientName]:
    """Each client by its identity (the last of an identity written twice, as a dict
    comprehension over ``clients`` keeps it)."""
    return _KEPT.made(clients, "identity", lambda: {c.identity: c for c in clients})


def name_counts(clients: Sequence[ClientName]) -> Counter[str]:
    """How many of the clients write each name (read only: shared)."""
    return _KEPT.made(clients, "names", lambda: Counter([c.name for c in clients]))


def key_counts(clients: Sequence[ClientName]) -> Counter[str]:
    """How many of the clients have each key (read only: shared)."""
    return _KEPT.made(clients, "keys", lambda: Counter([c.key for c in clients]))


def by_lone_name(clients: Sequence[ClientName]) -> Mapping[str, ClientName]:
    """The clients whose name no other client of the side writes, by that name (a review
    candidate names its client by name: only such a name names one client)."""

    def make() -> dict[str, ClientName]:
        counts = name_counts(clients)
        return {c.name: c for c in clients if counts[c.name] == 1}

    return _KEPT.made(clients, "lone names", make)


def by_name_and_key(clients: Sequence[ClientName]) -> Mapping[tuple[str, str], ClientName]:
    """Each client by (name, key), as a review item names its vendor client."""
    return _KEPT.made(clients, "name and key", lambda: {(c.name, c.key): c for c in clients})


def clients_by_name(clients: Sequence[ClientName]) -> Mapping[str, list[ClientName]]:
    """The clients writing each name, in order (read only: shared)."""
    return _KEPT.made(clients, "by name", lambda: _grouped(clients, lambda c: c.name))


def clients_by_key(clients: Sequence[ClientName]) -> Mapping[str, list[ClientName]]:
    """The clients of each key, in order (read only: shared)."""
    return _KEPT.made(clients, "by key", lambda: _grouped(clients, lambda c: c.key))


def _grouped(
    clients: Sequence[ClientName], by: Callable[[ClientName], str]
) -> dict[str, list[ClientName]]:
    out: dict[str, list[ClientName]] = {}
    for c in clients:
        out.setdefault(by(c), []).append(c)
    return out


def keys_by_first_word(clients: Sequence[ClientName]) -> Mapping[str, frozenset[str]]:
    """The clients' distinct keys by their first word ("quincy dev supply" under "quincy"):
    a key that is another or extends it by whole words begins with its first word."""

    def make() -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {}
        for key in {c.key for c in clients}:
            out.setdefault(key.partition(" ")[0], set()).add(key)
        return {first: frozenset(keys) for first, keys in out.items()}

    return _KEPT.made(clients, "first words", make)
