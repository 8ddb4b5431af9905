"""The dev evaluation sets: every export pair the matcher's work is measured on, made in one go.

Each set is a folder of pairs (``vendor.csv``, ``psa.csv``, ``truth.json``), drawn with dev
spellings only (the held-back lists are never written here) and reshaped by this package's
own classes of real-world variation, so a fresh machine rebuilds the exact files the README's
figures were measured on::

    python -m benchmarks.independent devsets OUT --sets small,fresh,sites,clients,shapes
    python -m benchmarks.independent evaluate OUT RESULTS

The sets:

- ``small``: seeds 1-12 of each of the six export pairs at 85 and 300 clients (144 pairs),
  a small MSP's month in every combination of vendor and PSA export;
- ``fresh``: seeds 901-906 at 85 clients (36 pairs), kept for a last look only, never
  studied while a rule is written;
- ``sites``: seed 1 of ``small`` with some clients billed as several PSA companies
  (:mod:`benchmarks.independent.site_families`), 12 pairs;
- ``clients``: seed 1 of ``small`` with half the client names reshaped
  (:mod:`benchmarks.independent.client_shapes`), 12 pairs;
- ``shapes``: seeds 1-4 at 85 clients with PSA texts in the shapes real catalogues carry
  (:mod:`benchmarks.independent.perturb`, class ``shapes``), 24 pairs;
- the check sets, each built at the start of a round for a last look and read by no one
  while that round worked, dev sets from the next round on: ``check`` (seeds 911-916),
  ``check3`` to ``check16`` (921-926, ..., 1041-1046, 1051-1056) at 85 clients, and ``sites2``
  to ``sites16``, the families of ``sites`` built from ``small`` seeds 5, 9, 11, 12, 10, 8, 2,
  3, 4, 6 and 7, and from seeds 13, 14, 15 and 16 of the same six pairs at 85 and 300
  clients (written under ``sources``, since ``small`` holds seeds 1-12 only);
- ``big``: seed 7 at 20,000 clients for three export pairs, and 2,000 and 60,000 clients for
  Pax8 / ConnectWise;
- ``bigsites`` and ``bigclients``: the 2,000 and 20,000 Pax8 / ConnectWise pairs of ``big``
  as families and with reshaped names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks.independent.client_shapes import reshape
from benchmarks.independent.generate import PAIRS, Spec, generate
from benchmarks.independent.perturb import perturb
from benchmarks.independent.site_families import split_families

#: Each check set's first seed (six seeds, one per export pair, at 85 clients).
_CHECK_SEEDS = {
    "check": 911,
    "check3": 921,
    "check4": 931,
    "check5": 941,
    "check6": 951,
    "check7": 961,
    "check8": 971,
    "check9": 981,
    "check10": 991,
    "check11": 1001,
    "check12": 1011,
    "check13": 1021,
    "check14": 1031,
    "check15": 1041,
    "check16": 1051,
}
#: The ``small`` seed each later site-family set is built from.
_SITE_SEEDS = {
    "sites2": 5,
    "sites3": 9,
    "sites4": 11,
    "sites5": 12,
    "sites6": 10,
    "sites7": 8,
    "sites8": 2,
    "sites9": 3,
    "sites10": 4,
    "sites11": 6,
    "sites12": 7,
    "sites13": 13,
    "sites14": 14,
    "sites15": 15,
    "sites16": 16,
}
#: Every check set of past rounds (``--sets checks``).
CHECKS = (*_CHECK_SEEDS, *_SITE_SEEDS)
#: Every set, in the order they are made (derived sets after the sets they are made from).
SETS = ("small", "fresh", "sites", "clients", "shapes", *CHECKS, "big", "bigsites", "bigclients")
#: The sets made in about a minute and evaluated in a few: what ``devsets`` makes by default.
QUICK = ("small", "fresh", "sites", "clients", "shapes")
#: Names that stand for several sets in ``make_sets``.
GROUPS = {"quick": QUICK, "checks": CHECKS, "all": SETS}

_SMALL_SEEDS = range(1, 13)
_FRESH_SEEDS = range(901, 907)
_SHAPE_SEEDS = range(1, 5)
_BIG_PAIRS = ("pax8-connectwise", "partnercenter-autotask", "pax8-autotask")
_BIG_SEED = 7


@dataclass(frozen=True, slots=True)
class Made:
    """One pair written: its set and folder."""

    set: str
    folder: Path


def _dev(clients: int, seed: int, pair: str) -> Spec:
    return Spec(clients=clients, seed=seed, pair=pair, spellings="dev", narrow=True)


def _write(spec: Spec, folder: Path) -> Path:
    """Generate ``spec`` into ``folder`` unless it is already there (same seed, same bytes)."""
    target = folder / spec.label
    if not (target / "truth.json").exists():
        generate(spec, folder)
    return target


def _derive(make: Callable[[Path, Path], object], src: Path, dst: Path) -> Path:
    if not (dst / "truth.json").exists():
        make(src, dst)
    return dst


def _small(out: Path) -> Iterator[Path]:
    for seed in _SMALL_SEEDS:
        for pair in PAIRS:
            for clients in (85, 300):
                yield _write(_dev(clients, seed, pair), out / "small")


def _at_85(name: str, seeds: range) -> Callable[[Path], Iterator[Path]]:
    """A set of the six export pairs at 85 clients, one seed each round of ``seeds``."""

    def pairs(out: Path) -> Iterator[Path]:
        for seed in seeds:
            for pair in PAIRS:
                yield _write(_dev(85, seed, pair), out / name)

    return pairs


def _respell(src: Path, dst: Path) -> object:
    return perturb(src, dst, seed=1, classes=("shapes",))


def _derived(
    name: str, make: Callable[[Path, Path], object], sources: list[Spec], home: str
) -> Callable[[Path], Iterator[Path]]:
    """A set made by ``make`` from each of ``sources`` (written under ``out/home``)."""
    suffix = name.removeprefix("big")

    def pairs(out: Path) -> Iterator[Path]:
        for spec in sources:
            src = _write(spec, out / home)
            seed = f"-s{spec.seed}" if name == "shapes" else ""
            dst = out / name / f"{spec.pair}-c{spec.clients}{seed}-{suffix}"
            yield _derive(make, src, dst)

    return pairs


def _big(out: Path) -> Iterator[Path]:
    for pair in _BIG_PAIRS:
        yield _write(_dev(20_000, _BIG_SEED, pair), out / "big")
    for clients in (2_000, 60_000):
        yield _write(_dev(clients, _BIG_SEED, "pax8-connectwise"), out / "big")


_SHAPE_SOURCES = [_dev(85, seed, pair) for pair in PAIRS for seed in _SHAPE_SEEDS]
_BIG_SOURCES = [_dev(clients, _BIG_SEED, "pax8-connectwise") for clients in (2_000, 20_000)]


def _source_home(seed: int) -> str:
    """Where a site set's sources are written: ``small`` for its own seeds, else ``sources``.

    Every ``small`` seed has made a site set, so later ones draw a new seed; writing it under
    ``small`` would change that set's pairs and every figure measured on it.
    """
    return "small" if seed in _SMALL_SEEDS else "sources"


def _small_seed(seed: int) -> list[Spec]:
    return [_dev(clients, seed, pair) for pair in PAIRS for clients in (85, 300)]


_MAKERS: dict[str, Callable[[Path], Iterator[Path]]] = {
    "small": _small,
    "fresh": _at_85("fresh", _FRESH_SEEDS),
    "sites": _derived("sites", split_families, _small_seed(1), "small"),
    "clients": _derived("clients", reshape, _small_seed(1), "small"),
    "shapes": _derived("shapes", _respell, _SHAPE_SOURCES, "small"),
    **{name: _at_85(name, range(s, s + 6)) for name, s in _CHECK_SEEDS.items()},
    **{
        name: _derived(name, split_families, _small_seed(seed), _source_home(seed))
        for name, seed in _SITE_SEEDS.items()
    },
    "big": _big,
    "bigsites": _derived("bigsites", split_families, _BIG_SOURCES, "big"),
    "bigclients": _derived("bigclients", reshape, _BIG_SOURCES, "big"),
}


def make_sets(out: Path, sets: tuple[str, ...] = QUICK) -> list[Made]:
    """Write every pair of ``sets`` under ``out/SET/`` (pairs already there are kept).

    Raises:
        ValueError: a set name that is not one of :data:`SETS`.
    """
    sets = tuple(name for s in sets for name in GROUPS.get(s, (s,)))
    unknown = [s for s in sets if s not in _MAKERS]
    if unknown:
        raise ValueError(f"unknown set {', '.join(unknown)}; the sets are {', '.join(SETS)}")
    made: list[Made] = []
    for name in SETS:
        if name in sets:
            made.extend(Made(name, folder) for folder in _MAKERS[name](out))
    return made
