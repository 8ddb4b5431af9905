"""Block Kit building bricks that respect Slack's limits by construction.

Slack rejects a whole message when one part is too long (``invalid_blocks``), so every
text is clipped here, at the one place blocks are made, and callers cap the block count.
Limits: docs.slack.dev/reference/block-kit (and ``slack_sdk.models.blocks``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.text import clean

Block = dict[str, Any]

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
SECTION_TEXT = 3000
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
CONTEXT_TEXT = 2000
OPTION_TEXT = 75
OPTION_VALUE = 150
MAX_OPTIONS = 100
PRIVATE_METADATA = 3000
#: Fallback ``text`` of a message (notifications, screen readers); Slack cuts at 40,000.
FALLBACK_TEXT = 3000


@dataclass(frozen=True)
class Message:
    """A message to post: fallback text and blocks."""

    text: str
    blocks: list[Block] = field(default_factory=list)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def header(text: str) -> Block:
    """A header block (plain text, 150 characters at most)."""
    return {"type": "header", "text": plain(clip(text, HEADER_TEXT))}


def section(text: str, *, accessory: Block | None = None, block_id: str | None = None) -> Block:
    """A section with mrkdwn text (3,000 characters at most)."""
    block: Block = {"type": "section", "text": mrkdwn(clip(text, SECTION_TEXT))}
    if accessory is not None:
        block["accessory"] = accessory
    if block_id is not None:
        block["block_id"] = block_id
    return block


def context(text: str) -> Block:
    """A context block with one mrkdwn element."""
    return {"type": "context", "elements": [mrkdwn(clip(text, CONTEXT_TEXT))]}


def divider() -> Block:
    """A divider."""
    return {"type": "divider"}


def actions(elements: list[Block], *, block_id: str | None = None) -> Block:
    """An actions block (25 elements at most)."""
    block: Block = {"type": "actions", "elements": elements[:25]}
    if block_id is not None:
        block["block_id"] = block_id
    return block


def button(text: str, action_id: str, value: str, *, style: str | None = None) -> Block:
    """A button; its text and value are clipped to Slack's limits."""
    element: Block = {
        "type": "button",
        "text": plain(clip(text, BUTTON_TEXT)),
        "action_id": action_id,
        "value": value[:BUTTON_VALUE],
    }
    if style is not None:
        element["style"] = style
    return element


def option(text: str, value: str) -> Block:
    """An option of a select menu."""
    return {"text": plain(clip(text, OPTION_TEXT)), "value": value[:OPTION_VALUE]}


def plain(text: str) -> Block:
    """A plain_text object (no control characters)."""
    return {"type": "plain_text", "text": clean(text), "emoji": True}


def mrkdwn(text: str) -> Block:
    """A mrkdwn text object (no control characters; escape data with :func:`escape`)."""
    return {"type": "mrkdwn", "text": clean(text)}


def metadata(data: dict[str, Any]) -> str:
    """A modal's private_metadata: compact JSON (3,000 characters at most)."""
    text = json.dumps(data, separators=(",", ":"), sort_keys=True)
    if len(text) > PRIVATE_METADATA:
        raise ValueError("private_metadata over 3000 characters")
    return text


def message(text: str, blocks: list[Block]) -> Message:
    """A message whose fallback text is clean and clipped and whose blocks are capped at 50.

    The fallback ``text`` is what notifications show, and Slack parses it like mrkdwn:
    data in it must be escaped like data in blocks.
    """
    return Message(clip(clean(text), FALLBACK_TEXT), blocks[:MAX_MESSAGE_BLOCKS])
