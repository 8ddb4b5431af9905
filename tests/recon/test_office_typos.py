"""A typo the PSA writes on a client and again on its office is still one client's typo.

Whether a word is a slip is read from how many clients write it: one client's spelling beside
a word other clients write is a typo of it, two spellings each written by two clients or more
are two real words. A PSA that types "Qinn" for "Quinn" types it again on the office or
subsidiary it bills apart ("Qinn Gate Solar LLC Properties"), and counted per name the slip
looked written by two clients. A name that only adds words after another name (Companies
House's "same as" reading of added words) or is one name at another site is that client's other
name, and the words they write alike count once.
"""

from __future__ import annotations

import pytest

from tests.recon.conftest import reconcile_rows

_EXO, _PREMIUM, _TEAMS = (
    "Exchange Online (Plan 1)",
    "Microsoft 365 Business Premium",
    "Microsoft Teams Essentials",
)


def _run(office: str) -> set[tuple[str, str]]:
    vendor_rows = [
        ("Quinn Gate Solar LLC", _EXO, 8, "3.62"),
        ("Quinn Gate Solar LLC", _TEAMS, 6, "3.60"),
        ("Quinn & Banks Equipment, LLC", _PREMIUM, 16, "18.51"),
        ("Quinn Bluff Bakery", _TEAMS, 4, "3.60"),
    ]
    psa_rows = [
        ("Qinn Gate Solar LLC", _EXO, 8, "5.77"),
        ("Qinn Gate Solar LLC", _TEAMS, 4, "4.62"),
        (office, _PREMIUM, 1, "22.46"),
        (office, _TEAMS, 1, "4.62"),
        ("Quinn & Banks Equipment", _PREMIUM, 16, "24.45"),
        ("Quinn Bluff Bakery", _TEAMS, 4, "4.62"),
    ]
    result = reconcile_rows(vendor_rows, psa_rows)
    return {(m.vendor_client, m.psa_client) for m in result.matches}


@pytest.mark.parametrize("office", ["Qinn Gate Solar LLC Properties", "Qinn Gate Solar - Denver"])
def test_a_slip_repeated_on_the_clients_office_is_read_as_a_typo(office: str) -> None:
    assert ("Quinn Gate Solar LLC", "Qinn Gate Solar LLC") in _run(office)


def test_a_slip_two_clients_write_is_still_a_word() -> None:
    # "Qinn Harbor Foods" is no name of Qinn Gate Solar's: "Qinn" is two clients' word.
    assert ("Quinn Gate Solar LLC", "Qinn Gate Solar LLC") not in _run("Qinn Harbor Foods")


def test_one_name_at_two_sites_writes_its_words_once() -> None:
    from recon.match.office_words import office_repeats
    from recon.normalize import client_key

    names = [
        "Nible CPA Grp Denver",
        "Nible CPA Grp - Tampa",
        "Nible Dental Lab",
        "Nible Dental Care",
    ]
    repeats = office_repeats(names, [client_key(n) for n in names])
    # The two offices of one name write "Nible" once; two companies a word apart twice.
    assert repeats == {"nible": 1, "cpa": 1, "grp": 1}
