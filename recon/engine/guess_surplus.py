"""A PSA line read as a product only by a brand guess, beside lines that bill that product in
full: another maker's product of the kind, billed, not bought here.

The catalogue reads a text with a maker's brand left out as that maker's product ("Managed
EDR" is "Huntress Managed EDR" without "Huntress", :meth:`recon.catalog.Catalog.lookup`), and
keeps it a guess (:attr:`recon.match.products.ProductIdentity.tolerant`). The words are often
no brand's: they say what the product is, and other makers sell a product of that kind under
them too (Huntress sells "Managed EDR", huntress.com/managed-edr; SentinelOne sells managed
EDR as Singularity Control with Vigilance MDR, sentinelone.com/platform; Pax8's marketplace
lists both makers under Endpoint Detection & Response). An MSP that moves a client from one
maker to the other, or bills the second maker's seats bought elsewhere, writes its line by
that kind. Read as the first maker's product, its seats were summed into that product's line
at the client: "Huntress Managed EDR" 22 and "Managed EDR" 21 against Huntress's 22 was a
false quantity gap of 21 on Huntress, and the 21 seats billed with no purchase behind them
were stated nowhere.

The client's own lines tell the guess is wrong there: the product it was guessed as is billed
in full without it. So at a matched client (not in review), for a text read only by that guess
and still compared as the guessed product, where:

- the vendor sells the guessed product there (seats above zero);
- the client's other PSA lines compared as that product (read by a name of their own, or
  paired on the seats) bill exactly the vendor's seats of it;

the text's line is no part of that product there. It is compared as itself (its own text, no
catalogue product invented), so its seats show "missing in vendor", its ``why`` saying the
guessed product is billed in full by the client's other lines; unless the client buys one
other product of a kind the text names whose unbilled seats are exactly the line's: then the
line is that product there (:func:`_complete_unbilled`). Where the other lines fall
short of the vendor's seats, the guess may be billing the rest, and it stands as before.

The same guess at a client that buys none of the guessed product but one product of its kind
that the client's other lines bill short ("M365 Backup" 4, read as Dropsuite Microsoft 365
Backup with the brand left out, beside "SaaS Backup" 7 billing Datto SaaS Protection's 11):
where the text names that kind and its seats are exactly what the other lines leave unbilled,
and no other product of the kind there is so, the text is that product at the client, decided
(:func:`completing_guesses`): the seats complete the vendor's exactly, the evidence the rules
that read a text per client rest on (:mod:`recon.engine.unread_lines`). Where it completes
the product only with a line no rule read that names the kind too, the seats alone do not say
which line bills the rest: where that line's question holds the product's vendor line at the
client (its seats short by exactly this line's, :func:`recon.engine.asked_questions.questions_for`),
this line waits with it, no gap either way until the answer ("SaaS Backup" 7 asked about
Datto's 11 beside "M365 Backup" 4); elsewhere the guess stands as read. Read as the guess, it
was a false "missing in vendor" on a product nobody sells the client.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.catalog import load_catalog, product_key
from recon.catalog._loose import brands_in
from recon.catalog.text import CATALOGUE_PREFIX, kind_named, text_names_family
from recon.engine.columns import member
from recon.engine.compared_rows import ComparedRows
from recon.engine.groups import SideGroups
from recon.engine.join import IntArray
from recon.engine.kind_makers import catalogue_family
from recon.engine.pairs import Codes
from recon.engine.text_writes import write_texts
from recon.match import ProductPairing
from recon.model import G, ProductMethod

#: The maker whose products are told apart by edition words, never by a brand guess.
MICROSOFT = "microsoft"
#: A line read as the product of its kind it completes: as sure as a text read as the one
#: product alike it at its client on exact seats (:data:`recon.engine.unread_lines.READ_SCORE`).
READ_SCORE = 85.0
#: What a line read so rests on, in words.
READ_HOW = (
    "names its kind ({kind}); read as {guessed!r} only with a brand left out, which is not "
    "bought here, and its seats are what the client's other lines leave unbilled of {product!r}"
)
#: What a surplus guess read as the product of its kind it completes rests on, in words.
COMPLETE_HOW = (
    "names its kind; read as {guessed!r} only with a brand left out, which the client's other "
    "lines bill in full, and its seats are what they leave unbilled of {product!r}"
)
#: A line compared so: sure of the client, less of what the line bills (no rule read it as a
#: product the vendor sells here), as a line billed, not bought
#: (:data:`recon.engine.unread_lines.UNBOUGHT_SCORE`).
SCORE = 70.0
#: What a line compared so rests on, in words.
HOW = (
    "read as {product!r} only with a brand left out; {product!r} is billed here in full by the "
    "client's other lines at the vendor's seats, so this line bills something the vendor file "
    "does not sell here"
)


def surplus_guesses(
    compared: ComparedRows,
    pairing: Mapping[str, ProductPairing],
    brands: frozenset[tuple[str, ...]],
) -> IntArray:
    """Compare, in place, as their own texts the guessed lines beside lines that bill the
    guessed product in full (module docstring); returns their rows.

    Args:
        compared: the compared PSA rows and what they are read against
            (``target`` and ``comparable`` changed in place).
        pairing: PSA product keys mapped onto vendor product keys by name: what each guess
            was read as.
        brands: the catalogue's maker brands (:func:`_guessed`).

    Returns:
        The PSA rows compared as themselves.
    """
    p_all, target, comparable, p_pc, vendor_rows, sides, codes, held = compared
    none = np.zeros(0, dtype=np.int64)
    vendor, psa = sides
    # Only the catalogue's own guesses: a text paired by its likeness to a name ("M365 Backup
    # Licenses" beside Dropsuite) is weighed on the seats across clients, and its extra seats
    # beside the product's full line stay that product's quantity gap.
    guessed = _guessed(psa, pairing, codes, brands, tolerant_only=True)
    if not guessed or not len(p_all) or not len(vendor.groups):
        return none
    qty = p_all[G.QTY].fillna(0).to_numpy(dtype=np.int64)
    products = p_all[G.PRODUCT]
    rows = _still_guessed(p_all, target, comparable, qty, guessed, held)
    if not len(rows):
        return none
    width = codes.products
    wanted = np.unique(p_pc[rows] * width + target[rows])
    v_pc, v_product = vendor_rows
    v_qty = vendor.groups[G.QTY].fillna(0).to_numpy(dtype=np.int64)
    v_at = np.flatnonzero((v_pc >= 0) & np.isin(v_pc * width + v_product, wanted) & (v_qty > 0))
    bought: dict[int, int] = defaultdict(int)
    for row in v_at.tolist():
        bought[int(v_pc[row]) * width + int(v_product[row])] += int(v_qty[row])
    if not bought:
        return none
    others = comparable & (target >= 0) & ~member(products, set(guessed))
    p_at = np.flatnonzero(others & np.isin(p_pc * width + target, list(bought)))
    billed: dict[int, int] = defaultdict(int)
    for row in p_at.tolist():
        billed[int(p_pc[row]) * width + int(target[row])] += int(qty[row])
    full = {key for key, seats in bought.items() if billed.get(key) == seats}
    read: IntArray = rows[np.isin(p_pc[rows] * width + target[rows], list(full))].astype(np.int64)
    if not len(read):
        return none
    guessed_as = {int(r): int(target[r]) for r in read.tolist()}
    hows = [HOW.format(product=_name_of(vendor, codes, int(target[r]))) for r in read.tolist()]
    # Compared as itself: its own code, which no vendor row carries.
    target[read] = [codes.product_index[str(k)] for k in products.iloc[read].tolist()]
    p_all.loc[p_all.index[read], "pair_score"] = SCORE
    write_texts(p_all, "pair_how", read, hows)
    _complete_unbilled(compared, guessed_as)
    return read


def _complete_unbilled(compared: ComparedRows, guessed_as: Mapping[int, int]) -> None:
    """Read, in place, a surplus guess as the one product of a kind its text names that the
    client buys and its other lines leave unbilled by exactly the guess's seats.

    "Managed EDR" 1 beside "Managed Threat Detection" 1 billing Huntress Managed EDR's 1 in
    full, at a client also buying SentinelOne Singularity Control 1 that no line bills: the
    text names EDR, SentinelOne's kind (SentinelOne's Singularity Control adds EDR to its
    endpoint protection, sentinelone.com/platform packages; Pax8 lists it under Endpoint
    Detection & Response), and its seats are exactly SentinelOne's. Compared as itself it was
    two false statements, "Managed EDR billed, not bought" and "SentinelOne bought, not
    billed", for one line billing the other maker's seats. The seats must complete the
    product exactly and only one product there may be so; else the line stays compared as
    itself.
    """
    p_all, target, comparable, p_pc, vendor_rows, sides, codes, _ = compared
    vendor, psa = sides
    rows = np.asarray(sorted(guessed_as), dtype=np.int64)
    clients = set(p_pc[rows].tolist())
    v_pc, v_product = vendor_rows
    v_qty = vendor.groups[G.QTY].fillna(0).to_numpy(dtype=np.int64)
    bought: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in np.flatnonzero(np.isin(v_pc, list(clients)) & (v_qty > 0)).tolist():
        bought[int(v_pc[row])][int(v_product[row])] += int(v_qty[row])
    qty = p_all[G.QTY].fillna(0).to_numpy(dtype=np.int64)
    billed: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    near = np.isin(p_pc, list(clients)) & comparable & (target >= 0)
    for row in np.flatnonzero(near).tolist():
        billed[int(p_pc[row])][int(target[row])] += int(qty[row])
    texts: dict[tuple[int, str], list[int]] = defaultdict(list)
    for row, key in zip(rows.tolist(), p_all[G.PRODUCT].iloc[rows].tolist(), strict=True):
        texts[int(p_pc[row]), str(key)].append(row)
    found: dict[tuple[int, str], int] = {}
    claims: dict[tuple[int, int], int] = defaultdict(int)
    for (pc, key), text_rows in sorted(texts.items()):
        seats = int(qty[text_rows].sum())
        identity = psa.products.get(key)
        name = identity.name if identity is not None else key
        guess = guessed_as[text_rows[0]]
        fits = []
        for product, sold in bought[pc].items():
            if product == guess or sold - billed[pc].get(product, 0) != seats:
                continue
            product_key = codes.product_text[product]
            named = vendor.products[product_key].name if product_key in vendor.products else ""
            if kind_named(name, product_key, named):
                fits.append(product)
        if len(fits) == 1:
            found[pc, key] = fits[0]
            claims[pc, fits[0]] += 1
    read: list[int] = []
    hows: list[str] = []
    for (pc, key), product in sorted(found.items()):
        if claims[pc, product] != 1:
            continue  # two guessed texts complete one product: the seats choose neither
        text_rows = texts[pc, key]
        how = COMPLETE_HOW.format(
            guessed=_name_of(vendor, codes, guessed_as[text_rows[0]]),
            product=_name_of(vendor, codes, product),
        )
        target[text_rows] = product
        read.extend(text_rows)
        hows.extend([how] * len(text_rows))
    if read:
        index = np.asarray(read, dtype=np.int64)
        p_all.loc[p_all.index[index], "pair_score"] = READ_SCORE
        write_texts(p_all, "pair_how", index, hows)


def _name_of(vendor: SideGroups, codes: Codes, product: int) -> str:
    """The vendor's name of a product code (its key where the vendor file has none)."""
    key = codes.product_text[product]
    identity = vendor.products.get(key)
    return identity.name if identity is not None else key


def completing_guesses(
    compared: ComparedRows,
    pairing: Mapping[str, ProductPairing],
    kinds: Mapping[str, str],
    brands: frozenset[tuple[str, ...]],
    paired: Collection[str] = frozenset(),
    waiting: Collection[int] = frozenset(),
) -> IntArray:
    """Read, in place, a guessed line at a client buying none of the guessed product as the
    one product of its kind whose seats it completes there (module docstring).

    Args:
        compared: the compared PSA rows and what they are read against
            (``target`` and ``comparable`` changed in place).
        pairing: PSA product keys mapped onto vendor product keys by name.
        kinds: catalogue product key -> kind (:func:`recon.engine.one_kind.product_kinds`).
        brands: the catalogue's maker brands (:func:`_guessed`).
        paired: PSA keys the seats paired with a product across clients: their pairing is
            upheld, never read per client here (tests/recon/test_generic_service_names.py).
        waiting: (client code x products + product code) of the vendor lines a question
            holds: a line completing one only with that question's line waits with it.

    Returns:
        The PSA rows read so.
    """
    p_all, target, comparable, p_pc, vendor_rows, sides, codes, held = compared
    none = np.zeros(0, dtype=np.int64)
    vendor, psa = sides
    guessed = {
        key: code
        for key, code in _guessed(psa, pairing, codes, brands).items()
        if kinds.get(pairing[key].vendor_key) and key not in paired
    }
    if not guessed or not len(p_all) or not len(vendor.groups):
        return none
    qty = p_all[G.QTY].fillna(0).to_numpy(dtype=np.int64)
    products = p_all[G.PRODUCT]
    rows = _still_guessed(p_all, target, comparable, qty, guessed, held)
    if not len(rows):
        return none
    clients = set(p_pc[rows].tolist())
    v_pc, v_product = vendor_rows
    v_qty = vendor.groups[G.QTY].fillna(0).to_numpy(dtype=np.int64)
    bought: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in np.flatnonzero(np.isin(v_pc, list(clients)) & (v_qty > 0)).tolist():
        bought[int(v_pc[row])][int(v_product[row])] += int(v_qty[row])
    texts: dict[tuple[int, str], list[int]] = defaultdict(list)
    seats_at: dict[tuple[int, str], int] = defaultdict(int)
    for row, key in zip(rows.tolist(), products.iloc[rows].tolist(), strict=True):
        seats_at[int(p_pc[row]), str(key)] += int(qty[row])
        if not bought[int(p_pc[row])].get(int(target[row])):
            texts[int(p_pc[row]), str(key)].append(row)
    # A guess that bills exactly the guessed product's seats at another client is upheld
    # there: the text is that product, and where the client lacks it both statements stand
    # (tests/recon/test_generic_service_names.py).
    upheld = {key for (pc, key), n in seats_at.items() if bought[pc].get(guessed[key]) == n}
    texts = {k: v for k, v in texts.items() if k[1] not in upheld}
    if not texts:
        return none
    billed: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    near = np.isin(p_pc, [pc for pc, _ in texts])
    for row in np.flatnonzero(near & comparable & (target >= 0)).tolist():
        billed[int(p_pc[row])][int(target[row])] += int(qty[row])
    # A line no rule read that names the kind may bill the product too, pending its question.
    unread: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for row in np.flatnonzero(near & ~comparable & (qty > 0)).tolist():
        identity = psa.products.get(str(products.iloc[row]))
        if identity is not None:
            unread[int(p_pc[row])].append((identity.name, int(qty[row])))
    found: dict[tuple[int, str], tuple[int, str, bool]] = {}
    claims: dict[tuple[int, int], int] = defaultdict(int)
    for (pc, key), text_rows in sorted(texts.items()):
        kind = kinds[pairing[key].vendor_key]
        seats = int(qty[text_rows].sum())
        here = billed[pc]
        name = psa.products[key].name
        fits: list[tuple[int, bool]] = []
        for product, sold in bought[pc].items():
            product_key = codes.product_text[product]
            if kinds.get(product_key) != kind:
                continue
            named = vendor.products[product_key].name if product_key in vendor.products else ""
            family = catalogue_family(product_key)
            of_kind = sum(n for text, n in unread[pc] if family and text_names_family(text, family))
            # The guessed text's own seats are summed under the guess, never under this one.
            if sold - here.get(product, 0) - of_kind != seats:
                continue
            if kind_named(name, product_key, named) or (family and text_names_family(name, family)):
                fits.append((product, of_kind > 0))
        if len(fits) == 1:
            found[pc, key] = (fits[0][0], kind, fits[0][1])
            claims[pc, fits[0][0]] += 1
    read: list[int] = []
    hows: list[str] = []
    for (pc, key), (product, kind, pending) in sorted(found.items()):
        if claims[pc, product] != 1:
            continue  # two guessed texts complete one product: the seats choose neither
        text_rows = texts[pc, key]
        if pending:
            # Completed only with a line no rule read: which line bills the rest is not
            # settled by the seats. Where that line's question holds the product here, this
            # line waits with it (no gap either way until the answer); else it stands as read.
            if pc * codes.products + product in waiting:
                comparable[text_rows] = False
            continue
        guessed_name = _name_of(vendor, codes, guessed[key])
        how = READ_HOW.format(
            kind=kind, guessed=guessed_name, product=_name_of(vendor, codes, product)
        )
        target[text_rows] = product
        read.extend(text_rows)
        hows.extend([how] * len(text_rows))
    if not read:
        return none
    index = np.asarray(read, dtype=np.int64)
    p_all.loc[p_all.index[index], "pair_score"] = READ_SCORE
    write_texts(p_all, "pair_how", index, hows)
    return index


def _still_guessed(
    p_all: pd.DataFrame,
    target: IntArray,
    comparable: npt.NDArray[np.bool_],
    qty: IntArray,
    guessed: Mapping[str, int],
    held: Collection[str],
) -> IntArray:
    """The compared PSA rows with seats, at clients not in review, whose text is a guess and
    that are still compared as the guessed product: a pass before may have read one as another
    product of the kind at its client (recon.engine.kind_guesses, recon.engine.ended_lines)."""
    products = p_all[G.PRODUCT]
    at_guess = comparable & (target >= 0) & (qty > 0) & member(products, set(guessed))
    if held:
        at_guess &= ~member(p_all[G.CLIENT], set(held))
    rows = np.flatnonzero(at_guess)
    if not len(rows):
        return rows.astype(np.int64)
    as_guessed = np.asarray([guessed[str(k)] for k in products.iloc[rows].tolist()], dtype=np.int64)
    kept: IntArray = rows[target[rows] == as_guessed].astype(np.int64)
    return kept


def _guessed(
    psa: SideGroups,
    pairing: Mapping[str, ProductPairing],
    codes: Codes,
    brands: frozenset[tuple[str, ...]],
    *,
    tolerant_only: bool = False,
) -> dict[str, int]:
    """PSA key -> the product code it was guessed as: a text read as another maker's product
    with that maker's brand left out, by the catalogue (``tolerant``) or by name likeness
    ("M365 Backup" for "Dropsuite Microsoft 365 Backup"), and naming no maker itself.

    With ``tolerant_only``, only the catalogue's guesses (default: name likeness too).
    Microsoft's products are left out: its suites and plans are told apart by their edition
    words (:mod:`recon.catalog._keys`), and "M365 Business Premium" names Microsoft's plan
    as surely as the full name does.
    """
    catalog = load_catalog()
    out: dict[str, int] = {}
    for key, identity in psa.products.items():
        paired = pairing.get(key)
        if paired is None or not paired.vendor_key.startswith(CATALOGUE_PREFIX):
            continue
        if not identity.tolerant and (tolerant_only or identity.method is not ProductMethod.NAME):
            continue
        product = catalog.get(paired.vendor_key[len(CATALOGUE_PREFIX) :])
        if product is None or product.vendor.casefold() == MICROSOFT:
            continue
        if brands_in(product_key(identity.name).split(), brands):
            continue  # the text names a maker: its maker's rules read it
        if not brands_in(product_key(product.name).split(), brands):
            continue  # the product's own name carries no brand: nothing was left out
        out[key] = codes.product_index.get(paired.vendor_key, -1)
    return out
