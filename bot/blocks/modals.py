"""The modals behind Accept, Snooze and Add alias. Pure functions of data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot import ids
from bot.blocks.kit import MAX_OPTIONS, Block, clip, metadata, option, plain, section
from bot.text import escape


def accept_modal(subject: str, meta: dict[str, Any]) -> dict[str, Any]:
    """Ask why a gap is intentional (required)."""
    return _modal(
        ids.ACCEPT_MODAL,
        "Accept this gap",
        "Accept",
        meta,
        [
            section(f"{escape(subject)}\nAccepted gaps stay quiet until their seat count changes."),
            {
                "type": "input",
                "block_id": ids.REASON_BLOCK,
                "label": plain("Why is it intentional?"),
                "element": {
                    "type": "plain_text_input",
                    "action_id": ids.REASON_INPUT,
                    "multiline": True,
                    "max_length": 500,
                    "placeholder": plain("e.g. included free in the client's contract"),
                },
            },
        ],
    )


def snooze_modal(subject: str, meta: dict[str, Any], *, initial: date) -> dict[str, Any]:
    """Ask until when a gap stays quiet."""
    return _modal(
        ids.SNOOZE_MODAL,
        "Snooze this gap",
        "Snooze",
        meta,
        [
            section(f"{escape(subject)}\nThe first run on or after that day opens it again."),
            {
                "type": "input",
                "block_id": ids.DATE_BLOCK,
                "label": plain("Quiet until"),
                "element": {
                    "type": "datepicker",
                    "action_id": ids.DATE_INPUT,
                    "initial_date": initial.isoformat(),
                },
            },
            {
                "type": "input",
                "block_id": ids.REASON_BLOCK,
                "optional": True,
                "label": plain("Why? (optional)"),
                "element": {
                    "type": "plain_text_input",
                    "action_id": ids.REASON_INPUT,
                    "max_length": 500,
                },
            },
        ],
    )


def alias_modal(
    vendor_name: str, suggestions: Sequence[str], meta: dict[str, Any]
) -> dict[str, Any]:
    """Ask which PSA client a vendor's client name is, offering the likely ones."""
    blocks: list[Block] = [
        section(
            f"The vendor calls this client *{escape(vendor_name)}*. Which client is it in the "
            "PSA? The next run will pair them."
        )
    ]
    choices = [n for n in suggestions if len(n) <= 75][:MAX_OPTIONS]
    if choices:
        blocks.append(
            {
                "type": "input",
                "block_id": ids.ALIAS_PICK_BLOCK,
                "optional": True,
                "label": plain("Likely PSA clients"),
                "element": {
                    "type": "static_select",
                    "action_id": ids.ALIAS_PICK_INPUT,
                    "options": [option(n, n) for n in choices],
                },
            }
        )
    blocks.append(
        {
            "type": "input",
            "block_id": ids.ALIAS_TYPED_BLOCK,
            "optional": bool(choices),
            "label": plain("Or type the PSA client's name" if choices else "PSA client's name"),
            "element": {
                "type": "plain_text_input",
                "action_id": ids.ALIAS_TYPED_INPUT,
                "max_length": 200,
            },
        }
    )
    return _modal(ids.ALIAS_MODAL, "Add an alias", "Save alias", meta, blocks)


def bundle_modal(name: str, products: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Ask which products a PSA bundle line stands for.

    Args:
        name: the PSA product to prefill (what was typed after ``/reconcile bundle``).
        products: (value, name) of products runs have seen, offered as a multi-select.
    """
    blocks: list[Block] = [
        section(
            "One PSA line can stand for several vendor products (a *Managed Security Bundle* "
            "covering EDR and email security). From the next run, each seat of the bundle "
            "counts as a seat of every component."
        ),
        {
            "type": "input",
            "block_id": ids.BUNDLE_NAME_BLOCK,
            "label": plain("The PSA product (as the PSA writes it)"),
            "element": {
                "type": "plain_text_input",
                "action_id": ids.BUNDLE_NAME_INPUT,
                "max_length": 200,
                **({"initial_value": clip(name, 200)} if name else {}),
            },
        },
    ]
    choices = [(v, n) for v, n in products if len(n) <= 75 and len(v) <= 150][:MAX_OPTIONS]
    if choices:
        blocks.append(
            {
                "type": "input",
                "block_id": ids.BUNDLE_PICK_BLOCK,
                "optional": True,
                "label": plain("Components"),
                "element": {
                    "type": "multi_static_select",
                    "action_id": ids.BUNDLE_PICK_INPUT,
                    "options": [option(n, v) for v, n in choices],
                },
            }
        )
    blocks.append(
        {
            "type": "input",
            "block_id": ids.BUNDLE_TYPED_BLOCK,
            "optional": bool(choices),
            "label": plain(("Other components" if choices else "Components") + ", one per line"),
            "element": {
                "type": "plain_text_input",
                "action_id": ids.BUNDLE_TYPED_INPUT,
                "multiline": True,
                "max_length": 2000,
            },
        }
    )
    return _modal(ids.BUNDLE_MODAL, "Define a bundle", "Save bundle", {}, blocks)


def bundle_saved_view(name: str, components: Sequence[str]) -> dict[str, Any]:
    """The modal after saving: what the bundle now covers."""
    listed = ", ".join(f"*{escape(c)}*" for c in components)
    return {
        "type": "modal",
        "title": plain("Bundle saved"),
        "close": plain("Done"),
        "blocks": [
            section(
                clip(
                    f"*{escape(name)}* now stands for {listed}. The next run compares its "
                    "billed seats with each component's vendor seats.",
                    3000,
                )
            )
        ],
    }


def _modal(
    callback_id: str, title: str, submit: str, meta: dict[str, Any], blocks: list[Block]
) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(clip(title, 24)),
        "submit": plain(clip(submit, 24)),
        "close": plain("Cancel"),
        "private_metadata": metadata(meta),
        "blocks": blocks,
    }
