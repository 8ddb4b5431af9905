"""``python -m bot`` / ``recon-bot``: start the bot.

Socket Mode when ``SLACK_APP_TOKEN`` is set, else HTTP mode on ``PORT`` at
``/slack/events``. Settings come from the environment, or a ``.env`` file in the working
directory. A bad setting stops it with one line naming the variable, and exit status 2.

Unless ``RECON_SCHEDULER=off``, the process also runs the schedule (scheduled runs from the
configured sources, the weekly digest) when no other process holds it; see
:mod:`bot.schedule`. SIGTERM stops it like Ctrl-C: the schedule's lease is given back.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path

from dotenv import load_dotenv

from bot.settings import SettingsError, load_settings


def main() -> int:
    """Start the bot; returns the exit status (runs until interrupted)."""
    load_dotenv(Path.cwd() / ".env", override=False)  # the environment wins over .env
    logging.basicConfig(
        level=os.environ.get("RECON_LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        settings = load_settings(os.environ)
    except SettingsError as err:
        print(f"recon-bot: {err}", file=sys.stderr)
        return 2
    # Imported after the settings are known good: a bad .env fails fast and plainly.
    from slack_bolt.error import BoltError  # noqa: PLC0415

    from bot.app import build_app  # noqa: PLC0415
    from bot.jobs import Jobs, SourceRunner  # noqa: PLC0415
    from bot.schedule import Scheduler  # noqa: PLC0415
    from bot.webhooks import WebhookSender  # noqa: PLC0415
    from recon import ReconError, SourceError, Store  # noqa: PLC0415

    try:
        store = Store.open(settings.db_path)
    except ReconError as err:
        print(f"recon-bot: RECON_DB: {err}", file=sys.stderr)
        return 2
    try:
        runner = SourceRunner.open(settings, store)
    except SourceError as err:
        print(f"recon-bot: RECON_VENDOR_SOURCE / RECON_PSA_SOURCE: {err}", file=sys.stderr)
        return 2
    webhook = WebhookSender(store, secret=settings.webhook_secret)
    try:
        app = build_app(
            settings, store, run_sources=runner.run_now if runner else None, webhook=webhook
        )
    except BoltError as err:
        print(f"recon-bot: SLACK_BOT_TOKEN was refused by Slack: {err}", file=sys.stderr)
        return 2
    scheduler: Scheduler | None = None
    if settings.scheduler:
        jobs = Jobs(app.client, store, settings, runner=runner, webhook=webhook)
        scheduler = Scheduler(store, jobs)
        scheduler.start()
    signal.signal(signal.SIGTERM, _stop)
    try:
        if settings.socket_mode:
            from slack_bolt.adapter.socket_mode import SocketModeHandler  # noqa: PLC0415

            SocketModeHandler(app, app_token=settings.app_token).start()  # type: ignore[no-untyped-call]
        else:
            from bot.http import serve  # noqa: PLC0415

            serve(app, port=settings.port)
    except KeyboardInterrupt:
        return 0
    finally:
        if scheduler is not None:
            scheduler.stop()
        webhook.close()
        if runner is not None:
            runner.close()
    return 0


def _stop(_signum: int, _frame: object) -> None:
    """SIGTERM: unwind like Ctrl-C, so the schedule's lease is released."""
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
