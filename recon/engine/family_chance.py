"""A family question resting on one or two exact lines, weighed against the whole run.

:class:`recon.engine.family_questions._Chance` reckons, for one lone company, how many other
parents its exact lines would fit by chance (parents short exactly as many seats of each
product, and named alike). That is one company's chance; the run weighs every lone company
it has. At 20,000 clients several hundred PSA-only companies are compared with thousands of
parents, and a fit at 0.02 expected chance parents turns up a few times over by coincidence
alone: on the dev sets without families (big, 20,000 clients), every family question asked
was such a fit, one or two lines of 1 to 8 seats of Business Premium, Standard, Basic or E3
("Is Pierce Accounting billed for Pierce Montessori School's licences?"), two of them under
names with no word in common ("Harper Holdings" / "Bolton Point Institute"), and their gaps
were missing from the report while the question waited.

So a fit on one or two exact lines, or on any number under names with no word in common
(not named after its parent: at 60,000 clients three exact lines of one to two seats of
common products fitted a vendor customer to an unrelated company), is asked only where either

- it beats chance over **every company compared**: the chance parents expected, times the
  lone companies the run weighed, stay within :data:`RUN_CHANCE` (at 85 clients a handful
  of companies are compared, and one exact line is as much evidence as it ever was); or
- the run's **other questions**, asked on evidence no coincidence gives (a parent's whole
  name, three exact lines or more under names alike, lines beyond chance over the run, a
  review item), show the MSP bills subsidiaries as companies of their own
  (:func:`~recon.engine.family_practice.practice_odds`), at odds no lower than the chance
  parents expected, and the two names begin with the same word. A practice of billing
  subsidiaries apart is read from names alike; it says nothing of two names with no word
  in common, which must beat chance over the run.

A "no" stays final and a "yes" is summed from the next run, as for every family question.
"""

from __future__ import annotations

#: Chance parents expected over every company the run compared, at most, for a fit on few
#: lines to be evidence on its own (the per-company bar of family_questions, run-wide).
RUN_CHANCE = 0.1
#: Exact lines at or below which a fit under names alike is weighed against the run (three
#: agreeing lines under names alike: under 0.001 expected chance parents on the dev sets).
FEW_LINES = 2


def beyond_run(expected: float, compared: int) -> bool:
    """True when a fit's chance parents, over every company compared, stay within the bar.

    Args:
        expected: other parents the fit's exact lines would match by chance (one company).
        compared: lone companies the run weighed on this side.
    """
    return expected * max(compared, 1) <= RUN_CHANCE


def few_lines_asked(expected: float, *, compared: int, odds: float, alike: bool) -> bool:
    """True when a fit on few exact lines is asked (see the module's doc).

    Args:
        expected: other parents the fit's exact lines would match by chance.
        compared: lone companies the run weighed on this side.
        odds: the run's practice odds from questions asked on stronger evidence.
        alike: the two names begin with the same word.
    """
    return beyond_run(expected, compared) or (alike and expected <= odds)
