"""``python -m bot`` / ``recon-bot``: start the bot.

Socket Mode when ``SLACK_APP_TOKEN`` is set, else HTTP mode on ``RECON_BIND``:``PORT`` at
``/slack/events``; ``GET /healthz`` answers the process manager in both modes. Settings
come from the environment, or a ``.env`` file in the working directory.

Starting never ends in a traceback: a bad setting (``RECON_LOG_LEVEL`` included) stops it
with one line naming the variable and exit status 2; a token Slack refuses, likewise; Slack
out of reach is retried with backoff (1, 2, 4 ... 30 s, about two minutes in all), each try
one log line, then it stops with one line and exit status 1 for the process manager to
restart it. The secrets are removed from the environment once read, so no child process or
library finds them there (Bolt would otherwise warn that the token in it goes unused).

Unless ``RECON_SCHEDULER=off``, the process also runs the schedule (scheduled runs from the
configured sources, the weekly digest) when no other process holds it; see
:mod:`bot.schedule`. SIGTERM stops it like Ctrl-C: the schedule's lease is given back.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
import urllib.error
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from dotenv import load_dotenv

from bot.settings import BotSettings, SettingsError, load_settings, log_level

if TYPE_CHECKING:
    from slack_bolt import App

    from bot.conversation import Conversation
    from bot.jobs import SourceRunner
    from bot.webhooks import WebhookSender
    from recon import Store

log = logging.getLogger("bot")

#: Waits between tries to reach Slack at start-up, in seconds (then it gives up).
SLACK_BACKOFF = (1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0)
#: Slack's answers that no retry will change: the token itself is refused.
_REFUSED = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
)
#: Variables holding secrets, dropped from the environment once read.
SECRETS = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "RECON_WEBHOOK_SECRET")


class StartFailed(Exception):
    """The bot can't start; the message is one line for people, and ``status`` the exit code."""

    def __init__(self, message: str, *, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Started:
    """A bot ready to serve: what :func:`run` needs, and what it closes afterwards."""

    settings: BotSettings
    store: Store
    chat: Conversation
    app: App
    runner: SourceRunner | None
    webhook: WebhookSender


def main() -> int:
    """Start the bot; returns the exit status (runs until interrupted)."""
    load_dotenv(Path.cwd() / ".env", override=False)  # the environment wins over .env
    try:
        started = start(os.environ)
    except StartFailed as err:
        print(f"recon-bot: {err}", file=sys.stderr)
        return err.status
    return run(started)


def start(
    env: MutableMapping[str, str],
    *,
    sleep: Callable[[float], None] = time.sleep,
    log_stream: IO[str] | None = None,
) -> Started:
    """Check the settings, reach Slack, open the store and build the app.

    Args:
        env: the environment (secrets are removed from it once read).
        sleep: how to wait between tries to reach Slack (tests pass a recorder).
        log_stream: where logs go (default standard error).

    Returns:
        The bot, ready for :func:`run`.

    Raises:
        StartFailed: one line saying what is wrong and which variable to fix.
    """
    try:
        level = log_level(env)
    except SettingsError as err:
        raise StartFailed(str(err)) from None
    _configure_logging(level, log_stream)
    try:
        settings = load_settings(env)
    except SettingsError as err:
        raise StartFailed(str(err)) from None
    for name in SECRETS:  # read once; nothing else needs them in the environment
        env.pop(name, None)
    # Imported after the settings are known good: a bad .env fails fast and plainly.
    from slack_bolt.error import BoltError  # noqa: PLC0415

    from bot.app import build_app  # noqa: PLC0415
    from bot.conversation import Conversation  # noqa: PLC0415
    from bot.jobs import SourceRunner  # noqa: PLC0415
    from bot.webhooks import WebhookSender  # noqa: PLC0415
    from recon import ReconError, SourceError, Store  # noqa: PLC0415

    try:
        store = Store.open(settings.db_path)
        chat = Conversation.open(store)
    except ReconError as err:
        raise StartFailed(f"RECON_DB: {err}") from None
    reach_slack(settings, sleep=sleep)
    try:
        runner = SourceRunner.open(settings, store)
    except SourceError as err:
        raise StartFailed(f"RECON_VENDOR_SOURCE / RECON_PSA_SOURCE: {err}") from None
    webhook = WebhookSender(store, secret=settings.webhook_secret)
    try:
        app = build_app(
            settings,
            store,
            chat=chat,
            run_sources=runner.run_now if runner else None,
            webhook=webhook,
        )
    except BoltError as err:
        raise StartFailed(f"SLACK_BOT_TOKEN was refused by Slack: {err}") from None
    except (urllib.error.URLError, OSError) as err:
        raise StartFailed(_unreachable(settings, err, tries=1), status=1) from None
    return Started(settings, store, chat, app, runner, webhook)


def reach_slack(settings: BotSettings, *, sleep: Callable[[float], None] = time.sleep) -> None:
    """Check the bot token with ``auth.test``, retrying while Slack is out of reach.

    Raises:
        StartFailed: Slack refused the token (status 2), or stayed out of reach (status 1).
    """
    from slack_sdk import WebClient  # noqa: PLC0415
    from slack_sdk.errors import SlackApiError, SlackClientError  # noqa: PLC0415

    # No retry handlers and a quiet logger: this loop waits, and says so in one line a try.
    quiet = logging.getLogger("bot.start.auth_test")
    quiet.setLevel(logging.CRITICAL)
    client = WebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        timeout=10,
        retry_handlers=[],
        logger=quiet,
    )
    problem: BaseException | None = None
    for wait in (*SLACK_BACKOFF, None):
        try:
            client.auth_test()
            return
        except SlackApiError as err:
            code = str(err.response.get("error", "")) if err.response is not None else ""
            if code in _REFUSED:
                raise StartFailed(
                    f"SLACK_BOT_TOKEN was refused by Slack ({code}): copy the Bot User OAuth "
                    "Token (xoxb-...) from the app's OAuth & Permissions page"
                ) from None
            problem = err
        except (SlackClientError, ValueError, urllib.error.URLError, OSError) as err:
            problem = err  # refused, DNS, timeout, TLS, an answer that is not Slack's
        if wait is None:
            break
        log.warning("Slack is out of reach (%s); trying again in %.0f s", _reason(problem), wait)
        sleep(wait)
    raise StartFailed(_unreachable(settings, problem, tries=len(SLACK_BACKOFF) + 1), status=1)


def run(started: Started) -> int:
    """Serve until interrupted (SIGTERM or Ctrl-C); returns the exit status."""
    from bot.jobs import Jobs  # noqa: PLC0415
    from bot.schedule import Scheduler  # noqa: PLC0415

    settings, store, app = started.settings, started.store, started.app
    scheduler: Scheduler | None = None
    if settings.scheduler:
        jobs = Jobs(
            app.client,
            store,
            settings,
            runner=started.runner,
            webhook=started.webhook,
            chat=started.chat,
        )
        scheduler = Scheduler(store, jobs)
        scheduler.start()
    signal.signal(signal.SIGTERM, _stop)
    health = health_check(store)
    try:
        if settings.socket_mode:
            _serve_socket_mode(started, health)
        else:
            from bot.http import serve  # noqa: PLC0415

            serve(
                app,
                host=settings.bind,
                port=settings.port,
                signing_secret=settings.signing_secret,
                max_body=settings.max_request_bytes,
                health=health,
            )
    except KeyboardInterrupt:
        return 0
    except StartFailed as err:
        print(f"recon-bot: {err}", file=sys.stderr)
        return err.status
    finally:
        if scheduler is not None:
            scheduler.stop()
        started.webhook.close()
        if started.runner is not None:
            started.runner.close()
    return 0


def health_check(store: Store) -> Callable[[], tuple[bool, dict[str, Any]]]:
    """What ``/healthz`` reports: ok while the database can be read."""
    from recon import ReconError  # noqa: PLC0415

    def check() -> tuple[bool, dict[str, Any]]:
        try:
            store.settings()
        except ReconError as err:
            log.error("health check: %s", err)
            return False, {"db": "unusable"}
        return True, {"db": "ok"}

    return check


def _serve_socket_mode(started: Started, health: Callable[[], tuple[bool, dict[str, Any]]]) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler  # noqa: PLC0415

    from bot.http import make_health_server  # noqa: PLC0415

    settings = started.settings
    try:
        server = make_health_server(host=settings.bind, port=settings.port, health=health)
    except OSError as err:  # a second bot on this host: it stands by without a health check
        log.warning("no /healthz on %s:%s: %s", settings.bind, settings.port, err)
    else:
        threading.Thread(target=server.serve_forever, daemon=True, name="healthz").start()
    handler = SocketModeHandler(started.app, app_token=settings.app_token)
    for wait in (*SLACK_BACKOFF, None):
        try:
            # The handler's own connect() is unannotated; its typed client does the same thing.
            handler.client.connect()
            break
        except (urllib.error.URLError, OSError) as err:
            if wait is None:
                tries = len(SLACK_BACKOFF) + 1
                raise StartFailed(_unreachable(settings, err, tries=tries), status=1) from None
            log.warning("Slack is out of reach (%s); trying again in %.0f s", _reason(err), wait)
            time.sleep(wait)
    threading.Event().wait()


def _configure_logging(level: str, stream: IO[str] | None) -> None:
    from bot.http import RedactBodies  # noqa: PLC0415

    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=stream,
        force=stream is not None,
    )
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactBodies) for f in handler.filters):
            handler.addFilter(RedactBodies())


def _reason(err: BaseException | None) -> str:
    reason = getattr(err, "reason", None) or err
    return str(reason).splitlines()[0] if reason else "no answer"


def _unreachable(settings: BotSettings, err: BaseException | None, *, tries: int) -> str:
    return (
        f"can't reach Slack at {settings.api_url} ({_reason(err)}) after {tries} "
        f"tr{'y' if tries == 1 else 'ies'}; check the network, a proxy, or SLACK_API_URL"
    )


def _stop(_signum: int, _frame: object) -> None:
    """SIGTERM: unwind like Ctrl-C, so the schedule's lease is released."""
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
