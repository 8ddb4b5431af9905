"""A PSA product text that carries its own client's name: read without it.

An MSP often types the client into an agreement addition's text ("Office 365 E3 - Contoso",
"Contoso - Microsoft 365 Business Premium (Agreement)"): ConnectWise's invoice description of
an addition is free text (ConnectWise Manage REST API, /finance/agreements/{id}/additions,
"invoiceDescription"). Each such text is then billed at that one client only, so no rule and
no evidence across clients can pair it, and the vendor's line shows as missing although the
client pays for it. The client's name names no product: a text billed at exactly one client
that holds that client's name as written is read with the name (and the billing words around
it, :func:`recon.catalog.billing_text.billing_core`) set aside. A text billed at several
clients is never touched, whatever it holds.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from recon.catalog.billing_text import billing_core
from recon.codes import factorize_text
from recon.model import Col

#: Shortest client name looked for: shorter ones occur inside product words by chance.
_MIN_NAME = 6


def without_own_names(lines: pd.DataFrame) -> pd.DataFrame:
    """``lines`` with each product text that is billed at one client only and holds that
    client's name written with that name set aside; ``lines`` itself when none does.

    Args:
        lines: one side's canonical lines (columns :attr:`recon.model.Col.ALL`).

    Returns:
        The lines, product texts read without their own client's name.
    """
    if lines.empty:
        return lines
    product_codes, products = factorize_text(lines[Col.PRODUCT])
    client_codes, clients = factorize_text(lines[Col.CLIENT])
    # Billed at one client: every row of the text has the client one of its rows has. One
    # pass over the codes (sorting 800,000 (text, client) keys cost ~0.5 s at 60,000).
    client_of = np.empty(len(products), dtype=np.int64)
    client_of[product_codes] = client_codes
    elsewhere = client_codes != client_of[product_codes]
    single = np.flatnonzero(np.bincount(product_codes[elsewhere], minlength=len(products)) == 0)
    if not len(single):
        return lines
    new = {}
    for code in single:
        text = str(products[code])
        stripped = own_name_removed(text, str(clients[client_of[code]]))
        if stripped is not None:
            new[text] = stripped
    if not new:
        return lines
    column = lines[Col.PRODUCT].astype(object).map(lambda t: new.get(t, t))
    out = lines.copy(deep=False)
    categorical = isinstance(lines[Col.PRODUCT].dtype, pd.CategoricalDtype)
    out[Col.PRODUCT] = column.astype("category") if categorical else column
    return out


def own_name_removed(text: str, client: str) -> str | None:
    """``text`` without ``client`` (as written, any case) and the billing words left around
    it; None when the text does not hold the name or nothing that can name a product is left.

    Example:
        >>> own_name_removed("Office 365 E3 - Contoso Dental (Agreement)", "Contoso Dental")
        'Office 365 E3'
    """
    name = " ".join(client.split())
    if len(name) < _MIN_NAME:
        return None
    flat = " ".join(text.split())
    # Most texts billed at one client do not hold its name: looked for as plain text first,
    # so a pattern is compiled only for the few that may (at 60,000 clients, compiling one per
    # text was ~0.2 s of the grouping).
    if name.casefold() not in flat.casefold():
        return None
    found = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", flat, re.IGNORECASE)
    if found is None:
        return None
    rest = (flat[: found.start()] + " " + flat[found.end() :]).strip()
    rest = re.sub(r"\(\s*\)|\[\s*\]", " ", rest)
    rest = re.sub(r"\s+[-\u2013|:]\s+(?=[-\u2013|:(]|$)", " ", rest + " ")
    rest = " ".join(rest.split()).strip(" -\u2013|:,")
    rest = billing_core(rest) if rest else rest
    if not re.search(r"[A-Za-z]", rest) or len(rest) < 3:
        return None
    return rest
