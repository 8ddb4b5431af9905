"""The bundled product catalogue: which product a vendor or PSA line is, whatever it is called.

Products never have the same name in two systems. A vendor file says "Microsoft 365 Business
Premium" or ``CFQ7TTC0LCHC`` or ``SPB``; a PSA says "M365 BP". Fuzzy matching alone pairs the
wrong SKUs, so identity comes first from this catalogue: data files anyone can extend,
``products.csv`` (one row per product) and ``aliases.csv`` (every other name or id it goes by:
old names, Microsoft string ids and licence GUIDs, new-commerce product ids, the abbreviations
people type into a PSA).

Lookups are exact and never fuzzy, since a wrong catalogue hit silently mis-bills: an id
matches case-insensitively, and a name matches when its :func:`product_key` equals the key of
a product name or alias. :func:`tier_tokens` and :func:`tiers_compatible` guard the engine's
own fuzzy pairing, so "Business Standard" never pairs with "Business Premium".

Usage::

    catalog = load_catalog()
    catalog.identify(sku="CFQ7TTC0LCHC:0002").name   # 'Microsoft 365 Business Premium'
    catalog.identify(name="Office 365 Business Premium").name   # '... Business Standard'
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from recon.catalog._keys import (
    TierRelation,
    product_key,
    tier_relation,
    tier_tokens,
    tiers_compatible,
)
from recon.catalog._loose import LooseIndex, qualifier_cores
from recon.catalog.billing_text import billing_core, id_tokens, is_category
from recon.catalog.former_names import former_lines
from recon.catalog.licensed_names import licensed_product
from recon.catalog.maker_monitoring import is_managed, without_monitoring
from recon.catalog.windows_versions import without_windows_version
from recon.errors import ReconError, UsageError

__all__ = [
    "ALIAS_KINDS",
    "NO_TEAMS",
    "Catalog",
    "CatalogProduct",
    "TierRelation",
    "load_catalog",
    "product_key",
    "qualifier_cores",
    "tier_relation",
    "tier_tokens",
    "tiers_compatible",
]

#: The kinds of alias ``aliases.csv`` may hold. The first three are ids, matched as SKUs.
ALIAS_KINDS = frozenset(
    {"string_id", "product_id", "sku_guid", "old_name", "abbreviation", "name_variant"}
)
_ID_KINDS = frozenset({"string_id", "product_id", "sku_guid"})
#: Aliases that are whole product names (an abbreviation is too short to compare names with).
_NAME_KINDS = frozenset({"old_name", "name_variant"})
_PRODUCT_COLUMNS = ("id", "name", "vendor", "family", "seat_based")
_ALIAS_COLUMNS = ("product_id", "alias", "kind")
_BOOLS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_GUID = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")
# Microsoft new-commerce product ids, found inside longer SKU strings ("P1Y:CFQ7TTC0LCHC:0002:1").
_MS_PRODUCT_ID = re.compile(r"(?:CFQ7TTC0|DG7GMGF0|DZH318Z0)[0-9A-Z]{4}")
#: A machine size written after a product's name: "2 vCPU, 4 GB, 128 GB", "(8vCPU/32GB/512GB)".
_SIZE = re.compile(
    r"[\s,(-]*\b\d+\s*v?CPUs?\b(?:[\s,/|]+\d+\s*(?:GB|TB)(?:\s*RAM)?\b)+\)?",
    re.IGNORECASE,
)
_SKU_PARTS = re.compile(r"[\s:/|;,]+")
#: Microsoft's "(no Teams)" suite editions, with the EEA marker they were first sold under.
NO_TEAMS = re.compile(
    r"(?:\bEEA\s*)?[(\[]?\s*(?:\bno|\bwithout|\bw/o|\bexcl\.?|\bexcluding)\s+"
    r"(?:microsoft\s+)?teams\b\s*[)\]]?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class CatalogProduct:
    """One product the catalogue knows.

    Attributes:
        id: our stable slug, e.g. ``ms-m365-business-premium``.
        name: the product's current official name.
        vendor: who makes it (Microsoft, SentinelOne, ...).
        family: what kind of product it is ("Microsoft 365", "EDR", "Backup", ...).
        seat_based: False for consumption products (Azure plan) that are not seat-reconciled.
    """

    id: str
    name: str
    vendor: str
    family: str
    seat_based: bool


# --- the catalogue -------------------------------------------------------------------------


class Catalog:
    """Products and every name and id they go by; exact lookups only.

    Build one with :func:`load_catalog`.
    """

    def __init__(
        self,
        products: dict[str, CatalogProduct],
        by_key: dict[str, CatalogProduct],
        by_id: dict[str, CatalogProduct],
        names: tuple[tuple[str, str, str], ...] = (),
        other_names: dict[str, tuple[str, ...]] | None = None,
        old_names: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self._products = products
        self._by_key = by_key
        self._by_id = by_id
        self._names = names
        self._other_names = other_names or {}
        self._loose: LooseIndex | None = None
        self._former = former_lines(
            ((old, products[product_id].name) for product_id, old in old_names),
            (p.name for p in products.values()),
        )

    def identify(self, name: str = "", sku: str = "") -> CatalogProduct | None:
        """The catalogue product a line is, from its SKU first and then its name.

        The SKU matches product ids, string ids and licence GUIDs exactly (case-insensitive),
        also inside longer SKU strings: ``CFQ7TTC0LCHC:0002`` and
        ``CFQ7TTC0LCHC:0002:CFQ7TTC0X6RN`` are ``CFQ7TTC0LCHC``. Then the name's
        :func:`product_key` must equal the key of a product name or alias; then the key
        written without spaces, or without the vendor's brand, must be that of exactly one
        product ("PowerBI Pro", "SaaS Protection"); then the name once a short qualifier is set
        aside; then a maker's brand with words that force one of its products ("IRONSCALES
        Anti-Phishing", see :meth:`LooseIndex.by_brand`). Last, a SKU that is no known id is
        tried as a name ("M365-BP"). Never fuzzy.

        Args:
            name: the product name as written (default: none).
            sku: the SKU, product id or offer id as written (default: none).

        Returns:
            The product, or None when the catalogue doesn't know it.
        """
        found = self.lookup(name=name, sku=sku)
        return found[0] if found is not None else None

    def lookup(self, name: str = "", sku: str = "") -> tuple[CatalogProduct, str] | None:
        """Like :meth:`identify`, and also say how the product was recognised.

        Args:
            name: the product name as written (default: none).
            sku: the SKU as written (default: none).

        Returns:
            (product, how) where how is ``"SKU"``, ``"name"`` or a few words on a tolerant
            name match; None when the catalogue doesn't know it.
        """
        by_name = self._by_key.get(product_key(name)) if name and not name.isspace() else None
        if sku and not sku.isspace():
            hit, new_commerce = self._by_sku(sku)
            if hit is not None:
                if new_commerce and by_name is not None and by_name.id != hit.id:
                    # A new-commerce product id came with today's product names, so an export
                    # whose own name for the line says another product contradicts our id
                    # table, not itself: the export's name wins. (String ids are older than
                    # the renames: SPE_F1 is F3 whatever an old export calls it.)
                    return by_name, "name (its product id is listed for another product)"
                if new_commerce and by_name is None:
                    named = self._naming_another(name, hit)
                    if named is not None:
                        return named
                return hit, "SKU"
        if by_name is not None:
            return by_name, "name"
        if name and not name.isspace():
            by_id = self._by_string_id(name)
            if by_id == "conflict":
                return None
            if by_id is not None and not isinstance(by_id, str):
                return by_id
            edition = self._without_teams(name)
            if edition is not None:
                return edition
            loose = self._loose_index().find(name)
            if loose is not None:
                return self._products[loose[0]], loose[1]
            qualified = self._without_qualifier(name)
            if qualified is not None:
                return qualified
            sized = self._without_size(name)
            if sized is not None:
                return sized
            branded = self._by_brand(name)
            if branded is not None:
                return branded
            suiteless = self._without_suite(name)
            if suiteless is not None:
                return suiteless
            billed = self._without_billing_words(name)
            if billed is not None:
                return billed
            renamed = self._under_former_name(name)
            if renamed is not None:
                return renamed
            watched = self._watched_by_maker(name)
            if watched is not None:
                return watched
            licensed = licensed_product(name)
            if licensed is not None and licensed in self._products:
                return self._products[licensed], "a Teams add-on's bare name, with a licence word"
            versionless = without_windows_version(name)
            found = self._by_key.get(versionless) if versionless else None
            if found is not None:
                return found, "name, with the Windows version set aside"
        if sku and not sku.isspace():
            hit = self._by_key.get(product_key(sku))
            if hit is not None:
                return hit, "SKU read as a name"
        return None

    def _by_string_id(self, name: str) -> tuple[CatalogProduct, str] | str | None:
        """The product a licence string id written in the name is ("365 Standard
        (O365_BUSINESS_PREMIUM)", "SPB - M365 Business Premium", "ENTERPRISEPACK").

        Ids are exact public facts (aliases.csv, from Microsoft's licensing table), so the id
        decides, unless the rest of the name reads as another product or its edition words
        say another edition: then the text says two things and ``"conflict"`` is returned,
        so the line is left unread (to the seats and a question) rather than guessed.
        """
        hits = {
            (hit.id, token): (start, end)
            for token, start, end in id_tokens(name)
            if (hit := self._by_id.get(token.upper())) is not None
        }
        if len({product_id for product_id, _ in hits}) != 1:
            return "conflict" if hits else None
        ((product_id, token), (start, end)) = next(iter(hits.items()))
        hit = self._products[product_id]
        rest = (name[:start] + " " + name[end:]).strip(" -,:;|()[]")
        rest = " ".join(re.sub(r"\(\s*\)|\[\s*\]", " ", rest).split()).strip(" -,:;|")
        # "Microsoft 365 Licensing: STANDARDPACK": the rest is the PSA catalogue's category
        # (billing_text), which names a group of items, not a second product or edition.
        if rest and not rest.isspace() and not is_category(rest):
            if tier_relation(rest, hit.name) is TierRelation.CONFLICT:
                return "conflict"
            read = self.lookup(name=rest)
            if read is not None and read[0].id != hit.id:
                return "conflict"
        return hit, f"Microsoft string id {token} in the name"

    def _without_billing_words(self, name: str) -> tuple[CatalogProduct, str] | None:
        """The product a name is once the counts, prices, periods, item codes, categories and
        bundled services it carries are set aside (:func:`billing_core`): "25 x M365 E3 @
        $36.00", "Managed Services: Project Plan 3", "MS-365BP Microsoft 365 Business
        Premium". What is left must read as one product by any reading but a brand guess."""
        core = billing_core(name)
        if core == " ".join(name.split()) or not product_key(core):
            return None
        read = self.lookup(name=core)
        if read is None or "brand" in read[1]:
            return None
        found, how = read
        return found, f"{how}, with the billing words of {name!r} set aside"

    def _under_former_name(self, name: str) -> tuple[CatalogProduct, str] | None:
        """The product a text names under its line's former name, with its own edition
        ("Defender ATP P1": Microsoft Defender for Endpoint P1); see
        :mod:`recon.catalog.former_names`. The text with today's line name (also once a short
        qualifier or its billing words are set aside: "Defender ATP P2 - M2M") must read as
        one product by any reading but a brand guess."""
        hits: dict[str, tuple[CatalogProduct, str]] = {}
        cores = (name, billing_core(name), *(core for core, _ in qualifier_cores(name)))
        for core in dict.fromkeys(cores):
            found = self._former.reread(core)
            if found is None:
                continue
            current, former = found
            # Each reading replaces a retired word with words in use: it never comes back here.
            read = self.lookup(name=current)
            if read is not None and "brand" not in read[1]:
                how = f"{read[1]}, with {former!r} read as the line's current name"
                hits.setdefault(read[0].id, (read[0], how))
        if len(hits) != 1:
            return None
        return next(iter(hits.values()))

    def _watched_by_maker(self, name: str) -> tuple[CatalogProduct, str] | None:
        """The managed product a text names with what its maker does ("Huntress M365
        Monitoring": Huntress Managed ITDR; see :mod:`recon.catalog.maker_monitoring`). The
        rest must read as one managed product by any reading but a brand guess."""
        rest = without_monitoring(name)
        read = self.lookup(name=rest) if rest is not None else None
        if read is None or "brand" in read[1] or not is_managed(read[0].name, read[0].family):
            return None
        return read[0], f"{read[1]}, with the maker's own monitoring in {name!r} read as it"

    def _naming_another(self, name: str, hit: CatalogProduct) -> tuple[CatalogProduct, str] | None:
        """The product a line's own name says when it names another edition than the one
        its new-commerce product id is listed for in our id table.

        Distributors and Partner Center put offer words around the name ("Azure Active
        Directory Premium P1 - Device", "Microsoft Entra ID P1 (New Commerce)"), so the exact
        lookup misses it, yet the name still says P1 where the id says P2. Two public id
        tables disagree on such ids (see aliases.csv), so the export's name wins, as it does
        when it is written exactly: only a reading that is the same name (a short offer,
        unit or term qualifier set aside, or spaces left out; never a brand or suite guess),
        and only where its edition words contradict the id's product.
        """
        if not name or name.isspace() or tier_relation(name, hit.name) is not TierRelation.CONFLICT:
            return None
        found = self._without_qualifier(name)
        if found is None:
            loose = self._loose_index().find(name)
            if loose is not None and "without spaces" in loose[1]:
                found = self._products[loose[0]], loose[1]
        if found is None or found[0].id == hit.id:
            return None
        return found[0], f"{found[1]} (its product id is listed for another product)"

    def _without_teams(self, name: str) -> tuple[CatalogProduct, str] | None:
        """The product a Microsoft suite name is once its "(no Teams)" edition words are set
        aside ("Microsoft 365 E3 (no Teams)", "Office 365 E3 EEA (no Teams)").

        Microsoft has sold its suites without Teams in the EEA since October 2023 and
        worldwide since April 2024, under the suite's own name with "(no Teams)" added
        (microsoft.com/licensing/news/Microsoft365-Teams-WW). An MSP bills those seats as
        the suite, so the edition is read as its suite, and says so. The rest must read as a
        Microsoft product that is not Teams itself, by any reading but a brand left out.
        """
        match = NO_TEAMS.search(name)
        if match is None:
            return None
        core = (name[: match.start()] + " " + name[match.end() :]).strip(" -,")
        read = self.lookup(name=core) if core and not NO_TEAMS.search(core) else None
        if read is None or "brand" in read[1]:
            return None  # a brand left out as well is two guesses
        found, how = read
        if found.vendor != "Microsoft" or "teams" in product_key(found.name):
            return None
        return found, f"{how}, the (no Teams) edition of its suite"

    def _without_qualifier(self, name: str) -> tuple[CatalogProduct, str] | None:
        """The one product the name is once a short category or billing qualifier is set
        aside ("SW - ...", "Licensing: ...", "... - M2M"); see :func:`qualifier_cores`.

        Every reading must agree on one product, and the core must be a catalogue name or
        alias exactly (or written without spaces): a qualifier set aside *and* a brand left
        out is two guesses, too many.
        """
        hits: dict[str, str] = {}
        cores = qualifier_cores(name)
        for core, qualifier in cores:
            found, how = self._exactly(core)
            if found is not None:
                hits.setdefault(found.id, f"{how}, with the qualifier {qualifier!r} set aside")
        if not hits:
            # A category before the name and a marketing word after it, both at once ("SW -
            # Defender for Business (standalone)"): PSA catalogues prefix the category and
            # Microsoft's own pages call the product sold alone "Defender for Business
            # standalone" (learn.microsoft.com/defender-business/mdb-overview). Each part
            # set aside is short and carries no tier word, as one qualifier must; the core
            # must still be a catalogue name exactly.
            for core, qualifier in cores:
                for inner, second in qualifier_cores(core):
                    found, how = self._exactly(inner)
                    if found is not None:
                        words = f"{qualifier!r} and {second!r}"
                        hits.setdefault(found.id, f"{how}, with the qualifiers {words} set aside")
        if len(hits) != 1:
            return None
        ((product_id, how),) = hits.items()
        return self._products[product_id], how

    def _exactly(self, core: str) -> tuple[CatalogProduct | None, str]:
        """The product a core is by its name or alias exactly, or written without spaces."""
        found = self._by_key.get(product_key(core))
        if found is not None:
            return found, "name"
        # The same letters without spaces are one spelling, not a guess: allowed.
        loose = self._loose_index().find(core)
        if loose is not None and "without spaces" in loose[1]:
            return self._products[loose[0]], loose[1]
        return None, "name"

    def _without_size(self, name: str) -> tuple[CatalogProduct, str] | None:
        """The product a name is once its machine size is set aside ("Windows 365 Business
        2 vCPU, 4 GB, 128 GB").

        Microsoft sells each Cloud PC size as its own SKU under the product's name with the
        size after it (the licensing service plan reference lists "Windows 365 Business 2
        vCPU 4 GB 128 GB" as CPC_B_2C_4RAM_128GB, and so on); every size's string id is the
        one product here, so the name with its size is that product too. The rest must be a
        catalogue name exactly.
        """
        match = _SIZE.search(name)
        if match is None:
            return None
        core = (name[: match.start()] + " " + name[match.end() :]).strip(" -,()")
        found = self._by_key.get(product_key(core)) if core else None
        if found is None:
            return None
        return found, f"name, with the machine size {match.group(0).strip(' ,')!r} set aside"

    def _without_suite(self, name: str) -> tuple[CatalogProduct, str] | None:
        """The product a name is with its suite word left out (:meth:`LooseIndex.without_suite`),
        also once a short qualifier is set aside ("365 Business Premium - M2M"); every reading
        must agree on one product."""
        index = self._loose_index()
        found = index.without_suite(name)
        if found is not None:
            return self._products[found[0]], found[1]
        hits = {hit for core, _ in qualifier_cores(name) if (hit := index.without_suite(core))}
        if len({product_id for product_id, _ in hits}) != 1:
            return None
        product_id, how = hits.pop()
        return self._products[product_id], how

    def _by_brand(self, name: str) -> tuple[CatalogProduct, str] | None:
        """The product a brand and its deciding words name (see :meth:`LooseIndex.by_brand`),
        unless the name's tier words contradict that product's ("IRONSCALES Premium" is
        not a product the catalogue lacks words for when the tiers say otherwise)."""
        found = self._loose_index().by_brand(name)
        if found is None:
            return None
        product = self._products[found[0]]
        if tier_relation(name, product.name) is TierRelation.CONFLICT:
            return None
        return product, found[1]

    def other_names(self, product_id: str) -> tuple[str, ...]:
        """The product's older names and other vendor spellings (aliases of kind ``old_name``
        and ``name_variant``), in file order; empty for an unknown id.

        Example:
            >>> load_catalog().other_names("ms-m365-business-basic")
            ('Office 365 Business Essentials',)
        """
        return self._other_names.get(product_id, ())

    def brands(self) -> frozenset[tuple[str, ...]]:
        """Every vendor brand the catalogue knows, as word sequences (("check", "point"),)."""
        return self._loose_index().brands

    def _loose_index(self) -> LooseIndex:
        if self._loose is None:
            current = ((p.id, p.name) for p in self._products.values())
            families = {p.id: p.family for p in self._products.values()}
            self._loose = LooseIndex(self._names, current, families)
        return self._loose

    def _by_sku(self, sku: str) -> tuple[CatalogProduct | None, bool]:
        """The product a SKU names, and whether it was named by a new-commerce product id."""
        text = sku.strip().upper()
        hit = self._by_id.get(text)
        if hit is not None:
            return hit, _MS_PRODUCT_ID.fullmatch(text) is not None
        for found in _MS_PRODUCT_ID.findall(text) + _GUID.findall(text):
            hit = self._by_id.get(found)
            if hit is not None:
                return hit, _MS_PRODUCT_ID.fullmatch(found) is not None
        for part in _SKU_PARTS.split(text):
            hit = self._by_id.get(part)
            if hit is not None:
                return hit, _MS_PRODUCT_ID.fullmatch(part) is not None
        return None, False

    def get(self, product_id: str) -> CatalogProduct | None:
        """The product with this catalogue id, or None.

        Args:
            product_id: a catalogue id such as ``ms-m365-business-premium``.

        Returns:
            The product, or None when no product has that id.
        """
        return self._products.get(product_id.strip())

    def products(self) -> tuple[CatalogProduct, ...]:
        """Every product, in file order."""
        return tuple(self._products.values())

    def __len__(self) -> int:
        """The number of products."""
        return len(self._products)

    def __repr__(self) -> str:
        return f"<Catalog {len(self._products)} products, {len(self._by_key)} name keys>"


# --- loading -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    source: str
    line: int
    cells: dict[str, str]


@dataclass(frozen=True, slots=True)
class _Table:
    source: str
    kind: str  # "products" or "aliases"
    rows: tuple[_Row, ...]


def load_catalog(extra: Iterable[Path] = ()) -> Catalog:
    """The bundled catalogue, optionally extended by a user's own CSV files.

    Each extra file is a products file (columns ``id,name,vendor,family,seat_based``) or an
    aliases file (``product_id,alias,kind``), told apart by its header. Lines starting with
    ``#`` are comments. Extra aliases may point at bundled products. The bundled catalogue
    alone is loaded once and cached.

    Args:
        extra: paths of the user's extra CSV files (default: none).

    Returns:
        The catalogue.

    Raises:
        UsageError: an extra file is missing, unreadable or invalid (an unknown product id, a
            duplicate id, an empty name, an unknown alias kind, or an alias that would
            identify two different products); the message names the file and line.
    """
    paths = tuple(Path(p) for p in extra)
    if not paths:
        return _bundled_catalog()
    tables = _bundled_tables() + tuple(_read_user_table(p) for p in paths)
    return _build(tables, error=UsageError)


@functools.cache
def _bundled_catalog() -> Catalog:
    return _build(_bundled_tables(), error=ReconError)


@functools.cache
def _bundled_tables() -> tuple[_Table, ...]:
    folder = resources.files(__name__)
    tables = []
    for filename, kind in (("products.csv", "products"), ("aliases.csv", "aliases")):
        text = folder.joinpath(filename).read_text(encoding="utf-8-sig")
        tables.append(_parse(text, f"bundled catalogue {filename}", ReconError, kind))
    return tuple(tables)


def _read_user_table(path: Path) -> _Table:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"{path}: catalogue file not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"{path}: can't read catalogue file ({err})") from None
    return _parse(text, str(path), UsageError, None)


def _data_lines(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line


def _cells(line: str, source: str, number: int, error: type[ReconError]) -> list[str]:
    # One record per line: a catalogue cell never holds a line break.
    try:
        return next(csv.reader([line], strict=True))
    except csv.Error as err:
        raise error(f"{source}, line {number}: not valid CSV ({err})") from None


def _parse(text: str, source: str, error: type[ReconError], expect: str | None) -> _Table:
    lines = list(_data_lines(text))
    if not lines:
        raise error(f"{source}: no header row")
    records = [_cells(line, source, number, error) for number, line in lines]
    header = [cell.strip().lower() for cell in records[0]]
    kind = None
    for candidate, columns in (("products", _PRODUCT_COLUMNS), ("aliases", _ALIAS_COLUMNS)):
        if all(column in header for column in columns):
            kind = candidate
    if kind is None or (expect is not None and kind != expect):
        raise error(
            f"{source}, line {lines[0][0]}: not a catalogue file; the header needs the columns "
            f"{','.join(_PRODUCT_COLUMNS)} (products) or {','.join(_ALIAS_COLUMNS)} (aliases)"
        )
    rows = []
    for (number, _), record in zip(lines[1:], records[1:], strict=True):
        if len(record) != len(header):
            raise error(
                f"{source}, line {number}: expected {len(header)} cells, found {len(record)}"
            )
        cells = {column: cell.strip() for column, cell in zip(header, record, strict=True)}
        rows.append(_Row(source, number, cells))
    return _Table(source, kind, tuple(rows))


def _build(tables: Iterable[_Table], *, error: type[ReconError]) -> Catalog:
    tables = tuple(tables)
    products: dict[str, CatalogProduct] = {}
    by_key: dict[str, CatalogProduct] = {}
    by_id: dict[str, CatalogProduct] = {}
    key_origin: dict[str, str] = {}
    id_origin: dict[str, str] = {}
    names: list[tuple[str, str, str]] = []
    other_names: dict[str, list[str]] = {}
    old_names: list[tuple[str, str]] = []
    for table in tables:
        if table.kind != "products":
            continue
        for row in table.rows:
            product = _product(row, error)
            if product.id in products:
                raise error(f"{_where(row)}: duplicate product id {product.id!r}")
            products[product.id] = product
            names.append((product.id, product.vendor, product.name))
            key = product_key(product.name)
            _claim(by_key, key, product, row, text=product.name, origin=key_origin, error=error)
    for table in tables:
        if table.kind != "aliases":
            continue
        for row in table.rows:
            product_id, alias, kind = row.cells["product_id"], row.cells["alias"], row.cells["kind"]
            target = products.get(product_id)
            if target is None:
                raise error(f"{_where(row)}: unknown product id {product_id!r}")
            if not alias:
                raise error(f"{_where(row)}: empty alias for {product_id!r}")
            if kind not in ALIAS_KINDS:
                kinds = ", ".join(sorted(ALIAS_KINDS))
                raise error(f"{_where(row)}: unknown alias kind {kind!r} (one of {kinds})")
            if kind == "sku_guid" and not _GUID.fullmatch(alias.upper()):
                raise error(f"{_where(row)}: {alias!r} is not a GUID")
            if kind in _ID_KINDS:
                _claim(by_id, alias.upper(), target, row, text=alias, origin=id_origin, error=error)
            _claim(
                by_key, product_key(alias), target, row, text=alias, origin=key_origin, error=error
            )
            if kind not in _ID_KINDS:
                names.append((target.id, target.vendor, alias))
            if kind in _NAME_KINDS:
                other_names.setdefault(target.id, []).append(alias)
            if kind == "old_name":
                old_names.append((target.id, alias))
    others = {product_id: tuple(found) for product_id, found in other_names.items()}
    return Catalog(products, by_key, by_id, tuple(names), others, tuple(old_names))


def _claim(
    index: dict[str, CatalogProduct],
    key: str,
    product: CatalogProduct,
    row: _Row,
    *,
    text: str,
    origin: dict[str, str],
    error: type[ReconError],
) -> None:
    # One key, one product: an alias that could mean two products is worse than none.
    owner = index.setdefault(key, product)
    if owner.id != product.id:
        raise error(
            f"{_where(row)}: {text!r} would identify both {owner.id!r} and {product.id!r} "
            f"(both are {key!r}; see {origin[key]})"
        )
    origin.setdefault(key, _where(row))


def _product(row: _Row, error: type[ReconError]) -> CatalogProduct:
    cells = row.cells
    for column in ("id", "name", "vendor", "family"):
        if not cells[column]:
            raise error(f"{_where(row)}: empty {column}")
    if not _SLUG.fullmatch(cells["id"]):
        raise error(f"{_where(row)}: id {cells['id']!r} must be a lower-case slug like ms-m365-e3")
    seat_based = _BOOLS.get(cells["seat_based"].lower())
    if seat_based is None:
        raise error(f"{_where(row)}: seat_based must be true or false, got {cells['seat_based']!r}")
    return CatalogProduct(cells["id"], cells["name"], cells["vendor"], cells["family"], seat_based)


def _where(row: _Row) -> str:
    return f"{row.source}, line {row.line}"
