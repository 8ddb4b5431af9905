"""A PSA text naming only a kind, read as the one product of that kind a held pair buys.

An MSP often bills a licence under what it does rather than what it is called: "Password
Manager" for Keeper Business (Keeper Security sells it as a "password manager"), "Bitdefender
AV" for GravityZone Business Security (NIST SP 800-83r1 calls the endpoint's malware
protection antivirus (AV) software). The catalogue's kinds (``kinds.csv``,
:func:`recon.catalog.text.kind_named`) say which words name which kind. The text resemblance
that reads such lines for a pair held in review (:mod:`recon.match.read_lines`) does not:
"Password Manager" resembles "Huntress Managed EDR" more than "Keeper Business". So a small
MSP's client billed only under a kind's words showed "0 product(s) in common" and its seat gap
hid behind the review.

:class:`KindReading` says when a PSA text names the kind of a vendor product. The line reader
still reads a line only where the seats agree within a seat or a tenth and the vendor client
holds one product the line fits: a kind alone never reads a line, and the MSP's own service
("Backup Monitoring") names no kind.
"""

from __future__ import annotations

from collections.abc import Mapping

from recon.catalog.text import kind_named


class KindReading:
    """Whether a PSA product's text names the kind of a vendor product, by their keys.

    Args:
        psa_names: PSA product key -> its text as billed.
        vendor_names: vendor product key -> its name.
    """

    def __init__(self, psa_names: Mapping[str, str], vendor_names: Mapping[str, str]) -> None:
        self._psa = psa_names
        self._vendor = vendor_names
        self._seen: dict[tuple[str, str], bool] = {}

    def __call__(self, psa_key: str, vendor_key: str) -> bool:
        """True when the PSA text names the vendor product's kind (and is no service)."""
        pair = (psa_key, vendor_key)
        found = self._seen.get(pair)
        if found is None:
            text, name = self._psa.get(psa_key), self._vendor.get(vendor_key)
            found = bool(text and name and kind_named(text, vendor_key, name))
            self._seen[pair] = found
        return found
