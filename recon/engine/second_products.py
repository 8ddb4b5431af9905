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
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.catalog import TierRelation
from recon.codes import factorize_text
from recon.engine.coincidence import Counts, beside_counts_by_text, beyond_chance, chance_rate
from recon.engine.columns import category_codes, member
from recon.engine.groups import SideGroups
from recon.engine.join import sorted_distinct
from recon.engine.pending import Pending
from recon.engine.question_keys import first_names
from recon.engine.runner_ups import runner_ups
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
from recon.model import QTY_SCALE, G, ProductMethod


def second_products(
    verdicts: Mapping[str, Verdict],
    orphan_p: pd.DataFrame,
    orphan_v: pd.DataFrame,
    sold: pd.DataFrame,
    lines_p: pd.DataFrame | None = None,
    names: tuple[Mapping[str, str], Mapping[str, str]] | None = None,
) -> dict[tuple[str, str], Pending]:
    """Where a text the seats pair with one product bills another at some clients, those
    clients' rows compared as the other, decided: (client, PSA key) -> the other product.

    An MSP may bill two products under one text ("Defender" for Defender for Office 365 at
    most clients and for Defender for Endpoint at others). The seats pair the text with the
    first; the second, alike in name, then agrees exactly at hundreds of clients of its own,
    where the run said "missing in vendor" of the first and "missing in PSA" of the second for
    the same seats. A runner-up that alone agrees exactly at more clients than chance gives
    (:mod:`recon.engine.coincidence`: the rate measured from this text's unrelated products,
    over the clients where the text sits beside it), with a name worth asking about, is
    compared at each client where it alone agrees exactly, and
    where the vendor sells the second there, unbilled, and no first at all (its seats apart:
    one quantity gap on the second, not two statements). Where the text bills both on
    lines of its own at one client, each line is compared as the product its seats say
    (:func:`_split_lines`).

    Args:
        sold: the vendor's rows at matched clients with seats (``pc``, product).
        lines_p: the PSA lines behind ``orphan_p``, one row per line (default: none).
        names: PSA key -> text as written and vendor key -> name; given, a question's
            runner-up at a client of its own is compared there, pending the question
            (:func:`recon.engine.runner_ups.runner_ups`).
    """
    out: dict[tuple[str, str], Pending] = {}
    # The seats' decided readings below win where both speak of one client.
    ups = runner_ups(verdicts, orphan_p, orphan_v, sold, names) if names is not None else {}
    firsts: dict[str, str | None] = {}
    for psa_key, verdict in verdicts.items():
        # The product the text is paired with, or asked about; none when the seats split.
        first = verdict.act or (verdict.candidates[0].vendor_key if verdict.ask else None)
        if any(c.vendor_key != first and _named(c) for c in verdict.candidates):
            firsts[psa_key] = first
    if not firsts:
        return ups
    lines_all = _several(lines_p)
    # A client's lines are split only between two products it buys unbilled (:func:`_split`):
    # the lines at the other clients (most of the 70,000 at 60,000 clients) are never read
    # back one by one, and their unbilled lines are never summed.
    several = _by_text(lines_all.loc[member(lines_all[PC], _two_unbilled(orphan_v))], set(firsts))
    # Only the unbilled lines at clients billing a text asked about on lines of its own are
    # split (summing them at every client billing any text on two lines cost 6 % of the
    # evidence pass at 60,000 clients, for clients no split reads).
    split_at = {pc for seats in several.values() for pc in seats}
    near_v = _sold_at(orphan_v.loc[member(orphan_v[PC], split_at)])
    texts, counts = _texts_and_counts(orphan_p, lines_all, orphan_v, set(firsts))
    for psa_key, first in firsts.items():
        verdict = verdicts[psa_key]
        own = several.get(psa_key)
        by_chance = _Chance.of(counts.get(psa_key), texts.clients(psa_key), verdict, first)
        products = [c for c in verdict.candidates if by_chance.a_product(c)]
        seconds = [c for c in products if c.vendor_key != first]
        keys = {c.vendor_key for c in products} | ({first} if first else set())
        out.update(_per_line(psa_key, verdict, own, near_v, keys))
        if not seconds or (first is None and len(seconds) < 2):
            continue
        rows = texts.rows(psa_key)
        lines = orphan_v.loc[member(orphan_v[VENDOR_KEY], keys), [PC, VENDOR_KEY, QTY_V]]
        # Only where one product alone has the seats: beside the first too, it is the first.
        chosen = _alone_exact(rows, lines)
        # Where the vendor sells only one of them at all, unbilled beside the text, it is what
        # the text bills there, whatever the seats.
        for pc, key in _only_sold(sold, lines, keys).items():
            chosen.setdefault(pc, key)
        by_key = {c.vendor_key: c for c in seconds}
        billed_at = set(rows[PC].astype(str))
        for pc, key in sorted(chosen.items()):
            second = by_key.get(key)
            if second is not None and pc in billed_at and (str(pc), psa_key) not in out:
                how = f"paired at this client on seats: {second.why()}"
                out[(str(pc), psa_key)] = Pending(key, "", second.score, how=how)
    return {**ups, **out}


def _per_line(
    psa_key: str,
    verdict: Verdict,
    own: Mapping[str, list[int]] | None,
    near_v: _Sold,
    keys: set[str],
) -> dict[tuple[str, str], Pending]:
    """The clients where the text bills two products on lines of its own, each line compared
    as the product its seats say (:func:`_split_lines`): two lines agreeing exactly with two
    products whose names are worth asking about is evidence at that client alone; one
    agreeing (a real gap on the other) only between products of the text (``keys``).

    Args:
        own: client -> the seats of the text's lines there (:func:`_by_text`).
    """
    named = {c.vendor_key: c.score for c in verdict.candidates if _named(c)}
    scores = {c.vendor_key: c.score for c in verdict.candidates}
    if not own or len(named.keys() | keys) < 2:
        return {}
    among = named.keys() | keys
    seats = own
    # The text's own products first (a client selling a third candidate too is still split
    # between them), then any two named ones where both agree exactly.
    found = _split(seats, near_v, keys) if len(keys) > 1 else {}
    if among != keys:
        wider = _split(seats, near_v, among)
        found = {**{pc: f for pc, f in wider.items() if f[1] == 2}, **found}
    out: dict[tuple[str, str], Pending] = {}
    for pc, (split, _) in found.items():
        score = min(scores.get(k, 0.0) for _, k in split)
        out[(pc, psa_key)] = Pending(split[0][1], "", score, how=_split_how(split), lines=split)
    return out


#: Candidates a mapped text's second products are read from: all of them.
_EVERY = 1 << 30
#: How a key was mapped when the catalogue's own spelling of it came first.
_ALIAS = "alias set by a person"


def mapped_texts(psa: SideGroups) -> set[str]:
    """PSA product keys a person mapped (a stored alias): sure of the text, not of each client.

    A key the catalogue reads another spelling as ("Microsoft 365 F3" beside the old F1
    name mapped to F3) is mapped all the same."""
    return {key for key, i in psa.products.items() if i.method is ProductMethod.ALIAS} | set(
        psa.mapped
    )


def mapped_seconds(
    rows: pd.DataFrame,
    orphan_v: pd.DataFrame,
    sold: pd.DataFrame,
    psa: SideGroups,
    vendor_names: Mapping[str, str],
    texts: TextScores,
    rejected: frozenset[tuple[str, str]],
    lines_p: pd.DataFrame | None = None,
) -> dict[tuple[str, str], Pending]:
    """Where a text a person mapped to one product bills a second at clients of its own,
    those clients' rows compared as the second, decided: (client, PSA key) -> the second.

    A person's "yes, Defender is Defender for Office 365" is true of the text, not of every
    client: at the clients buying Defender for Endpoint and no Office, the text compared as
    Office said "missing in vendor" of it and "missing in PSA" of Endpoint for the same seats.
    The bars are :func:`second_products`': the second alone has exactly the text's seats at
    more clients than chance gives, with a name worth asking about. Where they are met, it is
    compared at each client where it alone has the text's seats, and at each client where the
    vendor sells it, unbilled, and none of the mapped product: a real difference there is one
    quantity gap on the second, not "missing in vendor" beside "missing in PSA". A client
    where the vendor sells the mapped product at all keeps it (a real gap there stays a gap).

    Args:
        rows: the mapped texts' rows at matched clients (``pc``, ``psa_key``, ``qty_p``).
        sold: the vendor's rows at matched clients with seats (``pc``, product).
        rejected: (PSA key, vendor key) pairs people said are not one product: never a second.
        lines_p: the PSA lines behind ``rows``, one row per line (default: none).
    """
    written = first_names(psa.groups, set(rows[PSA_KEY].astype(str)))
    names = {key: str(written.get(key, i.name)) for key, i in psa.products.items()}
    overruled = _overruled(psa, set(rows[PSA_KEY].astype(str)), vendor_names, texts)
    # The spelling a person mapped, not the catalogue's own spelling of the product.
    names.update(overruled)
    verdicts = weigh(
        rows,
        orphan_v,
        names,
        vendor_names,
        brands=texts.brands,
        rejected=rejected,
        texts=texts,
        overruled=frozenset(overruled),
        # Every product the seats back: a second the text's tier words once kept out scores
        # nothing by name and ranks below look-alike names with no seats behind them.
        shown=_EVERY,
    )
    out: dict[tuple[str, str], Pending] = {}
    lines_all = _several(lines_p)
    several = _by_text(lines_all, set(verdicts))
    by_text, counts = _texts_and_counts(rows, lines_all, orphan_v, set(verdicts))
    for psa_key, verdict in verdicts.items():
        text = by_text.rows(psa_key)
        own = several.get(psa_key)
        # The mapped product is sold where the text is billed: a second is what the text
        # bills at fewer clients than that, never the text's main product (a person's
        # answer wins over seats that say the whole text is another product).
        keeps = set(sold.loc[sold[G.PRODUCT] == psa_key, PC].astype(str))
        mapped_at = len(keeps & set(text[PC].astype(str)))
        clients = by_text.clients(psa_key)
        if psa_key in overruled:
            # The person's answer stands where the mapped product is sold: the second's
            # share is of the other clients (two editions at about half the clients each).
            clients = max(clients - mapped_at, 1)
        by_chance = _Chance.of(counts.get(psa_key), clients, verdict, psa_key)
        seconds = {
            c.vendor_key: c
            for c in verdict.candidates
            if c.vendor_key != psa_key
            and by_chance.a_product(c)
            and by_chance.alone.get(c.vendor_key, 0) < mapped_at
        }
        if not seconds:
            continue
        lines = orphan_v.loc[
            member(orphan_v[VENDOR_KEY], {c.vendor_key for c in verdict.candidates}),
            [PC, VENDOR_KEY, QTY_V],
        ]
        identity = psa.products[psa_key]
        exact = _alone_exact(text, lines)
        only = _only_sold(sold, lines, set(seconds) | {psa_key})
        mine = sold.loc[sold[G.PRODUCT] == psa_key, [PC, G.PRODUCT, G.QTY]]
        mine = mine.set_axis([PC, VENDOR_KEY, QTY_V], axis=1)
        settled: set[str] = set()
        if psa_key in overruled:
            # A distributor's client often buys both editions: where the second alone has
            # the text's seats, not the mapped one, the seats say which (as the question did).
            found = _alone_exact(text, pd.concat([mine, lines]))
            settled = {pc for pc, key in found.items() if key != psa_key}
        for pc, key in sorted({**only, **exact}.items()):
            second = seconds.get(key)
            if second is None or (pc in keeps and pc not in settled):
                continue
            how = (
                f"billed as {names[psa_key]!r} (mapped to {identity.name} by an "
                f"{_ALIAS if identity.method is not ProductMethod.ALIAS else identity.detail}); "
                f"compared here as {vendor_names.get(key, key)}: the seats "
                f"agree exactly at {by_chance.alone.get(key, 0)} clients"
            )
            if pc not in exact:
                how += f", and the vendor sells only {vendor_names.get(key, key)} here"
            out[(pc, psa_key)] = Pending(key, "", second.score, how=how)
        # The mapped product billed beside a second on lines of the text's own at a client.
        both = pd.concat([mine, lines.loc[member(lines[VENDOR_KEY], set(seconds))]])
        score = min(c.score for c in seconds.values())
        split_at = _split(own, _sold_at(both), {psa_key, *seconds}) if own else {}
        for pc, (split, _) in split_at.items():
            how = f"billed as {names[psa_key]!r}; " + _split_how(split, vendor_names)
            out[(pc, psa_key)] = Pending(split[0][1], "", score, how=how, lines=split)
    return out


def _overruled(
    psa: SideGroups, keys: set[str], vendor_names: Mapping[str, str], texts: TextScores
) -> dict[str, str]:
    """Mapped keys a text's own tier words contradict ("Microsoft 365 F1" mapped to F3, as
    the seats asked): a person set those words aside, so they keep no second product out.

    The seats that asked the question showed the old name billing two editions, each at
    clients of its own; the "yes" is to the first, and the second's tier words conflict
    with the text just as the first's did. The bars on the seats alone
    (:meth:`_Chance.a_product`) still apply. Every spelling of the key is looked at: the
    catalogue's own spellings of the mapped product share the key.

    Returns:
        Mapped key -> the spelling whose tier words the person overruled.
    """
    rows = psa.groups.loc[member(psa.groups[G.PRODUCT], keys), [G.PRODUCT, G.PRODUCT_NAME]]
    out: dict[str, str] = {}
    for key, text in rows.drop_duplicates().itertuples(index=False):
        name = vendor_names.get(str(key), psa.products[str(key)].name)
        if texts.of(str(text), str(key), name).relation is TierRelation.CONFLICT:
            out.setdefault(str(key), str(text))
    return out


#: A client's lines of one text are read one by one up to this many (2^n splits each).
MAX_LINES = 6


def _several(lines_p: pd.DataFrame | None) -> pd.DataFrame:
    """The lines (``pc``, PSA key, seats) at clients billing a text on two lines or more."""
    if lines_p is None or lines_p.empty:
        return pd.DataFrame({PC: [], PSA_KEY: [], QTY_P: []}, dtype=object)
    several = lines_p.loc[lines_p.duplicated([PC, PSA_KEY], keep=False), [PC, PSA_KEY, QTY_P]]
    # Categoricals stay as they are: the counts read their codes (:func:`_stacked`) and only
    # the few texts asked about become Python strings (:func:`_by_text`). Made text here,
    # every line was converted and then looked up again as a code (a tenth of this pass at
    # 60,000 clients).
    return several


def _two_unbilled(orphan_v: pd.DataFrame) -> set[str]:
    """The clients where ``orphan_v`` (``pc``, vendor key) holds two vendor products or more,
    counted on codes: a Python string only for each such client."""
    pc_codes, clients = pd.factorize(orphan_v[PC], sort=False)
    key_codes, products = pd.factorize(orphan_v[VENDOR_KEY], sort=False)
    known = (pc_codes >= 0) & (key_codes >= 0)  # a missing cell is no client's product
    pairs = sorted_distinct(
        pc_codes[known].astype(np.int64) * max(len(products), 1) + key_codes[known]
    )
    per_client = np.bincount(pairs // max(len(products), 1), minlength=len(clients))
    two = np.flatnonzero(per_client >= 2)
    return {str(c) for c in np.asarray(clients, dtype=object)[two].tolist()}


def _by_text(several: pd.DataFrame, keys: set[str]) -> dict[str, dict[str, list[int]]]:
    """PSA key of ``keys`` -> client -> the seats of its lines there, in order, at clients
    billing it on two lines or more (:func:`_seats_at` of each text's lines).

    One pass over the rows of those texts: a frame cut per text by a grouping, then read
    back row by row, cost several times more at 60,000 clients.
    """
    several = several.loc[member(several[PSA_KEY], keys)]
    # Python strings (a categorical's are taken from its categories, not converted cell by
    # cell): the lines are read back one by one, where Arrow text costs a call per cell.
    several = several.astype({PC: object, PSA_KEY: object})
    out: dict[str, dict[str, list[int]]] = {}
    for key, pc, q in zip(
        several[PSA_KEY].tolist(), several[PC].tolist(), several[QTY_P].tolist(), strict=True
    ):
        out.setdefault(str(key), {}).setdefault(str(pc), []).append(int(q))
    return out


@dataclass(frozen=True, slots=True)
class _Texts:
    """The rows (``pc``, seats) of some texts, each text's cut out only when read."""

    rows_of: pd.DataFrame
    at: Mapping[str, npt.NDArray[np.intp]]
    #: Each row's client as a code (-1: missing), to count a text's clients with no frame cut.
    client_codes: npt.NDArray[np.intp]

    def rows(self, key: str) -> pd.DataFrame:
        """The text's rows, in file order (none: an empty frame)."""
        return self.rows_of.iloc[self.at.get(key, np.empty(0, dtype=np.intp))]

    def clients(self, key: str) -> int:
        """How many clients bill the text (a missing client counts none, as ``nunique``)."""
        codes = self.client_codes[self.at.get(key, np.empty(0, dtype=np.intp))]
        return int(sorted_distinct(codes[codes >= 0]).size)


def _texts_and_counts(
    rows: pd.DataFrame, several: pd.DataFrame, orphan_v: pd.DataFrame, keys: set[str]
) -> tuple[_Texts, dict[str, tuple[Counts, Counts, Counts]]]:
    """Each text of ``keys``: its rows (``pc``, seats) and its counts beside the unbilled
    lines (:func:`recon.engine.coincidence.beside_counts_by_text`), each of a client's lines
    of the text (``several``) weighed beside their sum; every text in one pass, not a pass
    over every row per text."""
    mine = rows.loc[member(rows[PSA_KEY], keys), [PC, QTY_P, PSA_KEY]]
    texts = _Texts(mine[[PC, QTY_P]], _positions(mine[PSA_KEY]), factorize_text(mine[PC])[0])
    own = several.loc[member(several[PSA_KEY], keys), [PC, QTY_P, PSA_KEY]]
    # The columns go as they are (the counts code them): no text conversion of every row.
    every = mine if own.empty else _stacked(mine, own)
    return texts, beside_counts_by_text(every, orphan_v[[PC, VENDOR_KEY, QTY_V]], PSA_KEY)


def _stacked(mine: pd.DataFrame, own: pd.DataFrame) -> pd.DataFrame:
    """``mine``'s rows then ``own``'s (client, seats, text), for counting.

    Where ``mine`` holds its clients and texts as categoricals and every cell of ``own`` is
    one of their categories (its lines are the same PSA groups'), ``own`` takes those
    categories: the counts read codes, never a text per row (240,000 rows at 60,000
    clients, hashed as Python text, were a third of the counting). Otherwise both as text,
    as before.
    """
    shared: dict[str, pd.Series] = {}
    for column in (PC, PSA_KEY):
        dtype = mine[column].dtype
        if not isinstance(dtype, pd.CategoricalDtype):
            break
        if _same_categories(own[column].dtype, dtype):
            shared[column] = own[column]  # the same PSA groups' categories: codes as they are
            continue
        codes = category_codes(own[column], dtype.categories)
        if codes is None or (codes < 0).any():
            break
        coded = pd.Categorical.from_codes(codes, dtype=dtype, validate=False)
        shared[column] = pd.Series(coded, index=own.index)
    else:
        return pd.concat([mine, own.assign(**shared)], ignore_index=True)
    return pd.concat([mine.astype({PC: object, PSA_KEY: object}), own], ignore_index=True)


def _same_categories(own: object, dtype: pd.CategoricalDtype) -> bool:
    """True when ``own`` is a categorical dtype with ``dtype``'s categories in the same order
    (unordered dtypes compare equal in any order: their codes would not)."""
    return (
        isinstance(own, pd.CategoricalDtype)
        and own.ordered == dtype.ordered
        and (own.categories is dtype.categories or own.categories.equals(dtype.categories))
    )


def _positions(column: pd.Series) -> dict[str, npt.NDArray[np.intp]]:
    """Text -> the positions of its cells, ascending (a missing cell is no text's): grouped
    on the column's codes, with no text made per cell."""
    codes, uniques = pd.factorize(column, sort=False)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1)).tolist()
    names = np.asarray(uniques, dtype=object).tolist()
    return {str(n): order[bounds[i] : bounds[i + 1]] for i, n in enumerate(names)}


def _split_lines(own: pd.DataFrame | None, lines: pd.DataFrame, keys: set[str]) -> _Splits:
    """Client -> per line of the text (seats, product) and how many products agree, where
    the text bills two lines or more there and the vendor sells exactly two of ``keys``
    (``lines``: ``pc``, vendor key, seats): the one split of the lines between the two
    whose sums agree with the most of them ("Microsoft 365 Plan" 24 and 54 beside Business
    Premium 24 and Standard 54). One product agreeing exactly and the other not is one real
    gap, on the other; two splits as good (or none agreeing at all) leave the client as it
    was.
    """
    if own is None or own.empty:
        return {}
    return _split(_seats_at(own), _sold_at(lines), keys)


#: (client) -> per line of the text (seats, product), and how many products agree.
_Splits = dict[str, tuple[tuple[tuple[int, str], ...], int]]
#: client -> vendor key -> seats summed over its lines (keys in order).
_Sold = dict[str, dict[str, int]]


def _seats_at(own: pd.DataFrame) -> dict[str, list[int]]:
    """Client -> the seats of the text's lines there (``own``: ``pc``, seats), in order."""
    out: dict[str, list[int]] = {}
    for pc, q in zip(own[PC].tolist(), own[QTY_P].tolist(), strict=True):
        out.setdefault(str(pc), []).append(int(q))
    return out


def _sold_at(lines: pd.DataFrame) -> _Sold:
    """The seats of ``lines`` (``pc``, vendor key, seats) per client and product, summed once
    for every text and set of products split at those clients.

    Summed on codes (a categorical's own; no text made per row, no sort of the text): which
    product comes first at a client does not matter to :func:`_split`, which weighs every
    division of the lines both ways.
    """
    pc_codes, clients = pd.factorize(lines[PC], sort=False)
    key_codes, products = pd.factorize(lines[VENDOR_KEY], sort=False)
    known = (pc_codes >= 0) & (key_codes >= 0)  # a missing cell is no group's, as grouping
    width = max(len(products), 1)
    joint = pc_codes[known].astype(np.int64) * width + key_codes[known]
    found, pairs = pd.factorize(joint, sort=False)
    total = np.zeros(len(pairs), dtype=np.int64)
    np.add.at(total, found, lines[QTY_V].to_numpy(dtype=np.int64)[known])
    client_text = [str(c) for c in np.asarray(clients, dtype=object).tolist()]
    product_text = [str(k) for k in np.asarray(products, dtype=object).tolist()]
    out: _Sold = {}
    for pair, qty in zip(pairs.tolist(), total.tolist(), strict=True):
        pc, key = divmod(pair, width)
        out.setdefault(client_text[pc], {})[product_text[key]] = qty
    return out


def _split(seats_at: Mapping[str, list[int]], sold: _Sold, keys: set[str]) -> _Splits:
    """:func:`_split_lines` on the text's seats per client and the vendor's per product."""
    found: _Splits = {}
    # Only clients selling exactly two of ``keys`` are read (a few hundred of 20,000), and
    # the set intersection is made in C before any of a client's products is looked at.
    for pc, qty in seats_at.items():
        products = sold.get(pc)
        if len(qty) > MAX_LINES or products is None or len(products.keys() & keys) != 2:
            continue
        two = [(key, n) for key, n in products.items() if key in keys]
        split = _best_split(qty, two[0], two[1])
        if split is not None:
            found[pc] = split
    return {str(pc): found[pc] for pc in sorted(found)}


def _best_split(
    qty: list[int], first: tuple[str, int], second: tuple[str, int]
) -> tuple[tuple[tuple[int, str], ...], int] | None:
    """The one division of a client's lines between two products whose sums agree with the
    most of them, and how many agree; None when none agrees or two divisions are as good.

    Every division's sum is made from a smaller one's (one addition each) and only the
    divisions that agree best are written out: writing out all of them, up to 62 per client,
    was most of the pass.
    """
    (a, qa), (b, qb) = first, second
    count = len(qty)
    if count < 2:
        return None
    total = sum(qty)
    # sums[mask]: the seats of the lines ``mask`` puts on ``a`` (its lowest line plus the rest).
    sums = [0] * (1 << count)
    for mask in range(1, 1 << count):
        low = mask & -mask
        sums[mask] = sums[mask ^ low] + qty[low.bit_length() - 1]
    masks = range(1, (1 << count) - 1)
    hits = [(sums[m] == qa) + (total - sums[m] == qb) for m in masks]
    best = max(hits)
    if not best:
        return None
    ways = set()
    for mask, hit in zip(masks, hits, strict=True):
        if hit == best:
            on_a = [q for i, q in enumerate(qty) if mask >> i & 1]
            on_b = [q for i, q in enumerate(qty) if not mask >> i & 1]
            ways.add(tuple(sorted([*((q, a) for q in on_a), *((q, b) for q in on_b)])))
            if len(ways) > 1:
                return None
    return ways.pop(), best


def _split_how(split: tuple[tuple[int, str], ...], names: Mapping[str, str] | None = None) -> str:
    """The lines of a text read as two products at one client, in words."""
    shown = ", ".join(f"{q / QTY_SCALE:g} seat(s) as {(names or {}).get(k, k)}" for q, k in split)
    return f"the text bills two products on lines of its own here; by the seats: {shown}"


def _only_sold(sold: pd.DataFrame, lines: pd.DataFrame, keys: set[str]) -> dict[str, str]:
    """Client -> the one product of ``keys`` the vendor sells there (``sold``: ``pc``,
    product), where that product's line is unbilled (in ``lines``: ``pc``, vendor key)."""
    at = sold.loc[member(sold[G.PRODUCT], keys), [PC, G.PRODUCT]].astype(str)
    single = at.drop_duplicates().groupby(PC, sort=False)[G.PRODUCT].agg(["size", "first"])
    unbilled = set(zip(lines[PC].astype(str), lines[VENDOR_KEY].astype(str), strict=True))
    return {
        str(pc): str(key)
        for pc, key in single.loc[single["size"] == 1, "first"].items()
        if (str(pc), key) in unbilled
    }


def _alone_exact(rows: pd.DataFrame, lines: pd.DataFrame) -> dict[str, str]:
    """Client -> the one vendor product of ``lines`` (``pc``, vendor key, seats) whose seats
    equal the text's there (``rows``: ``pc``, seats); a client where two do is left out."""
    equal = rows.merge(lines, on=PC)
    equal = equal.loc[equal[QTY_P] == equal[QTY_V]]
    alone = equal.groupby(PC, sort=False)[VENDOR_KEY].agg(["nunique", "first"])
    return {str(pc): str(key) for pc, key in alone.loc[alone["nunique"] == 1, "first"].items()}


def _named(support: Support) -> bool:
    """True when the name is worth asking about and no tier conflict keeps them apart."""
    return support.text.relation is not TierRelation.CONFLICT and support.text.score >= ASK_TEXT


@dataclass(frozen=True, slots=True)
class _Chance:
    """The text's exact agreements per vendor product, and the rate chance gives them.

    Attributes:
        beside: vendor key -> clients where the text sits beside an unbilled line of it.
        alone: vendor key -> clients where its seats alone equal the text's.
        clients: clients billing the text (at matched clients).
        rate: how often the text's seats alone equal an unrelated product's
            (:func:`recon.engine.coincidence.chance_rate`).
    """

    beside: Mapping[str, int]
    alone: Mapping[str, int]
    clients: int
    rate: float

    @classmethod
    def of(
        cls,
        counts: tuple[Counts, Counts, Counts] | None,
        clients: int,
        verdict: Verdict,
        first: str | None,
    ) -> _Chance:
        """From the text's counts over every unbilled vendor line at the clients billing it
        (:func:`_texts_and_counts`; none beside any line): the products whose names are worth
        asking about (and ``first``) are the related ones."""
        beside, equal, alone = counts or ({}, {}, {})
        related = {c.vendor_key for c in verdict.candidates if c.text.score >= ASK_TEXT}
        rate = chance_rate(beside, equal, related | ({first} if first else set()))
        return cls(beside, alone, clients, rate)

    def a_product(self, support: Support) -> bool:
        """True when the seats show the text billing this product at clients of its own:
        alone agreeing exactly at more clients than chance gives among those where the text
        sits beside it (:func:`recon.engine.coincidence.beyond_chance`), with a name worth
        asking about, or at :data:`SCALE_SHARE` of the text's clients on the seats alone;
        never across a tier conflict."""
        if support.text.relation is TierRelation.CONFLICT:
            return False
        agree = self.alone.get(support.vendor_key, 0)
        if not beyond_chance(agree, self.beside.get(support.vendor_key, 0), self.rate):
            return False
        share = agree / self.clients if self.clients else 0.0
        return share >= SCALE_SHARE or support.text.score >= ASK_TEXT
