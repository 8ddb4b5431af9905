"""A product line under its former name, with an edition written after it: "Defender ATP P1"
for Microsoft Defender for Endpoint P1.

Microsoft renames product lines and keeps their editions: Microsoft Defender Advanced Threat
Protection became Microsoft Defender for Endpoint (Microsoft Ignite, September 2020; Microsoft
Learn, "Microsoft Defender for Endpoint", formerly "Microsoft Defender ATP"), Office 365
Advanced Threat Protection became Microsoft Defender for Office 365 (learn.microsoft.com
/defender-office-365, "formerly Office 365 ATP"), Azure Active Directory became Microsoft
Entra ID (learn.microsoft.com/entra/fundamentals/new-name, July 2023). An MSP's PSA catalogue
is typed once and kept: it still bills "Defender ATP P1" for the Plan 1 that Microsoft only
ever sold under the new name, so no whole former name in ``aliases.csv`` reads it.

The rule works from the catalogue's own former names (``old_name`` aliases), not from a list
of spellings: each is lined up with its product's current name, the plan codes on both left
out ("P2", "E3": the edition is the text's own), and the words that differ are the line's
former name ("defender advanced threat protection" -> "defender endpoint"). A text that no
other rule reads and that carries a former line name is read again with the current one in
its place, and must then read as a product (by any reading but a brand guess).

Only renames whose former words include a word no current catalogue name carries count: a
retired word ("threat", "proplus", "skype") says the text is older than the name it stands
for. The April 2020 Microsoft 365 renames reused their words ("Office 365 Business Premium"
is today's Business Standard, "Microsoft 365 Business" today's Business Premium; Microsoft
365 blog, "Microsoft 365 Business plans are being renamed", 21 April 2020): every word of
those is a word of some product today, so they are read only by their whole former names,
never as a phrase inside another text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from recon.catalog._keys import product_key

#: A plan or suite code ("p1", "e3", "f3"): an edition, not part of a line's name.
_CODE = re.compile(r"[aefp]\d{1,2}")


@dataclass(frozen=True, slots=True)
class FormerLines:
    """Former product-line names and their current ones, as key words, longest first.

    Build one with :func:`former_lines`.
    """

    renames: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]

    def reread(self, name: str) -> tuple[str, str] | None:
        """The text with a former line name put right, and the former words replaced.

        Args:
            name: a product text as written ("Defender ATP P1").

        Returns:
            (the text's key words with the current line name in place, the former words), e.g.
            ``("defender endpoint p1", "defender advanced threat protection")``; None when the
            text carries no former line name.
        """
        tokens = tuple(product_key(name).split())
        for old, new in self.renames:
            at = _find(tokens, old)
            if at is not None:
                words = tokens[:at] + new + tokens[at + len(old) :]
                return " ".join(words), " ".join(old)
        return None


def former_lines(old_names: Iterable[tuple[str, str]], current: Iterable[str]) -> FormerLines:
    """The former line names the catalogue's old names show (module docstring).

    Args:
        old_names: (former name, the product's current name) for every ``old_name`` alias.
        current: every product's current name.

    Returns:
        The renames, each a former line name with at least one retired word; a former name
        that would stand for two current ones is left out.

    Example:
        >>> lines = former_lines(
        ...     [("Microsoft Defender ATP", "Microsoft Defender for Endpoint P2")],
        ...     ["Microsoft Defender for Endpoint P2", "Microsoft Defender for Endpoint P1"],
        ... )
        >>> lines.reread("Defender ATP P1")
        ('defender endpoint p1', 'defender advanced threat protection')
    """
    in_use = {word for name in current for word in product_key(name).split()}
    found: dict[tuple[str, ...], tuple[str, ...] | None] = {}
    for old_name, name in old_names:
        old = _line(old_name)
        new = _line(name)
        if not old or not new or old == new or set(old) <= in_use:
            continue
        known = found.setdefault(old, new)
        if known is not None and known != new:
            found[old] = None  # two current lines: the former words decide nothing
    renames = sorted(
        ((old, new) for old, new in found.items() if new is not None),
        key=lambda item: (-len(item[0]), item[0]),
    )
    return FormerLines(tuple(renames))


def _line(name: str) -> tuple[str, ...]:
    """A name's key words without its plan codes: the product line's name."""
    return tuple(word for word in product_key(name).split() if not _CODE.fullmatch(word))


def _find(tokens: tuple[str, ...], part: tuple[str, ...]) -> int | None:
    """Where ``part`` first occurs in ``tokens`` as a run of whole words, or None."""
    size = len(part)
    for at in range(len(tokens) - size + 1):
        if tokens[at : at + size] == part:
            return at
    return None
