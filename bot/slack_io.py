"""The few Slack Web API moves the bot makes, each with its failure turned into words.

Downloads check the file's size before fetching and refuse Slack's HTML login page (what
Slack answers with status 200 when the token can't read files). They only ever go to
Slack's file hosts over https (:func:`file_hosts`): a ``file://`` link or another host is
refused before anything is fetched, and a redirect is followed only to a Slack host, with
the bot token only when it stays on the same host. Uploads use
``files_upload_v2`` (``files.getUploadURLExternal``, a POST, ``files.completeUploadExternal``).
Rate limits and connection errors are retried by the client's retry handlers (see
:func:`bot.app.make_client`).
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPMessage
from typing import IO
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import messages
from bot.blocks import Message

log = logging.getLogger(__name__)

_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<!--")


class DownloadProblem(Exception):
    """A file could not be fetched; the message is for the person who uploaded it."""


#: Where Slack serves uploaded files (``url_private``): files.slack.com, and other
#: slack.com hosts for some workspaces.
SLACK_FILE_DOMAIN = "slack.com"


@dataclass(frozen=True)
class FileHosts:
    """Where downloads may go: https on Slack's file hosts, plus the Web API's own origin
    when ``SLACK_API_URL`` points elsewhere (a proxy, or the tests' fake on 127.0.0.1)."""

    extra: frozenset[tuple[str, str]] = frozenset()  # (scheme, host:port)

    def allows(self, url: str) -> bool:
        """True when the bot may send its token to ``url``'s host."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme == "https" and (
            host == SLACK_FILE_DOMAIN or host.endswith("." + SLACK_FILE_DOMAIN)
        ):
            return True
        return (parts.scheme, parts.netloc.lower()) in self.extra


def file_hosts(api_url: str) -> FileHosts:
    """The hosts downloads may use, given the Web API base URL in force."""
    parts = urlsplit(api_url)
    if (parts.hostname or "").lower().endswith(SLACK_FILE_DOMAIN) and parts.scheme == "https":
        return FileHosts()
    return FileHosts(frozenset({(parts.scheme, parts.netloc.lower())}))


class _SlackRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to an allowed host; drop the token when the host changes."""

    def __init__(self, hosts: FileHosts) -> None:
        self.hosts = hosts

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if not self.hosts.allows(newurl):
            raise urllib.error.HTTPError(newurl, code, "redirect off Slack", headers, fp)
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and urlsplit(newurl).netloc != urlsplit(req.full_url).netloc:
            new.remove_header("Authorization")  # the token stays with the host it was for
        return new


def _opener(hosts: FileHosts) -> urllib.request.OpenerDirector:
    """http(s) only: no file://, ftp:// or data: handler exists in it."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        _SlackRedirects(hosts),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def download(
    file: dict[str, object],
    *,
    token: str,
    max_bytes: int,
    timeout: float = 60,
    hosts: FileHosts | None = None,
) -> bytes:
    """Fetch an uploaded file's bytes with the bot token.

    Args:
        file: the Slack file object (``name``, ``size``, ``url_private_download``).
        token: the bot token.
        max_bytes: refuse files larger than this (before and while downloading).
        timeout: seconds to wait for Slack.
        hosts: where the link may point (default: Slack's file hosts over https only).

    Returns:
        The file's content.

    Raises:
        DownloadProblem: too large, a link that is not Slack's, a login page instead of the
            file, or a network error.
    """
    name = str(file.get("name") or file.get("id") or "the file")
    size = file.get("size")
    if isinstance(size, int) and size > max_bytes:
        raise DownloadProblem(messages.file_too_large(name, size, max_bytes))
    url = file.get("url_private_download") or file.get("url_private")
    if not isinstance(url, str) or not url:
        raise DownloadProblem(messages.download_failed(name, "Slack gave no download link"))
    allowed = hosts or FileHosts()
    if not allowed.allows(url):
        log.warning("refused to download %s from a link that is not Slack's", name)
        raise DownloadProblem(
            messages.download_failed(name, "its link does not point at Slack's file servers")
        )
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with _opener(allowed).open(request, timeout=timeout) as response:
            content_type = response.headers.get("content-type", "")
            content: bytes = response.read(max_bytes + 1)
    except urllib.error.HTTPError as err:
        err.close()
        reason = "it was redirected off Slack" if err.msg == "redirect off Slack" else None
        raise DownloadProblem(messages.download_failed(name, reason or f"HTTP {err.code}")) from err
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
