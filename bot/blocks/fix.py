"""The fix of a gap in the PSA: the preview modal with Confirm, and what it says while the
PSA is read or written, and afterwards. Pure functions of data."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.kit import Block, clip, context, metadata, mrkdwn, plain, section
from bot.text import escape
from recon import FixPlan

#: A section holds at most 10 fields.
_FIELDS = 10


def fix_modal(plan: FixPlan, meta: dict[str, Any]) -> dict[str, Any]:
    """The preview of a fix, exactly as ``recon fix`` prints it, with Confirm.

    Args:
        plan: what would be written.
        meta: the modal's private_metadata (gap id, the plan's key, where it was clicked).
    """
    rows = plan.preview_lines()
    fields = [mrkdwn(clip(f"*{escape(label)}*\n{escape(value)}", 2000)) for label, value in rows]
    blocks: list[Block] = [
        section(
            f"Update *{escape(plan.system)}* for *{escape(plan.company)}* · "
            f"{escape(plan.product)}. Nothing is sent until you confirm."
        )
    ]
    for start in range(0, len(fields), _FIELDS):
        blocks.append({"type": "section", "fields": fields[start : start + _FIELDS]})
    for note in plan.notes:
        blocks.append(context(f":information_source: {escape(note)}"))
    blocks.append(
        context(
            "recon reads the record back after writing, records who did it, and marks the gap "
            "fixed (pending next run): the next run confirms it."
        )
    )
    return {
        "type": "modal",
        "callback_id": ids.FIX_MODAL,
        "title": plain(clip(f"Update {plan.system}", 24)),
        "submit": plain("Confirm"),
        "close": plain("Cancel"),
        "private_metadata": metadata(meta),
        "blocks": blocks,
    }


def fix_notice_view(title: str, text: str) -> dict[str, Any]:
    """A modal with one message and no Confirm: while working, a refusal, or the result."""
    return {
        "type": "modal",
        "title": plain(clip(title, 24)),
        "close": plain("Close"),
        "blocks": [section(text)],
    }
