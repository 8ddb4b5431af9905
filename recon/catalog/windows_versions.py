"""A Windows licence named with the Windows version it runs ("Windows 11 E3") is the one
licence Microsoft sells for both versions.

Microsoft licenses Windows Enterprise per user for Windows 10 and Windows 11 alike: its
licensing table names the SKUs "Windows 10/11 Enterprise E3" (WIN10_VDA_E3) and "Windows
10/11 Enterprise E5" (Microsoft Learn, "Product names and service plan identifiers for
licensing"), the names ``products.csv`` carries. An MSP's PSA names the version its clients
run ("Windows 11 E3", "Win 10 E5"); the version says nothing about which licence it is, so it
is set aside and the rest read as a catalogue name exactly.
"""

from __future__ import annotations

from recon.catalog._keys import product_key

#: The Windows versions one Windows Enterprise licence covers.
_VERSIONS = frozenset({"10", "11"})


def without_windows_version(name: str) -> str | None:
    """The name's key words with the Windows version after "Windows" left out, or None
    when it names no version ("Windows 365 Business" names a product, not a version).

    Example:
        >>> without_windows_version("Windows 11 E3")
        'windows e3'
    """
    tokens = product_key(name).split()
    if "windows" not in tokens:
        return None
    at = tokens.index("windows") + 1
    end = at
    while end < len(tokens) and tokens[end] in _VERSIONS:
        end += 1
    if end == at:
        return None
    return " ".join(tokens[:at] + tokens[end:])
