"""The comparison's PSA rows as the read passes after the ghost lines see them: one object for
:func:`recon.engine.ended_lines.read_ended`, :func:`recon.engine.guess_surplus.surplus_guesses`
and :func:`recon.engine.guess_surplus.completing_guesses`, which read the same eight things
(and change ``target``, ``comparable`` and ``p_all`` in place).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.engine.groups import SideGroups
from recon.engine.join import IntArray
from recon.engine.pairs import Codes


class ComparedRows(NamedTuple):
    """The PSA rows a read pass may read as a vendor product, and what it reads them against
    (a named tuple: a pass unpacks the eight in one line).

    Attributes:
        p_all: the PSA groups (``G.CLIENT``, ``G.PRODUCT``, ``G.QTY``, ``pair_how``,
            ``pair_score``).
        target: per PSA row, the product code it is compared as (-1 none); changed in place.
        comparable: per PSA row, whether it is compared; changed in place.
        p_pc: per PSA row, its client's code in the comparison.
        vendor_rows: per vendor group, its PSA client code (-1 none) and product code.
        sides: the vendor and PSA groups.
        codes: the comparison's client and product codes.
        held: PSA clients in review (no part taken).
    """

    p_all: pd.DataFrame
    target: IntArray
    comparable: npt.NDArray[np.bool_]
    p_pc: IntArray
    vendor_rows: tuple[IntArray, IntArray]
    sides: tuple[SideGroups, SideGroups]
    codes: Codes
    held: Collection[str] = frozenset()
