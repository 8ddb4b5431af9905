"""Two spellings of one key in a vendor file: each pairs by its own lines, fuzzy pairs too."""

from __future__ import annotations

from tests.recon.conftest import reconcile_rows as run

_E3, _F3 = "Microsoft 365 E3", "Microsoft 365 F3"
# Other clients, so that a line weighs by how rare it is, as in any real file.
_OTHERS = [(f"Zephyr {word} Supply", _E3, seats, "36.00") for word, seats in (
    ("North", 3), ("South", 4), ("East", 12), ("West", 20)
)]  # fmt: skip


def test_a_spelling_holding_no_product_of_the_client_its_initials_spell_stays_apart() -> None:
    # "WB Logistics L.L.C." and "WB LOGISTICS PC" share a key but are two companies: the PC
    # is Wright Brothers Logistics (its E3 line), the L.L.C. is Wolfbend Logistics (F3, no
    # product Wright Brothers bills). The initials pair the key with Wright Brothers; only
    # the spelling whose lines agree may follow.
    vendor = [
        ("WB Logistics L.L.C.", _F3, 32, "8.00"),
        ("WB LOGISTICS PC", _E3, 7, "36.00"),
        *_OTHERS,
    ]
    psa = [
        ("Wright Brothers Logistics", _E3, 7, "36.00"),
        ("Wolfbend Logistics, LLC", _F3, 32, "8.00"),
        *_OTHERS,
    ]
    result = run(vendor, psa)
    pairs = {m.vendor_client: m.psa_client for m in result.matches}
    assert pairs.get("WB Logistics L.L.C.") != "Wright Brothers Logistics"
