"""Plainly written numbers are read in one vectorised pass, to exactly what the parser says."""

from __future__ import annotations

import random

import numpy as np
import pytest

from recon.formats.cells import money_to_micro, quantity_to_milli
from recon.formats.values import PLAIN_MONEY, PLAIN_SEATS, Plain

EDGES = [
    "0", "-0", "7", "007", "12.5", "-3.25", "19.99", "0.000001", "999999999.999999",
    "-999999999.999999", "123456789.123456", "0.1", "0.2", "0.3", "1.005", "2.675",
    "1234567.125", "9999999.999",
]  # fmt: skip
NOT_PLAIN = ["1,200", "$5", "(2)", "'12", "1.", ".5", "+3", "1e3", "12.3456789", "", "NaN", "1 000"]


def _random_numbers(seed: int, count: int, digits: int, decimals: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        whole = str(rng.randrange(10 ** rng.randint(1, digits)))
        frac = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, decimals)))
        sign = "-" if rng.random() < 0.2 else ""
        out.append(sign + whole + ("." + frac if frac else ""))
    return out


@pytest.mark.parametrize(
    ("plain", "exact"),
    [
        (PLAIN_MONEY, lambda text: money_to_micro(text)[0]),
        (PLAIN_SEATS, quantity_to_milli),
    ],
    ids=["money", "seats"],
)
def test_plain_values_read_exactly_as_the_parser_reads_them(plain: Plain, exact: object) -> None:
    values = EDGES + _random_numbers(7, 20_000, plain.digits, plain.decimals)
    uniques = np.asarray(values + NOT_PLAIN, dtype=object)
    found, scaled = plain.read(uniques)
    checked = 0
    for i, text in enumerate(values):
        try:
            expected = exact(text)  # type: ignore[operator]
        except ValueError:
            assert not found[i], text  # what the parser refuses is never read plainly
            continue
        if found[i]:
            assert scaled[i] == expected, text
            checked += 1
    assert checked > 15_000  # nearly everything here is plain
    assert not found[len(values) :].any()  # the rest is left to the parser


def test_an_empty_column_reads_nothing() -> None:
    found, scaled = PLAIN_MONEY.read(np.asarray([], dtype=object))
    assert found.shape == scaled.shape == (0,)
