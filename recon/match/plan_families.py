"""A PSA text naming a plan family without its edition ("M365 Frontline"), read as naming the
family's plans.

Microsoft sells its plans for frontline workers as F1, F3 and F5 of Microsoft 365 (and F3 of
Office 365), and markets them together as "Microsoft 365 for frontline workers" (before 2020,
"Firstline"): an MSP's catalogue item "M365 Frontline" bills one of them without saying which.
By name it is no nearer F3 than E3 or Business Premium (all "Microsoft 365 ..."), so beside a
client's unbilled F3 and three other unbilled lines of the same seats the seats could not
tell which it bills, and the F3 showed "missing in PSA" beside an unmapped line.

Here such a text names each F plan as plainly as "Managed EDR" names an EDR product
(:data:`recon.match.product_evidence.KIND_NAMED`): enough to settle, among the unbilled lines
at a client, the one of the family it sits beside, and to ask; never to pair on name alone.
A text that carries an edition ("Frontline F1", "M365 F3") is read by the catalogue instead.
"""

from __future__ import annotations

import re

#: Words that name the frontline family; both are Microsoft's (the older is "Firstline").
FAMILY_WORDS = frozenset({"frontline", "firstline"})
#: A product of the family: Microsoft 365 or Office 365 with an F edition.
_F_PLAN = re.compile(r"\b(?:microsoft|office)\s*365\s+f\d\b", re.IGNORECASE)
#: An F edition written in the text itself.
_F_CODE = re.compile(r"\bf\d\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")


def names_family(psa_name: str, vendor_name: str) -> str:
    """The family word ("Frontline") when the PSA text names the frontline family without an
    edition and the vendor product is one of its plans; else ""."""
    words = set(_WORD.findall(psa_name.casefold()))
    said = words & FAMILY_WORDS
    if not said or _F_CODE.search(psa_name) or not _F_PLAN.search(vendor_name):
        return ""
    return str(min(said)).capitalize()
