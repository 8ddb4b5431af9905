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

With ``--stale`` it is the negative: the vendor moved those clients to the first product
(a real upgrade made in the vendor portal only) while the PSA still bills the sibling, at the
sibling's price and cost. The first product's lines at clients that hold no sibling are
written as the sibling's (its text, a sibling line's price and cost), and the truth says what
that is: the first product missing in the PSA, the sibling missing at the vendor. Lines at
clients holding both, or not sold by the vendor, keep their own spelling.

``truth.json`` maps the text to the first product (to the sibling with ``--stale``) and gains a
``perturbation`` record. A
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
from benchmarks.independent.model import MISSING_IN_PSA, MISSING_IN_VENDOR
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
    src: Path,
    out: Path,
    *,
    products: tuple[str, ...],
    read_as: str,
    text: str = "",
    stale: bool = False,
) -> dict[str, Any]:
    """Write ``out`` as ``src`` with every PSA line of ``products`` re-spelled as one text
    that reads as ``read_as`` (``stale``: the first product's lines billed as ``read_as``
    at its price, real upgrades the PSA missed).

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
    donors = [r for r in copy.rows[1:] if copy.product(r) == read_as] if stale else []
    upgraded: set[str] = set()
    for row in copy.rows[1:]:
        product = copy.product(row)
        if product not in products:
            continue
        client = copy.client(row)
        held = holdings.get(client or "", {})
        sold = held.get(product, [0, 0])[0] > 0
        if product != products[0] and not sold:
            continue  # its gap is "missing in vendor", scored by the spelling: kept
        if stale and product != read_as:
            if client is None or not sold or sum(held.get(read_as, [0, 0])) or not donors:
                continue  # both products at the client, or nothing bought: kept as it is
            copy.reprice(row, donors[len(upgraded) % len(donors)])
            upgraded.add(client)
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
    if stale:
        record["upgraded"] = _upgrade(truth, sorted(upgraded), products[0], read_as)
    truth["products"]["psa"][text] = read_as if stale else products[0]
    copy.write(out, record, line_end="\r\n")
    return record


def _upgrade(truth: dict[str, Any], clients: list[str], product: str, billed: str) -> int:
    """Rewrite the truth at ``clients``: the PSA bills ``billed`` where the vendor sells
    ``product``, so the one is missing in the PSA and the other at the vendor."""
    at = set(clients)
    gaps = [
        g for g in truth["gaps"] if g["client"] not in at or g["product"] not in (product, billed)
    ]
    for client in clients:
        vendor, psa = truth["holdings"][client][product]
        truth["holdings"][client][product] = [vendor, 0]
        truth["holdings"][client][billed] = [0, psa]
        gaps.append(_gap(client, product, MISSING_IN_PSA, vendor, 0))
        if psa:
            gaps.append(_gap(client, billed, MISSING_IN_VENDOR, 0, psa))
    truth["gaps"] = gaps
    counts = truth.get("counts", {})
    counts["expected_gaps"] = len(gaps)
    counts["gaps_by_kind"] = dict(Counter(g["kind"] for g in gaps))
    return len(clients)


def _gap(client: str, product: str, kind: str, vendor: int, psa: int) -> dict[str, Any]:
    return {
        "client": client,
        "product": product,
        "kind": kind,
        "seat_delta": vendor - psa,
        "vendor_qty": vendor,
        "psa_qty": psa,
        "vendor_monthly_cost": None,
        "psa_monthly_price": None,
    }


def out_name(src: Path, products: tuple[str, ...], read_as: str) -> str:
    """A folder name for the copy that keeps the scorer's ``-c<clients>-s<seed>`` label."""
    tag = re.sub(r"[^a-z0-9]+", "", "".join(products) + "as" + read_as)
    return f"{src.name}-misread-{tag}"
