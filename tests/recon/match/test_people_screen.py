"""The licensee screen (recon.match.people.may_be_person) leaves out only names neither
reading can make a licensee of: ``_people`` with it is the two readings without it (the
oracle, kept here), on any name."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.match.people import Person, _people, may_be_person, person, untitled


def read_people(name: str) -> tuple[Person, ...]:
    """``_people`` as it stood before round nineteen: both readings of every name."""
    who = person(name)
    return (who,) if who is not None else untitled(name)


# Degrees with and without full stops, titles, law offices, firm words, legal forms,
# surnames and given names, initials, commas, digits and letters that lower-case to ASCII.
_WORDS = (
    "Dr. Dr Jane John J. M. Doe Holt Crawford Gordon Everett Smith D.D.S. DDS DMD MD M.D. DO "
    "D.O. CPA C.P.A. DVM VMD OD O.D. DC D.C. DPT PT AIA Architect Attorney Esq. JD Law Law. "
    "Office Offices of Legal Dental Dentistry Optometry Central Point Beacon Trail the The "
    "LLC Inc PC P.C. PA Co , 12 MDS CPAs Lawson Dodd \u212aim \u0130van"
).split()
_names = st.builds(
    lambda words, comma: (", " if comma else " ").join(words),
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6),
    st.booleans(),
)


@settings(max_examples=1500, deadline=None)
@given(_names)
def test_the_screen_reads_every_name_either_reading_could_make_a_licensee(name: str) -> None:
    assert _people(name) == read_people(name), name


@pytest.mark.parametrize(
    "name",
    [
        "Dr. Jane Doe, DDS",
        "J. Gordon, C.P.A.",
        "Law Offices of J. Smith",
        "law  office of Jane Smith",
        "John Crawford AIA",
        "Holt John DC",
        "Dr. M. Everett, D.V.M.",
    ],
)
def test_a_licensee_passes_the_screen(name: str) -> None:
    assert read_people(name)
    assert may_be_person(name)
    assert _people(name) == read_people(name)


@pytest.mark.parametrize(
    "name", ["Smith Dental Group", "Lawson Plumbing", "Dodd Logistics LLC", "MDS Holdings"]
)
def test_a_name_without_a_degree_or_a_law_office_is_screened_out(name: str) -> None:
    assert not may_be_person(name)
    assert _people(name) == ()
