"""Text from files, APIs and people, made safe to post to Slack.

Every message the bot builds from data goes through two steps: :func:`escape` on each
piece of data (a client name, a file name, an error quoting a cell), so ``<!channel>``,
``<!here>``, ``<@U...>``, ``<#C...>`` and links written into an export stay plain text
(Slack only parses them inside ``<...>``, and ``&``, ``<``, ``>`` become entities); and
:func:`clean` on the whole text (done by :mod:`bot.blocks.kit` where blocks are made), so
no control character or terminal escape sequence reaches anyone's screen.
"""

from __future__ import annotations

from recon import printable


def escape(text: str) -> str:
    """Data made plain for mrkdwn: no mention, channel link, URL or entity can come of it."""
    return printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clean(text: str) -> str:
    """A whole message without control characters (tab and newline stay)."""
    return printable(text)
