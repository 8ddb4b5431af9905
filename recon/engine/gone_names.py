"""PSA companies named as a vendor customer the file shows only ended: never another's family.

A vendor customer whose every subscription ended (:mod:`recon.formats.gone_clients`) adds no
client, so the PSA company the MSP still bills under its name is left with no vendor customer.
The family step then weighs such a company as any lone one: a subsidiary of whichever customer
is short its seats. At 20,000 clients one line's seats are short at some customer whose name
begins with the same word more often than not ("Kim Academy - Albany Toledo", 5 seats of
Business Premium, fitted "Kim Aviation"; "Kirby Tire and Service Ltd", 2 seats of Defender,
fitted "Kirby Fitness"), and the question named two different companies and hid the company's
true gaps: billed after the customer cancelled.

The vendor file itself names the company's customer, and it is not the one asked about. So a
lone PSA company is kept out of the family step when its name is such a customer's: the same
client key, or the customer's whole key (two words or more) followed by words of the
company's own, a site or office ("Kim Academy - Albany Toledo" beside "Kim Academy"), as
:mod:`recon.engine.family_sites` reads a site of a name. A customer whose key is also a live
vendor client's names that client, not the ended one, and guards nothing. The company's
lines stay what they are: billed, with nothing bought at the vendor.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from recon.normalize import client_key

#: Words a customer's key must have before a longer company name beginning with it is read as
#: its site: one word ("Kim") begins the names of many companies.
WHOLE_NAME = 2


def gone_keys(gone: Iterable[str], live: Collection[str]) -> frozenset[str]:
    """The keys of the ended customers' names, without those a live vendor client keys to.

    Args:
        gone: vendor customers (as written) the file shows only ended.
        live: the client keys of the vendor's customers that buy seats.
    """
    return frozenset(key for key in map(client_key, gone) if key not in live)


def named_as_gone(company: str, keys: Collection[str], key: str | None = None) -> bool:
    """True when a PSA company is named as one of the ended customers (see the module doc).

    Args:
        company: the PSA company as written.
        keys: :func:`gone_keys`.
        key: the company's client key, when the caller has it.
    """
    if not keys:
        return False
    own = key if key is not None else client_key(company)
    if own in keys:
        return True
    words = own.split()
    return any(" ".join(words[:end]) in keys for end in range(WHOLE_NAME, len(words)))
