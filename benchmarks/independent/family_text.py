"""A perturbed copy of a generated pair: one PSA text billing two editions of one family.

An MSP's PSA catalogue often has one product for a family ("Microsoft 365 Plan") that it
bills at Business Standard at some clients and Business Premium at others, and at a client
buying both, on two lines of that same text. The generator never writes this shape, so this
rewrites a generated pair into it: every PSA line of the given editions whose holding the
vendor also sells is re-spelled as the family text (and, where the PSA has a product code
column, given one code for the family, as one PSA product has one code). A line the vendor
does not sell at that client keeps its own spelling: its true gap is "missing in vendor",
which the scorer can only place by the PSA spelling.

``truth.json`` gains the text (scored as the commonest edition, which only a "missing in
vendor" gap on it reads: every other gap is placed by its vendor spelling) and a
``perturbation`` record. Imports nothing from ``recon``.

Usage::

    python -m benchmarks.independent.family_text SRC_DIR OUT_DIR \
        [--text "Microsoft 365 Plan"] [--products m365-bus-standard,m365-bus-premium]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.independent.psa_copy import load

#: The PSA text column and the product code column, by PSA export (header) shape.
DEFAULT_TEXT = "Microsoft 365 Plan"
DEFAULT_PRODUCTS = ("m365-bus-standard", "m365-bus-premium")
FAMILY_CODE = "M365-PLAN"


def perturb(
    src: Path,
    out: Path,
    *,
    text: str = DEFAULT_TEXT,
    products: tuple[str, ...] = DEFAULT_PRODUCTS,
) -> dict[str, Any]:
    """Write ``out`` as ``src`` with the editions' PSA lines re-spelled as ``text``.

    Returns:
        The ``perturbation`` record written into ``out/truth.json``.
    """
    copy = load(src)
    truth = copy.truth
    holdings: dict[str, dict[str, list[int]]] = truth["holdings"]
    rewritten: Counter[str] = Counter()
    clients: dict[str, set[str]] = {}
    for row in copy.rows[1:]:
        client = copy.client(row)
        product = copy.product(row)
        if client is None or product not in products:
            continue
        if holdings.get(client, {}).get(product, [0, 0])[0] <= 0:
            continue  # its gap is "missing in vendor": scored by the spelling, so kept
        copy.respell(row, text, FAMILY_CODE)
        rewritten[product] += 1
        clients.setdefault(client, set()).add(product)
    per_product = Counter(p for held in clients.values() for p in held)
    record = {
        "kind": "family_text",
        "source": src.name,
        "text": text,
        "products": list(products),
        "lines": dict(rewritten),
        "clients": dict(per_product),
        "clients_with_both": sum(1 for held in clients.values() if len(held) > 1),
    }
    truth["products"]["psa"][text] = (
        per_product.most_common(1)[0][0] if per_product else products[0]
    )
    copy.write(out, record)
    return record


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m benchmarks.independent.family_text SRC OUT``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--text", default=DEFAULT_TEXT)
    parser.add_argument("--products", default=",".join(DEFAULT_PRODUCTS))
    args = parser.parse_args(argv)
    record = perturb(args.src, args.out, text=args.text, products=tuple(args.products.split(",")))
    print(json.dumps(record))


if __name__ == "__main__":
    main()
