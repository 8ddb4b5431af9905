"""A PSA line for a product the vendor shows ended at its client: billed after cancellation.

The vendor readers keep an ended subscription (Pax8 ``status`` Cancelled, a distributor's
Expired or Suspended) as a line of 0 seats at a client that buys something else
(:mod:`recon.formats.ended`): the product was there and is gone. An MSP that cancels at the
vendor and forgets the PSA keeps billing it, often under a text that names only the product's
kind ("M365 Backup Licenses", "Content Filter"). Without the ended line that text was read as
another maker's product of the same kind the client still buys (a false quantity gap on that
product, and its real price gap hidden) or left as a line no vendor product explains.

So at a matched client, for a product the vendor shows there only on ended lines, billed by no
PSA line there, one PSA text there is read as that product when all of these hold:

- the text names the product's kind (:func:`recon.catalog.text.kind_named`,
  :func:`recon.catalog.text.text_names_family`: the kind's words or the phrases ``kinds.csv``
  lists, never a service about it), or, read as nothing the vendor sells, bills it with
  something else on one line, one part naming it ("Email Security + M365 E3" for an ended
  Microsoft 365 E3; :func:`recon.catalog.billing_text.bundle_parts`);
- the text is either read as no product the vendor sells (unread, or billed as itself), or
  read, by no catalogue name of its own, as another product of that kind that the client's
  other PSA lines already bill in full without it;
- it is the only such text there.

It is then compared as the ended product: 0 seats bought, so "missing in vendor" with its own
seats and price, and ``why`` says the vendor shows the product cancelled (with the day, when
the export gives it). Nothing else moves: the other product keeps the lines that bill it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.catalog import load_catalog, product_key
from recon.catalog._loose import brands_in
from recon.catalog.billing_text import bundle_parts
from recon.catalog.text import CATALOGUE_PREFIX, kind_named, text_names_family
from recon.engine.compared_rows import ComparedRows
from recon.engine.ended_line_names import line_named
from recon.engine.groups import SideGroups
from recon.engine.join import IntArray
from recon.engine.kind_makers import catalogue_family
from recon.engine.one_kind import ONE_KIND
from recon.engine.pairs import Codes
from recon.engine.text_writes import write_texts
from recon.model import Col, G, LineSet

#: What a line read so rests on, in words (the day is added when the export gives it).
HOW = "names {kind}; the vendor shows {product!r} at this client cancelled{day}"
#: Its pairing score: sure of the client, as sure of the product as a text read as the one
#: product of its kind at its client (:data:`recon.engine.kind_guesses.SCORE`).
SCORE = 85.0


def read_ended(
    compared: ComparedRows,
    kinds: Mapping[str, str],
    ended_on: Mapping[tuple[str, str], dt.date] | None = None,
    brands: frozenset[tuple[str, ...]] = frozenset(),
) -> IntArray:
    """Read, in place, the PSA lines that bill a product ended at the vendor (module doc).

    Args:
        compared: the compared PSA rows and what they are read against
            (``target`` and ``comparable`` changed in place).
        kinds: catalogue product key -> kind (:func:`recon.engine.one_kind.product_kinds`).
        ended_on: (client, product) as the vendor file writes them -> the day an ended
            subscription ended, where the export says.
        brands: the catalogue's maker brands: a text read as nothing the vendor sells that
            names the ended product's maker is read as it too (default none).

    Returns:
        The PSA rows read so.
    """
    p_all, target, comparable, p_pc, vendor_rows, sides, codes, held = compared
    vendor, psa = sides
    none = np.zeros(0, dtype=np.int64)
    v_pc, v_product = vendor_rows
    if not len(vendor.groups) or not len(p_all):
        return none
    v_qty = vendor.groups[G.QTY].fillna(-1).to_numpy(dtype=np.int64)
    psa_clients = len(psa.clients)
    zero = (v_pc >= 0) & (v_pc < psa_clients) & (v_qty == 0)
    if not zero.any():
        return none
    at = set(v_pc[zero].tolist())
    near = np.isin(v_pc, list(at))
    bought: dict[int, dict[int, int]] = defaultdict(dict)
    ended: dict[int, set[int]] = defaultdict(set)
    written: dict[tuple[int, int], int] = {}  # (client, product) -> an ended group row
    # Each row's values read as Python ints at once, not one numpy scalar per cell.
    close = np.flatnonzero(near)
    for row, pc, product, qty in zip(
        close.tolist(),
        v_pc[close].tolist(),
        v_product[close].tolist(),
        v_qty[close].tolist(),
        strict=True,
    ):
        if qty > 0:
            bought[pc][product] = bought[pc].get(product, 0) + qty
        elif qty == 0:
            ended[pc].add(product)
            written[pc, product] = row
    qty_p = p_all[G.QTY].fillna(0).to_numpy(dtype=np.int64)
    rows = np.flatnonzero(np.isin(p_pc, list(at)) & (qty_p > 0))
    by_text: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    billed: dict[int, dict[int, int]] = defaultdict(dict)
    clients = p_all[G.CLIENT]
    products = p_all[G.PRODUCT]
    # The rows' texts taken at once: a positional lookup per row was most of this pass
    # (0.6 s of CPU over the 200,000 rows near an ended line at 60,000 clients).
    # So are the rows' numbers: a numpy scalar read per cell was most of what was left.
    at_clients = clients.iloc[rows].tolist()
    at_products = products.iloc[rows].tolist()
    at_target = target[rows]
    for row, client, text, pc, is_compared, product, qty in zip(
        rows.tolist(),
        at_clients,
        at_products,
        p_pc[rows].tolist(),
        (comparable[rows] & (at_target >= 0)).tolist(),
        at_target.tolist(),
        qty_p[rows].tolist(),
        strict=True,
    ):
        if str(client) in held:
            continue
        by_text[pc][str(text)].append(row)
        if is_compared:
            billed[pc][product] = billed[pc].get(product, 0) + qty
    read: list[tuple[list[int], str]] = []
    for pc in sorted(by_text):
        here = billed[pc]
        for product in sorted(ended[pc] - {p for p, _ in bought[pc].items()}):
            if here.get(product):
                continue  # a PSA line is read as it already: its gap shows as it is
            key = codes.product_text[product]
            group_row = written[pc, product]
            name = str(vendor.groups[G.PRODUCT_NAME].iloc[group_row])
            found: list[tuple[list[int], str]] = []
            for text, text_rows in sorted(by_text[pc].items()):
                kind = _fits(
                    text,
                    text_rows,
                    product,
                    (key, name),
                    (target, comparable, qty_p),
                    (here, bought[pc]),
                    (psa, vendor, codes, kinds),
                    brands,
                )
                if kind:
                    found.append((text_rows, kind))
            if len(found) > 1:
                # Two texts of the kind beside the product still bought: the one whose reading
                # as it the seats bear out at another client is that product's own text.
                found = [
                    (text_rows, kind)
                    for text_rows, kind in found
                    if not _agrees_elsewhere(
                        text_rows,
                        pc,
                        (p_pc, products, target, comparable, qty_p),
                        (v_pc, v_product, v_qty),
                    )
                ]
            if len(found) != 1:
                continue
            text_rows, kind = found[0]
            client = str(vendor.groups[G.CLIENT_NAME].iloc[group_row])
            day = (ended_on or {}).get((client, name))
            how = HOW.format(kind=kind, product=name, day=f" on {day.isoformat()}" if day else "")
            read.append((text_rows, how))
            for row in text_rows:
                if comparable[row] and target[row] >= 0:
                    here[int(target[row])] -= int(qty_p[row])
                target[row] = product
                comparable[row] = True
            here[product] = sum(int(qty_p[r]) for r in text_rows)
    if not read:
        return none
    index = np.asarray([r for rows_of, _ in read for r in rows_of], dtype=np.int64)
    p_all.loc[p_all.index[index], "pair_score"] = SCORE
    write_texts(p_all, "pair_how", index, [how for rows_of, how in read for _ in rows_of])
    return index


def _fits(
    text: str,
    rows: list[int],
    product: int,
    named: tuple[str, str],
    per_row: tuple[IntArray, npt.NDArray[np.bool_], IntArray],
    seats: tuple[dict[int, int], dict[int, int]],
    context: tuple[SideGroups, SideGroups, Codes, Mapping[str, str]],
    brands: frozenset[tuple[str, ...]] = frozenset(),
) -> str:
    """What a PSA text at one client names ("its kind (Backup)", "its maker (egnyte)") when
    it may be read as the ended ``product`` there (module doc); "" when not."""
    target, comparable, qty = per_row
    billed, bought = seats
    psa, vendor, codes, kinds = context
    identity = psa.products.get(text)
    if identity is None or not identity.seat_based:
        return ""
    # The kind's words, whether or not the product's own name carries them too ("Email
    # Security Gateway" of "Mimecast Email Security, Cloud Gateway").
    family = catalogue_family(named[0])
    kind = kind_named(identity.name, *named) or (
        family if family and text_names_family(identity.name, family) else ""
    )
    targets = {int(target[r]) if comparable[r] else -1 for r in rows}
    if len(targets) != 1:
        return ""
    (now,) = targets
    as_key = codes.product_text[now] if now >= 0 else ""
    unsold = now < 0 or as_key not in vendor.products
    if unsold:
        part = _part_naming(identity.name, named[0])
        if part:
            return f"it in one part ({part!r}), billed with something else on one line"
    if not kind:
        maker = _maker_named(identity.name, named[1], brands)
        if maker and unsold:
            return f"its maker ({maker})"
        line = line_named(identity.name, named[1], brands) if unsold and brands else ""
        return f"its line ({line})" if line else ""
    if unsold:
        return f"its kind ({kind})"  # read as nothing the vendor sells: unread, or as itself
    if now == product or text.startswith(CATALOGUE_PREFIX):
        return ""  # a catalogue name of its own says what it is
    if ONE_KIND.get(kind, kind) != kinds.get(as_key):
        return ""
    mine = sum(int(qty[r]) for r in rows)
    others = billed.get(now, 0) - mine
    return f"its kind ({kind})" if bought.get(now, 0) > 0 and others >= bought[now] else ""


def _part_naming(text: str, product: str) -> str:
    """The part of a line billing two products ("Email Security + M365 E3") that the
    catalogue reads as ``product`` (a product key) by a name of its own, never a brand guess;
    "" when none (:func:`recon.catalog.billing_text.bundle_parts`)."""
    if not product.startswith(CATALOGUE_PREFIX):
        return ""
    catalog = load_catalog()
    for part in bundle_parts(text):
        found = catalog.lookup(name=part)
        if (
            found is not None
            and "brand" not in found[1]
            and CATALOGUE_PREFIX + found[0].id == product
        ):
            return part
    return ""


def _maker_named(text: str, name: str, brands: frozenset[tuple[str, ...]]) -> str:
    """The maker's brand a PSA text shares with the ended product's ``name`` ("egnyte" in
    "Cloud File Server - Egnyte" and "Egnyte Business"); "" when none."""
    if not brands:
        return ""
    shared = brands_in(product_key(text).split(), brands) & brands_in(
        product_key(name).split(), brands
    )
    return " ".join(min(shared)) if shared else ""


def _agrees_elsewhere(
    rows: list[int],
    pc: int,
    psa_rows: tuple[IntArray, pd.Series, IntArray, npt.NDArray[np.bool_], IntArray],
    vendor_rows: tuple[IntArray, IntArray, IntArray],
) -> bool:
    """Whether the text of ``rows`` (at client ``pc``), compared as a product the vendor
    sells, bills exactly that product's seats at another client."""
    p_pc, products, target, comparable, qty = psa_rows
    v_pc, v_product, v_qty = vendor_rows
    first = rows[0]
    if not comparable[first] or target[first] < 0:
        return False
    text, product = products.iloc[first], int(target[first])
    same = np.flatnonzero(
        (products == text).to_numpy(dtype=bool) & comparable & (target == product) & (p_pc != pc)
    )
    if not len(same):
        return False
    billed: dict[int, int] = defaultdict(int)
    for row in same.tolist():
        billed[int(p_pc[row])] += int(qty[row])
    sold: dict[int, int] = defaultdict(int)
    for row in np.flatnonzero((v_product == product) & np.isin(v_pc, list(billed))).tolist():
        sold[int(v_pc[row])] += max(int(v_qty[row]), 0)
    return any(sold.get(client) == seats for client, seats in billed.items())


def evidence_keys(lines: LineSet) -> frozenset[tuple[str, str]]:
    """(client, product) as written of the lines kept only as evidence (the product's id
    where the line has no name, as the groups name it)."""
    if not lines.evidence:
        return frozenset()
    frame = lines.lines[lines.evidence_mask]
    products = [
        str(name) if isinstance(name, str) and name else str(sku)
        for name, sku in zip(frame[Col.PRODUCT], frame[Col.SKU], strict=True)
    ]
    return frozenset(zip(map(str, frame[Col.CLIENT]), products, strict=True))


def evidence_seats(
    vendor: SideGroups,
    first: npt.NDArray[np.integer],
    v_row: IntArray,
    v_qty: IntArray,
    p_qty: IntArray,
) -> npt.NDArray[np.bool_]:
    """Per compared (client, product): is it only ended lines kept as evidence, with no
    seats on either side? Such a pair is no seat the run saw: the seat history (and the
    anomalies read from it) leaves it out, as it did before the lines were kept.

    Args:
        vendor: the vendor groups (their ``evidence``, names as written).
        first: per vendor sum, its first group row.
        v_row: per compared pair, its vendor sum (-1 none).
        v_qty: per compared pair, the vendor's seats.
        p_qty: per compared pair, the PSA's seats.

    Returns:
        A mask over the pairs.
    """
    out = np.zeros(len(v_row), dtype=bool)
    if not vendor.evidence:
        return out
    clients = vendor.groups[G.CLIENT_NAME]
    products = vendor.groups[G.PRODUCT_NAME]
    for at in np.flatnonzero((v_row >= 0) & (v_qty == 0) & (p_qty == 0)).tolist():
        row = int(first[v_row[at]])
        out[at] = (str(clients.iloc[row]), str(products.iloc[row])) in vendor.evidence
    return out


def ended_whys(
    whys: npt.NDArray[np.object_],
    at: npt.NDArray[np.bool_],
    names: tuple[npt.NDArray[np.object_], npt.NDArray[np.object_]],
    ended_on: Mapping[tuple[str, str], dt.date],
) -> None:
    """Add, in place, the day the vendor shows the product ended to the ``why`` of each
    "missing in vendor" gap (``at``) whose vendor line is an ended product kept as evidence
    (:mod:`recon.formats.ended`, :mod:`recon.formats.credits`), unless it says so already.

    Args:
        whys: every gap's ``why``.
        at: the gaps to look at: missing in vendor, with a vendor line.
        names: per gap, the vendor client and product as the file writes them.
        ended_on: (client, product) as written -> the day it ended.
    """
    clients, products = names
    for i in np.flatnonzero(at).tolist():
        day = ended_on.get((str(clients[i]), str(products[i])))
        if day is not None and "cancelled" not in str(whys[i]):
            whys[i] = f"{whys[i]}; the vendor shows it cancelled on {day.isoformat()}"
