"""Maker questions: PSA lines of a maker the vendor file sells nothing of, where the file's
source could sell it ("Is Egnyte bought from Pax8?").

A distributor that sells an MSP none of a maker's products may still be where the MSP buys
that maker: the subscription lapsed while the PSA kept billing (a ghost: refund risk), or it
was never bought (a purchase missing). Or the MSP buys that maker elsewhere. Names cannot
say which, so the run asks once per maker, and shows those lines' gaps now, pending the
answer (:attr:`recon.model.Gap.rests_on`), neither hidden nor settled.

Which makers a file's source can sell is a table by export format (:data:`SOURCES`), from
what each source is: Microsoft Partner Center sells only Microsoft's products (a Partner
Center file never asks about Egnyte); Pax8 is a multi-vendor cloud marketplace (its catalogue
lists Microsoft, Egnyte, Duo, Keeper, Sophos, Acronis and hundreds more). A file of a format
the table does not name (a generic vendor export) never asks: its source is unknown. A
marketplace file that sells one maker only (a Microsoft-only Pax8 customer list) never asks
either: the MSP does not use that source as a marketplace.

A tolerant catalogue reading (brand left out: "Intercept X Advanced") does not count: it may
be another product, and its key names no catalogue product, so no maker (and its text carries
no brand to name one).

Pure: groups and answers in, the products to compare pending and the questions out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from recon.catalog import CatalogProduct, product_key
from recon.catalog._loose import brands_in, is_service_text
from recon.engine.groups import SideGroups
from recon.model import Gap, MakerLine, MakerQuestion, ProductMethod, pending_maker
from recon.money import ZERO, cents

#: Any maker: the source is a marketplace of many makers' products.
ANY_MAKER: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Source:
    """Where a vendor file comes from, and which makers it can sell.

    Attributes:
        name: the source as a billing lead names it ("Pax8").
        makers: the makers it sells, casefolded; empty: any maker (a marketplace).
    """

    name: str
    makers: frozenset[str] = ANY_MAKER

    def sells(self, maker: str) -> bool:
        """True when this source can sell ``maker``'s products."""
        return not self.makers or maker.casefold() in self.makers


_PARTNER_CENTER = Source("Microsoft Partner Center", frozenset({"microsoft"}))
_PAX8 = Source("Pax8")

#: Vendor export format (:attr:`recon.model.LineSet.format_name`) -> its source.
SOURCES: Mapping[str, Source] = {
    "microsoft_nce": _PARTNER_CENTER,
    "microsoft_legacy": _PARTNER_CENTER,
    "partner_center_api": _PARTNER_CENTER,
    "pax8_invoice": _PAX8,
    "pax8_subscriptions": _PAX8,
    "pax8_api": _PAX8,
}


def source_of(format_name: str | None) -> Source | None:
    """The source of a vendor file of this format, or None when the format does not say."""
    return SOURCES.get(format_name or "")


@dataclass(frozen=True, slots=True)
class MakerScope:
    """What the maker questions change in one run's comparison.

    Attributes:
        source: the vendor file's source ("" when unknown: nothing asked).
        bought: makers people said are bought from this source: compared as sold by the file.
        pending: PSA product key -> what its gaps rest on (:func:`recon.model.pending_maker`).
        makers: PSA product key -> its maker, for the keys in ``pending``.
        elsewhere: makers people said are bought elsewhere: never asked again.
        covered: PSA product keys of the makers asked or answered: the run speaks for their
            stored gaps (:class:`recon.model.RunScope`), so a pending gap an answer "bought
            elsewhere" takes out is withdrawn rather than left open.
    """

    source: str = ""
    bought: frozenset[str] = frozenset()
    pending: Mapping[str, str] = field(default_factory=dict)
    makers: Mapping[str, str] = field(default_factory=dict)
    elsewhere: frozenset[str] = frozenset()
    covered: frozenset[str] = frozenset()


BrandMakers = Mapping[tuple[str, ...], frozenset[str]]


def brand_makers(
    products: Iterable[CatalogProduct], brands: frozenset[tuple[str, ...]]
) -> dict[tuple[str, ...], frozenset[str]]:
    """Each catalogue brand (as :meth:`recon.catalog.Catalog.brands` gives them) -> the makers
    whose catalogue product names carry it."""
    out: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for product in products:
        for brand in brands_in(product_key(product.name).split(), brands):
            out[brand].add(product.vendor)
    return {brand: frozenset(found) for brand, found in out.items()}


def _named_maker(
    name: str, brands: frozenset[tuple[str, ...]], by_brand: BrandMakers
) -> str | None:
    """The one maker a text no catalogue rule reads names by its brand ("Egnyte Cloud File
    Server /user"), or None: no brand, brands of two makers, or the MSP's own service."""
    if is_service_text(name):
        return None
    named = brands_in(product_key(name).split(), brands)
    found = {maker for brand in named for maker in by_brand.get(brand, ())}
    return found.pop() if len(found) == 1 else None


def maker_scope(
    format_name: str | None,
    vendor: SideGroups,
    psa: SideGroups,
    makers: Mapping[str, str],
    answers: Iterable[tuple[str, str, bool]] = (),
    *,
    sold_aside: frozenset[str] = frozenset(),
    brands: frozenset[tuple[str, ...]] = frozenset(),
    by_brand: BrandMakers | None = None,
) -> MakerScope:
    """The PSA products to compare pending a maker question, and the makers answered.

    A PSA product qualifies when the catalogue names it (exactly, or by a person's alias),
    it is seat-based, the vendor file carries no line of it, and its maker is one the file
    sells nothing of (not even on a trial or proration line, ``sold_aside``) but the file's
    source can sell, unanswered for that source. A text no catalogue rule reads qualifies too
    when it names one maker by its brand (``brands``, ``by_brand``) and is no service of the
    MSP's own.

    Args:
        format_name: the vendor file's format (:attr:`recon.model.LineSet.format_name`).
        vendor: the vendor side's groups.
        psa: the PSA side's groups.
        makers: product key -> its maker, for the products the catalogue knows.
        answers: (source, maker, bought_here) answers people gave (default: none).
        sold_aside: makers the file sells only on set-aside lines (default: none).
        brands: the catalogue's brands (default: none: texts no rule reads never qualify).
        by_brand: each brand's makers (:func:`brand_makers`; default: none).

    Returns:
        The scope; empty when the source is unknown or sells one maker only.
    """
    source = source_of(format_name)
    if source is None:
        return MakerScope()
    said = {
        maker.casefold(): bought
        for where, maker, bought in answers
        if where.casefold() == source.name.casefold()
    }
    bought = frozenset(m for m, yes in said.items() if yes)
    elsewhere = frozenset(m for m, yes in said.items() if not yes)
    sold = {makers[k].casefold() for k in vendor.products if k in makers}
    sold |= {m.casefold() for m in sold_aside}
    if by_brand:
        # A vendor product the catalogue does not know still says whose it is by its brand
        # ("Barracuda Email Protection Advanced"): that maker is sold by the file.
        for identity in vendor.products.values():
            for brand in brands_in(product_key(identity.name).split(), brands):
                sold |= {m.casefold() for m in by_brand.get(brand, ())}
    answered = frozenset(
        key for key in psa.products if key in makers and makers[key].casefold() in said
    )
    if not source.makers and len(sold) < 2:
        # A marketplace file of one maker only: the MSP buys that maker there, nothing says
        # it buys any other maker there at all.
        return MakerScope(source.name, bought, {}, {}, elsewhere, answered)
    pending: dict[str, str] = {}
    of: dict[str, str] = {}
    for key, identity in psa.products.items():
        maker = makers.get(key)
        if maker is None and identity.method is ProductMethod.NAME and by_brand:
            maker = _named_maker(identity.name, brands, by_brand)
        if (
            maker is None
            or key in vendor.products
            or not identity.seat_based
            or identity.method
            not in (ProductMethod.CATALOGUE, ProductMethod.ALIAS, ProductMethod.NAME)
        ):
            continue
        folded = maker.casefold()
        if folded in sold or folded in said or not source.sells(maker):
            continue
        pending[key] = pending_maker(maker, source.name)
        of[key] = maker
    return MakerScope(source.name, bought, pending, of, elsewhere, answered | set(pending))


def maker_questions(gaps: Iterable[Gap], scope: MakerScope) -> tuple[MakerQuestion, ...]:
    """One question per maker whose lines show gaps pending it, most money first.

    Args:
        gaps: the run's gaps.
        scope: the run's :class:`MakerScope`.
    """
    if not scope.pending:
        return ()
    lines: dict[str, list[MakerLine]] = defaultdict(list)
    for gap in gaps:
        key = gap.product_key.split("~", 1)[0]
        maker = scope.makers.get(key)
        # An empty reason is an answered text compared as sold: no question of its own.
        reason = scope.pending.get(key, "")
        if maker is None or not gap.rests_on or not reason or reason not in gap.rests_on:
            continue
        lines[maker].append(
            MakerLine(
                gap.psa_client or gap.client,
                gap.psa_product or gap.product,
                gap.psa_qty,
                gap.monthly_impact,
            )
        )
    out = []
    for maker, found in lines.items():
        found.sort(key=lambda line: (-abs(line.monthly), line.client, line.product))
        money = cents(sum((abs(line.monthly) for line in found), ZERO))
        out.append(
            MakerQuestion(
                maker=maker,
                source=scope.source,
                lines=tuple(found),
                money_at_stake=money,
                reason=(
                    f"the vendor file sells nothing of {maker}, and {scope.source} sells "
                    f"{maker}: bought elsewhere, or billed and not bought"
                ),
            )
        )
    out.sort(key=lambda q: (-q.money_at_stake, q.maker))
    return tuple(out)
