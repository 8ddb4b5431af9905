"""The app factory: a Bolt app wired to recon, built without any Slack call at import time.

Usage::

    settings = load_settings(os.environ)
    store = Store.open(settings.db_path)
    app = build_app(settings, store)

Tests and other processes (the scheduler) build the same app against any Web API URL
(``settings.api_url``), with ``authorize=`` to skip ``auth.test`` and an inline
``listener_executor`` for determinism.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Executor
from datetime import datetime
from typing import Any

from slack_bolt import App
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient
from slack_sdk.http_retry import (
    ConnectionErrorRetryHandler,
    RetryHandler,
)

from bot.context import Bot, RunSources
from bot.conversation import Conversation
from bot.listeners import register_all
from bot.retry import RateLimitRetry
from bot.settings import BotSettings
from bot.webhooks import WebhookSender
from recon import Store, utc_now

log = logging.getLogger(__name__)

#: Retries on HTTP 429 (honouring Retry-After) and on connection errors.
RATE_LIMIT_RETRIES = 3
CONNECTION_RETRIES = 2


def retry_handlers(sleep: Callable[[float], None] = time.sleep) -> list[RetryHandler]:
    """The retry policy of every Web API call the bot makes.

    Args:
        sleep: how to wait before a retry (tests pass a recorder).
    """
    return [
        ConnectionErrorRetryHandler(max_retry_count=CONNECTION_RETRIES),
        RateLimitRetry(max_retry_count=RATE_LIMIT_RETRIES, sleep=sleep),
    ]


def make_client(settings: BotSettings, *, sleep: Callable[[float], None] = time.sleep) -> WebClient:
    """A Web API client with the bot token, the configured base URL and the retry policy."""
    return WebClient(
        token=settings.bot_token, base_url=settings.api_url, retry_handlers=retry_handlers(sleep)
    )


def build_app(
    settings: BotSettings,
    store: Store,
    *,
    chat: Conversation | None = None,
    client: WebClient | None = None,
    authorize: Callable[..., AuthorizeResult] | None = None,
    listener_executor: Executor | None = None,
    clock: Callable[[], datetime] = utc_now,
    run_sources: RunSources | None = None,
    webhook: WebhookSender | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> App:
    """Build the Bolt app.

    Args:
        settings: the bot's settings.
        store: recon's store.
        chat: the bot's own memory (default: :meth:`Conversation.open` on the store's file).
        client: the Web API client (default: :func:`make_client`); the retry handlers are
            added to it if it has none of its own.
        authorize: an authorize function (tests); default: the bot token, checked once with
            ``auth.test`` when the app is built.
        listener_executor: where listeners run (default: Bolt's thread pool). Tests pass an
            inline executor; never do that in production, the ack would wait for the work.
        clock: the current time (UTC).
        run_sources: pulls from the configured sources for ``/reconcile run`` (see
            :class:`bot.jobs.SourceRunner`); None when no source is configured.
        webhook: sends the alerts of every run to the ``webhook_url`` setting as well;
            None: never.
        sleep: how Web API retries wait (tests pass a recorder instead of waiting).

    Returns:
        The app, every listener registered.

    Raises:
        slack_bolt.error.BoltError: without ``authorize``, Slack refused the token.
    """
    client = client or make_client(settings, sleep=sleep)
    kinds = {type(h) for h in client.retry_handlers}
    client.retry_handlers.extend(h for h in retry_handlers(sleep) if type(h) not in kinds)
    options: dict[str, Any] = {
        "client": client,
        "signing_secret": settings.signing_secret,
        "process_before_response": False,
        "name": "recon",
    }
    if authorize is not None:
        options["authorize"] = authorize
        client.token = None  # the authorize result carries the token
    if listener_executor is not None:
        options["listener_executor"] = listener_executor
    app = App(**options)
    app.error(_log_error)
    register_all(
        app, Bot(settings, store, chat or Conversation.open(store), clock, run_sources, webhook)
    )
    return app


def _log_error(error: Exception, body: dict[str, Any]) -> None:
    """The global error handler: log, with the request type, never the payload's secrets."""
    log.exception("listener failed on a %s request: %s", body.get("type"), error)
