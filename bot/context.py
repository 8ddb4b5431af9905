"""What every listener needs: the settings, the store and the bot's own memory, the clock,
the source runner, the webhook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.conversation import Conversation
from bot.settings import BotSettings
from bot.webhooks import WebhookSender
from recon import PreviewNote, ReconcileOutcome, Store


class RunSources(Protocol):
    """Runs the configured sources now: called with a progress callback, returns the run.

    ``save=False`` is a preview that records nothing (but ``preview``, in the audit log);
    ``by`` is who caused the run. Raises
    :class:`RunInProgress` when another run (scheduled or not) is still going.
    """

    def __call__(
        self,
        progress: Callable[[str], None],
        *,
        save: bool = True,
        by: str = "scheduler",
        preview: PreviewNote | None = None,
    ) -> ReconcileOutcome:
        """Pull both sides and reconcile them."""


class RunInProgress(Exception):
    """A reconciliation from the configured sources is already running; two never overlap."""


@dataclass(frozen=True)
class Bot:
    """The bot's dependencies, handed to each listener module's ``register``.

    Attributes:
        settings: from the environment.
        store: recon's store (thread-safe: every call opens its own connection).
        chat: the bot's own memory beside it (seen ids, held uploads, posted messages,
            review prompts; :mod:`bot.conversation`).
        clock: the current time (UTC); tests inject a fake one.
        run_sources: pulls from the configured vendor and PSA sources; None when none are.
        webhook: also sends delivered alerts to the ``webhook_url`` setting; None: never.
    """

    settings: BotSettings
    store: Store
    chat: Conversation
    clock: Callable[[], datetime]
    run_sources: RunSources | None = None
    webhook: WebhookSender | None = None

    def zone(self) -> ZoneInfo:
        """The time zone people-facing times are shown in (the store's setting)."""
        return self.store.settings().zone

    def billing_channel(self) -> str | None:
        """Where the digest and unowned clients go (see :func:`billing_channel`)."""
        return billing_channel(self.store, self.settings)


def billing_channel(store: Store, settings: BotSettings) -> str | None:
    """The store's ``billing_channel`` setting when set, else ``RECON_BILLING_CHANNEL``."""
    return store.settings().billing_channel or settings.billing_channel
