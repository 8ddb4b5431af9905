"""Listeners, one module per kind, each with ``register(app, bot)``."""

from __future__ import annotations

from slack_bolt import App

from bot.context import Bot
from bot.listeners import actions, commands, events, views


def register_all(app: App, bot: Bot) -> None:
    """Wire every listener of the bot onto an app."""
    commands.register(app, bot)
    actions.register(app, bot)
    views.register(app, bot)
    events.register(app, bot)
