"""Records made a field at a time are the records the constructor makes (issue 16: the gap
list's 100,000 records at 60,000 clients)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from recon.engine.records import records
from recon.model import Gap, GapKind, NotRecurring


def _gap_columns(n: int) -> list[list[object]]:
    rows = [
        (
            GapKind.QUANTITY_MISMATCH if i % 2 else GapKind.MISSING_IN_PSA,
            f"c{i}",
            "cat:m365-bp",
            f"Client {i}",
            "Microsoft 365 Business Premium",
            f"Client {i}",
            None if i % 3 else f"Client {i}",
            "M365 BP",
            None,
            Decimal(i),
            Decimal(i % 5),
            Decimal("22.0000"),
            None,
            Decimal(i - i % 5),
            Decimal(f"{i}.25"),
            0.97,
            "why",
            "annual" if i % 4 else None,
            dt.date(2027, 1, 31),
            None,
            None,
            Decimal("1.00"),
            None,
            "USD",
            None,
        )
        for i in range(n)
    ]
    return [list(column) for column in zip(*rows, strict=True)]


@pytest.mark.parametrize("n", [0, 1, 257])
def test_records_are_the_records_the_constructor_makes(n: int) -> None:
    columns = _gap_columns(n)
    made = records(Gap, columns, n)
    expected = [Gap(*row) for row in zip(*columns, strict=True)]
    assert made == expected
    assert [hash(g) for g in made] == [hash(g) for g in expected]
    assert all(type(g) is Gap for g in made)
    if n:
        assert made[-1].key == expected[-1].key
        with pytest.raises(dataclasses.FrozenInstanceError):
            made[0].why = "changed"  # type: ignore[misc]


def test_a_column_of_another_length_is_refused() -> None:
    columns: list[list[object]] = [
        ["vendor"] * 3,
        ["trial"] * 3,
        ["a"] * 3,
        ["p"] * 3,
        [1, 2, 3],
        [Decimal(1)] * 3,
        [None] * 2,
        ["USD"] * 3,
    ]
    with pytest.raises(ValueError, match="amount"):
        records(NotRecurring, columns, 3)


@dataclasses.dataclass(frozen=True, slots=True)
class _Checked:
    seats: int

    def __post_init__(self) -> None:
        if self.seats < 0:
            raise ValueError("seats below zero")


def test_a_record_with_its_own_check_is_still_checked() -> None:
    assert records(_Checked, [[1, 2]], 2) == [_Checked(1), _Checked(2)]
    with pytest.raises(ValueError, match="below zero"):
        records(_Checked, [[1, -2]], 2)
