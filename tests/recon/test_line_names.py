"""A product line's name with its edition left out (:mod:`recon.catalog.line_names`)."""

from __future__ import annotations

import pytest

from recon.catalog import load_catalog
from recon.catalog.line_names import names_line_of


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("Creative Cloud - Monthly", "Adobe Creative Cloud All Apps for teams"),
        ("Bitdefender GravityZone", "Bitdefender GravityZone Business Security"),
        ("Intercept X", "Sophos Intercept X Advanced"),
        ("Singularity (Annual)", "SentinelOne Singularity Complete"),
    ],
)
def test_a_line_without_its_edition_names_its_products(text: str, product: str) -> None:
    assert names_line_of(text, product, load_catalog().brands())


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # A suite word alone is no line: "Microsoft 365" may be an MSP's own plan.
        ("Microsoft 365 - Monthly", "Microsoft 365 Business Premium"),
        # The whole name is no line of it; other words are not its first words.
        ("Creative Cloud All Apps for teams", "Adobe Creative Cloud All Apps for teams"),
        ("Cloud Creative", "Adobe Creative Cloud All Apps for teams"),
        # Another maker's line.
        ("Sophos GravityZone", "Bitdefender GravityZone Business Security"),
    ],
)
def test_other_texts_name_no_line_of_the_product(text: str, product: str) -> None:
    assert not names_line_of(text, product, load_catalog().brands())
