"""A Teams add-on's bare name read as Microsoft's licence when the text says licence.

Microsoft sells Teams calling as add-on licences and writes them by their bare names: "Add-on
licenses are licenses for specific Teams capabilities like Audio Conferencing, Phone System,
and Calling Plans", "before you assign Phone System, Calling Plan, and Communication Credits
licenses" (learn.microsoft.com, "Assign Teams add-on licenses to users"). "Phone System" is
Teams Phone Standard under its former name (Microsoft 365 Phone System, renamed Teams Phone:
learn.microsoft.com/microsoftteams/what-is-phone-system-in-office-365).

The bare names alone stay unread (aliases.csv): an MSP may give its own hosted phone service
the same words ("Phone System"). A licence word is what tells them apart: an MSP bills its own
phone service as a service, and "Phone System Licenses" are the seats of Microsoft's licence.
A service word or another maker's brand ("3CX Phone System Licenses") still reads nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from recon.catalog._keys import product_key

#: Bare Teams add-on names (as keyed) -> the catalogue product Microsoft's licence of that
#: name is.
LICENSED: Mapping[str, str] = {
    "phone system": "ms-teams-phone-standard",
    "domestic calling plan": "ms-teams-domestic-calling-plan",
}

#: The words that say a line bills licences ("Lic - ...", "... Licenses").
LICENCE_WORDS = frozenset({"license", "licenses", "licence", "licences", "lic"})

_WORD = re.compile(r"[a-z0-9]+")


def licensed_product(name: str) -> str | None:
    """The catalogue product id a text names as Microsoft's add-on licence, or None.

    Args:
        name: a product text as written ("Phone System Licenses", "Lic - Phone System").

    Returns:
        The product id when the text carries a licence word and, once the words the catalogue
        key sets aside are, is one of :data:`LICENSED`'s bare names; else None.
    """
    words = set(_WORD.findall(name.casefold()))
    if words.isdisjoint(LICENCE_WORDS):
        return None
    return LICENSED.get(product_key(name))
