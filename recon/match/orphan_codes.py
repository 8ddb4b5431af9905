"""The orphan lines the seat evidence weighs, as integer codes.

Product evidence (:mod:`recon.match.product_evidence`) weighs PSA lines whose product the vendor
file lacks against unbilled vendor lines at the same client. It works on codes: clients coded
alike on both sides (a missing client never joins one on the other side), PSA and vendor keys
factorized once, and client names kept as Arrow text so that only the few a verdict names ever
become Python strings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pac

from recon.codes import distinct_ints, joined_rows, renumber
from recon.match.seat_lines import (
    PC,
    PSA_KEY,
    PSA_LINE,
    QTY_P,
    QTY_V,
    VENDOR_KEY,
    VENDOR_LINE,
    line_codes,
)


@dataclass(frozen=True, slots=True)
class OrphanCodes:
    """Both orphan frames with clients and products as integer codes, and the text of each
    (clients as Arrow text: only the few a verdict names ever become Python strings)."""

    psa: pd.DataFrame
    vendor: pd.DataFrame
    clients: pa.Array
    psa_keys: list[str]
    vendor_keys: list[str]

    @classmethod
    def of(cls, psa_orphans: pd.DataFrame, vendor_orphans: pd.DataFrame) -> OrphanCodes:
        p_found, p_uniques = pd.factorize(psa_orphans[PC], sort=False)
        v_found, v_uniques = pd.factorize(vendor_orphans[PC], sort=False)
        # The vendor's clients take the PSA's codes, and new ones after them: the distinct
        # texts hashed by Arrow (an object index of 45,000 clients, built and hashed per
        # call, was most of this step at 60,000 clients).
        p_text, v_text = text_array(p_uniques), text_array(v_uniques)
        found = pac.index_in(v_text, value_set=p_text).fill_null(-1)
        v_codes = np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.int64)
        new = v_codes < 0
        v_codes[new] = len(p_text) + np.arange(int(new.sum()), dtype=np.int64)
        clients = pa.concat_arrays([p_text, v_text.filter(pa.array(new))])
        # -1 (missing) stays -1 on the PSA side, -2 on the vendor's: as with text, a missing
        # client on one side never joins a client on the other.
        p_pc = np.append(np.arange(len(p_text), dtype=np.int64), -1)[p_found]
        v_pc = np.append(v_codes, -2)[v_found]
        psa_codes, psa_keys = pd.factorize(psa_orphans[PSA_KEY], sort=False)
        vendor_codes, vendor_keys = pd.factorize(vendor_orphans[VENDOR_KEY], sort=False)
        p_keys, v_keys = psa_codes.astype(np.int64), vendor_codes.astype(np.int64)
        # Each row's line, coded here on the orphans and carried through the join
        # (``line_keys``): coding the joined rows again cost more than the join.
        return cls(
            pd.DataFrame(
                {
                    PC: p_pc,
                    PSA_KEY: p_keys,
                    QTY_P: psa_orphans[QTY_P].to_numpy(),
                    PSA_LINE: line_codes(p_pc, p_keys),
                }
            ),
            pd.DataFrame(
                {
                    PC: v_pc,
                    VENDOR_KEY: v_keys,
                    QTY_V: vendor_orphans[QTY_V].to_numpy(),
                    VENDOR_LINE: line_codes(v_pc, v_keys),
                }
            ),
            clients,
            [str(k) for k in listed(psa_keys)],
            [str(k) for k in listed(vendor_keys)],
        )

    def seated_pairs(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The (PSA row, vendor row) pairs at one client where both lines hold seats, in the
        order a merge on the client would give (:func:`recon.codes.joined_rows`)."""
        p_at, v_at = joined_rows(
            self.psa[PC].to_numpy(), self.vendor[PC].to_numpy(), len(self.clients)
        )
        seated = (self.psa[QTY_P].to_numpy()[p_at] > 0) & (self.vendor[QTY_V].to_numpy()[v_at] > 0)
        return p_at[seated], v_at[seated]

    def clients_of(self) -> npt.NDArray[np.int64]:
        """Per PSA key code, at how many clients it sits."""
        pc = self.psa[PC].to_numpy()
        codes = self.psa[PSA_KEY].to_numpy()
        seen = pc >= 0
        # Each row's line (:data:`PSA_LINE`) is its (client, PSA key), coded densely already:
        # a key's clients are its distinct lines, counted in a table as wide as the lines
        # (a sort of every row's (key, client) was the whole cost at 60,000 clients).
        lines = self.psa[PSA_LINE].to_numpy(dtype=np.int64)[seen]
        key_of = np.full(int(lines.max()) + 1 if len(lines) else 0, -1, dtype=np.int64)
        key_of[lines] = codes[seen]  # a line has one key: which row writes it does not matter
        return np.bincount(key_of[key_of >= 0], minlength=len(self.psa_keys)).astype(np.int64)


def text_array(uniques: object) -> pa.Array:
    """Distinct values as Arrow text (a categorical's decoded by Arrow, no Python string
    made per value); a value that is not text is compared as ``str(value)``."""
    try:
        found = pa.array(uniques)
        if isinstance(found, pa.ChunkedArray):  # an Arrow-backed column's own chunks
            found = found.combine_chunks()
        if pa.types.is_dictionary(found.type):
            found = found.dictionary_decode()
        if pa.types.is_string(found.type) or pa.types.is_large_string(found.type):
            return found.cast(pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pass
    return pa.array([str(u) for u in listed(uniques)], type=pa.string())


def listed(uniques: object) -> list[object]:
    """Distinct values as a plain list (iterating Arrow-backed ones costs a call per item)."""
    return list(np.asarray(uniques, dtype=object).tolist())


def codes_of_pairs(
    pairs: pd.DataFrame, coded: OrphanCodes
) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """A code per row for its (PSA key, vendor key), and the distinct pairs in first-seen order."""
    width = max(len(coded.vendor_keys), 1)
    joint = pairs[PSA_KEY].to_numpy(dtype=np.int64) * width + pairs[VENDOR_KEY].to_numpy(
        dtype=np.int64
    )
    # Numbered in first-seen order, as ``pd.factorize`` does, over a range of (PSA key,
    # vendor key) codes no wider than the rows: no hash of 300,000 joined rows.
    if len(joint) and int(joint.min()) < 0:  # a missing key: hashed, as before
        codes, uniques = pd.factorize(joint, sort=False)
    else:
        codes, uniques = renumber(joint, len(coded.psa_keys) * width)
    keys = [(coded.psa_keys[u // width], coded.vendor_keys[u % width]) for u in uniques.tolist()]
    return codes, keys


def held_clients(pairs: pd.DataFrame, coded: OrphanCodes) -> dict[tuple[int, int], tuple[str, ...]]:
    """(PSA key code, vendor key code) -> the clients where the pair sits, sorted, once each."""
    pc = pairs[PC].to_numpy(dtype=np.int64)
    if not len(pc):
        return {}
    # Only the clients the pairs name are put in name order: one sort of their text, by
    # Arrow (UTF-8 byte order is code-point order, the order a sort of the text gives).
    present = distinct_ints(pc)
    names = coded.clients.take(pa.array(present, type=pa.int64()))
    order = np.asarray(pac.sort_indices(names).to_numpy(), dtype=np.int64)
    rank = np.empty(len(present), dtype=np.int64)
    rank[order] = np.arange(len(present), dtype=np.int64)
    client_rank = rank[np.searchsorted(present, pc)]
    width = len(present)
    vendors = max(len(coded.vendor_keys), 1)
    pair = pairs[PSA_KEY].to_numpy(dtype=np.int64) * vendors + pairs[VENDOR_KEY].to_numpy(
        dtype=np.int64
    )
    rows = distinct_ints(pair * width + client_rank)
    pair, client = rows // width, rows % width
    starts = np.flatnonzero(np.concatenate(([True], pair[1:] != pair[:-1])))
    ends = np.append(starts[1:], len(rows))
    # Each name made a Python string once, then spread to its rows by numpy (a string per
    # row from Arrow cost more than all the rest).
    shown = np.asarray(names.to_pylist(), dtype=object)[order[client]].tolist()
    return {
        divmod(int(pair[s]), vendors): tuple(shown[s:e])
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True)
    }
