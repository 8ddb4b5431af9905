"""One word typed wrong twice, a different slip each side, read as one word on agreeing lines.

"Becaon Park Property Management Ltd" (the vendor swapped two letters) and "Beqcon Park
Property Management" (the PSA struck the key beside the "a") are both "Beacon", a word no
other client writes: two edits apart, so neither a one-edit typo nor, with no client writing
"Beacon", one of two typos of a word the population writes. The check4 dev pair showed the
client as a vendor customer with no PSA company beside a PSA company with no vendor customer,
every line a gap on both sides. Each spelling one typing slip from one word that keeps its
first letter (a letter doubled or dropped, two neighbours swapped, a neighbouring key) is one
word typed twice; a short typo's rule then asks the lines' support (names alone never merge).
Two surnames two edits apart ("Harper" / "Parker") are not slips of one word.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from recon.match.name_diffs import NameDiffs
from recon.match.name_typos import _slip, _two_typos
from recon.match.names import DiffKind, word_counts
from tests.recon.cli_run import reconcile_json
from tests.recon.match.strings_name_diffs import NameDiffs as StringNameDiffs


def _once(_word: str) -> int:
    return 1


@pytest.mark.parametrize(
    ("a", "b", "read"),
    [
        ("becaon", "beqcon", True),  # a swap and a neighbouring key (a / q)
        ("cannyon", "canyo", True),  # a letter doubled, one dropped
        ("cannyon", "caynno", False),  # three edits apart: another word
        ("meadoows", "meadwos", True),  # a letter doubled, two swapped
        ("harper", "parker", False),  # two surnames: the first letter, keys far apart
        ("beacoon", "beqcon", True),  # a letter doubled, a neighbouring key
        ("beacoon", "bemcon", False),  # m is nowhere near a: another word, not a slip
        ("becaon", "bepcon", False),  # a letter dropped each side ("becon"): any two words
        ("ebacon", "beqcon", False),  # a first letter typed wrong is no slip
    ],
)
def test_two_slips_of_one_word_no_client_writes(a: str, b: str, read: bool) -> None:
    assert _two_typos(a, b, _once) is read


@pytest.mark.parametrize(
    ("written", "meant", "slip"),
    [
        ("cannyon", "canyon", True),  # the letter beside it again
        ("canhyon", "canyon", True),  # h is the key beside n and y
        ("canzyon", "canyon", False),  # z is beside neither n nor y: no finger adds it
        ("caynon", "canyon", True),  # two neighbours swapped
        ("cabyon", "canyon", True),  # b is the key beside n
        ("caryon", "canyon", False),  # r is far from n
        ("canon", "canyon", True),  # a letter dropped
        ("danyon", "canyon", False),  # the first letter is rarely the one mistyped
    ],
)
def test_a_typing_slip_is_a_key_a_finger_reaches(written: str, meant: str, slip: bool) -> None:
    assert _slip(written, meant) is slip


def test_a_slip_of_a_word_two_clients_write_is_not_read() -> None:
    # Each spelling is written by another client too: real words, whatever the keys say.
    assert not _two_typos("becaon", "beqcon", lambda word: 2)


def test_the_coded_reading_reads_two_slips_as_the_string_oracle_does() -> None:
    names = ["Becaon Park Property Management Ltd", "Beqcon Park Property Management"]
    names += ["Harper Dental Studio", "Parker Dental Studio"]
    counts = word_counts(names)

    def count(word: str) -> int:
        return counts.get(word, 0)

    coded, strings = NameDiffs(count), StringNameDiffs(count)
    slips = coded.diff(names[0], names[1])
    assert slips == strings.diff(names[0], names[1])
    assert slips.kind is DiffKind.SHORT_FORMS  # read only with the lines' support
    assert slips.readings == ("'Becaon' as a typo of 'Beqcon'",)
    apart = coded.diff(names[2], names[3])
    assert apart == strings.diff(names[2], names[3])
    assert apart.kind is DiffKind.DIFFERENT


def _files(tmp_path: Path, psa_lines: list[tuple[str, int]]) -> tuple[str, str, str]:
    bp, bb, exo = (
        "Microsoft 365 Business Premium",
        "Microsoft 365 Business Basic",
        "Exchange Online (Plan 1)",
    )
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i, client in enumerate(("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")):
        vendor += [f"{client},{bp},{10 + i},22.00", f"{client},{bb},{3 + i},5.00"]
        psa += [f"{client},{bp},{10 + i},26.00", f"{client},{bb},{3 + i},7.00"]
    vendor += [
        f"Becaon Park Property Management Ltd,{bp},6,22.00",
        f"Becaon Park Property Management Ltd,{exo},9,4.00",
    ]
    names = {"bp": bp, "exo": exo, "bb": bb}
    psa += [f"Beqcon Park Property Management,{names[p]},{q},30.00" for p, q in psa_lines]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def test_a_client_typed_wrong_on_both_sides_pairs_on_agreeing_lines(tmp_path: Path) -> None:
    report = reconcile_json(_files(tmp_path, [("bp", 5), ("exo", 9)]))
    pairs = {(m["vendor_client"], m["psa_client"]) for m in report["matches"]}
    assert ("Becaon Park Property Management Ltd", "Beqcon Park Property Management") in pairs
    (gap,) = report["gaps"]  # the one seat the PSA does not bill, not two gaps per product
    assert (gap["kind"], gap["seat_delta"]) == ("quantity_mismatch", 1)


def test_the_two_spellings_are_never_paired_on_the_names_alone(tmp_path: Path) -> None:
    # The PSA company bills other products: two clients as far as the lines can tell.
    report = reconcile_json(_files(tmp_path, [("bb", 14)]))
    pairs = {(m["vendor_client"], m["psa_client"]) for m in report["matches"]}
    assert ("Becaon Park Property Management Ltd", "Beqcon Park Property Management") not in pairs
    assert {g["kind"] for g in report["gaps"]} == {"missing_in_psa", "missing_in_vendor"}
