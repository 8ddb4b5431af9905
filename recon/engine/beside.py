"""Questions the names ask where the seats cannot: a PSA text clearly named after the unbilled
vendor line beside it, at seats too far apart to weigh.

The evidence pass (:mod:`recon.match.product_evidence`) weighs only seats that agree or nearly
agree. A PSA text billed for 1 seat beside an unbilled vendor line of 6 of the product its
name says is one misnaming with a real quantity gap, and without a question the run states
two false things of it ("missing in PSA" and "unmapped"). This module asks that question when
the names alone settle it at the client; :mod:`recon.engine.questions` then shows the gap a
"yes" implies, pending the answer.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa

from recon.catalog import TierRelation, load_catalog, product_key
from recon.catalog._loose import is_service_text
from recon.catalog.text import TextMatch, compare_product
from recon.engine.columns import member
from recon.match.orphan_codes import OrphanCodes
from recon.match.product_evidence import (
    ASK_COVERAGE_NAMED,
    PC,
    PSA_KEY,
    VENDOR_KEY,
    Support,
    Verdict,
    settled_by_names,
)

#: A name this alike (0-100) to an unbilled vendor line at the same client, and clearly the
#: most alike there, asks a question even where the seats are too far apart to weigh.
NAME_ALIKE = 70.0
#: The shortest word that may name a product on its own ("Egnyte", "Kiosk"), so initials and
#: filler ("SW", "per") never do.
OWN_WORD_LEN = 4


def own_words(vendor_names: Iterable[str]) -> dict[str, str]:
    """Words that name one vendor product in this file: word -> that product's name.

    A word counts when exactly one product the vendor file sells carries it and at most one
    product the catalogue knows does: "Egnyte" of "Egnyte Business", "Kiosk" of "Exchange
    Online Kiosk". Words many products share ("Business", "Security", "Cloud", "Backup") name a
    kind or a family, never one product, and are left out.
    """
    carriers: dict[str, set[str]] = {}
    for name in set(vendor_names):
        for word in set(product_key(name).split()):
            carriers.setdefault(word, set()).add(name)
    common = _catalogue_counts()
    return {
        word: next(iter(names))
        for word, names in carriers.items()
        if len(names) == 1 and len(word) >= OWN_WORD_LEN and word.isalpha() and common[word] <= 1
    }


@functools.cache
def _catalogue_counts() -> Counter[str]:
    counts: Counter[str] = Counter()
    for product in load_catalog().products():
        counts.update(set(product_key(product.name).split()))
    return counts


def _names_own_word(psa_name: str, vendor_name: str, owned: Mapping[str, str]) -> str | None:
    """The word of ``psa_name`` that only ``vendor_name`` carries in the file, if any."""
    for word in product_key(psa_name).split():
        if owned.get(word) == vendor_name:
            return word
    return None


def named_beside(
    orphan_p: pd.DataFrame,
    orphan_v: pd.DataFrame,
    undecided: set[str],
    psa_names: Mapping[str, str],
    vendor_names: Mapping[str, str],
    brands: frozenset[tuple[str, ...]],
    rejected: frozenset[tuple[str, str]],
) -> dict[str, Verdict]:
    """Questions on PSA products the seats left undecided, beside an unbilled vendor line whose
    name is clearly theirs at the same client.

    "Power BI" billed for 1 seat beside an unbilled "Power BI Pro" of 6: the seats are too far
    apart to weigh, so the run said both "missing in PSA" and "unmapped" of one misnaming.
    Where, at the client, the two names are alike (:data:`NAME_ALIKE`, tiers not in conflict)
    and alike by :data:`~recon.match.product_evidence.NAME_MARGIN` more than any other
    unbilled line of either side there, at a quarter of the product's clients or more, one
    question is asked instead; its gaps show pending the answer. The name is the whole
    evidence, so the question's score is the name's alone.

    Args:
        orphan_p: PSA rows at matched clients whose product the vendor file lacks (``pc``,
            ``psa_key``, ``qty_p``), as :func:`recon.engine.questions.weigh_unmapped` builds them.
        orphan_v: vendor rows at matched clients no PSA line bills (``pc``, ``vendor_key``,
            ``qty_v``).
        undecided: the PSA keys the seats neither paired nor asked about.
        psa_names: PSA key -> product text as written.
        vendor_names: vendor key -> product name.
        brands: brand words to disregard when comparing names.
        rejected: (PSA key, vendor key) pairs people said are not one product.

    Returns:
        PSA key -> a verdict that asks, for the products the names settle.
    """
    # A text that says it is the MSP's own service ("Managed Server", "M365 Monitoring") is
    # never asked about on its name alone: its words meet a security product's by chance.
    undecided = {k for k in undecided if not is_service_text(psa_names[k])}
    rows = orphan_p.loc[member(orphan_p[PSA_KEY], undecided)]
    if rows.empty or orphan_v.empty:
        return {}
    # Joined on client codes, the names compared once per distinct (text, product) code and
    # spread back by code: a merge of the two frames and a text per joined row, read three
    # times, were most of this step (:func:`recon.codes.joined_rows`, the merge's order).
    coded = OrphanCodes.of(rows, orphan_v)
    p_at, v_at = coded.seated_pairs()
    if not len(p_at):
        return {}
    width = max(len(coded.vendor_keys), 1)
    distinct, pair_of_row = np.unique(
        coded.psa[PSA_KEY].to_numpy()[p_at] * width + coded.vendor[VENDOR_KEY].to_numpy()[v_at],
        return_inverse=True,
    )
    keys = [
        (coded.psa_keys[code // width], coded.vendor_keys[code % width])
        for code in distinct.tolist()
    ]
    texts = {
        (p, v): compare_product(psa_names[p], v, vendor_names[v], brands)
        for p, v in keys
        if (p, v) not in rejected
    }
    # A text carrying a word only one product the file sells carries ("File Sharing (Egnyte)"
    # beside an unbilled "Egnyte Business", "Kiosk Mailbox" beside "Exchange Online Kiosk")
    # names that product as plainly as a similar name does, however unlike its other words.
    owned = own_words(vendor_names.values())
    for (p, v), found_text in list(texts.items()):
        word = _names_own_word(psa_names[p], vendor_names[v], owned)
        if (
            word is not None
            and found_text.relation is not TierRelation.CONFLICT
            and found_text.score < NAME_ALIKE
        ):
            how = f"names {word!r}, a word only {vendor_names[v]!r} carries in the file"
            texts[(p, v)] = TextMatch(NAME_ALIKE, found_text.relation, how)
    zero = TextMatch(0.0, TierRelation.CONFLICT, "")
    found = [texts.get(key, zero) for key in keys]
    score = np.array(
        [0.0 if t.relation is TierRelation.CONFLICT else t.score for t in found], dtype=np.float64
    )[pair_of_row.reshape(-1)]
    # Every pairing at the client is a rival: the names must settle it on both sides.
    pairs = pd.DataFrame(
        {
            PC: coded.psa[PC].to_numpy()[p_at],
            PSA_KEY: coded.psa[PSA_KEY].to_numpy()[p_at],
            VENDOR_KEY: coded.vendor[VENDOR_KEY].to_numpy()[v_at],
        }
    )
    named = settled_by_names(pairs, np.ones(len(pairs), dtype=bool), score)
    named &= score >= NAME_ALIKE
    if not named.any():
        return {}
    clients_of = dict(zip(coded.psa_keys, coded.clients_of().tolist(), strict=True))
    # The few rows the names settle, with the columns as the frames hold them (grouped
    # below in the order their own types sort in, as the joined frame was).
    at = np.flatnonzero(named)
    chosen = pd.DataFrame(
        {
            PSA_KEY: rows[PSA_KEY].iloc[p_at[at]].array,
            VENDOR_KEY: orphan_v[VENDOR_KEY].iloc[v_at[at]].array,
            PC: coded.clients.take(pa.array(coded.psa[PC].to_numpy()[p_at[at]])).to_pylist(),
        }
    )
    out: dict[str, Verdict] = {}
    for (psa_key, vendor_key), group in chosen.groupby([PSA_KEY, VENDOR_KEY], sort=True):
        clients = clients_of.get(str(psa_key), 0)
        held = tuple(sorted(str(c) for c in group[PC].unique()))
        if len(held) < ASK_COVERAGE_NAMED * clients:
            continue
        support = Support(
            vendor_key=str(vendor_key),
            text=texts[(str(psa_key), str(vendor_key))],
            agree=0,
            near=0,
            seat_counts=0,
            clients=clients,
            held=held,
        )
        known = out.get(str(psa_key))
        if known is None or len(held) > len(known.candidates[0].held):
            out[str(psa_key)] = Verdict(str(psa_key), (support,), None, True)
    return out
