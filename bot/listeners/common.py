"""Reading who clicked where, and telling them how it went."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot import slack_io
from bot.context import Bot
from bot.decisions import Done, Origin, publish_home


def clicker(body: dict[str, Any]) -> str:
    """The user who clicked or submitted."""
    return str(body["user"]["id"])


def origin_of(body: dict[str, Any]) -> Origin:
    """Where a button was clicked: a message, or the App Home."""
    container = body.get("container") or {}
    if container.get("type") == "view" or (body.get("view") or {}).get("type") == "home":
        return Origin(home=True)
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    return Origin(channel, container.get("message_ts"))


def action_value(body: dict[str, Any]) -> str:
    """The value of the clicked button (or the picked user of a user picker)."""
    action = body["actions"][0]
    return str(action.get("value") or action.get("selected_user") or "")


def tell(client: WebClient, bot: Bot, user: str, origin: Origin, done: Done) -> None:
    """Show a decision's notice to the clicker only: ephemeral, or on their App Home."""
    notice = done.notice or done.field_error
    if not notice:
        return
    if origin.home:
        publish_home(client, bot, user, notice=notice)
    else:
        slack_io.ephemeral(client, origin.channel, user, notice)
