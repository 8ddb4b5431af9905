"""The seats the unbilled lines left undecided: weighed again against what else is unbilled.

After the first weighing (:func:`recon.engine.questions.weigh_unmapped`) some unmapped PSA
texts are still undecided. Two weaker witnesses may settle them: the seats a billed vendor line
is short by (:func:`weigh_shortfalls`), and what the texts just paired leave unbilled at
clients that bill a product on two lines (:func:`split_lines`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pandas as pd

from recon.engine.columns import member
from recon.engine.name_questions import undecided as _undecided
from recon.engine.question_keys import acted_shortfall
from recon.match.product_evidence import (
    ASK_TEXT,
    NAME_MARGIN,
    PSA_KEY,
    TextScores,
    Verdict,
    weigh,
)


def weigh_shortfalls(
    verdicts: dict[str, Verdict],
    unasked: Collection[str],
    orphan_p: pd.DataFrame,
    orphan_v: pd.DataFrame,
    residual: pd.DataFrame,
    names: tuple[Mapping[str, str], Mapping[str, str]],
    brands: frozenset[tuple[str, ...]],
    rejected: frozenset[tuple[str, str]],
    texts: TextScores,
    *,
    list_held: bool = True,
) -> None:
    """Weigh the texts the unbilled lines left undecided against the unbilled lines and the
    seats billed vendor lines are short by (``residual``), in place in ``verdicts``.

    Only for products the unbilled lines left undecided: a shortfall is weaker evidence than
    a vendor line nobody bills, and must not become a rival to one.

    Args:
        unasked: PSA keys whose verdict asks nothing a person would be asked.
        list_held: list the clients each candidate sits at (``weigh``'s ``list_held``; default on).
    """
    undecided = [k for k in orphan_p[PSA_KEY].unique() if _undecided(verdicts.get(str(k)))]
    if not len(residual) or not undecided:
        return
    rest = orphan_p.loc[member(orphan_p[PSA_KEY], set(map(str, undecided)))]
    # The unbilled lines' categorical columns (60,000 clients) as the text they hold first:
    # beside the shortfall's text columns pandas makes them text anyway, after hashing
    # every category to find the two columns' common type (a tenth of a CPU second a call).
    both = pd.concat([_as_text(orphan_v), residual], ignore_index=True)
    for key, verdict in weigh(
        rest,
        both,
        *names,
        brands=brands,
        rejected=rejected,
        texts=texts,
        apart=False,
        list_held=list_held,
    ).items():
        # It asks only where no unbilled line was plausible at all (beside one, a question
        # on a shortfall would hide the likelier pairing) and the names are alike: a
        # service line whose seats equal a real shortfall by chance must not hold it.
        if verdict.act is not None or (
            verdict.ask
            and _unlike_only(None if key in unasked else verdicts.get(key), verdict)
            and verdict.candidates[0].text.score >= ASK_TEXT
        ):
            verdicts[key] = verdict


def split_lines(
    verdicts: dict[str, Verdict],
    orphan_p: pd.DataFrame,
    orphan_v: pd.DataFrame,
    names: tuple[Mapping[str, str], Mapping[str, str]],
    brands: frozenset[tuple[str, ...]],
    rejected: frozenset[tuple[str, str]],
    texts: TextScores,
    *,
    list_held: bool = True,
) -> None:
    """Weigh the texts still undecided against what the texts just paired leave unbilled.

    A client buying many products often holds one on two terms, billed on two PSA lines;
    where neither spelling maps, the seats pair the first where it is alone, and at the
    split clients the second makes up exactly the first's shortfall. Only a pairing the
    seats alone would make counts (:func:`recon.match.product_evidence.weigh`'s own bars,
    against every client of the text): a question here would rest on a remainder.

    Args:
        list_held: list the clients each candidate sits at (``weigh``'s ``list_held``; default on).
    """
    acted = {key: verdict.act for key, verdict in verdicts.items() if verdict.act is not None}
    undecided = {str(k) for k in orphan_p[PSA_KEY].unique() if _undecided(verdicts.get(str(k)))}
    if not acted or not undecided:
        return
    short = acted_shortfall(orphan_p, orphan_v, acted)
    if short.empty:
        return
    rest = orphan_p.loc[member(orphan_p[PSA_KEY], undecided)]
    found = weigh(
        rest,
        short,
        *names,
        brands=brands,
        rejected=rejected,
        texts=texts,
        apart=False,
        list_held=list_held,
    )
    for key, verdict in found.items():
        if verdict.act is not None:
            verdicts[key] = verdict


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each categorical column as its categories' type (what ``pd.concat``
    makes of one beside a text column: the same column, dtype and all)."""
    kinds = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    if not kinds:
        return frame
    return frame.assign(**{str(c): frame[c].astype(frame[c].cat.categories.dtype) for c in kinds})


def _unlike_only(beside: Verdict | None, shortfall: Verdict) -> bool:
    """True when the unbilled lines said nothing that a question on a shortfall would hide.

    Beside a plausible unbilled line the shortfall is the weaker witness, unless that line
    agrees nowhere and its name is unlike the text by :data:`NAME_MARGIN` more than the
    shortfall's product ("SW - Teams Room License" 3 beside an unbilled "Exchange Online
    (Plan 1)" of 4, and making up exactly the shortfall of "Microsoft Teams Rooms Pro"): then
    the seats near by chance are no likelier pairing.
    """
    if beside is None:
        return True
    best = shortfall.candidates[0]
    return best.agree > 0 and all(
        c.agree + c.near == 0 and c.text.score + NAME_MARGIN <= best.text.score
        for c in beside.candidates
    )
