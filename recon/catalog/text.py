"""How alike two product names are, counting only the words that tell products apart.

PSA catalogues are typed by people, so one product is written many ways. This scores a PSA
name against a vendor product name in classes, strongest first:

- **same name without spaces or punctuation** ("PowerBI Pro" / "Power BI Pro"): 100;
- **same name with the brand left out or added** ("SaaS Protection" / "Datto SaaS
  Protection"): 97;
- **one name is the other minus a word or two** that is not a tier word ("Exchange Plan 1" /
  "Exchange Online Plan 1"): 92 for one word left out, 88 for two;
- **another vendor's brand** on each side ("Acronis Backup" / "N-able Backup"): 30, whatever
  the other words are;
- **similar** spelling: the better of the character ratio of the compact forms and the
  token-sort ratio of the words, raised to :data:`SAME_BRAND` (70) when both names carry the
  same vendor brand ("Webroot AV Licenses" / "Webroot Business Endpoint Protection"): alike
  enough for the seats to decide on fewer clients, never enough to pair on text alone.
- **a family without its edition** ("Microsoft 365 Plan" / "Microsoft 365 Business
  Standard", and equally "... Business Premium"): :data:`FAMILY` (70), so every edition the
  vendor sells is a candidate and the seats choose per client; never enough on text alone.

Tier words decide before any score (:func:`recon.catalog.tier_relation`): names whose tiers
*conflict* (E3 / E5, Plan 1 / Plan 2, Basic / Standard / Premium) score 0 and are never
paired, not even by evidence; names where one *leaves out* a tier word ("Power BI" / "Power BI
Pro") score at most :data:`PARTIAL_CAP`, so text alone never pairs them: only seats that agree
at several clients can (see :mod:`recon.match.product_evidence`).
"""

from __future__ import annotations

import csv
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from rapidfuzz import fuzz, process

from recon.catalog import (
    NO_TEAMS,
    TierRelation,
    load_catalog,
    product_key,
    tier_relation,
    tier_tokens,
)
from recon.catalog._keys import tier_class
from recon.catalog._loose import (
    SERVICE_WORDS,
    brand_words,
    brands_in,
    qualifier_cores,
    without_brands,
)

#: Highest score for names whose tier words are incomplete on one side.
PARTIAL_CAP = 80.0
#: Scores below this are not worth showing a person as a candidate.
CANDIDATE_FLOOR = 50.0
_SHOWN = 5


@dataclass(frozen=True, slots=True)
class TextMatch:
    """How a PSA product name compares with a vendor product name.

    Attributes:
        score: 0-100; 0 when the tiers conflict.
        relation: how their tier words relate.
        how: a few words for people ("same name with the brand left out or added").
    """

    score: float
    relation: TierRelation
    how: str


@dataclass(frozen=True, slots=True)
class TextCandidate:
    """One vendor product a PSA product name may stand for, by text alone."""

    vendor_key: str
    match: TextMatch


def _meaningful(tokens: Iterable[str]) -> bool:
    return any(len(t) >= 3 and not tier_tokens(t) for t in tokens)


#: Names that carry two different vendors' brands: below every candidate floor (the seats
#: alone may still pair them, as for any unlike names).
OTHER_BRAND = 30.0
#: Identity keys of catalogued products start with this (``cat:ms-m365-e3``).
CATALOGUE_PREFIX = "cat:"
#: An older name of a vendor product counts when the PSA name is alike it at least this much
#: (and their tier words do not conflict).
OTHER_NAME_FLOOR = 70.0
#: ... and scores at most this: below the text-alone bar (``product_accept_score``, 90), so a
#: name the catalogue does not hold exactly is paired through an older name only on seats.
OTHER_NAME_CAP = 85.0
#: What setting a short qualifier aside costs: the core's class, a little lower.
QUALIFIER_COST = 2.0
#: A PSA name carrying the brand of a vendor product, its other words unlike ("Sophos AV" /
#: "Sophos Intercept X Advanced", one of Sophos's three endpoint products; a maker with one
#: product of the kind is :data:`MAKER_KIND`): alike enough for the seats to pair it
#: on fewer clients (:data:`recon.match.product_evidence.ALIKE`), never on text alone.
#: "Microsoft", which names sixty products, is folded out of every key first, so it never
#: counts as a shared brand.
SAME_BRAND = 70.0
#: A PSA text that is only a maker's name and a kind's words ("Webroot AV", "Webroot
#: Antivirus") where the catalogue holds one product of that maker of that kind: the text
#: names that product by what it is, as a reseller writes it, and pairs on text alone (the
#: text-alone bar, ``product_accept_score``). "AV" is antivirus in NIST SP 800-83r1 (the
#: ``kinds.csv`` phrases); the maker's products are the catalogue's (``products.csv``, from the
#: makers' price lists). A maker with two products of the kind gets :data:`SAME_BRAND`.
MAKER_KIND = 90.0
#: A PSA text naming a product family with no edition word ("Microsoft 365 Plan" beside
#: "Microsoft 365 Business Standard" and "... Business Premium"): alike to every edition the
#: vendor sells, equally, so each is a candidate and the seats pair it per client or one
#: question asks (:func:`_family_only`); never enough to pair on text alone.
FAMILY = 70.0
#: Words a family text adds that name no product ("Microsoft 365 Plan", "... Suite").
_FAMILY_FILLER = frozenset({"plan", "plans", "suite", "bundle", "package"})
#: Tier classes that tell editions of one family apart; an add-on ("Security"), a platform or
#: a size left out names another product, not an unnamed edition.
_EDITION_CLASSES = frozenset({"level", "segment", "code"})


@functools.lru_cache(maxsize=131_072)
def compare_names(
    psa_name: str, vendor_name: str, brands: frozenset[tuple[str, ...]] = frozenset()
) -> TextMatch:
    """Score a PSA product name against a vendor product name (see the module docstring).

    A PSA name with a short category or billing qualifier ("SW - ...", "... - M2M", see
    :func:`recon.catalog._loose.qualifier_cores`) is also scored without it, for
    :data:`QUALIFIER_COST` less; the better reading counts, unless the whole names' tiers
    conflict.

    Args:
        psa_name: the PSA's product text as written.
        vendor_name: the vendor's product name (or the catalogue's name for it).
        brands: vendor brand word sequences to disregard (:meth:`recon.Catalog.brands`).

    Returns:
        The score, the tier relation and a few words on what the score rests on.

    Example:
        >>> compare_names("PowerBI Pro", "Power BI Pro").score
        100.0
    """
    whole = _compare(psa_name, vendor_name, brands)
    if whole.relation is TierRelation.CONFLICT or whole.score >= 100.0:
        return whole
    best = whole
    for core, qualifier in qualifier_cores(psa_name):
        if _other_maker(qualifier, vendor_name, brands):
            # "Microsoft 365 Backup (Datto)": the bracket names who makes it, no billing
            # word, so another maker's product is never read without it.
            continue
        found = _compare(core, vendor_name, brands)
        score = found.score - QUALIFIER_COST
        if found.relation is not TierRelation.CONFLICT and score > best.score:
            how = f"{found.how}, with {qualifier!r} set aside"
            best = TextMatch(score, found.relation, how)
    return best


def _other_maker(qualifier: str, vendor_name: str, brands: frozenset[tuple[str, ...]]) -> bool:
    """True when a qualifier carries a brand the vendor product's name does not."""
    named = brands_in(product_key(qualifier).split(), brands)
    return bool(named) and named.isdisjoint(_parts(vendor_name, brands)[1])


def compare_product(
    psa_name: str,
    vendor_key: str,
    vendor_name: str,
    brands: frozenset[tuple[str, ...]] = frozenset(),
) -> TextMatch:
    """Score a PSA product name against a vendor product, under any name the product has had.

    A catalogued vendor product is also compared under its older names and other vendor
    spellings (:meth:`recon.Catalog.other_names`): a PSA catalogue typed years ago says
    "Office365 Essentials" for today's "Microsoft 365 Business Basic". Such a name counts only
    when it is alike the PSA's name (at least :data:`OTHER_NAME_FLOOR`, no conflicting tier
    words), and then even when the current name's tier words differ: that is what a rename
    looks like. It scores at most :data:`OTHER_NAME_CAP`, so the verdict is left to the
    seats: text alone never pairs through an older name.

    Args:
        psa_name: the PSA's product text as written.
        vendor_key: the vendor product's identity key (``cat:<id>`` for a catalogued one).
        vendor_name: its current name.
        brands: vendor brand word sequences to disregard.

    Returns:
        The better of the current name's match and the best older name's.
    """
    best = compare_names(psa_name, vendor_name, brands)
    if best.score >= 100.0:
        return best
    if best.score < MAKER_KIND and (kind := _maker_and_kind(psa_name, vendor_key)):
        return TextMatch(MAKER_KIND, TierRelation.SAME, f"names its maker and its kind ({kind})")
    if not vendor_key.startswith(CATALOGUE_PREFIX):
        return _under_older_name(psa_name, vendor_name, brands, best)
    others = _other_names(vendor_key[len(CATALOGUE_PREFIX) :])
    return _best_other(best, ((psa_name, other, other) for other in others), brands)


@functools.lru_cache(maxsize=16_384)
def _maker_and_kind(psa_name: str, vendor_key: str) -> str:
    """The kind of a catalogued vendor product when the PSA text is only its maker's brand
    and that kind's words (:data:`MAKER_KIND`) and the maker has no other product of that
    kind in the catalogue; else ""."""
    if not vendor_key.startswith(CATALOGUE_PREFIX):
        return ""
    catalog = load_catalog()
    product = catalog.get(vendor_key[len(CATALOGUE_PREFIX) :])
    if product is None or not product.family:
        return ""
    maker = _maker_brands(product.vendor)
    tokens = product_key(psa_name).split()
    if not maker or not brands_in(tokens, maker):
        return ""
    rest = without_brands(tokens, maker)
    if not rest:
        return ""
    words = _stems(" ".join(rest))
    if words != _stems(product.family) and words not in _kind_phrases().get(product.family, ()):
        return ""
    same = [p for p in catalog.products() if p.vendor == product.vendor]
    if sum(p.family == product.family for p in same) != 1:
        return ""
    return product.family


def _best_other(
    best: TextMatch,
    pairs: Iterable[tuple[str, str, str]],
    brands: frozenset[tuple[str, ...]],
) -> TextMatch:
    """The best of ``best`` and each (PSA side, vendor side, other name) comparison that is
    alike enough (:data:`OTHER_NAME_FLOOR`) without conflicting tier words, capped at
    :data:`OTHER_NAME_CAP` so that an other name alone never pairs: the seats decide."""
    for psa_side, vendor_side, other in pairs:
        found = compare_names(psa_side, vendor_side, brands)
        if (
            found.relation is not TierRelation.CONFLICT
            and found.score >= OTHER_NAME_FLOOR
            and found.score > best.score
        ):
            score = min(found.score, OTHER_NAME_CAP)
            best = TextMatch(score, found.relation, f"{found.how}, as {other!r}")
    return best


@functools.cache
def _other_names(product_id: str) -> tuple[str, ...]:
    return load_catalog().other_names(product_id)


def _under_older_name(
    psa_name: str, vendor_name: str, brands: frozenset[tuple[str, ...]], best: TextMatch
) -> TextMatch:
    """The comparison the other way round: a vendor spelling the catalogue cannot read,
    against a PSA product the catalogue knows, under that product's older names.

    A distributor's offer may keep a product's old name ("Office 365 Business ..." for
    today's Microsoft 365 Apps for business) while the PSA bills today's: the suite word
    then clashes with the current name, as a PSA text under an old name clashes with a
    catalogued vendor product. The same bars hold (:data:`OTHER_NAME_FLOOR`, no conflicting
    tier words, at most :data:`OTHER_NAME_CAP`): the seats decide. A "(no Teams)" edition is
    compared as its suite.
    """
    product = _catalogued(psa_name)
    if product is None:
        return best
    vendor_core = NO_TEAMS.sub(" ", vendor_name)
    return _best_other(
        best, ((other, vendor_core, other) for other in _other_names(product)), brands
    )


@functools.lru_cache(maxsize=16_384)
def _catalogued(name: str) -> str | None:
    """The catalogue id a name reads as exactly (no brand or suite guess), or None."""
    found = load_catalog().lookup(name=name)
    if found is None or found[1] not in ("name", "SKU"):
        return None
    return found[0].id


# Pure in its arguments; a core a qualifier leaves ("Exchange Online (Plan 1)" of "SW - ..."
# and of "... - M2M") is compared with the same vendor names for each text it is the core of.
@functools.lru_cache(maxsize=65_536)
def _compare(
    psa_name: str, vendor_name: str, brands: frozenset[tuple[str, ...]] = frozenset()
) -> TextMatch:
    """The score of the names as they stand (the classes of the module docstring)."""
    tokens_a, brands_a, bare_a = _parts(psa_name, brands)
    tokens_b, brands_b, bare_b = _parts(vendor_name, brands)
    if "".join(tokens_a) == "".join(tokens_b):
        # The same letters: run-together words hide tier words from tier_tokens, not a tier.
        return TextMatch(100.0, TierRelation.SAME, "same name written without spaces")
    relation = tier_relation(psa_name, vendor_name)
    if relation is TierRelation.CONFLICT:
        return TextMatch(0.0, relation, "different tiers")
    if brands_b and not brands_a:
        read = _contracted(psa_name, brands_b, bare_b)
        if read is not None:
            found = _compare(read[0], vendor_name, brands)
            return TextMatch(found.score, found.relation, f"{found.how}, {read[1]}")
    if brands_a and brands_b and brands_a.isdisjoint(brands_b):
        # Two vendors' products: "Acronis Backup" is not "N-able Backup", whatever is left.
        return TextMatch(OTHER_BRAND, relation, "another vendor's brand")
    if "".join(bare_a) == "".join(bare_b) and _meaningful(bare_a):
        return _capped(97.0, relation, "same name with the brand left out or added")
    set_a, set_b = set(bare_a), set(bare_b)
    shorter, longer = (set_a, set_b) if len(set_a) <= len(set_b) else (set_b, set_a)
    if shorter < longer and _meaningful(shorter):
        left_out = sorted(longer - shorter)
        if not any(tier_tokens(word) for word in left_out) and len(left_out) <= 2:
            words = ", ".join(repr(w) for w in left_out)
            return _capped(96.0 - 4.0 * len(left_out), relation, f"same name without {words}")
    ratio = fuzz.ratio("".join(bare_a), "".join(bare_b))
    ordered = fuzz.token_sort_ratio(" ".join(bare_a), " ".join(bare_b))
    if brands_b and not brands_a and not _meaningful(bare_b):
        # The brand is the product's name ("DNSFilter Pro", "Keeper Business": only a tier
        # word is left without it): a text spelling that name apart ("DNS Filtering") is
        # compared with the whole name, brand and all, not with its tier word alone.
        ratio = max(ratio, fuzz.ratio("".join(tokens_a), "".join(tokens_b)))
    score = float(round(max(ratio, ordered), 1))
    family = _family_only(bare_a, bare_b)
    if family and score < FAMILY:
        return TextMatch(FAMILY, relation, f"names the family, no edition ({family})")
    if score < SAME_BRAND:
        shared = brands_a & brands_b
        if shared:
            brand = " ".join(sorted(shared)[0])
            return _capped(SAME_BRAND, relation, f"same brand {brand!r}, other words")
    return _capped(score, relation, f"similar name ({score:.0f})")


#: The longest contraction of a brand read as the brand ("PP" for Proofpoint).
_CONTRACTION = 3


def _contracted(
    psa_name: str, brands: frozenset[tuple[str, ...]], vendor_words: Sequence[str]
) -> tuple[str, str] | None:
    """The PSA name with a contraction of the vendor product's brand written out, and how.

    Resellers shorten a maker's name to a few of its letters, in order, the first kept
    ("PP Essentials" for Proofpoint Essentials, as "CP" for Check Point): a word of two or
    three letters written in capitals, that no catalogued product's name carries and that is
    no tier word, read as the brand only where the name's other words meet the product's own
    ("Essentials"): "AV Licenses" is not Avanan's.
    """
    words = psa_name.split()
    shared = set(product_key(psa_name).split()) & set(vendor_words)
    if not any(len(word) >= 3 for word in shared):
        return None
    for word in words:
        letters = word.strip(".,()-/:")
        low = letters.lower()
        if not (
            2 <= len(letters) <= _CONTRACTION
            and letters.isalpha()
            and letters.isupper()
            and not tier_tokens(low)
            and low not in _catalogue_words()
        ):
            continue
        for phrase in sorted(brands):
            brand = "".join(phrase)
            if brand.startswith(low[0]) and _in_order(low, brand) and low != brand:
                text = " ".join(" ".join(phrase) if w == word else w for w in words)
                return text, f"{letters!r} read as {' '.join(phrase)!r}"
    return None


def _in_order(letters: str, word: str) -> bool:
    """True when ``letters`` appear in ``word`` in order."""
    rest = iter(word)
    return all(letter in rest for letter in letters)


@functools.cache
def _catalogue_words() -> frozenset[str]:
    """Every word of every catalogued product's names (current and other), as keyed."""
    catalog = load_catalog()
    return frozenset(
        word
        for product in catalog.products()
        for name in (product.name, *catalog.other_names(product.id))
        for word in product_key(name).split()
    )


def _family_only(psa: tuple[str, ...], vendor: tuple[str, ...]) -> str:
    """The vendor's edition words when the PSA text is the vendor name without them (less
    filler such as "Plan"), and what is left still names a family (a word of its own or a
    suite such as M365, never a bare "Business"); else "".

    "Microsoft 365 Support" adds a word of its own, so it names a service, not an edition.
    """
    named = set(psa) - _FAMILY_FILLER
    if not named or not named < set(vendor):
        return ""
    if not (_meaningful(named) or any(tier_class(t) == "suite" for t in named)):
        return ""
    left_out = [w for w in vendor if w not in named]
    editions = [w for w in left_out if w in tier_tokens(w) and tier_class(w) in _EDITION_CLASSES]
    if not editions or len(editions) != len(left_out):
        return ""
    return " ".join(editions)


@functools.lru_cache(maxsize=16_384)
def _parts(
    name: str, brands: frozenset[tuple[str, ...]]
) -> tuple[tuple[str, ...], frozenset[tuple[str, ...]], tuple[str, ...]]:
    """A name's key words, the brands among them, and the words without brands (or all of
    them when nothing else is left): worked out once per name, not once per pair."""
    tokens = tuple(product_key(name).split())
    return tokens, brands_in(tokens, brands), tuple(without_brands(tokens, brands)) or tokens


def _capped(score: float, relation: TierRelation, how: str) -> TextMatch:
    if relation is TierRelation.PARTIAL and score > PARTIAL_CAP:
        return TextMatch(PARTIAL_CAP, relation, f"{how}, but a tier word is left out")
    return TextMatch(score, relation, how)


def kind_named(psa_name: str, vendor_key: str, vendor_name: str) -> str:
    """The catalogue kind of the vendor product (its ``family``) that the PSA text names
    while the product's own name does not; else "" (see
    :func:`recon.match.product_evidence.names_kind`).

    The text names the kind when it carries every word of it ("M365 Backup", "Managed EDR"),
    or the last word of a kind of two words that no other kind carries ("Web Filtering" for
    DNS filtering; "Security", in four kinds, names none). A vendor name the catalogue does
    not know ("DNSFilter Pro") has the kind of its maker's products when they are all of one
    kind. A text that says it is the MSP's own service about the product names no kind.
    """
    if says_service(psa_name):
        return ""
    return kind_words_named(psa_name, vendor_key, vendor_name)


def kind_words_named(psa_name: str, vendor_key: str, vendor_name: str) -> str:
    """:func:`kind_named` where a service word that is one of the kind's own words
    ("Password *Management* - Per User" for Password management) does not make the text a
    service; any other service word still does ("Backup Monitoring")."""
    found = _kind_of(vendor_key, vendor_name)
    if found is None:
        return ""
    family, name = found
    kind = _stems(family)
    if not kind or kind & _stems(vendor_name) or kind & _stems(name):
        return ""
    words = _stems(psa_name)
    phrases = _kind_phrases().get(family, ())
    said = next((phrase for phrase in phrases if phrase <= words), None)
    if said is not None:
        kind = said
    if says_service(" ".join(w for w in psa_name.split() if not _stems(w) <= kind)):
        return ""
    head = _heads().get(family)
    if kind <= words and _wider_kind(kind, words):
        return ""
    return family if kind <= words or (head is not None and head in words) else ""


def _wider_kind(kind: frozenset[str], words: frozenset[str]) -> bool:
    """True when the text carries every word of another catalogue kind whose words include
    ``kind``'s and more: it names that kind, not this one.

    "Email Security Gateway" names Email security (what Mimecast, Proofpoint and IRONSCALES
    sell under those words: "Mimecast Email Security, Cloud Gateway", "Proofpoint Essentials
    Email Security", "IRONSCALES Email Security", each maker's product page), not Email, the
    mailbox kind of Exchange Online: read as "Email", it was alike Exchange Online Plan 1 at a
    client buying no email security, and its 4 seats billed for a gateway bought elsewhere
    were shown nowhere (:mod:`recon.engine.unread_lines`)."""
    return any(kind < wider <= words for wider in _kind_words())


@functools.cache
def _kind_words() -> tuple[frozenset[str], ...]:
    """Every catalogue kind's words, stemmed (:func:`_stems`)."""
    return tuple(_stems(family) for family in catalogue_families())


@functools.cache
def catalogue_families() -> tuple[str, ...]:
    """Every kind of product the bundled catalogue knows (its ``family`` column), sorted."""
    return tuple(sorted({p.family for p in load_catalog().products() if p.family}))


@functools.lru_cache(maxsize=4_096)
def catalogue_family(vendor_key: str) -> str:
    """The catalogue kind of a vendor product key (``cat:`` and its id), whether or not its
    own name carries it ("Dropsuite Microsoft 365 Backup" is a Backup as much as "Datto SaaS
    Protection" is); "" for a product the catalogue does not know or gives no kind."""
    if not vendor_key.startswith(CATALOGUE_PREFIX):
        return ""
    product = load_catalog().get(vendor_key.removeprefix(CATALOGUE_PREFIX))
    return product.family if product is not None and product.family else ""


@functools.lru_cache(maxsize=16_384)
def families_named(text: str) -> frozenset[str]:
    """The catalogue kinds (families) a text names in their words or the phrases
    ``kinds.csv`` lists (:func:`text_names_family`), read once per text."""
    return frozenset(f for f in catalogue_families() if text_names_family(text, f))


def text_names_family(psa_name: str, family: str) -> bool:
    """True when a PSA text names a catalogue kind (``family``, e.g. "Backup") in its words
    or the phrases ``kinds.csv`` lists for it, whatever product's name carries the kind too,
    and is not the MSP's own service about it ("Backup Monitoring").

    :func:`kind_named` asks whether a text names the kind a product's own name leaves out;
    this asks only whether the text is of that kind ("Mailbox Backup" of Dropsuite
    Microsoft 365 Backup as much as of Datto SaaS Protection).
    """
    kind = _stems(family)
    if not kind:
        return False
    words = _stems(psa_name)
    said = next((phrase for phrase in _kind_phrases().get(family, ()) if phrase <= words), None)
    if said is not None:
        kind = said
    if says_service(" ".join(w for w in psa_name.split() if not _stems(w) <= kind)):
        return False
    head = _heads().get(family)
    return kind <= words or (head is not None and head in words)


@functools.lru_cache(maxsize=16_384)
def kind_phrase_families(psa_name: str) -> frozenset[str]:
    """The kinds a PSA text names by a phrase ``kinds.csv`` lists for them ("Email security"
    for "Phishing Protection"), not by the kind's own words; none for the MSP's own service
    about a product (:func:`says_service`)."""
    if says_service(psa_name):
        return frozenset()
    words = _stems(psa_name.replace("-", ""))
    return frozenset(
        family
        for family, phrases in _kind_phrases().items()
        if any(phrase <= words for phrase in phrases)
    )


@functools.cache
def _kind_phrases() -> dict[str, tuple[frozenset[str], ...]]:
    """Family -> the other phrases a text names it by (``kinds.csv``), each as its stems."""
    text = resources.files("recon.catalog").joinpath("kinds.csv").read_text(encoding="utf-8")
    out: dict[str, list[frozenset[str]]] = {}
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    for family, phrase in csv.reader(rows[1:]):
        out.setdefault(family.strip(), []).append(_stems(phrase.replace("-", "")))
    return {family: tuple(found) for family, found in out.items()}


@functools.lru_cache(maxsize=16_384)
def _kind_of(vendor_key: str, vendor_name: str) -> tuple[str, str] | None:
    """(kind, catalogue name) of a vendor product: its own, or its maker's one kind."""
    catalog = load_catalog()
    if vendor_key.startswith(CATALOGUE_PREFIX):
        product = catalog.get(vendor_key[len(CATALOGUE_PREFIX) :])
        return (product.family, product.name) if product is not None and product.family else None
    named = brands_in(product_key(vendor_name).split(), catalog.brands())
    kinds = {
        (p.family, p.name)
        for p in catalog.products()
        if p.family and not named.isdisjoint(_maker_brands(p.vendor))
    }
    families = {family for family, _ in kinds}
    if len(families) != 1:
        return None
    return min(kinds)


@functools.cache
def _maker_brands(vendor: str) -> frozenset[tuple[str, ...]]:
    return brand_words(vendor)


@functools.cache
def _heads() -> dict[str, str]:
    """Kind of two words or more -> its last word (stemmed), where that word is five letters
    or more and no other kind carries it ("filtering" of DNS filtering; "security" ends Email
    security but begins Security awareness, so it names neither)."""
    families = {p.family for p in load_catalog().products() if p.family}
    carriers: dict[str, set[str]] = {}
    for family in families:
        for word in _stems(family):
            carriers.setdefault(word, set()).add(family)
    out: dict[str, str] = {}
    for family in families:
        words = family.lower().split()
        if len(words) < 2 or len(words[-1]) < 5:
            continue
        head = min(_stems(words[-1]))
        if carriers.get(head) == {family}:
            out[family] = head
    return out


# The same few hundred names are stemmed for every pairing weighed (5,000 a run at 60,000
# clients): each is stemmed once.
@functools.lru_cache(maxsize=16_384)
def _stems(text: str) -> frozenset[str]:
    """The words of a text, lower case, with a plural or "-ing" ending set aside."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return frozenset(re.sub(r"(ing|s)$", "", w) if len(w) > 4 else w for w in words)


def says_service(text: str) -> bool:
    """True when a product text says it is an MSP's own service about a product ("Backup
    Monitoring", "Managed Services - Per User"), not the product.

    A service word that catalogued products carry in their own names ("Huntress *Managed*
    EDR", "Blackpoint *Managed* Detection and Response") names a kind of product, not a
    service: "Managed EDR" or "Managed Backup - Workstation" is what the MSP resells, as much
    as "EDR" or "Backup" is. Every other service word ("monitoring", "support", "services")
    still says service.
    """
    words = {w.strip(".,()-/") for w in text.casefold().split()}
    return not words.isdisjoint(SERVICE_WORDS - _product_words())


@functools.cache
def _product_words() -> frozenset[str]:
    """Every word of a catalogued product's current name, lower case."""
    return frozenset(
        word for product in load_catalog().products() for word in product.name.casefold().split()
    )


def rank_products(
    psa: Mapping[str, str],
    vendor: Mapping[str, str],
    *,
    brands: frozenset[tuple[str, ...]] = frozenset(),
    floor: float = CANDIDATE_FLOOR,
    limit: int = _SHOWN,
) -> dict[str, list[TextCandidate]]:
    """For each PSA product, the vendor products its name most resembles, best first.

    Only pairs that share a word, or whose compact forms are close, are scored in full, so the
    cost follows the distinct product names, never the lines.

    Args:
        psa: PSA identity key -> product name as written.
        vendor: vendor identity key -> product name.
        brands: brand word sequences to disregard.
        floor: leave out candidates scoring below this (default 50).
        limit: at most this many candidates each (default 5).

    Returns:
        PSA key -> candidates (conflicting tiers never appear); PSA keys with none are absent.
    """
    by_word: dict[str, set[str]] = defaultdict(set)
    by_brand: dict[tuple[str, ...], set[str]] = defaultdict(set)
    vendor_compact: dict[str, str] = {}
    for key, name in vendor.items():
        tokens = product_key(name).split()
        for token in without_brands(tokens, brands) or tokens:
            by_word[token].add(key)
        if key.startswith(CATALOGUE_PREFIX):
            for brand in brands_in(tokens, brands):
                by_brand[brand].add(key)
        vendor_compact[key] = "".join(tokens)
    out: dict[str, list[TextCandidate]] = {}
    for psa_key, name in psa.items():
        tokens = product_key(name).split()
        near: set[str] = set()
        for token in without_brands(tokens, brands) or tokens:
            near |= by_word.get(token, set())
        close = process.extract(
            "".join(tokens), vendor_compact, scorer=fuzz.ratio, score_cutoff=floor, limit=None
        )
        near.update(key for _, _, key in close)
        # A maker's name and a kind share no word with the product's name ("Webroot AV"):
        # the maker's products are near when the text is only that (:data:`MAKER_KIND`).
        for brand in brands_in(tokens, brands) if by_brand else ():
            near.update(k for k in by_brand.get(brand, ()) if _maker_and_kind(name, k))
        scored = [
            TextCandidate(key, compare_product(name, key, vendor[key], brands))
            for key in sorted(near)
        ]
        kept = [c for c in scored if c.match.score >= floor]
        kept.sort(key=lambda c: (-c.match.score, c.vendor_key))
        if kept:
            out[psa_key] = kept[:limit]
    return out


def confident(candidates: Sequence[TextCandidate], *, accept: float, margin: float) -> bool:
    """True when text alone pairs a PSA product with its best candidate.

    The best must score at least ``accept`` with the same tier words, and beat the runner-up
    by ``margin``.
    """
    if not candidates:
        return False
    best = candidates[0].match
    runner_up = candidates[1].match.score if len(candidates) > 1 else 0.0
    return (
        best.relation is TierRelation.SAME
        and best.score >= accept
        and best.score - runner_up >= margin
    )
