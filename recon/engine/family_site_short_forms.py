"""Two offices of one name, one side writing a word of it shortened: one family question.

:mod:`recon.engine.family_site_pairs` asks one question where a vendor customer named after
one office ("Weston Orthodontics (Madison)") is billed as a PSA company named after another,
when both names are one base and a site label. A PSA company name is often typed short, a
word written by some of its letters in order from its first ("WESTON ORTHO. (Omaha)": USPS
Publication 28 shortens address words the same way, and :func:`recon.match.names.diff_names`
reads such a word as a short form of the other name's); the two bases then differ, no rule
read the pair, and the customer's one product showed as both halves ("bought, not billed" at
the customer, "billed, not bought" at the company).

Here the bases may also read as one name with words shortened
(:func:`recon.engine.review_short_forms.reads_short`: every word the same or a short form of
the other's one word, first letter kept; never initials, a typo or a word of its own), on the
same conditions otherwise: each is the only lone customer or company of the run whose base
reads so against the other (one answer), no lone company or customer writes either base as
it is (that pair is :mod:`recon.engine.family_site_pairs`' to weigh), and the lines agree as
they must there (:func:`recon.engine.family_site_pairs.lines_agree`). The outcome is one
family question with the money at stake, never a merge.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping

from recon.engine.family_site_pairs import lines_agree
from recon.engine.family_sites import site_base
from recon.engine.family_unpaired import Asked, ask_one
from recon.engine.review_short_forms import reads_short
from recon.model import Gap
from recon.normalize import client_key


def ask_short_site_pairs(
    customers: Mapping[str, Mapping[str, Gap]],
    companies: Mapping[str, Mapping[str, Gap]],
    *,
    apart: Collection[tuple[str, str]],
) -> list[Asked]:
    """The family questions of a customer and a company named after two offices of one name,
    a word of it shortened on one side (module docstring).

    Args:
        customers: each lone vendor customer's one-sided gaps, per product key (those no
            question names).
        companies: each lone PSA company's one-sided gaps, per product key (likewise).
        apart: (vendor client key, PSA client key) pairs people said are not one
            organisation.

    Returns:
        One (question, implied gaps, held gap keys) per customer asked about.
    """
    v_bases = _bases(customers)
    if not v_bases:
        return []
    p_bases = _bases(companies)
    v_by_word, p_by_word = _by_first_word(v_bases), _by_first_word(p_bases)
    v_written, p_written = Counter(v_bases.values()), set(p_bases.values())
    found: dict[str, list[str]] = defaultdict(list)  # customer -> companies reading so
    read_by: dict[str, list[str]] = defaultdict(list)  # company -> customers reading so
    for word, named in v_by_word.items():
        for customer in named:
            base = v_bases[customer]
            if base in p_written or v_written[base] > 1:
                # a company writes the base as it is (family_site_pairs weighs it), or two
                # customers write it (one answer cannot say whose)
                continue
            for company in p_by_word.get(word, ()):
                other = p_bases[company]
                if other != base and other not in v_written and reads_short(base, other):
                    found[customer].append(company)
                    read_by[company].append(customer)
    out: list[Asked] = []
    for customer, named in sorted(found.items()):
        if len(named) != 1 or len(read_by[named[0]]) != 1:
            continue  # two offices reading so on a side: whose lines are whose is open
        company = named[0]
        if (client_key(customer), client_key(company)) in apart:
            continue
        if lines_agree(customers[customer], companies[company]):
            out.append(ask_one(customer, (company,), customers[customer], companies))
    return out


def _bases(side: Mapping[str, Mapping[str, Gap]]) -> dict[str, str]:
    """Each lone client named as a site (a base and a site label) -> its base."""
    return {name: base for name in side if (base := site_base(client_key(name))) is not None}


def _by_first_word(bases: Mapping[str, str]) -> dict[str, list[str]]:
    """The clients by their base's first word (a short form keeps the first letter only, so
    the first word itself is read whole: the brand both offices write)."""
    out: dict[str, list[str]] = defaultdict(list)
    for name, base in sorted(bases.items()):
        out[base.split(" ", 1)[0]].append(name)
    return out
