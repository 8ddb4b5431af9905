"""PSA companies the file shows only stopped: every line of theirs cancelled or ended.

The PSA-side twin of :mod:`recon.formats.gone_clients`. A company whose billing stopped
stays on a PSA export with its lines marked so: a ConnectWise agreement addition keeps its
``Cancelled`` status and cancel date, an Autotask contract service its contract's
``Inactive`` status and end date (their "agreement additions" and "contract services"
exports; /work/shared/research/). Such rows are no seats, so the company adds no client and
its name was lost. Yet the vendor still sells the customer of that name: its seats were then
a customer "with no PSA client close enough", and a subsidiary billed as a company of its own
beside it ("Bay Staffing", ConnectWise's separate company per location or subsidiary) had no
parent to be weighed against. :mod:`recon.engine.gone_companies` reads these names for that.
"""

from __future__ import annotations

import numpy as np

from recon.formats.rows import Rows
from recon.model import Role, Side

#: Skip reasons of a line that was billed and stopped (``recon.formats.rules``: a status of
#: cancelled, expired, suspended, terminated, inactive, ended or closed; an end or cancel date
#: on or before the run's day). A line "not billable" or "not yet effective" never started.
STOPPED = frozenset(
    {"cancelled", "expired", "suspended", "terminated", "inactive", "ended", "closed"}
)
#: The date rule's reason, followed by the day.
ENDED_BEFORE = "ended before"


def gone_companies(rows: Rows) -> frozenset[str]:
    """PSA companies (as written) with a stopped line and no line kept as seats.

    Args:
        rows: the rows being converted, after every skip rule has run.

    Returns:
        The companies' names (none for a vendor file).
    """
    if rows.side is not Side.PSA:
        return frozenset()
    client = rows.column(Role.CLIENT)
    if client is None:
        return frozenset()
    reasons = frozenset(r for r in rows.skipped() if r in STOPPED or r.startswith(ENDED_BEFORE))
    if not reasons:
        return frozenset()
    stopped = rows.skipped_for(reasons) & ~client.empty()
    if not stopped.any():
        return frozenset()
    size = len(client.uniques)
    had = np.bincount(client.codes[stopped], minlength=size) > 0
    billing = np.bincount(client.codes[rows.kept], minlength=size) > 0
    return frozenset(str(name) for name in client.uniques[had & ~billing])
