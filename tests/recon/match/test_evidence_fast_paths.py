"""The evidence pass on integer codes gives the answers of the text-keyed pass it replaced.

``recon.match.product_evidence.weigh`` and the shortfall and per-client sums of
``recon.engine.questions`` were rewritten to work on client and product codes. Each is held
here, on random samples with ties, near seats, repeated rows and names that sort differently
as text than as codes, to a copy of the code it replaced (kept below as the oracle).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest

from recon.catalog import TierRelation
from recon.catalog.text import TextMatch, compare_product
from recon.engine.question_keys import TARGET, RowKeys, per_client, residual_seats
from recon.match import seat_lines
from recon.match.product_evidence import (
    ASK_COVERAGE,
    ASK_COVERAGE_NAMED,
    ASK_TEXT,
    NAME_MARGIN,
    NEAR_SEATS,
    NEAR_SHARE,
    PC,
    PSA_KEY,
    QTY_P,
    QTY_V,
    VENDOR_KEY,
    Support,
    TextScores,
    Verdict,
    _strong,
    weigh,
)
from recon.model import QTY_SCALE, G

_SHOWN = 5

# Client names whose code-point order differs from the order they first appear in.
CLIENTS = [
    "zeta holdings",
    "Alpha llc",
    "alpha llc",
    "\u00c4pfel gmbh",
    "beta inc",
    "stra\u00dfe ag",
    "delta",
    "echo co",
    "Echo co",
    "foxtrot",
    "golf 2",
    "golf 10",
    "hotel",
    "india",
    "juliet",
    "kilo",
    "lima",
    "mike",
    "\u00e9clair sarl",
    "oscar",
    "papa",
    "quebec",
    "romeo",
    "sierra",
]
PSA_NAMES = {
    "name:m365 bp": "M365 BP per user",
    "name:exo p1": "EXO Plan 1",
    "name:teams phone": "Teams Phone /user",
    "name:antivirus": "Antivirus seat",
    "name:defender p1": "Defender P1",
    "name:managed services": "Managed Services per user",
}
VENDOR_NAMES = {
    "cat:ms-m365-business-premium": "Microsoft 365 Business Premium",
    "cat:ms-exchange-online-p1": "Exchange Online (Plan 1)",
    "cat:ms-exchange-online-p2": "Exchange Online (Plan 2)",
    "cat:ms-teams-phone-standard": "Microsoft Teams Phone Standard",
    "cat:ms-defender-endpoint-p2": "Microsoft Defender for Endpoint P2",
    "name:webroot endpoint": "Webroot Endpoint Protection",
}
SEATS = [1, 2, 3, 5, 8, 10, 27, 40]
SAMPLES = range(30)


def _orphans(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Random orphan frames shaped as the evidence pass builds them (PSA keys categorical,
    vendor clients Arrow text), with equal seats on several lines of one client."""
    rng = np.random.default_rng(seed)
    p_rows: list[tuple[str, str, int]] = []
    v_rows: list[tuple[str, str, int]] = []
    for client in CLIENTS:
        seats = int(rng.choice(SEATS))
        if rng.random() < 0.5:  # one product under two names, at half the clients
            own = int(rng.choice(SEATS)) * QTY_SCALE
            p_rows.append((client, "name:m365 bp", own))
            v_rows.append((client, "cat:ms-m365-business-premium", own))
        for key in rng.choice(list(PSA_NAMES)[1:], size=int(rng.integers(0, 4)), replace=False):
            qty = seats if rng.random() < 0.6 else int(rng.choice(SEATS))
            p_rows.append((client, str(key), qty * QTY_SCALE))
        for key in rng.choice(list(VENDOR_NAMES)[1:], size=int(rng.integers(0, 4)), replace=False):
            qty = seats if rng.random() < 0.6 else int(rng.choice(SEATS))
            v_rows.append((client, str(key), qty * QTY_SCALE + int(rng.integers(0, 2)) * 500))
    if v_rows and rng.random() < 0.5:
        v_rows.append(v_rows[0])  # a repeated line (two tenants of one PSA client)
    psa = pd.DataFrame(p_rows, columns=[PC, PSA_KEY, QTY_P]).astype(
        {PC: "category", PSA_KEY: "category"}
    )
    vendor = pd.DataFrame(v_rows, columns=[PC, VENDOR_KEY, QTY_V]).astype(
        {PC: "str", VENDOR_KEY: "category"}
    )
    return psa, vendor


@pytest.mark.parametrize("seed", SAMPLES)
def test_weigh_on_codes_gives_the_text_keyed_verdicts(seed: int) -> None:
    psa, vendor = _orphans(seed)
    rejected = frozenset({("name:antivirus", "name:webroot endpoint")}) if seed % 3 else frozenset()
    texts = TextScores()
    # The text-keyed copy predates seats far apart (tests/recon/test_seats_apart.py) and
    # product lines (tests/recon/test_line_conflicts.py): the codes are held to it with
    # those rules off.
    got = weigh(
        psa,
        vendor,
        PSA_NAMES,
        VENDOR_NAMES,
        rejected=rejected,
        texts=texts,
        apart=False,
        lines=False,
    )
    want = _old_weigh(psa, vendor, PSA_NAMES, VENDOR_NAMES, rejected=rejected)
    assert got == want
    assert list(got) == list(want)


def test_the_samples_reach_every_tie_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """The samples above are only worth their name if names break ties and leave lines over
    at some clients, and the verdicts both act and ask."""
    reached: dict[str, int] = {"named": 0, "left over": 0}
    named, left_over = seat_lines._named_among_equals, seat_lines._left_over

    def counted_named(*args: Any) -> Any:
        out = named(*args)
        reached["named"] += int(out.sum())
        return out

    def counted_left_over(*args: Any) -> Any:
        out = left_over(*args)
        reached["left over"] += int(out.sum())
        return out

    monkeypatch.setattr(seat_lines, "_named_among_equals", counted_named)
    monkeypatch.setattr(seat_lines, "_left_over", counted_left_over)
    verdicts = [
        verdict
        for seed in SAMPLES
        for verdict in weigh(*_orphans(seed), PSA_NAMES, VENDOR_NAMES).values()
    ]
    assert any(v.act for v in verdicts)
    assert any(v.ask for v in verdicts)
    assert any(s.near for v in verdicts for s in v.candidates)
    assert reached["named"] and reached["left over"]


def test_text_scores_are_the_names_comparison_kept_once() -> None:
    brands = frozenset({("webroot",)})
    texts = TextScores(brands)
    first = texts.of("Antivirus seat", "name:webroot endpoint", "Webroot Endpoint Protection")
    assert first == compare_product(
        "Antivirus seat", "name:webroot endpoint", "Webroot Endpoint Protection", brands
    )
    assert (
        texts.of("Antivirus seat", "name:webroot endpoint", "Webroot Endpoint Protection") is first
    )


def _sides(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Vendor rows by PSA client and PSA rows with their targets, with repeated keys."""
    rng = np.random.default_rng(seed)
    products = list(VENDOR_NAMES)
    v_rows = [
        (str(rng.choice(CLIENTS)), str(rng.choice(products)), int(rng.choice(SEATS)) * QTY_SCALE)
        for _ in range(60)
    ]
    p_rows = [
        (c, t, str(rng.choice(list(PSA_NAMES))), int(rng.choice(SEATS)) * QTY_SCALE)
        for c, t in ((str(rng.choice(CLIENTS)), str(rng.choice(products))) for _ in range(50))
    ]
    v = pd.DataFrame(v_rows, columns=[PC, G.PRODUCT, G.QTY]).astype(
        {PC: "str", G.PRODUCT: "category"}
    )
    p_all = pd.DataFrame(p_rows, columns=[G.CLIENT, TARGET, G.PRODUCT, G.QTY]).astype(
        {G.CLIENT: "category", TARGET: "str", G.PRODUCT: "category"}
    )
    return v, p_all


@pytest.mark.parametrize("seed", range(20))
def test_shortfall_on_codes_is_the_text_keyed_shortfall(seed: int) -> None:
    v, p_all = _sides(seed)
    keys = RowKeys.of(v, p_all)
    got = residual_seats(v, keys.vendor, keys.target, p_all[G.QTY].to_numpy())
    want = _old_residual(v, p_all)
    assert got.astype(str).values.tolist() == want.astype(str).values.tolist()


@pytest.mark.parametrize("seed", range(20))
def test_per_client_sums_on_codes_are_the_grouped_sums(seed: int) -> None:
    v, p_all = _sides(seed)
    keys = RowKeys.of(v, p_all)
    rows = pd.DataFrame({PC: v[PC], VENDOR_KEY: v[G.PRODUCT], QTY_V: v[G.QTY]})
    got = per_client(rows, keys.vendor)
    want = _old_per_client(rows)
    assert got.astype(str).values.tolist() == want.astype(str).values.tolist()


# --- the oracle: the text-keyed pass as it was before the integer codes ----------------------


def _old_weigh(
    psa_orphans: pd.DataFrame,
    vendor_orphans: pd.DataFrame,
    psa_names: Mapping[str, str],
    vendor_names: Mapping[str, str],
    *,
    brands: frozenset[tuple[str, ...]] = frozenset(),
    rejected: frozenset[tuple[str, str]] = frozenset(),
) -> dict[str, Verdict]:
    """Weigh the seats at each client for every PSA product the vendor file does not carry.

    Args:
        psa_orphans: PSA rows at matched clients whose product the vendor file lacks; columns
            ``pc`` (client), ``psa_key`` and ``qty_p`` (milli-seats).
        vendor_orphans: vendor rows at matched clients that no PSA line bills; columns ``pc``,
            ``vendor_key`` and ``qty_v``.
        psa_names: PSA key -> product text as written.
        vendor_names: vendor key -> product name.
        brands: brand words to disregard when comparing names.
        rejected: (PSA key, vendor key) pairs people said are not one product: never weighed.

    Returns:
        PSA key -> verdict, for PSA products with at least one plausible pairing.
    """
    if psa_orphans.empty or vendor_orphans.empty:
        return {}
    clients_of = psa_orphans.groupby(PSA_KEY, sort=False)[PC].nunique()
    pairs = psa_orphans.merge(vendor_orphans, on=PC, how="inner")
    if pairs.empty:
        return {}
    qp = pairs[QTY_P].to_numpy(dtype=np.int64)
    qv = pairs[QTY_V].to_numpy(dtype=np.int64)
    slack = np.maximum(NEAR_SEATS * QTY_SCALE, (NEAR_SHARE * np.maximum(qp, qv)).astype(np.int64))
    plausible = (qp > 0) & (qv > 0) & (np.abs(qp - qv) <= slack)
    pairs = pairs.loc[plausible].reset_index(drop=True)
    if pairs.empty:
        return {}
    # Names are compared once per distinct (PSA product, vendor product), then spread by code.
    pair_codes, pair_keys = _old_pair_codes(pairs)
    texts = {
        (p, v): compare_product(psa_names[p], v, vendor_names[v], brands) for p, v in pair_keys
    }
    conflict = np.array(
        [texts[key].relation is TierRelation.CONFLICT or key in rejected for key in pair_keys],
        dtype=bool,
    )[pair_codes]
    kept_codes = pair_codes[~conflict]
    pairs = pairs.loc[~conflict].reset_index(drop=True)
    if pairs.empty:
        return {}
    text_scores = np.array([texts[key].score for key in pair_keys], dtype=np.float64)
    explained, agree = _old_explained(pairs, text_scores[kept_codes])
    pairs = pairs.assign(explained=explained, agree=agree & explained)
    return _old_verdicts(pairs, texts, clients_of)


def _old_pair_codes(pairs: pd.DataFrame) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """A code per row for its (PSA key, vendor key), and the distinct pairs in first-seen order."""
    psa_codes, psa_keys = pd.factorize(pairs[PSA_KEY], sort=False)
    vendor_codes, vendor_keys = pd.factorize(pairs[VENDOR_KEY], sort=False)
    width = max(len(vendor_keys), 1)
    codes, uniques = pd.factorize(psa_codes.astype(np.int64) * width + vendor_codes, sort=False)
    keys = [(str(psa_keys[u // width]), str(vendor_keys[u % width])) for u in uniques.tolist()]
    return codes, keys


def _old_held(pairs: pd.DataFrame) -> dict[tuple[str, str], tuple[str, ...]]:
    """(PSA key, vendor key) -> the clients where the pair sits, sorted, once each."""
    rows = pairs[[PSA_KEY, VENDOR_KEY, PC]].drop_duplicates()
    rows = rows.sort_values([PSA_KEY, VENDOR_KEY, PC], kind="stable")
    psa, vendor, clients = (rows[c].to_numpy(dtype=object) for c in (PSA_KEY, VENDOR_KEY, PC))
    if not len(rows):
        return {}
    starts = np.flatnonzero(
        np.concatenate(([True], (psa[1:] != psa[:-1]) | (vendor[1:] != vendor[:-1])))
    )
    ends = np.append(starts[1:], len(rows))
    return {
        (str(psa[s]), str(vendor[s])): tuple(str(c) for c in clients[s:e])
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True)
    }


def _old_explained(
    pairs: pd.DataFrame, text: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Which rows no other pairing at the same client explains, and which agree exactly.

    A row is explained when it is the only plausible pairing of its PSA line and of its vendor
    line at that client, or failing that the only one whose seats agree exactly on both sides,
    or failing that (seats agreeing exactly with more than one line) the one whose names are
    alike by :data:`NAME_MARGIN` more than any rival of either line at that client: two PSA
    lines of 27 seats beside two unbilled vendor lines of 27 are told apart by their names
    ("Teams Phone /user" is the Teams Phone licence, not the antivirus).

    Args:
        pairs: the plausible (client, PSA product, vendor product) rows.
        text: each row's name score (default: names break no tie).
    """
    agree = (pairs[QTY_P] == pairs[QTY_V]).to_numpy()
    per_psa = pairs.groupby([PC, PSA_KEY], sort=False)[VENDOR_KEY].transform("size").to_numpy()
    per_vendor = pairs.groupby([PC, VENDOR_KEY], sort=False)[PSA_KEY].transform("size").to_numpy()
    unique = (per_psa == 1) & (per_vendor == 1)
    exact = pairs.loc[agree]
    explained = unique.copy()
    if not exact.empty:
        agree_psa = exact.groupby([PC, PSA_KEY], sort=False)[VENDOR_KEY].transform("size")
        agree_vendor = exact.groupby([PC, VENDOR_KEY], sort=False)[PSA_KEY].transform("size")
        unique_agree = np.zeros(len(pairs), dtype=bool)
        unique_agree[exact.index.to_numpy()] = (agree_psa.to_numpy() == 1) & (
            agree_vendor.to_numpy() == 1
        )
        explained |= unique_agree
        if text is not None:
            tied = agree & ~explained
            named = _old_named_among_equals(pairs, tied, text)
            explained |= named | _old_left_over(pairs, tied, named)
    if text is not None:
        # Near seats settled by names among the lines no row explains yet.
        rest = ~explained
        for side in (PSA_KEY, VENDOR_KEY):
            used = pd.MultiIndex.from_frame(pairs.loc[explained, [PC, side]])
            rest &= ~pd.MultiIndex.from_frame(pairs[[PC, side]]).isin(used)
        if rest.any():
            explained |= _old_named_among_equals(pairs, rest, text) & ~agree
    return explained, agree


def _old_named_among_equals(
    pairs: pd.DataFrame, tied: np.ndarray, text: np.ndarray
) -> npt.NDArray[np.bool_]:
    """Rows whose equal seats tie with others at the client but whose names settle it.

    Among the exactly agreeing rows of one PSA line at one client, and of one vendor line, the
    row must score best by name and every rival of either line at least :data:`NAME_MARGIN`
    lower; the name must also be worth showing (:data:`ASK_TEXT`).
    """
    out = np.zeros(len(pairs), dtype=bool)
    if not tied.any():
        return out
    rows = pairs.loc[tied, [PC, PSA_KEY, VENDOR_KEY]].assign(score=text[tied])
    clear = rows["score"].to_numpy() >= ASK_TEXT
    for side in (PSA_KEY, VENDOR_KEY):
        by_line = rows.groupby([PC, side], sort=False)["score"]
        top = by_line.transform("max").to_numpy()
        scores = rows["score"].to_numpy()
        close = pd.Series(scores > top - NAME_MARGIN, index=rows.index)
        rivals = close.groupby([rows[PC], rows[side]], sort=False).transform("sum").to_numpy()
        clear &= (scores == top) & (rivals == 1)
    out[rows.index.to_numpy()[clear]] = True
    return out


def _old_left_over(
    pairs: pd.DataFrame, tied: npt.NDArray[np.bool_], named: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """Tied rows left the only pairing of both their lines once the names settled the others."""
    out = np.zeros(len(pairs), dtype=bool)
    if not named.any():
        return out
    taken = pairs.loc[named]
    rest = tied & ~named
    for side in (PSA_KEY, VENDOR_KEY):
        used = pd.MultiIndex.from_frame(taken[[PC, side]])
        rest &= ~pd.MultiIndex.from_frame(pairs[[PC, side]]).isin(used)
    if not rest.any():
        return out
    rows = pairs.loc[rest]
    per_psa = rows.groupby([PC, PSA_KEY], sort=False)[VENDOR_KEY].transform("size").to_numpy()
    per_vendor = rows.groupby([PC, VENDOR_KEY], sort=False)[PSA_KEY].transform("size").to_numpy()
    out[rows.index.to_numpy()[(per_psa == 1) & (per_vendor == 1)]] = True
    return out


def _old_verdicts(
    pairs: pd.DataFrame,
    texts: Mapping[tuple[str, str], TextMatch],
    clients_of: pd.Series,
) -> dict[str, Verdict]:
    near = pairs["explained"] & ~pairs["agree"]
    stats = (
        pairs.assign(near=near, agree_qty=pairs[QTY_P].where(pairs["agree"]))
        .groupby([PSA_KEY, VENDOR_KEY], sort=False)
        .agg(
            agree=("agree", "sum"),
            near=("near", "sum"),
            seat_counts=("agree_qty", "nunique"),
        )
        .reset_index()
    )
    held_at = _old_held(pairs)
    by_psa: dict[str, list[Support]] = {}
    columns = [PSA_KEY, VENDOR_KEY, "agree", "near", "seat_counts"]
    for psa_key, vendor_key, agree, near_count, seat_counts in stats[columns].itertuples(
        index=False, name=None
    ):
        held = held_at[(str(psa_key), str(vendor_key))]
        by_psa.setdefault(str(psa_key), []).append(
            Support(
                vendor_key=str(vendor_key),
                text=texts[(str(psa_key), str(vendor_key))],
                agree=int(agree),
                near=int(near_count),
                seat_counts=int(seat_counts),
                clients=int(clients_of.get(psa_key, 0)),
                held=tuple(held),
            )
        )
    out: dict[str, Verdict] = {}
    for psa_key, supports in by_psa.items():
        supports.sort(key=lambda s: (-s.score, -s.agree, s.vendor_key))
        # The candidate most seats back leads when they alone are enough, whatever a
        # look-alike name scores beside it (a name with no seats behind it proves less).
        by_seats = sorted(supports, key=lambda s: (-(s.agree + s.near), -s.score, s.vendor_key))
        if _strong(by_seats[0], by_seats[1] if len(by_seats) > 1 else None):
            supports.remove(by_seats[0])
            supports.insert(0, by_seats[0])
        best = supports[0]
        rival = max(supports[1:], key=lambda s: s.agree + s.near, default=None)
        act = best.vendor_key if _strong(best, rival) else None
        ask = act is None and (
            best.coverage >= ASK_COVERAGE
            or (best.text.score >= ASK_TEXT and best.coverage >= ASK_COVERAGE_NAMED)
        )
        lead = by_seats[0]
        if (
            act is None
            and lead is not best
            and lead.coverage >= ASK_COVERAGE
            and best.agree + best.near < lead.agree + lead.near
        ):
            supports.remove(lead)
            supports.insert(0, lead)
            ask = True
        out[psa_key] = Verdict(psa_key, tuple(supports[:_SHOWN]), act, ask)
    return out


def _old_residual(held: pd.DataFrame, billed: pd.DataFrame) -> pd.DataFrame:
    """The seats of each billed vendor line that its PSA lines leave unbilled, as candidates.

    An MSP may bill one product on two PSA lines (two contracts, two prices, an add-on line)
    of which only one spelling maps: the mapped line then looks short and the other sits
    unmapped. Its seats are the vendor's minus the mapped line's, so the shortfall is weighed
    like a vendor line no PSA line bills; recurring across clients, it pairs the spelling.

    Args:
        held: vendor rows at matched clients that a PSA line bills (``pc``, product, seats).
        billed: the PSA rows compared with a vendor product (client, target, seats).
    """
    vendor = held.groupby([PC, G.PRODUCT], sort=False)[G.QTY].sum()
    psa = billed.groupby([G.CLIENT, TARGET], sort=False)[G.QTY].sum().fillna(0)
    psa.index = psa.index.set_names([PC, G.PRODUCT])
    short = vendor.astype("int64").sub(psa.astype("int64"), fill_value=0).reindex(vendor.index)
    short = short[short > 0]
    return pd.DataFrame(
        {
            PC: short.index.get_level_values(0),
            VENDOR_KEY: short.index.get_level_values(1),
            QTY_V: short.to_numpy(dtype=np.int64),
        }
    )


def _old_per_client(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per (client, product), seats summed: a product held on two terms (or by two
    vendor tenants of one PSA client) is weighed as the seats the client holds in all."""
    keys = list(rows.columns[:2])
    if not rows.duplicated(keys).any():
        return rows
    return rows.groupby(keys, sort=False, as_index=False).sum()
