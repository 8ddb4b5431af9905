"""The evidence pass numbers clients by Arrow as the object index it replaced numbered them.

``recon.match.orphan_codes.OrphanCodes.of`` gives each PSA client a code in order of first
appearance and each vendor-only client one after them; the verdicts' order and the clients a
question holds rest on those codes. It looked the vendor's clients up in an object index of
the PSA's (a copy kept below as the oracle); it now hashes both by Arrow. Held to the oracle
on random frames of every column type the pass is given (categorical, Arrow text, Python
objects), with clients missing on either side and clients only one side has.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.match.orphan_codes import OrphanCodes
from recon.match.product_evidence import PC, PSA_KEY, QTY_P, QTY_V, VENDOR_KEY

# Names whose code-point order differs from their order of first appearance, alike but for
# case or an accent.
NAMES = [
    "zeta",
    "Alpha",
    "alpha",
    "\u00c4pfel",
    "beta",
    "stra\u00dfe",
    "\u00e9clair",
    "Echo",
    "echo",
]
DTYPES = ["category", "str", "object"]


def _old_codes(psa: pd.DataFrame, vendor: pd.DataFrame) -> tuple[list[int], list[int], list[str]]:
    """The object-index numbering the Arrow one replaced (per row: PSA code, vendor code;
    and the clients' texts by code)."""
    p_found, p_uniques = pd.factorize(psa[PC], sort=False)
    v_found, v_uniques = pd.factorize(vendor[PC], sort=False)
    p_text = pd.Index(np.asarray(p_uniques, dtype=object).tolist(), dtype=object)
    v_text = np.asarray(np.asarray(v_uniques, dtype=object).tolist(), dtype=object)
    v_codes = p_text.get_indexer(pd.Index(v_text, dtype=object)).astype(np.int64)
    new = v_codes < 0
    v_codes[new] = len(p_text) + np.arange(int(new.sum()), dtype=np.int64)
    clients = [str(c) for c in (*p_text.tolist(), *v_text[new].tolist())]
    p_pc = np.append(np.arange(len(p_text), dtype=np.int64), -1)[p_found]
    v_pc = np.append(v_codes, -2)[v_found]
    return p_pc.tolist(), v_pc.tolist(), clients


def _frame(clients: list[str | None], column: str, qty: str, dtype: str) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            PC: pd.Series(clients, dtype=object),
            column: ["k"] * len(clients),
            qty: np.arange(len(clients), dtype=np.int64),
        }
    )
    return frame.astype({PC: dtype, column: "category"})


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from([*NAMES, None]), max_size=14),
    st.lists(st.sampled_from([*NAMES, "vendor only", None]), max_size=14),
    st.sampled_from(DTYPES),
    st.sampled_from(DTYPES),
)
def test_client_codes_are_the_object_index_codes(
    psa_clients: list[str | None], vendor_clients: list[str | None], p_dtype: str, v_dtype: str
) -> None:
    psa = _frame(psa_clients, PSA_KEY, QTY_P, p_dtype)
    vendor = _frame(vendor_clients, VENDOR_KEY, QTY_V, v_dtype)
    coded = OrphanCodes.of(psa, vendor)
    p_pc, v_pc, clients = _old_codes(psa, vendor)
    assert coded.psa[PC].tolist() == p_pc
    assert coded.vendor[PC].tolist() == v_pc
    assert coded.clients.to_pylist() == clients
