"""Questions on names alone, at every client not in review: texts the seats cannot speak for.

Two kinds of PSA text are asked about on their name only, once every seat-based rule has left
them undecided: an edition-only text ("Business Premium", :mod:`recon.engine.edition_texts`),
and a text whose name points clearly at one product the vendor file sells while no client
lets the seats weigh it: billed only where the vendor does not sell that product (a client
the vendor file lacks, or one buying other things), so "Barracuda Email" billed at one
PSA-only client was listed unmapped and its "missing in vendor" lost. Every line of an asked
text then shows the gap a "yes" implies, pending the answer (:mod:`recon.engine.questions`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.catalog import product_key
from recon.catalog._loose import brands_in, is_service_text
from recon.catalog.billing_text import bundle_parts
from recon.catalog.text import TextCandidate
from recon.engine.columns import member
from recon.engine.edition_texts import edition_verdicts, edition_words
from recon.engine.groups import SideGroups
from recon.engine.pending import PENDING_SCORE
from recon.engine.question_keys import TARGET, distinct_texts
from recon.match import ClientMatching
from recon.match.product_evidence import PC, Support, Verdict
from recon.model import G, ProductMethod

#: How far (question score, 0-100) a name's best product must lead the next one for a
#: question on the name alone: a text two products fit about as well is left unmapped.
NAMED_ONLY_MARGIN = 15.0


def undecided(verdict: Verdict | None) -> bool:
    """True when the seats neither paired a PSA product nor raised a question on it."""
    return verdict is None or (verdict.act is None and not verdict.ask)


def edition_questions(
    p_all: pd.DataFrame,
    compared: npt.NDArray[np.bool_],
    matching: ClientMatching,
    psa: SideGroups,
    vendor_names: Mapping[str, str],
    verdicts: Mapping[str, Verdict],
    rejected: frozenset[tuple[str, str]],
) -> dict[str, Verdict]:
    """Questions on the edition-only texts ("Business Premium") nothing else decided, at
    every client not in review, matched or not (:mod:`recon.engine.edition_texts`).

    Names are read once per distinct text, and rows are looked at only for the few texts
    one sold product fits: one vectorised pass per such text, never a loop over the rows.
    """
    decided = {k for k, v in verdicts.items() if not undecided(v)}
    names = {
        k: i.name
        for k, i in psa.products.items()
        if i.method is ProductMethod.NAME and k not in decided and edition_words(i.name)
    }
    if not names:
        return {}
    found = edition_verdicts(names, names, vendor_names, rejected=rejected)
    out = {}
    open_rows = ~compared & ~member(p_all[G.CLIENT], matching.held_psa)
    for key, verdict in found.items():
        rows = open_rows & (p_all[G.PRODUCT] == key).to_numpy()
        if not rows.any():
            continue
        # A client billed for the product under another text says this one is the MSP's own.
        clients = set(p_all[G.CLIENT].to_numpy()[rows].tolist())
        fit = verdict.candidates[0].vendor_key
        beside = compared & (p_all[TARGET] == fit).to_numpy() & member(p_all[G.CLIENT], clients)
        if not beside.any():
            out[key] = verdict
    return out


def makers_agree(
    verdicts: Mapping[str, Verdict],
    psa_names: Mapping[str, str],
    vendor_names: Mapping[str, str],
    brands: frozenset[tuple[str, ...]],
) -> tuple[dict[str, Verdict], frozenset[str]]:
    """The verdicts, none asking about a product lacking the maker its text names, and the
    keys whose question was dropped.

    "Microsoft 365 Backup (Datto)" billed 33 beside an unbilled Business Premium of 35: the
    seats alone made a question on Business Premium, and its pending gaps stood for a backup
    product. A text naming its maker is that maker's product, so such a question is not
    asked and the text is weighed like any other (the Datto line's shortfall, or the unmapped
    list, its candidates still shown); the keys are returned so the shortfall pass does not
    count the dropped question as a likelier pairing. A pairing the seats act on alone
    stands: agreement at most of its clients outweighs a name.

    Args:
        verdicts: PSA key -> what the seats say.
        psa_names: the texts as the PSA writes them (no catalogue reading: a catalogued
            name, "Check Point Harmony Email & Collaboration", is ours, not the MSP's, and
            the vendor may sell it under a former maker's name, "Avanan").
        vendor_names: vendor key -> product name.
        brands: brand words (:meth:`recon.Catalog.brands`).
    """
    out = dict(verdicts)
    dropped: set[str] = set()
    for key, verdict in verdicts.items():
        if (
            key in psa_names
            and verdict.ask
            and verdict.act is None
            and verdict.candidates
            and other_maker(
                psa_names[key],
                vendor_names.get(verdict.candidates[0].vendor_key, ""),
                brands,
            )
        ):
            out[key] = dataclasses.replace(verdict, ask=False)
            dropped.add(key)
    return out, frozenset(dropped)


#: A PSA file records what the MSP pays per unit when at least this share of its lines carry a
#: unit cost of their own; a line without one is then something the MSP pays nothing for.
COSTED_SHARE = 0.5


def costless_asks(
    verdicts: Mapping[str, Verdict], p_all: pd.DataFrame
) -> tuple[dict[str, Verdict], frozenset[str]]:
    """The verdicts, none asking about a text the MSP pays nothing per unit for; and the keys
    whose question was dropped.

    In a PSA file that records what the MSP pays per unit (most of its lines carry a unit
    cost of their own), a text none of whose lines carries one is the MSP's own work, not a
    licence it buys: "Backup Monitoring" 9 seats beside an unbilled Teams Essentials of 10
    was asked about on the seats alone, and the question hid the real "missing in PSA" line.
    Such a text is not asked about: the vendor line's gap shows and the text stays unmapped.
    A pairing the seats act on stands; a file that records no costs asks as before.
    """
    out = dict(verdicts)
    asking = {k for k, v in verdicts.items() if v.ask and v.act is None}
    if not asking or G.COST not in p_all.columns or not len(p_all):
        return out, frozenset()
    costed = p_all[G.COST].to_numpy(dtype=np.int64) > 0
    if costed.mean() < COSTED_SHARE:
        return out, frozenset()
    rows = member(p_all[G.PRODUCT], asking)
    # The texts of the costed rows asked about, one Python string per distinct text (the
    # whole column made objects was most of this step at 60,000 clients).
    paid = distinct_texts(p_all[G.PRODUCT], rows & costed)
    dropped = frozenset(asking - paid)
    for key in dropped:
        out[key] = dataclasses.replace(verdicts[key], ask=False)
    return out, dropped


def named_only(
    p_all: pd.DataFrame,
    open_rows: npt.NDArray[np.bool_],
    sold: pd.DataFrame,
    psa: SideGroups,
    ranked: Mapping[str, Sequence[TextCandidate]],
    vendor_names: Mapping[str, str],
    verdicts: Mapping[str, Verdict],
    brands: frozenset[tuple[str, ...]],
    rejected: frozenset[tuple[str, str]],
) -> dict[str, Verdict]:
    """Questions on texts no catalogue rule reads whose name clearly names one sold product,
    where no client lets the seats weigh them.

    A text is asked about when its best candidate's question would score at least
    :data:`~recon.engine.pending.PENDING_SCORE` on the name alone, leads the next candidate
    by :data:`NAMED_ONLY_MARGIN`, and the text sits at no matched client where the vendor
    sells that product (there the seats spoke, and did not pair them). A text that says it
    is the MSP's own service, or names a maker the product's name lacks ("Barracuda Email"
    against another maker's email security), is never asked about this way.

    Args:
        p_all: PSA groups (client, product).
        open_rows: the rows a question may show a gap for (not compared, not in review).
        sold: the vendor lines at matched clients (``pc`` and the product column).
        psa: the PSA side's groups and product identities.
        ranked: PSA key -> its text candidates, best first.
        vendor_names: vendor key -> product name.
        verdicts: what the seats decided so far (decided texts are left alone).
        brands: brand words (:meth:`recon.Catalog.brands`).
        rejected: (PSA key, vendor key) pairs people said are not one product.
    """
    fits: dict[str, TextCandidate] = {}
    for key, candidates in ranked.items():
        identity = psa.products.get(key)
        if identity is None or identity.method is not ProductMethod.NAME or not candidates:
            continue
        if not undecided(verdicts.get(key)) or is_service_text(identity.name):
            continue
        if bundle_parts(identity.name):
            # "Office 365 E3 - Annual incl. Email Security" names two things: its name alone
            # cannot say which one it is (the client's own lines may, recon.engine.unread_lines).
            continue
        best = candidates[0]
        runner_up = candidates[1].match.score if len(candidates) > 1 else 0.0
        if (key, best.vendor_key) in rejected or other_maker(
            identity.name, vendor_names.get(best.vendor_key, ""), brands
        ):
            continue
        if _question_score(best.match.score) < PENDING_SCORE:
            continue
        if _question_score(best.match.score) - _question_score(runner_up) < NAMED_ONLY_MARGIN:
            continue
        fits[key] = best
    if not fits:
        return {}
    rows = open_rows & member(p_all[G.PRODUCT], set(fits))
    if not rows.any():
        return {}
    # Only the rows read are made Python texts: the asked texts' lines, and the vendor lines
    # of the products they fit (the whole vendor side made objects, 800,000 rows at 60,000
    # clients, then joined, was nearly all of this step).
    at = np.flatnonzero(rows)
    billed = pd.DataFrame(
        {
            "client": p_all[G.CLIENT].iloc[at].to_numpy(dtype=object),
            "key": p_all[G.PRODUCT].iloc[at].to_numpy(dtype=object),
        }
    )
    billed["fit"] = billed["key"].map({k: c.vendor_key for k, c in fits.items()})
    fitting = np.flatnonzero(member(sold[G.PRODUCT], {c.vendor_key for c in fits.values()}))
    # Beside the product itself the seats were weighed and paired nothing: no question.
    beside = billed.merge(
        pd.DataFrame(
            {
                "client": sold[PC].iloc[fitting].to_numpy(dtype=object),
                "fit": sold[G.PRODUCT].iloc[fitting].to_numpy(dtype=object),
            }
        ),
        on=["client", "fit"],
        how="inner",
    )
    weighed = set(beside["key"].astype(str))
    clients = billed.groupby("key", sort=False)["client"].nunique()
    out: dict[str, Verdict] = {}
    for key, count in zip(clients.index.astype(str), clients.to_numpy(), strict=True):
        if key in weighed:
            continue
        best = fits[key]
        support = Support(
            vendor_key=best.vendor_key,
            text=best.match,
            agree=0,
            near=0,
            seat_counts=0,
            clients=int(count),
            held=(),
        )
        out[key] = Verdict(key, (support,), None, True)
    return out


def _question_score(text: float) -> float:
    """A question's score resting on the name alone (:attr:`Support.score`)."""
    return text * 0.8


def other_maker(psa_name: str, vendor_name: str, brands: frozenset[tuple[str, ...]]) -> bool:
    """True when the text names a maker the vendor product's name does not carry
    ("Microsoft 365 Backup (Datto)" against "Microsoft 365 Business Premium")."""
    named = brands_in(product_key(psa_name).split(), brands)
    return bool(named) and named.isdisjoint(brands_in(product_key(vendor_name).split(), brands))
