"""What a PSA row compared "for now" carries: the unanswered question its gap rests on.

A row of a text in a mapping question (or of a client held in review) is compared as the best
candidate before anyone answers; its gap shows, marked pending (:attr:`recon.model.Gap.rests_on`),
never surer than :data:`PENDING_CONFIDENCE`. A "yes" keeps it, a "no" withdraws it.
"""

from __future__ import annotations

from dataclasses import dataclass

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
