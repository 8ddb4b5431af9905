"""A PSA client whose lines exist but that was never prepared nor admitted holds nothing in
:meth:`Footprints.overlaps`, as :meth:`Footprints.overlap` reads it: the batch looks its
code up only among the clients it may count."""

from __future__ import annotations

from recon.match.client_evidence import Footprints
from tests.recon.match.test_overlap_fast_paths import _PRODUCTS, _lines_frame


def test_a_psa_client_not_prepared_holds_nothing_in_the_batch() -> None:
    held = [(c, p, 2, 0) for c in ("a", "b") for p in _PRODUCTS[:3]]
    prints = Footprints(_lines_frame(held), _lines_frame(held), _PRODUCTS[:3])
    prints.prepare(["a", "b"], ["a"])  # "b" holds the same lines on the PSA side, unprepared
    found = prints.overlaps([(["b"], "a"), (["b"], "b")])
    assert found == [prints.overlap(["b"], "a"), prints.overlap(["b"], "b")]
    assert found[0].shared == 3
    assert found[1].shared == 0 and found[1].psa_lines == 0
    prints.admit([], ["b"])
    assert prints.overlaps([(["b"], "b")])[0].shared == 3
