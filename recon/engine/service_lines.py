"""A PSA line that bills a block of the MSP's time is no vendor licence read another way.

Beside a client review the run keeps a vendor line "missing in PSA" whichever way the review
is answered, unless the candidate bills a line the run could not compare with about the same
seats: that line may be the licence under a name no rule read (:mod:`recon.engine.either_way`,
:func:`recon.engine.pending_review.may_be_one_line`). A per-user service may be that
("Managed Services - Per User" often bundles the licences). A block of hours may not: PSAs
sell prepaid time as its own thing (Autotask's "Block Hours" contracts, ConnectWise's block
agreements), counted in hours, never in users or seats. So a line whose text counts time
("Onsite Support Block (4 hrs)", "Labor - 10 Hours") and that no vendor product resembles (its
unmapped entry names no candidate) is not a licence's other half: one support block beside
one Teams Essentials seat hid the seat bought and billed under neither answer (issue 11).
"""

from __future__ import annotations

import re
from collections.abc import Collection

#: Words that count the MSP's time, not seats.
TIME_WORDS = frozenset({"hour", "hours", "hr", "hrs", "labor", "labour"})

_WORD = re.compile(r"[a-z]+")


def time_billed(text: str, named: Collection[str]) -> bool:
    """True when an uncompared PSA line bills a block of the MSP's time: its text counts
    hours or labour and no vendor product is named as what it may be.

    Args:
        text: the PSA text as written.
        named: the vendor products its unmapped entry or mapping question names.
    """
    return not named and not TIME_WORDS.isdisjoint(_WORD.findall(text.casefold()))
