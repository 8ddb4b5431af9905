"""A PSA text naming a kind of product is, at a client buying that kind, none of another kind.

A reseller bills a product under its own words for what it is ("Managed AV - Workstation"):
"AV" is antivirus (NIST SP 800-83r1, "Guide to Malware Incident Prevention and Handling for
Desktops and Laptops", names antivirus (AV) software the endpoint's malware protection), what
Bitdefender sells GravityZone Business Security as (its product page: "antivirus", endpoint
protection for businesses). Huntress sells Managed EDR as endpoint detection and response run
by its own SOC, a product of another kind (the catalogue's MDR): huntress.com, "What Endpoint
Detection and Response (EDR) Looks Like Under the Hood", tells EDR from antivirus and
next-generation antivirus. Its "Managed AV" is a feature of Managed EDR that manages the
endpoint's Microsoft Defender Antivirus (support.huntress.io, "Managed AV - Interface & Basic
Settings": an endpoint "may still be protected by a third-party AV", then not by Defender
through Huntress), so at a client buying a third-party antivirus, the antivirus is that one.
So where a client buys an unbilled product of the kind the text names, the text is that
product, however the seats stand: "Managed AV -
Workstation" 19 at a company billing a subsidiary's seats apart is not Huntress Managed EDR 19
beside it while the client's 27 Bitdefender seats go unbilled. Its rows beside products of
other kinds at that client are not weighed, and which of the client's products of its kind it
is stays a matter for the seats (:mod:`recon.match.seat_lines`).

The bar is read on every seated pair at the client, before pairs whose seats are far apart
are set aside (a pass over near seats only would no longer see the 27 Bitdefender seats, and
pair the text with the Huntress 19 again). A pairing whose names are alike on their own (at
least :data:`ALIKE`) is never barred here: the text names the product, not only a kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import numpy.typing as npt

from recon.catalog.text import catalogue_family, families_named, text_names_family
from recon.match.orphan_codes import OrphanCodes
from recon.match.seat_lines import PSA_KEY, PSA_LINE, VENDOR_KEY

IntArray = npt.NDArray[np.int64]

#: Names this alike pair on their own (:data:`recon.match.product_evidence.ALIKE`).
ALIKE = 70.0


def kind_barred(
    coded: OrphanCodes,
    at: tuple[IntArray, IntArray],
    psa_names: Mapping[str, str],
    vendor_names: Mapping[str, str],
    score: Callable[[str, str], float],
) -> npt.NDArray[np.bool_]:
    """Per seated row, whether it is barred: its PSA line names the kind of another row's
    vendor product at that client, not this row's, and the names are not alike.

    Only the rows of texts naming a kind are gathered (at 60,000 clients the join holds
    570,000 rows, a handful of texts name a kind): one byte per row is all the rest cost.

    Args:
        coded: both orphan frames as codes.
        at: the joined rows, as (PSA row, vendor row) positions in ``coded``.
        psa_names: PSA key -> its text as written.
        vendor_names: vendor key -> its name.
        score: (PSA key, vendor key) -> their names' score; a pair scoring
            :data:`ALIKE` or more is never barred.
    """
    p_at, v_at = at
    barred = np.zeros(len(p_at), dtype=bool)
    if not len(p_at):
        return barred
    psa_keys, vendor_keys = coded.psa_keys, coded.vendor_keys
    kindish = np.array([bool(families_named(psa_names[k])) for k in psa_keys], dtype=bool)
    if not kindish.any():
        return barred
    psa_code = coded.psa[PSA_KEY].to_numpy(dtype=np.int64)
    rows = np.flatnonzero(kindish[psa_code][p_at])
    if not len(rows):
        return barred
    p_rows = p_at[rows]
    width = max(len(vendor_keys), 1)
    joint = psa_code[p_rows] * width + coded.vendor[VENDOR_KEY].to_numpy(dtype=np.int64)[v_at[rows]]
    uniques, codes = np.unique(joint, return_inverse=True)
    pairs = [(psa_keys[u // width], vendor_keys[u % width]) for u in uniques.tolist()]
    kinds = [catalogue_family(v) for _, v in pairs]
    hit = np.array(
        [
            bool(k) and text_names_family(psa_names[p], k)
            for (p, _), k in zip(pairs, kinds, strict=True)
        ]
    )
    # A product the catalogue gives no kind may be of the text's: it is never barred.
    known = np.array([bool(k) for k in kinds], dtype=bool)
    row_hit = hit[codes]
    lines, line_at = np.unique(
        coded.psa[PSA_LINE].to_numpy(dtype=np.int64)[p_rows], return_inverse=True
    )
    candidate = (np.bincount(line_at[row_hit], minlength=len(lines)) > 0)[line_at]
    candidate &= ~row_hit & known[codes]
    # Names alike on their own name the product, not only a kind: scored only where barred.
    alike = np.zeros(len(pairs), dtype=bool)
    for i in np.unique(codes[candidate]).tolist():
        alike[i] = score(*pairs[i]) >= ALIKE
    barred[rows] = candidate & ~alike[codes]
    return barred
