"""A review candidate whose lines another unmatched vendor customer holds: maybe its pair.

A review item's candidate shows, pending the review, each line the vendor client in review
does not hold: "billed, not bought" whichever way that review is answered
(:mod:`recon.engine.either_way`). That holds only if the candidate is either the vendor client
or nobody the vendor sells to. But the names of a true pair may be too far apart for any
rule ("PT Hosp." for "Pacific Terrace Hospitality Corp.", "SM Assc" for "Sexton Medical
Associates": initials and short forms at once) while the lines say it plainly: another
vendor customer, matched to no PSA client and in no review, holds the very (product, seats)
lines the candidate bills. Then the candidate's lines are that customer's, bought after all,
and showing them "billed, not bought" is a false gap per line (issue 11: 12 such at 60,000
clients, one small client's whole bill each).

So a candidate's lines are not shown either way when one such customer and the candidate
have at least half of their lines in common, exactly, on both sides, and
:data:`MIN_SAME_LINES` or more of those at :data:`MIN_SEATS` seats or more
(:func:`claimed_candidates`). At a distributor's scale chance is everywhere: one line in
common means nothing, nor do lines of one or two seats ("Microsoft 365 E3" 1, a small
client's whole bill); among 1,700 unmatched customers some share two of any twelve lines,
and a customer buying 25 products holds five of a small candidate's seven by chance. The
true pair shares most of both bills ("PT Hosp.": 20 of 23 lines; "SM Assc": 7 of 7).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from recon.engine.pending_review import one_side
from recon.model import QTY_SCALE, Gap, GapKind

#: Exact (product, seats) lines one unmatched vendor customer must share with a candidate.
MIN_SAME_LINES = 2
#: Seats a shared line must have to count towards :data:`MIN_SAME_LINES`.
MIN_SEATS = 3


def claimed_candidates(
    gaps: Iterable[Gap],
    candidates: Mapping[str, str],
    *,
    min_lines: int = MIN_SAME_LINES,
) -> frozenset[str]:
    """The candidates' client keys whose one-sided lines another vendor customer holds.

    Args:
        gaps: the comparison's gaps (the pairs compared apart).
        candidates: each candidate's client key -> the vendor client key it is offered for.
        min_lines: exact lines one customer must share (default :data:`MIN_SAME_LINES`).

    Returns:
        The keys of candidates at least half of whose "missing in vendor" lines, and at least
        ``min_lines`` of :data:`MIN_SEATS` seats or more, are "missing in PSA" lines of one
        vendor customer matched to nobody (a gap with no PSA client, resting on no review),
        other than the one it is offered for, and at least half of that customer's lines.
    """
    listed = list(gaps)
    mine: dict[str, list[tuple[str, int]]] = {}
    for gap in listed:
        if gap.kind is GapKind.MISSING_IN_VENDOR and gap.client_key in candidates:
            mine.setdefault(gap.client_key, []).append(one_side(gap))
    wanted = {line for lines in mine.values() if len(lines) >= min_lines for line in lines}
    if not wanted:
        return frozenset()
    reviewed: Collection[str] = set(candidates.values())
    holders: dict[tuple[str, int], set[str]] = {}
    held: dict[str, int] = {}
    for gap in listed:
        if (
            gap.kind is GapKind.MISSING_IN_PSA
            and gap.psa_client is None
            and gap.rests_on is None
            and gap.client_key not in reviewed
        ):
            held[gap.client_key] = held.get(gap.client_key, 0) + 1
            line = one_side(gap)
            if line in wanted:
                holders.setdefault(line, set()).add(gap.client_key)
    least = MIN_SEATS * QTY_SCALE
    claimed = set()
    for key, lines in mine.items():
        shared: dict[str, list[int]] = {}
        for line in set(lines):
            for holder in holders.get(line, ()):
                shared.setdefault(holder, []).append(line[1])
        if any(
            2 * len(seats) >= max(len(lines), held[holder])
            and sum(q >= least for q in seats) >= min_lines
            for holder, seats in shared.items()
        ):
            claimed.add(key)
    return frozenset(claimed)
