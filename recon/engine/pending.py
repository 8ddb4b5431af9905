"""What a PSA row compared "for now" carries: the unanswered question its gap rests on.

A row of a text in a mapping question (or of a client held in review) is compared as the best
candidate before anyone answers; its gap shows, marked pending (:attr:`recon.model.Gap.rests_on`),
never surer than :data:`PENDING_CONFIDENCE`. A "yes" keeps it, a "no" withdraws it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

#: The column of the PSA groups saying which unanswered question a row's comparison rests on
#: ("" when decided): :func:`recon.engine.pairs.psa_targets` adds it, the pending rows set it.
REST = "rests_on"
#: A gap resting on an unanswered question is never surer than this: it is a statement only
#: if the answer is yes (0.5 is below every pairing the engine or a person decided).
PENDING_CONFIDENCE = 0.5
#: A question shows the gaps a "yes" implies only when its best candidate scores at least
#: this (the bar a name must reach to be worth asking about): below it, the question is a
#: guess (a service line beside a licence whose seats came close once), and its gaps wait.
PENDING_SCORE = 50.0


class _Weighed(Protocol):
    """What :func:`shows_pending` reads of a candidate (a
    :class:`recon.match.product_evidence.Support`)."""

    @property
    def score(self) -> float: ...

    @property
    def agree(self) -> int: ...

    @property
    def near(self) -> int: ...


def shows_pending(candidates: Sequence[_Weighed]) -> bool:
    """True when a question on these candidates (best first) shows the gaps a "yes" implies.

    A best candidate scoring :data:`PENDING_SCORE` or more does. Under it the question is a
    guess, unless the seats point at that candidate alone: they agree exactly with it at a
    client, and no other candidate's seats agree or nearly agree anywhere. "Kiosk Mailbox" 3
    beside an unbilled "Exchange Online Kiosk" 3 (names 41 alike, score 49.7) is then no
    guess, and its 16 seats at a client the vendor sells no Kiosk to show "missing in
    vendor", pending the answer, instead of vanishing into the question. A service line whose
    seats came close once ("Managed Backup" 3 beside an unbilled Copilot 4), or a text whose
    seats equal two products' at two clients ("Phishing Training" beside Business Basic 2 at
    one and a Security Awareness Training 2 at the other), stays a guess.
    """
    if not candidates:
        return False
    best = candidates[0]
    if best.score >= PENDING_SCORE:
        return True
    return best.agree > 0 and all(c.agree + c.near == 0 for c in candidates[1:])


@dataclass(frozen=True, slots=True)
class Pending:
    """A PSA product at one client compared, for now, as a question's best candidate.

    Attributes:
        vendor_key: the candidate's product key (the gap's product key if the answer is yes).
        rests_on: the question, in words (:func:`recon.model.pending_on`).
        score: the candidate's score (0-100), capped at :data:`PENDING_CONFIDENCE`.
        late: the question rests only on seats far apart (no client agrees or nearly
            agrees): compared so only once the readings rule has spoken, since a misread
            text elsewhere may be what keeps the right candidate from pairing.
        how: what a decided row rests on, in words; decided rows (``rests_on`` empty) are
            a second product the text bills at that client (:mod:`recon.engine.second_products`).
        lines: where the text bills two products on lines of its own at that client, per
            line its seats and the product it is compared as (default: every line is
            ``vendor_key``).
    """

    vendor_key: str
    rests_on: str
    score: float
    late: bool = False
    how: str = ""
    lines: tuple[tuple[int, str], ...] = ()
