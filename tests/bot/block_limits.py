"""Slack's Block Kit limits, checked the way Slack refuses a message (``invalid_blocks``).

The fake Web API runs every posted or updated message through :func:`block_problems`, so a
message the bot builds too big fails the test exactly as Slack would fail it.
"""

from __future__ import annotations

import json
from typing import Any


def block_problems(blocks: Any, *, max_blocks: int) -> list[str]:
    """Every way a list of blocks breaks Slack's Block Kit limits (empty when fine)."""
    if blocks is None:
        return []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    problems = []
    if len(blocks) > max_blocks:
        problems.append(f"{len(blocks)} blocks, more than {max_blocks}")
    block_ids = [b["block_id"] for b in blocks if "block_id" in b]
    if len(block_ids) != len(set(block_ids)):
        problems.append("duplicate block_id")
    for n, block in enumerate(blocks):
        kind = block.get("type")
        if len(block.get("block_id", "")) > 255:
            problems.append(f"block {n}: block_id over 255")
        if kind == "section" and len(block.get("text", {}).get("text", "")) > 3000:
            problems.append(f"block {n}: section text over 3000")
        if kind == "header" and len(block["text"]["text"]) > 150:
            problems.append(f"block {n}: header over 150")
        if kind == "context":
            if len(block["elements"]) > 10:
                problems.append(f"block {n}: more than 10 context elements")
            for element in block["elements"]:
                if len(element.get("text", "")) > 3000:
                    problems.append(f"block {n}: context text over 3000")
        if kind == "actions":
            if len(block["elements"]) > 25:
                problems.append(f"block {n}: more than 25 elements")
            action_ids = [e.get("action_id") for e in block["elements"]]
            if len(action_ids) != len(set(action_ids)):
                problems.append(f"block {n}: duplicate action_id")
        for element in _elements(block):
            if element.get("type") == "button":
                if len(element["text"]["text"]) > 75:
                    problems.append(f"block {n}: button text over 75")
                if len(element.get("value", "")) > 2000:
                    problems.append(f"block {n}: button value over 2000")
            if len(element.get("options", [])) > 100:
                problems.append(f"block {n}: more than 100 options")
    return problems


def _elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(block.get("elements", [])) if block.get("type") == "actions" else []
    if "accessory" in block:
        found.append(block["accessory"])
    if "element" in block:
        found.append(block["element"])
    return found
