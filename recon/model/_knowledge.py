"""What people decided and how sure matching must be: the knowledge and thresholds a run uses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Knowledge:
    """What people have decided, read from the store before matching.

    Names are compared by their normalised keys, so case and punctuation don't matter.

    Attributes:
        client_aliases: (vendor client name, PSA client name) pairs that are the same client.
        client_rejections: pairs that are never the same client; never proposed again.
        product_aliases: (raw product name as written, target) where target is a catalogue
            product id or a PSA product name.
        product_rejections: (PSA product name as written, vendor product it is not): a
            mapping question answered "no"; the pair is never proposed again.
        ignored_products: PSA product names that are never compared (labour, bundles).
        column_maps: per format name, role -> column header, saved from earlier ``--map`` use.
        bundles: (PSA product name, its components) where each component is a catalogue
            product id or a product name: the bundle's billed seats are compared with each
            component's vendor seats.
        client_families: (vendor client name, PSA client name, same) answers to family
            questions (``recon family``): same=True, the two are billed as one organisation
            and compared summed with the client either is paired with; False, compared apart
            and never asked about again.
        maker_answers: (source, maker, bought_here) answers to maker questions (``recon
            maker``): True, the maker's products are bought from that source and compared;
            False, bought elsewhere, never compared nor asked about again.
    """

    client_aliases: tuple[tuple[str, str], ...] = ()
    client_rejections: tuple[tuple[str, str], ...] = ()
    product_aliases: tuple[tuple[str, str], ...] = ()
    product_rejections: tuple[tuple[str, str], ...] = ()
    ignored_products: tuple[str, ...] = ()
    column_maps: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    bundles: tuple[tuple[str, tuple[str, ...]], ...] = ()
    client_families: tuple[tuple[str, str, bool], ...] = ()
    maker_answers: tuple[tuple[str, str, bool], ...] = ()


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """Thresholds for fuzzy client and product matching (scores are 0-100).

    Attributes:
        accept_score: a fuzzy client pair at or above this is accepted (default 90),
            if it also clears ``min_margin`` and the names differ by no whole word.
        review_score: between this (default 70) and ``accept_score`` a pair goes to review;
            below it the vendor client is unmatched.
        min_margin: the best candidate must beat the runner-up by this much (default 8).
        product_accept_score: product names scoring at or above this pair up on text alone
            (default 90), and only when their tier words (Standard/Premium, Plan 1/2, E3/E5,
            ...) agree and they beat the runner-up by ``product_margin`` (default 5).
        product_evidence: weigh the seats at each matched client to pair PSA products the
            vendor file lacks, or to ask one question about them (default True; see
            :mod:`recon.match.product_evidence`).
        learn: use word-level evidence from past confirmations and rejections (default
            True); when False, only explicit aliases and rejections are used.
    """

    accept_score: float = 90.0
    review_score: float = 70.0
    min_margin: float = 8.0
    product_accept_score: float = 90.0
    product_margin: float = 5.0
    product_evidence: bool = True
    learn: bool = True
