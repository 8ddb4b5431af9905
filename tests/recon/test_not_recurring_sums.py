"""Set-aside lines summed on integer codes give the entries a pandas groupby on their texts
gave, in the same order."""

from __future__ import annotations

from decimal import Decimal
from itertools import repeat, starmap

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine.not_recurring import _spread, _spread_array, not_recurring
from recon.model import MONEY_SCALE, QTY_SCALE, Charge, ExtraCol, LineSet, NotRecurring, Side
from recon.money import cents


# The former summing, kept as the oracle: a groupby on the three text columns.
def grouped_not_recurring(lines: LineSet) -> tuple[NotRecurring, ...]:
    extras = lines.extras
    if extras is None or extras.empty:
        return ()
    keys = [ExtraCol.CHARGE, ExtraCol.CLIENT, ExtraCol.PRODUCT]
    grouped = extras.assign(
        n=1, priced=extras[ExtraCol.AMOUNT].notna(), amount=extras[ExtraCol.AMOUNT].fillna(0)
    ).groupby(keys, sort=False)
    summed = grouped.agg(
        lines=("n", "sum"),
        qty=(ExtraCol.QTY, "sum"),
        amount=("amount", "sum"),
        priced=("priced", "any"),
        currency=(ExtraCol.CURRENCY, "first"),
    ).reset_index()
    charge = [str(c) for c in summed[ExtraCol.CHARGE].tolist()]
    client = [str(c) for c in summed[ExtraCol.CLIENT].tolist()]
    product = [str(p) for p in summed[ExtraCol.PRODUCT].tolist()]
    amount = summed["amount"].to_numpy(dtype=np.int64)
    priced = summed["priced"].to_numpy(dtype=bool)
    unit = MONEY_SCALE // 100
    shown = np.where(priced, (np.abs(amount) + unit // 2) // unit, 0)

    def ranks(texts: pd.Series) -> np.ndarray:
        return pd.factorize(texts, sort=True)[0]

    order = np.lexsort(
        (
            ranks(summed[ExtraCol.PRODUCT]),
            ranks(summed[ExtraCol.CLIENT]),
            -shown,
            ranks(summed[ExtraCol.CHARGE]),
        )
    ).tolist()
    seat_codes, seat_values = pd.factorize(summed["qty"].to_numpy(dtype=np.int64))
    seat_decimals = [Decimal(int(s)) / QTY_SCALE for s in seat_values.tolist()]
    money_codes, money_values = pd.factorize(np.where(priced, amount, 0))
    money_decimals = [cents(Decimal(int(m)) / MONEY_SCALE) for m in money_values.tolist()]
    money_spread = _spread_array(money_decimals, money_codes)
    money_spread[~priced] = None
    currencies = {c: str(c) or None for c in set(summed["currency"].tolist())}
    out = list(
        starmap(
            NotRecurring,
            zip(
                repeat(lines.side, len(charge)),
                map(Charge, charge),
                client,
                product,
                summed["lines"].to_numpy(dtype=np.int64).tolist(),
                _spread(seat_decimals, seat_codes),
                money_spread.tolist(),
                map(currencies.__getitem__, summed["currency"].tolist()),
                strict=True,
            ),
        )
    )
    return tuple(map(out.__getitem__, order))


def _side(rows: list[tuple[str, str, str, int, int | None, str]]) -> LineSet:
    extras = pd.DataFrame(
        {
            ExtraCol.ROW: list(range(len(rows))),
            ExtraCol.CLIENT: pd.array([r[1] for r in rows], dtype="str"),
            ExtraCol.PRODUCT: pd.array([r[2] for r in rows], dtype="str"),
            ExtraCol.SKU: pd.array([""] * len(rows), dtype="str"),
            ExtraCol.CHARGE: pd.array([r[0] for r in rows], dtype="str"),
            ExtraCol.QTY: pd.Series([r[3] for r in rows], dtype="int64"),
            ExtraCol.AMOUNT: pd.array([r[4] for r in rows], dtype="Int64"),
            ExtraCol.CURRENCY: pd.array([r[5] for r in rows], dtype="str"),
        }
    )
    return LineSet(
        Side.PSA, "p.csv", "generic", "Generic", pd.DataFrame(), 0, {}, "", {}, (), extras
    )


_names = st.sampled_from(["Alpha", "alpha", "Beta", "ärzte", "Zeta", "", "b"])
_rows = st.lists(
    st.tuples(
        st.sampled_from(["one_time", "trial", "proration"]),
        _names,
        _names,
        st.integers(min_value=-3000, max_value=9000),
        st.none() | st.integers(min_value=-30_000_000, max_value=90_000_000),
        st.sampled_from(["USD", "EUR", ""]),
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(_rows)
def test_summed_on_codes_as_grouped_on_texts(
    rows: list[tuple[str, str, str, int, int | None, str]],
) -> None:
    side = _side(rows)
    assert not_recurring(side) == grouped_not_recurring(side)


def test_the_first_line_of_an_entry_gives_its_currency() -> None:
    side = _side(
        [
            ("one_time", "Alpha", "Setup", 1000, 5_000_000, "EUR"),
            ("one_time", "Beta", "Setup", 1000, 7_000_000, "USD"),
            ("one_time", "Alpha", "Setup", 1000, 5_000_000, "USD"),
        ]
    )
    listed = [(e.client, e.lines, e.amount, e.currency) for e in not_recurring(side)]
    assert listed == [("Alpha", 2, Decimal("10.00"), "EUR"), ("Beta", 1, Decimal("7.00"), "USD")]
