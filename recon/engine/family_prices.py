"""A lone company's line billed at the very price its parent's company bills the product at.

Autotask sets a customer's locations, departments and franchises up as sub-organizations of
a parent organization and applies the parent's contract to them ("Using contracts to bill
another organization", "Invoicing sub-organization items to a parent organization", Autotask
help); ConnectWise lets one agreement cover a client's sites and its parent company's
(the agreement's Sites tab). A line billed under the parent's agreement carries the parent's
unit price, to the cent, while the MSP's prices for one product differ from client to client
(a negotiated price per agreement). So a subsidiary's line under the reseller's own text
("Hosted Exchange P1"), alike the parent's short product by letters only, is that product
where it is billed at the parent's price for it: :mod:`recon.engine.family_unread` reads it
for the family step, which still weighs the seats, the names and chance before it asks.
"""

from __future__ import annotations

from recon.model import Gap, GapKind


def at_parent_price(line: Gap, short: Gap) -> bool:
    """True when a lone company's line is billed at the unit price the short client's own
    company bills the product at (a quantity mismatch: the company bills it, too few).

    Args:
        line: the lone company's one-sided line.
        short: the named-alike client's shortfall on the product.
    """
    if short.kind is not GapKind.QUANTITY_MISMATCH:
        return False  # the parent's company bills no price of the product to share
    price = line.psa_unit_price
    return price is not None and price > 0 and price == short.psa_unit_price
