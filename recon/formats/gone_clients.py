"""Vendor customers the file shows only as ended: every product of theirs cancelled.

A customer that leaves the MSP, or moves every licence elsewhere, stays on the vendor's export
for a while, but only as what ended: Pax8's subscription list keeps each subscription with
``status`` Cancelled (Pax8 API ``Subscription.status``; /work/shared/research/domain.md), and
an invoice shows the cancellation as a credit ("Cancellation credit", Partner Center's
``cancelImmediate``; :mod:`recon.formats.credits`). Such rows are no seats, and
:mod:`recon.formats.ended` keeps them as evidence only at a client that still buys something:
so this customer adds no client, and its name was lost.

Yet the name is evidence. The MSP that forgets to stop billing keeps a PSA company under it
("Kim Academy - Albany Toledo" beside the vendor's ended "Kim Academy"), which is then a PSA
company with no vendor customer; the family step weighed it as a subsidiary of another
customer short the same seats ("Is Kim Academy billed for Kim Aviation's licences?"), and the
question hid its true gaps (billed after cancellation). The vendor file names its own
customer: :mod:`recon.engine.gone_names` reads these names for that step.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from recon.formats.ended import ENDED
from recon.formats.rows import Rows
from recon.model import Role, Side


def gone_clients(rows: Rows, credits: npt.NDArray[np.bool_]) -> frozenset[str]:
    """Vendor customers (as written) with an ended row or a cancellation credit and no row
    kept as seats.

    Args:
        rows: the rows being converted, after every skip rule has run.
        credits: per row, whether it is a cancellation credit
            (:func:`recon.formats.credits.cancel_credits`).

    Returns:
        The customers' names (none for a PSA file).
    """
    client = rows.column(Role.CLIENT)
    if rows.side is not Side.VENDOR or client is None:
        return frozenset()
    ended = credits & ~client.empty()
    if rows.column(Role.STATUS) is not None:
        ended |= rows.skipped_for(ENDED) & ~client.empty()
    if not ended.any():
        return frozenset()
    size = len(client.uniques)
    had = np.bincount(client.codes[ended], minlength=size) > 0
    buying = np.bincount(client.codes[rows.kept], minlength=size) > 0
    return frozenset(str(name) for name in client.uniques[had & ~buying])
