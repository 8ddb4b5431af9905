"""A PSA text naming one product line is never another line's product by seats alone.

Vendors sell a product line in editions: Microsoft's Windows 365 (the Cloud PC service,
learn.microsoft.com "What is Windows 365?": "Windows 365 ... creates a new type of Windows
virtual machine (Cloud PCs)") as Business, Enterprise and Frontline in several sizes; Adobe's
Creative Cloud as All Apps and Single App (:mod:`recon.catalog.line_names`). A PSA text that
names the line ("Cloud PC (Windows 365)") names one of its editions, whichever the seats say.
It does not name a product of another line, whatever the seats at one client say: "Cloud PC
(Windows 365)" 3 beside an unbilled "Microsoft 365 Business Basic" 3 (its own PSA line had
expired) is a Windows 365 the vendor does not sell this client, and a Business Basic no longer
billed: two gaps, not one question pairing a virtual desktop with a mailbox plan.

A text names a line when it, or its words once one short qualifier is set aside (either part:
"Cloud PC" or "Windows 365"), is the line's name with its edition left out
(:func:`recon.catalog.line_names.names_line_of`), for a product the vendor file sells. A
line whose words are a kind's ("Email Security" of "Mimecast Email Security Cloud Gateway",
the catalogue's family "Email security") names the kind, which several makers sell: it bars
nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from recon.catalog import load_catalog
from recon.catalog._keys import product_key, tier_tokens
from recon.catalog._loose import brands_in, qualifier_cores, without_brands
from recon.catalog.line_names import names_line_of

Brands = frozenset[tuple[str, ...]]


class LineIndex:
    """The product lines of a vendor file's products, to find the ones a text names.

    Args:
        vendor_names: vendor product key -> its name.
        brands: brand words (:meth:`recon.Catalog.brands`).
    """

    def __init__(self, vendor_names: Mapping[str, str], brands: Brands) -> None:
        self._names = vendor_names
        self._brands = brands
        self._by_line: dict[tuple[str, ...], set[str]] = {}
        for key, name in vendor_names.items():
            own = product_key(name).split()
            full = without_brands(own, brands_in(own, brands))
            for size in range(1, len(full)):
                line = tuple(full[:size])
                if frozenset(line) in _kinds():
                    continue
                if any(len(word) >= 3 and not tier_tokens(word) for word in line):
                    self._by_line.setdefault(line, set()).add(key)

    def named_by(self, text: str) -> frozenset[str]:
        """The vendor products whose line the text names (empty when it names none)."""
        if not self._by_line:
            return frozenset()
        found: set[str] = set()
        for reading in _readings(text):
            words = product_key(reading).split()
            line = tuple(without_brands(words, brands_in(words, self._brands)))
            for key in self._by_line.get(line, ()):
                if names_line_of(reading, self._names[key], self._brands):
                    found.add(key)
        return frozenset(found)


@functools.cache
def _kinds() -> frozenset[frozenset[str]]:
    """The words of each kind of product the catalogue knows (its ``family`` column)."""
    return frozenset(
        frozenset(product_key(p.family).split()) for p in load_catalog().products() if p.family
    )


def _readings(text: str) -> Iterable[str]:
    """The text, and each part of it once one short qualifier is set aside."""
    yield text
    for core, qualifier in qualifier_cores(text):
        yield core
        yield qualifier


def other_lines(
    pairs: Iterable[tuple[str, str]],
    psa_names: Mapping[str, str],
    lines: LineIndex,
) -> frozenset[tuple[str, str]]:
    """The (PSA key, vendor key) pairs whose PSA text names a product line the vendor product
    is not of: never weighed on the seats.

    Args:
        pairs: (PSA key, vendor key) pairs met at some client.
        psa_names: PSA key -> its text as written.
        lines: the vendor file's product lines.
    """
    named: dict[str, frozenset[str]] = {}
    out: set[tuple[str, str]] = set()
    for psa_key, vendor_key in pairs:
        if psa_key not in named:
            named[psa_key] = lines.named_by(psa_names[psa_key])
        line = named[psa_key]
        if line and vendor_key not in line:
            out.add((psa_key, vendor_key))
    return frozenset(out)
