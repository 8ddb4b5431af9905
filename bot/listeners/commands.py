"""``/reconcile``: ack at once, then parse, do, and reply to the person only."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot import ids, slash
from bot.blocks import plain_message
from bot.context import Bot


def register(app: App, bot: Bot) -> None:
    """Register the slash command."""

    def reconcile(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        parsed = slash.parse(str(body.get("text") or ""))
        if isinstance(parsed, slash.Problem):
            reply = plain_message(parsed.reply)
        else:
            reply = slash.execute(
                client,
                bot,
                parsed,
                user=str(body["user_id"]),
                channel=body.get("channel_id"),
                trigger_id=body.get("trigger_id"),
            )
        respond(text=reply.text, blocks=reply.blocks, response_type="ephemeral")

    app.command(ids.COMMAND)(reconcile)
