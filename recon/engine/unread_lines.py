"""PSA lines no rule read, at a client both files have: read per client, or billed unbought.

A PSA text that names a kind rather than a product ("Password Management - Per User",
"Managed Detection & Response") or a product under a name no rule reads is left unmapped
when its seats agree nowhere across clients, and at each client it then says nothing. At a
matched client it is one of two things, and that client's own lines tell which:

- **Part of a vendor line billed under two texts** (or under a name no rule read): the vendor
  sells, at this client, exactly one product the text is alike (the same name in other words,
  or the kind it names, :func:`recon.catalog.text.kind_named`), and the text's seats, with
  the seats already compared as that product here, are exactly the vendor's. It is read as
  that product at this client only; the comparison shows no false gap on either half.
- **Billed, not bought**: the vendor sells nothing at this client the text is alike, every
  vendor line here is billed in full, and the line has a unit cost of its own (the MSP pays
  someone per seat: a service it delivers itself costs it nothing per unit). Then no vendor
  line can be what it bills, and it is ``missing_in_vendor`` under its own text (no product
  invented; ``why`` says so), as a billing ghost is at a client the vendor file lacks.

Anything else (two alike products, seats that do not add up, a vendor line short of its
seats, no cost) stays as it was: unmapped, or the question already asked about it. Texts a
question holds are read per client only on exact seats, never made gaps.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.catalog import load_catalog, product_key
from recon.catalog._loose import brands_in
from recon.catalog.billing_text import bundle_parts
from recon.catalog.line_names import names_line_of
from recon.catalog.suites import suite_readings
from recon.catalog.text import CATALOGUE_PREFIX, compare_product, kind_words_named, says_service
from recon.engine.columns import member
from recon.engine.groups import SideGroups
from recon.engine.join import IntArray, objects_at, objects_of
from recon.engine.open_lines import OpenLines
from recon.engine.pairs import Codes
from recon.engine.text_writes import write_texts
from recon.match import ClientMatching
from recon.match.line_conflicts import LineIndex
from recon.model import G

#: A text at least this alike a vendor product (the bar of same-brand and family names)
#: may be it: it is read as that product on exact seats, and never made a gap beside it.
ALIKE = 70.0
#: How a text is alike something the vendor file sells (:func:`_sold_alike`).
KIND = "kind"
MAKER = "maker"
NAME = "name"
SIMILAR = "similar"
#: The pairing score of a text read as the one alike product at its client, on exact seats.
READ_SCORE = 85.0
#: ... and of a line billed, not bought: sure of the client, less of what it is.
UNBOUGHT_SCORE = 70.0
READ_HOW = (
    "the one vendor product at this client alike it ({name!r}); "
    "its seats with that product's other lines here are the vendor's"
)
PART_HOW = (
    "the one vendor product at this client it names ({name!r}), billed with something "
    "else on one line; no other line here bills it"
)
UNBOUGHT_HOW = (
    "not read as a catalogue product; no vendor line at this client is alike it and every "
    "vendor line here is billed in full, its own unit cost says it is bought per seat"
)

LINE_HOW = (
    "not read as a catalogue product; it names a product line this client buys none of, "
    "and the vendor lines here left unbilled are of another line; its own unit cost says it "
    "is bought per seat"
)


def read_at_matched(lines: OpenLines) -> None:
    """Read, in place, the PSA lines no rule read at matched clients (see the module doc).

    A line read as a vendor product gets that product's code in ``lines.target``; a line
    billed, not bought, its own; both are made comparable. Texts ``lines.asked`` holds are
    read per client only on exact seats; clients in review take no part.
    """
    p_all, target, comparable = lines.p_all, lines.target, lines.comparable
    asked, codes, matching, brands = lines.asked, lines.codes, lines.matching, lines.brands
    vendor, psa = lines.sides
    if not len(p_all) or not len(vendor.groups):
        return
    # One organisation billed as several PSA companies (a site family) is one client here,
    # as the comparison sums it: "Managed Detection & Response" 14 at one office and 47 at
    # the other are the vendor's 61, where either office alone fits nothing.
    head = dict(matching.same_client)
    matched = {head.get(p, p) for p in matching.vendor_to_psa.values()} - matching.held_psa
    matched |= {m for m, h in head.items() if h in matched}
    qty = p_all[G.QTY].fillna(0).to_numpy(dtype=np.int64)
    at_matched = member(p_all[G.CLIENT], matched)
    open_rows = np.flatnonzero(~comparable & at_matched & (qty > 0))
    if not len(open_rows):
        return
    # Only the open rows' texts are ever read: taken by code, not the whole column as objects.
    keys = np.empty(len(p_all), dtype=object)
    keys[open_rows] = objects_at(p_all[G.PRODUCT], open_rows)
    texts = {
        str(k)
        for k in set(keys[open_rows].tolist())
        if (identity := psa.products.get(str(k))) is not None and identity.seat_based
    }
    # A text alike nothing the file sells is passed over at every client, so its clients'
    # seats are never summed (at 60,000 clients most unread texts are such: summing every
    # matched client's seats in Python cost ~1.5 s and ~130 MiB there).
    sold_alike = {key: _sold_alike(psa.products[key].name, vendor, brands) for key in texts}
    texts = {key for key, found in sold_alike.items() if found}
    open_rows = open_rows[member(p_all[G.PRODUCT].iloc[open_rows], texts)]
    if not len(open_rows):
        return
    clients = _folded_clients(p_all, head)
    wanted = {str(c) for c in clients[open_rows].tolist()}
    bought = _vendor_seats(vendor, matching, wanted, head)
    with_members = wanted | {m for m, h in head.items() if h in wanted}
    billed = _billed_seats(p_all, target, comparable, codes, clients, qty, with_members)
    cost = p_all[G.COST].to_numpy(dtype=np.int64)
    sold = brands_sold(vendor, brands) | lines.set_aside_brands
    by_text: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in open_rows.tolist():
        by_text[(str(clients[row]), str(keys[row]))].append(row)
    pairs: dict[tuple[str, str], str] = {}

    def alike_of(key: str, name: str, product: str, service: bool) -> str:
        if (key, product) not in pairs:
            pairs[key, product] = (
                _alike(name, vendor, product, service, brands) if product in vendor.products else ""
            )
        return pairs[key, product]

    lines_sold: list[LineIndex] = []

    def line_of(name: str) -> frozenset[str]:
        if not lines_sold:
            lines_sold.append(LineIndex({k: i.name for k, i in vendor.products.items()}, brands))
        return lines_sold[0].named_by(name)

    read: list[tuple[list[int], str, str]] = []
    unbought: list[int] = []
    other_line: list[int] = []
    left = dict(sorted(by_text.items()))
    for (client, key), product in _read_pass(left, bought, billed, psa, qty, alike_of, sold_alike):
        read.append((left.pop((client, key)), product, READ_HOW))
    parts = _part_pass(left, bought, billed, psa, alike_of, sold_alike, asked)
    for (client, key), product in parts:
        read.append((left.pop((client, key)), product, PART_HOW))
    for (client, key), rows in left.items():
        at = bought.get(client)
        if not at:
            continue
        name = psa.products[key].name
        service = says_service(name) and sold_alike[key] != KIND
        alike = [v for v in sorted(at) if alike_of(key, name, v, service)]
        if alike or key in asked or service or names_other_maker(name, sold, brands):
            # A maker the file never sells is bought elsewhere (recon.engine.scope).
            continue
        here = billed.setdefault(client, {})
        # A text naming one product line ("Cloud PC (Windows 365)") bills none of another
        # line's products: an unbilled one here is not what it bills (line_conflicts).
        line = line_of(name)
        full = all(here.get(v, 0) >= n for v, n in at.items() if not line or v in line)
        if full and (cost[rows] > 0).all():
            unbought.extend(rows)
            if line and not all(here.get(v, 0) >= n for v, n in at.items()):
                other_line.extend(rows)
    if read:
        # Set in one assignment per column: a .loc write on an Arrow column copies it whole.
        index = np.concatenate([np.asarray(rows, dtype=np.int64) for rows, _, _ in read])
        products = [product for rows, product, _ in read for _ in rows]
        hows = [how for rows, _, how in read for _ in rows]
        comparable[index] = True
        target[index] = [codes.product_index[product] for product in products]
        labels = p_all.index[index]
        p_all.loc[labels, "pair_score"] = READ_SCORE
        write_texts(
            p_all,
            "pair_how",
            index,
            [
                how.format(name=vendor.products[product].name)
                for product, how in zip(products, hows, strict=True)
            ],
        )
    if unbought:
        index = np.asarray(sorted(unbought), dtype=np.int64)
        comparable[index] = True
        # Compared as itself: its own code, which no vendor row carries.
        target[index] = [codes.product_index[str(keys[r])] for r in index.tolist()]
        labels = p_all.index[index]
        p_all.loc[labels, "pair_score"] = UNBOUGHT_SCORE
        write_texts(p_all, "pair_how", index, UNBOUGHT_HOW)
        if other_line:
            index = np.asarray(sorted(other_line), dtype=np.int64)
            write_texts(p_all, "pair_how", index, LINE_HOW)


def _read_pass(
    left: dict[tuple[str, str], list[int]],
    bought: dict[str, dict[str, int]],
    billed: dict[str, dict[str, int]],
    psa: SideGroups,
    qty: IntArray,
    alike_of: Callable[[str, str, str, bool], str],
    sold_alike: dict[str, str],
) -> list[tuple[tuple[str, str], str]]:
    """The unread (client, text) pairs read as the one product alike them at their client
    whose seats they complete exactly (``billed`` updated as each is read)."""
    found: list[tuple[tuple[str, str], str]] = []
    for (client, key), rows in left.items():
        at = bought.get(client)
        if not at:
            continue
        name = psa.products[key].name
        # "Password Management": a service word that is the kind's own names the kind.
        service = says_service(name) and sold_alike[key] != KIND
        here = billed.setdefault(client, {})
        # A product already billed in full here takes no more seats: not what this text bills.
        how = {v: alike_of(key, name, v, service) for v in sorted(at) if here.get(v, 0) < at[v]}
        alike = [v for v, how_alike in how.items() if how_alike]
        # Letters alike are enough to hold a gap back, never to read a text as a product.
        sure = [v for v, how_alike in how.items() if how_alike in (KIND, NAME, MAKER)]
        if len(alike) == 1 and sure:
            product = sure[0]
            if here.get(product, 0) + int(qty[rows].sum()) == at[product]:
                found.append(((client, key), product))
                here[product] = at[product]
    return found


def _part_pass(
    left: dict[tuple[str, str], list[int]],
    bought: dict[str, dict[str, int]],
    billed: dict[str, dict[str, int]],
    psa: SideGroups,
    alike_of: Callable[[str, str, str, bool], str],
    sold_alike: dict[str, str],
    asked: Collection[str],
) -> list[tuple[tuple[str, str], str]]:
    """The unread (client, text) pairs read as the one product a part of their text names,
    where the seats differ: "Intune Device Mgmt (1 Year) incl. Datto SaaS Protection" billing
    11 seats where the vendor sells 8 of Microsoft Intune Plan 1 and nothing else bills them.

    The line bills that product with something else, so its seats against the vendor's are
    the real quantity gap; left unread it showed a false "missing in PSA" of all 8 seats
    beside an unmapped line. Only where the product is the one alike the text at the client,
    no PSA line bills any of it there (a question's pending line counts), no other such text
    there names it too, and no question holds the text (its answer decides it)."""
    claims: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for (client, key), _rows in left.items():
        at = bought.get(client)
        name = psa.products[key].name
        if not at or key in asked or not bundle_parts(name):
            continue
        here = billed.get(client, {})
        service = says_service(name) and sold_alike[key] != KIND
        how = {v: alike_of(key, name, v, service) for v in sorted(at)}
        alike = [v for v, how_alike in how.items() if how_alike]
        if len(alike) != 1 or how[alike[0]] not in (KIND, NAME, MAKER):
            continue
        if here.get(alike[0], 0) == 0:
            claims[client, alike[0]].append((client, key))
    # Two unread texts at the client naming the same product: which bills it is not known.
    return [
        (found[0], product)
        for (_client, product), found in sorted(claims.items())
        if len(found) == 1
    ]


def _folded_clients(p_all: pd.DataFrame, head: dict[str, str]) -> npt.NDArray[np.object_]:
    """Each PSA row's client, a family member's rows under the client they are compared as."""
    clients = objects_of(p_all[G.CLIENT])
    if head:
        rows = np.flatnonzero(member(p_all[G.CLIENT], head))
        clients[rows] = [head[str(c)] for c in clients[rows].tolist()]
    return clients


def _vendor_seats(
    vendor: SideGroups, matching: ClientMatching, wanted: set[str], head: dict[str, str]
) -> dict[str, dict[str, int]]:
    """PSA client -> vendor product key -> the vendor's seats there, for the wanted clients
    (a family member's under the client it is compared as)."""
    to_psa = {v: h for v, p in matching.vendor_to_psa.items() if (h := head.get(p, p)) in wanted}
    groups = vendor.groups
    at = member(groups[G.CLIENT], set(to_psa))
    out: dict[str, dict[str, int]] = defaultdict(dict)
    frame = groups.loc[at, [G.CLIENT, G.PRODUCT, G.QTY]]
    for client, product, seats in frame.itertuples(index=False):
        if pd.isna(seats) or int(seats) <= 0:
            continue
        found = out[to_psa[str(client)]]
        found[str(product)] = found.get(str(product), 0) + int(seats)
    return out


def _billed_seats(
    p_all: pd.DataFrame,
    target: IntArray,
    comparable: npt.NDArray[np.bool_],
    codes: Codes,
    clients: npt.NDArray[np.object_],
    qty: IntArray,
    wanted: set[str],
) -> dict[str, dict[str, int]]:
    """PSA client -> product key compared -> the PSA seats compared as it there."""
    rows = np.flatnonzero(comparable & member(p_all[G.CLIENT], wanted) & (target >= 0))
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows.tolist():
        product = codes.product_text[int(target[row])]
        found = out[str(clients[row])]
        found[product] = found.get(product, 0) + int(qty[row])
    return out


def _alike(
    name: str, vendor: SideGroups, key: str, service: bool, brands: frozenset[tuple[str, ...]]
) -> str:
    """How the text may be the vendor product: :data:`KIND` (it names the product's kind),
    :data:`NAME` (a text that is no service, at least :data:`ALIKE` alike by a class of
    name: the same words in other spellings, a subset, an older name), :data:`MAKER` (it
    names the product's maker and nothing else alike: "Barracuda Essentials Advanced" for
    "Barracuda Email Protection Advanced"), :data:`SIMILAR` (letters alike only: "Managed
    Server" and "Huntress Managed EDR", 78), else "".

    A text that names its maker is never another maker's product by the kind it names:
    "Sophos AV" is Sophos's antivirus, not Bitdefender's."""
    found = _alike_whole(name, vendor, key, service, brands)
    if found in (KIND, NAME, MAKER) or service:
        return found
    # "Office 365 E3 - Annual incl. Email Security": the MSP bills its product with
    # something else on one line ("Email Security + M365 E3"). The whole text is alike
    # neither, but one part names the product plainly. Each part is weighed on its own; the
    # caller reads the line only where one product at the client is alike it (a part alike
    # a second product there is a bundle, left to its question) and the seats settle it.
    for part in bundle_parts(name):
        if key == _catalogue_reading(part) or _suite_form_of(part, key):
            # "AGR3558 365 Standard Subscription - 3 Year + Entra ID P1": the part the
            # catalogue reads as the product ("365 Standard ..." is Business Standard) names
            # it as plainly as its own name would, though its letters are far from it. So
            # does "365 E5" of "AGR3558 365 E5 + Entra ID P1", Microsoft 365 E5 or Office
            # 365 E5: the caller reads it only where one product alike it is bought.
            return NAME
        how = _alike_whole(part, vendor, key, False, brands)
        if how in (KIND, NAME, MAKER):
            return how
    return found


def _suite_form_of(name: str, key: str) -> bool:
    """True when the name, a bare "365" for its suite, may be the catalogued product."""
    return key.startswith(CATALOGUE_PREFIX) and key[len(CATALOGUE_PREFIX) :] in suite_readings(name)


@functools.lru_cache(maxsize=4_096)
def _catalogue_reading(name: str) -> str:
    """The product key the catalogue reads a name as ("" when none)."""
    found = load_catalog().lookup(name=name)
    return CATALOGUE_PREFIX + found[0].id if found is not None else ""


def _alike_whole(
    name: str, vendor: SideGroups, key: str, service: bool, brands: frozenset[tuple[str, ...]]
) -> str:
    """:func:`_alike` of the text taken whole."""
    vendor_name = vendor.products[key].name
    named = brands_in(product_key(name).split(), brands)
    makers = brands_in(product_key(vendor_name).split(), brands) if named else frozenset()
    other_maker = bool(named) and named.isdisjoint(makers)
    if not other_maker and kind_words_named(name, key, vendor_name):
        return KIND
    if service:
        return ""
    found = compare_product(name, key, vendor_name, brands)
    if found.score < ALIKE:
        if named and named <= makers:
            return MAKER
        # "Creative Cloud - Monthly": the product's line with its edition left out
        # (recon.catalog.line_names); read only where it is the one product alike here.
        return NAME if names_line_of(name, vendor_name, brands) else ""
    if found.how.startswith("similar name"):
        # Letters alike, and the words the product's line name ("One Drive for Business"
        # for "OneDrive for business (Plan 1)", its plan left out): it names the product as
        # plainly as below the bar.
        return NAME if names_line_of(name, vendor_name, brands) else SIMILAR
    return NAME


def _sold_alike(name: str, vendor: SideGroups, brands: frozenset[tuple[str, ...]]) -> str:
    """:data:`KIND` when the vendor file sells, at some client, a product whose kind the text
    names, :data:`NAME` when one alike it by a class of name (letters alike only do not
    count), else "": this vendor is where the MSP
    buys such a product. A text alike nothing the file sells ("Intercept X Advanced" where
    the file sells only Microsoft) may be bought elsewhere."""
    found = ""
    for key in vendor.products:
        how = _alike(name, vendor, key, False, brands)
        if how == KIND:
            return KIND
        if how in (NAME, MAKER):
            found = NAME
    return found


def kind_products(name: str, vendor: SideGroups, brands: frozenset[tuple[str, ...]]) -> list[str]:
    """The vendor products whose kind the text names ("Managed AV - Workstation": the file's
    Bitdefender GravityZone), as vendor keys.

    Args:
        name: the PSA text as written.
        vendor: the vendor side's groups.
        brands: the catalogue's maker brands.
    """
    return [
        key for key in vendor.products if _alike_whole(name, vendor, key, False, brands) == KIND
    ]


def brands_sold(vendor: SideGroups, brands: frozenset[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The brands the vendor file's product names carry, each name read once."""
    return _brands_of((i.name for i in vendor.products.values()), brands)


def _brands_of(names: Iterable[str], brands: frozenset[tuple[str, ...]]) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for name in names:
        out |= brands_in(product_key(name).split(), brands)
    return out


def names_other_maker(
    name: str, sold: set[tuple[str, ...]], brands: frozenset[tuple[str, ...]]
) -> bool:
    """True when the text (as written, or as the catalogue names the product it read) names
    makers of which the vendor file sells none ("Keeper Enterprise", the file selling no
    Keeper)."""
    named = brands_in(product_key(name).split(), brands)
    return bool(named) and named.isdisjoint(sold)
