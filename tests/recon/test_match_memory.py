"""Client matching's working state goes before the comparison (issue 16: memory at scale).

The comparison is where a distributor-sized run peaks; the footprint frames and the name
readings cached while pairing clients are about 100 MiB at 60,000 clients and are not read
after matching. These tests run the service as the CLI does and look, when the comparison
starts, at what of matching is still held.
"""

from __future__ import annotations

import gc
from pathlib import Path

from recon.engine import columns
from recon.engine.forget import forget_name_readings
from recon.match import (
    forms,
    name_columns,
    name_reading,
    people,
    people_near,
    run_together,
    short_forms,
    stacked_names,
)
from recon.match.client_evidence import Footprints
from recon.service import ReconcileRequest, run_reconciliation
from tests.conftest import FakeClock

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "examples" / "vendor_partner_center.csv"
PSA = ROOT / "examples" / "psa_connectwise.csv"


def _cached_names() -> int:
    return sum(
        reader.cache_info().currsize
        for reader in (
            name_reading._words,
            short_forms._short_pair,
            forms._shape,
            run_together.camel_parts,
            people._people,
            stacked_names.name_parts,
            stacked_names._letters,
            people_near._firm_word_jobs,
        )
    )


def _at_comparing(tmp_path: Path, clock: FakeClock) -> tuple[int, int, int]:
    """(footprints alive, name readings cached) when the comparison starts, and the gaps."""
    seen: list[tuple[int, int]] = []

    def progress(message: str) -> None:
        if message.startswith("Comparing"):
            # No collection first: the run pauses the collector, so what a cycle holds
            # would stay held there too.
            footprints = sum(1 for o in gc.get_objects() if isinstance(o, Footprints))
            seen.append((footprints, _cached_names()))

    outcome = run_reconciliation(
        ReconcileRequest(vendor=VENDOR, psa=PSA, save=False),
        db_path=tmp_path / "r.db",
        clock=clock,
        progress=progress,
    )
    assert len(seen) == 1
    return (*seen[0], len(outcome.result.gaps))


def test_footprints_are_gone_when_comparing(tmp_path: Path, clock: FakeClock) -> None:
    footprints, _, gaps = _at_comparing(tmp_path, clock)
    assert gaps  # the run itself is whole
    assert footprints == 0


def test_name_readings_are_forgotten_when_comparing(tmp_path: Path, clock: FakeClock) -> None:
    _, cached, _ = _at_comparing(tmp_path, clock)
    assert cached == 0


def test_forgetting_empties_every_name_reader_and_keeps_readings_right() -> None:
    before = name_reading._words("Lyons Fam Florist Ltd")
    assert _cached_names() > 0
    forget_name_readings()
    assert _cached_names() == 0
    assert name_reading._words("Lyons Fam Florist Ltd") == before  # read again, the same


def test_licensee_readings_are_read_once_and_forgotten_with_the_others() -> None:
    # Every licensee pass (owner, twin and near-surname, early and late) asks each unpaired
    # name again: the reading is cached, so it must go with the other name readings.
    forget_name_readings()
    first = people._people("Dr. Jane Doe, DDS")
    assert people._people("Dr. Jane Doe, DDS") is first
    assert people._people.cache_info().currsize == 1
    forget_name_readings()
    assert people._people.cache_info().currsize == 0
    assert people._people("Dr. Jane Doe, DDS") == first == (people.Person("doe", "jane", "dental"),)


def test_leftover_readings_are_forgotten_with_the_others() -> None:
    # The leftover pass reads stacked names and the fuzzy step reads the leftover names'
    # words as one column: both are name readings held for nothing past matching.
    parts = stacked_names.name_parts("HeritageMountain Partners")
    name_columns.read_words(["Heritage Mountain Partners"])
    assert stacked_names.name_parts.cache_info().currsize > 0
    assert name_columns._KNOWN
    forget_name_readings()
    assert stacked_names.name_parts.cache_info().currsize == 0
    assert not name_columns._KNOWN
    assert stacked_names.name_parts("HeritageMountain Partners") == parts  # read again
    assert name_columns.words_of("Heritage Mountain Partners")  # read by the name alone


def test_category_texts_are_forgotten_when_comparing(tmp_path: Path, clock: FakeClock) -> None:
    # The client columns' texts the product evidence pass made early in matching go with the
    # name readings; the comparison makes them again (its gaps are the run's, as before).
    seen: list[int] = []

    def progress(message: str) -> None:
        if message.startswith("Comparing"):
            seen.append(len(columns._LOOKUPS))

    outcome = run_reconciliation(
        ReconcileRequest(vendor=VENDOR, psa=PSA, save=False),
        db_path=tmp_path / "r.db",
        clock=clock,
        progress=progress,
    )
    assert seen == [0]
    assert outcome.result.gaps
