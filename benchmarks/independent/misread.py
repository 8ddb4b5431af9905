"""A perturbed copy of a generated pair: a frequent product's PSA text names a sibling product.

Real PSA catalogues carry texts whose words name another product than the one they bill:

- a renamed product's old name that became another product's current name (Microsoft's 2020
  Frontline renames: the old "Microsoft 365 F1" is today's F3, and a new F1 came later);
- a catalogue item copied from a sibling that kept the sibling's edition word;
- one family text billing two editions at different clients.

A name rule reads such a text as the sibling, so every client holding it shows two false
gaps. The generator never writes this shape, so this rewrites a generated pair into it: every
PSA line of the chosen products (``--products``, one or two) is re-spelled as one text built
from the sibling's own catalogue name (``--as``), with a PSA catalogue's decoration where the
bare name is already a spelling of some product. Where the PSA has a product code column the
lines get one code, as one PSA item has one code.

``truth.json`` maps the text to the first product and gains a ``perturbation`` record. A
"missing in vendor" gap is the only one the scorer places by the PSA spelling, so a line of
the second product the vendor does not sell at that client keeps its own spelling. The
vendor file is copied unchanged. Imports nothing from ``recon``; names come from this
package's catalogue only.

Usage::

    python -m benchmarks.independent misread SRC_DIR OUT_DIR --products m365-f3 --as m365-f1
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.independent.catalogue import by_pid
from benchmarks.independent.psa_copy import load, strip

#: How a PSA catalogue item is often decorated; tried in order until a text no product uses.
_DECORATIONS = ("{}", "{} License", "{} - User", "{} (CSP)", "{} Subscription", "Lic - {}")
MISREAD_CODE = "LIC-MISREAD"


def sibling_text(true_name: str, sibling_name: str, taken: set[str]) -> str:
    """A text that reads as ``sibling_name`` while billing ``true_name``.

    Where the two names differ in one word (an edition: F3 / F1, Plan 1 / Plan 2) the true
    name keeps its own words with the sibling's edition word, as a copied catalogue item
    does; otherwise it is the sibling's name itself (an old name). A decoration is added
    while the text is already one of ``taken`` (lower case, spaces collapsed).
    """
    ours, theirs = true_name.split(), sibling_name.split()
    base = sibling_name
    if len(ours) == len(theirs):
        differ = [i for i, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b]
        if len(differ) == 1:
            base = " ".join(theirs[i] if i in differ else w for i, w in enumerate(ours))
    for decoration in _DECORATIONS:
        text = decoration.format(base)
        if strip(text).casefold() not in taken:
            return text
    raise ValueError(f"every decoration of {base!r} is already a spelling")


def misread(
    src: Path, out: Path, *, products: tuple[str, ...], read_as: str, text: str = ""
) -> dict[str, Any]:
    """Write ``out`` as ``src`` with every PSA line of ``products`` re-spelled as one text
    that reads as ``read_as``.

    Returns:
        The ``perturbation`` record written into ``out/truth.json``.
    """
    catalogue = by_pid()
    copy = load(src)
    truth = copy.truth
    taken = {strip(k).casefold() for side in ("psa", "vendor") for k in truth["products"][side]}
    if not text:
        text = sibling_text(catalogue[products[0]].name, catalogue[read_as].name, taken)
    elif strip(text).casefold() in taken:
        raise SystemExit(f"{text!r} already spells a product in {src.name}")
    lines: Counter[str] = Counter()
    clients: dict[str, set[str]] = {}
    holdings: dict[str, dict[str, list[int]]] = truth["holdings"]
    for row in copy.rows[1:]:
        product = copy.product(row)
        if product not in products:
            continue
        client = copy.client(row)
        sold = holdings.get(client or "", {}).get(product, [0, 0])[0] > 0
        if product != products[0] and not sold:
            continue  # its gap is "missing in vendor", scored by the spelling: kept
        copy.respell(row, text, MISREAD_CODE)
        lines[product] += 1
        if client is not None:
            clients.setdefault(client, set()).add(product)
    per_product = Counter(p for held in clients.values() for p in held)
    record = {
        "kind": "misread",
        "source": src.name,
        "text": text,
        "products": list(products),
        "read_as": read_as,
        "lines": dict(lines),
        "clients": dict(per_product),
        "clients_with_both": sum(1 for held in clients.values() if len(held) > 1),
    }
    truth["products"]["psa"][text] = products[0]
    copy.write(out, record, line_end="\r\n")
    return record


def out_name(src: Path, products: tuple[str, ...], read_as: str) -> str:
    """A folder name for the copy that keeps the scorer's ``-c<clients>-s<seed>`` label."""
    tag = re.sub(r"[^a-z0-9]+", "", "".join(products) + "as" + read_as)
    return f"{src.name}-misread-{tag}"
