"""Name-only product pairings the seats put in doubt (see :func:`doubtful_rows`)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.codes import factorize_text
from recon.engine.columns import member
from recon.engine.groups import SideGroups
from recon.engine.join import IntArray
from recon.match.product_evidence import Verdict, isin_ints
from recon.model import QTY_SCALE, G, ProductMethod

#: A name-only product pairing is weighed again when the vendor lacks its target at this
#: share of the clients billing it (a right pairing misses only where a real gap is), and
#: at least this many of them.
DOUBT_SHARE = 0.5
DOUBT_CLIENTS = 3
#: Seats this close (whole seats) to an unbilled vendor line, at a client where the vendor
#: lacks the name's product, doubt a row too: a seat or two added or removed this month.
NEAR_SEATS = 2


def uncatalogued(verdict: Verdict, vendor: SideGroups) -> bool:
    """True when the verdict's best candidate is a vendor product the catalogue does not know."""
    if not verdict.candidates:
        return False
    identity = vendor.products.get(verdict.candidates[0].vendor_key)
    return identity is not None and identity.method is ProductMethod.NAME


def doubtful_rows(
    p_all: pd.DataFrame,
    compared: npt.NDArray[np.bool_],
    vendor_held: IntArray,
    guessed: set[str],
    targets: IntArray,
    seats: tuple[IntArray, IntArray] | None = None,
    held_qty: IntArray | None = None,
    short: IntArray | None = None,
    sold: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.bool_]:
    """PSA rows whose name-only pairing the seats contradict, to be weighed again.

    A PSA product paired with a vendor product by name alone (text pairing, or a catalogue
    lookup that left the brand out) is in doubt when, at most of the matched clients that
    bill it, the vendor sells no such product, or another PSA line already bills it: "M365
    Backup" read as one vendor's backup product while the clients buy another's. Its rows at
    those clients are weighed like unmapped ones; see :data:`DOUBT_SHARE`.

    At a small MSP the product sits at one or two clients, too few for a share: there a row
    is in doubt on its own where the vendor sells no such product at its client and an
    unbilled vendor line there has exactly its seats: "Managed EDR" guessed as one maker's
    EDR beside another maker's EDR for the same 50 seats is one question, not a gap on each
    side. Seats a seat or two apart count there too (132 billed beside 134 bought). Where
    the vendor does sell the name's product at the client, a row is in doubt when an
    unbilled line there has exactly its seats and the name's product has not: "Managed EDR"
    6 beside an unbilled SentinelOne 6, while a "Huntress" line bills the Huntress 4.

    Args:
        vendor_held: the (client, product) keys of the vendor's lines with seats.
        targets: each PSA row's (client, target) key.
        seats: each PSA row's (client, seats) key, and those of the vendor lines at matched
            clients no compared PSA row bills (:meth:`RowKeys.seats`).
        held_qty: the seats of each of ``vendor_held``'s lines (thousandths), to tell where
            the name's product has the row's seats.
        short: the (client, seats) keys of the seats billed vendor lines are short by
            (:func:`recon.engine.shortfall_doubt.shortfall_seats`): where the vendor lacks
            the name's product, a row of exactly such seats is in doubt too ("Email
            Security" 1 beside a Proofpoint line of 2 that another PSA line bills for 1).
        sold: per PSA row, whether ``vendor_held`` has its target (the caller's, when it
            holds it already; default: looked up here for the rows weighed).
    """
    is_guessed = member(p_all[G.PRODUCT], guessed)
    rows = compared & is_guessed
    if not rows.any():
        return rows
    # A guess is contradicted where the vendor lacks its target, and also where a line the
    # PSA names surely (catalogue, alias) already bills that target at the same client: the
    # guess would bill one product twice there, so it is most likely another product.
    at = np.flatnonzero(rows)
    sure = targets[compared & ~is_guessed]
    lacking = ~(sold[at] if sold is not None else isin_ints(targets[at], vendor_held))
    absent = np.zeros(len(rows), dtype=bool)
    absent[at] = lacking | isin_ints(targets[at], sure)
    # Counted per text on the guessed rows' codes: no text made per row.
    codes, texts = factorize_text(p_all[G.PRODUCT].iloc[at])
    known = codes >= 0  # a missing text is no text's row, as in a grouping
    size = np.bincount(codes[known], minlength=len(texts))
    total = np.bincount(codes[known], weights=absent[at][known], minlength=len(texts))
    doubted = texts[(total >= DOUBT_CLIENTS) & (total >= DOUBT_SHARE * size)]
    doubt = absent & member(p_all[G.PRODUCT], {str(k) for k in doubted.tolist()})
    if seats is not None and short is not None and len(short) and len(at):
        doubt[at[lacking & isin_ints(seats[0][at], short)]] = True
    if seats is not None and len(seats[1]) and len(at):
        psa_seats, unbilled = seats
        exact = isin_ints(psa_seats[at], unbilled)
        doubt[at[lacking & (exact | _near(psa_seats[at], unbilled))]] = True
        weighed = at[~lacking & exact]
        if held_qty is not None and len(weighed):
            # The vendor's seats summed only at the few targets looked up, not at every key.
            near = isin_ints(vendor_held, targets[weighed])
            bought = pd.Series(np.asarray(held_qty)[near]).groupby(vendor_held[near]).sum()
            theirs = bought.reindex(targets[weighed]).to_numpy()
            billed = p_all[G.QTY].iloc[weighed].fillna(0).to_numpy(dtype=np.int64)
            doubt[weighed[theirs != billed]] = True
    if held_qty is not None and len(at) and (~lacking).any():
        doubt[surplus_rows(p_all, compared, targets, at[~lacking], vendor_held, held_qty)] = True
    return doubt


def surplus_rows(
    p_all: pd.DataFrame,
    compared: npt.NDArray[np.bool_],
    targets: IntArray,
    rows: IntArray,
    vendor_held: IntArray,
    held_qty: IntArray,
) -> IntArray:
    """Of ``rows`` (guessed rows whose target the vendor sells at their client), those that
    lines of *other* texts of the same target there already bill in full.

    "Lic - Iron Scales" 1 bills the 1 IRONSCALES seat a client buys; "Email Security" 2
    beside it, read as IRONSCALES with the brand left out, would bill that one product a
    second time (3 against 1) while the client's 1 Proofpoint seat sits unbilled. An MSP
    billing one product on two lines splits the seats it buys between them; a text added on
    top of lines that already match the vendor exactly is more likely another product, so
    the guess is weighed again like an unmapped text (the seats may re-pair it, or a person
    is asked). Lines that together make up the vendor's seats are never touched, nor are
    two lines of one text (one product entered twice, a real over-billing).

    Args:
        compared: which PSA rows are compared at matched clients.
        targets: each PSA row's (client, target) key.
        rows: the positions of the guessed rows to look at.
        vendor_held: the vendor's (client, product) keys; ``held_qty`` their seats.

    Returns:
        The positions of ``rows`` in doubt.
    """
    wanted = targets[rows]
    # Only the rows and vendor lines at the few targets looked at are summed.
    near = np.flatnonzero(compared & isin_ints(targets, wanted))
    qty = p_all[G.QTY].iloc[near].fillna(0).to_numpy(dtype=np.int64)
    codes, _ = factorize_text(p_all[G.PRODUCT].iloc[near])
    width = int(codes.max()) + 2 if len(codes) else 1
    # Each (target, text): the text's seats there, and the target's seats of every text.
    pair = targets[near] * width + (codes + 1)
    by_pair = pd.Series(qty).groupby(pair).sum()
    by_target = pd.Series(qty).groupby(targets[near]).sum()
    at_vendor = isin_ints(vendor_held, wanted)
    bought = pd.Series(np.asarray(held_qty, dtype=np.int64)[at_vendor])
    bought = bought.groupby(vendor_held[at_vendor]).sum()
    # The looked-at rows' own (target, text) keys, read off the near rows they are among.
    where = np.searchsorted(near, rows)
    own = by_pair.reindex(pair[where]).fillna(0).to_numpy(dtype=np.int64)
    others = by_target.reindex(wanted).fillna(0).to_numpy(dtype=np.int64) - own
    theirs = bought.reindex(wanted).fillna(-1).to_numpy(dtype=np.int64)
    found: IntArray = rows[(own > 0) & (others > 0) & (others == theirs)]
    return found


def _near(psa_seats: IntArray, unbilled: IntArray) -> npt.NDArray[np.bool_]:
    """Rows whose (client, seats) key is within :data:`NEAR_SEATS` of an unbilled line's."""
    low = psa_seats & 0xFFFFFFFF
    found = np.zeros(len(psa_seats), dtype=bool)
    for step in range(1, NEAR_SEATS + 1):
        for delta in (step * QTY_SCALE, -step * QTY_SCALE):
            fits = (psa_seats >= 0) & (low + delta >= 0) & (low + delta <= 0xFFFFFFFF)
            found |= fits & isin_ints(psa_seats + delta, unbilled)
    return found


def upheld_clients(
    p_all: pd.DataFrame,
    rows: npt.NDArray[np.bool_],
    keys: set[str],
    targets: IntArray,
    vendor: tuple[IntArray, IntArray],
) -> dict[str, int]:
    """Per PSA text of ``keys``, at how many clients its seats at ``rows`` equal the vendor's
    seats of the product its name pairs it with: where the seats uphold the name.

    Merely selling the product there upholds little at a client holding 17 products: a text
    the name pairs wrongly ("Managd EDR" read as Huntress, billing SentinelOne) sits beside
    the name's product at many clients that also buy it.

    Args:
        targets: each PSA row's (client, target) key.
        vendor: the vendor rows' (client, product) keys and their seats.
    """
    at = rows & member(p_all[G.PRODUCT], keys)
    if not at.any():
        return {}
    # The few rows of those texts (a few thousand of 800,000) are taken first, and the
    # vendor's seats summed only at their targets: no whole column converted or grouped.
    where = np.flatnonzero(at)
    frame = pd.DataFrame(
        {
            "product": p_all[G.PRODUCT].iloc[where].to_numpy(dtype=object),
            "target": targets[where],
            "qty": p_all[G.QTY].iloc[where].fillna(0).to_numpy(dtype=np.int64),
        }
    )
    billed = frame.groupby(["product", "target"], sort=False)["qty"].sum()
    vendor_keys, vendor_qty = vendor
    near = isin_ints(vendor_keys, targets[where])
    bought = (
        pd.Series(np.asarray(vendor_qty, dtype=np.int64)[near]).groupby(vendor_keys[near]).sum()
    )
    seats = bought.reindex(billed.index.get_level_values("target")).to_numpy()
    agree = pd.Series(billed.to_numpy() == seats, index=billed.index.get_level_values("product"))
    counts = agree.groupby(level=0, sort=False).sum()
    return {str(k): int(n) for k, n in counts.items()}


def outweighed(verdict: Verdict, upheld: int) -> bool:
    """True when a name's pairing, upheld at ``upheld`` clients, outweighs the seats'
    re-pairing of its doubted rows.

    A row is doubted on its own where an unbilled vendor line beside it has its seats; at a
    client holding 17 products such a coincidence is common, and a few of them must not
    re-pair a text its name pairs rightly at a thousand clients ("Dynmaics 365 Business
    Central Essentials", typed wrong, re-paired everywhere with the Business Basic seats
    that equalled it at five clients). The seats re-pair the text only where they explain
    more clients than the seats uphold the name's pairing at (:func:`upheld_clients`).
    """
    if verdict.act is None or not verdict.candidates:
        return False
    best = verdict.candidates[0]
    return upheld >= best.agree + best.near
