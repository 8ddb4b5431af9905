"""Events: uploads (``message.im`` with files, and ``file_shared``), DMs, the App Home.

Slack fires both ``message.im`` and ``file_shared`` for one upload in a DM, and redelivers
events it thinks timed out; every file is claimed by id in the store, so it is handled once.
Events are acked by Bolt before the listener runs; the slow part runs after.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import messages, slack_io
from bot.blocks import plain_message
from bot.context import Bot
from bot.conversation import ClaimKind
from bot.decisions import publish_home
from bot.uploads import handle_files

_FILE_FIELDS = ("id", "name", "size", "url_private_download")


def register(app: App, bot: Bot) -> None:
    """Register the event listeners."""

    def on_message(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        files = event.get("files") or []
        if files and event.get("user"):
            handle_files(
                client,
                bot,
                files=[_complete(client, f) for f in files],
                channel=str(event["channel"]),
                user=str(event["user"]),
                thread_ts=event.get("thread_ts") or event.get("ts"),
            )
            return
        if _is_plain_dm(event) and bot.chat.claim(ClaimKind.EVENT, str(body.get("event_id"))):
            slack_io.post(client, str(event["channel"]), plain_message(messages.dm_hint()))

    def on_file_shared(event: dict[str, Any], client: WebClient) -> None:
        channel = str(event.get("channel_id") or "")
        file_id = str(event.get("file_id") or "")
        if not channel or not file_id:
            return
        info = client.files_info(file=file_id)["file"]
        handle_files(
            client,
            bot,
            files=[info],
            channel=channel,
            user=str(event.get("user_id") or info.get("user") or ""),
            thread_ts=_share_ts(info, channel),
        )

    def on_home_opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") == "home":
            publish_home(client, bot, str(event["user"]))

    app.event("message")(on_message)
    app.event("file_shared")(on_file_shared)
    app.event("app_home_opened")(on_home_opened)


def _is_plain_dm(event: dict[str, Any]) -> bool:
    return (
        event.get("channel_type") == "im"
        and not event.get("subtype")
        and not event.get("bot_id")
        and not event.get("thread_ts")
    )


def _complete(client: WebClient, file: dict[str, Any]) -> dict[str, Any]:
    """A message's file object with what the download needs (files.info when it is partial)."""
    if all(file.get(k) for k in _FILE_FIELDS):
        return file
    try:
        return dict(client.files_info(file=file["id"])["file"])
    except SlackApiError:
        return file


def _share_ts(info: dict[str, Any], channel: str) -> str | None:
    """The ts of the message that shared a file in a channel, to answer in its thread."""
    shares = info.get("shares") or {}
    for scope in ("private", "public"):
        posts = (shares.get(scope) or {}).get(channel) or []
        if posts:
            return str(posts[0].get("thread_ts") or posts[0].get("ts"))
    return None
