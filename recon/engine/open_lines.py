"""The PSA lines still unread once products are paired, and what decides them: one object for
:func:`recon.engine.unread_lines.read_at_matched` and :func:`recon.engine.ghosts.ghost_lines`,
which read the same eight things (and change ``target``, ``comparable`` and ``p_all`` in
place).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.engine.groups import SideGroups
from recon.engine.join import IntArray
from recon.engine.pairs import Codes
from recon.match import ClientMatching


@dataclass(frozen=True, slots=True)
class OpenLines:
    """The comparison's PSA rows and the evidence about the ones no rule read.

    Attributes:
        p_all: PSA groups with their targets (:func:`recon.engine.pairs.psa_targets`).
        target: each row's product code (changed in place for a line read or compared).
        comparable: which rows are compared (set True in place).
        asked: PSA products a mapping question holds.
        codes: the join's codes.
        sides: the vendor side's groups and the PSA side's.
        matching: the client matching whose matches are evidence (clients in review take
            no part).
        brands: brand words (:meth:`recon.Catalog.brands`).
        set_aside_brands: brands the vendor file sells only on set-aside lines (a trial, a
            cancellation credit): sold by this file all the same (:mod:`recon.engine.set_aside`).
    """

    p_all: pd.DataFrame
    target: IntArray
    comparable: npt.NDArray[np.bool_]
    asked: frozenset[str]
    codes: Codes
    sides: tuple[SideGroups, SideGroups]
    matching: ClientMatching
    brands: frozenset[tuple[str, ...]]
    set_aside_brands: frozenset[tuple[str, ...]] = frozenset()
