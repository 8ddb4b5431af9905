"""A review item between a company and its department, the vendor's name typed with a slip.

An MSP opens a PSA company per department ("Collins Manufacturing Inc." and "Collins
Manufacturing Inc. Warehouse") while the vendor sells to the organisation once. Where the
vendor's name is the company's, the pair is exact and :mod:`recon.engine.family_questions`
asks about the department (a company named after its parent). Where the vendor's admin typed
the name with a slip ("Cpllins Manufacturing, Inc."), matching offers both companies (the
department "fits as well") and the item waited in review, paired pending it with the company,
whose share of the seats showed as the customer's shortfall ("bought 4, billed 2") while the
department billed the rest: a false quantity mismatch per product.

:mod:`recon.engine.review_sites` turns a review item of sibling offices into one family
question; a department's label ("Warehouse", "Lab") also names businesses, so the site test
refuses it. Here the names say it instead, all of:

- the candidates are one company of two words or more and companies **named after it** (its
  whole name, then words of their own: :func:`recon.engine.family_names.named_after`);
- the customer's name **is the company's** word for word, or with one word typed with one
  slip (a letter added, dropped, changed or two neighbours swapped, Damerau 1964), in a word of
  :data:`recon.match.name_words.MIN_TYPO` letters or more that keeps its first letter
  (Yannakoudakis and Fawthrop 1983: the first letter is rarely the one mistyped), the rule
  the names use (:func:`recon.match.name_typos.one_typo_apart`); a short word, a number, or a
  word apart by more than a slip is a distinguishing word and another client.

The lines then decide as for offices (:func:`recon.engine.review_sites._members`: summed
seats exact on two products and near on half), and the outcome is one family question,
never a merge.
"""

from __future__ import annotations

from collections.abc import Sequence

from recon.engine.family_names import MIN_NAMED_WORDS, named_after
from recon.match.name_typos import one_typo_apart


def department_base(customer: str, companies: Sequence[str]) -> str | None:
    """The parent's client key where ``companies`` are a parent and departments named after
    it and ``customer`` is the parent's name up to one slip (module docstring); else None.

    Args:
        customer: the vendor customer's client key.
        companies: the candidates' client keys.
    """
    plain = [key for key in companies if not any(named_after(key, other) for other in companies)]
    if len(plain) != 1 or len(set(companies)) != len(companies):
        return None
    parent = plain[0]
    if len(parent.split()) < MIN_NAMED_WORDS:
        return None
    if not all(key == parent or named_after(key, parent) for key in companies):
        return None
    return parent if reads_as(customer, parent) else None


def reads_as(customer: str, parent: str) -> bool:
    """True when two client keys are one name word for word, one word at most typed with a
    slip that keeps its first letter (module docstring)."""
    ours, theirs = customer.split(), parent.split()
    if len(ours) != len(theirs):
        return False
    apart = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
    if not apart:
        return True
    if len(apart) > 1:
        return False
    (a, b) = apart[0]
    return a[0] == b[0] and one_typo_apart(a, b)
