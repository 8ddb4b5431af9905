"""What a person is offered for a PSA product: ranked candidates, and the answer that
confirms one (the same text for the CLI and the Slack button)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from recon.catalog.text import CATALOGUE_PREFIX, TextCandidate
from recon.match.product_evidence import Verdict
from recon.model import ProductCandidate

#: Candidates shown per product: enough to find the right one, few enough to read.
SHOWN = 5


def answer_for(vendor_key: str, vendor_names: Mapping[str, str]) -> str:
    """What a person confirms a candidate with: its catalogue id, else its vendor name."""
    if vendor_key.startswith(CATALOGUE_PREFIX):
        return vendor_key[len(CATALOGUE_PREFIX) :]
    return vendor_names.get(vendor_key, vendor_key)


def ranked_candidates(
    verdict: Verdict | None,
    ranked: Sequence[TextCandidate],
    vendor_names: Mapping[str, str],
) -> tuple[ProductCandidate, ...]:
    """Up to :data:`SHOWN` candidates for one PSA product, best first: those the seats weighed
    (with their evidence), then those its name alone suggests (scored on the same scale)."""
    found: dict[str, ProductCandidate] = {}
    for support in verdict.candidates if verdict is not None else ():
        found[support.vendor_key] = ProductCandidate(
            vendor_product=vendor_names.get(support.vendor_key, support.vendor_key),
            product_key=support.vendor_key,
            score=support.score,
            why=support.why(),
            answer=answer_for(support.vendor_key, vendor_names),
            clients=support.agree + support.near,
        )
    for text in ranked:
        if text.vendor_key in found:
            continue
        found[text.vendor_key] = ProductCandidate(
            vendor_product=vendor_names.get(text.vendor_key, text.vendor_key),
            product_key=text.vendor_key,
            # The same scale as evidence with no seats behind it: text alone tops out at 80.
            score=round(text.match.score * 0.8, 1),
            why=f"name: {text.match.how}",
            answer=answer_for(text.vendor_key, vendor_names),
        )
    ranked_out = sorted(found.values(), key=lambda c: (-c.score, c.vendor_product))
    return tuple(ranked_out[:SHOWN])
