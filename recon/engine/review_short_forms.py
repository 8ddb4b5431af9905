"""A review item between a company and its department, the vendor's name a word shortened.

An MSP opens a PSA company per department ("Tucker Financial Services LLC" and "Tucker
Financial Services LLC Lab") while the vendor sells to the organisation once, here under a
name its admin wrote with a word shortened ("Tucker Fncl Services, LLC"). Matching offers
both companies and cannot choose; :mod:`recon.engine.review_departments` reads the item as a
family only where the vendor's name is the company's word for word or with one slip, so the
customer stayed in review with all its money: the department's 53 Office 365 E3 seats, which
the vendor sells none of, hidden with it.

A word written by some of its letters, in order, from its own first letter ("Fncl" for
"Financial", "Mgmt" for "Management") is how names are shortened in practice: USPS
Publication 28 abbreviates address words the same way (Appendix C1: Boulevard BLVD, Parkway
PKWY, Manor MNR), and :func:`recon.match.names.diff_names` already reads such a word as a
short form of the other name's word.
Here the item is the company's family when all of these hold:

- the candidates are one company of two words or more and companies named after it
  (:func:`recon.engine.review_departments.department_base`'s test on the keys);
- the vendor's name reads as the company's with short forms only: every word the same or a
  short form of the other's one word (never initials standing for several words, never a
  typo: those are the slip rule's, and a short word apart is a distinguishing word).

The lines then decide as for offices (:func:`recon.engine.review_sites._members`: summed
seats exact on two products and near on half), and the outcome is one family question with
the money at stake, never a merge.
"""

from __future__ import annotations

from collections.abc import Sequence

from recon.engine.review_departments import department_base
from recon.match.names import ClientName, DiffKind, diff_names


def short_form_parent(customer: ClientName, companies: Sequence[ClientName]) -> str | None:
    """The parent company's client key where ``companies`` are a company and departments
    named after it and the customer's name is the company's with words shortened (module
    docstring); else None.

    Args:
        customer: the vendor customer.
        companies: the review item's candidates.
    """
    keys = [c.key for c in companies]
    # The names' structure is the slip rule's own test (one company, departments named
    # after it), asked with the company's own key as the customer's.
    parents = [c for c in companies if department_base(c.key, keys) == c.key]
    if len(parents) != 1:
        return None
    parent = parents[0]
    return parent.key if reads_short(customer.name, parent.name) else None


def reads_short(customer: str, parent: str) -> bool:
    """True when two names are one name, words shortened aside: no word of its own on either
    side, no typo, and each reading one word as one word (not initials)."""
    diff = diff_names(customer, parent)  # SHORT_FORMS: no word of its own on either side
    if diff.kind is not DiffKind.SHORT_FORMS or not diff.readings:
        return False
    return all(_one_word_each(reading) for reading in diff.readings)


def _one_word_each(reading: str) -> bool:
    """True for a reading "'Fncl' as 'Financial'": one word read as one word (never
    "'TF' as 'Tucker Financial'", initials, nor "'Tuckre' as a typo of 'Tucker'")."""
    short, sep, long = reading.partition("' as '")
    if not sep:
        return False
    short, long = short.strip("'"), long.strip("'")
    return bool(short) and " " not in short and " " not in long and short[0] == long[0]
