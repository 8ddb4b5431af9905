"""An overlap's readings are worked out once when it is made: a copy with other counts
(``dataclasses.replace``, as the leftovers' pass weighs lines) reads its own counts."""

from __future__ import annotations

import dataclasses

from recon.match.overlap import Overlap


def test_a_copy_with_other_counts_reads_them() -> None:
    apart = Overlap(shared=0, vendor_lines=3, psa_lines=3, shared_products=0)
    assert apart.contradicts and apart.apart and not apart.agrees
    agreeing = dataclasses.replace(apart, shared=2, shared_products=2)
    assert agreeing.agrees and not agreeing.apart and not agreeing.contradicts


def test_kept_readings_are_no_part_of_equality() -> None:
    one = Overlap(2, 3, 3, 2, bits=4.5)
    assert one == Overlap(2, 3, 3, 2, bits=4.5) and hash(one) == hash(Overlap(2, 3, 3, 2, 0, 4.5))
    assert repr(one).endswith("summed=False)")
