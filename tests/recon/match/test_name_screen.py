"""The name screen never calls two names two clients unless reading them says so.

The screen (:mod:`recon.match.name_screen`) tells from arrays of words which pairs can only
differ as two clients, so the fuzzy step reads only the others. The oracle is the full
reading (:meth:`recon.match.name_diffs.NameDiffs.diff`) of every pair, on names drawn from
words that exercise every reading (typos, short forms, initials, words run together or
spaced otherwise, legal forms, organisation words, places, words written twice), and the
fuzzy step that reads every pair, as it did before the screen.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from recon.match.evidence import Evidence
from recon.match.fuzzy import FuzzyStep, population_words
from recon.match.name_diffs import NameDiffs
from recon.match.name_screen import NameScreen
from recon.match.names import ClientName, DiffKind, word_counts
from recon.model import MatchSettings
from recon.normalize import client_key
from tests.recon.match.test_name_diffs import _QUALIFIERS, _WORDS

_names = st.builds(
    lambda words, qualifier: " ".join(words) + qualifier,
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4),
    st.sampled_from(_QUALIFIERS),
)


def _diffs(names: list[str], common: bool) -> NameDiffs:
    counts = word_counts(names * (2 if common else 1))
    return NameDiffs(lambda word: counts.get(word, 0))


@settings(max_examples=800, deadline=None)
@given(st.lists(st.tuples(_names, _names), min_size=1, max_size=12), st.booleans())
def test_screened_pairs_are_two_clients_when_read_in_full(
    pairs: list[tuple[str, str]], common: bool
) -> None:
    diffs = _diffs([n for pair in pairs for n in pair], common)
    screen = NameScreen(diffs)
    # Screened twice, the second batch after the first interned the words: both alike.
    for apart in (screen.apart(pairs), screen.apart(pairs[::-1])[::-1]):
        for (vendor, psa), found in zip(pairs, apart, strict=True):
            if found:
                assert diffs.diff(vendor, psa).kind is DiffKind.DIFFERENT, (vendor, psa)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS[:40]), min_size=2, max_size=3), st.sampled_from(_WORDS))
def test_one_word_each_way_is_read_unless_nothing_pairs_it(words: list[str], other: str) -> None:
    # A name and the same name with one word changed: screened only when reading agrees.
    vendor = " ".join(words)
    psa = " ".join([*words[:-1], other])
    diffs = _diffs([vendor, psa], False)
    if NameScreen(diffs).apart([(vendor, psa)])[0]:
        assert diffs.diff(vendor, psa).kind is DiffKind.DIFFERENT


def test_strangers_are_screened_and_spellings_are_read() -> None:
    pairs = [
        ("Smith Dental", "Jones Plumbing"),  # two plain words apart: two clients
        ("Wright Dental Lab", "Wright Plumbing"),
        ("Boise Dental - Denver", "Boise Dental (Austin)"),  # a place on each side
        ("Lyons Fam Florist", "Lyons Family Florist"),  # a short form
        ("KH Dental", "Keystone Hollow Dental"),  # initials
        ("Smith Cleeaning", "Smith Cleaning"),  # a typo
        ("Klein MachineWorks", "KleinMachine Works"),  # spaced otherwise
        ("CreekDental Group", "Creek Dental"),  # run together
        ("Northside Dental", "Northside Dental Lab"),  # one word more: a near twin
        ("Acme Services", "Acme Group"),  # organisation words only
        ("Park Park Dental", "Jones Plumbing"),  # a word written twice: always read
        ("Baker Wnergy", "Baker Energy"),  # a typo of the first letter
        # Spaced otherwise, no word long enough to begin or end as another is written.
        ("Ab Cdefgh Ijklmn Op", "Abc Defghij Klmno P"),
        ("PT Clinic", "PhysicalTherapy Clinic"),  # initials of capitals run together
        ("SMAccounting", "Smith Maple Accounting"),  # initials run into a word
        ("TheWard Dental", "Ward Dental"),  # a word keys drop run on
    ]
    diffs = _diffs([n for pair in pairs for n in pair], False)
    apart = NameScreen(diffs).apart(pairs)
    assert apart == [True, True, True] + [False] * 13
    assert all(diffs.diff(*pair).kind is not DiffKind.DIFFERENT for pair in pairs[11:])
    assert NameScreen(NameDiffs(lambda _w: 1, lambda t: t)).apart(pairs[:1]) == [False]


class _ReadEveryPair(FuzzyStep):
    """The fuzzy step as it was before the screen: every pair's names read."""

    def _screen_pairs(self, pairs: object) -> None:
        return None


_clients = st.lists(_names, min_size=1, max_size=10, unique=True)


@settings(max_examples=150, deadline=None)
@given(_clients, _clients)
def test_fuzzy_step_decides_as_when_it_read_every_pair(vendor: list[str], psa: list[str]) -> None:
    def clients(names: list[str]) -> list[ClientName]:
        found = {client_key(n): n for n in names if client_key(n)}
        return [ClientName(k, n, k, money=Decimal(10)) for k, n in found.items()]

    left, pool = clients(vendor), clients(psa)
    count = population_words([*vendor, *psa])
    outcomes = []
    for step_type in (FuzzyStep, _ReadEveryPair):
        step = step_type(left, pool, set(), MatchSettings(), Evidence(), count, None)
        accepted = step.run()
        outcomes.append((accepted, step.review, step.notes, step.held))
    assert outcomes[0] == outcomes[1]


def test_fuzzy_step_reads_only_pairs_that_could_be_one_client() -> None:
    # Twenty vendor names, each near one PSA name and among many two-client candidates.
    firsts = "Smith Jones Wright Baker Carter Hayes Lyons Moore Nolan Price".split()
    trades = "Dental Plumbing Bakery Roofing".split()
    vendor = [f"{f} {t}" for f in firsts for t in trades[:2]]
    psa = [f"{f} {t}" for f in firsts for t in trades[1:]] + ["Smith Dentl"]
    left = [ClientName(client_key(n), n, client_key(n)) for n in vendor]
    pool = [ClientName(client_key(n), n, client_key(n)) for n in psa]
    count = population_words([*vendor, *psa])
    step = FuzzyStep(left, pool, set(), MatchSettings(), Evidence(), count, None)
    accepted = step.run()
    read_every = _ReadEveryPair(left, pool, set(), MatchSettings(), Evidence(), count, None)
    assert accepted == read_every.run()
    typo = (client_key("Smith Dental"), len(psa) - 1)  # "Dentl": a short typo, read
    assert typo in step._screened and typo not in step._apart
    assert len(step._diffs) < 0.6 * len(read_every._diffs)
