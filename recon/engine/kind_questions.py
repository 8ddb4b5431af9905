"""Kind questions: PSA lines billed under a kind of product ("Antivirus", "Web Filtering") that
the vendor file sells nothing of, where the file's source could sell it ("Is 'Antivirus'
bought from Pax8?").

An MSP's PSA often bills a licence by what it is rather than by its name. Beside a product of
that kind the run weighs them (:mod:`recon.engine.kind_beside`, :mod:`recon.engine.kind_unsold`);
but where the vendor file sells nothing of the kind at all, no product can be named, and the
line was listed "unmapped": seats billed with no purchase behind them in this file (a licence
that lapsed while the PSA kept billing, or one never bought) were stated nowhere. Or the MSP
buys that kind elsewhere. Names cannot say which, so the run asks once per text, as it asks
about a maker the file sells nothing of (:mod:`recon.engine.maker_questions`), and shows those
lines' "missing in vendor" now, pending the answer. "Yes" (bought from that source) makes them
gaps; "no" (bought elsewhere) withdraws them, and the text is not asked again.

A text qualifies when all of these hold:

- no catalogue rule reads it, or only a guess with the brand left out does ("Antivirus" as
  Datto AV: Datto names its product by its kind), it is written one way, it carries no brand
  (a brand names its maker: the maker question speaks for it), and it names a catalogue kind
  (:func:`recon.catalog.text.text_names_family`: the kind's words or the phrases
  ``kinds.csv`` lists, never a service about it);
- the vendor file sells nothing of any kind it names (:data:`recon.engine.one_kind.ONE_KIND`
  read), by a catalogued product or by the words or brand of a name the catalogue lacks, at
  a price one of the text's unit costs lies within :data:`~recon.engine.line_costs.FIT` of
  (an EDR product at $4.01 is not what "Antivirus" at a cost of $1.73 resells);
- every line of it carries a unit cost: a ConnectWise addition and an Autotask contract service
  carry what the MSP pays per unit for what the line bills (:mod:`recon.formats.costs`); a
  licence resold costs the distributor's price, a service the MSP delivers itself costs it
  nothing per unit;
- the file's source is a marketplace of many makers (Pax8's catalogue lists antivirus, DNS
  filtering, password managers, backup and email security from many makers) and the file buys
  from two makers or more there, as for maker questions; or the source sells one maker's
  products (Partner Center) and the text is one of that maker's products' own names with the
  brand left out ("Phone System", Teams Phone's former name: :mod:`recon.engine.maker_kind_names`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterable, Mapping

import pandas as pd

from recon.catalog import load_catalog, product_key
from recon.catalog._loose import brands_in, is_service_text
from recon.catalog.text import CATALOGUE_PREFIX, families_named
from recon.engine.columns import member
from recon.engine.groups import SideGroups
from recon.engine.kind_unsold import fits, unit_costs
from recon.engine.maker_kind_names import makers_own_name
from recon.engine.maker_questions import MakerScope, source_of
from recon.engine.one_kind import ONE_KIND
from recon.model import G, ProductMethod, pending_maker


def kind_scope(
    scope: MakerScope,
    format_name: str | None,
    vendor: SideGroups,
    psa: SideGroups,
    makers: dict[str, str],
    answers: Iterable[tuple[str, str, bool]] = (),
    *,
    brands: frozenset[tuple[str, ...]] = frozenset(),
    matched: Collection[str] = frozenset(),
    paired: Mapping[str, str] | None = None,
) -> MakerScope:
    """The maker scope with the kind texts added: asked about as their own "maker", or
    compared as sold by the file where a person answered "bought here" (module docstring).

    Args:
        scope: the run's maker scope (:func:`recon.engine.maker_questions.maker_scope`).
        format_name: the vendor file's format (:attr:`recon.model.LineSet.format_name`).
        vendor: the vendor side's groups.
        psa: the PSA side's groups.
        makers: product key -> its maker, for the products the catalogue knows.
        answers: (source, maker, bought_here) answers people gave (default: none): a kind
            text is answered under its own words.
        brands: the catalogue's brands (default: none).
        matched: the PSA clients matched to a vendor client or offered to a review item
            (default: none). A text billed only elsewhere, that does not say it is the MSP's
            own service, is a billing ghost there (:mod:`recon.engine.ghosts`), compared as
            itself and settled: never asked about this way.
        paired: vendor client -> PSA client for every match (default: none). A text billed
            at a client that buys a product of its kind is left to the passes that weigh the
            lines side by side, whatever that product's price.

    Returns:
        The scope, with the kind texts' pending reasons and labels; a text answered "bought
        here" is compared decided (an empty reason), one answered "elsewhere" not at all.
    """
    source = source_of(format_name)
    if source is None or not scope.source:
        return scope
    # A source of one maker (Partner Center) is asked only about a text that is one of its
    # maker's products' own names, brand left out (recon.engine.maker_kind_names).
    own_maker = source.makers
    sold_makers = {makers[k].casefold() for k in vendor.products if k in makers}
    if not own_maker and len(sold_makers) < 2:
        return scope  # a one-maker file: nothing says the MSP buys any other kind there
    said = {
        maker.casefold(): bought
        for where, maker, bought in answers
        if where.casefold() == source.name.casefold()
    }
    product_kinds = _product_kinds(vendor, brands)
    # A text no rule reads, or one a catalogue guess read only with the brand left out
    # ("Antivirus" as Datto AV: Datto names its product by its kind), as the PSA writes it.
    read = {
        key
        for key, identity in psa.products.items()
        if (identity.method is ProductMethod.NAME or identity.tolerant)
        and identity.seat_based
        and key not in vendor.products
        and key not in scope.pending
    }
    written = _written(psa.groups, read)
    texts: dict[str, frozenset[str]] = {}
    for key, name in written.items():
        if brands_in(product_key(name).split(), brands):
            continue  # a brand names its maker: the maker question speaks for it
        if _names_a_product(name):
            continue  # "Office 365 E3 - Annual incl. Email Security" bills E3, not a kind
        named = _kinds_named(name)
        if named and (not own_maker or makers_own_name(name, own_maker, named)):
            texts[key] = named
    ghosts = _ghosts(psa.groups, {k for k in texts if not is_service_text(written[k])}, matched)
    texts = {k: named for k, named in texts.items() if k not in ghosts}
    texts = _not_bought_beside(texts, psa.groups, vendor, product_kinds, paired or {})
    costs = _costs(psa.groups, set(texts))
    # Only the products of a kind some text names are priced: every vendor row is ~880,000
    # at 60,000 clients, a Python loop of about a second.
    named_kinds = frozenset().union(*texts.values()) if texts else frozenset()
    prices = unit_costs(vendor.groups, {p for p, of in product_kinds.items() if of & named_kinds})
    names: dict[str, str] = {}
    for key, named in texts.items():
        if key not in costs:
            continue  # a line without a unit cost: the MSP's own service, or unknown
        # A product of the kind at a price the text's cost is not (an EDR at $4 beside
        # "Antivirus" at $1.73) is not what the text bills; one whose price is unknown may be.
        sold = [
            p
            for p, of in product_kinds.items()
            if of & named and (p not in prices or any(fits([c], prices[p]) for c in costs[key]))
        ]
        if not sold:
            names[key] = written[key]
    pending = dict(scope.pending)
    labels = dict(scope.makers)
    for key, name in names.items():
        answer = said.get(name.casefold())
        if answer is False:
            continue  # bought elsewhere: not this file's to compare
        # Answered "bought here": compared as sold, decided; else pending the question.
        pending[key] = "" if answer else pending_maker(name, source.name)
        labels[key] = name
    return dataclasses.replace(
        scope, pending=pending, makers=labels, covered=scope.covered | frozenset(names)
    )


#: Where a PSA text splits into what it bills and what it says about it ("Office 365 E3 -
#: Annual incl. Email Security", "Backup (Workstation)").
_SEGMENTS = re.compile(r"\s+[-–|:]\s+|[()\[\],;]|\bincl\.?\s|\bincluding\b", re.IGNORECASE)


def _names_a_product(text: str) -> bool:
    """True when a segment of the text is a catalogued product by its name or SKU: the text
    bills that product, whatever kind of product its other words also name."""
    catalog = load_catalog()
    for segment in _SEGMENTS.split(text):
        part = segment.strip()
        if not part:
            continue
        found = catalog.lookup(name=part)
        if found is not None and found[1] in ("name", "SKU"):
            return True
    return False


def _not_bought_beside(
    texts: dict[str, frozenset[str]],
    groups: pd.DataFrame,
    vendor: SideGroups,
    product_kinds: Mapping[str, frozenset[str]],
    paired: Mapping[str, str],
) -> dict[str, frozenset[str]]:
    """The texts billed at no client that buys a product of a kind they name and bills no
    line of it: there that product's seats beside the text's decide (a price is a witness,
    never a proof), as :mod:`recon.engine.kind_unsold` leaves an unbilled line of its kind."""
    if not texts or not paired:
        return texts
    # Only the clients the texts are billed at are looked at: at 60,000 clients turning
    # every group row into text cost about 60 MiB and seconds.
    rows = groups.loc[member(groups[G.PRODUCT], set(texts)), [G.CLIENT, G.PRODUCT]].astype(str)
    rows = rows.drop_duplicates()
    where = set(rows[G.CLIENT])
    theirs = {v: p for v, p in paired.items() if p in where}
    if not theirs:
        return texts
    at_where = groups.loc[member(groups[G.CLIENT], where), [G.CLIENT, G.PRODUCT]].astype(str)
    billed = set(at_where.itertuples(index=False, name=None))
    bought = vendor.groups.loc[
        member(vendor.groups[G.CLIENT], set(theirs)), [G.CLIENT, G.PRODUCT, G.QTY]
    ]
    bought = bought.loc[(bought[G.QTY].fillna(0) > 0).to_numpy(), [G.CLIENT, G.PRODUCT]]
    unbilled_kinds: dict[str, set[str]] = {}
    for client, product in bought.astype(str).drop_duplicates().itertuples(index=False):
        at = theirs[client]
        if (at, product) not in billed:
            unbilled_kinds.setdefault(at, set()).update(product_kinds.get(product, ()))
    beside = {
        str(text)
        for client, text in rows.itertuples(index=False)
        if unbilled_kinds.get(client, set()) & texts[str(text)]
    }
    return {k: named for k, named in texts.items() if k not in beside}


def _kinds_named(text: str) -> frozenset[str]:
    """The catalogue kinds a text names (:data:`ONE_KIND` read)."""
    return frozenset(ONE_KIND.get(f, f) for f in families_named(text))


def _product_kinds(
    vendor: SideGroups, brands: frozenset[tuple[str, ...]]
) -> dict[str, frozenset[str]]:
    """Vendor product -> the kinds it is: a catalogued product's own, else the kinds its
    name names in words and every kind of the maker its brand names."""
    catalog = load_catalog()
    out: dict[str, frozenset[str]] = {}
    for key, identity in vendor.products.items():
        if key.startswith(CATALOGUE_PREFIX):
            product = catalog.get(key[len(CATALOGUE_PREFIX) :])
            if product is not None and product.family:
                out[key] = frozenset({ONE_KIND.get(product.family, product.family)})
                continue
        found = set(_kinds_named(identity.name))
        named = brands_in(product_key(identity.name).split(), brands)
        if named:
            found |= {
                ONE_KIND.get(p.family, p.family)
                for p in catalog.products()
                if p.family and brands_in(product_key(p.name).split(), frozenset(named))
            }
        out[key] = frozenset(found)
    return out


def _written(groups: pd.DataFrame, keys: set[str]) -> dict[str, str]:
    """Product key -> the one spelling its lines are written in (keys written two ways left
    out: which of them is the kind's text is not known)."""
    if not keys:
        return {}
    rows = groups.loc[member(groups[G.PRODUCT], keys), [G.PRODUCT, G.PRODUCT_NAME]]
    # Distinct on the categories' codes first, then as text (two cells alike only as text
    # still fold): the same spellings in the same order, without every row made text.
    spelled = rows.drop_duplicates().astype(str).drop_duplicates()
    counts = spelled[G.PRODUCT].value_counts()
    return {
        str(key): str(name) for key, name in spelled.itertuples(index=False) if counts[key] == 1
    }


def _ghosts(groups: pd.DataFrame, keys: set[str], matched: Collection[str]) -> set[str]:
    """The keys billed at no client in ``matched``."""
    if not keys:
        return set()
    rows = groups.loc[member(groups[G.PRODUCT], keys), [G.CLIENT, G.PRODUCT]]
    # Only the products of matched rows made text (every group row has a client).
    seen = set(rows.loc[member(rows[G.CLIENT], set(matched)), G.PRODUCT].astype(str))
    return keys - seen


def _costs(groups: pd.DataFrame, texts: set[str]) -> dict[str, list[int]]:
    """Text -> its lines' unit costs (micro), for the texts every line of which carries one
    above zero."""
    if not texts or G.COST not in groups.columns:
        return {}
    rows = groups.loc[member(groups[G.PRODUCT], texts), [G.PRODUCT, G.COST]]
    out: dict[str, list[int]] = {}
    free: set[str] = set()
    for text, cost in rows.itertuples(index=False):
        if pd.isna(cost) or int(cost) <= 0:
            free.add(str(text))
        else:
            out.setdefault(str(text), []).append(int(cost))
    return {t: c for t, c in out.items() if t not in free}
