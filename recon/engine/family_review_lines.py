"""A department's line on a mapping question beside a parent pair waiting on its client review.

An MSP opens a ConnectWise company per department or site ("Lake Point Auto LP" and "Lake
Point Auto LP Laboratory") while the vendor sells to the organisation once, one Microsoft
tenant per organisation (Microsoft, "Subscriptions, licenses, accounts, and tenants for
Microsoft's cloud offerings": a tenant is the organisation's; ConnectWise consultants open
"separate Companies" per location where each office is billed apart, Visionary 360, "When to
use sites vs separate companies in ConnectWise Manage"). Where the vendor writes the name with
an organisation word more ("Lake Point Auto Group LP"), the pair waits in review and is
compared pending it (:mod:`recon.engine.pending_review`), every gap of the parent resting on
that review.

A department's line under the reseller's own text ("Intune Device Mgmt", a mapping question)
joins its family question only where the parent's line waits on the same question or none
(:func:`recon.engine.family_lone.with_pending`). The parent's line waited on the client
review, a question about *which customer*, never about *which product*: read as "another
question", it left the whole department unasked, and every product showed as both halves, the
parent's "bought, not billed" beside the department's "billed, not bought" (16 false gaps on
one client of the sites13 pax8-connectwise pair).

Here the two questions are kept apart: a line's product question is its mapping question with
any client review set aside, and a parent's line waiting on the review only waits on no
product question. The gap a "yes" implies rests on every question it needs: the family's, the
review's and the mapping question's (:func:`joined_rests`).
"""

from __future__ import annotations

from recon.model import PENDING_WORDS, is_review

#: How a client review's words are joined to a mapping question's in one ``rests_on``
#: (:mod:`recon.engine.pending_review`: "the client review ... and the mapping question ...").
_AND_MAPPING = f" and {PENDING_WORDS}"


def product_question(rests_on: str | None) -> str | None:
    """The mapping question a line waits on, a client review it also waits on set aside;
    None where it waits on no mapping question.

    Args:
        rests_on: the line's :attr:`recon.model.Gap.rests_on`.
    """
    if rests_on is None or not is_review(rests_on):
        return rests_on
    _, sep, question = rests_on.partition(_AND_MAPPING)
    return f"{PENDING_WORDS}{question}" if sep else None


def joined_rests(parent: str | None, company: str | None) -> str | None:
    """What a family's summed line waits on besides the family question: the parent line's
    questions, and the company line's mapping question where the parent's does not name it
    (a parent waiting on its client review, the department on a mapping question: both).

    Args:
        parent: the parent's line's :attr:`recon.model.Gap.rests_on`.
        company: the company's line's.
    """
    if parent is None or company is None or company in parent:
        return parent or company
    if is_review(parent) and product_question(parent) is None:
        return f"{parent} and {company}"
    return parent
