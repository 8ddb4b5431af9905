"""Which live PSA lines are a gap's product: read exactly as the gap's run read them.

A run may read products differently from a fresh :class:`~recon.match.ProductResolver`:
where a person's alias of one text shares its key with spellings the catalogue reads as
another product, and reading them as the alias's product would split that product, the run
leaves them their own product (``kept``, stored with the run). A fix reads the PSA's lines
with the same ``kept``, so a line the run read as F1 is never written for an E1 gap because
its name shares a key with the text a person mapped to E1.

A run recorded before recon kept that (``kept`` unknown) is read as before, but each line is
also read with every spelling left its own product: a line the two readings disagree on, or
a second line the gap's product takes, means the fix can't tell which line the run meant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from recon.catalog import Catalog, product_key
from recon.match import ProductResolver
from recon.model import Knowledge
from recon.store import StoredGap


@dataclass(frozen=True, slots=True)
class LineReading:
    """How a fix tells the gap's product among a client's live PSA lines (name, SKU).

    Attributes:
        matches: whether a line (or a catalogue item) is the gap's product.
        doubt: None when the run's reading is reproduced; else, for a line, why it could
            also be another product ("" when it could not).
    """

    matches: Callable[[str, str], bool]
    doubt: Callable[[str, str], str] | None = None


def _text(name: str) -> str:
    return " ".join(name.casefold().split())


def line_reading(
    gap: StoredGap,
    *,
    catalog: Catalog,
    knowledge: Knowledge,
    kept: frozenset[str] | None,
    live: Iterable[tuple[str, str]] = (),
) -> LineReading:
    """The reading of live PSA lines a fix of ``gap`` rests on.

    Args:
        gap: the gap, as its latest run stored it.
        catalog: the product catalogue.
        knowledge: what people decided (aliases, ignored products).
        kept: what the gap's run kept (:meth:`recon.store.Store.kept_products`); None when
            the run did not record it.
        live: the client's PSA lines now, (name, SKU): a line spelled as the gap's PSA
            product is read with its SKU, as the run read it.
    """
    if kept is None:
        return _unrecorded(gap, catalog, knowledge)
    # Deferred: the engine package loads the whole pipeline, which a fix's imports skip.
    from recon.engine.terms import base_key  # noqa: PLC0415

    resolver = ProductResolver(catalog, knowledge, kept=kept)
    keys = {base_key(gap.product_key)}
    if gap.psa_product:
        # The PSA's own spelling may be paired to the vendor's product by name or seats: the
        # identity the run gave that spelling's line (not its key, which other products'
        # spellings may share) stands in too.
        spelled = _text(gap.psa_product)
        keys.update(resolver.identify(n, s).key for n, s in live if _text(n) == spelled)

    def matches(name: str, sku: str) -> bool:
        return resolver.identify(name, sku).key in keys

    return LineReading(matches)


def _unrecorded(gap: StoredGap, catalog: Catalog, knowledge: Knowledge) -> LineReading:
    """An old run's gap: the reading of before, and its doubts (see the module doc)."""
    fresh = ProductResolver(catalog, knowledge)
    apart = ProductResolver(catalog, knowledge, kept=frozenset(p.id for p in catalog.products()))
    written = product_key(gap.psa_product) if gap.psa_product else ""

    def matches(name: str, sku: str) -> bool:
        if written and name and product_key(name) == written:
            return True
        return fresh.identify(name, sku).key == gap.product_key

    def doubt(name: str, sku: str) -> str:
        read, own = fresh.identify(name, sku), apart.identify(name, sku)
        if read.key == own.key:
            return ""
        return f"{name!r} is {read.name} by a person's alias, or {own.name} by the catalogue"

    return LineReading(matches, doubt)
