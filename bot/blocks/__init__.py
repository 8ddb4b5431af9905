"""Block Kit for the bot: pure functions from data to messages, modals and views.

Nothing here calls Slack or the store; every text is clipped to Slack's limits where the
block is made (:mod:`bot.blocks.kit`), and every message caps its block count, so a client
with hundreds of gaps gets a summary instead of an ``invalid_blocks`` error.
"""

from __future__ import annotations

from bot.blocks.anomalies import (
    ANOMALIES_PER_MESSAGE,
    AnomalyView,
    anomaly_message,
    anomaly_subject,
)
from bot.blocks.digest import digest_message
from bot.blocks.fix import fix_modal, fix_notice_view
from bot.blocks.gaps import (
    GAPS_PER_MESSAGE,
    ClientCard,
    HomeData,
    client_card,
    gap_value,
    home_view,
    many_clients,
    parse_gap_value,
    review_message,
)
from bot.blocks.kit import Message
from bot.blocks.modals import (
    accept_modal,
    alias_modal,
    bundle_modal,
    bundle_saved_view,
    snooze_modal,
)
from bot.blocks.questions import (
    MappingItem,
    parse_question_value,
    question_value,
)
from bot.blocks.run import (
    gaps_reply,
    held_run_message,
    plain_message,
    preview_notice,
    progress_message,
    run_summary,
    settings_reply,
    status_reply,
    which_side,
)

__all__ = [
    "ANOMALIES_PER_MESSAGE",
    "GAPS_PER_MESSAGE",
    "AnomalyView",
    "ClientCard",
    "HomeData",
    "MappingItem",
    "Message",
    "accept_modal",
    "alias_modal",
    "anomaly_message",
    "anomaly_subject",
    "bundle_modal",
    "bundle_saved_view",
    "client_card",
    "digest_message",
    "fix_modal",
    "fix_notice_view",
    "gap_value",
    "gaps_reply",
    "held_run_message",
    "home_view",
    "many_clients",
    "parse_gap_value",
    "parse_question_value",
    "plain_message",
    "preview_notice",
    "progress_message",
    "question_value",
    "review_message",
    "run_summary",
    "settings_reply",
    "snooze_modal",
    "status_reply",
    "which_side",
]
