"""Terminal control characters: what is stripped from text before it is printed or posted;
and spreadsheet formulas: what is made plain text before a cell is written to a CSV.

Kept apart from :mod:`recon.report` (which loads the matcher's text helpers) because the CLI
group filters every command's output through it, ``recon version`` included, and starting
the CLI must not load pandas, Arrow or rapidfuzz.
"""

from __future__ import annotations

import re

# What a terminal would act on rather than show: escape sequences (CSI, OSC such as OSC 52
# "set the clipboard", DCS/SOS/PM/APC strings, two-byte ESC codes, a lone ESC), their 8-bit
# forms, every other C0 and C1 control but tab and newline, DEL, and a carriage return that
# does not end a line (it would let a name overwrite what came before it).
_CONTROLS = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
    r"|\r(?!\n)"
)
# Every match of _CONTROLS starts with one of these characters, or with a CR not ending a
# line. Most text has neither, and finding that out is a scan for one character class and
# two counts, five times faster than trying the alternatives above at every character
# (2.2 s on a 60,000-client JSON report; a CSV report ends every line with CR LF).
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` without terminal control characters and escape sequences (tab, newline and
    a line-ending CR stay). For everything printed to a terminal or posted to Slack."""
    if _ANY_CONTROL.search(text) is None and text.count("\r") == text.count("\r\n"):
        return text
    return _CONTROLS.sub("", text)


#: What a spreadsheet reads as the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Make a text cell safe to open in a spreadsheet: formulas become plain text."""
    return "'" + text if text.startswith(FORMULA_START) else text


def unneutralise(text: str) -> str:
    """Undo :func:`neutralise` when a CSV recon wrote is read back (``'=x`` -> ``=x``)."""
    return text[1:] if text.startswith("'") and text[1:2].startswith(FORMULA_START) else text
