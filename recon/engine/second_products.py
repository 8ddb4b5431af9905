"""One PSA text billing two products at different clients, compared per client.

An MSP may bill two products under one text ("Defender" for Defender for Office 365 at most
clients and for Defender for Endpoint at others). Where the seats show the text billing a
second product at clients of its own, those clients' rows are compared as the second product,
decided (never pending): for a text the seats pair or ask about (:func:`second_products`) and
for a text a person mapped (:func:`mapped_seconds`), so answering the question never makes the
next run worse.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from recon.catalog import TierRelation
from recon.engine.columns import member
from recon.engine.groups import SideGroups
from recon.engine.pending import Pending
from recon.engine.question_keys import first_names
from recon.match.product_evidence import (
    ASK_TEXT,
    PC,
    PSA_KEY,
    QTY_P,
    QTY_V,
    SCALE_SHARE,
    VENDOR_KEY,
    Support,
    TextScores,
    Verdict,
    weigh,
)
from recon.model import G, ProductMethod

#: A text paired with one product on the seats is compared as a second one at the clients
#: where only the second agrees exactly, when it agrees at this many clients or more ...
SECOND_CLIENTS = 10
#: ... and at this share of the text's clients (a coincidence agrees at well under 1 %).
SECOND_SHARE = 0.1


def second_products(
    verdicts: Mapping[str, Verdict],
    orphan_p: pd.DataFrame,
    orphan_v: pd.DataFrame,
    sold: pd.DataFrame,
) -> dict[tuple[str, str], Pending]:
    """Where a text the seats pair with one product bills another at some clients, those
    clients' rows compared as the other, decided: (client, PSA key) -> the other product.

    An MSP may bill two products under one text ("Defender" for Defender for Office 365 at
    most clients and for Defender for Endpoint at others). The seats pair the text with the
    first; the second, alike in name, then agrees exactly at hundreds of clients of its own,
    where the run said "missing in vendor" of the first and "missing in PSA" of the second for
    the same seats. A runner-up that agrees at :data:`SECOND_CLIENTS` clients or more and at
    :data:`SECOND_SHARE` of the text's clients (a coincidence agrees at well under 1 %), with a
    name worth asking about, is compared at each client where it alone agrees exactly, and
    where the vendor sells the second there, unbilled, and no first at all (its seats apart:
    one quantity gap on the second, not two statements).

    Args:
        sold: the vendor's rows at matched clients with seats (``pc``, product).
    """
    out: dict[tuple[str, str], Pending] = {}
    for psa_key, verdict in verdicts.items():
        # The product the text is paired with, or asked about; none when the seats split.
        first = verdict.act or (verdict.candidates[0].vendor_key if verdict.ask else None)
        products = [c for c in verdict.candidates if _a_product_of_the_text(c)]
        seconds = [c for c in products if c.vendor_key != first]
        if not seconds or (first is None and len(seconds) < 2):
            continue
        keys = {c.vendor_key for c in products} | ({first} if first else set())
        rows = orphan_p.loc[orphan_p[PSA_KEY] == psa_key, [PC, QTY_P]]
        lines = orphan_v.loc[member(orphan_v[VENDOR_KEY], keys), [PC, VENDOR_KEY, QTY_V]]
        # Only where one product alone has the seats: beside the first too, it is the first.
        chosen = _alone_exact(rows, lines)
        # Where the vendor sells only one of them at all, unbilled beside the text, it is what
        # the text bills there, whatever the seats.
        at = sold.loc[member(sold[G.PRODUCT], keys), [PC, G.PRODUCT]].astype(str)
        single = at.drop_duplicates().groupby(PC, sort=False)[G.PRODUCT].agg(["size", "first"])
        unbilled = set(zip(lines[PC].astype(str), lines[VENDOR_KEY].astype(str), strict=True))
        for pc, key in single.loc[single["size"] == 1, "first"].items():
            if (str(pc), key) in unbilled:
                chosen.setdefault(str(pc), key)
        by_key = {c.vendor_key: c for c in seconds}
        billed_at = set(rows[PC].astype(str))
        for pc, key in sorted(chosen.items()):
            second = by_key.get(key)
            if second is not None and pc in billed_at:
                how = f"paired at this client on seats: {second.why()}"
                out[(str(pc), psa_key)] = Pending(key, "", second.score, how=how)
    return out


def mapped_texts(psa: SideGroups) -> set[str]:
    """PSA product keys a person mapped (a stored alias): sure of the text, not of each client."""
    return {key for key, i in psa.products.items() if i.method is ProductMethod.ALIAS}


def mapped_seconds(
    rows: pd.DataFrame,
    orphan_v: pd.DataFrame,
    sold: pd.DataFrame,
    psa: SideGroups,
    vendor_names: Mapping[str, str],
    texts: TextScores,
    rejected: frozenset[tuple[str, str]],
) -> dict[tuple[str, str], Pending]:
    """Where a text a person mapped to one product bills a second at clients of its own,
    those clients' rows compared as the second, decided: (client, PSA key) -> the second.

    A person's "yes, Defender is Defender for Office 365" is true of the text, not of every
    client: at the clients buying Defender for Endpoint and no Office, the text compared as
    Office said "missing in vendor" of it and "missing in PSA" of Endpoint for the same seats.
    The bars are :func:`second_products`': the second alone has exactly the text's seats, at
    :data:`SECOND_CLIENTS` clients or more and at :data:`SECOND_SHARE` of all the clients
    billing the text, with a name worth asking about; a client where the vendor sells the
    mapped product at all keeps it (a real gap there stays a gap).

    Args:
        rows: the mapped texts' rows at matched clients (``pc``, ``psa_key``, ``qty_p``).
        sold: the vendor's rows at matched clients with seats (``pc``, product).
        rejected: (PSA key, vendor key) pairs people said are not one product: never a second.
    """
    written = first_names(psa.groups, set(rows[PSA_KEY].astype(str)))
    names = {key: str(written.get(key, i.name)) for key, i in psa.products.items()}
    verdicts = weigh(
        rows, orphan_v, names, vendor_names, brands=texts.brands, rejected=rejected, texts=texts
    )
    out: dict[tuple[str, str], Pending] = {}
    for psa_key, verdict in verdicts.items():
        text = rows.loc[rows[PSA_KEY] == psa_key, [PC, QTY_P]]
        billing = text[PC].nunique()
        seconds = {
            c.vendor_key: c
            for c in verdict.candidates
            if c.vendor_key != psa_key and _a_product_of_the_text(c, billing)
        }
        if not seconds:
            continue
        lines = orphan_v.loc[
            member(orphan_v[VENDOR_KEY], {c.vendor_key for c in verdict.candidates}),
            [PC, VENDOR_KEY, QTY_V],
        ]
        keeps = set(sold.loc[sold[G.PRODUCT] == psa_key, PC].astype(str))
        identity = psa.products[psa_key]
        for pc, key in sorted(_alone_exact(text, lines).items()):
            second = seconds.get(key)
            if second is None or pc in keeps:
                continue
            how = (
                f"billed as {names[psa_key]!r} (mapped to {identity.name} by an "
                f"{identity.detail}); compared here as {vendor_names.get(key, key)}: the seats "
                f"agree exactly at {second.agree} clients"
            )
            out[(pc, psa_key)] = Pending(key, "", second.score, how=how)
    return out


def _alone_exact(rows: pd.DataFrame, lines: pd.DataFrame) -> dict[str, str]:
    """Client -> the one vendor product of ``lines`` (``pc``, vendor key, seats) whose seats
    equal the text's there (``rows``: ``pc``, seats); a client where two do is left out."""
    equal = rows.merge(lines, on=PC)
    equal = equal.loc[equal[QTY_P] == equal[QTY_V]]
    alone = equal.groupby(PC, sort=False)[VENDOR_KEY].agg(["nunique", "first"])
    return {str(pc): str(key) for pc, key in alone.loc[alone["nunique"] == 1, "first"].items()}


def _a_product_of_the_text(support: Support, clients: int | None = None) -> bool:
    """True when the seats show the text billing this product at clients of its own: exactly
    agreeing at :data:`SECOND_CLIENTS` clients or more and at :data:`SECOND_SHARE` of the
    text's clients (``clients``; default: those beside an unbilled line) with a name worth
    asking about, or at :data:`SCALE_SHARE` on the seats alone; never across a tier
    conflict."""
    if support.text.relation is TierRelation.CONFLICT or support.agree < SECOND_CLIENTS:
        return False
    clients = support.clients if clients is None else clients
    share = support.agree / clients if clients else 0.0
    return share >= SCALE_SHARE or (share >= SECOND_SHARE and support.text.score >= ASK_TEXT)
