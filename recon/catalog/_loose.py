"""Spelling-tolerant catalogue lookups: a known name written without spaces, or without its brand.

People type product names into a PSA: "PowerBI Pro" for "Power BI Pro", "SaaS Protection" for
"Datto SaaS Protection", "AzureAD Premium P1". These are the same name, not similar names, so
the catalogue still answers them by equality, never by edit distance:

- the *compact* form is the :func:`~recon.catalog.product_key` with its spaces removed;
- the *sorted* form is its words in alphabetical order ("Business Premium M365");
- the *bare* form is the compact form of the key without its brand words (the vendor's name,
  "SentinelOne", and its short forms, "S1"), kept only when what remains still names something
  (a word that is not a tier word, three letters or more: "Business" alone is no product).

A form that two products share is ambiguous and answers nothing, so a tolerant lookup can
only ever find the one product a spelling could mean.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence

from recon.catalog._keys import noise_only, product_key, tier_class, tier_tokens

#: Short forms resellers use for a vendor's name ("S1 Complete", "CS Falcon Pro").
BRAND_SHORT_FORMS: Mapping[str, tuple[str, ...]] = {
    "sentinelone": ("s1",),
    "crowdstrike": ("cs",),
    "knowbe4": ("kb4",),
    "bitdefender": ("bd",),
    "n able": ("nable",),
    "check point": ("checkpoint", "cp"),
    "keeper security": ("keeper",),
}
# Words in a vendor's name that are not its brand ("Keeper Security", "Blackpoint Cyber").
_NOT_BRAND = frozenset({"security", "cyber", "software", "inc", "technologies", "systems"})
_AMBIGUOUS = ""


def brand_words(vendor: str) -> frozenset[tuple[str, ...]]:
    """The word sequences that brand a vendor's products (("check", "point"), ("s1",)).

    Args:
        vendor: the vendor as the catalogue writes it ("SentinelOne", "Check Point").

    Returns:
        The brand as a word sequence, written together, and its short forms; without
        generic words ("Keeper Security" brands as "keeper").
    """
    key = product_key(vendor)
    words = tuple(w for w in key.split() if w not in _NOT_BRAND and not tier_tokens(w))
    phrases = {words, ("".join(words),)} if words else set()
    phrases.update((short,) for short in BRAND_SHORT_FORMS.get(key, ()))
    return frozenset(p for p in phrases if p)


def compact(key: str) -> str:
    """A product key without spaces: "power bi pro" -> "powerbipro"."""
    return key.replace(" ", "")


def without_brands(tokens: Sequence[str], brands: Iterable[tuple[str, ...]]) -> list[str]:
    """The tokens with every brand phrase taken out (longest phrases first)."""
    kept = list(tokens)
    if isinstance(brands, frozenset):
        phrases, first_words = _longest_first(brands)
        # Only a phrase whose first word is among the tokens can be taken out.
        if first_words.isdisjoint(kept):
            return kept
    else:
        phrases = tuple(sorted(brands, key=len, reverse=True))
    for phrase in phrases:
        size = len(phrase)
        i = 0
        while i + size <= len(kept):
            if tuple(kept[i : i + size]) == phrase:
                del kept[i : i + size]
            else:
                i += 1
    return kept


def brands_in(
    tokens: Sequence[str], brands: Iterable[tuple[str, ...]]
) -> frozenset[tuple[str, ...]]:
    """The brand phrases among the tokens, as whole words in order, split or run together.

    "Sentinel One EDR" carries the brand ``("sentinelone",)`` as two words.
    """
    by_compact = _by_compact(brands if isinstance(brands, frozenset) else frozenset(brands))
    found: set[tuple[str, ...]] = set()
    for i in range(len(tokens)):
        run = ""
        for token in tokens[i:]:
            run += token
            found.update(by_compact.get(run, ()))
    return frozenset(found)


@functools.lru_cache(maxsize=64)
def _by_compact(brands: frozenset[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """A brand set's phrases by their words run together (made once per set)."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in brands:
        out.setdefault("".join(phrase), []).append(phrase)
    return {compact: tuple(phrases) for compact, phrases in out.items()}


@functools.lru_cache(maxsize=64)
def _longest_first(
    brands: frozenset[tuple[str, ...]],
) -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    """A brand set's phrases, longest first, and the words they start with (made once)."""
    phrases = tuple(sorted(brands, key=len, reverse=True))
    return phrases, frozenset(p[0] for p in phrases if p)


def bare(tokens: Sequence[str], brands: Iterable[tuple[str, ...]]) -> str | None:
    """The compact form of a key's tokens without brand words, or None when too little is left.

    What remains must hold a word of three letters or more that is not a tier word: without
    its brand, "Keeper Business" is only "business", which names no product.
    """
    kept = without_brands(tokens, brands)
    if not any(len(t) >= 3 and not tier_tokens(t) for t in kept):
        return None
    return "".join(kept)


class LooseIndex:
    """Compact and brand-free forms of every catalogue name and alias, each to one product id.

    Args:
        names: (product id, vendor, name or alias as written) for every name in the catalogue.
    """

    def __init__(
        self,
        names: Iterable[tuple[str, str, str]],
        current: Iterable[tuple[str, str]] = (),
        families: Mapping[str, str] | None = None,
    ) -> None:
        self._compact: dict[str, str] = {}
        # Each product's kind ("Backup", "RMM") as key words: what its maker's brand alone
        # may be read as (see by_brand).
        self._kind = {p: frozenset(product_key(f).split()) for p, f in (families or {}).items()}
        names = tuple(names)
        current = tuple(current)
        self._office = _office_names(names, current)
        self._office_renamed = _office_renamed(names, current)
        # Today's names of the Microsoft 365 / Office 365 suites without the suite word.
        self._suiteless: dict[str, str] = {}
        for product_id, name in current:
            tokens = product_key(name).split()
            if _SUITES.intersection(tokens):
                _claim(self._suiteless, "".join(t for t in tokens if t not in _SUITES), product_id)
        # Microsoft's business plans by their edition word, from every name written with a
        # suite and "Business" ("Office 365 Business Essentials"): see without_suite.
        self._business: dict[str, str] = {}
        for product_id, _vendor, name in names:
            tokens = product_key(name).split()
            if len(tokens) == 3 and tokens[0] in _SUITES and tokens[1] == _BUSINESS:
                _claim(self._business, tokens[2], product_id)
        self._sorted: dict[str, str] = {}
        self._bare: dict[str, str] = {}
        self._own: dict[str, frozenset[tuple[str, ...]]] = {}
        # For the brand rule: each brand's products and each product's words (all its names).
        self._maker: dict[tuple[str, ...], set[str]] = {}
        self._words: dict[str, set[str]] = {}
        brands: set[tuple[str, ...]] = set()
        for product_id, vendor, name in names:
            own = brand_words(vendor)
            brands.update(own)
            self._own[product_id] = own
            tokens = product_key(name).split()
            for phrase in own:
                self._maker.setdefault(phrase, set()).add(product_id)
            self._words.setdefault(product_id, set()).update(without_brands(tokens, own))
            _claim(self._compact, "".join(tokens), product_id)
            _claim(self._sorted, " ".join(sorted(tokens)), product_id)
            form = bare(tokens, own)
            if form is not None:
                _claim(self._bare, form, product_id)
        self.brands = frozenset(brands)

    @functools.lru_cache(maxsize=16_384)  # noqa: B019 - one index per cached catalogue
    def find(self, name: str) -> tuple[str, str] | None:
        """The product id a name is once spaces, punctuation or the brand are ignored.

        Args:
            name: a product name as written.

        Returns:
            (product id, how: "written without spaces" or "brand left out"), or None when no
            product, or more than one, has that form.
        """
        tokens = product_key(name).split()
        hit = self._compact.get("".join(tokens))
        if hit:
            return hit, "same name written without spaces or punctuation"
        if hit is None:
            ordered = self._sorted.get(" ".join(sorted(tokens)))
            if ordered:
                return ordered, "same words in another order"
            form = bare(tokens, self.brands)
            found = self._bare.get(form) if form is not None else None
            # Another vendor's brand says another product: "Mimecast Email Security" is not
            # IRONSCALES Email Security with the brand left out.
            named = brands_in(tokens, self.brands) if found else frozenset()
            if found and (not named or not named.isdisjoint(self._own.get(found, ()))):
                return found, "same name with the brand left out or added"
        return None

    @functools.lru_cache(maxsize=16_384)  # noqa: B019 - one index per cached catalogue
    def without_suite(self, name: str) -> tuple[str, str] | None:
        """The one product whose current name this is, with "Microsoft 365" or "Office 365"
        left out ("365 Business Premium", "MS Copilot").

        Only today's product names count: "Office 365 Business Premium", the old name of
        Business Standard, is written with its suite, so "Business Premium" is today's
        Business Premium. A form two suites share ("365 E5": Microsoft or Office) answers
        nothing. The suite must still show, as a bare "365" ("365 F1"), or what is left must
        hold a word of three letters or more that is no tier word ("Copilot"): tier words
        alone ("Business Premium") may be an MSP's own service plan, never guessed.

        Args:
            name: a product name as written.

        Returns:
            (product id, how), or None.
        """
        tokens = product_key(name).split()
        if _OFFICE_SUITE in tokens or _OFFICE in tokens:
            # Today's Microsoft 365 name under the suite the product was sold in before the
            # April 2020 renames ("Office 365 Apps for business", "Office Apps for enterprise"):
            # see _office_renamed.
            renamed = self._office_renamed.get(
                " ".join(_OFFICE if t == _OFFICE_SUITE else t for t in tokens)
            )
            if renamed:
                return renamed, "today's Microsoft 365 name under its former suite, Office 365"
        if len(tokens) == 2 and tokens[0] in _SUITES:
            # "Office365 Essentials": a suite and one edition word with "Business" left out,
            # as "365 Standard" below. Microsoft's business plans are named by that word
            # (Office 365 Business Essentials, today's Business Basic, renamed April 2020),
            # so it reads as the one plan any name "<suite> Business <word>" has; a word two
            # plans share ("Premium": Office 365 Business Premium is today's Business
            # Standard, Microsoft 365 Business Premium is not) answers nothing.
            found = self._business.get(tokens[1])
            if found:
                return found, "same name with 'Business' left out"
        if _SUITES.intersection(tokens):
            return None  # the suite is written: the exact lookups answer it
        if _OFFICE in tokens:
            # The Office 365 suite named without its number, as MSPs write it ("Office E3",
            # "Office ProPlus"): exactly a name the catalogue writes with the suite.
            found = self._office.get(" ".join(tokens))
            if found:
                return found, "same name with the suite written 'Office' for 'Office 365'"
        bare_365 = tokens[:1] == ["365"]
        rest = tokens[1:] if bare_365 else tokens
        if not (bare_365 or any(len(t) >= 3 and not tier_tokens(t) for t in rest)):
            return None  # "Business Premium" alone may be an MSP's own service plan
        found = self._suiteless.get("".join(rest))
        if not found and bare_365 and len(rest) == 1 and tier_tokens(rest[0]):
            # "365 Standard": Microsoft's business plans differ by their edition word alone
            # (Business Basic, Standard, Premium), so with "Business" left out as well the
            # edition after a bare "365" still names one plan; a form two suites share
            # ("365 E5") is still none.
            found = self._suiteless.get("business" + rest[0])
            if found:
                return found, "same name with the suite and 'Business' left out"
        if not found:
            return None
        return found, "same name with the suite (Microsoft 365 / Office 365) left out"

    @functools.lru_cache(maxsize=16_384)  # noqa: B019 - one index per cached catalogue
    def by_brand(self, name: str) -> tuple[str, str] | None:
        """The one product a name means by its brand and the words beside it.

        A PSA line that names a vendor's brand but not one of its product names ("IRONSCALES
        Anti-Phishing", "Checkpoint Harmony", "Adobe Acrobat Pro") is still that vendor's
        product when the choice is forced: the words beside the brand appear in only one of
        the brand's products, or the brand has only one product in the catalogue and the other
        words are ones the catalogue lacks. Never a guess between siblings: a brand with
        several products and no deciding word ("Huntress", "Adobe Acrobat") answers nothing,
        and neither does a name with two vendors' brands, an MSP's own service wording
        ("Acronis Managed Backup" is the MSP's service) or a negation.

        Args:
            name: a product name as written.

        Returns:
            (product id, how), or None when the brand and its words do not force one product.
        """
        tokens = product_key(name).split()
        named = brands_in(tokens, self.brands)
        makers = {frozenset(self._maker.get(phrase, ())) for phrase in named}
        if len(makers) != 1:
            return None
        (products,) = makers
        rest = set(without_brands(tokens, named))
        if rest & (_SERVICE_WORDS | _NEGATIONS):
            return None
        picked = [p for p in sorted(products) if rest <= self._words.get(p, set())]
        if len(picked) == 1:
            how = "its maker's name and words only one of the maker's products has"
        elif (
            not picked
            and len(products) == 1
            and not _edition(extra := rest - self._words[min(products)])
            and not self._other_kind(extra, min(products))
        ):
            picked, how = sorted(products), "the only catalogue product of its maker"
        else:
            return None
        return picked[0], how

    def _other_kind(self, words: Iterable[str], product_id: str) -> bool:
        """Whether words beside a brand name a kind of product (an add-on word: backup,
        security, EDR ...) that the maker's one catalogue product is not: "NinjaOne SaaS
        Backup" is the backup product NinjaOne sells since it bought Dropsuite (2024), not
        NinjaOne RMM; "Acronis Backup" is still Acronis's backup product."""
        kind = self._kind.get(product_id, frozenset())
        return any(
            tier_class(t) == "addon" and t not in kind for w in words for t in tier_tokens(w)
        )


#: The suite words of :func:`~recon.catalog.product_key` ("Microsoft 365" -> ``m365``).
_SUITES = frozenset({"m365", "o365"})
#: The Office 365 suite as keyed, and as written without its number.
_OFFICE_SUITE = "o365"
_OFFICE = "office"
_BUSINESS = "business"

#: Tier classes that name an edition, a suite or a size: such a word beside a brand whose one
#: catalogue product lacks it ("IRONSCALES Premium", "Acronis ... Advanced") may be a sibling
#: SKU the catalogue does not hold. Add-on, platform and service words only say what kind of
#: product it is ("Acronis Backup").
_EDITION_CLASSES = frozenset({"level", "segment", "suite", "code", "size"})


def _edition(words: Iterable[str]) -> bool:
    return any(tier_class(t) in _EDITION_CLASSES for w in words for t in tier_tokens(w))


def _office_names(
    names: Iterable[tuple[str, str, str]], current: Iterable[tuple[str, str]]
) -> dict[str, str]:
    """Names written with the Office 365 suite, keyed with the suite as "Office" alone
    ("office e1" for "Office 365 E1", "office proplus" for "Office 365 ProPlus").

    Today's names always count: "Office E3" is Office 365 E3, never Microsoft 365 E3. An
    older name counts only where the same words under Microsoft 365 name no other product:
    "Office 365 Business Premium" became Business Standard, and "Office Business Premium"
    may mean today's Business Premium, so it is left to the seats.
    """
    keyed = [(product_id, product_key(name).split()) for product_id, _, name in names]
    owner: dict[str, str] = {}
    for product_id, tokens in keyed:
        _claim(owner, " ".join(tokens), product_id)
    today = {(product_id, product_key(name)) for product_id, name in current}
    out: dict[str, str] = {}
    for product_id, tokens in keyed:
        if _OFFICE_SUITE not in tokens:
            continue
        if (product_id, " ".join(tokens)) not in today:
            renamed = " ".join("m365" if t == _OFFICE_SUITE else t for t in tokens)
            if owner.get(renamed, product_id) != product_id:
                continue
        office = " ".join(_OFFICE if t == _OFFICE_SUITE else t for t in tokens)
        _claim(out, office, product_id)
    return out


def _office_renamed(
    names: Iterable[tuple[str, str, str]], current: Iterable[tuple[str, str]]
) -> dict[str, str]:
    """Today's Microsoft 365 names of the products Microsoft moved out of the Office 365 suite,
    keyed with the suite written "Office" ("office apps business" for Microsoft 365 Apps for
    business).

    On 21 April 2020 Microsoft renamed Office 365 Business to Microsoft 365 Apps for business,
    Office 365 ProPlus to Microsoft 365 Apps for enterprise and the Office 365 Business plans
    to Microsoft 365 Business Basic and Standard (Microsoft 365 blog, "Microsoft 365 Business
    plans are being renamed"; Microsoft Learn, "Name change for Office 365 ProPlus"), and it
    still calls what the Apps plans hold "the Office apps" (microsoft.com, "Microsoft 365 Apps
    for business": "desktop versions of Office apps"). An MSP that kept the suite it first
    billed writes today's words under it: "Office Apps for Business", "O365 Apps for
    enterprise". Only products whose former name (an ``old_name`` alias) is in the Office 365
    suite and whose name today is in Microsoft 365 count, and only where no catalogue name
    (current or former) is already that text: "Office 365 E3" stays Office 365 E3. Makers who
    followed the rename ("Veeam Backup for Microsoft 365", once "... for Microsoft Office 365")
    count the same way.
    """
    keyed = [(product_id, product_key(name).split()) for product_id, _, name in names]
    was_office = {product_id for product_id, tokens in keyed if _OFFICE_SUITE in tokens}
    written: dict[str, str] = {}
    for product_id, tokens in keyed:
        _claim(written, " ".join(_OFFICE if t == _OFFICE_SUITE else t for t in tokens), product_id)
    out: dict[str, str] = {}
    for product_id, name in current:
        tokens = product_key(name).split()
        if product_id not in was_office or _OFFICE_SUITE in tokens or "m365" not in tokens:
            continue
        form = " ".join(_OFFICE if t == "m365" else t for t in tokens)
        if written.get(form, product_id) != product_id:
            continue  # a name of another product already
        _claim(out, form, product_id)
    return out


def _claim(index: dict[str, str], form: str, product_id: str) -> None:
    owner = index.setdefault(form, product_id)
    if owner != product_id:
        index[form] = _AMBIGUOUS


# A qualifier is set off from the product name by brackets, a spaced dash, a colon or a bar:
# "SW - Exchange Online (Plan 1)", "Licensing: Microsoft 365 E3", "Intune - Annual".
_SEPARATORS = re.compile(r"\s+[-\u2013\u2014|]+\s+|:\s+|\s*\|\s*")
_BRACKETS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
#: Longest qualifier (in key words) set aside: a category or a billing word, never a name.
QUALIFIER_WORDS = 2


# Pure in the name, and asked for the same PSA text against every vendor product it is
# compared with (15,000 comparisons of 600 texts at 60,000 clients): each text read once.
@functools.lru_cache(maxsize=16_384)
def qualifier_cores(name: str) -> tuple[tuple[str, str], ...]:
    """The ways to read a name with one short qualifier set aside, as (core, qualifier).

    PSA catalogues prefix a category ("SW - ", "Licensing: ") and suffix a billing or
    marketing word ("- M2M", "(Annual)") that no catalogue spells. The core is the name with
    one bracketed group, or all but one separated segment, left out; what is left out must be
    short (:data:`QUALIFIER_WORDS` key words at most) and carry no tier word, so "Exchange
    Online (Plan 2)" never loses its plan; nor may it be a service word ("Help Desk - Microsoft
    365 E3" is never read as the licence) or take something out ("(no Teams)").

    Example:
        >>> qualifier_cores("SW - Exchange Online Plan 1")
        (('Exchange Online Plan 1', 'SW'),)
    """
    found: dict[str, str] = {}
    for match in _BRACKETS.finditer(name):
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        core = (name[: match.start()] + " " + name[match.end() :]).strip()
        _offer(found, core, inner)
    parts = [p.strip() for p in _SEPARATORS.split(name) if p.strip()]
    if len(parts) > 1:
        for i, core in enumerate(parts):
            others = [p for j, p in enumerate(parts) if j != i]
            if all(_short_qualifier(p) for p in others):
                _offer(found, core, ", ".join(others))
    # The unit an offer is sold by, or the word "Bundle", written on without a separator
    # ("Project Plan 3 User License", "Power BI Pro Bundle"): Partner Center's price list
    # names the unit of measure beside the offer, and distributors wrap one product as a
    # "bundle"; neither names another product.
    for core in (name, *found):
        tail = _UNIT_TAIL.search(core)
        if tail is not None:
            _offer(found, core[: tail.start()].strip(), tail.group(0).strip())
    return tuple(found.items())


#: A unit of measure, "Bundle" or "add-on" ending a name with no separator before it. Bare
#: "Device" is left out: "Microsoft Intune Device" is its own per-device SKU, not Intune Plan 1.
#: "Add-on" says how a licence is sold, on top of a base plan, not what it is: Microsoft sells
#: Microsoft 365 Copilot as "the dedicated Microsoft 365 Copilot add on license"
#: (learn.microsoft.com, "Which Copilot is right for me"), and its licensing table names such
#: SKUs with an _ADDON string id (EXCHANGEARCHIVE_ADDON). "Copilot add-on" is Copilot. What
#: is left must still read as one product: "Exchange Online add-on" names no plan and stays
#: unread.
_UNIT_TAIL = re.compile(
    r"\s(?:(?:user|device)\s+licen[cs]es?|bundle|add[\s-]?on)\s*$", re.IGNORECASE
)


def _offer(found: dict[str, str], core: str, qualifier: str) -> None:
    if core and _short_qualifier(qualifier) and product_key(core) and core not in found:
        found[core] = qualifier.strip()


#: A qualifier that takes something out of the product is another product ("Microsoft 365
#: Business Premium (no Teams)" is its own SKU with its own price).
_NEGATIONS = frozenset({"no", "not", "without", "excl", "excluding", "minus"})


#: Words that make a segment an MSP's own service, not a qualifier: "Help Desk - Microsoft 365
#: E3" bills support for E3 users, not the licence (the near-twin rule for products).
SERVICE_WORDS = frozenset(
    """
    service services support help desk helpdesk managed management monitoring monitor
    onboarding setup migration consulting labor labour hours hour admin administration
    """.split()
)
_SERVICE_WORDS = SERVICE_WORDS


def is_service_text(text: str) -> bool:
    """True when a product text says it is an MSP's own service ("Managed Server")."""
    return not SERVICE_WORDS.isdisjoint(w.strip(".,()-/") for w in text.casefold().split())


def _short_qualifier(text: str) -> bool:
    # A qualifier made only of billing words ("1 Year Term") keeps no key word at all.
    words = [] if not text.strip() or noise_only(text) else product_key(text).split()
    lowered = {w.strip(".") for w in text.casefold().split()}
    if lowered & (_NEGATIONS | _SERVICE_WORDS) or "w/o" in text.casefold():
        return False
    return len(words) <= QUALIFIER_WORDS and not tier_tokens(text)
