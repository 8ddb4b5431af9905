"""One name at a site, the other with its organisation word: a link for the leftovers pass.

"Wright Dental Group INC" (vendor) and "Wright Dental Main Office" (PSA, the office the MSP
deals with) are one name once the site label ("Main Office") and the organisation word
("Group") are set aside, but no name rule reads both at once: the site rule needs the rest of
the names equal, the fuzzy step sees three words apart. Left unpaired at 60,000 clients, 14 of
their 18 lines identical (the heaviest among them), each side's lines were false gaps.

:func:`site_link` is that reading in words, or "": the leftovers pass
(:func:`recon.match.leftovers.name_link`) takes it as a link between the names, so the pair
is asked about where its lines agree, under every bar of that pass (lines that agree, no
rival as good, the review budget). A question, never a merge: an organisation word may be
a second company's ("Acme Group" beside "Acme"), which a person tells apart.
"""

from __future__ import annotations

from recon.match.name_words import ORGANISATION_WORDS
from recon.match.office_labels import site_label
from recon.normalize import is_legal_form

#: Words the names must keep once the label and organisation words are set aside: one word
#: alone ("Wright") names too many clients.
MIN_CORE_WORDS = 2


def site_link(vendor_name: str, psa_name: str) -> str:
    """How two names read as one client at a site, in words, or "".

    One name carries a site label of places and office words (as
    :func:`recon.match.office_labels.site_label` reads it), the other none; the rest of the two
    names is the same once organisation words and legal forms are set aside, and keeps
    :data:`MIN_CORE_WORDS` words.

    Args:
        vendor_name: the vendor's name as written.
        psa_name: the PSA's name as written.
    """
    v, p = site_label(vendor_name), site_label(psa_name)
    if v is None or p is None or bool(v[1]) == bool(p[1]):
        return ""
    core_v, core_p = _core(v[0]), _core(p[0])
    if core_v != core_p or len(core_v) < MIN_CORE_WORDS:
        return ""
    label = " ".join(v[1] or p[1])
    dropped = sorted({*v[0], *p[0]} - set(core_v))
    extra = f", the other writes {', '.join(repr(w) for w in dropped)}" if dropped else ""
    return f"one name at a site ({label!r}){extra}"


def _core(words: tuple[str, ...]) -> tuple[str, ...]:
    """The name's words without organisation words and legal forms."""
    return tuple(w for w in words if w not in ORGANISATION_WORDS and not is_legal_form(w))
