"""PSA lines client matching cannot read, read for one held pair by their text and seats.

Client matching weighs shared (product, seats) lines, but only lines whose product it can
already name: a PSA text the catalogue does not hold ("MS Intune Device Mgmt", "Copilot
add-on License") is read later, by the comparison, on the seats of every matched client. A
small MSP's client billed only under such texts holds no line matching can count, so a pair
held in review ("Choi Consulting Group" / "Choi Consulting", one Copilot line each) showed
"0 product(s) in common" and nothing of its gap until a person answered.

For one review pair, :class:`LineReader` reads such a PSA line as the vendor client's product
when both hold: the text names that product among its candidates
(:func:`recon.catalog.text.rank_products`), and the seats agree within a seat or a tenth
(:func:`recon.match.overlap.seats_near`). Text alone never reads a line (the MSP's own
"Managed Services" resembles "Huntress Managed EDR"), nor do seats alone. Each PSA line is
read as one product, each vendor product once; a line two of the client's products fit is
left unread.

What is read here only lets a held pair's gaps show, pending its review
(:mod:`recon.engine.pending_review`): it never matches a pair.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

import pandas as pd

from recon.catalog import load_catalog, product_key
from recon.catalog._loose import brands_in
from recon.catalog.text import CATALOGUE_PREFIX, TextCandidate, kind_named
from recon.match.client_evidence import IDENTITY, PRODUCT, QTY
from recon.match.frame_codes import rows_in
from recon.match.kind_lines import kind_line_product, names_a_kind
from recon.match.line_seats import SubscriptionSeats
from recon.match.overlap import seats_near
from recon.match.products import NAME_PREFIX

#: A (product key, milli-seats) line.
Line = tuple[str, int]


class LineReader:
    """Reads the PSA lines matching could not read, for the few clients held in review.

    Args:
        psa: the PSA footprint frame (``identity``, ``product``, ``qty`` in milli-seats;
            :func:`recon.match.client_evidence.footprint_frame`), products already mapped
            onto vendor product keys where matching knows them.
        vendor_products: product keys the vendor file carries (lines of these are read
            already).
        ranked: per PSA product key no rule pairs, the vendor products its text resembles.
        guessed: per PSA product key read only by a catalogue guess with a brand left out
            ("Managed EDR" as Huntress Managed EDR), the product guessed; ``psa`` keeps
            these lines under their own key (:func:`kind_product`). Default: none.
        kinds: product key -> kind (:func:`recon.engine.one_kind.product_kinds`), read for
            ``guessed``.
        line_seats: each vendor client's lines of a product it holds on several
            (:class:`recon.match.line_seats.SubscriptionSeats`; default: none).
    """

    def __init__(
        self,
        psa: pd.DataFrame,
        vendor_products: Iterable[str],
        ranked: Mapping[str, Sequence[TextCandidate]],
        guessed: Mapping[str, str] | None = None,
        kinds: Mapping[str, str] | None = None,
        line_seats: SubscriptionSeats | None = None,
    ) -> None:
        self._line_seats = line_seats
        self._carried = frozenset(vendor_products)
        self._guessed = dict(guessed or {})
        self._kinds = kinds or {}
        self._named = {
            key: frozenset(c.vendor_key for c in found) for key, found in ranked.items() if found
        }
        for key in self._guessed:
            self._named.setdefault(key, frozenset())
        # Only the lines :meth:`prepare` and :meth:`uncarried` can ever read are kept (a
        # product the vendor file does not carry, with seats): the whole PSA side's frame
        # (about 30 MiB at 60,000 clients) was held under the pending pairs' peak, client
        # matching's, for the few rows these read.
        self._psa = psa.loc[~rows_in(psa[PRODUCT], self._carried) & (psa[QTY] > 0).to_numpy()]
        # A text naming one kind ("Password Manager") is kept too, for a held pair's reading
        # (recon.match.kind_lines): with no candidate its lines were never gathered.
        for key in pd.unique(self._psa[PRODUCT].astype(str)).tolist() if self._kinds else ():
            if key not in self._named and names_a_kind(str(key)):
                self._named[str(key)] = frozenset()
        self._unread: dict[str, frozenset[Line]] = {}

    def prepare(self, psa_ids: Iterable[str]) -> None:
        """Gather these PSA clients' unread lines in one pass over the frame.

        A line is gathered when a text ranking named it, or when its text names a maker's
        brand (``branded_product`` may read it): "File Sharing (Egnyte)" resembles no
        product's whole name, so no ranking names it, yet its brand and kind say which
        product it is (:func:`maker_brands`).
        """
        wanted = set(psa_ids) - self._unread.keys()
        if not wanted:
            return
        frame = self._psa
        rows = frame.loc[rows_in(frame[IDENTITY], wanted) & (frame[QTY] > 0).to_numpy()]
        found: dict[str, set[Line]] = {}
        for identity, product, qty in zip(
            rows[IDENTITY].tolist(), rows[PRODUCT].tolist(), rows[QTY].tolist(), strict=True
        ):
            key = str(product)
            if key in self._carried or (key not in self._named and not maker_brands(key)):
                continue
            found.setdefault(str(identity), set()).add((key, int(qty)))
        for identity in wanted:
            self._unread[identity] = frozenset(found.get(identity, ()))

    def uncarried(self, psa_ids: Iterable[str]) -> dict[str, frozenset[Line]]:
        """Per PSA client, its lines of products the vendor file does not carry (the MSP's
        own services, or a text no rule reads yet), in one pass over the frame.

        Args:
            psa_ids: the PSA clients' identities.
        """
        wanted = set(psa_ids)
        frame = self._psa
        rows = frame.loc[rows_in(frame[IDENTITY], wanted) & (frame[QTY] > 0).to_numpy()]
        found: dict[str, set[Line]] = {}
        for identity, product, qty in zip(
            rows[IDENTITY].tolist(), rows[PRODUCT].tolist(), rows[QTY].tolist(), strict=True
        ):
            if product not in self._carried:
                found.setdefault(str(identity), set()).add((str(product), int(qty)))
        return {identity: frozenset(lines) for identity, lines in found.items()}

    def read(
        self,
        vendor_lines: Iterable[Line],
        psa_id: str,
        *,
        branded: bool = False,
        vendor_id: str = "",
    ) -> frozenset[Line]:
        """The PSA client's unread lines read as the vendor client's products.

        Args:
            vendor_lines: the vendor client's (product, milli-seats) lines.
            psa_id: the PSA client's identity (gathered by :meth:`prepare`).
            branded: also read, whatever its seats, a line whose text names a maker and the
                kind of the one product of that maker the vendor client buys
                (:func:`branded_product`), and a brand guess's line as the one product of its
                kind the vendor client buys, on seats within a seat or a tenth
                (:func:`kind_product`); default: seats must agree, no guess is read.
            vendor_id: the vendor client's identity, whose subscription lines a text naming
                only a kind may agree with (:mod:`recon.match.kind_lines`; default: none).

        Returns:
            (vendor product, the PSA line's milli-seats) per line read.
        """
        unread = self._unread.get(psa_id)
        if not unread:
            return frozenset()
        mine = sorted(set(vendor_lines))
        taken: set[str] = set()
        out: set[Line] = set()
        for key, qty in sorted(unread):
            named = self._named.get(key, frozenset())
            fits = {p for p, seats in mine if p in named and seats_near(seats, qty)} - taken
            if not fits and branded:
                found = branded_product(key, {p for p, _ in mine})
                if found is None and key in self._guessed:
                    found = kind_product(key, qty, self._guessed[key], mine, self._kinds)
                elif found is None and self._kinds:
                    texts = [k for k, _ in unread]
                    found = kind_line_product(
                        key, qty, mine, texts, self._kinds, self._subscriptions(vendor_id)
                    )
                fits = {found} - taken if found else set()
            if len(fits) == 1:
                (product,) = fits
                taken.add(product)
                out.add((product, qty))
        return frozenset(out)

    def _subscriptions(self, vendor_id: str) -> Callable[[str], Collection[int]]:
        """A vendor product's milli-seats per line at this vendor client (none: no lines)."""
        held = self._line_seats.of(vendor_id) if self._line_seats and vendor_id else {}
        return lambda product: held.get(product, ())


def maker_brands(psa_key: str) -> frozenset[tuple[str, ...]]:
    """The catalogue makers' brands a PSA text's key names, as whole words."""
    return brands_in(psa_key.removeprefix(NAME_PREFIX).split(), load_catalog().brands())


def branded_product(psa_key: str, vendor_products: Collection[str]) -> str | None:
    """The one vendor product a PSA text names by its maker's brand and its kind, or None.

    "Bitdefender AV" beside a vendor client buying Bitdefender GravityZone Business Security
    and no other Bitdefender product: the brand is the maker's own word, and "AV" names the
    product's kind (endpoint protection, :func:`recon.catalog.text.kind_named`; Bitdefender
    sells GravityZone Business Security as its business antivirus, bitdefender.com,
    "GravityZone Business Security"). The seats need not agree: the maker and the kind say
    which product it is, and a seat difference is the gap a held pair is compared for. A
    text naming no maker, another kind ("Datto Web Filtering" beside Datto EDR) or the MSP's
    own service about the product ("Bitdefender Onboarding") reads nothing, nor does one
    beside two products of its makers.
    """
    text = psa_key.removeprefix(NAME_PREFIX)
    catalog = load_catalog()
    brands = catalog.brands()
    said = maker_brands(psa_key)
    if not said:
        return None
    found: list[str] = []
    for key in vendor_products:
        if not key.startswith(CATALOGUE_PREFIX):
            continue
        product = catalog.get(key.removeprefix(CATALOGUE_PREFIX))
        if product is not None and said & brands_in(product_key(product.vendor).split(), brands):
            found.append(key)
    if len(found) != 1:
        return None
    (key,) = found
    product = catalog.get(key.removeprefix(CATALOGUE_PREFIX))
    if product is None or not kind_named(text, key, product.name):
        return None
    return key


def kind_product(
    psa_key: str, qty: int, guessed: str, vendor_lines: Sequence[Line], kinds: Mapping[str, str]
) -> str | None:
    """The one vendor product of its kind a guessed PSA line bills, or None.

    "Managed EDR" is read as Huntress Managed EDR only with the brand left out: its words
    name a kind, and an MSP bills whatever EDR it resells under them (Huntress sells "Managed
    EDR", huntress.com/managed-edr; SentinelOne sells its EDR as Singularity Control and
    Complete, sentinelone.com platform packages; Pax8 lists both under Endpoint Detection &
    Response). Beside a vendor client buying SentinelOne Singularity Control 13 and no
    Huntress, "Managed EDR" 14 is that Control line: the same reading the comparison makes
    at a matched client (:mod:`recon.engine.kind_guesses`, :mod:`recon.engine.guess_asks`),
    here only so a pair held in review shows its gaps pending the review. It holds when the
    vendor client does not buy the guessed product, buys exactly one product of the guessed
    product's kind (:data:`recon.engine.one_kind.ONE_KIND` read), the text names that kind
    (:func:`recon.catalog.text.kind_named`) and the seats agree within a seat or a tenth.

    Args:
        psa_key: the guessed PSA text's key.
        qty: its milli-seats at the PSA client.
        guessed: the product it was guessed as.
        vendor_lines: the vendor client's (product, milli-seats) lines.
        kinds: product key -> kind.
    """
    kind = kinds.get(guessed)
    if kind is None or any(p == guessed for p, _ in vendor_lines):
        return None
    of_kind = {p for p, _ in vendor_lines if kinds.get(p) == kind}
    if len(of_kind) != 1:
        return None
    (product,) = of_kind
    seats = sum(n for p, n in vendor_lines if p == product)
    if not seats_near(seats, qty):
        return None
    entry = load_catalog().get(product.removeprefix(CATALOGUE_PREFIX))
    if entry is None or not kind_named(psa_key.removeprefix(NAME_PREFIX), product, entry.name):
        return None
    return product
