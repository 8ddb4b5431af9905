"""A short form run into the word before it is looked up by the two words together.

"ArcherPeds, Corp." is the PSA's "Archer Pediatrics": the short form of Pediatrics ("Peds",
its first letters, as ISO 4's List of Title Word Abbreviations shortens a word) typed onto the
surname. Among many names that write "Archer" and "Pediatrics" (60,000 clients), neither word
is rare enough to look up, and the run-together word shares no rare key with "Pediatrics":
the client was never proposed, and its lines went out as two sets of gaps. The first word and
the second word's first letters together ("archer ped") are rare; the names and the lines
then judge the pair as any other.
"""

from __future__ import annotations

from tests.recon.conftest import reconcile_rows

_PREMIUM, _SHAREPOINT, _KEEPER = (
    "Microsoft 365 Business Premium",
    "SharePoint (Plan 1)",
    "Keeper Business",
)
#: More names writing "Archer" and "Pediatrics" than a rare word's look-up takes
#: (recon.match.forms.RARE_BUCKET), each a company of its own.
_CROWD = (
    "Oak Pine Cedar Elm Maple Birch Willow Aspen Spruce Alder Ash Beech Cherry Cypress Fir "
    "Hazel Hickory Juniper Larch Laurel Linden Magnolia Myrtle Poplar Redwood Rowan Sequoia "
    "Sycamore Walnut Yew Acacia Banyan Cotton Dogwood Ebony Hemlock Holly Ironwood Mahogany "
    "Olive Palm Peach Pear Plum Quince Sassafras Tamarack Teak Tupelo Chestnut Sumac"
).split()


def _world(psa: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    vendor = "Archer Pediatrics"
    vendor_rows: list[tuple[object, ...]] = [
        (vendor, _PREMIUM, 12, "18.51"),
        (vendor, _SHAREPOINT, 7, "4.15"),
        (vendor, _KEEPER, 9, "3.06"),
    ]
    psa_rows: list[tuple[object, ...]] = [
        (psa, _PREMIUM, 10, "24.45"),
        (psa, _SHAREPOINT, 7, "5.64"),
        (psa, _KEEPER, 9, "4.96"),
    ]
    for word in _CROWD:
        psa_rows.append((f"Archer {word} Pediatrics", "Exchange Online (Plan 1)", 3, "4.50"))
    return vendor_rows, psa_rows


def test_a_short_form_run_into_the_surname_is_found_among_many_alike() -> None:
    result = reconcile_rows(*_world("ArcherPeds, Corp."))
    pairs = {(m.vendor_client, m.psa_client) for m in result.matches}
    assert ("Archer Pediatrics", "ArcherPeds, Corp.") in pairs
    assert [
        (g.client, g.vendor_qty, g.psa_qty) for g in result.gaps if g.client.startswith("ArcherP")
    ] == [("ArcherPeds, Corp.", 12, 10)]


def test_another_word_run_into_the_surname_is_not_merged() -> None:
    # "ArcherPlumbing" begins with other letters: no glued look-up proposes it.
    result = reconcile_rows(*_world("ArcherPlumbing, Corp."))
    assert all(m.vendor_client != "Archer Pediatrics" for m in result.matches)
