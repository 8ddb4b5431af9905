"""A name with a bare "365" for its suite names the products of that form in either suite
(recon.catalog.suites): "365 E5" may be Microsoft 365 E5 or Office 365 E5, never guessed."""

from __future__ import annotations

import pytest

from recon.catalog.suites import suite_readings


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("365 E5", {"ms-m365-e5", "ms-o365-e5"}),  # both suites sell an E5
        ("365 F3 - Monthly", {"ms-m365-f3", "ms-o365-f3"}),  # a qualifier set aside
        ("365 Business Premium", {"ms-m365-business-premium"}),  # one suite only
    ],
)
def test_a_bare_365_names_every_suite_product_of_that_form(name: str, ids: set[str]) -> None:
    assert suite_readings(name) == ids


@pytest.mark.parametrize(
    "name",
    [
        "Office 365 E5",  # the suite is written: the catalogue reads it exactly
        "E5",  # no "365" at all: a tier word alone
        "365",  # nothing after it
        "365 E5 + Entra ID P1",  # two products: the caller splits the parts
    ],
)
def test_a_name_without_a_bare_365_and_an_edition_names_no_suite_product(name: str) -> None:
    assert suite_readings(name) == frozenset()
