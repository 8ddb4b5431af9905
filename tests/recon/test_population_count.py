"""The clients' word counts taken from the words grouping read equal the counts of their names.

Matching weighs a word by how many of the run's client names write it
(:func:`recon.match.fuzzy.population_words`); grouping has read those words already when it
keyed the names, so the run counts them from there (:func:`recon.engine.groups.population_count`).
The old count, name by name (:func:`recon.match.names.word_counts`), is the oracle.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.bulk_keys import client_keys, keyed_names
from recon.engine.groups import population_count
from recon.engine.reconcile import group_sides
from recon.formats import read_export
from recon.match.fuzzy import population_words
from recon.match.names import word_counts
from recon.model import Side

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AS_OF = dt.date(2026, 11, 15)

# Plain names the column rules key, and names they send one by one (an apostrophe, an
# accent, a qualifier, initials apart, a former name), with legal forms and repeated words.
_WORDS = st.sampled_from(
    [
        "Acme",
        "acme",
        "Dental",
        "DENTAL",
        "Group",
        "Inc.",
        "LLC",
        "Co",
        "The",
        "and",
        "&",
        "Smith",
        "Smith,",
        "J",
        "B",
        "O'Brien",
        "Café",
        "(Tampa)",
        "-",
        "East",
        "fka",
        "Ltd",
        "Hunt",
        "Three",
        "3",
        "AlvaradoProperties",
        "P.A.",
        "Boise",
        "CPA",
    ]
)
_NAME = st.lists(_WORDS, min_size=1, max_size=6).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_NAME, min_size=0, max_size=12), st.data())
def test_word_counts_of_picked_names_equal_word_counts_of_the_list(
    names: list[str], data: st.DataObject
) -> None:
    picks = data.draw(
        st.lists(st.integers(0, len(names) - 1), max_size=20) if names else st.just([])
    )
    keyed = keyed_names(names)
    assert list(keyed.keys) == list(client_keys(names))
    # Names picked twice count twice; names never picked count nothing.
    expected = word_counts([names[i] for i in picks])
    assert keyed.word_counts(np.asarray(picks, dtype=np.intp)) == expected


def _write(path: Path, source: Path, extra: list[str]) -> Path:
    path.write_bytes(source.read_bytes().rstrip(b"\r\n") + b"\r\n" + "\r\n".join(extra).encode())
    return path


def test_a_runs_population_count_equals_the_count_of_its_clients_names(tmp_path: Path) -> None:
    vendor_text = (EXAMPLES / "vendor_partner_center.csv").read_text().splitlines()
    first = vendor_text[1].split(",")
    # The same name under a second tenant id (two clients, one name: counted twice), and a
    # second spelling of the first tenant (one client: its first spelling is its name).
    twin = [first[0], "11111111-2222-3333-4444-555555555555", *first[2:]]
    respelt = [first[0], first[1], "Wayne Enterprises Holdings", *first[3:]]
    vendor = _write(
        tmp_path / "vendor.csv",
        EXAMPLES / "vendor_partner_center.csv",
        [",".join(twin), ",".join(respelt)],
    )
    psa_first = (EXAMPLES / "psa_connectwise.csv").read_text().splitlines()[1].split(",")
    psa = _write(
        tmp_path / "psa.csv",
        EXAMPLES / "psa_connectwise.csv",
        [
            ",".join(["O'Brien & Sons Café (Tampa)", *psa_first[1:]]),
            ",".join(["Acme Manufacturing Corporation", *psa_first[1:]]),
        ],
    )
    grouped = group_sides(
        read_export(vendor, side=Side.VENDOR, as_of=AS_OF),
        read_export(psa, side=Side.PSA, as_of=AS_OF),
        as_of=AS_OF,
    )
    clients = [*grouped.vendor.clients, *grouped.psa.clients]
    names = [c.name for c in clients]
    assert names.count("WAYNE ENTERPRISES") == 2
    assert "Wayne Enterprises Holdings" not in names
    counted = population_count(grouped.vendor, grouped.psa)
    assert counted is not None
    oracle = population_words(names)
    words = set(word_counts(names)) | {"holdings", "absent"}
    assert {w: counted(w) for w in words} == {w: oracle(w) for w in words}
    assert counted("wayne") == 3  # two vendor tenants and the PSA's client
