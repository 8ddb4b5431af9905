"""The few Slack Web API moves the bot makes, each with its failure turned into words.

Downloads check the file's size before fetching and refuse Slack's HTML login page (what
Slack answers with status 200 when the token can't read files); uploads use
``files_upload_v2`` (``files.getUploadURLExternal``, a POST, ``files.completeUploadExternal``).
Rate limits and connection errors are retried by the client's retry handlers (see
:func:`bot.app.make_client`).
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import messages
from bot.blocks import Message

log = logging.getLogger(__name__)

_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<!--")


class DownloadProblem(Exception):
    """A file could not be fetched; the message is for the person who uploaded it."""


def download(file: dict[str, object], *, token: str, max_bytes: int, timeout: float = 60) -> bytes:
    """Fetch an uploaded file's bytes with the bot token.

    Args:
        file: the Slack file object (``name``, ``size``, ``url_private_download``).
        token: the bot token.
        max_bytes: refuse files larger than this (before and while downloading).
        timeout: seconds to wait for Slack.

    Returns:
        The file's content.

    Raises:
        DownloadProblem: too large, a login page instead of the file, or a network error.
    """
    name = str(file.get("name") or file.get("id") or "the file")
    size = file.get("size")
    if isinstance(size, int) and size > max_bytes:
        raise DownloadProblem(messages.file_too_large(name, size, max_bytes))
    url = file.get("url_private_download") or file.get("url_private")
    if not isinstance(url, str) or not url:
        raise DownloadProblem(messages.download_failed(name, "Slack gave no download link"))
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            content_type = response.headers.get("content-type", "")
            content: bytes = response.read(max_bytes + 1)
    except urllib.error.HTTPError as err:
        raise DownloadProblem(messages.download_failed(name, f"HTTP {err.code}")) from err
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        raise DownloadProblem(messages.download_failed(name, "Slack could not be reached")) from err
    if len(content) > max_bytes:
        raise DownloadProblem(messages.file_too_large(name, len(content), max_bytes))
    if content_type.lower().startswith("text/html") or _looks_like_html(content):
        raise DownloadProblem(messages.login_page(name))
    return content


def _looks_like_html(content: bytes) -> bool:
    head = content[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(_HTML_STARTS)


def post(client: WebClient, channel: str, msg: Message, *, thread_ts: str | None = None) -> str:
    """Post a message; returns its ``ts``.

    Raises:
        SlackApiError: Slack refused (``not_in_channel``, ``channel_not_found`` ...).
    """
    response = client.chat_postMessage(
        channel=channel, text=msg.text, blocks=msg.blocks, thread_ts=thread_ts
    )
    return str(response["ts"])


def posted_channel(response_channel: object, fallback: str) -> str:
    """The channel id Slack answered with (a ``#name`` becomes an id)."""
    return response_channel if isinstance(response_channel, str) else fallback


def post_in(client: WebClient, channel: str, msg: Message) -> tuple[str, str]:
    """Post a message; returns ``(channel id, ts)`` as Slack recorded them."""
    response = client.chat_postMessage(channel=channel, text=msg.text, blocks=msg.blocks)
    return posted_channel(response.get("channel"), channel), str(response["ts"])


def update(client: WebClient, channel: str, ts: str, msg: Message) -> bool:
    """Edit a message in place; False (logged) when Slack refuses."""
    try:
        client.chat_update(channel=channel, ts=ts, text=msg.text, blocks=msg.blocks)
    except SlackApiError as err:
        log.warning("chat.update %s/%s failed: %s", channel, ts, _error(err))
        return False
    return True


def ephemeral(client: WebClient, channel: str | None, user: str, text: str) -> None:
    """Tell one person something only they see (logged, not raised, when it fails)."""
    if not channel:
        return
    try:
        client.chat_postEphemeral(channel=channel, user=user, text=text)
    except SlackApiError as err:
        log.warning("chat.postEphemeral to %s failed: %s", user, _error(err))


def open_dm(client: WebClient, user: str) -> str:
    """The DM channel id with a user (``conversations.open``).

    Raises:
        SlackApiError: the user can't be messaged.
    """
    response = client.conversations_open(users=user)
    return str(response["channel"]["id"])


def user_zone(client: WebClient, user: str, default: ZoneInfo) -> ZoneInfo:
    """A person's own time zone from their Slack profile (``users.info``), else ``default``
    (the store's time zone): so "5 days left" counts their days."""
    try:
        tz = client.users_info(user=user)["user"].get("tz")
    except SlackApiError as err:
        log.info("no time zone for %s: %s", user, error_code(err))
        return default
    try:
        return ZoneInfo(tz) if isinstance(tz, str) and tz else default
    except (ZoneInfoNotFoundError, ValueError):
        return default


def upload_csv(
    client: WebClient,
    *,
    channel: str,
    thread_ts: str | None,
    filename: str,
    content: str,
    comment: str,
) -> None:
    """Attach a CSV to a conversation (``files_upload_v2``).

    Raises:
        SlackApiError: Slack refused.
    """
    client.files_upload_v2(
        channel=channel,
        thread_ts=thread_ts,
        filename=filename,
        title=filename,
        content=content.encode("utf-8"),
        initial_comment=comment,
    )


def upload_png(
    client: WebClient,
    *,
    channel: str,
    thread_ts: str | None,
    filename: str,
    content: bytes,
    alt_text: str,
) -> None:
    """Attach an image to a conversation or a thread (``files_upload_v2``).

    Raises:
        SlackApiError: Slack refused.
    """
    client.files_upload_v2(
        channel=channel,
        thread_ts=thread_ts,
        filename=filename,
        title=filename,
        content=content,
        alt_txt=alt_text,
    )


def error_code(err: SlackApiError) -> str:
    """Slack's error code of a refused call (``user_not_found``), for people."""
    return _error(err)


def _error(err: SlackApiError) -> str:
    response = getattr(err, "response", None)
    try:
        return str(response["error"]) if response is not None else str(err)
    except (KeyError, TypeError):
        return str(err)
