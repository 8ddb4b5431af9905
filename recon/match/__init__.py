"""Matching: which vendor client is which PSA client, and which product is which."""

from recon.match.clients import ClientMatching, match_clients, word_differences
from recon.match.names import ClientName
from recon.match.products import (
    ProductIdentity,
    ProductPairing,
    ProductResolver,
    pair_products,
)

__all__ = [
    "ClientMatching",
    "ClientName",
    "ProductIdentity",
    "ProductPairing",
    "ProductResolver",
    "match_clients",
    "pair_products",
    "word_differences",
]
