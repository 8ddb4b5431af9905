"""A question's runner-up at a client of its own: compared there, pending the question.

A small MSP bills a text no rule reads at two or three clients ("Phishing Training" 2 at one,
4 at another). The seats may point to one product at one client and to another at the next
(an unbilled Business Basic of 4 here, an unbilled Huntress SAT of 2 there), too few to pair
either: one question is asked, about the better of the two. At the client where its
candidate is not sold at all, the run then said "missing in PSA" of the runner-up whose seats
equal the text's there, beside a text it could not compare: one statement too many, and a
false one whenever the text is the runner-up there. There the runner-up is what the text most
likely bills, and the run cannot tell which answer is right, so the row is compared as the
runner-up, pending the same question: equal seats show no gap, and an answer settles it.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from recon.engine.columns import member
from recon.engine.pending import PENDING_CONFIDENCE, Pending
from recon.match.product_evidence import PC, PSA_KEY, QTY_P, QTY_V, VENDOR_KEY, Verdict
from recon.model import G, pending_on


def runner_ups(
    verdicts: Mapping[str, Verdict],
    orphan_p: pd.DataFrame,
    orphan_v: pd.DataFrame,
    sold: pd.DataFrame,
    names: tuple[Mapping[str, str], Mapping[str, str]],
) -> dict[tuple[str, str], Pending]:
    """(client, PSA key) -> the runner-up to compare the text's row as, pending the question.

    Only for a text asked about (not paired), at a client where the question's candidate is
    not sold at all, and where a runner-up whose seats agree somewhere (it is in the
    question for its seats, not only its name) is the one unbilled line there with exactly
    the text's seats: two unbilled lines of those seats, or the candidate sold beside the
    text, leave the client as it was.

    Args:
        verdicts: PSA key -> the evidence's verdict.
        orphan_p: the PSA rows weighed, one per client and text (``pc``, ``psa_key``,
            ``qty_p``).
        orphan_v: the unbilled vendor rows at matched clients (``pc``, ``vendor_key``,
            ``qty_v``).
        sold: the vendor's rows at matched clients with seats (``pc``, product).
        names: PSA key -> the text as written, and vendor key -> the product's name.
    """
    asked = {
        key: v
        for key, v in verdicts.items()
        if v.ask and v.act is None and any(c.agree for c in v.candidates[1:])
    }
    if not asked:
        return {}
    rows = orphan_p.loc[member(orphan_p[PSA_KEY], set(asked)), [PC, PSA_KEY, QTY_P]]
    clients = set(rows[PC].astype(str))
    lines = orphan_v.loc[member(orphan_v[PC], clients), [PC, VENDOR_KEY, QTY_V]].astype(
        {PC: str, VENDOR_KEY: str}
    )
    here = sold.loc[member(sold[PC], clients), [PC, G.PRODUCT]].astype(str)
    sold_at = set(zip(here[PC], here[G.PRODUCT], strict=True))
    equal = rows.astype({PC: str, PSA_KEY: str}).merge(lines, on=PC)
    equal = equal.loc[equal[QTY_P] == equal[QTY_V]]
    # The one unbilled line at the client with exactly the text's seats, per text.
    alone = equal.groupby([PC, PSA_KEY], sort=False)[VENDOR_KEY].agg(["nunique", "first"])
    one = alone.loc[alone["nunique"] == 1, "first"]
    only = {
        (str(pc), str(key)): str(first)
        for pc, key, first in zip(
            one.index.get_level_values(0), one.index.get_level_values(1), one, strict=True
        )
    }
    psa_names, vendor_names = names
    out: dict[tuple[str, str], Pending] = {}
    for psa_key, verdict in asked.items():
        best = verdict.candidates[0]
        for second in verdict.candidates[1:]:
            if not second.agree:
                continue
            for pc in second.held:
                if only.get((pc, psa_key)) != second.vendor_key:
                    continue
                if (pc, best.vendor_key) in sold_at or (pc, psa_key) in out:
                    continue
                vendor_name = vendor_names.get(second.vendor_key, second.vendor_key)
                out[(pc, psa_key)] = Pending(
                    second.vendor_key,
                    pending_on(psa_names.get(psa_key, psa_key), vendor_name),
                    min(second.score, 100.0 * PENDING_CONFIDENCE),
                )
    return out
