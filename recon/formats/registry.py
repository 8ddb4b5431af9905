"""Every known export format, by name, and the header words that make a row a header row.

Specific formats come first; ``generic_vendor`` and ``generic_psa`` take any file whose headers
name the required roles. To add a format, write one module declaring a
:class:`~recon.formats.spec.FormatSpec` and list it in :data:`FORMATS`.
"""

from __future__ import annotations

from dataclasses import dataclass

from recon.errors import UsageError
from recon.formats.autotask import SPEC as AUTOTASK
from recon.formats.connectwise import SPEC as CONNECTWISE
from recon.formats.generic_psa import SPEC as GENERIC_PSA
from recon.formats.generic_vendor import SPEC as GENERIC_VENDOR
from recon.formats.halopsa import SPEC as HALOPSA
from recon.formats.kaseya_bms import SPEC as KASEYA_BMS
from recon.formats.microsoft_legacy import SPEC as MICROSOFT_LEGACY
from recon.formats.microsoft_nce import SPEC as MICROSOFT_NCE
from recon.formats.pax8_invoice import SPEC as PAX8_INVOICE
from recon.formats.pax8_subscriptions import SPEC as PAX8_SUBSCRIPTIONS
from recon.formats.spec import FormatSpec
from recon.formats.synonyms import KNOWN_KEYS
from recon.model import Side

#: Every format, specific ones first; the generic ones are the fallbacks.
FORMATS: tuple[FormatSpec, ...] = (
    MICROSOFT_NCE,
    MICROSOFT_LEGACY,
    PAX8_INVOICE,
    PAX8_SUBSCRIPTIONS,
    CONNECTWISE,
    AUTOTASK,
    KASEYA_BMS,
    HALOPSA,
    GENERIC_VENDOR,
    GENERIC_PSA,
)
_BY_NAME = {spec.name: spec for spec in FORMATS}
#: Header keys that make a row look like a header row: any role spelling, any signature.
HEADER_KEYS: frozenset[str] = KNOWN_KEYS | {
    key
    for spec in FORMATS
    for key in (*spec.signature, *(k for keys in spec.preferences.values() for k in keys))
}


@dataclass(frozen=True)
class FormatInfo:
    """A format as shown in ``--help`` and the docs.

    Attributes:
        name: the id for ``--vendor-format`` / ``--psa-format``.
        label: its human name.
        side: vendor or PSA.
        required: the roles it needs, alternatives joined with " or ".
    """

    name: str
    label: str
    side: Side
    required: tuple[str, ...]


def list_formats() -> tuple[FormatInfo, ...]:
    """Every known format with its side and required roles."""
    return tuple(
        FormatInfo(
            spec.name,
            spec.label,
            spec.side,
            tuple(" or ".join(r.value for r in group) for group in spec.required),
        )
        for spec in FORMATS
    )


def get_format(name: str, *, side: Side | None = None) -> FormatSpec:
    """A format by name.

    Args:
        name: e.g. ``connectwise``.
        side: when given, the format must belong to this side.

    Raises:
        UsageError: unknown name (the message lists the valid ones), or the wrong side.
    """
    spec = _BY_NAME.get(name.strip().lower())
    if spec is None:
        names = ", ".join(s.name for s in FORMATS if side is None or s.side is side)
        raise UsageError(f"unknown format {name!r}; valid formats are: {names}")
    if side is not None and spec.side is not side:
        raise UsageError(
            f"{spec.name} ({spec.label}) is a {spec.side.value} format; "
            f"it can't read the {side.value} file"
        )
    return spec
